import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { UserError } from '../../../src/core/errors.ts';
import { type SparkEffects, SparkEngine } from '../../../src/engines/spark/spark-engine.ts';
import { assertSameResult } from '../support/compare-results.ts';
import { noSignals, openDuck, openSpark, sparkRemote, sparkUrl } from '../support/live-spark.ts';

const userError = (code: string, message?: RegExp) => (e: unknown) =>
  e instanceof UserError && e.code === code && (message === undefined || message.test(e.message));

test('results come out in the same normalised shape as DuckDB', async () => {
  const sql =
    "SELECT CAST(7 AS INT) AS i, CAST(9007199254740993 AS BIGINT) AS big, CAST(2 AS BIGINT) AS b, CAST(1.25 AS DOUBLE) AS d, 'x''y' AS s, TRUE AS t, " +
    "CAST(NULL AS STRING) AS n, TIMESTAMP '2024-04-19 01:02:03.456' AS ts, DATE '2024-04-19' AS dt, CAST(12.5 AS DECIMAL(10,2)) AS dec";
  const duck = await openDuck();
  const spark = await openSpark();
  try {
    const expected = await duck.query(sql);
    const actual = await spark.query(sql);
    assertSameResult(expected, actual, { ordered: true });
    assert.equal(actual.rows[0]?.['big'], '9007199254740993');
  } finally {
    await spark.close();
    await duck.close();
  }
});

test('parameters travel as typed named arguments, never as SQL text', async () => {
  const spark = await openSpark();
  try {
    const result = await spark.query(
      'SELECT :n + 1 AS n, :big AS big, :s AS s, :t AS t, :flag AS flag, :none AS none, :x * 2 AS x FROM range(5) LIMIT :n',
      {
        n: 2,
        big: 2 ** 40,
        s: "it's'; DROP VIEW x; --",
        t: new Date('2024-04-21T10:00:00.250Z'),
        flag: false,
        none: null,
        x: 0.5,
      },
    );
    assert.deepEqual(
      result.columns.map((c) => `${c.name}:${c.type}`),
      ['n:int', 'big:long', 's:string', 't:timestamp', 'flag:boolean', 'none:string', 'x:double'],
    );
    assert.equal(result.rows.length, 2);
    assert.deepEqual(result.rows[0], {
      n: 3,
      big: 2 ** 40,
      s: "it's'; DROP VIEW x; --",
      t: new Date('2024-04-21T10:00:00.250Z'),
      flag: false,
      none: null,
      x: 1,
    });
  } finally {
    await spark.close();
  }
});

test('explain and schema work without running the query', async () => {
  const spark = await openSpark();
  try {
    const plan = await spark.explain('SELECT id FROM range(10) WHERE id > :lo', { lo: 3 });
    assert.match(plan, /Physical Plan/);
    assert.deepEqual(await spark.schema('SELECT id, CAST(id AS STRING) AS s FROM range(1)'), [
      { name: 'id', type: 'long' },
      { name: 's', type: 'string' },
    ]);
  } finally {
    await spark.close();
  }
});

test('failed queries name the Spark error class', async () => {
  const spark = await openSpark();
  try {
    await assert.rejects(
      spark.query('SELECT * FROM no_such_table'),
      userError(
        'query-failed',
        /^query failed on Spark: \[TABLE_OR_VIEW_NOT_FOUND\] The table or view `no_such_table` cannot be found/,
      ),
    );
    await assert.rejects(spark.query('SELECT 1 / 0 AS x'), userError('query-failed', /\[DIVIDE_BY_ZERO\]/));
    await assert.rejects(spark.query('SELEC 1'), userError('query-failed', /\[PARSE_SYNTAX_ERROR\]/));
    // The session survives failures.
    assert.deepEqual((await spark.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
  } finally {
    await spark.close();
  }
});

// A query that waits without using a core: Thread.sleep on the executor.
const sleepSql = (ms: number) =>
  `SELECT reflect('java.lang.Thread', 'sleep', CAST(${ms} AS BIGINT)) AS slept`;

test('query_timeout stops a long query with a time-out error', async () => {
  const spark = await SparkEngine.open({ remote: sparkRemote('/;query_timeout=1') }, noSignals);
  try {
    const started = Date.now();
    await assert.rejects(spark.query(sleepSql(4000)), userError('spark-timeout', /timed out after 1 s/));
    assert.ok(Date.now() - started < 3500, `took ${Date.now() - started} ms`);
  } finally {
    await spark.close();
  }
});

test('Ctrl-C interrupts the running operation on the server', async () => {
  let press: (() => void) | undefined;
  const effects: SparkEffects = {
    onInterrupt(handler) {
      press = handler;
      return () => {
        press = undefined;
      };
    },
  };
  const spark = await openSpark({}, effects);
  try {
    const started = Date.now();
    const running = spark.query(sleepSql(30_000));
    setTimeout(() => press?.(), 1500);
    await assert.rejects(running, userError('interrupted'));
    assert.ok(Date.now() - started < 10_000, `interrupt took ${Date.now() - started} ms`);
    assert.deepEqual((await spark.query('SELECT 2 AS two')).rows, [{ two: 2 }]);
  } finally {
    await spark.close();
  }
});

test('a large result (200k rows) decodes completely', async () => {
  const spark = await openSpark();
  try {
    const result = await spark.query(
      'SELECT id, CAST(id AS STRING) AS s, id * 1.5D AS d, timestamp_micros(id * 1000000) AS t FROM range(200000)',
    );
    assert.equal(result.rows.length, 200_000);
    const last = result.rows.find((r) => r['id'] === 199_999);
    assert.deepEqual(last, { id: 199_999, s: '199999', d: 299_998.5, t: new Date(199_999_000) });
    assert.ok(spark.stats.decodeMs > 0);
  } finally {
    await spark.close();
  }
});

test('a session named in the URL is shared; once released it is refused', async () => {
  const sessionId = randomUUID();
  const remote = sparkRemote(`/;session_id=${sessionId}`);
  const first = await SparkEngine.open({ remote }, noSignals);
  await first.run('CREATE OR REPLACE TEMP VIEW lakehunt_shared AS SELECT 42 AS answer');
  await first.close();
  const second = await SparkEngine.open({ remote }, noSignals);
  assert.deepEqual((await second.query('SELECT answer FROM lakehunt_shared')).rows, [{ answer: 42 }]);
  const { stopSparkSession } = await import('../../../src/engines/spark/spark-session.ts');
  await stopSparkSession(
    { engine: 'spark', remote: sparkUrl(), sessionId, startedAt: '' },
    process.env['LAKEHUNT_SPARK_TOKEN'] || undefined,
  );
  await assert.rejects(second.query('SELECT 1'), userError('spark-session-closed', /lakehunt session start/));
  await second.close();
});

test('the server refuses a missing token when it requires one', {
  skip: !process.env['LAKEHUNT_SPARK_TOKEN'] && 'server has no token',
}, async () => {
  await assert.rejects(
    SparkEngine.open({ remote: sparkUrl() }, noSignals),
    userError('spark-auth', /refused the credentials/),
  );
  await assert.rejects(
    SparkEngine.open({ remote: `${sparkUrl()}/;token=wrong` }, noSignals),
    userError('spark-auth', /set LAKEHUNT_SPARK_TOKEN/),
  );
});

test('the server-only twin of a query runs its whole plan on the server and returns no rows', async () => {
  const spark = await openSpark();
  try {
    const rowsBefore = spark.stats.rows;
    await spark.runDiscardingRows('SELECT id, id * 2 AS twice FROM range(:n)', { n: 50_000 });
    assert.equal(spark.stats.rows, rowsBefore);
    // The plan executes (a row-level failure surfaces), it is not only analysed.
    await assert.rejects(
      spark.runDiscardingRows("SELECT assert_true(id < 5, 'row check') AS ok FROM range(10)"),
      userError('query-failed', /row check/),
    );
    assert.deepEqual((await spark.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
  } finally {
    await spark.close();
  }
});
