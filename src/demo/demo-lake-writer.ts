import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBEngine } from '../engines/duckdb/duckdb-engine.ts';
import { LakePaths } from '../lake/lake-paths.ts';
import type { LakeColumn } from '../lake/lake-snapshot.ts';
import { duckdbQuoting as q } from '../sql/sql-dialect.ts';
import { demoWorkspace, toCommonSecurityLog } from './common-security-log-records.ts';
import type { TrafficScenario } from './demo-scenario.ts';
import { type GroundTruth, groundTruthOf } from './ground-truth.ts';
import { generateTraffic, type TrafficDay, type TrafficEvent } from './traffic-generator.ts';

const TABLE = 'CommonSecurityLog';

/** The CommonSecurityLog columns generated records carry, with their lake (DuckDB) types. */
export const GENERATED_COLUMNS: readonly LakeColumn[] = [
  { name: 'TenantId', type: 'VARCHAR' },
  { name: 'TimeGenerated', type: 'TIMESTAMP' },
  { name: 'DeviceVendor', type: 'VARCHAR' },
  { name: 'DeviceProduct', type: 'VARCHAR' },
  { name: 'DeviceVersion', type: 'VARCHAR' },
  { name: 'DeviceEventClassID', type: 'VARCHAR' },
  { name: 'Activity', type: 'VARCHAR' },
  { name: 'LogSeverity', type: 'VARCHAR' },
  { name: 'OriginalLogSeverity', type: 'VARCHAR' },
  { name: 'DeviceAction', type: 'VARCHAR' },
  { name: 'SimplifiedDeviceAction', type: 'VARCHAR' },
  { name: 'Computer', type: 'VARCHAR' },
  { name: 'DeviceName', type: 'VARCHAR' },
  { name: 'DeviceAddress', type: 'VARCHAR' },
  { name: 'DeviceInboundInterface', type: 'VARCHAR' },
  { name: 'DeviceOutboundInterface', type: 'VARCHAR' },
  { name: 'SourceIP', type: 'VARCHAR' },
  { name: 'SourcePort', type: 'INTEGER' },
  { name: 'SourceTranslatedAddress', type: 'VARCHAR' },
  { name: 'DestinationIP', type: 'VARCHAR' },
  { name: 'DestinationPort', type: 'INTEGER' },
  { name: 'Protocol', type: 'VARCHAR' },
  { name: 'ApplicationProtocol', type: 'VARCHAR' },
  { name: 'SentBytes', type: 'BIGINT' },
  { name: 'ReceivedBytes', type: 'BIGINT' },
  { name: 'ExternalID', type: 'INTEGER' },
  { name: 'AdditionalExtensions', type: 'VARCHAR' },
  { name: 'SourceSystem', type: 'VARCHAR' },
  { name: '_ResourceId', type: 'VARCHAR' },
  { name: 'Type', type: 'VARCHAR' },
];

export async function writeTableSchema(
  lake: string,
  table: string,
  columns: readonly LakeColumn[],
): Promise<void> {
  const paths = new LakePaths(lake);
  await mkdir(paths.table(table), { recursive: true });
  await writeFile(
    paths.schemaFile(table),
    `${JSON.stringify({ table, columns, partitioned: true }, null, 2)}\n`,
  );
}

/** Writes days of events (each day's events in one Parquet file) as the lake's CommonSecurityLog table. */
export async function writeEventDaysLake(
  lake: string,
  days: Iterable<TrafficDay>,
  seed: string,
): Promise<number> {
  const paths = new LakePaths(lake);
  const ws = demoWorkspace(seed);
  const scratch = await mkdtemp(path.join(tmpdir(), 'lakehunt-gen-'));
  const engine = await DuckDBEngine.open();
  let events = 0;
  try {
    const columns = GENERATED_COLUMNS.map((c) => `${q.quoteString(c.name)}: ${q.quoteString(c.type)}`).join(
      ', ',
    );
    for (const day of days) {
      if (day.events.length === 0) continue;
      const json = path.join(scratch, `${day.day}.jsonl`);
      await writeFile(
        json,
        day.events.map((e) => `${JSON.stringify(toCommonSecurityLog(e, ++events, ws))}\n`).join(''),
      );
      const dir = paths.partition(TABLE, day.day);
      await mkdir(dir, { recursive: true });
      const source = `read_json(${q.quoteString(json)}, format = 'newline_delimited', columns = {${columns}})`;
      await engine.run(
        `COPY (SELECT * FROM ${source}) TO ${q.quoteString(path.join(dir, 'part-generated.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
    await writeTableSchema(lake, TABLE, GENERATED_COLUMNS);
  } finally {
    await engine.close();
    await rm(scratch, { recursive: true, force: true });
  }
  return events;
}

/** Groups events by UTC day, in time order: the shape writeEventDaysLake takes. */
export function eventDays(events: readonly TrafficEvent[]): TrafficDay[] {
  const byDay = new Map<string, TrafficEvent[]>();
  for (const e of [...events].sort((a, b) => a.timeMs - b.timeMs)) {
    const day = new Date(e.timeMs).toISOString().slice(0, 10);
    const list = byDay.get(day);
    if (list) list.push(e);
    else byDay.set(day, [e]);
  }
  return [...byDay].map(([day, list]) => ({ day, events: list }));
}

/**
 * Writes a scenario's traffic straight into a lake as CommonSecurityLog Parquet (one file per day),
 * for tests and quality runs that need a lake without going through an export tree.
 */
export async function writeTrafficLake(lake: string, scenario: TrafficScenario): Promise<GroundTruth> {
  const checkIns: number[] = [];
  const events = await writeEventDaysLake(lake, generateTraffic(scenario, checkIns), scenario.seed);
  return groundTruthOf(scenario, events, checkIns);
}
