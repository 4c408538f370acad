import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCefExtension, unescapeCefValue } from '../../../src/ingest/formats/cef-extension.ts';

function pairs(text: string): [string, string][] {
  return parseCefExtension(text).pairs.map((p) => [p.key, p.value]);
}

describe('parseCefExtension', () => {
  test('simple pairs in order', () => {
    assert.deepEqual(pairs('src=10.0.0.1 dst=10.0.0.2 spt=1234'), [
      ['src', '10.0.0.1'],
      ['dst', '10.0.0.2'],
      ['spt', '1234'],
    ]);
  });
  test('values run until the next key and may contain spaces', () => {
    assert.deepEqual(pairs('msg=Remote access denied for user x act=blocked'), [
      ['msg', 'Remote access denied for user x'],
      ['act', 'blocked'],
    ]);
  });
  test('escaped = and backslash in values', () => {
    assert.deepEqual(pairs('request=http://x/?a\\=1&b\\=2 filePath=C:\\\\Windows\\\\x.exe'), [
      ['request', 'http://x/?a=1&b=2'],
      ['filePath', 'C:\\Windows\\x.exe'],
    ]);
  });
  test('an escaped = does not start a key', () => {
    assert.deepEqual(pairs('msg=a b\\=c d=e'), [
      ['msg', 'a b=c'],
      ['d', 'e'],
    ]);
  });
  test('\\n and \\r become line breaks', () => {
    assert.deepEqual(pairs('msg=line1\\nline2\\r\\nline3'), [['msg', 'line1\nline2\r\nline3']]);
  });
  test('unknown escapes and lone backslashes stay as written', () => {
    assert.deepEqual(pairs('fname=C:\\Temp\\a.txt cs1=\\t\\|'), [
      ['fname', 'C:\\Temp\\a.txt'],
      ['cs1', '\\t\\|'],
    ]);
  });
  test('a path ending in a backslash before the next key', () => {
    assert.deepEqual(pairs('filePath=C:\\Temp\\ fname=a.txt'), [
      ['filePath', 'C:\\Temp\\'],
      ['fname', 'a.txt'],
    ]);
  });
  test('empty values, including at the end', () => {
    assert.deepEqual(pairs('act= dst=1.2.3.4 msg='), [
      ['act', ''],
      ['dst', '1.2.3.4'],
      ['msg', ''],
    ]);
  });
  test('several spaces between pairs and trailing spaces are trimmed', () => {
    assert.deepEqual(pairs('  a=1   b=2  '), [
      ['a', '1'],
      ['b', '2'],
    ]);
  });
  test('keys with dots, dashes, digits and brackets', () => {
    assert.deepEqual(pairs('ad.Key-1=x cs1Label=y flex[0]=z'), [
      ['ad.Key-1', 'x'],
      ['cs1Label', 'y'],
      ['flex[0]', 'z'],
    ]);
  });
  test('= inside a token that is not a key stays in the value', () => {
    assert.deepEqual(pairs('request=http://h/p?q=1 act=x'), [
      ['request', 'http://h/p?q=1'],
      ['act', 'x'],
    ]);
  });
  test('text before the first key is returned apart', () => {
    const ext = parseCefExtension('garbage here src=1.1.1.1');
    assert.equal(ext.leading, 'garbage here');
    assert.deepEqual(
      ext.pairs.map((p) => p.key),
      ['src'],
    );
    assert.deepEqual(parseCefExtension('no pairs at all'), { pairs: [], leading: 'no pairs at all' });
    assert.deepEqual(parseCefExtension(''), { pairs: [], leading: '' });
  });
  test('unescapeCefValue', () => {
    assert.equal(unescapeCefValue('plain'), 'plain');
    assert.equal(unescapeCefValue('a\\\\=b'), 'a\\=b');
    assert.equal(unescapeCefValue('a\\\\\\=b'), 'a\\=b'); // `\\` then `\=`
    assert.equal(unescapeCefValue('end\\'), 'end\\');
  });
  test('1 MB values and pathological inputs stay linear', () => {
    const started = performance.now();
    const big = 'x '.repeat(500_000);
    assert.equal(parseCefExtension(`msg=${big}act=ok`).pairs[0]!.value.length, big.trimEnd().length);
    assert.equal(parseCefExtension('a='.repeat(500_000)).pairs.length, 1);
    assert.equal(parseCefExtension('k'.repeat(1_000_000)).pairs.length, 0);
    assert.equal(parseCefExtension(`${'\\'.repeat(1_000_000)}=x`).pairs.length, 0);
    assert.equal(parseCefExtension('k=v '.repeat(250_000)).pairs.length, 250_000);
    assert.ok(performance.now() - started < 2000, 'took too long');
  });
});
