import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { zeekConnLog } from '../support/zeek-fixtures.ts';

let dir = '';
let lake = '';

before(async () => {
  dir = await tempDir();
  lake = path.join(dir, 'lake');
  // 3 days of records, 8 an hour apart each day from 2024-04-19.
  const start = Date.UTC(2024, 3, 19) / 1000;
  for (let d = 0; d < 3; d++)
    await writeFile(path.join(dir, `conn.${d}.log`), zeekConnLog(start + d * 86400, 8, 3600, d * 100));
  const r = await runCli(['ingest', dir, '--lake', lake, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /24 records: 24 written, 0 quarantined/);
});

test('sql runs over the window and prints a table', async () => {
  const r = await runCli([
    'sql',
    'select count(*) as n from NetworkSession',
    '--lake',
    lake,
    '--end-date',
    '2024-04-20',
    '--lookback-days',
    '1',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^n\s*\n-+\n8\s*\n\(1 row\)/);
});

test('--format json --out writes one JSON Lines file; csv and parquet too', async () => {
  const out = path.join(dir, 'r.json');
  const sql = 'select id_orig_h, TimeGenerated from ZeekConn order by TimeGenerated limit 2';
  const r = await runCli(['sql', sql, '--lake', lake, '--format', 'json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const lines = (await readFile(out, 'utf8')).trim().split('\n');
  assert.deepEqual(JSON.parse(lines[0]!), {
    id_orig_h: '10.0.0.0',
    TimeGenerated: '2024-04-19T00:00:00.000Z',
  });
  assert.equal(lines.length, 2);

  const csv = path.join(dir, 'r.csv');
  assert.equal((await runCli(['sql', sql, '--lake', lake, '--format', 'csv', '--out', csv])).code, 0);
  assert.equal((await readFile(csv, 'utf8')).split('\n')[0], 'id_orig_h,TimeGenerated');

  const parquet = path.join(dir, 'r.parquet');
  assert.equal((await runCli(['sql', sql, '--lake', lake, '--format', 'parquet', '--out', parquet])).code, 0);
  const back = await runCli([
    'sql',
    `select count(*) as n from read_parquet('${parquet}')`,
    '--lake',
    lake,
    '--format',
    'json',
  ]);
  assert.equal(back.stdout.trim(), '{"n":2}');
});

test('tables lists partitions and row counts', async () => {
  const r = await runCli(['tables', '--lake', lake, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const row = JSON.parse(r.stdout.trim().split('\n')[0]!);
  assert.equal(row.table, 'ZeekConn');
  assert.equal(row.rows, 24);
  assert.equal(row.partitions, 3);
  assert.equal(row.firstDay, '2024-04-19');
});

test('errors are one line with the right exit code', async () => {
  const usage = await runCli(['sql', 'select 1', '--lake', lake, '--end-date', '2024-13-01']);
  assert.equal(usage.code, 2);
  assert.equal(usage.stderr.trim().split('\n').length, 1);
  assert.match(usage.stderr, /--end-date/);

  const badSql = await runCli(['sql', 'select frobnicate(', '--lake', lake]);
  assert.equal(badSql.code, 1);
  assert.match(badSql.stderr, /^lakehunt: query failed: /);
  assert.equal(badSql.stderr.trim().split('\n').length, 1);

  const noLake = await runCli(['sql', 'select 1', '--lake', path.join(dir, 'nope')]);
  assert.equal(noLake.code, 1);
  assert.match(noLake.stderr, /no lake at .*nope: run `lakehunt ingest/);

  const missing = await runCli(['ingest', path.join(dir, 'missing.log'), '--lake', lake]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read .*missing\.log/);

  const unknownFormat = path.join(dir, 'blob.bin');
  await writeFile(unknownFormat, Buffer.from([1, 2, 3]));
  const unknown = await runCli(['ingest', unknownFormat, '--lake', path.join(dir, 'lake2'), '--quiet']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown format/);

  const badFlag = await runCli(['sql', 'select 1', '--frobnicate']);
  assert.equal(badFlag.code, 2);

  const parquetNoOut = await runCli(['sql', 'select 1', '--lake', lake, '--format', 'parquet']);
  assert.equal(parquetNoOut.code, 2);
  assert.match(parquetNoOut.stderr, /needs --out/);
});
