import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import { loadLakeSnapshot } from '../../src/lake/lake-catalog.ts';
import { isLakeUrl, LAKE_URL_SCHEMES, parseLakeLocation } from '../../src/lake/lake-location.ts';
import { LakePaths } from '../../src/lake/lake-paths.ts';
import { snapshotFromListing, tablesFromListing, urlPath } from '../../src/lake/remote-lake-catalog.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const badUrl = (fragment: RegExp) => (e: unknown) =>
  e instanceof UserError && e.code === 'bad-lake-url' && e.exitCode === 2 && fragment.test(e.message);

test('folders stay folders, resolved against the working directory', () => {
  assert.deepEqual(parseLakeLocation('lake', '/work'), { kind: 'local', path: '/work/lake' });
  assert.deepEqual(parseLakeLocation('/data/lake/', '/work'), { kind: 'local', path: '/data/lake' });
  // A colon without // is a folder name, not a scheme.
  assert.deepEqual(parseLakeLocation('c:lake', '/work'), { kind: 'local', path: '/work/c:lake' });
  assert.equal(isLakeUrl('./lake'), false);
  assert.equal(isLakeUrl('abfss://c@a.dfs.core.windows.net/lake'), true);
});

test('every allowed scheme parses, normalised (lower-case scheme, no empty or trailing segments)', () => {
  const cases: [string, string][] = [
    [
      'abfss://am-commonsecuritylog@acct.dfs.core.windows.net/lake',
      'abfss://am-commonsecuritylog@acct.dfs.core.windows.net/lake',
    ],
    ['ABFS://logs@acct.dfs.core.windows.net//lake/', 'abfs://logs@acct.dfs.core.windows.net/lake'],
    ['wasbs://logs@acct.blob.core.windows.net/a/b', 'wasbs://logs@acct.blob.core.windows.net/a/b'],
    ['s3a://my-bucket/security/lake', 's3a://my-bucket/security/lake'],
    ['gs://my.bucket/lake', 'gs://my.bucket/lake'],
    ['hdfs://namenode:8020/lake', 'hdfs://namenode:8020/lake'],
    ['hdfs:///lake', 'hdfs:///lake'],
    ['file:///tmp/lake', 'file:///tmp/lake'],
    ['file://localhost/tmp/lake', 'file://localhost/tmp/lake'],
  ];
  for (const [input, url] of cases) {
    const parsed = parseLakeLocation(input);
    assert.equal(parsed.kind, 'url', input);
    if (parsed.kind === 'url') assert.equal(parsed.url, url);
  }
  assert.deepEqual([...LAKE_URL_SCHEMES].sort(), ['abfs', 'abfss', 'file', 'gs', 'hdfs', 's3a', 'wasbs']);
});

test('bad lake URLs are usage errors that say what to write instead', () => {
  assert.throws(() => parseLakeLocation('s3://bucket/lake'), badUrl(/use s3a:\/\/ instead of s3:\/\//));
  assert.throws(() => parseLakeLocation('wasb://c@a/lake'), badUrl(/use wasbs:\/\//));
  assert.throws(() => parseLakeLocation('http://host/lake'), badUrl(/http:\/\/ is not a lake store/));
  assert.throws(
    () => parseLakeLocation('abfss://acct.dfs.core.windows.net/lake'),
    badUrl(/CONTAINER@ACCOUNT/),
  );
  assert.throws(() => parseLakeLocation('abfss://Logs@acct/lake'), badUrl(/lower-case container/));
  assert.throws(() => parseLakeLocation('s3a://My_Bucket/lake'), badUrl(/bucket name/));
  assert.throws(() => parseLakeLocation('hdfs://name node/lake'), badUrl(/spaces/));
  assert.throws(() => parseLakeLocation('s3a://bucket/lake?x=1'), badUrl(/\?/));
  assert.throws(() => parseLakeLocation('s3a://bucket/a/../b'), badUrl(/\.\. segments/));
  assert.throws(() => parseLakeLocation('file://server/share/lake'), badUrl(/file:\/\/\/abs\/path/));
  assert.throws(() => parseLakeLocation('file:///'), badUrl(/absolute path/));
  assert.throws(() => parseLakeLocation('s3a://bucket/la\u0001ke'), badUrl(/control characters/));
});

test('the storage listing becomes tables, days and files, pruned to the window like a local lake', () => {
  const root = 'file:///data/lake';
  // Spark spells file URLs as file:/…; other stores keep their authority.
  const listed = [
    'file:/data/lake/CommonSecurityLog/day=2024-04-20/part-b.parquet',
    'file:/data/lake/CommonSecurityLog/day=2024-04-19/part-a.parquet',
    'file:/data/lake/CommonSecurityLog/day=2024-04-21/part-c.parquet',
    'file:/data/lake/Watchlist_hosts/part-1.parquet',
    'file:/data/lake/ZeekConn/day=2024-04-18/part-z.parquet',
    // Outside the layout: deeper folders, bad names, other roots.
    'file:/data/lake/CommonSecurityLog/day=2024-04-20/nested/part-x.parquet',
    'file:/data/lake/not-a-table/part-1.parquet',
    'file:/data/lake/stray.parquet',
    'file:/data/lakes/Other/part-1.parquet',
  ];
  const tables = tablesFromListing(root, listed);
  assert.deepEqual(
    tables.map((t) => [t.name, t.path, t.partitioned, t.files.length]),
    [
      ['CommonSecurityLog', 'file:/data/lake/CommonSecurityLog', true, 3],
      ['Watchlist_hosts', 'file:/data/lake/Watchlist_hosts', false, 1],
      ['ZeekConn', 'file:/data/lake/ZeekConn', true, 1],
    ],
  );
  const window = { from: new Date('2024-04-20T00:00:00Z'), to: new Date('2024-04-21T12:00:00Z') };
  const columns = [{ name: 'TimeGenerated', type: 'TIMESTAMP' }];
  const snapshot = snapshotFromListing(root, window, tables, () => columns);
  assert.equal(snapshot.root, root);
  assert.deepEqual(snapshot.window, window);
  assert.deepEqual(
    snapshot.tables.map((t) => ({ name: t.name, days: t.days, files: t.files })),
    [
      {
        name: 'CommonSecurityLog',
        days: ['2024-04-20', '2024-04-21'],
        files: [
          'file:/data/lake/CommonSecurityLog/day=2024-04-20/part-b.parquet',
          'file:/data/lake/CommonSecurityLog/day=2024-04-21/part-c.parquet',
        ],
      },
      { name: 'Watchlist_hosts', days: [], files: ['file:/data/lake/Watchlist_hosts/part-1.parquet'] },
      { name: 'ZeekConn', days: [], files: [] },
    ],
  );
  const all = snapshotFromListing(root, undefined, tables, () => columns);
  assert.deepEqual(all.tables[0]?.days, ['2024-04-19', '2024-04-20', '2024-04-21']);

  const abfs = tablesFromListing('abfss://logs@acct.dfs.core.windows.net/lake', [
    'abfss://logs@acct.dfs.core.windows.net/lake/ZeekConn/day=2024-04-18/part-z.parquet',
  ]);
  assert.equal(abfs[0]?.path, 'abfss://logs@acct.dfs.core.windows.net/lake/ZeekConn');
  assert.equal(urlPath('hdfs:///lake/'), '/lake');
});

test('local-only code refuses cluster lakes; file:// URLs name local folders', async () => {
  const dir = await tempDir();
  const lake = path.join(dir, 'lake');
  await mkdir(path.join(lake, 'ZeekConn', 'day=2024-04-19'), { recursive: true });
  await writeFile(
    path.join(lake, 'ZeekConn', '_schema.json'),
    JSON.stringify({
      table: 'ZeekConn',
      columns: [{ name: 'TimeGenerated', type: 'TIMESTAMP' }],
      partitioned: true,
    }),
  );
  const viaUrl = await loadLakeSnapshot(`file://${lake}`, undefined);
  assert.deepEqual(viaUrl, await loadLakeSnapshot(lake, undefined));
  await assert.rejects(
    loadLakeSnapshot('s3a://bucket/lake', undefined),
    (e: unknown) => e instanceof UserError && e.code === 'remote-lake-not-supported',
  );
  assert.throws(
    () => new LakePaths('abfss://logs@acct.dfs.core.windows.net/lake'),
    (e: unknown) => e instanceof UserError && /local lakes only/.test(e.message),
  );
});

test('the CLI: DuckDB refuses a cluster lake with one line, reads a file:// lake, and ingest refuses URLs', async () => {
  const dir = await tempDir();
  const url = 'abfss://am-commonsecuritylog@acct.dfs.core.windows.net/lake';
  const sql = await runCli(['sql', 'select 1', '--lake', url, '--engine', 'duckdb'], dir);
  assert.equal(sql.code, 2);
  assert.equal(
    sql.stderr,
    `lakehunt: --lake ${url} is on cluster storage, which only Spark can read: add --engine spark --remote sc://HOST:PORT (or start a session with \`lakehunt session start\`)\n`,
  );
  const hunt = await runCli(['hunt', 'beaconing', '--lake', url, '--engine', 'duckdb'], dir);
  assert.equal(hunt.code, 2);
  assert.match(hunt.stderr, /only Spark can read/);
  const typo = await runCli(['sql', 'select 1', '--lake', 's3://bucket/lake'], dir);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /use s3a:\/\/ instead of s3:\/\//);
  const ingest = await runCli(['ingest', dir, '--lake', url], dir);
  assert.equal(ingest.code, 2);
  assert.match(ingest.stderr, /local lakes only/);

  const local = await runCli(['sql', 'select 42 AS x', '--lake', `file://${dir}`, '--format', 'csv'], dir);
  assert.equal(local.code, 0, local.stderr);
  assert.equal(local.stdout, 'x\n42\n');
});
