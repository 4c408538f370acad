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

/** Bins of the counted interval histogram per doubling of the interval (bin edges 2^(i/4) seconds). */
export const HISTOGRAM_BINS_PER_OCTAVE = 4;

/**
 * One statement in two passes.
 *
 * 1. Every pair: order its connections by time and take the gap to the previous one (a window
 *    function), then only what the gates need, as streaming aggregates — connections, check-ins
 *    and the spread of ln(interval) between check-ins (gaps of at least `collapseSeconds`). The
 *    window and the aggregate run on a 64-bit hash of the pair and the time alone, which keeps the
 *    sort narrow. Pairs with enough check-ins whose intervals could be regular (or that are strobes)
 *    are the candidates.
 * 2. Candidates only (a few percent of the events): the connections are read again with the pair's
 *    columns and bytes, and everything the score needs is computed there — connections and
 *    check-ins again (so the result is not joined back to pass 1: Spark, which inlines CTEs, would
 *    compute pass 1 once more for that join), names, span, active hours, bytes and log-size
 *    moments, the exact quantile grid of intervals, the interval histogram counted per log-spaced
 *    bin, and the longest run of consecutive active hours (gaps and islands on hour buckets).
 *
 * Allow lists and the multicast filter are properties of a pair's addresses, so they are applied to
 * the candidates' names at the end rather than to every event.
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

  const port = options.acrossPorts ? 'CAST(NULL AS INTEGER)' : `CAST(${id(s.port)} AS INTEGER)`;
  const protocol = options.acrossPorts ? `CAST(NULL AS ${sqlTypeFor('VARCHAR', q.name)})` : id(s.protocol);
  const keys = ['SourceIP', 'DestinationIP', 'DestinationPort', 'Protocol'].map(id);
  const collapse = bag.bind('collapseMs', Math.round(options.collapseSeconds * 1000));
  const minCheckins = bag.bind('minCheckins', options.minCheckins);
  const strobe = bag.bind('strobeConnections', options.strobeConnections);
  const logSpread = bag.bind('maxLogSpread', PREFILTER_LOG_SPREAD);
  const k = id('k');
  const t = id('t');
  const prev = id('prevT');
  // Pass 1 carries only the gap: one subtraction per event, shared by both aggregates.
  const gap = id('gapMs');
  const isInterval = `${prev} IS NOT NULL AND ${t} - ${prev} >= ${collapse}`;
  const interval = `(${t} - ${prev}) / 1000.0`;
  // Hour buckets in integer arithmetic (no division to a double per row).
  const hourOf = (ms: string) => `${ms} - ${ms} % 3600000`;
  const hourMs = id('hourMs');
  const bin = id('bin');

  const pairFilters = [
    ...(options.includeMulticast ? [] : [`COALESCE(NOT ${multicastOrBroadcastSql(`s.${keys[1]}`)}, TRUE)`]),
    ...notAllowedSql(`s.${keys[1]}`, options.allowDestinations, '--allow-destinations', bag, 'allowDst'),
    ...notAllowedSql(`s.${keys[0]}`, options.allowSources, '--allow-sources', bag, 'allowSrc'),
  ];
  const sql = `WITH events ${d.cteAs('inline')}
  SELECT ${d.hash64([id(s.source), id(s.destination), port, protocol])} AS ${k},
    ${d.epochMillis(id(s.time))} AS ${t}, CAST(${id(s.sentBytes)} AS DOUBLE) AS ${id('b')},
    ${id(s.source)} AS ${keys[0]}, ${id(s.destination)} AS ${keys[1]}, ${port} AS ${keys[2]}, ${protocol} AS ${keys[3]}
  FROM ${id(s.table)}
  WHERE ${where.join('\n    AND ')}
),
gaps AS (
  SELECT ${k}, ${t} - lag(${t}) OVER (PARTITION BY ${k} ORDER BY ${t}) AS ${gap}
  FROM events
),
pairs AS (
  SELECT ${k},
    count(*) AS ${id('Connections')},
    count_if(${gap} IS NULL OR ${gap} >= ${collapse}) AS ${id('CheckIns')},
    stddev_pop(CASE WHEN ${gap} >= ${collapse} THEN ln(greatest(${gap} / 1000.0, 0.001)) END) AS ${id('IntervalLogSpread')}
  FROM gaps
  GROUP BY ${k}
),
candidates ${d.cteAs('materialized')}
  SELECT * FROM pairs
  WHERE ${id('CheckIns')} >= ${minCheckins}
    AND (${id('Connections')} >= ${strobe} OR ${id('IntervalLogSpread')} <= ${logSpread})
),
candidateGaps ${d.cteAs('materialized')}
  SELECT ${k}, ${t}, ${id('b')}, ${keys.join(', ')}, lag(${t}) OVER (PARTITION BY ${k} ORDER BY ${t}) AS ${prev}
  FROM events
  WHERE ${k} IN (SELECT ${k} FROM candidates)
),
shapes AS (
  SELECT ${k}, ${keys.map((key) => `min(${key}) AS ${key}`).join(', ')},
    count(*) AS ${id('Connections')},
    count_if(${prev} IS NULL OR ${t} - ${prev} >= ${collapse}) AS ${id('CheckIns')},
    min(${t}) AS ${id('FirstMs')},
    max(${t}) AS ${id('LastMs')},
    count_if(${prev} IS NULL OR ${hourOf(t)} <> ${hourOf(prev)}) AS ${id('ActiveHours')},
    sum(${id('b')}) AS ${id('SentBytesTotal')},
    avg(ln(1 + ${id('b')})) AS ${id('SizeMeanLog')},
    stddev_pop(ln(1 + ${id('b')})) AS ${id('SizeSdLog')},
    max(${id('b')}) AS ${id('SizeMax')},
    ${d.quantiles(interval, QUANTILE_GRID, isInterval)} AS ${id('IntervalQuantiles')}
  FROM candidateGaps
  GROUP BY ${k}
),
bins AS (
  SELECT ${k}, ${bin}, count(*) AS ${id('n')}
  FROM (
    SELECT ${k}, CAST(floor(log2(greatest(${interval}, 0.001)) * ${HISTOGRAM_BINS_PER_OCTAVE}) AS INTEGER) AS ${bin}
    FROM candidateGaps
    WHERE ${isInterval}
  ) i
  GROUP BY ${k}, ${bin}
),
histograms AS (
  SELECT ${k}, ${d.orderedList(bin, bin)} AS ${id('HistogramBins')}, ${d.orderedList(id('n'), bin)} AS ${id('HistogramCounts')}
  FROM bins
  GROUP BY ${k}
),
hours AS (
  SELECT DISTINCT ${k}, ${hourOf(t)} AS ${hourMs}
  FROM candidateGaps
),
islands AS (
  SELECT ${k}, ${hourMs} / 3600000 - row_number() OVER (PARTITION BY ${k} ORDER BY ${hourMs}) AS ${id('island')}
  FROM hours
),
runs AS (
  SELECT ${k}, max(${id('n')}) AS ${id('LongestRunHours')}
  FROM (SELECT ${k}, count(*) AS ${id('n')} FROM islands GROUP BY ${k}, ${id('island')}) r
  GROUP BY ${k}
)
SELECT ${keys.map((key) => `s.${key}`).join(', ')}, s.${id('Connections')}, s.${id('CheckIns')},
  ${['FirstMs', 'LastMs', 'ActiveHours', 'SentBytesTotal', 'SizeMeanLog', 'SizeSdLog', 'SizeMax'].map((c) => `s.${id(c)}`).join(', ')},
  ${[`s.${id('IntervalQuantiles')}`, `h.${id('HistogramBins')}`, `h.${id('HistogramCounts')}`].map((list) => `${d.listAsJson(list)} AS ${list.slice(2)}`).join(', ')},
  r.${id('LongestRunHours')}
FROM shapes s
JOIN runs r ON r.${k} = s.${k}
LEFT JOIN histograms h ON h.${k} = s.${k}${pairFilters.length > 0 ? `\nWHERE ${pairFilters.join('\n  AND ')}` : ''}`;
  return { sql, params: bag.params };
}
