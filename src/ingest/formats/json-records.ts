import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LakeColumn } from '../../lake/lake-snapshot.ts';
import { duckdbQuoting as q } from '../../sql/sql-dialect.ts';
import { readLines } from '../line-reader.ts';
import { quarantineEntry } from '../quarantine.ts';
import type { StagedUnit } from '../staged-writer.ts';
import { writeLines } from '../text-sink.ts';
import { anyTimestampSql, parseTimestampText } from '../timestamp-sql.ts';
import type { StageContext, StageResult } from './source-format.ts';

/** How one JSON-records format maps its objects to a lake table. */
export interface JsonRecordsSpec {
  readonly label: string;
  /** The table for this file (already validated). */
  readonly table: string;
  /** Field holding the event time (`TimeGenerated`, Zeek's `ts`). */
  readonly timeField: string;
  /** Lake column name for a JSON key (e.g. Zeek's `id.orig_h` → `id_orig_h`). */
  readonly columnName?: (key: string) => string;
  /** Lake type for a column when the table has a documented schema (DuckDB type name). */
  readonly declaredType?: (column: string) => string | undefined;
}

export type JsonLayout = 'newline_delimited' | 'array';

function readJsonSql(file: string, layout: JsonLayout): string {
  return `read_json(${q.quoteString(file)}, format = ${q.quoteString(layout)}, maximum_object_size = 67108864, hive_partitioning = false)`;
}

function columnSql(c: LakeColumn, declared: string | undefined): string {
  const col = q.quoteIdentifier(c.name);
  if (!declared || declared === c.type) return col;
  if (declared === 'VARCHAR' && (c.type.startsWith('STRUCT') || c.type.endsWith('[]') || c.type === 'JSON')) {
    return `CAST(to_json(${col}) AS VARCHAR)`;
  }
  return `TRY_CAST(${col} AS ${declared})`;
}

/** SELECT typing the columns DuckDB inferred, renamed for the lake, with TimeGenerated first. */
export function jsonRecordsSelect(
  source: string,
  inferred: readonly LakeColumn[],
  spec: JsonRecordsSpec,
): string {
  const rename = spec.columnName ?? ((k: string) => k);
  const time = inferred.find((c) => c.name === spec.timeField);
  const timeSql = time ? anyTimestampSql(time.name, time.type, q) : 'CAST(NULL AS TIMESTAMP)';
  const items = [`${timeSql} AS TimeGenerated`];
  // Keys that map to one column (`id.orig_h` and `id_orig_h` in one file) are coalesced.
  const byName = new Map<string, LakeColumn[]>();
  for (const c of inferred) {
    const name = rename(c.name);
    if (name === 'TimeGenerated') continue;
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  for (const [name, sources] of byName) {
    if (sources.some((c) => c.name === spec.timeField)) {
      // The source's own time field keeps its name but is stored as a timestamp too (Zeek `ts`).
      items.push(`${timeSql} AS ${q.quoteIdentifier(name)}`);
      continue;
    }
    const declared = spec.declaredType?.(name);
    const typed = sources.map((c) => columnSql(c, declared));
    const expr =
      typed.length === 1 ? typed[0]! : `COALESCE(${typed.map((t) => `CAST(${t} AS VARCHAR)`).join(', ')})`;
    items.push(`${expr} AS ${q.quoteIdentifier(name)}`);
  }
  return `SELECT ${items.join(', ')} FROM ${source}`;
}

async function describe(ctx: StageContext, source: string): Promise<LakeColumn[]> {
  const r = await ctx.engine.query(`DESCRIBE SELECT * FROM ${source}`);
  return r.rows.map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
}

async function stageSource(
  ctx: StageContext,
  file: string,
  layout: JsonLayout,
  spec: JsonRecordsSpec,
): Promise<StagedUnit> {
  const source = readJsonSql(file, layout);
  const inferred = await describe(ctx, source);
  return ctx.writer.write(spec.table, jsonRecordsSelect(source, inferred, spec));
}

/**
 * JSON records: DuckDB reads the file directly; when it cannot (a malformed line) or some records
 * lack a readable time, a line-by-line pass quarantines exactly those lines and DuckDB reads the rest.
 */
export async function stageJsonRecords(
  ctx: StageContext,
  layout: JsonLayout,
  spec: JsonRecordsSpec,
): Promise<StageResult> {
  try {
    const unit = await stageSource(ctx, ctx.file, layout, spec);
    if (unit.badTimeRows.length === 0 && !(await ctx.gzipProblem()))
      return { units: unit.rows > 0 ? [unit] : [], records: unit.rows };
  } catch {
    // fall through to the careful path
  }
  await ctx.writer.discard();
  return layout === 'array' ? stageJsonArrayCarefully(ctx, spec) : stageJsonLinesCarefully(ctx, spec);
}

function timeProblem(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return `missing ${field}`;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `bad ${field} ${value}`;
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
    return parseTimestampText(value) === undefined ? `bad timestamp in ${field}: "${value}"` : undefined;
  }
  return `bad ${field} (${typeof value})`;
}

async function finishCareful(
  ctx: StageContext,
  clean: string,
  good: number,
  records: number,
  spec: JsonRecordsSpec,
): Promise<StageResult> {
  if (good === 0) return { units: [], records };
  const unit = await stageSource(ctx, clean, 'newline_delimited', spec);
  for (const row of unit.badTimeRows) {
    ctx.quarantine(
      quarantineEntry(ctx.source, `${spec.label}: unreadable ${spec.timeField}`, undefined, row),
    );
  }
  return { units: unit.rows > 0 ? [unit] : [], records };
}

async function stageJsonLinesCarefully(ctx: StageContext, spec: JsonRecordsSpec): Promise<StageResult> {
  const clean = path.join(ctx.scratchDir, 'clean.jsonl');
  let records = 0;
  let good = 0;
  async function* goodLines(): AsyncGenerator<string> {
    for await (const { line, text } of readLines(ctx.file, (p) => {
      records++; // the damaged tail counts as one record, so the summary still adds up
      ctx.quarantine(quarantineEntry(ctx.source, p.reason, p.line));
    })) {
      if (text.trim() === '') continue;
      records++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        ctx.quarantine(
          quarantineEntry(ctx.source, `${spec.label}: bad JSON: ${(e as Error).message}`, line, text),
        );
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        ctx.quarantine(
          quarantineEntry(ctx.source, `${spec.label}: a line must hold one JSON object`, line, text),
        );
        continue;
      }
      const problem = timeProblem((value as Record<string, unknown>)[spec.timeField], spec.timeField);
      if (problem) {
        ctx.quarantine(quarantineEntry(ctx.source, `${spec.label}: ${problem}`, line, text));
        continue;
      }
      good++;
      yield `${text}\n`;
    }
  }
  await writeLines(createWriteStream(clean), goodLines());
  return finishCareful(ctx, clean, good, records, spec);
}

const MAX_ARRAY_BYTES = 512 * 1024 * 1024;

async function stageJsonArrayCarefully(ctx: StageContext, spec: JsonRecordsSpec): Promise<StageResult> {
  let parsed: unknown;
  try {
    const text = await readFile(ctx.file, 'utf8');
    if (text.length > MAX_ARRAY_BYTES)
      throw new Error('file too large for a JSON array; export it as JSON Lines');
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    ctx.quarantine(
      quarantineEntry(ctx.source, `${spec.label}: unreadable JSON array: ${(e as Error).message}`),
    );
    return { units: [], records: 1 };
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const clean = path.join(ctx.scratchDir, 'clean.jsonl');
  let good = 0;
  const lines: string[] = [];
  items.forEach((item, i) => {
    const where = `array element ${i}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      ctx.quarantine(
        quarantineEntry(
          ctx.source,
          `${spec.label}: ${where} is not an object`,
          undefined,
          JSON.stringify(item),
        ),
      );
      return;
    }
    const problem = timeProblem((item as Record<string, unknown>)[spec.timeField], spec.timeField);
    if (problem) {
      ctx.quarantine(
        quarantineEntry(ctx.source, `${spec.label}: ${where}: ${problem}`, undefined, JSON.stringify(item)),
      );
      return;
    }
    good++;
    lines.push(`${JSON.stringify(item)}\n`);
  });
  await writeLines(createWriteStream(clean), lines);
  return finishCareful(ctx, clean, good, items.length, spec);
}
