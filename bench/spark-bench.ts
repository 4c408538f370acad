/**
 * The beaconing hunt on DuckDB and on local Spark (local[2]) over the same generated lake, and how
 * much of Spark's wall time is spent in lakehunt's client (gRPC, protobuf, Arrow decoding, building
 * rows) rather than in Spark: the client must stay under 5 % of wall time for results up to 100 k rows.
 * Two views of the client's cost, measured in the same run: its CPU time during a call over the call's
 * wall time, and its wall time — the call's wall time minus that of the same query run on the server
 * with its rows discarded there (a write to Spark's `noop` data source: the same plan, no Arrow
 * transfer, no decoding).
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
import type { Engine, SqlParams } from '../src/engines/engine.ts';
import { sparkRemoteFor } from '../src/engines/spark/spark-connect-url.ts';
import { SparkEngine } from '../src/engines/spark/spark-engine.ts';
import { prepareHunt, runHunt } from '../src/hunts/hunts.ts';
import { loadLakeSnapshot } from '../src/lake/lake-catalog.ts';

const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : fallback;
};
const HOSTS = arg('hosts', 40);
const DAYS = arg('days', 4);
const REPEATS = arg('repeats', 5);
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
  /** Of the Spark operation: first Arrow batch → result complete (an upper bound of the client's wall time). */
  readonly tailMs: number;
  readonly rows: number;
}

async function measure(engine: Engine, work: () => Promise<number>): Promise<Measured> {
  const decodeBefore = engine instanceof SparkEngine ? engine.stats.decodeMs : 0;
  const tailBefore = engine instanceof SparkEngine ? engine.stats.tailMs : 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const rows = await work();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return {
    wallMs,
    clientCpuMs: (used.user + used.system) / 1000,
    decodeMs: engine instanceof SparkEngine ? engine.stats.decodeMs - decodeBefore : 0,
    tailMs: engine instanceof SparkEngine ? engine.stats.tailMs - tailBefore : 0,
    rows,
  };
}

/** A Spark query's cost to the client, from interleaved runs of the query and its server-only twin. */
interface ClientCost extends Measured {
  /** Median wall time of the same plan run on the server with its rows discarded (noop write). */
  readonly serverOnlyMs: number;
  /** Median over the interleaved pairs of (collect wall − server-only wall). */
  readonly clientWallMs: number;
}

/**
 * One warm-up of each, then REPEATS pairs, the order within a pair alternating so that neither side
 * always runs on a warmer server. Every figure is the median of its own values over the pairs.
 */
async function clientCost(
  spark: SparkEngine,
  collect: () => Promise<number>,
  serverOnly: () => Promise<void>,
): Promise<ClientCost> {
  await collect();
  await serverOnly();
  const runs: Measured[] = [];
  const serverRuns: number[] = [];
  const differences: number[] = [];
  const timeServerOnly = async () => {
    const t0 = performance.now();
    await serverOnly();
    return performance.now() - t0;
  };
  for (let i = 0; i < REPEATS; i++) {
    let run: Measured;
    let server: number;
    if (i % 2 === 0) {
      run = await measure(spark, collect);
      server = await timeServerOnly();
    } else {
      server = await timeServerOnly();
      run = await measure(spark, collect);
    }
    runs.push(run);
    serverRuns.push(server);
    differences.push(run.wallMs - server);
  }
  // Each figure is its own median: one run's CPU depends on where the garbage collector struck.
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    clientCpuMs: median(runs.map((r) => r.clientCpuMs)),
    decodeMs: median(runs.map((r) => r.decodeMs)),
    tailMs: median(runs.map((r) => r.tailMs)),
    rows: runs[0]?.rows ?? 0,
    serverOnlyMs: median(serverRuns),
    clientWallMs: median(differences),
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

function costLine(label: string, cost: ClientCost): string {
  return (
    `  ${label.padEnd(17)} ${cost.rows} rows in ${seconds(cost.wallMs)} (server-only ${seconds(cost.serverOnlyMs)}): ` +
    `client CPU ${cost.clientCpuMs.toFixed(0)} ms = ${percent(cost.clientCpuMs / cost.wallMs)}, ` +
    `decode ${percent(cost.decodeMs / cost.wallMs)}, client wall ${cost.clientWallMs.toFixed(0)} ms = ${percent(cost.clientWallMs / cost.wallMs)}` +
    ` (first batch → done ${cost.tailMs.toFixed(0)} ms = ${percent(cost.tailMs / cost.wallMs)})`
  );
}

function costReport(cost: ClientCost) {
  return {
    ...cost,
    share: cost.clientCpuMs / cost.wallMs,
    wallShare: cost.clientWallMs / cost.wallMs,
    tailShare: cost.tailMs / cost.wallMs,
  };
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

    // 2. Client share of the hunt's query on Spark, and of 100 k-row results.
    const prepared = prepareHunt(spark.dialect, snapshot, 'beaconing', { mode: 'score' }).query;
    const costOf = (sql: string, params?: SqlParams) =>
      clientCost(
        spark!,
        async () => (await spark!.query(sql, params)).rows.length,
        () => spark!.runDiscardingRows(sql, params),
      );
    // The same result handed over by column, as the JSON Lines / CSV writers take it (no row objects).
    const cellsOf = (sql: string) =>
      clientCost(
        spark!,
        async () => {
          let rows = 0;
          for await (const batch of spark!.stream(sql)) rows += batch.cells?.[0]?.length ?? batch.rows.length;
          return rows;
        },
        () => spark!.runDiscardingRows(sql),
      );
    const hunt = await costOf(prepared.sql, prepared.params);
    // A result of up to 100 k rows that Spark has to compute (per-minute traffic per pair).
    const aggregateSql =
      "SELECT SrcIpAddr, DstIpAddr, DstPortNumber, date_trunc('minute', TimeGenerated) AS minute, count(*) AS n, " +
      `sum(SrcBytes) AS bytes FROM NetworkSession GROUP BY 1, 2, 3, 4 LIMIT ${TRANSFER_ROWS}`;
    const aggregate = await costOf(aggregateSql);
    const aggregateCells = await cellsOf(aggregateSql);
    // Informational: a plain scan, where Spark does almost nothing and building rows is most of the work.
    const transferSql = `SELECT TimeGenerated, SrcIpAddr, SrcPortNumber, DstIpAddr, DstPortNumber, NetworkProtocol, SrcBytes, DstBytes, DvcAction FROM NetworkSession LIMIT ${TRANSFER_ROWS}`;
    const transfer = await costOf(transferSql);
    const transferCells = await cellsOf(transferSql);
    const duckTransfer = await repeated(duck, async () => (await duck.query(transferSql)).rows.length);
    const ping = await repeated(spark, async () => (await spark!.query('SELECT 1 AS one')).rows.length);

    const duckS = huntMs.get('duckdb')!;
    const sparkS = huntMs.get('spark')!;
    const lines = [
      `beaconing hunt (score mode), ${huntRows.get('duckdb')} beacons found by both engines`,
      `  duckdb            ${seconds(duckS)}`,
      `  spark local[2]    ${seconds(sparkS)}   (spark / duckdb = ${(sparkS / duckS).toFixed(1)}×)`,
      `client share of Spark wall time (CPU: client CPU in this process / wall; decode = Arrow → rows, or → cells by column;`,
      `  client wall: collect wall − server-only wall, server-only = the same plan written to Spark's noop source;`,
      `  first batch → done: an upper bound of the client's wall time, Spark's sending of later batches included):`,
      costLine('hunt query', hunt),
      costLine('per-minute pairs', aggregate),
      costLine('  … by column', aggregateCells),
      `${costLine('plain scan', transfer)} (informational; DuckDB returns the same rows in ${seconds(duckTransfer.wallMs)})`,
      costLine('  … by column', transferCells),
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
        huntQuery: costReport(hunt),
        minutePairs: costReport(aggregate),
        minutePairsByColumn: costReport(aggregateCells),
        plainScan: { ...costReport(transfer), duckdbMs: duckTransfer.wallMs },
        plainScanByColumn: costReport(transferCells),
      },
      roundTripMs: ping.wallMs,
    };
    await writeFile(path.join(out, 'spark-bench.json'), `${JSON.stringify(report, null, 2)}\n`);
    // The target as the issue states it, on both views; neither is relaxed to make it pass.
    const worstCpu = Math.max(report.clientShare.huntQuery.share, report.clientShare.minutePairs.share);
    const worstWall = Math.max(
      report.clientShare.huntQuery.wallShare,
      report.clientShare.minutePairs.wallShare,
    );
    if (worstCpu >= 0.05 || worstWall >= 0.05) {
      console.log(
        `FAIL: the client took ${percent(worstCpu)} of wall time in CPU, ${percent(worstWall)} in wall time (limit 5 %)`,
      );
      process.exitCode = 1;
    }
  } finally {
    await spark?.close();
    await duck.close();
    server.stop();
  }
}

await main();
