import { UserError } from '../core/errors.ts';
import { describeWindow, type TimeWindow } from '../core/time-window.ts';
import { VERSION } from '../core/version.ts';
import type { ColumnInfo, Engine, Row } from '../engines/engine.ts';
import type { LakeSnapshot } from '../lake/lake-snapshot.ts';
import { NETWORK_SESSION_VIEW } from '../sql/lake-views.ts';
import { NETWORK_SESSION_COLUMNS, NETWORK_SOURCES } from '../sql/network-session-view.ts';
import type { CompiledQuery, Hunt, HuntContext, HuntInput, HuntParams } from './hunt.ts';
import { resolveHuntParams } from './hunt-params.ts';
import { getHunt } from './hunt-registry.ts';
import { huntSqlFor } from './hunt-sql.ts';

const DAY_MS = 86_400_000;

/** Columns stamped on every result row, whatever the output format. */
export const STAMP_COLUMNS: readonly ColumnInfo[] = [
  { name: 'Hunt', type: 'string' },
  { name: 'HuntParameters', type: 'string' },
  { name: 'WindowStart', type: 'timestamp' },
  { name: 'WindowEnd', type: 'timestamp' },
  { name: 'Engine', type: 'string' },
  { name: 'LakehuntVersion', type: 'string' },
];

export interface HuntResult {
  readonly hunt: string;
  readonly parameters: HuntParams;
  readonly window: TimeWindow;
  readonly engine: string;
  readonly version: string;
  /** The hunt's own columns followed by STAMP_COLUMNS. */
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
  readonly query: CompiledQuery;
}

/** The table's days (the whole lake when no window was given) as a window. */
function effectiveWindow(snapshot: LakeSnapshot, table: string): TimeWindow {
  if (snapshot.window) return snapshot.window;
  const sources =
    table === NETWORK_SESSION_VIEW
      ? networkSources(snapshot)
      : snapshot.tables.filter((t) => t.name === table);
  const days = sources.flatMap((t) => t.days).sort();
  if (days.length === 0) return { from: new Date(0), to: new Date(DAY_MS) };
  return {
    from: new Date(`${days[0]}T00:00:00Z`),
    to: new Date(Date.parse(`${days[days.length - 1]}T00:00:00Z`) + DAY_MS),
  };
}

function networkSources(snapshot: LakeSnapshot) {
  const names = new Set(NETWORK_SOURCES.map((s) => s.table));
  return snapshot.tables.filter((t) => names.has(t.name));
}

/**
 * Checks that the lake can answer the hunt: the table exists, has the needed columns and has data in
 * the window. Each failure is a UserError that says what to do.
 */
export function checkHuntInput(input: HuntInput, snapshot: LakeSnapshot): void {
  const window = describeWindow(snapshot.window);
  if (input.table === NETWORK_SESSION_VIEW && !snapshot.tables.some((t) => t.name === NETWORK_SESSION_VIEW)) {
    const sources = networkSources(snapshot);
    if (sources.length === 0) {
      throw new UserError(
        'unknown-table',
        `the lake has no network table for NetworkSession (${NETWORK_SOURCES.map((s) => s.table).join(', ')}): ingest firewall or Zeek logs first, or pass --table`,
      );
    }
    const missing = input.columns.filter((c) => !NETWORK_SESSION_COLUMNS.some((n) => n.name === c));
    if (missing.length > 0) throw new Error(`NetworkSession has no column ${missing.join(', ')}`);
    if (sources.every((t) => t.files.length === 0)) {
      throw new UserError('empty-window', `no network data in the window ${window}: ${WINDOW_HINT}`);
    }
    return;
  }
  const table = snapshot.tables.find((t) => t.name === input.table);
  if (!table) {
    const known = snapshot.tables.map((t) => t.name).join(', ') || 'none';
    throw new UserError(
      'unknown-table',
      `--table ${input.table} is not in the lake (tables: ${known}, NetworkSession)`,
    );
  }
  const have = new Set(table.columns.map((c) => c.name));
  const missing = input.columns.filter((c) => !have.has(c));
  if (missing.length > 0) {
    throw new UserError(
      'missing-columns',
      `table ${input.table} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} this hunt needs`,
    );
  }
  if (table.files.length === 0) {
    throw new UserError('empty-window', `no ${input.table} data in the window ${window}: ${WINDOW_HINT}`);
  }
}

const WINDOW_HINT =
  'choose --end-date/--lookback-days or --from/--to where the lake has partitions (see `lakehunt tables`)';

export interface PreparedHunt {
  readonly hunt: Hunt;
  readonly parameters: HuntParams;
  readonly context: HuntContext;
  readonly query: CompiledQuery;
}

/** Resolves parameters, checks the lake and compiles the hunt's SQL without running it. */
export function prepareHunt(
  dialect: Engine['dialect'],
  snapshot: LakeSnapshot,
  name: string,
  rawParams: Readonly<Record<string, unknown>> = {},
): PreparedHunt {
  const hunt = getHunt(name);
  const parameters = resolveHuntParams(hunt, rawParams);
  const input = hunt.input(parameters);
  checkHuntInput(input, snapshot);
  const context: HuntContext = {
    sql: huntSqlFor(dialect),
    snapshot,
    window: effectiveWindow(snapshot, input.table),
  };
  return { hunt, parameters, context, query: hunt.compile(parameters, context) };
}

/**
 * Runs a registered hunt on an engine that has the snapshot attached. The heavy work runs as one SQL
 * statement; the hunt post-processes the candidates; every row is stamped with the hunt, its
 * parameters, the window, the engine and lakehunt's version.
 */
export async function runHunt(
  engine: Engine,
  snapshot: LakeSnapshot,
  name: string,
  rawParams: Readonly<Record<string, unknown>> = {},
): Promise<HuntResult> {
  const { hunt, parameters, context, query } = prepareHunt(engine.dialect, snapshot, name, rawParams);
  const candidates = await engine.query(query.sql, query.params);
  const outcome = hunt.postProcess(candidates.rows, parameters, context);
  const stamp: Row = {
    Hunt: hunt.name,
    HuntParameters: JSON.stringify(parameters),
    WindowStart: context.window.from,
    WindowEnd: context.window.to,
    Engine: engine.name,
    LakehuntVersion: VERSION,
  };
  return {
    hunt: hunt.name,
    parameters,
    window: context.window,
    engine: engine.name,
    version: VERSION,
    columns: [...hunt.outputColumns(parameters), ...STAMP_COLUMNS],
    rows: outcome.rows.map((row) => ({ ...row, ...stamp })),
    notes: outcome.notes,
    query,
  };
}
