import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PARSE_XML_MAX_BYTES, xmlToJson } from '../../src/kql/xml-to-json.ts';

const parsed = (xml: string | null): unknown => {
  const json = xmlToJson(xml);
  return json === null ? null : JSON.parse(json);
};

describe('parse_xml conversion (XML → JSON text)', () => {
  test('the documented table', () => {
    assert.deepEqual(parsed('<e/>'), { e: null });
    assert.deepEqual(parsed('<e>text</e>'), { e: 'text' });
    assert.deepEqual(parsed('<e name="value" />'), { e: { '@name': 'value' } });
    assert.deepEqual(parsed('<e name="value">text</e>'), { e: { '@name': 'value', '#text': 'text' } });
    assert.deepEqual(parsed('<e> <a>text</a> <b>text</b> </e>'), { e: { a: 'text', b: 'text' } });
    assert.deepEqual(parsed('<e> <a>text</a> <a>text</a> </e>'), { e: { a: ['text', 'text'] } });
    assert.deepEqual(parsed('<e> text <a>text</a> </e>'), { e: { '#text': 'text', a: 'text' } });
  });

  test('the documented example: values stay strings, the declaration is skipped', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<duration>
    <value>118.0</value>
    <count>5.0</count>
    <min>100.0</min>
</duration>`;
    assert.equal(xmlToJson(xml), '{"duration":{"value":"118.0","count":"5.0","min":"100.0"}}');
  });

  test('key order: attributes first, then names in order of first appearance', () => {
    assert.equal(
      xmlToJson('<e z="1" a="2"><b>1</b><c/><b>2</b>tail</e>'),
      '{"e":{"@z":"1","@a":"2","b":["1","2"],"c":null,"#text":"tail"}}',
    );
    assert.deepEqual(parsed('<e>x<b/>y</e>'), { e: { '#text': ['x', 'y'], b: null } });
  });

  test('only elements, attributes and text: comments, PIs, doctype skipped; CDATA is text', () => {
    assert.deepEqual(parsed('<!DOCTYPE e><!-- c --><e><?pi x?>a&amp;b<!-- c -->&#65;<![CDATA[<x>]]></e>'), {
      e: 'a&bA<x>',
    });
    assert.deepEqual(parsed('<e></e>'), { e: null });
    assert.deepEqual(parsed('<e>   </e>'), { e: null });
  });

  test('names keep their prefixes; namespace declarations are attributes', () => {
    assert.deepEqual(parsed('<p:e xmlns:p="urn:p" p:k="v"><p:c>1</p:c></p:e>'), {
      'p:e': { '@xmlns:p': 'urn:p', '@p:k': 'v', 'p:c': '1' },
    });
    assert.equal(xmlToJson('<e><__proto__>1</__proto__></e>'), '{"e":{"__proto__":"1"}}');
  });

  test('invalid XML gives null', () => {
    for (const bad of [
      '',
      'text',
      '<e>',
      '<e></f>',
      '<a/><b/>',
      '<e a="1" a="2"/>',
      '<e>&nope;</e>',
      '<p:e/>',
      null,
    ])
      assert.equal(xmlToJson(bad), null, String(bad));
  });

  test('input longer than 1 MB (UTF-8 bytes) gives null', () => {
    const wrap = (n: number, ch: string) => `<e>${ch.repeat(n)}</e>`;
    const overhead = '<e></e>'.length;
    assert.notEqual(xmlToJson(wrap(PARSE_XML_MAX_BYTES - overhead, 'a')), null);
    assert.equal(xmlToJson(wrap(PARSE_XML_MAX_BYTES - overhead + 1, 'a')), null);
    // 'é' is two bytes: the limit counts bytes, not characters.
    const half = (PARSE_XML_MAX_BYTES - overhead) / 2;
    assert.notEqual(xmlToJson(wrap(Math.floor(half), 'é')), null);
    assert.equal(xmlToJson(wrap(Math.floor(half) + 1, 'é')), null);
  });

  test('Sysmon EventData as the Event table holds it', () => {
    const xml =
      '<DataItem type="System.XmlData" time="2022-07-01T10:00:00.0000000Z" sourceHealthServiceId="0"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data Name="RuleName">-</Data><Data Name="UtcTime">2022-07-01 10:00:00.000</Data><Data Name="Image">C:\\Windows\\System32\\cmd.exe</Data><Data Name="CommandLine">cmd.exe /c "echo &lt;hi&gt;"</Data><Data Name="User" /></EventData></DataItem>';
    const data = (parsed(xml) as { DataItem: { EventData: { Data: unknown[] } } }).DataItem.EventData.Data;
    assert.equal(data.length, 5);
    assert.deepEqual(data[2], { '@Name': 'Image', '#text': 'C:\\Windows\\System32\\cmd.exe' });
    assert.deepEqual(data[3], { '@Name': 'CommandLine', '#text': 'cmd.exe /c "echo <hi>"' });
    assert.deepEqual(data[4], { '@Name': 'User' });
    assert.deepEqual(Object.keys((parsed(xml) as { DataItem: object }).DataItem), [
      '@type',
      '@time',
      '@sourceHealthServiceId',
      'EventData',
    ]);
  });
});
