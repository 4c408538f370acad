import path from 'node:path';
import { UserError } from '../../core/errors.ts';
import { pascalCase, validateTableName } from '../../lake/table-names.ts';
import { canonicalTableName, declaredColumnType } from '../../schemas/declared-schemas.ts';
import { duckdbQuoting as q } from '../../sql/sql-dialect.ts';
import { quarantineEntry } from '../quarantine.ts';
import { textTimestampSql } from '../timestamp-sql.ts';
import type { SourceFormat, StageContext, StageResult } from './source-format.ts';

/** `TimeGenerated [UTC]` → `TimeGenerated`: the portal adds the zone to datetime headers. */
export function portalColumnName(header: string): string {
  return header.replace(/\s*\[(UTC|Local Time)\]\s*$/i, '').trim();
}

let counter = 0;

function readCsvSql(file: string, rejects: { table: string; scan: string }): string {
  return `read_csv(${q.quoteString(file)}, header = true, hive_partitioning = false, all_varchar = true, auto_detect = true, sample_size = 20480, strict_mode = true, store_rejects = true, rejects_table = ${q.quoteString(rejects.table)}, rejects_scan = ${q.quoteString(rejects.scan)})`;
}

async function chooseTable(ctx: StageContext, source: string, columns: readonly string[]): Promise<string> {
  if (ctx.tableOverride) return ctx.tableOverride;
  const raw = await ctx.engine.query(`DESCRIBE SELECT * FROM ${source}`);
  const typeColumn = raw.rows
    .map((r) => String(r['column_name']))
    .find((c) => portalColumnName(c) === 'Type');
  if (typeColumn) {
    const r = await ctx.engine.query(
      `SELECT ${q.quoteIdentifier(typeColumn)} AS t FROM ${source} WHERE t IS NOT NULL LIMIT 1`,
    );
    const t = r.rows[0]?.['t'];
    if (typeof t === 'string' && t) return canonicalTableName(t);
  }
  if (columns.includes('DeviceVendor') && columns.includes('DeviceProduct')) return 'CommonSecurityLog';
  const base = pascalCase(
    path
      .basename(ctx.source)
      .replace(/\.(csv|tsv|txt)(\.gz)?$/i, '')
      .replace(/\.EXCERPT$/i, ''),
  );
  if (!base)
    throw new UserError(
      'unknown-table',
      `cannot tell which table ${ctx.source} belongs to; use --table NAME`,
      {
        file: ctx.source,
      },
    );
  return base;
}

/** Log Analytics portal exports (CSV or TSV, BOM, `[UTC]` headers, mixed timestamp styles). */
export const csvExportFormat: SourceFormat = {
  name: 'csv',
  sniff(head) {
    const first = head[0] ?? '';
    const cells = first.split(first.includes('\t') ? '\t' : ',');
    return (
      cells.length >= 2 && !first.trim().startsWith('{') && !first.startsWith('#') && !/CEF:\d\|/.test(first)
    );
  },
  async stage(ctx: StageContext): Promise<StageResult> {
    const id = ++counter;
    const rejects = { table: `csv_rejects_${id}`, scan: `csv_reject_scans_${id}` };
    try {
      const source = readCsvSql(ctx.file, rejects);
      const described = await ctx.engine.query(`DESCRIBE SELECT * FROM ${source}`);
      const rawNames = described.rows.map((r) => String(r['column_name']));
      const names = rawNames.map(portalColumnName);
      const table = validateTableName(await chooseTable(ctx, source, names));
      const items: string[] = [];
      const seen = new Set<string>();
      rawNames.forEach((raw, i) => {
        const name = names[i]!;
        if (seen.has(name) || name === '') return;
        seen.add(name);
        const col = q.quoteIdentifier(raw);
        const declared = declaredColumnType(table, name);
        let expr = col;
        if (name === 'TimeGenerated' || declared === 'TIMESTAMP') expr = textTimestampSql(col);
        else if (declared && declared !== 'VARCHAR') expr = `TRY_CAST(NULLIF(${col}, '') AS ${declared})`;
        items.push(`${expr} AS ${q.quoteIdentifier(name)}`);
      });
      const unit = await ctx.writer.write(table, `SELECT ${items.join(', ')} FROM ${source}`);
      for (const row of unit.badTimeRows) {
        ctx.quarantine(
          quarantineEntry(ctx.source, 'csv: missing or unreadable TimeGenerated', undefined, row),
        );
      }
      const rejected = await ctx.engine.query(
        `SELECT line, error_message, csv_line FROM ${q.quoteIdentifier(rejects.table)} ORDER BY line`,
      );
      const lines = new Set<number>();
      for (const r of rejected.rows) {
        const line = Number(r['line']);
        if (lines.has(line)) continue;
        lines.add(line);
        ctx.quarantine(
          quarantineEntry(
            ctx.source,
            `csv: ${String(r['error_message'])}`,
            line,
            String(r['csv_line'] ?? ''),
          ),
        );
      }
      return {
        units: unit.rows > 0 ? [unit] : [],
        records: unit.rows + unit.badTimeRows.length + lines.size,
      };
    } finally {
      await ctx.engine.run(`DROP TABLE IF EXISTS ${q.quoteIdentifier(rejects.table)}`).catch(() => {});
      await ctx.engine.run(`DROP TABLE IF EXISTS ${q.quoteIdentifier(rejects.scan)}`).catch(() => {});
    }
  },
};
