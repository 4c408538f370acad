import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { chooseEngine } from '../../src/cli/engine-choice.ts';
import { saveWorkspaceSession, writeWorkspaceConfig } from '../../src/core/workspace-config.ts';
import { parseSparkConnectUrl } from '../../src/engines/spark/spark-connect-url.ts';
import { runCliWith } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const SESSION_ID = '00112233-4455-6677-8899-aabbccddeeff';

async function sandbox() {
  const dir = await tempDir();
  const cfg = path.join(dir, 'cfg');
  const env: NodeJS.ProcessEnv = { HOME: path.join(dir, 'home'), LAKEHUNT_HOME: cfg };
  const file = path.join(cfg, 'workspace.json');
  const cli = (args: string[], moreEnv: NodeJS.ProcessEnv = {}) =>
    runCliWith(args, { ...env, ...moreEnv }, dir);
  return { dir, env, file, cli };
}

test('a bad config file is one line naming the file and the key', async () => {
  const { dir, file, cli } = await sandbox();
  await mkdir(path.dirname(file), { recursive: true });
  const lake = path.join(dir, 'lake');
  const cases: [unknown, RegExp][] = [
    [
      { workspaces: { lab: { lake, engine: 'oracle' } } },
      /"workspaces\.lab\.engine" must be "duckdb" or "spark"/,
    ],
    [{ workspaces: { lab: { lake: 42 } } }, /"workspaces\.lab\.lake" must be a folder or URL/],
    [
      { workspaces: { lab: { lake, engine: 'spark' } } },
      /"workspaces\.lab\.remote" is needed for the spark engine/,
    ],
    [
      { workspaces: { lab: { lake, remote: 'http://x' } } },
      /"workspaces\.lab\.remote" must be a Spark Connect URL/,
    ],
    [
      { workspaces: { lab: { lake, remoteTokenEnv: 'my token' } } },
      /"workspaces\.lab\.remoteTokenEnv" must be the NAME/,
    ],
    [{ workspaces: { 'a b': { lake } } }, /"workspaces\.a b" is not a workspace name/],
    [{ workspaces: { lab: 'lake' } }, /"workspaces\.lab" must be an object/],
    [{ workspaces: [] }, /"workspaces" must be an object of named workspaces/],
    [
      { current: 'prod', workspaces: { lab: { lake } } },
      /"current" names "prod", which is not under "workspaces"/,
    ],
    [{ current: 3, workspaces: { lab: { lake } } }, /"current" must be a workspace name/],
    [{ session: { engine: 'oracle' } }, /"session" has an unknown engine/],
  ];
  for (const [content, message] of cases) {
    await writeFile(file, JSON.stringify(content));
    for (const args of [
      ['sql', 'select 1'],
      ['workspace', 'list'],
      ['init', '--lake', lake],
    ]) {
      const r = await cli(args);
      const what = `${JSON.stringify(content)} → lakehunt ${args.join(' ')}`;
      assert.equal(r.code, 1, what);
      assert.equal(r.stderr.trim().split('\n').length, 1, what);
      assert.ok(r.stderr.startsWith(`lakehunt: ${file}: `), `${what}\n${r.stderr}`);
      assert.equal(r.stderr.split(file).length, 2, `the file is named once: ${r.stderr}`);
      assert.match(r.stderr, message, what);
    }
    // Nothing was rewritten.
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), content);
  }
  await writeFile(file, '{"workspaces": {');
  const notJson = await cli(['tables']);
  assert.equal(notJson.code, 1);
  assert.match(
    notJson.stderr,
    new RegExp(`^lakehunt: ${file}: not valid JSON \\(.*\\); fix or delete it\\n$`),
  );
});

test('no secret is written or printed: tokens stay in the environment', async () => {
  const { dir, file, cli } = await sandbox();
  const secrets = { LAKEHUNT_SPARK_TOKEN: 'lh-secret-0451', DBX_TOKEN: 'dapi-secret-9876' };
  const init = await cli(
    [
      'init',
      '--lake',
      path.join(dir, 'lake'),
      '--engine',
      'spark',
      '--remote',
      'sc://spark-host:15002',
      '--remote-token-env',
      'DBX_TOKEN',
    ],
    secrets,
  );
  assert.equal(init.code, 0, init.stderr);
  const show = await cli(['workspace', 'show'], secrets);
  assert.match(show.stdout, /^token: +\$DBX_TOKEN \(set; never stored\)$/m);
  const withToken = await cli(['init', '--remote', 'sc://spark-host:15002/;token=tok-in-url-1234'], secrets);
  assert.equal(withToken.code, 2);
  assert.match(withToken.stderr, /--remote must not carry a token: put it in the environment/);
  const everything = [init, show, withToken].map((r) => r.stdout + r.stderr).join('\n');
  const stored = await readFile(file, 'utf8');
  for (const secret of [...Object.values(secrets), 'tok-in-url-1234']) {
    assert.ok(!stored.includes(secret), `${secret} in the config`);
    assert.ok(!everything.includes(secret), `${secret} printed`);
  }
  assert.equal(
    JSON.parse(stored).workspaces.default.remoteTokenEnv,
    'DBX_TOKEN',
    'the variable name is what is kept',
  );
  // No temporary file is left beside the config (writes are temp + rename).
  assert.deepEqual(await readdir(path.dirname(file)), ['workspace.json']);
  // A hand-written token in the file is refused, not used.
  await writeFile(
    file,
    JSON.stringify({ workspaces: { w: { lake: dir, engine: 'spark', remote: 'sc://h/;token=abc' } } }),
  );
  const refused = await cli(['workspace', 'list']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /"workspaces\.w\.remote" holds a token/);
  assert.doesNotMatch(refused.stderr, /abc/);
  assert.throws(
    () =>
      writeWorkspaceConfig(file, {
        workspaces: { w: { lake: dir, engine: 'spark', remote: 'sc://h/;token=abc' } },
      }),
    /refusing to store a Spark token/,
  );
  await writeFile(file, '{}');
  const badName = await cli(['init', '--lake', dir, '--remote-token-env', 'dapi-secret-9876']);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /--remote-token-env takes the NAME of an environment variable/);
  assert.equal(await readFile(file, 'utf8'), '{}');
});

function io(env: NodeJS.ProcessEnv, cwd: string): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env, cwd };
}

test('engine choice with workspaces: flag > session > workspace default > duckdb; the workspace names the token variable', async () => {
  const { dir, env, file } = await sandbox();
  const remoteOf = (choice: ReturnType<typeof chooseEngine>) =>
    parseSparkConnectUrl(choice.options.remote ?? 'sc://none');
  assert.deepEqual(chooseEngine({}, io(env, dir)), { engine: 'duckdb', options: {} });

  writeWorkspaceConfig(file, {
    current: 'lab',
    workspaces: {
      lab: { lake: dir, engine: 'duckdb' },
      prod: { lake: dir, engine: 'spark', remote: 'sc://prod-host:15002', remoteTokenEnv: 'PROD_TOKEN' },
    },
  });
  const tokens = { ...env, PROD_TOKEN: 'p', LAKEHUNT_SPARK_TOKEN: 'default-token' };
  assert.deepEqual(chooseEngine({}, io(tokens, dir)), { engine: 'duckdb', options: {} });
  const prod = { ...tokens, LAKEHUNT_WORKSPACE: 'prod' };
  const fromWorkspace = chooseEngine({}, io(prod, dir));
  assert.equal(fromWorkspace.engine, 'spark');
  assert.equal(remoteOf(fromWorkspace).host, 'prod-host');
  assert.equal(remoteOf(fromWorkspace).token, 'p', 'the token from the variable the workspace names');
  assert.equal(remoteOf(fromWorkspace).sessionId, undefined);
  assert.deepEqual(chooseEngine({ engine: 'duckdb' }, io(prod, dir)), { engine: 'duckdb', options: {} });
  const adHoc = chooseEngine({ remote: 'sc://other:1' }, io(prod, dir));
  assert.equal(remoteOf(adHoc).host, 'other');
  // --engine spark in a duckdb workspace: no remote anywhere, the engine will say what is missing.
  assert.deepEqual(chooseEngine({ engine: 'spark' }, io(tokens, dir)), { engine: 'spark', options: {} });

  saveWorkspaceSession(file, {
    engine: 'spark',
    remote: 'sc://session-host:15002',
    sessionId: SESSION_ID,
    startedAt: 't',
  });
  for (const environment of [tokens, prod]) {
    const fromSession = chooseEngine({}, io(environment, dir));
    assert.equal(remoteOf(fromSession).host, 'session-host', 'a session beats the workspace default');
    assert.equal(remoteOf(fromSession).sessionId, SESSION_ID);
  }
  assert.deepEqual(chooseEngine({ engine: 'duckdb' }, io(prod, dir)), { engine: 'duckdb', options: {} });

  saveWorkspaceSession(file, { engine: 'duckdb', startedAt: 't' });
  assert.deepEqual(chooseEngine({}, io(prod, dir)), { engine: 'duckdb', options: {} });
  assert.equal(remoteOf(chooseEngine({ engine: 'spark' }, io(prod, dir))).host, 'prod-host');

  assert.throws(
    () => chooseEngine({}, io({ ...env, LAKEHUNT_WORKSPACE: 'nope' }, dir)),
    /no workspace "nope"/,
  );
});
