import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import { withLakeEngine } from '../../src/core/lake-query.ts';
import type { TimeWindow } from '../../src/core/time-window.ts';
import { type Engine, registerEngine } from '../../src/engines/engine.ts';
import '../../src/engines/engines.ts';
import type { LakeSnapshot } from '../../src/lake/lake-snapshot.ts';

/** A cluster engine that records what it was asked: the real Spark engine is tested live. */
function fakeClusterEngine(calls: string[]): Engine {
  return {
    name: 'spark',
    dialect: 'spark',
    async discoverLake(url: string, window: TimeWindow | undefined): Promise<LakeSnapshot> {
      calls.push(`discover ${url} ${window?.from.toISOString() ?? 'all'}`);
      return { root: url, window, tables: [] };
    },
    async attachLake(lake: LakeSnapshot) {
      calls.push(`attach ${lake.root}`);
    },
    async query() {
      return { columns: [], rows: [] };
    },
    async *stream() {
      yield { columns: [], rows: [] };
    },
    async explain() {
      return '';
    },
    async close() {
      calls.push('close');
    },
  };
}

test('a URL lake is listed by the engine that can read it, then attached like a folder', async () => {
  const calls: string[] = [];
  registerEngine('spark', async () => fakeClusterEngine(calls));
  const window = { from: new Date('2024-04-19T00:00:00Z'), to: new Date('2024-04-20T00:00:00Z') };
  const seen = await withLakeEngine(
    { lake: 'ABFSS://logs@acct.dfs.core.windows.net//lake/', window, engine: 'spark' },
    async (_engine, snapshot) => snapshot.root,
  );
  assert.equal(seen, 'abfss://logs@acct.dfs.core.windows.net/lake');
  assert.deepEqual(calls, [
    'discover abfss://logs@acct.dfs.core.windows.net/lake 2024-04-19T00:00:00.000Z',
    'attach abfss://logs@acct.dfs.core.windows.net/lake',
    'close',
  ]);
});

test('an engine that reads folders only refuses a URL lake; a mistyped scheme is a usage error', async () => {
  await assert.rejects(
    withLakeEngine({ lake: 's3a://bucket/lake', window: undefined, engine: 'duckdb' }, async () => 1),
    (e: unknown) => e instanceof UserError && e.code === 'remote-lake-needs-spark' && e.exitCode === 2,
  );
  await assert.rejects(
    withLakeEngine({ lake: 's3://bucket/lake', window: undefined, engine: 'duckdb' }, async () => 1),
    (e: unknown) => e instanceof UserError && e.code === 'bad-lake-url',
  );
});
