import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBEngine } from '../engines/duckdb/duckdb-engine.ts';
import { LakePaths } from '../lake/lake-paths.ts';
import type { LakeColumn } from '../lake/lake-snapshot.ts';
import { duckdbQuoting as q } from '../sql/sql-dialect.ts';
import { writeTableSchema } from './demo-lake-writer.ts';
import { windowOf } from './demo-scenario.ts';

const DAY_MS = 86_400_000;
const TABLE = 'CommonSecurityLog';

/** Columns the fast generator writes (a subset of GENERATED_COLUMNS, same types). */
export const FAST_COLUMNS: readonly LakeColumn[] = [
  { name: 'TimeGenerated', type: 'TIMESTAMP' },
  { name: 'DeviceVendor', type: 'VARCHAR' },
  { name: 'DeviceProduct', type: 'VARCHAR' },
  { name: 'DeviceAction', type: 'VARCHAR' },
  { name: 'SourceIP', type: 'VARCHAR' },
  { name: 'SourcePort', type: 'INTEGER' },
  { name: 'DestinationIP', type: 'VARCHAR' },
  { name: 'DestinationPort', type: 'INTEGER' },
  { name: 'Protocol', type: 'VARCHAR' },
  { name: 'SentBytes', type: 'BIGINT' },
  { name: 'ReceivedBytes', type: 'BIGINT' },
];

export interface FastLakeOptions {
  readonly lake: string;
  /** Approximate number of events in the whole window. */
  readonly events: number;
  readonly days: number;
  readonly endDate: string;
  readonly seed: number;
}

export interface FastLakeSummary {
  readonly events: number;
  readonly hosts: number;
  readonly beacons: number;
}

/** Planted beacons of the fast path: (period seconds, jitter share) per beacon. */
const FAST_BEACONS: readonly [number, number][] = [
  [60, 0.2],
  [300, 0.5],
  [900, 0.3],
  [1800, 0.1],
  [3600, 0.4],
  [120, 0],
  [600, 0.5],
  [45, 0.3],
];

/** Uniform in [0, 1) from a deterministic hash of the given SQL expressions. */
function u(seed: number, salt: string, ...exprs: string[]): string {
  return `((hash(${[String(seed), q.quoteString(salt), ...exprs].join(', ')}) % 1000000) / 1000000.0)`;
}

function hostIp(h: string): string {
  return `'10.' || CAST(1 + (${h} // 65536) % 200 AS VARCHAR) || '.' || CAST((${h} // 256) % 256 AS VARCHAR) || '.' || CAST(${h} % 256 AS VARCHAR)`;
}

/**
 * The same kind of traffic as the event generator (browsing over a Zipf-like set of sites, DNS,
 * NTP and update pollers reached by many hosts, planted jittered beacons), produced by DuckDB SQL
 * straight into lake Parquet files, one per day: fast enough for lakes of 100 M events.
 */
export async function writeFastLake(
  engine: DuckDBEngine,
  options: FastLakeOptions,
): Promise<FastLakeSummary> {
  const { fromMs } = windowOf(options.endDate, options.days);
  const perDay = Math.max(10_000, Math.round(options.events / options.days));
  const hosts = Math.max(50, Math.round(perDay / 2000));
  const s = options.seed;
  const paths = new LakePaths(options.lake);
  let total = 0;
  for (let d = 0; d < options.days; d++) {
    const dayMs = fromMs + d * DAY_MS;
    const day = new Date(dayMs).toISOString().slice(0, 10);
    const ts = (msExpr: string) => `make_timestamp(CAST((${dayMs} + ${msExpr}) * 1000 AS BIGINT))`;
    const pollerRows = hosts * 84 + hosts * 24;
    const beaconRows = FAST_BEACONS.reduce((n, [p]) => n + Math.floor(86_400 / p), 0);
    const browsing = Math.max(0, perDay - pollerRows - beaconRows);
    const dayKey = String(d);
    const sql = `
WITH browsing AS (
  SELECT i, CAST(floor(${u(s, 'host', 'i', dayKey)} * ${hosts}) AS BIGINT) AS h,
    ${u(s, 'kind', 'i', dayKey)} AS k, ${u(s, 'site', 'i', dayKey)} AS site, ${u(s, 'time', 'i', dayKey)} AS tm
  FROM range(${browsing}) r(i)
),
rows AS (
  SELECT ${ts(`CAST(tm * ${DAY_MS} AS BIGINT)`)} AS TimeGenerated, ${hostIp('h')} AS SourceIP,
    CASE WHEN k < 0.3 THEN '10.20.0.53'
      ELSE '104.' || CAST(CAST(floor(300 * pow(site, 2.5)) AS BIGINT) % 250 AS VARCHAR) || '.' || CAST(CAST(floor(300 * pow(site, 2.5)) AS BIGINT) // 250 + 10 AS VARCHAR) || '.7' END AS DestinationIP,
    CASE WHEN k < 0.3 THEN 53 WHEN k < 0.93 THEN 443 ELSE 80 END AS DestinationPort,
    CASE WHEN k < 0.3 THEN 'UDP' ELSE 'TCP' END AS Protocol,
    CAST(60 + 2000 * pow(${u(s, 'sent', 'i', dayKey)}, 3) AS BIGINT) AS SentBytes,
    CAST(90 + 90000 * pow(${u(s, 'recv', 'i', dayKey)}, 4) AS BIGINT) AS ReceivedBytes, i
  FROM browsing
  UNION ALL
  SELECT ${ts(`(h * 7919) % 1024000 + k * 1024000 + CAST(${u(s, 'ntp', 'h', 'k', dayKey)} * 400 AS BIGINT)`)},
    ${hostIp('h')}, '129.6.15.28', 123, 'UDP', 76, 76, h * 1000 + k
  FROM range(${hosts}) a(h), range(84) b(k)
  UNION ALL
  SELECT ${ts(`(h * 104729) % 3600000 + k * 3600000 + CAST(${u(s, 'upd', 'h', 'k', dayKey)} * 60000 AS BIGINT)`)},
    ${hostIp('h')}, '13.107.4.50', 443, 'TCP', 1400, 5200, h * 1000 + k
  FROM range(${hosts}) a(h), range(24) b(k)
  UNION ALL
  ${FAST_BEACONS.map(
    ([period, jitter], b) =>
      `SELECT ${ts(`k * ${period * 1000} + ${(b * 7717) % (period * 1000)} - CAST(${u(s, `beacon${b}`, 'k', dayKey)} * ${Math.round(jitter * period * 1000)} AS BIGINT)`)},
    ${hostIp(String((b * 37 + 5) % hosts))}, '185.${b + 10}.7.3', 443, 'TCP', ${300 + b * 20}, 200, k
  FROM range(${Math.floor(86_400 / period)}) c(k)`,
  ).join('\n  UNION ALL\n  ')}
)
SELECT TimeGenerated, 'Fortinet' AS DeviceVendor, 'Fortigate' AS DeviceProduct, 'close' AS DeviceAction, SourceIP,
  CAST(49152 + (i % 16000) AS INTEGER) AS SourcePort, DestinationIP, CAST(DestinationPort AS INTEGER) AS DestinationPort, Protocol,
  SentBytes, ReceivedBytes
FROM rows
WHERE TimeGenerated >= ${q.timestampLiteral(new Date(dayMs))} AND TimeGenerated < ${q.timestampLiteral(new Date(dayMs + DAY_MS))}`;
    const dir = paths.partition(TABLE, day);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'part-fast.parquet');
    await engine.run(`COPY (${sql}) TO ${q.quoteString(file)} (FORMAT parquet, COMPRESSION zstd)`);
    const counted = await engine.query(`SELECT count(*) AS n FROM read_parquet(${q.quoteString(file)})`);
    total += Number(counted.rows[0]?.['n'] ?? 0);
  }
  await writeTableSchema(options.lake, TABLE, FAST_COLUMNS);
  return { events: total, hosts, beacons: FAST_BEACONS.length };
}
