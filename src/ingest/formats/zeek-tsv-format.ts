import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pascalCase, validateTableName } from '../../lake/table-names.ts';
import { duckdbQuoting as q } from '../../sql/sql-dialect.ts';
import { headLines, readLines } from '../line-reader.ts';
import { quarantineEntry } from '../quarantine.ts';
import { writeLines } from '../text-sink.ts';
import { epochSecondsSql } from '../timestamp-sql.ts';
import type { StageContext, StageResult } from './source-format.ts';
import { parseZeekHeader, type ZeekHeader, zeekColumnName, zeekPathFromFileName } from './zeek-header.ts';

export function zeekTableName(logPath: string): string {
  return validateTableName(`Zeek${pascalCase(logPath)}`);
}

/** SQL expression converting one raw (VARCHAR) Zeek field to its lake type. */
function zeekFieldSql(raw: string, zeekType: string, header: ZeekHeader): string {
  const base = zeekType.replace(/\[.*$/, '');
  if (zeekType.startsWith('set[') || zeekType.startsWith('vector[')) {
    return `CASE WHEN ${raw} = ${q.quoteString(header.emptyField)} THEN CAST([] AS VARCHAR[]) ELSE string_split(${raw}, ${q.quoteString(header.setSeparator)}) END`;
  }
  switch (base) {
    case 'time':
      return epochSecondsSql(raw);
    case 'interval':
    case 'double':
      return `TRY_CAST(${raw} AS DOUBLE)`;
    case 'count':
    case 'int':
      return `TRY_CAST(${raw} AS BIGINT)`;
    case 'port':
      return `TRY_CAST(${raw} AS INTEGER)`;
    case 'bool':
      return `CASE ${raw} WHEN 'T' THEN TRUE WHEN 'F' THEN FALSE END`;
    default:
      return raw;
  }
}

/** The SELECT reading a Zeek TSV file (every field read as text, then typed) with TimeGenerated. */
export function zeekTsvSelect(
  source: string,
  header: ZeekHeader,
  rejects?: { table: string; scan: string },
): string {
  const columns = header.fields.map((_f, i) => `${q.quoteString(`c${i}`)}: 'VARCHAR'`).join(', ');
  const options = [
    `delim = ${q.quoteString(header.separator)}`,
    'header = false',
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
  const time = tsIndex >= 0 ? epochSecondsSql(q.quoteIdentifier(`c${tsIndex}`)) : 'CAST(NULL AS TIMESTAMP)';
  return `SELECT ${time} AS TimeGenerated, ${items.join(', ')} FROM read_csv(${q.quoteString(source)}, ${options.join(', ')})`;
}

let rejectCounter = 0;

/** Zeek TSV: DuckDB reads the file directly; on damage, a line-by-line pass sorts good from bad. */
export async function stageZeekTsv(ctx: StageContext): Promise<StageResult> {
  const head = await headLines(ctx.file, 64);
  const header = parseZeekHeader(head, zeekPathFromFileName(path.basename(ctx.file)));
  if (!header) throw new Error(`not a Zeek TSV log: ${ctx.file}`);
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
      `SELECT line, error_message, csv_line FROM ${q.quoteIdentifier(rejects.table)} ORDER BY line`,
    );
    const seen = new Set<number>();
    for (const r of rejected.rows) {
      const line = Number(r['line']);
      if (seen.has(line)) continue; // one record can fail on several columns
      seen.add(line);
      ctx.quarantine(
        quarantineEntry(ctx.file, `zeek: ${String(r['error_message'])}`, line, String(r['csv_line'] ?? '')),
      );
    }
    return { units: [unit], records: unit.rows + seen.size };
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
      ctx.quarantine(quarantineEntry(ctx.file, p.reason, p.line));
    })) {
      if (text === '' || text.startsWith('#')) continue;
      records++;
      const fields = text.split(header.separator);
      if (fields.length !== header.fields.length) {
        ctx.quarantine(
          quarantineEntry(
            ctx.file,
            `zeek: expected ${header.fields.length} fields, found ${fields.length}`,
            line,
            text,
          ),
        );
        continue;
      }
      if (tsIndex >= 0 && !Number.isFinite(Number(fields[tsIndex]))) {
        ctx.quarantine(quarantineEntry(ctx.file, `zeek: bad timestamp "${fields[tsIndex]}"`, line, text));
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
    ctx.quarantine(quarantineEntry(ctx.file, 'zeek: unreadable timestamp', undefined, row));
  return { units: [unit], records };
}
