import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { duckdbQuoting, sparkQuoting } from '../../src/sql/sql-dialect.ts';

const nasty = [
  '',
  "O'Brien",
  "'; DROP TABLE x; --",
  '"quoted"',
  'back\\slash',
  "\\'",
  'line\nbreak',
  'tab\tand\r',
  'unicode ✓ é 中文',
  '$1 ? :name',
  '``',
];

test('DuckDB string and identifier quoting round-trips every value through the engine', async () => {
  const engine = await DuckDBEngine.open();
  after(() => engine.close());
  for (const value of nasty) {
    const r = await engine.query(
      `SELECT ${duckdbQuoting.quoteString(value)} AS ${duckdbQuoting.quoteIdentifier(value || 'x')}`,
    );
    assert.equal(r.rows[0]?.[value || 'x'], value);
  }
});

test('random strings survive DuckDB quoting unchanged', async () => {
  const engine = await DuckDBEngine.open();
  after(() => engine.close());
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const alphabet = `ab'"\\;-- \n\t$?:\`%_*()`;
  for (let i = 0; i < 200; i++) {
    const value = Array.from({ length: next() % 20 }, () => alphabet[next() % alphabet.length]).join('');
    const r = await engine.query(`SELECT ${duckdbQuoting.quoteString(value)} AS v`);
    assert.equal(r.rows[0]?.['v'], value);
  }
});

test('Spark quoting escapes backslashes and quotes for its escaping string literals', () => {
  assert.equal(sparkQuoting.quoteString("it's"), "'it\\'s'");
  assert.equal(sparkQuoting.quoteString('a\\b'), "'a\\\\b'");
  assert.equal(sparkQuoting.quoteString('a\nb'), "'a\\nb'");
  assert.equal(sparkQuoting.quoteIdentifier('we`ird'), '`we``ird`');
  assert.equal(duckdbQuoting.quoteIdentifier('we"ird'), '"we""ird"');
});

test('NUL characters are refused rather than truncating SQL', () => {
  assert.throws(() => duckdbQuoting.quoteString('a\u0000b'));
  assert.throws(() => sparkQuoting.quoteIdentifier('a\u0000b'));
});

test('timestamp literals are UTC with microseconds', () => {
  assert.equal(
    duckdbQuoting.timestampLiteral(new Date('2024-04-21T00:00:00Z')),
    "TIMESTAMP '2024-04-21 00:00:00.000'",
  );
});
