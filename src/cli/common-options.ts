import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { UsageError } from '../core/errors.ts';
import { parseInstant, resolveWindow, type TimeWindow } from '../core/time-window.ts';
import { loadWorkspace, workspaceLake } from '../core/workspace-config.ts';
import { isLakeUrl } from '../lake/lake-location.ts';
import { type OutputFormat, parseOutputFormat } from '../output/result-writer.ts';
import type { CliIo } from './cli-io.ts';

/** Options shared by every query-like command (sql, kql, hunt). */
export interface QueryCommandOptions {
  lake?: string;
  endDate?: string;
  lookbackDays?: string;
  from?: string;
  to?: string;
  now?: string;
  engine?: string;
  remote?: string;
  format: string;
  out?: string;
  debug?: boolean;
}

export function addLakeOption(cmd: Command): Command {
  return cmd.option(
    '--lake <dir>',
    "lake folder or URL (default: the workspace's lake, see `lakehunt init`)",
  );
}

export function addWindowOptions(cmd: Command): Command {
  return cmd
    .option('--end-date <YYYY-MM-DD>', 'last UTC day of the window')
    .option('--lookback-days <n>', 'number of whole UTC days ending with --end-date')
    .option('--from <iso>', 'window start (inclusive)')
    .option('--to <iso>', 'window end (exclusive)')
    .option('--now <iso>', 'the current time for now()/ago(), to replay "as of" an instant');
}

export function addEngineOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--engine <name>', 'query engine').choices(['duckdb', 'spark']))
    .option('--remote <url>', 'Spark Connect URL, e.g. sc://127.0.0.1:15002');
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'csv', 'parquet'])
        .default('table'),
    )
    .option('--out <file>', 'write the result to one file (JSON Lines for json)');
}

export function addQueryOptions(cmd: Command): Command {
  return addOutputOptions(addEngineOptions(addWindowOptions(addLakeOption(cmd))));
}

/**
 * The lake a command works on, first match wins: --lake; LAKEHUNT_LAKE; the lake of the workspace in
 * effect (`lakehunt init`, `--workspace`); ./lake when that folder exists. With none of these it is
 * a usage error that says how to name one.
 */
export function lakeDir(options: { lake?: string | undefined }, io: CliIo): string {
  const lake = options.lake ?? (io.env['LAKEHUNT_LAKE'] || undefined) ?? configuredLake(io);
  // A storage URL (abfss://…, file:///…) is kept as given: the engine resolves it.
  return isLakeUrl(lake) ? lake : path.resolve(io.cwd, lake);
}

function configuredLake(io: CliIo): string {
  const { file, workspace } = loadWorkspace(io);
  const fromWorkspace = workspace ? workspaceLake(workspace) : undefined;
  if (fromWorkspace !== undefined) return fromWorkspace;
  const local = path.resolve(io.cwd, 'lake');
  if (existsSync(local)) return local;
  if (workspace) {
    throw new UsageError(
      `workspace "${workspace.name}" (${file}) has no lake: give --lake DIR, or run \`lakehunt init --workspace ${workspace.name} --lake DIR\``,
    );
  }
  throw new UsageError(
    'no lake given: add --lake DIR, or run `lakehunt init --lake DIR` once so later commands use that lake',
  );
}

export function windowFrom(options: QueryCommandOptions): TimeWindow | undefined {
  return resolveWindow({
    endDate: options.endDate,
    lookbackDays: options.lookbackDays,
    from: options.from,
    to: options.to,
  });
}

export function nowFrom(options: QueryCommandOptions, clock: () => Date = () => new Date()): Date {
  return options.now ? parseInstant(options.now, '--now') : clock();
}

export function outputFrom(options: QueryCommandOptions, io: CliIo): { format: OutputFormat; out?: string } {
  const format = parseOutputFormat(options.format);
  if (format === 'parquet' && !options.out) throw new UsageError('--format parquet needs --out FILE');
  return options.out ? { format, out: path.resolve(io.cwd, options.out) } : { format };
}
