import path from 'node:path';
import { type Command, Option } from 'commander';
import { UsageError } from '../core/errors.ts';
import { parseInstant, resolveWindow, type TimeWindow } from '../core/time-window.ts';
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
  return cmd.option('--lake <dir>', 'lake folder (default: ./lake or the workspace config)');
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

export function lakeDir(options: { lake?: string | undefined }, io: CliIo): string {
  const lake = options.lake ?? io.env['LAKEHUNT_LAKE'] ?? 'lake';
  // A storage URL (abfss://…, file:///…) is kept as given: the engine resolves it.
  return isLakeUrl(lake) ? lake : path.resolve(io.cwd, lake);
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
