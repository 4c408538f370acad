import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { duckKqlRunner, RUNNER_NOW } from './kql-duck-runner.ts';

/** parse_urlquery: the documented shape, and a run-time failure where decoding is not documented. */
describe('parse_urlquery', () => {
  const catalog = buildKqlCatalog();
  const run = duckKqlRunner(() => true);

  test('gives the documented property bag', async () => {
    const rows = await run(`print Result = tostring(parse_urlquery("k1=v1&k2=v2&k3=v3"))`);
    assert.deepEqual(rows, [{ Result: '{"Query Parameters":{"k1":"v1","k2":"v2","k3":"v3"}}' }]);
  });

  test("reads one parameter as Microsoft's example function does", async () => {
    const rows = await run(`let getQueryParamValue = (querystring: string, param: string) {
  let params = parse_urlquery(querystring);
  tostring(params["Query Parameters"].[param])
};
print UrlQuery = 'view=vs-2019&preserve-view=true'
| extend view = getQueryParamValue(UrlQuery, 'view')
| extend preserve = getQueryParamValue(UrlQuery, 'preserve-view'), absent = getQueryParamValue(UrlQuery, 'x')`);
    assert.deepEqual(rows, [
      { UrlQuery: 'view=vs-2019&preserve-view=true', view: 'vs-2019', preserve: 'true', absent: '' },
    ]);
  });

  test('reads the Contrast Protect rule fields (";" replaced by "&")', async () => {
    const rows = await run(`let extract_data=(a:string, k:string) {
  parse_urlquery(replace(@';', @'&', a))["Query Parameters"][k]
};
datatable(AdditionalExtensions:string)['pri=sql-injection;app=shop;outcome=BLOCKED', '']
| extend Rule = tostring(extract_data(AdditionalExtensions, 'pri')), App = tostring(extract_data(AdditionalExtensions, 'app'))
| project Rule, App`);
    assert.deepEqual(rows, [
      { Rule: 'sql-injection', App: 'shop' },
      { Rule: '', App: '' },
    ]);
  });

  test('empty text has no parameters; values may be empty', async () => {
    const rows = await run(`print a = tostring(parse_urlquery('')), b = tostring(parse_urlquery('k='))`);
    assert.deepEqual(rows, [{ a: '{"Query Parameters":{}}', b: '{"Query Parameters":{"k":""}}' }]);
  });

  for (const text of ['a=%41', 'a=b+c', 'a=1&a=2', 'flag', 'a=1&flag', 'a=b=c', 'a=1&&b=2', '=v', '?a=1']) {
    test(`fails when the query runs on ${JSON.stringify(text)}`, async () => {
      await assert.rejects(
        run(`datatable(q:string)['k=v', '${text}'] | extend p = parse_urlquery(q)`),
        /parse_urlquery\(\): the text has a percent-escape/,
      );
    });
  }

  test('rows without such text run; the failure is at run time, not compile time', async () => {
    const rows = await run(
      `datatable(q:string)['a=1', 'a=%41'] | where q !has '%' | project v = tostring(parse_urlquery(q)['Query Parameters'].a)`,
    );
    assert.deepEqual(rows, [{ v: '1' }]);
  });

  test('Spark SQL raises the same error with raise_error', () => {
    const { sql } = compileKql(`print p = parse_urlquery('a=1')`, {
      catalog,
      dialect: 'spark',
      now: RUNNER_NOW,
    });
    assert.match(sql, /raise_error\('parse_urlquery\(\): the text has a percent-escape/);
    assert.match(sql, /map_from_arrays/);
  });
});

describe('count(predicate)', () => {
  const run = duckKqlRunner(() => true);
  test('is the obsolete form of countif (the analyser accepts a boolean argument only)', async () => {
    const rows = await run(`datatable(x:long, s:string)[1, 'a', 2, '', 3, 'c']
| summarize c = count(x > 1), i = countif(x > 1), n = count(isnotempty(s)), all = count()`);
    assert.deepEqual(rows, [{ c: 2, i: 2, n: 2, all: 3 }]);
  });
});
