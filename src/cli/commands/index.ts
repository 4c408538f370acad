import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerHuntCommand } from './hunt-command.ts';
import { registerIngestCommand } from './ingest-command.ts';
import { registerInitCommand } from './init-command.ts';
import { registerKqlCommand } from './kql-command.ts';
import { registerSessionCommand } from './session-command.ts';
import { registerSqlCommand } from './sql-command.ts';
import { registerTablesCommand } from './tables-command.ts';
import { registerWorkspaceCommand } from './workspace-command.ts';

/** Every command registers itself here; one line per command module. */
export function registerCommands(program: Command, io: CliIo): void {
  registerDemoCommand(program, io);
  registerIngestCommand(program, io);
  registerTablesCommand(program, io);
  registerSqlCommand(program, io);
  registerKqlCommand(program, io);
  registerHuntCommand(program, io);
  registerSessionCommand(program, io);
  registerInitCommand(program, io);
  registerWorkspaceCommand(program, io);
}
