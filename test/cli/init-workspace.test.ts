import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { runCliWith } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { zeekConnLog } from '../support/zeek-fixtures.ts';

const DAY = Date.UTC(2024, 3, 19) / 1000;

/** A folder with its own home and workspace config, and a CLI that runs there. */
async function sandbox(extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = await tempDir();
  const home = path.join(dir, 'home');
  const env: NodeJS.ProcessEnv = { HOME: home, LAKEHUNT_HOME: path.join(home, 'cfg'), ...extraEnv };
  const configFile = path.join(home, 'cfg', 'workspace.json');
  const cli = (args: string[], moreEnv: NodeJS.ProcessEnv = {}, cwd = dir) =>
    runCliWith(args, { ...env, ...moreEnv }, cwd);
  return { dir, home, env, configFile, cli };
}

/** A Zeek conn log of `count` records an hour apart on 2024-04-19. */
async function connLog(dir: string, name: string, count: number, firstId = 0): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, zeekConnLog(DAY, count, 3600, firstId));
  return file;
}

function countOf(stdout: string): number {
  const row = JSON.parse(stdout.trim()) as { n: number };
  return Number(row.n);
}

const COUNT = ['sql', 'select count(*) as n from NetworkSession', '--format', 'json'];

test('init creates the lake and the workspace; tables, ingest and sql then need no --lake', async () => {
  const { dir, configFile, cli } = await sandbox();
  const noLake = await cli(['tables']);
  assert.equal(noLake.code, 2);
  assert.equal(noLake.stderr.trim().split('\n').length, 1);
  assert.match(noLake.stderr, /^lakehunt: no lake given: add --lake DIR, or run `lakehunt init --lake DIR`/);

  const init = await cli(['init', '--lake', 'lake']);
  assert.equal(init.code, 0, init.stderr);
  const lake = path.join(dir, 'lake');
  assert.match(
    init.stdout,
    new RegExp(`^created workspace "default" in ${configFile}\\n  lake: +${lake} \\(new, empty\\)`),
  );
  assert.ok((await stat(path.join(lake, '_lakehunt'))).isDirectory());
  assert.deepEqual(JSON.parse(await readFile(configFile, 'utf8')), {
    current: 'default',
    workspaces: { default: { lake, engine: 'duckdb' } },
  });

  const empty = await cli(['tables', '--format', 'json']);
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(empty.stdout, '');

  const log = await connLog(dir, 'conn.log', 5);
  const ingest = await cli(['ingest', log, '--quiet']);
  assert.equal(ingest.code, 0, ingest.stderr);
  assert.match(ingest.stdout, /5 records: 5 written/);
  const tables = await cli(['tables', '--format', 'json']);
  assert.equal(tables.code, 0, tables.stderr);
  assert.equal((JSON.parse(tables.stdout.trim()) as { rows: number }).rows, 5);
  const sql = await cli(COUNT);
  assert.equal(sql.code, 0, sql.stderr);
  assert.equal(countOf(sql.stdout), 5);

  // --lake always wins over the workspace's lake.
  const other = path.join(dir, 'other');
  assert.equal(
    (await cli(['ingest', await connLog(dir, 'conn2.log', 2, 100), '--lake', other, '--quiet'])).code,
    0,
  );
  assert.equal(countOf((await cli([...COUNT, '--lake', other])).stdout), 2);
  // ... and so does LAKEHUNT_LAKE.
  assert.equal(countOf((await cli(COUNT, { LAKEHUNT_LAKE: other })).stdout), 2);
});

test('init twice is idempotent; re-running it updates the workspace and keeps unknown keys', async () => {
  const { dir, configFile, cli } = await sandbox();
  const args = ['init', '--lake', path.join(dir, 'lake'), '--workspace', 'lab'];
  assert.equal((await cli(args)).code, 0);
  const first = await readFile(configFile, 'utf8');
  const again = await cli(args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^updated workspace "lab"/);
  assert.equal(await readFile(configFile, 'utf8'), first);
  assert.doesNotMatch(again.stdout, /new, empty/);

  // Keys lakehunt does not know stay, at the top and inside a workspace.
  const edited = JSON.parse(first) as { workspaces: { lab: Record<string, unknown> } } & Record<
    string,
    unknown
  >;
  edited['team'] = 'blue';
  edited.workspaces.lab['notes'] = 'weekly hunts';
  await writeFile(configFile, JSON.stringify(edited));
  const spark = await cli(['init', '--engine', 'spark', '--remote', 'sc://spark-host:15002'], {
    LAKEHUNT_WORKSPACE: 'lab',
  });
  assert.equal(spark.code, 0, spark.stderr);
  assert.deepEqual(JSON.parse(await readFile(configFile, 'utf8')), {
    current: 'lab',
    team: 'blue',
    workspaces: {
      lab: {
        lake: path.join(dir, 'lake'),
        engine: 'spark',
        remote: 'sc://spark-host:15002',
        notes: 'weekly hunts',
      },
    },
  });
  // No flags: nothing changes (the current workspace is the one updated).
  const before = await readFile(configFile, 'utf8');
  assert.equal((await cli(['init'])).code, 0);
  assert.equal(await readFile(configFile, 'utf8'), before);
});

test('two workspaces: switched by --workspace, LAKEHUNT_WORKSPACE and `workspace use`', async () => {
  const { dir, configFile, cli } = await sandbox();
  for (const [name, count] of [
    ['red', 3],
    ['blue', 7],
  ] as const) {
    const init = await cli(['init', '--workspace', name, '--lake', path.join(dir, name)]);
    assert.equal(init.code, 0, init.stderr);
    if (name === 'blue')
      assert.match(
        init.stdout,
        /\n"red" is still the current workspace: `lakehunt workspace use blue` switches\n$/,
      );
    const log = await connLog(dir, `${name}.log`, count);
    assert.equal((await cli(['--workspace', name, 'ingest', log, '--quiet'])).code, 0);
  }
  // The first workspace made stays current until `workspace use`.
  assert.equal(countOf((await cli(COUNT)).stdout), 3);
  assert.equal(countOf((await cli([...COUNT, '--workspace', 'blue'])).stdout), 7);
  assert.equal(countOf((await cli(COUNT, { LAKEHUNT_WORKSPACE: 'blue' })).stdout), 7);
  // The flag wins over the environment.
  assert.equal(
    countOf((await cli(['--workspace', 'red', ...COUNT], { LAKEHUNT_WORKSPACE: 'blue' })).stdout),
    3,
  );

  const list = await cli(['workspace', 'list']);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(
    list.stdout,
    `  blue  ${path.join(dir, 'blue')}  duckdb\n* red   ${path.join(dir, 'red')}  duckdb\n`,
  );
  const selected = await cli(['workspace', 'list', '--workspace', 'blue']);
  assert.match(selected.stdout, /^\* blue .*\n {2}red .*\n\("blue" selected by --workspace/);

  const json = await cli(['workspace', 'list', '--json']);
  assert.deepEqual(
    json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line)),
    [
      { name: 'blue', inUse: false, current: false, lake: path.join(dir, 'blue'), engine: 'duckdb' },
      { name: 'red', inUse: true, current: true, lake: path.join(dir, 'red'), engine: 'duckdb' },
    ],
  );
  const use = await cli(['workspace', 'use', 'blue']);
  assert.equal(use.code, 0, use.stderr);
  assert.equal(use.stdout, `current workspace: blue (${configFile})\n`);
  assert.equal(countOf((await cli(COUNT)).stdout), 7);
  assert.match((await cli(['workspace', 'list'])).stdout, /^\* blue /);
  const show = await cli(['workspace', 'show']);
  assert.equal(
    show.stdout,
    `workspace: blue (current)\nfile:      ${configFile}\nlake:      ${path.join(dir, 'blue')}\nengine:    duckdb\n`,
  );

  const unknown = await cli(['workspace', 'use', 'green']);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /^lakehunt: no workspace "green" in .* \(known: red, blue\): create it with `lakehunt init --workspace green --lake DIR`\n$/,
  );
  const unknownFlag = await cli([...COUNT, '--workspace', 'green']);
  assert.equal(unknownFlag.code, 2);
  assert.match(unknownFlag.stderr, /no workspace "green"/);
  const badName = await cli(COUNT, { LAKEHUNT_WORKSPACE: '../etc' });
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /workspace name "\.\.\/etc" is not valid/);
});

test('the engine: flag > session > workspace default > duckdb (the dialect of hunt --explain shows it)', async () => {
  const { dir, configFile, cli } = await sandbox();
  const lake = path.join(dir, 'lake');
  assert.equal((await cli(['init', '--lake', lake])).code, 0);
  assert.equal((await cli(['ingest', await connLog(dir, 'c.log', 2), '--quiet'])).code, 0);
  const dialect = async (...extra: string[]) => {
    const r = await cli(['hunt', 'beaconing', '--explain', ...extra]);
    assert.equal(r.code, 0, r.stderr);
    // Spark quotes identifiers with backticks, DuckDB with double quotes.
    return r.stdout.includes('FROM `NetworkSession`')
      ? 'spark'
      : r.stdout.includes('FROM "NetworkSession"')
        ? 'duckdb'
        : r.stdout;
  };
  assert.equal(await dialect(), 'duckdb');
  assert.equal((await cli(['init', '--engine', 'spark', '--remote', 'sc://127.0.0.1:9'])).code, 0);
  assert.equal(await dialect(), 'spark', 'the workspace default');
  assert.equal(await dialect('--engine', 'duckdb'), 'duckdb', 'a flag wins');
  // A session (here a duckdb one, written as `session start --engine duckdb` writes it) beats the default.
  const session = await cli(['session', 'start', '--engine', 'duckdb']);
  assert.equal(session.code, 0, session.stderr);
  assert.equal(await dialect(), 'duckdb', 'the session wins over the workspace');
  assert.equal(await dialect('--engine', 'spark'), 'spark', 'a flag wins over the session');
  assert.equal((await cli(['session', 'stop'])).code, 0);
  assert.equal(await dialect(), 'spark');
  const status = await cli(['session', 'status']);
  assert.equal(
    status.stdout,
    'no session: commands run on spark at sc://127.0.0.1:9 (default of workspace "default") unless --engine/--remote is given\n',
  );
  assert.equal((await cli(['init', '--engine', 'duckdb'])).code, 0);
  assert.equal(await dialect(), 'duckdb');
  // The remote is kept for later: --engine spark alone uses it.
  assert.equal(await dialect('--engine', 'spark'), 'spark');
  assert.match(await readFile(configFile, 'utf8'), /"remote": "sc:\/\/127\.0\.0\.1:9"/);
});

test('init --here writes ./.lakehunt/workspace.json, which commands in that folder then use', async () => {
  const dir = await tempDir();
  const home = path.join(dir, 'home');
  const project = path.join(dir, 'project');
  await mkdir(project, { recursive: true });
  const cli = (args: string[], cwd = project) => runCliWith(args, { HOME: home }, cwd);

  const init = await cli(['init', '--here', '--lake', 'data/lake']);
  assert.equal(init.code, 0, init.stderr);
  const file = path.join(project, '.lakehunt', 'workspace.json');
  assert.match(init.stdout, new RegExp(`in ${file}\\n`));
  assert.equal(init.stderr, '');
  await assert.rejects(stat(path.join(home, '.lakehunt')), 'the home folder is not touched');
  assert.equal((await cli(['ingest', await connLog(dir, 'c.log', 4), '--quiet'])).code, 0);
  assert.ok((await stat(path.join(project, 'data', 'lake', 'ZeekConn'))).isDirectory());
  assert.equal(countOf((await cli(COUNT)).stdout), 4);
  // Elsewhere, the project's workspace is not seen.
  const outside = await cli(COUNT, dir);
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /no lake given/);

  // Without --here (and no LAKEHUNT_HOME), init writes the user's ~/.lakehunt/workspace.json.
  const user = await cli(['init', '--lake', path.join(dir, 'user-lake')], dir);
  assert.equal(user.code, 0, user.stderr);
  assert.match(user.stdout, new RegExp(`in ${path.join(home, '.lakehunt', 'workspace.json')}\\n`));
  // A relative lake written by hand is relative to the config file's folder.
  await writeFile(file, JSON.stringify({ current: 'p', workspaces: { p: { lake: '../data/lake' } } }));
  assert.equal(countOf((await cli(COUNT)).stdout), 4);
  // ... and init keeps it as written.
  assert.equal((await cli(['init', '--engine', 'duckdb'])).code, 0);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), {
    current: 'p',
    workspaces: { p: { lake: '../data/lake', engine: 'duckdb' } },
  });
});

test('a config file from before workspaces (only a session) keeps working and gains workspaces', async () => {
  const { dir, configFile, cli } = await sandbox();
  await mkdir(path.dirname(configFile), { recursive: true });
  const legacy = { session: { engine: 'duckdb', startedAt: '2024-04-22T00:00:00.000Z' } };
  await writeFile(configFile, JSON.stringify(legacy));
  const status = await cli(['session', 'status']);
  assert.equal(status.code, 0, status.stderr);
  assert.equal(status.stdout, 'engine: duckdb (embedded)\n');
  const list = await cli(['workspace', 'list']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^no workspaces in .*: create one with `lakehunt init --lake DIR`\n$/);
  const lake = path.join(dir, 'lake');
  assert.equal((await cli(['ingest', await connLog(dir, 'c.log', 2), '--lake', lake, '--quiet'])).code, 0);
  assert.equal(countOf((await cli([...COUNT, '--lake', lake])).stdout), 2);

  assert.equal((await cli(['init', '--lake', lake])).code, 0);
  assert.deepEqual(JSON.parse(await readFile(configFile, 'utf8')), {
    ...legacy,
    current: 'default',
    workspaces: { default: { lake, engine: 'duckdb' } },
  });
  assert.equal(countOf((await cli(COUNT)).stdout), 2);
});
