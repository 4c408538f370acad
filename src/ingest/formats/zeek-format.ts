import path from 'node:path';
import { headLines } from '../line-reader.ts';
import { stageJsonRecords } from './json-records.ts';
import type { SourceFormat, StageContext, StageResult } from './source-format.ts';
import { parseZeekHeader, zeekColumnName, zeekPathFromFileName } from './zeek-header.ts';
import { stageZeekTsv, zeekTableName } from './zeek-tsv-format.ts';

function firstJsonObject(head: readonly string[]): Record<string, unknown> | undefined {
  const first = head.find((l) => l.trim() !== '');
  if (!first?.trim().startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(first);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function looksLikeZeekJson(record: Record<string, unknown>): boolean {
  return (
    'ts' in record && ('uid' in record || 'id.orig_h' in record || 'id_orig_h' in record || '_path' in record)
  );
}

/** Zeek logs: TSV with `#fields` headers (plain or gzip), or JSON Lines with dotted or underscored names. */
export const zeekFormat: SourceFormat = {
  name: 'zeek',
  sniff(head) {
    if (head[0]?.startsWith('#') && parseZeekHeader(head, '') !== undefined) return true;
    const record = firstJsonObject(head);
    return record !== undefined && looksLikeZeekJson(record);
  },
  async stage(ctx: StageContext): Promise<StageResult> {
    const head = await headLines(ctx.file, 16);
    if (head[0]?.startsWith('#')) return stageZeekTsv(ctx);
    const record = firstJsonObject(head);
    const logPath =
      typeof record?.['_path'] === 'string'
        ? record['_path']
        : zeekPathFromFileName(path.basename(ctx.source));
    return stageJsonRecords(ctx, 'newline_delimited', {
      label: 'zeek',
      table: ctx.tableOverride ?? zeekTableName(logPath),
      timeField: 'ts',
      columnName: zeekColumnName,
    });
  },
};
