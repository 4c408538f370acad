import { sqlTypeFor } from '../../sql/sql-types.ts';
import type { CompiledQuery, HuntContext } from '../hunt.ts';
import { SqlParamBag } from '../hunt-sql.ts';
import { multicastOrBroadcastSql, notAllowedSql } from './beacon-filters.ts';
import type { BeaconSource } from './beacon-source.ts';

/** Probabilities of the quantile grid returned per pair: 0, 5 %, …, 100 %. */
export const QUANTILE_GRID: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * The SQL pre-filter: the spread (standard deviation) of ln(interval) a pair may have and still be
 * scored. Memoryless traffic has π/√6 ≈ 1.28; a beacon with 80 % jitter and 30 % missed check-ins
 * about 0.6.
 */
export const PREFILTER_LOG_SPREAD = 0.8;

export interface ScoreQueryOptions {
  readonly source: BeaconSource;
  readonly deviceVendor: string | undefined;
  readonly minCheckins: number;
  readonly collapseSeconds: number;
  readonly acrossPorts: boolean;
  /** Connections in the window at or above which a pair is a strobe. */
  readonly strobeConnections: number;
  readonly allowDestinations: readonly string[];
  readonly allowSources: readonly string[];
  readonly includeMulticast: boolean;
}

/**
 * One statement: per pair, order connections by time and take the gap to the previous one (a window
 * function), then aggregate counts, activity, and quantile grids of intervals (gaps of at least
 * `collapseSeconds`, i.e. between check-ins) and streaming statistics of bytes sent. Only pairs with enough check-ins whose
 * intervals could be regular (or that are strobes) come back. The window and the aggregate run on a
 * 64-bit hash of the pair, not on its text, which keeps the sort narrow; the pair's columns are looked
 * up again for the candidates only.
 */
export function compileScoreQuery(options: ScoreQueryOptions, context: HuntContext): CompiledQuery {
  const { sql: d } = context;
  const q = d.q;
  const bag = new SqlParamBag(d);
  const s = options.source;
  const id = (name: string) => q.quoteIdentifier(name);
  const where = [
    `${id(s.time)} IS NOT NULL`,
    `${id(s.source)} IS NOT NULL`,
    `${id(s.destination)} IS NOT NULL`,
  ];
  if (options.deviceVendor !== undefined)
    where.push(`${id(s.vendor)} = ${bag.bind('deviceVendor', options.deviceVendor)}`);
  if (!options.includeMulticast)
    where.push(`COALESCE(NOT ${multicastOrBroadcastSql(id(s.destination))}, TRUE)`);
  where.push(
    ...notAllowedSql(id(s.destination), options.allowDestinations, '--allow-destinations', bag, 'allowDst'),
  );
  where.push(...notAllowedSql(id(s.source), options.allowSources, '--allow-sources', bag, 'allowSrc'));

  const port = options.acrossPorts ? 'CAST(NULL AS INTEGER)' : `CAST(${id(s.port)} AS INTEGER)`;
  const protocol = options.acrossPorts ? `CAST(NULL AS ${sqlTypeFor('VARCHAR', q.name)})` : id(s.protocol);
  const keys = ['SourceIP', 'DestinationIP', 'DestinationPort', 'Protocol'].map(id);
  const collapse = bag.bind('collapseMs', Math.round(options.collapseSeconds * 1000));
  const minCheckins = bag.bind('minCheckins', options.minCheckins);
  const strobe = bag.bind('strobeConnections', options.strobeConnections);
  const t = id('t');
  const prev = id('prevT');
  const isCheckIn = `(${prev} IS NULL OR ${t} - ${prev} >= ${collapse})`;
  const interval = `(${t} - ${prev}) / 1000.0`;
  const iq = id('IntervalQuantiles');
  const isInterval = `${prev} IS NOT NULL AND ${t} - ${prev} >= ${collapse}`;
  const logSpread = bag.bind('maxLogSpread', PREFILTER_LOG_SPREAD);
  const k = id('k');
  const sql = `WITH events ${d.cteAs('inline')}
  SELECT ${d.hash64([id(s.source), id(s.destination), port, protocol])} AS ${k},
    ${d.epochMillis(id(s.time))} AS ${t}, CAST(${id(s.sentBytes)} AS DOUBLE) AS ${id('b')},
    ${id(s.source)} AS ${keys[0]}, ${id(s.destination)} AS ${keys[1]}, ${port} AS ${keys[2]}, ${protocol} AS ${keys[3]}
  FROM ${id(s.table)}
  WHERE ${where.join('\n    AND ')}
),
gaps AS (
  SELECT ${k}, ${t}, ${id('b')}, lag(${t}) OVER (PARTITION BY ${k} ORDER BY ${t}) AS ${prev}
  FROM events
),
pairs AS (
  SELECT ${k},
    count(*) AS ${id('Connections')},
    count_if(${isCheckIn}) AS ${id('CheckIns')},
    min(${t}) AS ${id('FirstMs')},
    max(${t}) AS ${id('LastMs')},
    count_if(${prev} IS NULL OR floor(${t} / 3600000) <> floor(${prev} / 3600000)) AS ${id('ActiveHours')},
    sum(${id('b')}) AS ${id('SentBytesTotal')},
    ${d.quantiles(interval, QUANTILE_GRID, isInterval)} AS ${iq},
    stddev_pop(CASE WHEN ${isInterval} THEN ln(greatest(${interval}, 0.001)) END) AS ${id('IntervalLogSpread')},
    avg(ln(1 + ${id('b')})) AS ${id('SizeMeanLog')},
    stddev_pop(ln(1 + ${id('b')})) AS ${id('SizeSdLog')},
    max(${id('b')}) AS ${id('SizeMax')}
  FROM gaps
  GROUP BY ${k}
),
candidates ${d.cteAs('materialized')}
  SELECT * FROM pairs
  WHERE ${id('CheckIns')} >= ${minCheckins}
    AND (${id('Connections')} >= ${strobe} OR ${id('IntervalLogSpread')} <= ${logSpread})
),
names AS (
  SELECT ${k}, ${keys.map((key) => `min(${key}) AS ${key}`).join(', ')}
  FROM events
  WHERE ${k} IN (SELECT ${k} FROM candidates)
  GROUP BY ${k}
)
SELECT ${keys.map((key) => `n.${key}`).join(', ')}, c.*
FROM candidates c
JOIN names n ON n.${k} = c.${k}`;
  return { sql, params: bag.params };
}
