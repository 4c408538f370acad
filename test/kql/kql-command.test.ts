import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { narrowedWindow } from '../../src/kql/kql-lake.ts';
import { loadLakeSnapshot } from '../../src/lake/lake-catalog.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { writeTestLake } from './kql-test-lake.ts';
import { FIREWALL } from './verified/verified-cases.ts';

let dir = '';
let lake = '';

before(async () => {
  dir = await tempDir();
  lake = await writeTestLake([FIREWALL], path.join(dir, 'lake'));
});

test('kql runs a query with --now and writes JSON Lines', async () => {
  const r = await runCli([
    'kql',
    'CommonSecurityLog | where TimeGenerated > ago(1d) | summarize n = count() by DeviceVendor | sort by DeviceVendor asc',
    '--lake',
    lake,
    '--now',
    '2024-04-22T00:00:00Z',
    '--format',
    'json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
  assert.deepEqual(rows, [
    { DeviceVendor: 'Fortinet', n: 2 },
    { DeviceVendor: 'Palo Alto Networks', n: 1 },
  ]);
});

test('the window flags limit the tables', async () => {
  const r = await runCli([
    'kql',
    'CommonSecurityLog | count',
    '--lake',
    lake,
    '--end-date',
    '2024-04-20',
    '--lookback-days',
    '1',
    '--format',
    'csv',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Count\n3\n');
});

test('-f reads the query from a file; --explain prints Spark SQL without a lake or a Spark server', async () => {
  const file = path.join(dir, 'hunt.kql');
  await writeFile(file, "CommonSecurityLog\n| where DeviceAction != 'deny'\n| project SourceIP");
  const r = await runCli([
    'kql',
    '-f',
    file,
    '--explain',
    '--engine',
    'spark',
    '--lake',
    path.join(dir, 'no-lake'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^WITH\n/);
  assert.match(r.stdout, /`DeviceAction` <> 'deny'/);
});

test('a syntax error is one line with the file, line and column; exit code 1', async () => {
  const file = path.join(dir, 'bad.kql');
  await writeFile(file, 'CommonSecurityLog\n| where SourceIP == ');
  const r = await runCli(['kql', '-f', file, '--lake', lake]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.ok(r.stderr.startsWith(`lakehunt: ${file}:2:`), r.stderr);
});

test('an unsupported operator is refused with its position', async () => {
  const r = await runCli([
    'kql',
    'CommonSecurityLog | evaluate bag_unpack(AdditionalExtensions)',
    '--lake',
    lake,
  ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /the evaluate operator is not supported \(line 1, column 21\)/);
});

test('no query is a usage error (exit 2)', async () => {
  const r = await runCli(['kql', '--lake', lake]);
  assert.equal(r.code, 2);
});

test('time pushdown: the query range narrows the partitions opened', async () => {
  const snapshot = await loadLakeSnapshot(lake, undefined);
  const all = snapshot.tables.find((t) => t.name === 'CommonSecurityLog')!;
  assert.deepEqual(all.days, ['2024-04-20', '2024-04-21']);
  const window = narrowedWindow({ from: new Date('2024-04-21T06:00:00Z'), to: undefined }, snapshot);
  assert.deepEqual(
    [window?.from.toISOString(), window?.to.toISOString()],
    ['2024-04-21T06:00:00.000Z', '2024-04-22T00:00:00.000Z'],
  );
  const narrowed = await loadLakeSnapshot(lake, window);
  assert.deepEqual(narrowed.tables.find((t) => t.name === 'CommonSecurityLog')!.days, ['2024-04-21']);
});

test('--external-data supplies the local copy of an externaldata URL; the query joins it', async () => {
  const feed = path.join(dir, 'feed.csv');
  await writeFile(feed, 'ip,label\n93.184.216.34,"example, known"\n8.8.8.8,dns\n');
  const query = `let feed = externaldata(ip:string, label:string)["https://feeds.example/ips.csv"] with (format="csv", ignoreFirstRecord=true);
CommonSecurityLog | where TimeGenerated > ago(7d) | join kind=inner (feed) on $left.DestinationIP == $right.ip
| summarize n = count() by DestinationIP, label | sort by DestinationIP asc`;
  const args = ['kql', query, '--lake', lake, '--now', '2024-04-22T00:00:00Z', '--format', 'csv'];
  const r = await runCli([...args, '--external-data', `https://feeds.example/ips.csv=${feed}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'DestinationIP,label,n\n8.8.8.8,dns,1\n93.184.216.34,"example, known",2\n');
  const missing = await runCli(args);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /https:\/\/feeds\.example\/ips\.csv \(line 1, column 50\).*--external-data/);
});

test('a lake given as a URL is listed by the engine and gives the same rows (file:// on DuckDB)', async () => {
  const query = 'CommonSecurityLog | summarize n = count() by DeviceVendor | sort by DeviceVendor asc';
  const args = ['--end-date', '2024-04-21', '--lookback-days', '3', '--format', 'json'];
  const local = await runCli(['kql', query, '--lake', lake, ...args]);
  const url = await runCli(['kql', query, '--lake', pathToFileURL(lake).href, ...args]);
  assert.equal(local.code, 0, local.stderr);
  assert.equal(url.code, 0, url.stderr);
  assert.equal(url.stdout, local.stdout);
  assert.match(local.stdout, /"n":/);
  // Cluster storage needs a cluster engine: one line, no stack.
  const remote = await runCli([
    'kql',
    query,
    '--lake',
    'abfss://logs@acct.dfs.core.windows.net/lake',
    ...args,
  ]);
  assert.notEqual(remote.code, 0);
  assert.equal(remote.stderr.trim().split('\n').length, 1);
  assert.match(remote.stderr, /spark/i);
});

test('--out streams the result: JSON Lines, CSV and Parquet hold the same rows', async () => {
  const query = 'CommonSecurityLog | summarize n = count() by DeviceVendor | sort by DeviceVendor asc';
  const args = ['kql', query, '--lake', lake, '--end-date', '2024-04-21', '--lookback-days', '3'];
  const json = path.join(dir, 'vendors.jsonl');
  const csv = path.join(dir, 'vendors.csv');
  const parquet = path.join(dir, 'vendors.parquet');
  for (const [format, out] of [
    ['json', json],
    ['csv', csv],
    ['parquet', parquet],
  ] as const) {
    const r = await runCli([...args, '--format', format, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
  }
  const expected = (await readFile(json, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(expected.length > 0);
  const csvLines = (await readFile(csv, 'utf8')).trim().split('\n');
  assert.equal(csvLines[0], 'DeviceVendor,n');
  assert.deepEqual(
    csvLines.slice(1),
    expected.map((r) => `${String(r['DeviceVendor'])},${String(r['n'])}`),
  );
  const engine = await DuckDBEngine.open();
  const back = await engine
    .query('SELECT DeviceVendor, n FROM read_parquet($file) ORDER BY DeviceVendor', { file: parquet })
    .finally(() => engine.close());
  assert.deepEqual(back.rows, expected);
});
