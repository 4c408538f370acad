import type { TimeWindow } from '../core/time-window.ts';
import type { LakeSnapshot } from '../lake/lake-snapshot.ts';
import type { QueryTimeRange } from './compile-kql.ts';
import { buildKqlCatalog, type KqlCatalog } from './kql-catalog.ts';

/** The KQL catalog of a lake snapshot: its tables' stored columns plus the documented schemas. */
export function catalogForSnapshot(snapshot: LakeSnapshot | undefined): KqlCatalog {
  return buildKqlCatalog({
    lakeTables: snapshot?.tables.map((t) => ({ name: t.name, columns: t.columns })) ?? [],
  });
}

const DAY_MS = 86_400_000;

/**
 * The window to open partitions for: the query's own time range (already intersected with the
 * flags' window), with an open end closed by the partitions the snapshot holds. Undefined when the
 * query does not narrow anything.
 */
export function narrowedWindow(
  range: QueryTimeRange | undefined,
  snapshot: LakeSnapshot,
): TimeWindow | undefined {
  if (!range) return snapshot.window;
  const days = snapshot.tables.flatMap((t) => t.days).sort();
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return snapshot.window;
  const lakeFrom = Date.parse(`${first}T00:00:00Z`);
  const lakeTo = Date.parse(`${last}T00:00:00Z`) + DAY_MS;
  const from = Math.max(range.from?.getTime() ?? lakeFrom, snapshot.window?.from.getTime() ?? lakeFrom);
  const to = Math.min(range.to?.getTime() ?? lakeTo, snapshot.window?.to.getTime() ?? lakeTo);
  return { from: new Date(from), to: new Date(Math.max(from + 1, to)) };
}
