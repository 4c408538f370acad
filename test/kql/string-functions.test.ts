import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUserError } from '../../src/core/errors.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { regexGroups } from '../../src/kql/kql-regex-groups.ts';
import { duckKqlRunner, RUNNER_NOW } from './kql-duck-runner.ts';

/** String functions with known answers on DuckDB (the examples of Kusto's documentation). */
describe('extract_all', () => {
  const catalog = buildKqlCatalog();
  const now = RUNNER_NOW;
  const run = duckKqlRunner();
  const GUID = 'print Id="82b8be2d-dfa7-4bd1-8f63-24ad26d31449"';

  test('one group gives a flat array, several an array per match', async () => {
    const rows = await run(`${GUID}
| project Bytes = extract_all(@"([\\da-f]{2})", Id), Parts = extract_all(@"(\\w)(\\w+)(\\w)", Id)`);
    assert.deepEqual(rows, [
      {
        Bytes: [
          '82',
          'b8',
          'be',
          '2d',
          'df',
          'a7',
          '4b',
          'd1',
          '8f',
          '63',
          '24',
          'ad',
          '26',
          'd3',
          '14',
          '49',
        ],
        Parts: [
          ['8', '2b8be2', 'd'],
          ['d', 'fa', '7'],
          ['4', 'bd', '1'],
          ['8', 'f6', '3'],
          ['2', '4ad26d3144', '9'],
        ],
      },
    ]);
  });

  test('groups selected by name and by number, in the order given', async () => {
    const rows = await run(`${GUID}
| project Ends = extract_all(@"(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", dynamic(['last', 'first']), Id),
          Mixed = extract_all(@"(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", dynamic(['first', 2, 'last']), Id),
          Middle = extract_all(@"(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", dynamic(['middle']), Id)`);
    assert.deepEqual(rows, [
      {
        Ends: [
          ['d', '8'],
          ['7', 'd'],
          ['1', '4'],
          ['3', '8'],
          ['9', '2'],
        ],
        Mixed: [
          ['8', '2b8be2', 'd'],
          ['d', 'fa', '7'],
          ['4', 'bd', '1'],
          ['8', 'f6', '3'],
          ['2', '4ad26d3144', '9'],
        ],
        Middle: ['2b8be2', 'fa', 'bd', 'f6', '4ad26d3144'],
      },
    ]);
  });

  test('no match is null; the Sysmon Hashes split feeds has_any and indexing', async () => {
    const rows = await run(`let sha256Hashes = dynamic(["ab12"]);
datatable(H:string)["SHA256=AB12,MD5=CD34", "MD5=ab123", ""]
| extend Hashes = extract_all(@"(?P<key>\\w+)=(?P<value>[a-zA-Z0-9]+)", dynamic(["key","value"]), H)
| project Hashes, Hit = Hashes has_any (sha256Hashes), First = tostring(Hashes[0][1]), N = array_length(Hashes),
          Text = tostring(Hashes), Missing = isnull(Hashes), One = extract_all(@"(x)", H)`);
    assert.deepEqual(rows, [
      {
        Hashes: [
          ['SHA256', 'AB12'],
          ['MD5', 'CD34'],
        ],
        Hit: true,
        First: 'AB12',
        N: 2,
        Text: '[["SHA256","AB12"],["MD5","CD34"]]',
        Missing: false,
        One: null,
      },
      {
        Hashes: [['MD5', 'ab123']],
        Hit: false,
        First: 'ab123',
        N: 1,
        Text: '[["MD5","ab123"]]',
        Missing: false,
        One: null,
      },
      { Hashes: null, Hit: false, First: '', N: null, Text: '', Missing: true, One: null },
    ]);
  });

  test('a group the pattern lacks is refused with its position', () => {
    assert.throws(
      () =>
        compileKql('print x = "a"\n| extend y = extract_all(@"(?P<k>a)", dynamic(["v"]), x)', {
          catalog,
          dialect: 'duckdb',
          now,
        }),
      (e: unknown) =>
        isUserError(e) && e.code === 'kql-invalid' && /group "v".*line 2, column 14/.test(e.message),
    );
    assert.throws(
      () =>
        compileKql('print x = "a"\n| extend y = extract_all(@"(a)", dynamic([2]), x)', {
          catalog,
          dialect: 'duckdb',
          now,
        }),
      (e: unknown) => isUserError(e) && /group 2/.test(e.message),
    );
  });

  test('has_ipv4 with the address from a column: whole addresses only', async () => {
    const rows =
      await run(`datatable(t:string, ip:string)["a 10.0.0.1 b", "10.0.0.1", "a 10.0.0.12", "10.0.0.1",
  "10.0.0.1.5", "10.0.0.1", "bad", "bad", "", ""]
| project h = has_ipv4(t, ip)`);
    assert.deepEqual(
      rows.map((r) => r['h']),
      [true, false, false, false, false],
    );
  });

  test('capturing groups are counted past escapes, classes and non-capturing groups', () => {
    const g = regexGroups(String.raw`\((?:a)[(](?P<k>[^)\]]+)(?i)(b)\Q(x)\E[[:alpha:](]`);
    assert.equal(g.count, 2);
    assert.deepEqual([...g.names], [['k', 1]]);
    assert.equal(g.unnamed, String.raw`\((?:a)[(]([^)\]]+)(?i)(b)\Q(x)\E[[:alpha:](]`);
    assert.deepEqual(regexGroups('(?<name>x)(y)').names, new Map([['name', 1]]));
  });
});

describe('has_any_ipv4 on Spark', () => {
  test('a list known only when the query runs becomes one regular expression (no lambda over the subquery)', () => {
    const query = `let ips = datatable(ip:string)["10.0.0.1"];
print EventData = "from 10.0.0.1"
| where has_any_ipv4(EventData, toscalar(ips | summarize make_set(ip)))`;
    const options = { catalog: buildKqlCatalog(), now: new Date('2024-04-22T00:00:00Z') };
    const spark = compileKql(query, { ...options, dialect: 'spark' }).sql;
    assert.match(spark, /regexp_extract_all\(concat\(/);
    assert.doesNotMatch(spark, /transform\(|filter\(|exists\(/);
    assert.ok(compileKql(query, { ...options, dialect: 'duckdb' }).sql.includes('10.0.0.1'));
  });
});
