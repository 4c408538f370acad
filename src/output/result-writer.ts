import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { UsageError, UserError } from '../core/errors.ts';
import type { QueryResult, Row } from '../engines/engine.ts';
import { csvField, toJsonValue, toText } from './cell-format.ts';

export type OutputFormat = 'table' | 'json' | 'csv' | 'parquet';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'parquet'];

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${value}"`);
}

/** Writes Parquet files; supplied by the embedded engine so this module needs no database. */
export type ParquetWriter = (result: QueryResult, file: string) => Promise<void>;

export interface WriteOptions {
  readonly format: OutputFormat;
  /** Output file; stdout when absent. Written to a temporary name and renamed when complete. */
  readonly out?: string | undefined;
  /** Fields added to every JSON row (hunt name, parameters, …). */
  readonly stamp?: Readonly<Record<string, unknown>> | undefined;
  readonly stdout: Writable;
  readonly writeParquet?: ParquetWriter | undefined;
}

export function renderTable(result: QueryResult, maxWidth = 60): string {
  const names = result.columns.map((c) => c.name);
  const cells = result.rows.map((r) => names.map((n) => clip(toText(r[n] ?? null), maxWidth)));
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(names), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function* jsonLines(result: QueryResult, stamp: WriteOptions['stamp']): Generator<string> {
  for (const row of result.rows) yield `${JSON.stringify({ ...rowToJson(row), ...(stamp ?? {}) })}\n`;
}

export function rowToJson(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = toJsonValue(v);
  return out;
}

function* csvLines(result: QueryResult): Generator<string> {
  const names = result.columns.map((c) => c.name);
  yield `${names.map(csvField).join(',')}\n`;
  for (const row of result.rows) yield `${names.map((n) => csvField(toText(row[n] ?? null))).join(',')}\n`;
}

async function writeAll(stream: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
}

/** Writes a result in the chosen format, to a file (atomically) or stdout. */
export async function writeResult(result: QueryResult, options: WriteOptions): Promise<void> {
  const { format, out } = options;
  if (format === 'parquet') {
    if (!out) throw new UsageError('--format parquet needs --out FILE');
    if (!options.writeParquet)
      throw new UserError('no-parquet-writer', 'Parquet output is not available here');
    await options.writeParquet(result, out);
    return;
  }
  const chunks =
    format === 'json'
      ? jsonLines(result, options.stamp)
      : format === 'csv'
        ? csvLines(result)
        : [renderTable(result)];
  if (!out) {
    await writeAll(options.stdout, chunks);
    return;
  }
  const temp = `${out}.partial-${process.pid}`;
  try {
    const stream = createWriteStream(temp);
    await writeAll(stream, chunks);
    await new Promise<void>((resolve, reject) =>
      stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
    await rename(temp, out);
  } catch (e) {
    await rm(temp, { force: true });
    const message = e instanceof Error ? e.message : String(e);
    throw new UserError('cannot-write-output', `cannot write ${out}: ${message}`);
  }
}
