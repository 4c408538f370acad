import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUserError } from '../../src/core/errors.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { duckKqlRunner, RUNNER_NOW } from './kql-duck-runner.ts';

/** Documented Kusto behaviour that the analyser package reports as an error. */
describe('analyser overrides', () => {
  const catalog = buildKqlCatalog();
  const now = RUNNER_NOW;
  const run = duckKqlRunner();

  test('parse_json/todynamic/toobject of a dynamic value use it as-is', async () => {
    const rows =
      await run(`let Ips = toscalar(datatable(ip:string)["10.0.0.1", "10.0.0.2"] | summarize make_set(ip));
let Bag = dynamic({"k": [1, 2]});
print a = array_length(todynamic(Ips)), b = tostring(parse_json(Bag).k[1]), c = tostring(toobject(Bag)),
      d = tostring(parsejson(todynamic('{"x":1}')).x)`);
    assert.deepEqual(rows, [{ a: 2, b: '2', c: '{"k":[1,2]}', d: '1' }]);
  });

  test('the analyser still refuses a value that is neither string nor dynamic', () => {
    assert.throws(
      () => compileKql('print a = 1\n| extend b = todynamic(a)', { catalog, dialect: 'duckdb', now }),
      (e: unknown) =>
        isUserError(e) && e.code === 'kql-syntax' && /string expected.*line 2, column 24/.test(e.message),
    );
  });
});
