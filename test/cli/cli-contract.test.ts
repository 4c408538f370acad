import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
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
  // Read back with an engine of its own: `lakehunt sql` may read only the lake.
  const engine = await DuckDBEngine.open();
  try {
    const back = await engine.query('select count(*) as n from read_parquet($file)', { file: parquet });
    assert.equal(back.rows[0]?.['n'], 2);
  } finally {
    await engine.close();
  }
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

test('sql reads only the lake: other files, COPY and extensions are refused', async () => {
  const secret = path.join(dir, 'secret.csv');
  await writeFile(secret, 'password\nhunter2\n');
  const outside = [
    `select * from read_csv('${secret}')`,
    `select * from read_parquet('${lake}/../secret.csv')`,
    `copy (select 1 as x) to '${path.join(dir, 'copied.csv')}'`,
    'install httpfs',
  ];
  for (const sql of outside) {
    const r = await runCli(['sql', sql, '--lake', lake]);
    assert.equal(r.code, 1, sql);
    assert.equal(r.stderr.trim().split('\n').length, 1, sql);
    assert.match(r.stderr, /outside the lake; queries may read only the lake's own files/, sql);
    assert.doesNotMatch(r.stdout, /hunter2/);
  }
  await assert.rejects(readFile(path.join(dir, 'copied.csv')));
  // The lake's own files stay readable, also by path.
  const own = await runCli([
    'sql',
    `select count(*) as n from read_parquet('${lake}/ZeekConn/*/*.parquet')`,
    '--lake',
    lake,
  ]);
  assert.equal(own.code, 0, own.stderr);
  assert.match(own.stdout, /\b24\b/);
});
