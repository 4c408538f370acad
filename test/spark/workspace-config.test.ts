import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { chooseEngine } from '../../src/cli/engine-choice.ts';
import { UserError } from '../../src/core/errors.ts';
import {
  readWorkspaceConfig,
  saveWorkspaceSession,
  workspaceConfigPath,
  writeWorkspaceConfig,
} from '../../src/core/workspace-config.ts';
import { parseSparkConnectUrl } from '../../src/engines/spark/spark-connect-url.ts';
import { tempDir } from '../support/temp-dir.ts';

const SESSION_ID = '00112233-4455-6677-8899-aabbccddeeff';

test('the config file: $LAKEHUNT_HOME, else ./.lakehunt when present, else ~/.lakehunt', async () => {
  const dir = await tempDir();
  const home = path.join(dir, 'home');
  const project = path.join(dir, 'project');
  await mkdir(project, { recursive: true });
  assert.equal(
    workspaceConfigPath({ env: {}, cwd: project, home }),
    path.join(home, '.lakehunt', 'workspace.json'),
  );
  await mkdir(path.join(project, '.lakehunt'));
  await writeFile(path.join(project, '.lakehunt', 'workspace.json'), '{}');
  assert.equal(
    workspaceConfigPath({ env: {}, cwd: project, home }),
    path.join(project, '.lakehunt', 'workspace.json'),
  );
  assert.equal(
    workspaceConfigPath({ env: { LAKEHUNT_HOME: 'cfg' }, cwd: project, home }),
    path.join(project, 'cfg', 'workspace.json'),
  );
});

test('sessions are saved atomically, other keys kept, tokens refused, bad files explained', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'ws', 'workspace.json');
  assert.deepEqual(readWorkspaceConfig(file), {});
  writeWorkspaceConfig(file, { lake: '/data/lake' });
  saveWorkspaceSession(file, { engine: 'spark', remote: 'sc://h:1', sessionId: SESSION_ID, startedAt: 't' });
  const saved = JSON.parse(await readFile(file, 'utf8'));
  assert.deepEqual(saved, {
    lake: '/data/lake',
    session: { engine: 'spark', remote: 'sc://h:1', sessionId: SESSION_ID, startedAt: 't' },
  });
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  saveWorkspaceSession(file, undefined);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { lake: '/data/lake' });
  assert.throws(
    () => saveWorkspaceSession(file, { engine: 'spark', remote: 'sc://h:1/;token=x', startedAt: 't' }),
    /refusing to store a Spark token/,
  );
  await writeFile(file, '{"session": ');
  assert.throws(
    () => readWorkspaceConfig(file),
    (e: unknown) => e instanceof UserError && /not valid JSON/.test(e.message),
  );
  await writeFile(file, '{"session": {"engine": "oracle"}}');
  assert.throws(() => readWorkspaceConfig(file), /unknown engine/);
});

function io(env: Record<string, string>, cwd: string): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env, cwd };
}

test('engine choice: flags first, then the workspace session, then duckdb; token from the environment', async () => {
  const dir = await tempDir();
  const env = { LAKEHUNT_HOME: path.join(dir, 'h'), HOME: dir };
  assert.deepEqual(chooseEngine({}, io(env, dir)), { engine: 'duckdb', options: {} });
  assert.deepEqual(chooseEngine({ engine: 'spark' }, io(env, dir)), { engine: 'spark', options: {} });

  saveWorkspaceSession(workspaceConfigPath({ env, cwd: dir }), {
    engine: 'spark',
    remote: 'sc://spark-host:15002',
    sessionId: SESSION_ID,
    startedAt: 't',
  });
  const fromSession = chooseEngine({}, io({ ...env, LAKEHUNT_SPARK_TOKEN: 'tok' }, dir));
  assert.equal(fromSession.engine, 'spark');
  const url = parseSparkConnectUrl(fromSession.options.remote ?? '');
  assert.equal(url.host, 'spark-host');
  assert.equal(url.sessionId, SESSION_ID);
  assert.equal(url.token, 'tok');

  assert.deepEqual(chooseEngine({ engine: 'duckdb' }, io(env, dir)), { engine: 'duckdb', options: {} });
  const adHoc = chooseEngine({ remote: 'sc://other:1' }, io(env, dir));
  assert.equal(adHoc.engine, 'spark');
  assert.equal(parseSparkConnectUrl(adHoc.options.remote ?? '').sessionId, undefined);
  assert.throws(
    () => chooseEngine({ engine: 'duckdb', remote: 'sc://x' }, io(env, dir)),
    /--remote is for --engine spark/,
  );
});
