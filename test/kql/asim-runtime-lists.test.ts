import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { plainRows } from './kql-test-lake.ts';

/** ASIM DNS parameters given a list known only when the query runs (toscalar(… make_set …)). */
describe('_Im_Dns response_has_any_prefix over a run-time list', () => {
  const columns: [string, string][] = [
    ['TimeGenerated', 'TIMESTAMP'],
    ['DnsResponseName', 'VARCHAR'],
    ['EventType', 'VARCHAR'],
  ];
  const catalog = buildKqlCatalog({
    lakeTables: [{ name: 'ASimDnsActivityLogs', columns: columns.map(([name, type]) => ({ name, type })) }],
  });
  const now = new Date('2024-04-22T00:00:00Z');
  const responses = [
    '10.1.2.3',
    '110.1.2.3',
    'x 192.168.1.7',
    '192.168.1.70',
    '192.168.1.7.5',
    'bad',
    'ok,192.168.1.7',
  ];
  let engine: DuckDBEngine;
  before(async () => {
    engine = await DuckDBEngine.open();
    const rows = responses.map((r) => `(TIMESTAMP '2024-04-21 00:00:00', '${r}', 'Query')`).join(', ');
    await engine.run(
      `CREATE TABLE "ASimDnsActivityLogs" AS SELECT * FROM (VALUES ${rows}) v("TimeGenerated", "DnsResponseName", "EventType")`,
    );
  });
  after(async () => {
    await engine.close();
  });
  const run = async (query: string) => {
    const compiled = compileKql(query, { catalog, dialect: 'duckdb', now });
    return plainRows((await engine.query(compiled.sql, compiled.params)).rows).map(
      (r) => r['DnsResponseName'],
    );
  };
  const RUNTIME = `let P = datatable(p:string)["10.1.", "192.168.1.7", "bad"] | summarize make_set(p);
_Im_Dns(response_has_any_prefix=todynamic(toscalar(P))) | project DnsResponseName`;

  test('prefixes as terms, the same rows as the constant list', async () => {
    const expected = ['10.1.2.3', 'x 192.168.1.7', 'ok,192.168.1.7'];
    assert.deepEqual(await run(RUNTIME), expected);
    assert.deepEqual(
      await run(
        '_Im_Dns(response_has_any_prefix=dynamic(["10.1.", "192.168.1.7", "bad"])) | project DnsResponseName',
      ),
      expected,
    );
  });

  test('an empty run-time list filters nothing, as the default dynamic([]) does', async () => {
    assert.deepEqual(
      await run(`let P = datatable(p:string)["x"] | where p != "x" | summarize make_set(p);
_Im_Dns(response_has_any_prefix=toscalar(P)) | project DnsResponseName`),
      responses,
    );
    assert.deepEqual(
      await run(`let P = datatable(p:string)["x"] | where p != "x" | summarize make_set(p);
_Im_Dns(domain_has_any=toscalar(P)) | project DnsResponseName`),
      responses,
    );
  });

  test('Spark SQL builds one regular expression from the list (no lambda over the subquery)', () => {
    const { sql } = compileKql(RUNTIME, { catalog, dialect: 'spark', now });
    assert.match(sql, /regexp_extract_all\(concat\(/);
    assert.doesNotMatch(sql, /transform\(|filter\(|exists\(/);
  });
});

describe('_Im_NetworkSession address prefixes over a run-time list', () => {
  const catalog = buildKqlCatalog();
  const now = new Date('2024-04-22T00:00:00Z');
  const pairs = [
    ['10.1.2.3', '8.8.8.8'],
    ['10.12.0.1', '8.8.8.8'],
    ['192.168.1.7', '10.1.0.9'],
    ['192.168.1.70', '1.1.1.1'],
  ];
  let engine: DuckDBEngine;
  before(async () => {
    engine = await DuckDBEngine.open();
    const rows = pairs.map(([s, d]) => `('${s}', '${d}')`).join(', ');
    await engine.run(
      `CREATE TABLE "NetworkSession" AS SELECT * FROM (VALUES ${rows}) v("SrcIpAddr", "DstIpAddr")`,
    );
  });
  after(async () => {
    await engine.close();
  });
  const run = async (parameter: string, list: string) => {
    const query = `let P = datatable(p:string)${list} | summarize make_set(p);
_Im_NetworkSession(${parameter}=toscalar(P)) | project SrcIpAddr`;
    const compiled = compileKql(query, { catalog, dialect: 'duckdb', now });
    return plainRows((await engine.query(compiled.sql, compiled.params)).rows).map((r) => r['SrcIpAddr']);
  };

  test('an address or a prefix ending at an octet, on the chosen side', async () => {
    assert.deepEqual(await run('srcipaddr_has_any_prefix', '["10.1", "192.168.1.7"]'), [
      '10.1.2.3',
      '192.168.1.7',
    ]);
    assert.deepEqual(await run('ipaddr_has_any_prefix', '["10.1."]'), ['10.1.2.3', '192.168.1.7']);
    assert.deepEqual(await run('dstipaddr_has_any_prefix', '["8.8.8.8"]'), ['10.1.2.3', '10.12.0.1']);
  });

  test('an empty run-time list filters nothing', async () => {
    assert.deepEqual(
      await run('srcipaddr_has_any_prefix', '["x"] | where p != "x"'),
      pairs.map(([s]) => s),
    );
  });
});
