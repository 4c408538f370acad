import type { TimeWindow } from '../core/time-window.ts';
import type { ColumnInfo, Row, SqlParams } from '../engines/engine.ts';
import type { LakeSnapshot } from '../lake/lake-snapshot.ts';
import type { HuntSql } from './hunt-sql.ts';

/** A parameter value after parsing: what a hunt's compile function sees. */
export type HuntParamValue = string | number | boolean | readonly string[];
export type HuntParams = Readonly<Record<string, HuntParamValue | undefined>>;

export type HuntParamType = 'integer' | 'number' | 'string' | 'boolean' | 'choice' | 'list';

/** A typed, documented hunt parameter; the CLI turns each into a flag (`minCheckins` → `--min-checkins`). */
export interface HuntParameter {
  readonly name: string;
  readonly type: HuntParamType;
  readonly description: string;
  /** Absent: the parameter is optional and unset by default. */
  readonly default?: HuntParamValue;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  /** Shown in help, e.g. "seconds" or "%". */
  readonly unit?: string;
}

/** SQL ready for an engine: user values travel in `params`, never in the text. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: SqlParams;
}

export interface HuntContext {
  readonly sql: HuntSql;
  readonly snapshot: LakeSnapshot;
  /** The window the hunt covers: the snapshot's, or the days present in the lake when none was given. */
  readonly window: TimeWindow;
}

/** Which table a run reads and the columns it needs there. */
export interface HuntInput {
  readonly table: string;
  readonly columns: readonly string[];
}

export interface HuntOutcome {
  readonly rows: Row[];
  /** Why the result is what it is (counts, empty-result explanations), printed beside the rows. */
  readonly notes: readonly string[];
}

/**
 * A registered analytic. It compiles to one SQL statement that does the heavy work in the engine and
 * post-processes only the candidate rows that come back.
 */
export interface Hunt {
  readonly name: string;
  readonly description: string;
  readonly parameters: readonly HuntParameter[];
  /** Cross-parameter checks; throw a UserError naming the parameter. */
  validate?(params: HuntParams): void;
  input(params: HuntParams): HuntInput;
  outputColumns(params: HuntParams): readonly ColumnInfo[];
  compile(params: HuntParams, context: HuntContext): CompiledQuery;
  postProcess(rows: readonly Row[], params: HuntParams, context: HuntContext): HuntOutcome;
}
