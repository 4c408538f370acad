/**
 * The beaconing hunt on DuckDB and on local Spark (local[2]) over the same generated lake, and how
 * much of Spark's wall time is spent in lakehunt's client (gRPC, protobuf, Arrow decoding, building
 * rows) rather than in Spark: the client must stay under 5 % of wall time for results up to 100 k rows.
 *   npm run bench:spark                               # 40 hosts × 4 days
 *   npm run bench:spark -- --hosts=100 --days=7       # a bigger lake
 * Uses LAKEHUNT_SPARK_REMOTE when set, else starts (and afterwards stops) the local server.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { writeTrafficLake } from '../src/demo/demo-lake-writer.ts';
import { buildScenario } from '../src/demo/demo-scenario.ts';
import { DuckDBEngine } from '../src/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../src/engines/engine.ts';
import { sparkRemoteFor } from '../src/engines/spark/spark-connect-url.ts';
import { SparkEngine } from '../src/engines/spark/spark-engine.ts';
import { prepareHunt, runHunt } from '../src/hunts/hunts.ts';
import { loadLakeSnapshot } from '../src/lake/lake-catalog.ts';
import type { LakeSnapshot } from '../src/lake/lake-snapshot.ts';

const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : fallback;
};
const HOSTS = arg('hosts', 40);
const DAYS = arg('days', 4);
const REPEATS = arg('repeats', 3);
const TRANSFER_ROWS = arg('rows', 100_000);
const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'bench', 'out', 'spark');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

interface Measured {
  readonly wallMs: number;
  /** CPU time of this process during the call (user + system): the client's own work. */
  readonly clientCpuMs: number;
  /** Of the Spark operation: Arrow decoding and building rows. */
  readonly decodeMs: number;
  readonly rows: number;
}

async function measure(engine: Engine, work: () => Promise<number>): Promise<Measured> {
  const decodeBefore = engine instanceof SparkEngine ? engine.stats.decodeMs : 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const rows = await work();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return {
    wallMs,
    clientCpuMs: (used.user + used.system) / 1000,
    decodeMs: engine instanceof SparkEngine ? engine.stats.decodeMs - decodeBefore : 0,
    rows,
  };
}

/** One warm-up, then the median of REPEATS runs (by wall time). */
async function repeated(engine: Engine, work: () => Promise<number>): Promise<Measured> {
  await work();
  const runs: Measured[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await measure(engine, work));
  const wall = median(runs.map((r) => r.wallMs));
  return runs.find((r) => r.wallMs === wall) ?? runs[0]!;
}

function sparkServer(): { remote: string; stop: () => void } {
  const token = process.env['LAKEHUNT_SPARK_TOKEN'] || undefined;
  const given = process.env['LAKEHUNT_SPARK_REMOTE'];
  if (given) return { remote: sparkRemoteFor(given, undefined, token), stop: () => undefined };
  const scripts = path.join(root, 'scripts');
  // A server that already runs is reused and left running; one started here is stopped after.
  const probe = `source '${scripts}/spark-env.sh'; spark_server_running && echo running || true`;
  const wasRunning = execFileSync('bash', ['-c', probe], { encoding: 'utf8' }).trim() === 'running';
  const env = { ...process.env, LAKEHUNT_SPARK_SERVER_TOKEN: '' };
  const url = execFileSync('bash', [path.join(scripts, 'spark-start.sh')], { env, encoding: 'utf8' }).trim();
  return {
    remote: url,
    stop: () => {
      if (!wasRunning) execFileSync('bash', [path.join(scripts, 'spark-stop.sh')], { stdio: 'inherit' });
    },
  };
}

async function huntQuery(engine: Engine, snapshot: LakeSnapshot): Promise<number> {
  const { query } = prepareHunt(engine.dialect, snapshot, 'beaconing', { mode: 'score' });
  return (await engine.query(query.sql, query.params)).rows.length;
}

async function main(): Promise<void> {
  const lake = path.join(out, `lake-${HOSTS}h-${DAYS}d`);
  await rm(lake, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const truth = await writeTrafficLake(
    lake,
    buildScenario({ hosts: HOSTS, days: DAYS, endDate: '2024-04-21', seed: 'spark-bench' }),
  );
  const snapshot = await loadLakeSnapshot(lake, undefined);
  const loadAtStart = loadavg()[0] ?? 0;
  console.log(`lake: ${truth.events} CommonSecurityLog events, ${HOSTS} hosts, ${DAYS} days (${lake})`);
  console.log(`load average at start: ${loadAtStart.toFixed(2)}`);

  const server = sparkServer();
  const duck = await DuckDBEngine.open();
  let spark: SparkEngine | undefined;
  try {
    spark = await SparkEngine.open({ remote: server.remote });
    await duck.attachLake(snapshot);
    await spark.attachLake(snapshot);
    const engines: readonly Engine[] = [duck, spark];

    // 1. The whole hunt (SQL on the engine + post-processing), as a user runs it.
    const huntMs = new Map<string, number>();
    const huntRows = new Map<string, number>();
    for (const engine of engines) {
      const run = () => runHunt(engine, snapshot, 'beaconing', { mode: 'score' }).then((r) => r.rows.length);
      const m = await repeated(engine, run);
      huntMs.set(engine.name, m.wallMs);
      huntRows.set(engine.name, m.rows);
    }
    if (huntRows.get('duckdb') !== huntRows.get('spark'))
      throw new Error('the engines found different beacons');

    // 2. Client share of the hunt's query on Spark, and of a 100 k-row transfer.
    const hunt = await repeated(spark, () => huntQuery(spark!, snapshot));
    // A result of up to 100 k rows that Spark has to compute (per-minute traffic per pair).
    const aggregateSql =
      "SELECT SrcIpAddr, DstIpAddr, DstPortNumber, date_trunc('minute', TimeGenerated) AS minute, count(*) AS n, " +
      `sum(SrcBytes) AS bytes FROM NetworkSession GROUP BY 1, 2, 3, 4 LIMIT ${TRANSFER_ROWS}`;
    const aggregate = await repeated(spark, async () => (await spark!.query(aggregateSql)).rows.length);
    // Informational: a plain scan, where Spark does almost nothing and building rows is most of the work.
    const transferSql = `SELECT TimeGenerated, SrcIpAddr, SrcPortNumber, DstIpAddr, DstPortNumber, NetworkProtocol, SrcBytes, DstBytes, DvcAction FROM NetworkSession LIMIT ${TRANSFER_ROWS}`;
    const transfer = await repeated(spark, async () => (await spark!.query(transferSql)).rows.length);
    const duckTransfer = await repeated(duck, async () => (await duck.query(transferSql)).rows.length);
    const ping = await repeated(spark, async () => (await spark!.query('SELECT 1 AS one')).rows.length);

    const duckS = huntMs.get('duckdb')!;
    const sparkS = huntMs.get('spark')!;
    const lines = [
      `beaconing hunt (score mode), ${huntRows.get('duckdb')} beacons found by both engines`,
      `  duckdb            ${seconds(duckS)}`,
      `  spark local[2]    ${seconds(sparkS)}   (spark / duckdb = ${(sparkS / duckS).toFixed(1)}×)`,
      `client share of Spark wall time (client CPU in this process / wall; decode = Arrow → rows):`,
      `  hunt query        ${hunt.rows} rows in ${seconds(hunt.wallMs)}: client ${percent(hunt.clientCpuMs / hunt.wallMs)}, decode ${percent(hunt.decodeMs / hunt.wallMs)}`,
      `  per-minute pairs  ${aggregate.rows} rows in ${seconds(aggregate.wallMs)}: client ${percent(aggregate.clientCpuMs / aggregate.wallMs)}, decode ${percent(aggregate.decodeMs / aggregate.wallMs)}`,
      `  plain scan        ${transfer.rows} rows in ${seconds(transfer.wallMs)}: client ${percent(transfer.clientCpuMs / transfer.wallMs)}, decode ${percent(transfer.decodeMs / transfer.wallMs)} (informational; DuckDB returns the same rows in ${seconds(duckTransfer.wallMs)})`,
      `  round-trip        SELECT 1 in ${ping.wallMs.toFixed(1)} ms`,
      `load average at the end: ${(loadavg()[0] ?? 0).toFixed(2)}`,
    ];
    console.log(lines.join('\n'));
    const report = {
      lake: { events: truth.events, hosts: HOSTS, days: DAYS },
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      sparkVersion: spark.sparkVersion,
      huntSeconds: { duckdb: duckS / 1000, spark: sparkS / 1000, ratio: sparkS / duckS },
      beacons: huntRows.get('duckdb'),
      clientShare: {
        huntQuery: { ...hunt, share: hunt.clientCpuMs / hunt.wallMs },
        minutePairs: { ...aggregate, share: aggregate.clientCpuMs / aggregate.wallMs },
        plainScan: {
          ...transfer,
          share: transfer.clientCpuMs / transfer.wallMs,
          duckdbMs: duckTransfer.wallMs,
        },
      },
      roundTripMs: ping.wallMs,
    };
    await writeFile(path.join(out, 'spark-bench.json'), `${JSON.stringify(report, null, 2)}\n`);
    const worst = Math.max(report.clientShare.huntQuery.share, report.clientShare.minutePairs.share);
    if (worst >= 0.05) {
      console.log(`FAIL: the client took ${percent(worst)} of wall time (limit 5 %)`);
      process.exitCode = 1;
    }
  } finally {
    await spark?.close();
    await duck.close();
    server.stop();
  }
}

await main();
