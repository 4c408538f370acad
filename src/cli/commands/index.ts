import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { registerSqlCommand } from './sql-command.ts';

/** Every command registers itself here; one line per command module. */
export function registerCommands(program: Command, io: CliIo): void {
  registerSqlCommand(program, io);
}
