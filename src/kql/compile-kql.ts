import { UserError } from '../core/errors.ts';
import type { TimeWindow } from '../core/time-window.ts';
import type { SqlParams } from '../engines/engine.ts';
import type { DialectName } from '../sql/sql-dialect.ts';
import type { KqlCatalog } from './kql-catalog.ts';
import { unsupported } from './kql-context.ts';
import { UrlPartUnsupported } from './kql-dynamic-access.ts';
import type { ExternalDataFiles } from './kql-external-data.ts';
import type { IrColumn, Plan } from './kql-ir.ts';
import { prunePlan } from './kql-prune.ts';
import { NonConstantNeedle } from './kql-strings.ts';
import { type KqlDiagnostic, lineColumn } from './kql-syntax.ts';
import { inferTimeRange } from './kql-time-range.ts';
import { Translator } from './kql-translator.ts';
import { parseAndAnalyze } from './kusto-parser.ts';
import { kqlDialect } from './sql-dialects.ts';
import { renderSql } from './sql-render.ts';

export interface CompileOptions {
  readonly catalog: KqlCatalog;
  readonly dialect: DialectName;
  /** now() and ago() for the whole query. */
  readonly now: Date;
  /** The window from the command line, intersected with the query's own time range. */
  readonly window?: TimeWindow | undefined;
  /** Local copies of `externaldata` sources (URL → file text); none are ever downloaded. */
  readonly externalData?: ExternalDataFiles | undefined;
}

export interface CompiledKql {
  readonly sql: string;
  /** Values bound to named parameters. Query literals are quoted into the SQL by the dialect. */
  readonly params: SqlParams;
  /** Output columns (IR types: string, long, real, datetime, timespan, dynamic, array:<t>, …). */
  readonly columns: readonly IrColumn[];
  readonly diagnostics: readonly KqlDiagnostic[];
  /**
   * The TimeGenerated range the query can read (its own filters ∩ the window), to open fewer
   * partitions; undefined when unbounded.
   */
  readonly timeRange: QueryTimeRange | undefined;
  /** Tables the query reads. */
  readonly tables: readonly string[];
  /** The query's `render` hint, if any. */
  readonly render: string | undefined;
  readonly plan: Plan;
}

/** The user-facing error for a parser or analyser diagnostic. */
function diagnosticError(text: string, d: KqlDiagnostic): UserError {
  const { line, column } = lineColumn(text, d.start);
  return new UserError('kql-syntax', `${d.message} (line ${line}, column ${column}, ${d.code})`, {
    line,
    column,
  });
}

/**
 * The KQL pipeline: 1. parse and analyse (Kusto's own analyser, against the catalog) →
 * 2. refuse on errors → 3. translate to the relational IR → 4. infer the time range →
 * 5. render SQL for the dialect.
 */
export function compileKql(text: string, options: CompileOptions): CompiledKql {
  // 1. Parse and analyse.
  const parsed = parseAndAnalyze(text, options.catalog.analysis);
  // 2. Any error from the parser or analyser stops here, with its position.
  const firstError = parsed.diagnostics.find((d) => d.severity === 'error');
  if (firstError) throw diagnosticError(text, firstError);
  // 3. Translate.
  const nowMicros = options.now.getTime() * 1000;
  const translator = new Translator(text, nowMicros, options.catalog, options.externalData, options.dialect);
  let plan: Plan;
  try {
    plan = translator.query(parsed.root);
  } catch (e) {
    if (e instanceof UrlPartUnsupported) throw unsupported({ text }, parsed.root, e.message);
    if (e instanceof NonConstantNeedle)
      throw unsupported({ text }, parsed.root, 'has/hasprefix/hassuffix with a non-constant right side');
    throw e;
  }
  // 4. Time range for partition pruning.
  const hasTime = (table: string) =>
    options.catalog.table(table)?.columns.some((c) => c.name === 'TimeGenerated') ?? false;
  const range = inferTimeRange(plan, hasTime);
  const timeRange = intersectWindow(range, options.window);
  // 5. Keep only the columns something needs, then render.
  plan = prunePlan(plan);
  const sql = renderSql(plan, kqlDialect(options.dialect));
  return {
    sql,
    params: translator.params,
    columns: plan.columns,
    diagnostics: parsed.diagnostics,
    timeRange,
    tables: [...translator.tablesRead].sort(),
    render: translator.render,
    plan,
  };
}

/** A time range with optional ends (microsecond bounds rounded outwards to milliseconds). */
export interface QueryTimeRange {
  readonly from: Date | undefined;
  readonly to: Date | undefined;
}

function intersectWindow(
  range: { from?: number | undefined; to?: number | undefined } | undefined,
  window: TimeWindow | undefined,
): QueryTimeRange | undefined {
  const from = range?.from !== undefined ? Math.floor(range.from / 1000) : undefined;
  const to = range?.to !== undefined ? Math.ceil(range.to / 1000) : undefined;
  if (!window) return from === undefined && to === undefined ? undefined : { from: d(from), to: d(to) };
  const f = Math.max(from ?? window.from.getTime(), window.from.getTime());
  const t = Math.min(to ?? window.to.getTime(), window.to.getTime());
  return { from: new Date(f), to: new Date(Math.max(f, t)) };
}

function d(ms: number | undefined): Date | undefined {
  return ms === undefined ? undefined : new Date(ms);
}
