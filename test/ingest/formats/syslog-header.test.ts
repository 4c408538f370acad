import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSyslogHeader } from '../../../src/ingest/formats/syslog-header.ts';

describe('parseSyslogHeader: RFC 3164', () => {
  test('PRI, BSD time without year (reference year, UTC), host, message', () => {
    const h = parseSyslogHeader('<134>Mar 31 10:52:35 Contoso-MainFW CEF:0|a', 2022);
    assert.equal(h.kind, 'rfc3164');
    assert.equal(h.priority, 134);
    assert.equal(h.time, '2022-03-31T10:52:35.000Z');
    assert.equal(h.host, 'Contoso-MainFW');
    assert.equal(h.message, 'CEF:0|a');
  });
  test('space-padded day', () => {
    const h = parseSyslogHeader('<13>Apr  1 00:00:01 fw msg', 2024);
    assert.equal(h.time, '2024-04-01T00:00:01.000Z');
    assert.equal(h.host, 'fw');
    assert.equal(h.message, 'msg');
  });
  test('year and fractional seconds in the BSD time', () => {
    const h = parseSyslogHeader('<13>Mar 31 2021 10:52:35.123456 fw msg', 2024);
    assert.equal(h.time, '2021-03-31T10:52:35.123456Z');
  });
  test('RFC 3339 time in a BSD header', () => {
    const h = parseSyslogHeader('<13>2024-04-21T12:00:00.5+02:00 fw msg here', 2000);
    assert.equal(h.kind, 'rfc3164');
    assert.equal(h.time, '2024-04-21T10:00:00.500Z');
    assert.equal(h.host, 'fw');
    assert.equal(h.message, 'msg here');
  });
  test('no PRI (as written to a file)', () => {
    const h = parseSyslogHeader('Dec 27 11:15:40 FGT-A-LOG CEF: 0|Fortinet', 2018);
    assert.equal(h.kind, 'rfc3164');
    assert.equal(h.priority, undefined);
    assert.equal(h.time, '2018-12-27T11:15:40.000Z');
    assert.equal(h.host, 'FGT-A-LOG');
    assert.equal(h.message, 'CEF: 0|Fortinet');
  });
  test('no host: the message follows the time', () => {
    const h = parseSyslogHeader('<134>Mar 31 10:52:35 CEF:0|a|b', 2022);
    assert.equal(h.host, undefined);
    assert.equal(h.message, 'CEF:0|a|b');
    const tagged = parseSyslogHeader('<134>Mar 31 10:52:35 sshd[12]: hello', 2022);
    assert.equal(tagged.host, undefined);
    assert.equal(tagged.message, 'sshd[12]: hello');
  });
  test('impossible date keeps the text for the error message', () => {
    const h = parseSyslogHeader('<134>Feb 30 10:52:35 fw x', 2022);
    assert.equal(h.time, undefined);
    assert.equal(h.timeText, 'Feb 30 10:52:35');
    assert.equal(h.host, 'fw');
  });
  test('leap day depends on the reference year', () => {
    assert.equal(parseSyslogHeader('<1>Feb 29 00:00:00 h m', 2024).time, '2024-02-29T00:00:00.000Z');
    assert.equal(parseSyslogHeader('<1>Feb 29 00:00:00 h m', 2023).time, undefined);
  });
  test('PRI with garbage after it: no time, all message', () => {
    const h = parseSyslogHeader('<134>garbage CEF:0|x', 2022);
    assert.equal(h.kind, 'rfc3164');
    assert.equal(h.time, undefined);
    assert.equal(h.timeText, undefined);
    assert.equal(h.message, 'garbage CEF:0|x');
  });
});

describe('parseSyslogHeader: RFC 5424', () => {
  test('all header fields, structured data, message', () => {
    const line =
      '<165>1 2024-04-21T10:00:00.123Z fw01 evntslog 1234 ID47 [exampleSDID@32473 iut="3" eventSource="App"] CEF:0|a';
    const h = parseSyslogHeader(line, 1999);
    assert.equal(h.kind, 'rfc5424');
    assert.equal(h.priority, 165);
    assert.equal(h.time, '2024-04-21T10:00:00.123Z');
    assert.equal(h.host, 'fw01');
    assert.equal(h.appName, 'evntslog');
    assert.equal(h.procId, '1234');
    assert.equal(h.msgId, 'ID47');
    assert.equal(h.structuredData, '[exampleSDID@32473 iut="3" eventSource="App"]');
    assert.equal(h.message, 'CEF:0|a');
  });
  test('nil values and nil structured data', () => {
    const h = parseSyslogHeader('<13>1 2024-04-21T10:00:00Z - - - - - hello world', 1999);
    assert.equal(h.host, undefined);
    assert.equal(h.appName, undefined);
    assert.equal(h.structuredData, undefined);
    assert.equal(h.message, 'hello world');
  });
  test('several SD elements with escaped ] and " inside values', () => {
    const h = parseSyslogHeader(
      '<13>1 2024-04-21T10:00:00Z h a p m [a@1 x="q\\]r" y="s\\"t"][b@2 z="]"] msg',
      1999,
    );
    assert.equal(h.structuredData, '[a@1 x="q\\]r" y="s\\"t"][b@2 z="]"]');
    assert.equal(h.message, 'msg');
  });
  test('offset converted to UTC, microseconds kept', () => {
    const h = parseSyslogHeader('<13>1 2003-10-11T22:14:15.003000-07:00 h a p m - x', 1999);
    assert.equal(h.time, '2003-10-12T05:14:15.003000Z');
  });
  test('nil time', () => {
    const h = parseSyslogHeader('<13>1 - h a p m - x', 1999);
    assert.equal(h.time, undefined);
    assert.equal(h.timeText, undefined);
    assert.equal(h.message, 'x');
  });
  test('BOM before the message is dropped', () => {
    assert.equal(
      parseSyslogHeader('<13>1 2024-04-21T10:00:00Z h a p m - \uFEFFCEF:0|', 1999).message,
      'CEF:0|',
    );
  });
  test('truncated header: empty message', () => {
    const h = parseSyslogHeader('<13>1 2024-04-21T10:00:00Z host', 1999);
    assert.equal(h.kind, 'rfc5424');
    assert.equal(h.host, 'host');
    assert.equal(h.message, '');
  });
  test('unterminated structured data keeps the rest as message', () => {
    const h = parseSyslogHeader('<13>1 2024-04-21T10:00:00Z h a p m [a@1 x="y CEF:0|v', 1999);
    assert.equal(h.structuredData, undefined);
    assert.equal(h.message, '[a@1 x="y CEF:0|v');
  });
});

describe('parseSyslogHeader: no header', () => {
  test('bare CEF', () => {
    const h = parseSyslogHeader('CEF:0|a|b', 2020);
    assert.equal(h.kind, 'none');
    assert.equal(h.message, 'CEF:0|a|b');
  });
  test('PRI out of range is not a PRI', () => {
    assert.equal(parseSyslogHeader('<192>Mar 31 10:52:35 h m', 2020).kind, 'none');
  });
  test('text that only looks like a month', () => {
    assert.equal(parseSyslogHeader('Foo 31 10:52:35 h m', 2020).kind, 'none');
    assert.equal(parseSyslogHeader('hello world', 2020).kind, 'none');
  });
  test('a 1 MB line without spaces is read in one pass', () => {
    const line = `<13>Mar 31 10:52:35 ${'x'.repeat(1_000_000)}`;
    const started = performance.now();
    const h = parseSyslogHeader(line, 2020);
    assert.equal(h.host?.length, 1_000_000);
    assert.equal(h.message, '');
    const h5424 = parseSyslogHeader(`<13>1 ${'y'.repeat(1_000_000)}`, 2020);
    assert.equal(h5424.time, undefined);
    assert.ok(performance.now() - started < 500);
  });
});
