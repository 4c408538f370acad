import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Bool,
  DateDay,
  Decimal,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Struct,
  Table,
  TimestampMicrosecond,
  tableToIPC,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import {
  ArrowResultCollector,
  ArrowRowDecoder,
  type ColumnarBatch,
  logicalTypeOfArrow,
} from '../../src/engines/spark/spark-arrow.ts';

/** An Arrow IPC stream like one `arrow_batch.data` from Spark, built with apache-arrow itself. */
function sampleStream(): Uint8Array {
  const decimalType = new Decimal(2, 10, 128);
  // 123.45 and -0.05 as 128-bit little-endian two's complement words.
  const words = Uint32Array.from([
    12345, 0, 0, 0, 0xfffffffb, 0xffffffff, 0xffffffff, 0xffffffff, 0, 0, 0, 0,
  ]);
  const decimal = makeVector(
    makeData({
      type: decimalType,
      length: 3,
      nullCount: 1,
      data: words,
      nullBitmap: Uint8Array.from([0b011]),
    }),
  );
  const table = new Table({
    n: vectorFromArray([1n, null, 2n ** 60n], new Int64()),
    i: vectorFromArray([1, null, -5], new Int32()),
    f: vectorFromArray([1.5, null, Number.NaN], new Float64()),
    s: vectorFromArray(['a', null, 'ü'], new Utf8()),
    b: vectorFromArray([true, null, false], new Bool()),
    t: vectorFromArray([Date.UTC(2024, 3, 19, 1, 2, 3, 456), null, 0], new TimestampMicrosecond('UTC')),
    d: vectorFromArray([new Date(Date.UTC(2024, 3, 21)), null, new Date(0)], new DateDay()),
    dec: decimal,
    l: vectorFromArray([[1, 2], null, []], new List(new Field('element', new Int32(), true))),
    st: vectorFromArray(
      [{ a: 1, b: 'x' }, null, { a: null, b: 'y' }],
      new Struct([new Field('a', new Int32(), true), new Field('b', new Utf8(), true)]),
    ),
  });
  return tableToIPC(table, 'stream');
}

test('types map to the logical vocabulary shared with the DuckDB engine', () => {
  const collector = new ArrowResultCollector();
  collector.add(sampleStream());
  assert.deepEqual(
    collector.result().columns.map((c) => `${c.name}:${c.type}`),
    [
      'n:long',
      'i:int',
      'f:double',
      's:string',
      'b:boolean',
      't:timestamp',
      'd:date',
      'dec:double',
      'l:list',
      'st:struct',
    ],
  );
  assert.equal(logicalTypeOfArrow(new Utf8()), 'string');
});

test('values are normalised like DuckDB results: numbers, Date, null, nested', () => {
  const collector = new ArrowResultCollector();
  collector.add(sampleStream());
  const { rows } = collector.result();
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0], {
    n: 1,
    i: 1,
    f: 1.5,
    s: 'a',
    b: true,
    t: new Date('2024-04-19T01:02:03.456Z'),
    d: new Date('2024-04-21T00:00:00Z'),
    dec: 123.45,
    l: [1, 2],
    st: { a: 1, b: 'x' },
  });
  assert.deepEqual(rows[1], {
    n: null,
    i: null,
    f: null,
    s: null,
    b: null,
    t: null,
    d: null,
    dec: -0.05,
    l: null,
    st: null,
  });
  // Integers beyond 2^53 keep every digit as text; NaN becomes text as in the DuckDB engine.
  assert.equal(rows[2]?.['n'], '1152921504606846976');
  assert.equal(rows[2]?.['f'], 'NaN');
  assert.deepEqual(rows[2]?.['t'], new Date(0));
  assert.equal(rows[2]?.['dec'], null);
  assert.deepEqual(rows[2]?.['l'], []);
  assert.deepEqual(rows[2]?.['st'], { a: null, b: 'y' });
});

test('each arrow_batch is a whole stream: several streams append rows in order', () => {
  const collector = new ArrowResultCollector();
  collector.add(sampleStream());
  collector.add(sampleStream());
  assert.equal(collector.rowCount, 6);
  assert.equal(collector.result().rows[3]?.['s'], 'a');
});

test('an empty result keeps the fallback columns', () => {
  const collector = new ArrowResultCollector();
  assert.deepEqual(collector.result([{ name: 'x', type: 'long' }]), {
    columns: [{ name: 'x', type: 'long' }],
    rows: [],
  });
});

test('fast paths: single-byte text with nulls and empties, 64-bit edges, instants before 1970, booleans', () => {
  const table = new Table({
    s: vectorFromArray(['10.0.0.1', null, '', 'tcp'], new Utf8()),
    n: vectorFromArray([-5n, -(2n ** 60n), 2n ** 53n - 1n, null], new Int64()),
    u: vectorFromArray([0n, 2n ** 63n, 7n, null], new Uint64()),
    t: makeVector(
      makeData({
        type: new TimestampMicrosecond(),
        length: 4,
        nullCount: 1,
        data: BigInt64Array.from([-1500n, 1713657600123999n, 0n, 0n]),
        nullBitmap: Uint8Array.from([0b0111]),
      }),
    ),
    b: vectorFromArray([true, false, null, true], new Bool()),
  });
  const collector = new ArrowResultCollector();
  collector.add(tableToIPC(table, 'stream'));
  assert.deepEqual(collector.result().rows, [
    { s: '10.0.0.1', n: -5, u: 0, t: new Date(-1), b: true },
    {
      s: null,
      n: '-1152921504606846976',
      u: '9223372036854775808',
      t: new Date('2024-04-21T00:00:00.123Z'),
      b: false,
    },
    { s: '', n: 2 ** 53 - 1, u: 7, t: new Date(0), b: null },
    { s: 'tcp', n: null, u: null, t: null, b: true },
  ]);
});

test('shared cells: repeated values come back equal, distinct values never mix up (many colliding slots)', () => {
  // 20 000 values over 9 000 distinct strings and instants: far more than the shared slots, so
  // collisions happen; every cell must still be its own value.
  const strings: (string | null)[] = [];
  const micros: (bigint | null)[] = [];
  for (let i = 0; i < 20_000; i++) {
    const k = (i * 7919) % 9000;
    strings.push(i % 101 === 0 ? null : `10.${k % 256}.${k >> 8}.${i % 3}`);
    micros.push(i % 103 === 0 ? null : BigInt(1_713_657_600_000 + k * 60_000) * 1000n + BigInt(i % 2));
  }
  const table = new Table({
    s: vectorFromArray(strings, new Utf8()),
    t: makeVector(
      makeData({
        type: new TimestampMicrosecond(),
        length: micros.length,
        nullCount: micros.filter((m) => m === null).length,
        data: BigInt64Array.from(micros.map((m) => m ?? 0n)),
        nullBitmap: Uint8Array.from({ length: Math.ceil(micros.length / 8) }, (_, byte) => {
          let bits = 0;
          for (let b = 0; b < 8; b++) if (micros[byte * 8 + b] != null) bits |= 1 << b;
          return bits;
        }),
      }),
    ),
  });
  const collector = new ArrowResultCollector();
  collector.add(tableToIPC(table, 'stream'));
  collector.add(tableToIPC(table, 'stream'));
  const { rows } = collector.result();
  assert.equal(rows.length, 40_000);
  rows.forEach((row, j) => {
    const i = j % 20_000;
    assert.equal(row['s'], strings[i]);
    const m = micros[i];
    assert.equal(
      row['t'] === null ? null : (row['t'] as Date).getTime(),
      m == null ? null : Number(m / 1000n),
    );
  });
  // Repeats share one cell (while no other value took its slot).
  const repeated = new ArrowResultCollector();
  const instant = Date.UTC(2024, 3, 19, 1, 2);
  const small = new Table({
    t: vectorFromArray([instant, instant + 60_000, instant], new TimestampMicrosecond('UTC')),
  });
  repeated.add(tableToIPC(small, 'stream'));
  const [a, , c] = repeated.result().rows;
  assert.equal(a?.['t'], c?.['t']);
});

test('record batches arrive by column; rows are built from the same cells on first access, once', () => {
  const decoder = new ArrowRowDecoder();
  const batches: ColumnarBatch[] = [];
  decoder.decodeBatches(sampleStream(), (batch) => batches.push(batch));
  assert.equal(batches.length, 1);
  const batch = batches[0]!;
  assert.deepEqual(
    batch.columns.map((c) => c.name),
    ['n', 'i', 'f', 's', 'b', 't', 'd', 'dec', 'l', 'st'],
  );
  assert.equal(batch.rowCount, 3);
  assert.deepEqual(batch.cells[0], [1, null, '1152921504606846976']);
  assert.deepEqual(batch.cells[3], ['a', null, 'ü']);
  const rows = batch.rows;
  assert.equal(batch.rows, rows);
  batch.columns.forEach((column, j) => {
    rows.forEach((row, i) => {
      assert.equal(row[column.name], batch.cells[j]![i]);
    });
  });
  const collector = new ArrowResultCollector();
  collector.add(sampleStream());
  assert.deepEqual(collector.result().rows, rows);
});
