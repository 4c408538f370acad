import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { duckKqlRunner, RUNNER_NOW } from './kql-duck-runner.ts';

/** base64_decode_toarray and unicode_codepoints_to_string (make_string), the documentation's examples. */
describe('bytes and code points', () => {
  const catalog = buildKqlCatalog();
  const now = RUNNER_NOW;
  const run = duckKqlRunner();

  test('base64_decode_toarray gives the bytes as longs', async () => {
    const rows = await run(`datatable(b:string)["S3VzdG8=", "", "not base64!"]
| project Bytes = base64_decode_toarray(b), Text = tostring(base64_decode_toarray(b)), Back = make_string(base64_decode_toarray(b))`);
    assert.deepEqual(rows, [
      { Bytes: [75, 117, 115, 116, 111], Text: '[75,117,115,116,111]', Back: 'Kusto' },
      { Bytes: [], Text: '[]', Back: '' },
      { Bytes: null, Text: '', Back: null },
    ]);
  });

  test('code points from numbers and arrays; null when any is invalid', async () => {
    const rows = await run(`print a = unicode_codepoints_to_string(75, 117, 115, 116, 111),
  b = unicode_codepoints_to_string(dynamic([75, 117, 115, 116, 111])),
  c = make_string(dynamic([75, 117, 115]), 116, 111),
  d = make_string(75, 10, 117),
  e = make_string(todynamic("[128512]")),
  tooLarge = make_string(75, 1114112), negative = make_string(-1), surrogate = make_string(dynamic([55296])),
  notNumber = make_string(todynamic('[75, "x"]'))`);
    assert.deepEqual(rows, [
      {
        a: 'Kusto',
        b: 'Kusto',
        c: 'Kusto',
        d: 'K\nu',
        e: '\u{1F600}',
        tooLarge: null,
        negative: null,
        surrogate: null,
        notNumber: null,
      },
    ]);
  });

  test('Spark SQL decodes with built-ins (try_to_binary, UTF-8 bytes), no refusal', () => {
    const { sql } = compileKql('print x = "S3VzdG8="\n| extend y = make_string(base64_decode_toarray(x))', {
      catalog,
      dialect: 'spark',
      now,
    });
    assert.match(sql, /try_to_binary\(.*'base64'\)/);
    assert.match(sql, /decode\(unhex\(array_join\(/);
  });
});
