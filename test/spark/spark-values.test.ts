import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import type { DataTypeMsg } from '../../src/engines/spark/spark-connect-protocol.ts';
import { parquetRelation } from '../../src/engines/spark/spark-engine.ts';
import {
  lakeColumnsOfSpark,
  lakeTypeOfSpark,
  namedArguments,
  sparkLiteral,
  sparkSchemaDdl,
} from '../../src/engines/spark/spark-values.ts';

test('parameters become typed Spark literals', () => {
  assert.deepEqual(sparkLiteral('a', 'x'), { string: 'x' });
  assert.deepEqual(sparkLiteral('a', true), { boolean: true });
  assert.deepEqual(sparkLiteral('a', 42), { integer: 42 });
  assert.deepEqual(sparkLiteral('a', 2 ** 31), { long: '2147483648' });
  assert.deepEqual(sparkLiteral('a', -(2 ** 31)), { integer: -(2 ** 31) });
  assert.deepEqual(sparkLiteral('a', 0.25), { double: 0.25 });
  assert.deepEqual(sparkLiteral('a', 2n ** 62n), { long: '4611686018427387904' });
  assert.deepEqual(sparkLiteral('a', null), { null: { null: {} } });
  assert.deepEqual(sparkLiteral('a', new Date('2024-04-21T00:00:00.123Z')), {
    timestamp: '1713657600123000',
  });
  assert.deepEqual(sparkLiteral('a', new Date(-1)), { timestamp: '-1000' });
  assert.throws(() => sparkLiteral('a', 2n ** 63n), UserError);
  assert.throws(() => sparkLiteral('a', new Date(Number.NaN)), UserError);
});

test('named arguments check parameter names', () => {
  assert.equal(namedArguments(undefined), undefined);
  assert.deepEqual(namedArguments({ endDate: 'x' }), { endDate: { literal: { string: 'x' } } });
  assert.throws(() => namedArguments({ 'bad name': 1 }), /letters, digits or _/);
});

test('the lake schema becomes Spark DDL when every type maps exactly', () => {
  assert.equal(
    sparkSchemaDdl([
      { name: 'TimeGenerated', type: 'TIMESTAMP' },
      { name: 'id.orig`h', type: 'VARCHAR' },
      { name: 'n', type: 'BIGINT' },
      { name: 'p', type: 'INTEGER' },
      { name: 'tags', type: 'VARCHAR[]' },
      { name: 'amount', type: 'DECIMAL(18,3)' },
    ]),
    '`TimeGenerated` TIMESTAMP, `id.orig``h` STRING, `n` BIGINT, `p` INT, `tags` ARRAY<STRING>, `amount` DECIMAL(18,3)',
  );
  assert.equal(sparkSchemaDdl([{ name: 'u', type: 'UBIGINT' }]), undefined);
  assert.equal(sparkSchemaDdl([{ name: 's', type: 'STRUCT(a INTEGER)' }]), undefined);
});

test('tables are read as parquet with paths as data, basePath, and the schema or merge inference', () => {
  const table = {
    name: 'ZeekConn',
    path: '/lake/ZeekConn',
    days: ['2024-04-19'],
    files: ["/lake/ZeekConn/day=2024-04-19/part-'1.parquet"],
    columns: [{ name: 'TimeGenerated', type: 'TIMESTAMP' }],
  };
  assert.deepEqual(parquetRelation(table), {
    read: {
      data_source: {
        format: 'parquet',
        schema: '`TimeGenerated` TIMESTAMP',
        options: { basePath: '/lake/ZeekConn' },
        paths: ["/lake/ZeekConn/day=2024-04-19/part-'1.parquet"],
      },
    },
  });
  const inferred = parquetRelation({ ...table, columns: [{ name: 'x', type: 'UHUGEINT' }] });
  assert.ok('read' in inferred);
  assert.equal(inferred.read.data_source.schema, undefined);
  assert.equal(inferred.read.data_source.options['mergeSchema'], 'true');
});

test('Spark schema types map back to the DuckDB names lake schemas store', () => {
  const field = (name: string, data_type: DataTypeMsg) => ({ name, data_type });
  const schema: DataTypeMsg = {
    struct: {
      fields: [
        field('s', { string: {} }),
        field('n', { long: {} }),
        field('i', { integer: {} }),
        field('t', { timestamp_ntz: {} }),
        field('d', { decimal: { precision: 12, scale: 2 } }),
        field('l', { array: { element_type: { string: {} } } }),
        field('m', { map: { key_type: { string: {} }, value_type: { long: {} } } }),
        field('day', { date: {} }),
      ],
    },
  };
  assert.deepEqual(
    lakeColumnsOfSpark(schema, ['day']).map((c) => `${c.name} ${c.type}`),
    ['s VARCHAR', 'n BIGINT', 'i INTEGER', 't TIMESTAMP', 'd DECIMAL(12,2)', 'l VARCHAR[]', 'm MAP'],
  );
  // Round trip through the read schema: exact types survive, a map makes Spark infer instead.
  assert.equal(
    sparkSchemaDdl(lakeColumnsOfSpark(schema, ['day', 'm'])),
    '`s` STRING, `n` BIGINT, `i` INT, `t` TIMESTAMP, `d` DECIMAL(12,2), `l` ARRAY<STRING>',
  );
  assert.equal(sparkSchemaDdl(lakeColumnsOfSpark(schema, ['day'])), undefined);
  assert.equal(lakeTypeOfSpark({ date: {} }), 'DATE');
});
