import { sqlTypeFor } from '../../sql/sql-types.ts';
import type { CompiledQuery, HuntContext } from '../hunt.ts';
import { SqlParamBag } from '../hunt-sql.ts';
import { privateIpv4Sql } from './beacon-filters.ts';
import type { BeaconSource } from './beacon-source.ts';

export interface SentinelQueryOptions {
  readonly source: BeaconSource;
  readonly deviceVendor: string | undefined;
  readonly dailyEventCountThreshold: number;
  readonly degreeOfSrcipThreshold: number;
  readonly timeDeltaThreshold: number;
  readonly percentBeaconThreshold: number;
  /** `pair`: delta to the previous event of the same (source, destination, port, protocol); `source`: the notebook's delta to the source's previous event to any destination. */
  readonly deltaScope: 'pair' | 'source';
}

/**
 * The Sentinel notebook's beaconing analytic as one statement, with its defects fixed: neighbouring
 * deltas are neighbours by value (±max(1 s, 10 %)), the percentage's denominator is the true number of
 * deltas, only the columns the maths needs can exclude a row, and (by default) deltas are taken
 * within each (source, destination, port, protocol).
 */
export function compileSentinelQuery(options: SentinelQueryOptions, context: HuntContext): CompiledQuery {
  const { sql: d } = context;
  const q = d.q;
  const bag = new SqlParamBag(d);
  const s = options.source;
  const id = (name: string) => q.quoteIdentifier(name);
  const where = [
    `${id(s.time)} IS NOT NULL`,
    `${id(s.source)} IS NOT NULL`,
    `${id(s.destination)} IS NOT NULL`,
    `NOT ${privateIpv4Sql(id(s.destination))}`,
  ];
  if (options.deviceVendor !== undefined)
    where.push(`${id(s.vendor)} = ${bag.bind('deviceVendor', options.deviceVendor)}`);
  const minEvents = bag.bind('dailyEventCountThreshold', options.dailyEventCountThreshold);
  const maxDegree = bag.bind('degreeOfSrcipThreshold', options.degreeOfSrcipThreshold);
  const minDelta = bag.bind('timeDeltaThreshold', options.timeDeltaThreshold);
  const minPercent = bag.bind('percentBeaconThreshold', options.percentBeaconThreshold);

  const [vendor, src, dst, port, proto] = [
    'DeviceVendor',
    'SourceIP',
    'DestinationIP',
    'DestinationPort',
    'Protocol',
  ].map(id) as [string, string, string, string, string];
  const pair = [vendor, src, dst, port, proto];
  const pairList = pair.join(', ');
  const samePair = (a: string, b: string) =>
    pair.map((k) => d.nullSafeEquals(`${a}.${k}`, `${b}.${k}`)).join(' AND ');
  const deltaPartition = options.deltaScope === 'source' ? src : pairList;
  const delta = id('Timedelta');
  const count = id('Timedeltacount');
  const bigint = sqlTypeFor('BIGINT', q.name);

  const sql = `WITH events AS (
  SELECT ${id(s.vendor)} AS ${vendor}, ${id(s.source)} AS ${src}, ${id(s.destination)} AS ${dst},
    CAST(${id(s.port)} AS INTEGER) AS ${port}, ${id(s.protocol)} AS ${proto},
    CAST(${id(s.sentBytes)} AS ${bigint}) AS ${id('SentBytes')}, CAST(${id(s.receivedBytes)} AS ${bigint}) AS ${id('ReceivedBytes')},
    CAST(floor(${d.epochMillis(id(s.time))} / 1000) AS ${bigint}) AS ${id('ts')}
  FROM ${id(s.table)}
  WHERE ${where.join('\n    AND ')}
),
busy_sources AS (
  SELECT ${src} FROM events GROUP BY ${src} HAVING count(*) > ${minEvents}
),
rare_destinations AS (
  SELECT ${dst}, count(DISTINCT ${src}) AS ${id('DegreeofSourceIps')}
  FROM events GROUP BY ${dst} HAVING count(DISTINCT ${src}) < ${maxDegree}
),
kept AS (
  SELECT e.*, r.${id('DegreeofSourceIps')}
  FROM events e
  JOIN busy_sources b ON b.${src} = e.${src}
  JOIN rare_destinations r ON r.${dst} = e.${dst}
),
deltas AS (
  SELECT ${pairList}, ${id('SentBytes')}, ${id('ReceivedBytes')}, ${id('DegreeofSourceIps')},
    ${id('ts')} - lag(${id('ts')}) OVER (PARTITION BY ${deltaPartition} ORDER BY ${id('ts')}) AS ${delta}
  FROM kept
),
pair_totals AS (
  SELECT ${pairList},
    sum(${id('SentBytes')}) AS ${id('TotalSentBytes')},
    sum(${id('ReceivedBytes')}) AS ${id('TotalReceivedBytes')},
    count(*) AS ${id('Totalevents')},
    max(${id('DegreeofSourceIps')}) AS ${id('DegreeofSourceIps')},
    count_if(${delta} > ${minDelta}) AS ${id('Totaleventcount')}
  FROM deltas GROUP BY ${pairList}
),
delta_counts ${d.cteAs('materialized')}
  SELECT ${pairList}, ${delta}, count(*) AS ${count}
  FROM deltas WHERE ${delta} > ${minDelta}
  GROUP BY ${pairList}, ${delta}
),
neighbourhoods AS (
  SELECT ${pair.map((k) => `a.${k}`).join(', ')}, a.${delta}, a.${count},
    ${d.orderedList(`b.${count}`, `b.${delta}`)} AS ${id('Timedeltalist')},
    sum(b.${count}) AS ${id('Timedeltalistcount')}
  FROM delta_counts a
  JOIN delta_counts b ON ${samePair('a', 'b')}
    AND b.${delta} BETWEEN a.${delta} - greatest(1, 0.1 * a.${delta}) AND a.${delta} + greatest(1, 0.1 * a.${delta})
  GROUP BY ${pair.map((k) => `a.${k}`).join(', ')}, a.${delta}, a.${count}
),
ranked AS (
  SELECT n.*, t.${id('TotalSentBytes')}, t.${id('TotalReceivedBytes')}, t.${id('Totalevents')}, t.${id('DegreeofSourceIps')},
    t.${id('Totaleventcount')},
    100.0 * n.${id('Timedeltalistcount')} / t.${id('Totaleventcount')} AS ${id('Percentbeacon')},
    row_number() OVER (PARTITION BY ${pair.map((k) => `n.${k}`).join(', ')} ORDER BY n.${id('Timedeltalistcount')} DESC, n.${count} DESC, n.${delta}) AS ${id('rank')}
  FROM neighbourhoods n
  JOIN pair_totals t ON ${samePair('n', 't')}
)
SELECT ${dst}, ${vendor}, ${src}, ${port}, ${proto}, ${delta}, ${count}, ${id('TotalSentBytes')}, ${id('TotalReceivedBytes')},
  ${id('Totalevents')}, ${id('DegreeofSourceIps')}, ${id('Timedeltalist')}, ${id('Timedeltalistcount')}, ${id('Totaleventcount')},
  ${id('Percentbeacon')}
FROM ranked
WHERE ${id('rank')} = 1 AND ${id('Percentbeacon')} > ${minPercent} AND ${id('Totaleventcount')} > ${minEvents}
ORDER BY ${id('Percentbeacon')} DESC, ${id('Totaleventcount')} DESC, ${src}, ${dst}, ${port}`;
  return { sql, params: bag.params };
}
