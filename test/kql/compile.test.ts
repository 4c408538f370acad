import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { inferSchemas } from '../../src/kql/kql-infer.ts';
import { FIREWALL } from './verified/verified-cases.ts';

const catalog = buildKqlCatalog({
  lakeTables: [
    { name: 'CommonSecurityLog', columns: FIREWALL.columns.map(([name, type]) => ({ name, type })) },
  ],
});
const now = new Date('2024-04-22T00:00:00Z');
const compile = (q: string, dialect: 'duckdb' | 'spark' = 'duckdb') =>
  compileKql(q, { catalog, dialect, now });

function refusal(q: string): UserError {
  try {
    compile(q);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  assert.fail(`expected a refusal for: ${q}`);
}

describe('refusals name the construct and its position', () => {
  test('syntax error shows the parser diagnostic with line and column', () => {
    const e = refusal('CommonSecurityLog\n| where (SourceIP == ');
    assert.equal(e.code, 'kql-syntax');
    assert.equal(e.at.line, 2);
    assert.ok(e.at.column !== undefined);
  });
  test('unknown column', () => {
    const e = refusal('CommonSecurityLog | where NoSuchColumn > 1');
    assert.match(e.message, /NoSuchColumn/);
    assert.equal(e.at.column, 27);
  });
  test('unsupported operator', () => {
    const e = refusal('CommonSecurityLog\n| evaluate bag_unpack(AdditionalExtensions)');
    assert.equal(e.code, 'kql-unsupported');
    assert.match(e.message, /evaluate/);
    assert.deepEqual([e.at.line, e.at.column], [2, 3]);
  });
  test('unsupported function', () => {
    const e = refusal('CommonSecurityLog | extend s = series_decompose_anomalies(dynamic([1,2]))');
    assert.match(e.message, /series_decompose_anomalies\(\)/);
  });
  test('series_outliers() with an ignore value is refused', () => {
    const e = refusal('print s = series_outliers(pack_array(1, 2, 3), "ctukey", 0)');
    assert.match(e.message, /series_outliers\(\) with an ignore value/);
  });
  test('serialize of unordered rows', () => {
    assert.match(refusal('CommonSecurityLog | serialize | extend p = prev(SourceIP)').message, /sort/);
  });
  test('the published ASIM rule passes timespans as datetimes', () => {
    const e = refusal('_Im_NetworkSession(starttime=2d, endtime=1d) | count');
    assert.match(e.message, /starttime must be a datetime/);
  });
});

describe('time pushdown', () => {
  test('ago() bounds the range from below', () => {
    const r = compile('CommonSecurityLog | where TimeGenerated > ago(7d) | count');
    assert.equal(r.timeRange?.from?.toISOString(), '2024-04-15T00:00:00.000Z');
    assert.equal(r.timeRange?.to, undefined);
  });
  test('between bounds both sides (upper inclusive)', () => {
    const r = compile(
      'CommonSecurityLog | where TimeGenerated between (datetime(2024-04-20) .. datetime(2024-04-21)) | count',
    );
    assert.equal(r.timeRange?.from?.toISOString(), '2024-04-20T00:00:00.000Z');
    assert.equal(r.timeRange?.to?.toISOString(), '2024-04-21T00:00:00.001Z');
  });
  test('a second, unfiltered read of the table disables pruning', () => {
    const r = compile(
      'let T = CommonSecurityLog; T | where TimeGenerated > ago(1d) | join (T | project SourceIP) on SourceIP',
    );
    assert.equal(r.timeRange, undefined);
  });
  test('the window flags intersect the query range', () => {
    const r = compileKql('CommonSecurityLog | where TimeGenerated > ago(7d)', {
      catalog,
      dialect: 'duckdb',
      now,
      window: { from: new Date('2024-04-01T00:00:00Z'), to: new Date('2024-04-20T00:00:00Z') },
    });
    assert.deepEqual(
      [r.timeRange?.from?.toISOString(), r.timeRange?.to?.toISOString()],
      ['2024-04-15T00:00:00.000Z', '2024-04-20T00:00:00.000Z'],
    );
  });
});

describe('now() is fixed once per query', () => {
  test('ago() and now() use --now', () => {
    const sql = compile('CommonSecurityLog | where TimeGenerated > ago(1h) | extend n = now()').sql;
    assert.match(sql, /TIMESTAMP '2024-04-21 23:00:00.000'/);
    assert.match(sql, /TIMESTAMP '2024-04-22 00:00:00.000'/);
  });
});

describe('schema inference for tables outside the catalog (coverage runs)', () => {
  test('unknown tables and columns are inferred; type errors retype string columns', () => {
    const tables = inferSchemas(
      'LAQueryLogs | where ResponseRowCount > 10001 and RequestClientApp in ("a") | summarize count() by AADEmail',
      {},
    );
    assert.deepEqual(tables, [
      {
        name: 'LAQueryLogs',
        columns: [
          { name: 'TimeGenerated', type: 'datetime' },
          { name: 'ResponseRowCount', type: 'long' },
          { name: 'RequestClientApp', type: 'string' },
          { name: 'AADEmail', type: 'string' },
        ],
      },
    ]);
  });
  test('known tables need no inference', () => {
    assert.deepEqual(inferSchemas('CommonSecurityLog | take 1', {}), []);
  });
});
