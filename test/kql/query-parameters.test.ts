import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserError } from '../../src/core/errors.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';

const catalog = buildKqlCatalog();
const now = new Date('2024-04-22T00:00:00Z');

test('a query parameter without a default is refused with its position', () => {
  for (const dialect of ['duckdb', 'spark'] as const) {
    assert.throws(
      () =>
        compileKql('declare query_parameters(a:string = "x", n:long);\nprint n', { catalog, dialect, now }),
      (e: unknown) =>
        isUserError(e) &&
        e.code === 'kql-unsupported' &&
        /query parameter n without a default value.*line 1, column 42.*give it a default/.test(e.message),
    );
  }
});

test('a default is converted to the declared type', () => {
  const { columns } = compileKql('declare query_parameters(r:real = 2);\nprint x = r', {
    catalog,
    dialect: 'duckdb',
    now,
  });
  assert.deepEqual(columns, [{ name: 'x', type: 'real' }]);
});
