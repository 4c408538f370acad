import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { duckKqlRunner, RUNNER_NOW } from './kql-duck-runner.ts';

/** Constructs the network-hunting corpus needs, each with a known answer on inline data. */
describe('network-hunting constructs on DuckDB', () => {
  const run = duckKqlRunner((query) => !/has_any_ipv4|domain_has_any=d\b/.test(query));

  test('has_any over a single-column query matches whole terms of any of its values', async () => {
    const rows = await run(`let terms = datatable(t:string)["evil.com", "BAD"];
datatable(u:string)["www.evil.com/x", "good.org", "bad-actor", "badge", "notevil.com"]
| where u has_any (terms)`);
    assert.deepEqual(rows, [{ u: 'www.evil.com/x' }, { u: 'bad-actor' }]);
  });

  test('has_any over an empty query matches nothing', async () => {
    const rows = await run(`let terms = datatable(t:string)["x"] | where t == "y";
datatable(u:string)["x"] | where u has_any (terms)`);
    assert.deepEqual(rows, []);
  });

  test('parse kind=relaxed with string columns is the simple parse', async () => {
    const rows =
      await run(`datatable(m:string)["Failed password for invalid user bob from 10.0.0.5 port 22 ssh2", "other"]
| parse kind=relaxed m with * "invalid user " user " from " ip " port " port " ssh2"
| project user, ip, port`);
    assert.deepEqual(rows, [
      { user: 'bob', ip: '10.0.0.5', port: '22' },
      { user: '', ip: '', port: '' },
    ]);
  });

  test('verbatim strings inside a dynamic literal keep backslashes', async () => {
    const rows = await run(
      String.raw`print r = tostring(dynamic([@'a\.b', h@"c""d"])[0]), s = tostring(dynamic([@'a\.b', h@"c""d"])[1])`,
    );
    assert.deepEqual(rows, [{ r: 'a\\.b', s: 'c"d' }]);
  });

  test('arg_max(*) over a table(name) the analyser cannot see keeps every column of the row', async () => {
    const rows = await run(`let f = (name:string) { table(name) | extend Seen = TimeGenerated };
f("SigninLogs") | summarize Seen = arg_max(Seen, *) by UserPrincipalName | project Seen, UserPrincipalName, IPAddress`);
    assert.deepEqual(rows, []);
  });
  test('has_any_ipv4 over a list known when the query runs: whole addresses, invalid ones skipped', async () => {
    const rows = await run(`let ips = datatable(ip:string)["10.0.0.5", "1.2.3.4", "not-an-ip", "300.1.1.1"];
datatable(EventData:string)["login from 10.0.0.5 ok", "from 110.0.0.55", "x 1.2.3.4.5", "a 300.1.1.1 b", "<ip>1.2.3.4</ip>"]
| where has_any_ipv4(EventData, toscalar(ips | summarize make_set(ip)))`);
    assert.deepEqual(rows, [{ EventData: 'login from 10.0.0.5 ok' }, { EventData: '<ip>1.2.3.4</ip>' }]);
  });

  test('an ASIM list parameter given one string matches it as one term', async () => {
    const domain = 'let d = "evil.ml";\n_Im_Dns(domain_has_any=d) | count';
    const compiled = compileKql(domain, { catalog: buildKqlCatalog(), dialect: 'duckdb', now: RUNNER_NOW });
    assert.match(compiled.sql, /evil\\.ml/);
    assert.deepEqual(await run(domain), [{ Count: 0 }]);
  });
});
