import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUserError } from '../../src/core/errors.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { duckKqlRunner, RUNNER_NOW } from './kql-duck-runner.ts';

/** Decoders of text in a column (parse_xml, base64, URL queries), with known answers on DuckDB. */
describe('decoding functions', () => {
  const catalog = buildKqlCatalog();
  const now = RUNNER_NOW;
  const run = duckKqlRunner();

  const SYSMON =
    '<DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data Name="RuleName">-</Data><Data Name="Image">C:\\\\Windows\\\\cmd.exe</Data><Data Name="Hashes">SHA256=ABC,MD5=DEF</Data></EventData></DataItem>';

  test('parse_xml reads Sysmon EventData as the Sentinel IOC rules do', async () => {
    const rows = await run(`datatable(EventData:string)['${SYSMON}', 'not xml', '']
| extend EvData = parse_xml(EventData)
| extend EventDetail = EvData.DataItem.EventData.Data
| extend Image = EventDetail.[1].["#text"], Hashes = tostring(EventDetail.[2].["#text"]),
         Name = tostring(EvData.DataItem.EventData.Data[0]["@Name"]), Missing = tostring(EventDetail[16]["#text"])
| project Image = tostring(Image), Hashes, Name, Missing, IsNull = isnull(EvData)`);
    assert.deepEqual(rows, [
      {
        Image: 'C:\\Windows\\cmd.exe',
        Hashes: 'SHA256=ABC,MD5=DEF',
        Name: 'RuleName',
        Missing: '',
        IsNull: false,
      },
      { Image: '', Hashes: '', Name: '', Missing: '', IsNull: true },
      { Image: '', Hashes: '', Name: '', Missing: '', IsNull: true },
    ]);
  });

  test('parse_xml values stay strings and repeated elements are arrays', async () => {
    const rows = await run(`print x = parse_xml('<r><v>118.0</v><v>5</v><w a="1"/></r>')
| project v0 = tostring(x.r.v[0]), n = array_length(x.r.v), a = tostring(x.r.w["@a"]), t = tostring(x)`);
    assert.deepEqual(rows, [{ v0: '118.0', n: 2, a: '1', t: '{"r":{"v":["118.0","5"],"w":{"@a":"1"}}}' }]);
  });

  test('parse_xml is refused on Spark with its position and the engine to use', () => {
    assert.throws(
      () => compileKql('print x = 1\n| extend y = parse_xml("<e/>")', { catalog, dialect: 'spark', now }),
      (e: unknown) =>
        isUserError(e) &&
        e.code === 'kql-unsupported-in-dialect' &&
        /parse_xml\(\) runs on the DuckDB engine.*line 2, column 14.*--engine duckdb/.test(e.message),
    );
  });
});
