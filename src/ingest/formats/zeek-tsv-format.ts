import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pascalCase, validateTableName } from '../../lake/table-names.ts';
import { duckdbQuoting as q } from '../../sql/sql-dialect.ts';
import { headLines, readLines } from '../line-reader.ts';
import { quarantineEntry } from '../quarantine.ts';
import { writeLines } from '../text-sink.ts';
import type { StageContext, StageResult } from './source-format.ts';
import { parseZeekHeader, type ZeekHeader, zeekColumnName, zeekPathFromFileName } from './zeek-header.ts';

export function zeekTableName(logPath: string): string {
  return validateTableName(`Zeek${pascalCase(logPath)}`);
}

/** How DuckDB reads a Zeek field: numbers are parsed by the CSV reader itself (bad ones are rejected). */
export function zeekReadType(zeekType: string): 'DOUBLE' | 'BIGINT' | 'INTEGER' | 'VARCHAR' {
  switch (zeekType) {
    case 'time':
    case 'interval':
    case 'double':
      return 'DOUBLE';
    case 'count':
    case 'int':
      return 'BIGINT';
    case 'port':
      return 'INTEGER';
    default:
      return 'VARCHAR';
  }
}

/** Whether a raw field would be read by DuckDB as `zeekReadType` (the careful path checks this). */
export function zeekFieldReadable(value: string, zeekType: string, unset: string): boolean {
  if (value === unset) return true;
  switch (zeekReadType(zeekType)) {
    case 'DOUBLE':
      return value.trim() !== '' && Number.isFinite(Number(value));
    case 'BIGINT':
      return /^-?\d{1,18}$/.test(value);
    case 'INTEGER':
      return /^\d{1,9}$/.test(value);
    default:
      return true;
  }
}

/** SQL expression giving one read field its lake type. */
function zeekFieldSql(read: string, zeekType: string, header: ZeekHeader): string {
  if (zeekType.startsWith('set[') || zeekType.startsWith('vector[')) {
    return `CASE WHEN ${read} = ${q.quoteString(header.emptyField)} THEN CAST([] AS VARCHAR[]) ELSE string_split(${read}, ${q.quoteString(header.setSeparator)}) END`;
  }
  if (zeekType === 'time') return `CAST(to_timestamp(${read}) AS TIMESTAMP)`;
  if (zeekType === 'bool') return `CASE ${read} WHEN 'T' THEN TRUE WHEN 'F' THEN FALSE END`;
  return read;
}

/** The same wording as the careful path, from DuckDB's reject records. */
export function zeekRejectReason(
  errorType: string,
  column: string,
  text: string,
  header: ZeekHeader,
): string {
  const found = text.split(header.separator).length;
  if (/COLUMNS/.test(errorType) || found !== header.fields.length) {
    return `zeek: expected ${header.fields.length} fields, found ${found}`;
  }
  const i = Number(column.replace(/^c/, ''));
  const field = header.fields[i] ?? column;
  const value = text.split(header.separator)[i] ?? '';
  return field === 'ts'
    ? `zeek: bad timestamp "${value}"`
    : `zeek: field ${field} (${header.types[i]}) has unreadable value "${value}"`;
}

/** The SELECT reading a Zeek TSV file, typed, with TimeGenerated from `ts`. */
export function zeekTsvSelect(
  source: string,
  header: ZeekHeader,
  rejects?: { table: string; scan: string },
): string {
  const columns = header.fields
    .map((_f, i) => `${q.quoteString(`c${i}`)}: '${zeekReadType(header.types[i] ?? 'string')}'`)
    .join(', ');
  const options = [
    `delim = ${q.quoteString(header.separator)}`,
    'header = false',
    'hive_partitioning = false',
    "quote = ''",
    "escape = ''",
    `comment = '#'`,
    `nullstr = ${q.quoteString(header.unsetField)}`,
    'auto_detect = false',
    'strict_mode = true',
    'null_padding = false',
    `columns = {${columns}}`,
  ];
  if (rejects) {
    options.push(
      'store_rejects = true',
      `rejects_table = ${q.quoteString(rejects.table)}`,
      `rejects_scan = ${q.quoteString(rejects.scan)}`,
    );
  }
  const items = header.fields.map((f, i) => {
    const expr = zeekFieldSql(q.quoteIdentifier(`c${i}`), header.types[i] ?? 'string', header);
    return `${expr} AS ${q.quoteIdentifier(zeekColumnName(f))}`;
  });
  const tsIndex = header.fields.indexOf('ts');
  const time =
    tsIndex >= 0
      ? `CAST(to_timestamp(${q.quoteIdentifier(`c${tsIndex}`)}) AS TIMESTAMP)`
      : 'CAST(NULL AS TIMESTAMP)';
  return `SELECT ${time} AS TimeGenerated, ${items.join(', ')} FROM read_csv(${q.quoteString(source)}, ${options.join(', ')})`;
}

let rejectCounter = 0;

/** Zeek TSV: DuckDB reads the file directly; on damage, a line-by-line pass sorts good from bad. */
export async function stageZeekTsv(ctx: StageContext): Promise<StageResult> {
  const head = await headLines(ctx.file, 64);
  const header = parseZeekHeader(head, zeekPathFromFileName(path.basename(ctx.source)));
  if (!header) throw new Error(`not a Zeek TSV log: ${ctx.source}`);
  const table = ctx.tableOverride ?? zeekTableName(header.path);
  const fast = await stageZeekFast(ctx, header, table).catch(() => undefined);
  if (fast) return fast;
  await ctx.writer.discard();
  return stageZeekLineByLine(ctx, header, table);
}

async function stageZeekFast(
  ctx: StageContext,
  header: ZeekHeader,
  table: string,
): Promise<StageResult | undefined> {
  const id = ++rejectCounter;
  const rejects = { table: `zeek_rejects_${id}`, scan: `zeek_reject_scans_${id}` };
  try {
    const unit = await ctx.writer.write(table, zeekTsvSelect(ctx.file, header, rejects));
    // DuckDB reads a truncated gzip without complaint: the careful path reports where it stops.
    if (unit.badTimeRows.length > 0 || (await ctx.gzipProblem())) return undefined;
    const rejected = await ctx.engine.query(
      `SELECT line, error_type, column_name, csv_line FROM ${q.quoteIdentifier(rejects.table)} ORDER BY line`,
    );
    // One record can fail on several columns: keep one entry per line, the field-count error first.
    const byLine = new Map<number, { reason: string; text: string; count: boolean }>();
    for (const r of rejected.rows) {
      const line = Number(r['line']);
      const text = String(r['csv_line'] ?? '');
      const reason = zeekRejectReason(String(r['error_type']), String(r['column_name'] ?? ''), text, header);
      const count = /COLUMNS/.test(String(r['error_type']));
      const known = byLine.get(line);
      if (!known || (count && !known.count)) byLine.set(line, { reason, text, count });
    }
    for (const [line, { reason, text }] of byLine)
      ctx.quarantine(quarantineEntry(ctx.source, reason, line, text));
    return { units: [unit], records: unit.rows + byLine.size };
  } finally {
    await ctx.engine.run(`DROP TABLE IF EXISTS ${q.quoteIdentifier(rejects.table)}`).catch(() => {});
    await ctx.engine.run(`DROP TABLE IF EXISTS ${q.quoteIdentifier(rejects.scan)}`).catch(() => {});
  }
}

async function stageZeekLineByLine(
  ctx: StageContext,
  header: ZeekHeader,
  table: string,
): Promise<StageResult> {
  const clean = path.join(ctx.scratchDir, 'clean.tsv');
  const out = createWriteStream(clean);
  const tsIndex = header.fields.indexOf('ts');
  let records = 0;
  let good = 0;
  async function* goodLines(): AsyncGenerator<string> {
    for await (const { line, text } of readLines(ctx.file, (p) => {
      records++; // the damaged tail counts as one record, so the summary still adds up
      ctx.quarantine(quarantineEntry(ctx.source, p.reason, p.line));
    })) {
      if (text === '' || text.startsWith('#')) continue;
      records++;
      const fields = text.split(header.separator);
      if (fields.length !== header.fields.length) {
        ctx.quarantine(
          quarantineEntry(
            ctx.source,
            `zeek: expected ${header.fields.length} fields, found ${fields.length}`,
            line,
            text,
          ),
        );
        continue;
      }
      if (
        tsIndex >= 0 &&
        (fields[tsIndex] === header.unsetField || !Number.isFinite(Number(fields[tsIndex])))
      ) {
        ctx.quarantine(quarantineEntry(ctx.source, `zeek: bad timestamp "${fields[tsIndex]}"`, line, text));
        continue;
      }
      const bad = fields.findIndex(
        (v, i) => !zeekFieldReadable(v, header.types[i] ?? 'string', header.unsetField),
      );
      if (bad >= 0) {
        const reason = `zeek: field ${header.fields[bad]} (${header.types[bad]}) has unreadable value "${fields[bad]}"`;
        ctx.quarantine(quarantineEntry(ctx.source, reason, line, text));
        continue;
      }
      good++;
      yield `${text}\n`;
    }
  }
  await writeLines(out, goodLines());
  if (good === 0) return { units: [], records };
  const unit = await ctx.writer.write(table, zeekTsvSelect(clean, header));
  for (const row of unit.badTimeRows)
    ctx.quarantine(quarantineEntry(ctx.source, 'zeek: unreadable timestamp', undefined, row));
  return { units: [unit], records };
}
