import assert from 'node:assert/strict';
import type { CellValue, QueryResult, Row } from '../../../src/engines/engine.ts';

/** Relative tolerance for floating-point cells (engines sum and average in different orders). */
export const FLOAT_TOLERANCE = 1e-9;

export function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-12;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameCell(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && !(a instanceof Date) && !(b instanceof Date)) {
    if (Array.isArray(a) || Array.isArray(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameCell(a[k], b[k]));
  }
  return false;
}

/** A sort key that ignores float noise (8 significant digits), for order-insensitive comparison. */
function sortKey(row: Row, names: readonly string[]): string {
  return JSON.stringify(names.map((n) => keyCell(row[n] ?? null)));
}
function keyCell(v: CellValue): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(8));
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(keyCell);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keyCell(x)]));
  return v;
}

export interface CompareOptions {
  /** The query has an ORDER BY that fixes the row order completely. */
  readonly ordered?: boolean;
  /** Columns left out of the comparison (e.g. the Engine stamp). */
  readonly ignore?: readonly string[];
  readonly label?: string;
}

/** Asserts two engines returned the same columns (names, logical types) and rows. */
export function assertSameResult(
  expected: QueryResult,
  actual: QueryResult,
  options: CompareOptions = {},
): void {
  const label = options.label ? `${options.label}: ` : '';
  const ignore = new Set(options.ignore ?? []);
  const columns = (r: QueryResult) =>
    r.columns.filter((c) => !ignore.has(c.name)).map((c) => `${c.name}:${c.type}`);
  assert.deepEqual(columns(actual), columns(expected), `${label}columns differ`);
  assert.equal(actual.rows.length, expected.rows.length, `${label}row counts differ`);
  const names = expected.columns.map((c) => c.name).filter((n) => !ignore.has(n));
  const order = (rows: readonly Row[]) =>
    options.ordered ? [...rows] : [...rows].sort((x, y) => (sortKey(x, names) < sortKey(y, names) ? -1 : 1));
  const want = order(expected.rows);
  const got = order(actual.rows);
  for (let i = 0; i < want.length; i++) {
    for (const n of names) {
      if (!sameCell(want[i]?.[n], got[i]?.[n])) {
        assert.fail(
          `${label}row ${i} column ${n} differs: expected ${JSON.stringify(want[i]?.[n])}, got ${JSON.stringify(got[i]?.[n])}` +
            `\n expected row ${JSON.stringify(want[i])}\n actual row   ${JSON.stringify(got[i])}`,
        );
      }
    }
  }
}
