import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { runCliWith } from '../../support/run-cli.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { generatedLake, sparkUrl } from '../support/live-spark.ts';

test('lakehunt session start|status|stop: later commands share one Spark session', async () => {
  const dir = await tempDir();
  const lake = await generatedLake();
  const token = process.env['LAKEHUNT_SPARK_TOKEN'];
  const env: NodeJS.ProcessEnv = {
    HOME: dir,
    LAKEHUNT_HOME: path.join(dir, 'ws'),
    ...(token ? { LAKEHUNT_SPARK_TOKEN: token } : {}),
  };
  const cli = (...args: string[]) => runCliWith(args, env, dir);

  const start = await cli('session', 'start', '--engine', 'spark', '--remote', sparkUrl());
  assert.equal(start.code, 0, start.stderr);
  assert.match(
    start.stdout,
    /^session started: spark at sc:\/\/127\.0\.0\.1:\d+ \(Spark 4\.\d+\.\d+\)\nsession id: [0-9a-f-]{36}\n/,
  );
  const stored = await readFile(path.join(dir, 'ws', 'workspace.json'), 'utf8');
  assert.doesNotMatch(stored, /token/i);
  if (token) assert.ok(!stored.includes(token));

  const status = await cli('session', 'status');
  assert.equal(status.code, 0, status.stderr);
  assert.match(
    status.stdout,
    /^engine: spark\nremote: sc:\/\/127\.0\.0\.1:\d+\nsession id: [0-9a-f-]{36}\nstarted: .*\nserver: Spark 4\./,
  );

  // No --engine/--remote: the workspace session is used, and state persists between commands.
  const create = await cli(
    'sql',
    'CREATE OR REPLACE TEMP VIEW lakehunt_probe AS SELECT 42 AS answer',
    '--lake',
    lake,
  );
  assert.equal(create.code, 0, create.stderr);
  const read = await cli(
    'sql',
    'select answer, count(*) over () as views from lakehunt_probe',
    '--lake',
    lake,
    '--format',
    'json',
  );
  assert.equal(read.code, 0, read.stderr);
  assert.equal(read.stdout, '{"answer":42,"views":1}\n');
  const counted = await cli(
    'sql',
    'select count(*) as n from NetworkSession',
    '--lake',
    lake,
    '--end-date',
    '2024-04-21',
    '--lookback-days',
    '1',
    '--format',
    'csv',
  );
  assert.equal(counted.code, 0, counted.stderr);
  const duck = await cli(
    'sql',
    'select count(*) as n from NetworkSession',
    '--lake',
    lake,
    '--end-date',
    '2024-04-21',
    '--lookback-days',
    '1',
    '--format',
    'csv',
    '--engine',
    'duckdb',
  );
  assert.equal(counted.stdout, duck.stdout);
  assert.match(counted.stdout, /^n\n[1-9]\d*\n$/);

  const stop = await cli('session', 'stop');
  assert.equal(stop.code, 0, stop.stderr);
  assert.match(stop.stdout, /^session stopped: spark at sc:\/\//);
  assert.equal(
    (await cli('session', 'status')).stdout,
    'no session: commands run on duckdb (embedded) unless --engine/--remote is given\n',
  );

  // Without the session, the view is gone: DuckDB by default, a fresh Spark session with --remote.
  const after = await cli('sql', 'select answer from lakehunt_probe', '--lake', lake, '--remote', sparkUrl());
  assert.equal(after.code, 1);
  assert.match(after.stderr, /^lakehunt: query failed on Spark: \[TABLE_OR_VIEW_NOT_FOUND\]/);
});

test('session start refuses what it cannot use, with one clear line', async () => {
  const dir = await tempDir();
  const env: NodeJS.ProcessEnv = { HOME: dir, LAKEHUNT_HOME: path.join(dir, 'ws') };
  const cli = (...args: string[]) => runCliWith(args, env, dir);
  const noRemote = await cli('session', 'start', '--engine', 'spark');
  assert.equal(noRemote.code, 2);
  assert.equal(noRemote.stderr, 'lakehunt: session start --engine spark needs --remote sc://HOST:PORT\n');
  const unreachable = await cli('session', 'start', '--remote', 'sc://127.0.0.1:9');
  assert.equal(unreachable.code, 1);
  assert.match(
    unreachable.stderr,
    /^lakehunt: cannot reach Spark Connect at sc:\/\/127\.0\.0\.1:9: connect ECONNREFUSED/,
  );
  assert.equal(unreachable.stderr.split('\n').length, 2);
  const duck = await cli('session', 'start', '--engine', 'duckdb');
  assert.equal(duck.code, 0, duck.stderr);
  assert.equal((await cli('session', 'status')).stdout, 'engine: duckdb (embedded)\n');
});
