import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import type { ColumnInfo, QueryResult, ResultBatch, Row } from '../../src/engines/engine.ts';
import { parquetFromJsonLines, writeParquetResult } from '../../src/output/parquet-output.ts';
import { writeResult, writeResultStream } from '../../src/output/result-writer.ts';
import { tempDir } from '../support/temp-dir.ts';

const columns: ColumnInfo[] = [
  { name: 'TimeGenerated', type: 'timestamp' },
  { name: 'SrcIpAddr', type: 'string' },
  { name: 'n', type: 'long' },
];

function rowsOf(batch: number, count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    TimeGenerated: new Date(Date.UTC(2024, 3, 19, batch, i)),
    SrcIpAddr: i % 2 ? `10.0.${batch}.${i}` : 'a,"quoted"',
    n: batch * 1000 + i,
  }));
}

/** Batches from a source that records what the consumer had already written when each was asked for. */
async function* source(
  batches: number,
  written: () => string,
  seen: string[],
  failAfter?: number,
): AsyncGenerator<ResultBatch> {
  for (let b = 0; b < batches; b++) {
    seen.push(written());
    if (failAfter !== undefined && b === failAfter) throw new UserError('query-failed', 'query failed: boom');
    yield { columns, rows: rowsOf(b, 3) };
  }
}

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

let dir = '';
let duck: DuckDBEngine;
before(async () => {
  dir = await tempDir();
  duck = await DuckDBEngine.open();
});
after(async () => {
  await duck.close();
});

test('JSON Lines are written batch by batch: a batch is out before the next one is asked for', async () => {
  const out = collector();
  const seen: string[] = [];
  await writeResultStream(source(3, out.text, seen), {
    format: 'json',
    stdout: out.stream,
    stamp: { hunt: 'x' },
  });
  const lines = out.text().trimEnd().split('\n');
  assert.equal(lines.length, 9);
  // When batch b was asked for, the 3·b lines of the earlier batches were already written.
  assert.deepEqual(
    seen.map((s) => (s === '' ? 0 : s.trimEnd().split('\n').length)),
    [0, 3, 6],
  );
  assert.deepEqual(JSON.parse(lines[4]!), {
    TimeGenerated: '2024-04-19T01:01:00.000Z',
    SrcIpAddr: '10.0.1.1',
    n: 1001,
    hunt: 'x',
  });
});

test('streamed JSON Lines and CSV files equal the whole-result writer output', async () => {
  const whole: QueryResult = { columns, rows: [0, 1, 2].flatMap((b) => rowsOf(b, 3)) };
  for (const format of ['json', 'csv'] as const) {
    const a = path.join(dir, `whole.${format}`);
    const b = path.join(dir, `streamed.${format}`);
    await writeResult(whole, { format, out: a, stdout: process.stdout });
    await writeResultStream(
      source(3, () => '', []),
      { format, out: b, stdout: process.stdout },
    );
    assert.equal(await readFile(b, 'utf8'), await readFile(a, 'utf8'));
  }
  const csv = await readFile(path.join(dir, 'streamed.csv'), 'utf8');
  assert.equal(csv.split('\n')[0], 'TimeGenerated,SrcIpAddr,n');
  assert.match(csv, /"a,""quoted"""/);
});

test('an empty streamed result still writes the CSV header and an empty table', async () => {
  async function* empty(): AsyncGenerator<ResultBatch> {
    yield { columns, rows: [] };
  }
  const csv = collector();
  await writeResultStream(empty(), { format: 'csv', stdout: csv.stream });
  assert.equal(csv.text(), 'TimeGenerated,SrcIpAddr,n\n');
  const table = collector();
  await writeResultStream(empty(), { format: 'table', stdout: table.stream });
  assert.match(table.text(), /\(0 rows\)\n$/);
});

test('streamed Parquet equals Parquet from the whole result, including an empty result', async () => {
  const whole: QueryResult = { columns, rows: [0, 1, 2].flatMap((b) => rowsOf(b, 3)) };
  const a = path.join(dir, 'whole.parquet');
  const b = path.join(dir, 'streamed.parquet');
  await writeParquetResult(whole, a);
  await writeResultStream(
    source(3, () => '', []),
    {
      format: 'parquet',
      out: b,
      stdout: process.stdout,
      writeParquet: parquetFromJsonLines,
    },
  );
  const read = async (file: string) =>
    (await duck.query(`SELECT * FROM read_parquet('${file}') ORDER BY n`)).rows;
  assert.deepEqual(await read(b), await read(a));
  assert.equal((await read(b)).length, 9);
  const types = await duck.query(`DESCRIBE SELECT * FROM read_parquet('${b}')`);
  assert.deepEqual(
    types.rows.map((r) => `${r['column_name']} ${r['column_type']}`),
    ['TimeGenerated TIMESTAMP', 'SrcIpAddr VARCHAR', 'n BIGINT'],
  );

  async function* empty(): AsyncGenerator<ResultBatch> {
    yield { columns, rows: [] };
  }
  const c = path.join(dir, 'empty.parquet');
  await writeResultStream(empty(), {
    format: 'parquet',
    out: c,
    stdout: process.stdout,
    writeParquet: parquetFromJsonLines,
  });
  assert.equal((await read(c)).length, 0);
  // The spool folder is gone.
  assert.deepEqual(
    (await readdir(dir)).filter((f) => f.includes('spool')),
    [],
  );
});

test('a query failing mid-stream leaves no output file and reports the query error', async () => {
  for (const format of ['json', 'csv', 'parquet'] as const) {
    const out = path.join(dir, `failed.${format}`);
    await assert.rejects(
      writeResultStream(
        source(3, () => '', [], 1),
        {
          format,
          out,
          stdout: process.stdout,
          writeParquet: parquetFromJsonLines,
        },
      ),
      /query failed: boom/,
    );
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.startsWith('failed')),
      [],
    );
  }
  assert.deepEqual(
    (await readdir(dir)).filter((f) => f.includes('partial') || f.includes('spool')),
    [],
  );
});

test('an unwritable --out is one cannot-write error', async () => {
  await assert.rejects(
    writeResultStream(
      source(1, () => '', []),
      {
        format: 'json',
        out: path.join(dir, 'no-such-dir', 'x.jsonl'),
        stdout: process.stdout,
      },
    ),
    (e: unknown) => e instanceof UserError && e.code === 'cannot-write-output',
  );
});

test('the DuckDB engine streams the same rows as query, in chunks, and an empty result as one batch', async () => {
  const sql = "SELECT i, i::VARCHAR AS s, TIMESTAMP '2024-04-19' + to_seconds(i) AS t FROM range(5000) r(i)";
  const whole = await duck.query(sql);
  const batches: ResultBatch[] = [];
  for await (const batch of duck.stream(sql)) batches.push(batch);
  assert.ok(batches.length >= 2, `expected several chunks, got ${batches.length}`);
  assert.deepEqual(batches[0]?.columns, whole.columns);
  assert.deepEqual(
    batches.flatMap((b) => b.rows),
    whole.rows,
  );
  const empty: ResultBatch[] = [];
  for await (const batch of duck.stream('SELECT 1::BIGINT AS x WHERE false')) empty.push(batch);
  assert.deepEqual(empty, [{ columns: [{ name: 'x', type: 'long' }], rows: [] }]);
  await assert.rejects(async () => {
    for await (const _ of duck.stream('SELECT frobnicate(1)')) break;
  }, /query failed/);
  // Stopping early leaves the connection usable.
  let first = 0;
  for await (const batch of duck.stream('SELECT * FROM range(10000000)')) {
    first = batch.rows.length;
    break;
  }
  assert.ok(first > 0 && first < 10_000_000);
  assert.deepEqual((await duck.query('SELECT 42 AS x')).rows, [{ x: 42 }]);
});
