import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { CellValue, ColumnInfo, ResultBatch, Row } from '../../src/engines/engine.ts';
import { type OutputFormat, writeResultStream } from '../../src/output/result-writer.ts';

// Engines that decode by column (Spark) hand the writers `cells` and build rows only on demand.
// The writers' column path must write exactly the bytes of their row path.

function text(): { stream: Writable; read: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, read: () => out };
}

/** A batch with cells, whose rows (built from the same cells) count how often they are asked for. */
function columnar(
  columns: ColumnInfo[],
  cells: CellValue[][],
): { batch: ResultBatch; rowReads: () => number } {
  let reads = 0;
  const count = cells[0]?.length ?? 0;
  const batch: ResultBatch = {
    columns,
    cells,
    get rows(): Row[] {
      reads += 1;
      return Array.from({ length: count }, (_, i) => {
        const row: Row = {};
        columns.forEach((c, j) => {
          row[c.name] = cells[j]![i]!;
        });
        return row;
      });
    },
  };
  return { batch, rowReads: () => reads };
}

async function write(
  batches: ResultBatch[],
  format: OutputFormat,
  stamp?: Record<string, unknown>,
): Promise<string> {
  const out = text();
  async function* each() {
    yield* batches;
  }
  await writeResultStream(each(), { format, stdout: out.stream, stamp });
  return out.read();
}

const instant = new Date(Date.UTC(2024, 3, 19, 1, 2, 3, 456));
const columns: ColumnInfo[] = [
  { name: 'TimeGenerated', type: 'timestamp' },
  { name: 'SrcIpAddr', type: 'string' },
  { name: 'n', type: 'long' },
  { name: 'ok', type: 'boolean' },
  { name: 'tags', type: 'list' },
  { name: 'info', type: 'struct' },
];
const cells: CellValue[][] = [
  [instant, instant, null, new Date(0)],
  ['10.0.0.1', 'a,"quoted"\nline', null, 'ü\u0001'],
  [1, -0, 2 ** 53 - 1, null],
  [true, false, null, true],
  [['x', instant], [], null, [1.5]],
  [{ at: instant, k: 'v' }, { k: null }, null, {}],
];

for (const format of ['json', 'csv'] as const) {
  test(`${format}: written from cells without building rows, the same text as from rows`, async () => {
    const fromCells = columnar(columns, cells);
    const viaCells = await write([fromCells.batch], format);
    assert.equal(fromCells.rowReads(), 0);
    const rowsOnly = columnar(columns, cells).batch;
    const viaRows = await write([{ columns, rows: rowsOnly.rows }], format);
    assert.equal(viaCells, viaRows);
    // Four rows (CSV: a header, and one quoted field holds a line break), then the final newline.
    assert.equal(viaCells.split('\n').length, format === 'csv' ? 7 : 5);
  });
}

test('json: a stamp replaces a column of its name in place and adds the rest at the end', async () => {
  const stamp = { hunt: 'beaconing', n: 'from-stamp', skipped: undefined, params: { lookbackDays: 3 } };
  const viaCells = await write([columnar(columns, cells).batch], 'json', stamp);
  const rowsOnly = columnar(columns, cells).batch;
  const viaRows = await write([{ columns, rows: rowsOnly.rows }], 'json', stamp);
  assert.equal(viaCells, viaRows);
  const first = JSON.parse(viaCells.split('\n')[0]!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(first), [
    'TimeGenerated',
    'SrcIpAddr',
    'n',
    'ok',
    'tags',
    'info',
    'hunt',
    'params',
  ]);
  assert.equal(first['n'], 'from-stamp');
  assert.equal(first['TimeGenerated'], '2024-04-19T01:02:03.456Z');
});

test('columns a row object would merge or reorder (duplicate or numeric names) are written from rows', async () => {
  for (const names of [
    ['a', 'a'],
    ['x', '1'],
  ]) {
    const cols = names.map((name) => ({ name, type: 'long' }));
    const batch = columnar(cols, [
      [1, 2],
      [3, 4],
    ]);
    const json = await write([batch.batch], 'json');
    assert.equal(batch.rowReads(), 1);
    const rows = batch.batch.rows.map((r) => JSON.stringify(r));
    assert.equal(json, `${rows.join('\n')}\n`);
  }
});
