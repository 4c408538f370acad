import { UserError } from '../../core/errors.ts';
import { validateTableName } from '../../lake/table-names.ts';
import { canonicalTableName, declaredColumnType } from '../../schemas/declared-schemas.ts';
import { headLines } from '../line-reader.ts';
import { stageJsonRecords } from './json-records.ts';
import type { SourceFormat, StageContext, StageResult } from './source-format.ts';

/** `…/am-commonsecuritylog/WorkspaceResourceId=/…/PT1H.json` → `CommonSecurityLog`. */
export function tableFromExportPath(file: string): string | undefined {
  const m = /[\\/]am-([A-Za-z0-9_]+)(?=[\\/])/.exec(file);
  if (!m) return undefined;
  const name = canonicalTableName(m[1]!);
  return name[0]!.toUpperCase() + name.slice(1);
}

function tableFromRecord(head: readonly string[]): string | undefined {
  const first = head.find((l) => l.trim() !== '')?.trim() ?? '';
  const m = /"Type"\s*:\s*"([A-Za-z0-9_]+)"/.exec(first.startsWith('[') ? head.join('\n') : first);
  return m ? canonicalTableName(m[1]!) : undefined;
}

function firstText(head: readonly string[]): string {
  return head.find((l) => l.trim() !== '')?.trim() ?? '';
}

/** Log Analytics data export (JSON Lines, one `am-<table>` container per table) and JSON arrays of records. */
export const laExportFormat: SourceFormat = {
  name: 'la-export',
  sniff(head, file) {
    const first = firstText(head);
    if (first.startsWith('[')) return /"TimeGenerated"/.test(head.join('\n'));
    if (!first.startsWith('{')) return false;
    return /"TimeGenerated"\s*:/.test(first) || /WorkspaceResourceId=|[\\/]am-[a-z0-9_]+[\\/]/i.test(file);
  },
  async stage(ctx: StageContext): Promise<StageResult> {
    const head = await headLines(ctx.file, 200);
    const table = ctx.tableOverride ?? tableFromExportPath(ctx.source) ?? tableFromRecord(head);
    if (!table) {
      throw new UserError(
        'unknown-table',
        `cannot tell which table ${ctx.source} belongs to (no am-<table> folder, no Type field); use --table NAME`,
        { file: ctx.source },
      );
    }
    validateTableName(table);
    const layout = firstText(head).startsWith('[') ? 'array' : 'newline_delimited';
    return stageJsonRecords(ctx, layout, {
      label: 'la-export',
      table,
      timeField: 'TimeGenerated',
      declaredType: (column) => declaredColumnType(table, column),
    });
  },
};
