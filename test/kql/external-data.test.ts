import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { externalRecords } from '../../src/kql/kql-external-records.ts';
import { plainRows } from './kql-test-lake.ts';

describe('externaldata records from local copies', () => {
  test('CSV: quoted fields, doubled quotes, CRLF, blank lines, header skipped', () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n\r\nz\n';
    assert.deepEqual(externalRecords(text, 'csv', ['a', 'b'], true), [
      ['x, y', 'say "hi"'],
      ['z', null],
    ]);
    assert.deepEqual(externalRecords(text, 'csv', ['a'], false), [['a'], ['x, y'], ['z']]);
  });
  test('TSV, PSV and txt', () => {
    assert.deepEqual(externalRecords('1\t2\n', 'tsv', ['a', 'b'], false), [['1', '2']]);
    assert.deepEqual(externalRecords('1|2\n', 'psv', ['a', 'b'], false), [['1', '2']]);
    assert.deepEqual(externalRecords('one, two\nthree\n', 'txt', ['line'], false), [['one, two'], ['three']]);
  });
  test('JSON objects by column name; non-string values keep their JSON text', () => {
    const text = '{"a":"x","b":{"k":[1]}}\n{"b":2,\n "a":null}';
    assert.deepEqual(externalRecords(text, 'multijson', ['a', 'b'], false), [
      ['x', '{"k":[1]}'],
      [null, '2'],
    ]);
  });
  test('an unclosed quote is an error', () => {
    assert.throws(() => externalRecords('"abc\n', 'csv', ['a'], false), /not closed/);
  });
});

describe('externaldata in a query', () => {
  const catalog = buildKqlCatalog();
  const now = new Date('2024-04-22T00:00:00Z');
  const url = 'https://feeds.example/list.csv';
  const feed = `Name,Count,Seen,Tags\n"O'Brien; DROP",3,2024-04-21T10:00:00Z,"[""a""]"\nb,,,\nc,x,2024-04-21,{}\n`;
  const query = `externaldata(Name:string, Count:long, Seen:datetime, Tags:dynamic)["${url}"] with (format="csv", ignoreFirstRecord=true)
| extend Next = Count + 1, FirstTag = tostring(Tags[0])`;
  let engine: DuckDBEngine;
  before(async () => {
    engine = await DuckDBEngine.open();
  });
  after(async () => {
    await engine.close();
  });

  test('cells are cast to the declared types; empty and invalid cells are null (strings empty)', async () => {
    const compiled = compileKql(query, {
      catalog,
      dialect: 'duckdb',
      now,
      externalData: new Map([[url, feed]]),
    });
    const result = await engine.query(compiled.sql, compiled.params);
    assert.deepEqual(plainRows(result.rows), [
      {
        Name: "O'Brien; DROP",
        Count: 3,
        Seen: '2024-04-21T10:00:00.000Z',
        Tags: '["a"]',
        Next: 4,
        FirstTag: 'a',
      },
      { Name: 'b', Count: null, Seen: null, Tags: null, Next: null, FirstTag: '' },
      { Name: 'c', Count: null, Seen: '2024-04-21T00:00:00.000Z', Tags: '{}', Next: null, FirstTag: '' },
    ]);
  });

  test('the file text travels as a bound parameter in both dialects, never in the SQL', () => {
    for (const dialect of ['duckdb', 'spark'] as const) {
      const compiled = compileKql(query, { catalog, dialect, now, externalData: new Map([[url, feed]]) });
      assert.ok(!compiled.sql.includes('Brien'), dialect);
      assert.ok(!compiled.sql.includes('feeds.example'), dialect);
      assert.match(compiled.sql, dialect === 'spark' ? /:lh_p1\b/ : /\$lh_p1\b/);
      assert.match(String(compiled.params.lh_p1), /O'Brien; DROP/);
    }
  });

  test('a URL without a local copy is refused with its position and the flag to give', () => {
    try {
      compileKql(`let limit = 10;\nexternaldata(a:string)[@"${url}"] | take limit`, {
        catalog,
        dialect: 'duckdb',
        now,
      });
      assert.fail('expected a refusal');
    } catch (e) {
      assert.ok(e instanceof UserError);
      assert.equal(e.code, 'kql-external-data');
      assert.deepEqual(e.at, { line: 2, column: 24 });
      assert.match(e.message, /--external-data 'https:\/\/feeds\.example\/list\.csv=FILE'/);
    }
  });

  test('unknown formats and properties are refused by name', () => {
    const files = new Map([[url, '']]);
    assert.throws(
      () =>
        compileKql(`externaldata(a:string)["${url}"] with (format="parquet")`, {
          catalog,
          dialect: 'duckdb',
          now,
          externalData: files,
        }),
      /externaldata format=parquet is not supported/,
    );
    assert.throws(
      () =>
        compileKql(`externaldata(a:string)["${url}"] with (format="csv", compressed=true)`, {
          catalog,
          dialect: 'duckdb',
          now,
          externalData: files,
        }),
      /property compressed is not supported/,
    );
  });

  test('zipPattern: the local copy is the extracted member; an archive itself is refused', async () => {
    const zipQuery = `externaldata(a:string, n:long)["${url}"] with (format="csv", zipPattern="*.csv")`;
    const options = { catalog, dialect: 'duckdb' as const, now };
    const compiled = compileKql(zipQuery, { ...options, externalData: new Map([[url, 'x,1\ny,2\n']]) });
    assert.deepEqual(plainRows((await engine.query(compiled.sql, compiled.params)).rows), [
      { a: 'x', n: 1 },
      { a: 'y', n: 2 },
    ]);
    assert.throws(
      () =>
        compileKql(zipQuery, { ...options, externalData: new Map([[url, 'PK\u0003\u0004\u0014\u0000']]) }),
      (e: unknown) =>
        e instanceof UserError &&
        e.code === 'kql-external-data' &&
        /line 1, column 32\) is a zip archive: extract the csv file matching \*\.csv/.test(e.message),
    );
  });
});
