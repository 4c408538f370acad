import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { resolveWindow } from '../../src/core/time-window.ts';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { loadLakeSnapshot } from '../../src/lake/lake-catalog.ts';
import { sharedDataSkip, sharedPath } from '../support/shared-data.ts';
import { tempDir } from '../support/temp-dir.ts';

const skip = sharedDataSkip('zeek/rita-missing-host');
let lake = '';

before(async () => {
  if (skip) return;
  lake = path.join(await tempDir(), 'lake');
  await ingestPaths({ paths: [sharedPath('zeek/rita-missing-host')], lake });
});

async function query(sql: string, window = resolveWindow({})): Promise<Record<string, unknown>[]> {
  const engine = await DuckDBEngine.open();
  try {
    await engine.attachLake(await loadLakeSnapshot(lake, window));
    return [...(await engine.query(sql)).rows];
  } finally {
    await engine.close();
  }
}

test('rita-missing-host: 105,918 NetworkSession rows from conn logs, by UTC day', { skip }, async () => {
  const rows = await query(
    "SELECT strftime(TimeGenerated, '%Y-%m-%d') AS day, count(*) AS n FROM NetworkSession GROUP BY 1 ORDER BY 1",
  );
  assert.deepEqual(rows, [
    { day: '2024-04-18', n: 4 },
    { day: '2024-04-19', n: 31377 },
    { day: '2024-04-20', n: 39078 },
    { day: '2024-04-21', n: 35459 },
  ]);
  const open = await query('SELECT count(*) AS n FROM ZeekOpenConn');
  assert.equal(open[0]!['n'], 72, 'open_conn is its own table, not in NetworkSession');
});

test('rita-missing-host: the planted pair has its 950 connections', { skip }, async () => {
  const rows = await query(
    "SELECT count(*) AS n FROM NetworkSession WHERE SrcIpAddr = '73.54.23.243' AND DstIpAddr = '64.225.56.201' AND DstPortNumber = 80 AND NetworkProtocol = 'TCP'",
  );
  assert.equal(rows[0]!['n'], 950);
});

test('rita-missing-host: a 2-day window reads only its partitions', { skip }, async () => {
  const window = resolveWindow({ endDate: '2024-04-21', lookbackDays: 2 });
  const snapshot = await loadLakeSnapshot(lake, window);
  const conn = snapshot.tables.find((t) => t.name === 'ZeekConn')!;
  assert.deepEqual(conn.days, ['2024-04-20', '2024-04-21']);
  assert.ok(conn.files.every((f) => /day=2024-04-2[01]/.test(f)));
  const rows = await query('SELECT count(*) AS n FROM NetworkSession', window);
  assert.equal(rows[0]!['n'], 39078 + 35459);
});

const ALL = ['sentinel', 'zeek', 'suricata'];

test('every file in sentinel/, zeek/ and suricata/ ingests or is quarantined with a reason', {
  skip: sharedDataSkip(),
}, async () => {
  const target = path.join(await tempDir(), 'lake');
  const summary = await ingestPaths({ paths: ALL.map((d) => sharedPath(d)), lake: target });
  assert.equal(summary.records, summary.written + summary.quarantined);
  for (const f of summary.files) {
    assert.equal(f.records, f.written + f.quarantined, f.path);
    if (f.status === 'failed') assert.ok(f.reason && f.quarantined === 1, `${f.path}: ${f.reason}`);
  }
  const failed = summary.files.filter((f) => f.status === 'failed').map((f) => path.basename(f.path));
  // The only files that are not logs: a table schema and Stratosphere's label configuration.
  assert.deepEqual(
    failed.filter((f) => f !== 'labels.config' && f !== 'CommonSecurityLog_CL.table-schema.json'),
    [],
  );
  const tables = new Set(summary.files.flatMap((f) => Object.keys(f.tables)));
  for (const t of ['CommonSecurityLog', 'ZeekConn', 'SuricataFlow', 'Syslog'])
    assert.ok(tables.has(t), `has ${t}`);
});
