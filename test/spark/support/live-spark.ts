import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { writeTrafficLake } from '../../../src/demo/demo-lake-writer.ts';
import { buildScenario } from '../../../src/demo/demo-scenario.ts';
import { DuckDBEngine } from '../../../src/engines/duckdb/duckdb-engine.ts';
import type { EngineOptions } from '../../../src/engines/engine.ts';
import { sparkRemoteFor } from '../../../src/engines/spark/spark-connect-url.ts';
import { type SparkEffects, SparkEngine } from '../../../src/engines/spark/spark-engine.ts';
import { ingestPaths } from '../../../src/ingest/ingest.ts';
import { sharedDataSkip, sharedPath } from '../../support/shared-data.ts';

/** The one line `npm test` prints for the Spark suite on a machine without a Spark server. */
export const SPARK_SKIP = 'Spark suite skipped: run npm run test:spark (needs Java 17)';

/** The server under test, from LAKEHUNT_SPARK_REMOTE (set by npm run test:spark). */
export function sparkUrl(): string {
  const remote = process.env['LAKEHUNT_SPARK_REMOTE'];
  if (!remote) throw new Error('LAKEHUNT_SPARK_REMOTE is not set');
  return remote;
}

/** The server URL with the token from LAKEHUNT_SPARK_TOKEN when the server wants one. */
export function sparkRemote(extra = ''): string {
  return sparkRemoteFor(`${sparkUrl()}${extra}`, undefined, process.env['LAKEHUNT_SPARK_TOKEN'] || undefined);
}

export const noSignals: SparkEffects = { onInterrupt: () => () => undefined };

export function openSpark(
  options: EngineOptions = {},
  effects: SparkEffects = noSignals,
): Promise<SparkEngine> {
  return SparkEngine.open({ remote: sparkRemote(), ...options }, effects);
}

export function openDuck(): Promise<DuckDBEngine> {
  return DuckDBEngine.open();
}

let scratch: string | undefined;
async function scratchDir(): Promise<string> {
  scratch ??= await mkdtemp(path.join(tmpdir(), 'lakehunt-spark-'));
  return scratch;
}
after(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A generated CommonSecurityLog lake with planted beacons (2 days, 2024-04-20..21). */
export async function generatedLake(): Promise<string> {
  const lake = path.join(await scratchDir(), 'generated');
  await writeTrafficLake(
    lake,
    buildScenario({ hosts: 12, days: 2, endDate: '2024-04-21', seed: 'spark-parity' }),
  );
  return lake;
}

export const RITA = 'zeek/rita-missing-host';
export const ritaSkip = (): string | false => sharedDataSkip(RITA);

/** The real Zeek data set (conn, dns, http, ssl, open_conn; 2024-04-19..21) ingested into a lake. */
export async function ritaLake(): Promise<string> {
  const lake = path.join(await scratchDir(), 'rita');
  const summary = await ingestPaths({ paths: [sharedPath(RITA)], lake });
  if (summary.failed > 0) throw new Error(`ingest of ${RITA} failed for ${summary.failed} files`);
  return lake;
}

const MIXED_SOURCES = [
  'sentinel/Fortigate.json',
  'sentinel/CiscoFirepowerEStreamerCONN.csv',
  'suricata/test6-malicious.suricata.json',
  'zeek/rita-format-edgecases',
  'zeek/rita-proxy-rolling',
  'zeek/stratosphere-005-simda-dga',
];
export const mixedSourcesSkip = (): string | false =>
  MIXED_SOURCES.map((p) => sharedDataSkip(p)).find(Boolean) ?? false;

/** One lake from every real source format: many tables, JSON-inferred and declared schemas. */
export async function mixedSourcesLake(): Promise<string> {
  const lake = path.join(await scratchDir(), 'mixed');
  for (const source of MIXED_SOURCES) {
    const summary = await ingestPaths({ paths: [sharedPath(source)], lake });
    if (summary.failed > 0) throw new Error(`ingest of ${source} failed for ${summary.failed} files`);
  }
  return lake;
}
