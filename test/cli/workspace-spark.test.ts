import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { runCliWith } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { zeekConnLog } from '../support/zeek-fixtures.ts';

const REMOTE = process.env['LAKEHUNT_SPARK_REMOTE'];
const SKIP = 'needs a Spark Connect server: run npm run test:spark, or set LAKEHUNT_SPARK_REMOTE';

test('a Spark workspace: commands and `session start` use its remote and its token variable, no flags', {
  skip: REMOTE ? false : SKIP,
}, async () => {
  const dir = await tempDir();
  const token = process.env['LAKEHUNT_SPARK_TOKEN'];
  // The token sits in a variable of the workspace's choosing; LAKEHUNT_SPARK_TOKEN is not set.
  const env: NodeJS.ProcessEnv = {
    HOME: path.join(dir, 'home'),
    LAKEHUNT_HOME: path.join(dir, 'cfg'),
    ...(token ? { CLUSTER_TOKEN: token } : {}),
  };
  const cli = (...args: string[]) => runCliWith(args, env, dir);
  const lake = path.join(dir, 'lake');
  await writeFile(path.join(dir, 'conn.log'), zeekConnLog(Date.UTC(2024, 3, 19) / 1000, 6, 3600));
  assert.equal((await cli('init', '--lake', lake)).code, 0);
  assert.equal((await cli('ingest', path.join(dir, 'conn.log'), '--quiet')).code, 0);
  const init = await cli(
    'init',
    '--engine',
    'spark',
    '--remote',
    REMOTE ?? '',
    '--remote-token-env',
    'CLUSTER_TOKEN',
  );
  assert.equal(init.code, 0, init.stderr);

  const plan = await cli('sql', 'select count(*) as n from NetworkSession', '--explain');
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /== Physical Plan ==/, 'a Spark plan');
  const duckPlan = await cli(
    'sql',
    'select count(*) as n from NetworkSession',
    '--explain',
    '--engine',
    'duckdb',
  );
  assert.doesNotMatch(duckPlan.stdout, /== Physical Plan ==/);
  const counted = await cli('sql', 'select count(*) as n from NetworkSession', '--format', 'csv');
  assert.equal(counted.code, 0, counted.stderr);
  assert.equal(counted.stdout, 'n\n6\n');

  const start = await cli('session', 'start');
  assert.equal(start.code, 0, start.stderr);
  assert.match(start.stdout, /^session started: spark at sc:\/\/[^ ]+ \(Spark \d/);
  const stored = await readFile(path.join(dir, 'cfg', 'workspace.json'), 'utf8');
  if (token) assert.ok(!stored.includes(token), 'the token is not stored');
  const stop = await cli('session', 'stop');
  assert.equal(stop.code, 0, stop.stderr);
});
