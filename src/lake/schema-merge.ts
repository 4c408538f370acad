import type { LakeColumn } from './lake-snapshot.ts';

const INTEGER_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4, HUGEINT: 5 };

/** The narrowest type both can be read as (what union_by_name does when files disagree). */
export function widerType(a: string, b: string): string {
  if (a === b) return a;
  if (a === 'NULL' || a === '"NULL"') return b;
  if (b === 'NULL' || b === '"NULL"') return a;
  const ra = INTEGER_RANK[a];
  const rb = INTEGER_RANK[b];
  if (ra !== undefined && rb !== undefined) return ra >= rb ? a : b;
  const numeric = (t: string) =>
    INTEGER_RANK[t] !== undefined || t === 'DOUBLE' || t === 'FLOAT' || t.startsWith('DECIMAL');
  if (numeric(a) && numeric(b)) return 'DOUBLE';
  return 'VARCHAR';
}

/** Schema evolution: columns keep their first-seen order, new columns are appended, types widen. */
export function mergeColumns(existing: readonly LakeColumn[], incoming: readonly LakeColumn[]): LakeColumn[] {
  const merged = existing.map((c) => ({ ...c }));
  const index = new Map(merged.map((c, i) => [c.name, i]));
  for (const col of incoming) {
    const i = index.get(col.name);
    if (i === undefined) {
      index.set(col.name, merged.length);
      merged.push({ ...col });
    } else {
      merged[i] = { name: col.name, type: widerType(merged[i]!.type, col.type) };
    }
  }
  return merged;
}
