import { Command, CommanderError } from 'commander';
import { formatLocation, isUserError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { WORKSPACE_ENV } from '../core/workspace-config.ts';
import { type CliIo, processIo } from './cli-io.ts';
import { registerCommands } from './commands/index.ts';

/**
 * Builds the program; tests call this with their own io and run it in-process. `--workspace NAME`
 * is global: it sets LAKEHUNT_WORKSPACE in the commands' own copy of the environment, so every
 * command (and the workspace config code) sees one way of naming the workspace.
 */
export function createCli(io: CliIo): Command {
  const scoped: CliIo = { ...io, env: { ...io.env } };
  const program = new Command('lakehunt')
    .description('Threat hunting over a Parquet security data lake, on DuckDB or Spark')
    .version(VERSION)
    .option('--debug', 'show stack traces for internal errors')
    .option('--workspace <name>', `workspace to use (default: $${WORKSPACE_ENV}, else the current one)`)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showSuggestionAfterError(true);
  program.hook('preAction', () => {
    const { workspace } = program.opts<{ workspace?: string }>();
    if (workspace !== undefined) scoped.env[WORKSPACE_ENV] = workspace;
  });
  registerCommands(program, scoped);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 2 usage error, 1 any other failure. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = createCli(io);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0)
        return 0;
      return 2;
    }
    if (isUserError(e)) {
      io.stderr.write(`lakehunt: ${formatLocation(e.at)}${e.message}\n`);
      if (debug && e.stack) io.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(
      `lakehunt: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`,
    );
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
