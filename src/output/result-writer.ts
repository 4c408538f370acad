import { createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError, UserError } from '../core/errors.ts';
import type { CellValue, ColumnInfo, QueryResult, ResultBatch, Row } from '../engines/engine.ts';
import { csvField, formatInstant, toJsonValue, toText } from './cell-format.ts';

export type OutputFormat = 'table' | 'json' | 'csv' | 'parquet';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'parquet'];

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${value}"`);
}

/** Writes Parquet files; supplied by the embedded engine so this module needs no database. */
export type ParquetWriter = (result: QueryResult, file: string) => Promise<void>;

/** Copies a streamed result, spooled as JSON Lines by the writer, into a Parquet file. */
export type ParquetJsonLinesWriter = (
  jsonLines: string,
  rowCount: number,
  columns: readonly ColumnInfo[],
  file: string,
) => Promise<void>;

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

function* jsonLines(result: ResultBatch, stamp: WriteOptions['stamp']): Generator<string> {
  const cells = columnCells(result);
  if (cells) {
    yield* jsonLinesOfCells(result.columns, cells, stamp);
    return;
  }
  for (const row of result.rows) yield `${JSON.stringify({ ...rowToJson(row), ...(stamp ?? {}) })}\n`;
}

export function rowToJson(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = toJsonValue(v);
  return out;
}

/**
 * A batch's cells by column, when the engine produced them and a row object would hold exactly
 * those columns in that order: unique names, none that an object orders first (array indexes such
 * as Spark's `1` for `SELECT 1`) or treats specially (`__proto__`). Otherwise undefined: use rows.
 */
function columnCells(result: ResultBatch): readonly (readonly CellValue[])[] | undefined {
  const cells = result.cells;
  if (!cells || cells.length !== result.columns.length) return undefined;
  const names = new Set<string>();
  for (const { name } of result.columns) {
    if (names.has(name) || name === '__proto__' || /^\d+$/.test(name)) return undefined;
    names.add(name);
  }
  return cells;
}

/**
 * JSON Lines straight from column cells, the same text as JSON.stringify of the row with the stamp
 * spread over it (a stamp field replaces the column of its name, in the column's place).
 */
function* jsonLinesOfCells(
  columns: readonly ColumnInfo[],
  cells: readonly (readonly CellValue[])[],
  stamp: WriteOptions['stamp'],
): Generator<string> {
  const stamped = new Map(Object.entries(stamp ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
  const keys = columns.map((c) => `${JSON.stringify(c.name)}:`);
  const fixed = columns.map((c) => stamped.get(c.name));
  let tail = '';
  for (const [name, json] of stamped) {
    if (json !== undefined && !columns.some((c) => c.name === name))
      tail += `,${JSON.stringify(name)}:${json}`;
  }
  const rowCount = cells[0]?.length ?? 0;
  const width = columns.length;
  // Instants repeat (shared Date cells): remember each column's last one and its text.
  const lastDate: (Date | undefined)[] = new Array(width).fill(undefined);
  const lastText: string[] = new Array(width).fill('');
  for (let i = 0; i < rowCount; i++) {
    let line = '';
    for (let j = 0; j < width; j++) {
      const constant = fixed[j];
      let json: string | undefined;
      if (constant !== undefined || stamped.has(columns[j]!.name)) json = constant;
      else {
        const v = cells[j]![i] ?? null;
        if (typeof v === 'string') json = JSON.stringify(v);
        else if (typeof v === 'number') json = Number.isFinite(v) ? String(v) : 'null';
        else if (v === null) json = 'null';
        else if (typeof v === 'boolean') json = v ? 'true' : 'false';
        else if (v instanceof Date) {
          if (v !== lastDate[j]) {
            lastDate[j] = v;
            lastText[j] = `"${formatInstant(v)}"`;
          }
          json = lastText[j];
        } else json = JSON.stringify(toJsonValue(v));
      }
      if (json === undefined) continue;
      line += line === '' ? `{${keys[j]}${json}` : `,${keys[j]}${json}`;
    }
    yield line === '' ? `{${tail.slice(1)}}\n` : `${line}${tail}}\n`;
  }
}

function csvHeader(columns: readonly ColumnInfo[]): string {
  return `${columns.map((c) => csvField(c.name)).join(',')}\n`;
}

function* csvRows(result: ResultBatch): Generator<string> {
  const cells = columnCells(result);
  if (cells) {
    const rowCount = cells[0]?.length ?? 0;
    for (let i = 0; i < rowCount; i++) {
      let line = '';
      for (let j = 0; j < cells.length; j++) {
        const field = csvField(toText(cells[j]![i] ?? null));
        line += j === 0 ? field : `,${field}`;
      }
      yield `${line}\n`;
    }
    return;
  }
  const names = result.columns.map((c) => c.name);
  for (const row of result.rows) yield `${names.map((n) => csvField(toText(row[n] ?? null))).join(',')}\n`;
}

function* csvLines(result: QueryResult): Generator<string> {
  yield csvHeader(result.columns);
  yield* csvRows(result);
}

/** Lines are gathered into writes of about this many characters: one write per line costs more than the line. */
const WRITE_CHARS = 64 * 1024;

async function writeAll(stream: Writable, chunks: Iterable<string>): Promise<void> {
  let pending = '';
  const flush = async () => {
    const text = pending;
    pending = '';
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  };
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= WRITE_CHARS) await flush();
  }
  if (pending !== '') await flush();
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
  await writeFileAtomically(out, (stream) => writeAll(stream, chunks));
}

function isFileSystemError(e: unknown): boolean {
  return (
    !(e instanceof UserError) &&
    e instanceof Error &&
    typeof (e as NodeJS.ErrnoException).syscall === 'string'
  );
}

function cannotWrite(file: string, e: unknown): UserError {
  const message = e instanceof Error ? e.message : String(e);
  return new UserError('cannot-write-output', `cannot write ${file}: ${message}`);
}

/**
 * Writes a file under a temporary name and renames it when `write` completes, so a failed or
 * interrupted command leaves no partial output. File-system errors become `cannot write FILE`;
 * anything else (a failed query) passes through.
 */
async function writeFileAtomically(file: string, write: (stream: Writable) => Promise<void>): Promise<void> {
  const temp = `${file}.partial-${process.pid}`;
  const stream = createWriteStream(temp);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  try {
    await Promise.race([write(stream), failed]);
    await new Promise<void>((resolve, reject) =>
      stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
    await rename(temp, file);
  } catch (e) {
    // The file is opened asynchronously: wait for the stream to close, or the open could create the
    // temporary file again after it was removed.
    const closed = stream.closed
      ? Promise.resolve()
      : new Promise<void>((resolve) => stream.once('close', () => resolve()));
    stream.destroy();
    await closed;
    await rm(temp, { force: true });
    throw isFileSystemError(e) ? cannotWrite(file, e) : e;
  }
}

export interface StreamWriteOptions extends Omit<WriteOptions, 'writeParquet'> {
  readonly writeParquet?: ParquetJsonLinesWriter | undefined;
}

/**
 * Writes a result that arrives in batches, holding one batch at a time: JSON Lines and CSV go out
 * row by row; Parquet is spooled to a temporary JSON Lines file and copied once complete; a table
 * needs every row first (its column widths), so it collects them.
 */
export async function writeResultStream(
  batches: AsyncIterable<ResultBatch>,
  options: StreamWriteOptions,
): Promise<void> {
  const { format, out } = options;
  if (format === 'table') {
    let columns: readonly ColumnInfo[] = [];
    const rows: Row[] = [];
    for await (const batch of batches) {
      columns = batch.columns;
      for (const row of batch.rows) rows.push(row);
    }
    await writeResult({ columns, rows }, { ...options, writeParquet: undefined });
    return;
  }
  if (format === 'parquet') {
    if (!out) throw new UsageError('--format parquet needs --out FILE');
    const writeParquet = options.writeParquet;
    if (!writeParquet) throw new UserError('no-parquet-writer', 'Parquet output is not available here');
    const dir = await mkdtemp(path.join(path.dirname(out), `.${path.basename(out)}.spool-`)).catch((e) =>
      Promise.reject(cannotWrite(out, e)),
    );
    try {
      const spool = path.join(dir, 'rows.jsonl');
      let rowCount = 0;
      let columns: readonly ColumnInfo[] = [];
      await writeFileAtomically(spool, async (stream) => {
        for await (const batch of batches) {
          columns = batch.columns;
          rowCount += batch.rows.length;
          await writeAll(stream, jsonLines(batch, undefined));
        }
      });
      await writeParquet(spool, rowCount, columns, out);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  const lines = async function* (): AsyncGenerator<Iterable<string>> {
    let header = format === 'csv';
    for await (const batch of batches) {
      if (header) {
        yield [csvHeader(batch.columns)];
        header = false;
      }
      yield format === 'json' ? jsonLines(batch, options.stamp) : csvRows(batch);
    }
  };
  if (!out) {
    for await (const chunk of lines()) await writeAll(options.stdout, chunk);
    return;
  }
  await writeFileAtomically(out, async (stream) => {
    for await (const chunk of lines()) await writeAll(stream, chunk);
  });
}
