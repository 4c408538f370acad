import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CEF_EXTRA_COLUMNS, cefKeyColumn, mappedCefKeys } from '../../../src/ingest/formats/cef-field-map.ts';
import { parseCefLine } from '../../../src/ingest/formats/cef-parser.ts';
import { parseCefTime } from '../../../src/ingest/formats/cef-time.ts';
import type { ParsedRecord } from '../../../src/ingest/formats/parsed-line.ts';
import { COMMON_SECURITY_LOG_COLUMNS } from '../../../src/schemas/common-security-log-schema.ts';

const context = { referenceYear: 2022 };

function record(line: string): ParsedRecord {
  const parsed = parseCefLine(line, context);
  if (!parsed.ok) assert.fail(`expected a record, got: ${parsed.reason}`);
  assert.equal(parsed.table, 'CommonSecurityLog');
  return parsed.record;
}

function reason(line: string): string {
  const parsed = parseCefLine(line, context);
  if (parsed.ok) assert.fail(`expected a failure, got ${JSON.stringify(parsed.record)}`);
  return parsed.reason;
}

const FORTIGATE =
  '<134>Mar 31 10:52:35 Contoso-MainFW CEF:0|Fortinet|Fortigate|v6.4.7|28704|utm:app-ctrl signature pass|2|' +
  'deviceExternalId=FGVM4VTM21000724 FortinetFortiGatelogid=1059028704 cat=utm:app-ctrl ' +
  'src=213.252.245.73 spt=15577 dst=192.168.20.58 dpt=3389 proto=6 deviceInboundInterface=port1 ' +
  'deviceOutboundInterface=port2 externalId=14430578 msg=Remote.Access: RDP, act=pass app=RDP ' +
  'FortinetFortiGateapprisk=high';

describe('parseCefLine: syslog transports', () => {
  test('RFC 3164: header time (reference year, UTC), host as Computer, Sentinel mapping', () => {
    assert.deepEqual(record(FORTIGATE), {
      TimeGenerated: '2022-03-31T10:52:35.000Z',
      Computer: 'Contoso-MainFW',
      DeviceVendor: 'Fortinet',
      DeviceProduct: 'Fortigate',
      DeviceVersion: 'v6.4.7',
      DeviceEventClassID: '28704',
      Activity: 'utm:app-ctrl signature pass',
      LogSeverity: '2',
      DeviceExternalID: 'FGVM4VTM21000724',
      DeviceEventCategory: 'utm:app-ctrl',
      SourceIP: '213.252.245.73',
      SourcePort: 15577,
      DestinationIP: '192.168.20.58',
      DestinationPort: 3389,
      Protocol: '6',
      DeviceInboundInterface: 'port1',
      DeviceOutboundInterface: 'port2',
      ExternalID: 14430578,
      Message: 'Remote.Access: RDP,',
      DeviceAction: 'pass',
      ApplicationProtocol: 'RDP',
      AdditionalExtensions: 'FortinetFortiGatelogid=1059028704;FortinetFortiGateapprisk=high',
    });
  });
  test('RFC 5424: offset converted, microseconds kept, structured data skipped', () => {
    const r = record(
      '<134>1 2024-04-21T12:00:00.123456+02:00 fw01 cef 77 - [meta@1 note="a ] b"] CEF:0|V|P|1|100|Blocked|5|src=10.0.0.1',
    );
    assert.equal(r['TimeGenerated'], '2024-04-21T10:00:00.123456Z');
    assert.equal(r['Computer'], 'fw01');
    assert.equal(r['SourceIP'], '10.0.0.1');
  });
  test('RFC 5424 with nil host: no Computer', () => {
    const r = record('<134>1 2024-04-21T10:00:00Z - - - - - CEF:0|V|P|1|100|n|5|src=10.0.0.1');
    assert.equal(r['Computer'], undefined);
  });
  test('no PRI, `CEF: 0` with a space (FortiGate to a file)', () => {
    const r = record(
      'Dec 27 11:15:40 FGT-A-LOG CEF: 0|Fortinet|Fortigate|v6.0.3|32002|event:system login failed|7|outcome=failed reason=name_invalid duser=admin1',
    );
    assert.equal(r['TimeGenerated'], '2022-12-27T11:15:40.000Z');
    assert.equal(r['EventOutcome'], 'failed');
    assert.equal(r['Reason'], 'name_invalid');
    assert.equal(r['DestinationUserName'], 'admin1');
  });
  test('a syslog tag between host and CEF', () => {
    const r = record('<134>Mar 31 10:52:35 fw CEF-agent[99]: CEF:0|V|P|1|1|n|1|src=1.1.1.1');
    assert.equal(r['Computer'], 'fw');
    assert.equal(r['SourceIP'], '1.1.1.1');
  });
  test('bare CEF with rt in epoch milliseconds', () => {
    const r = record('CEF:0|V|P|1|100|n|5|rt=1713693600123 src=10.0.0.1');
    assert.equal(r['TimeGenerated'], '2024-04-21T10:00:00.123Z');
    assert.equal(r['ReceiptTime'], '1713693600123');
    assert.equal(r['Computer'], undefined);
  });
  test('trailing CR/LF are not part of the last value', () => {
    assert.equal(
      record(`${FORTIGATE}\r\n`)['AdditionalExtensions'],
      record(FORTIGATE)['AdditionalExtensions'],
    );
  });
});

describe('parseCefLine: TimeGenerated', () => {
  const cases: [string, string][] = [
    ['rt=Mar 31 2021 08:00:00', '2021-03-31T08:00:00.000Z'],
    ['rt=Mar 31 2021 08:00:00.250', '2021-03-31T08:00:00.250Z'],
    ['rt=Mar 31 2021 10:00:00 GMT+02:00', '2021-03-31T08:00:00.000Z'],
    ['rt=Oct 11 2017 06:34:06 GMT+00:00', '2017-10-11T06:34:06.000Z'],
    ['rt=Mar 31 2021 03:00:00 -0500', '2021-03-31T08:00:00.000Z'],
    ['rt=Mar 31 08:00:00', '2022-03-31T08:00:00.000Z'],
    ['rt=2021-03-31T08:00:00.5Z', '2021-03-31T08:00:00.500Z'],
    ['rt=1617177600', '2021-03-31T08:00:00.000Z'],
  ];
  for (const [ext, expected] of cases) {
    test(`rt wins over the syslog time: ${ext}`, () => {
      assert.equal(
        record(`<13>Jan  1 00:00:00 h CEF:0|V|P|1|1|n|1|${ext} src=1.1.1.1`)['TimeGenerated'],
        expected,
      );
    });
  }
  test('an rt that is not a time falls back to the header and stays in ReceiptTime', () => {
    const r = record('<13>Jan  1 00:00:00 h CEF:0|V|P|1|1|n|1|rt=Mar 31 2021 08:00:00 PST src=1.1.1.1');
    assert.equal(r['TimeGenerated'], '2022-01-01T00:00:00.000Z');
    assert.equal(r['ReceiptTime'], 'Mar 31 2021 08:00:00 PST');
  });
  test('no usable time at all is a bad timestamp', () => {
    assert.match(reason('CEF:0|V|P|1|100|n|5|src=10.0.0.1'), /^bad timestamp: no rt= /);
    assert.match(
      reason('CEF:0|V|P|1|100|n|5|rt=soon src=10.0.0.1'),
      /^bad timestamp: rt "soon" is not a time/,
    );
    assert.match(
      reason('<13>Feb 30 10:00:00 h CEF:0|V|P|1|1|n|1|src=1.1.1.1'),
      /^bad timestamp: syslog time "Feb 30 10:00:00"/,
    );
  });
  test('parseCefTime refuses impossible and ambiguous values', () => {
    assert.equal(parseCefTime('Feb 30 2021 00:00:00', 2022), undefined);
    assert.equal(parseCefTime('Xyz 01 2021 00:00:00', 2022), undefined);
    assert.equal(parseCefTime('Mar 31 2021 08:00:00 CEST', 2022), undefined);
    assert.equal(parseCefTime('', 2022), undefined);
    assert.equal(parseCefTime('Feb 29 00:00:00', 2024), '2024-02-29T00:00:00.000Z');
  });
});

describe('parseCefLine: header', () => {
  test('escaped pipe and backslash in header fields', () => {
    const r = record('CEF:0|Ven\\|dor|Prod\\\\uct|1.0|sig\\|1|Name with \\| pipe|High|rt=1713693600000');
    assert.equal(r['DeviceVendor'], 'Ven|dor');
    assert.equal(r['DeviceProduct'], 'Prod\\uct');
    assert.equal(r['DeviceEventClassID'], 'sig|1');
    assert.equal(r['Activity'], 'Name with | pipe');
    assert.equal(r['LogSeverity'], 'High');
  });
  test('pipes in the extension need no escape', () => {
    assert.equal(record('CEF:0|V|P|1|1|n|1|rt=1713693600000 msg=a|b|c')['Message'], 'a|b|c');
  });
  test('CEF:1 and a missing pipe after Severity are accepted', () => {
    assert.equal(record('<13>Jan  1 00:00:00 h CEF:1|V|P|1|1|n|Very-High')['LogSeverity'], 'Very-High');
    assert.equal(record('<13>Jan  1 00:00:00 h CEF:0|V|P|1|1|n|10|')['LogSeverity'], '10');
  });
  test('empty header fields are absent', () => {
    const r = record('CEF:0||P||1|n|5|rt=1713693600000');
    assert.equal('DeviceVendor' in r, false);
    assert.equal('DeviceVersion' in r, false);
  });
  test('not CEF, truncated or bad version: a reason', () => {
    assert.equal(reason(''), 'empty line');
    assert.equal(
      reason('<13>Jan  1 00:00:00 h just a syslog line'),
      'not a CEF record: no "CEF:" in the line',
    );
    assert.equal(
      reason('<13>Jan  1 00:00:00 h CEF:0|Vendor|Prod'),
      'truncated CEF header: 3 of 8 |-separated fields',
    );
    assert.equal(
      reason('<13>Jan  1 00:00:00 h CEF:0|V|P|1|1|name'),
      'truncated CEF header: 6 of 8 |-separated fields',
    );
    assert.equal(reason('<13>Jan  1 00:00:00 h CEF:'), 'truncated CEF header: 1 of 8 |-separated fields');
    assert.match(reason('<13>Jan  1 00:00:00 h CEF:zero|V|P|1|1|n|1|'), /^bad CEF version "zero"/);
  });
});

describe('parseCefLine: extension values', () => {
  const at = '<13>Jan  1 00:00:00 h CEF:0|V|P|1|1|n|1|';
  test('escapes in values', () => {
    const r = record(`${at}msg=a\\=b c\\\\d\\nline2 request=http://x/?q\\=1`);
    assert.equal(r['Message'], 'a=b c\\d\nline2');
    assert.equal(r['RequestURL'], 'http://x/?q=1');
  });
  test('unknown keys kept in AdditionalExtensions in order', () => {
    const r = record(`${at}custom1=a b foo=bar src=1.1.1.1 x.y=1`);
    assert.equal(r['AdditionalExtensions'], 'custom1=a b;foo=bar;x.y=1');
    assert.equal(r['SourceIP'], '1.1.1.1');
  });
  test('typed columns: ints, longs, reals, datetimes', () => {
    const r = record(
      `${at}spt=443 dpt=8080 in=9007199254740991 out=0 cnt=3 cfp1=1.5 cfp2=-2e3 cn1=-7 fsize=1024 type=1 ` +
        'start=Mar 31 2021 08:00:00 end=1617177660000 dvcpid=4 spid=5 dpid=6',
    );
    assert.equal(r['SourcePort'], 443);
    assert.equal(r['DestinationPort'], 8080);
    assert.equal(r['ReceivedBytes'], 9007199254740991);
    assert.equal(r['SentBytes'], 0);
    assert.equal(r['EventCount'], 3);
    assert.equal(r['DeviceCustomFloatingPoint1'], 1.5);
    assert.equal(r['DeviceCustomFloatingPoint2'], -2000);
    assert.equal(r['DeviceCustomNumber1'], -7);
    assert.equal(r['FileSize'], 1024);
    assert.equal(r['EventType'], 1);
    assert.equal(r['StartTime'], '2021-03-31T08:00:00.000Z');
    assert.equal(r['EndTime'], '2021-03-31T08:01:00.000Z');
    assert.equal(r['ProcessID'], 4);
    assert.equal(r['SourceProcessId'], 5);
    assert.equal(r['DestinationProcessId'], 6);
    assert.equal(r['AdditionalExtensions'], undefined);
  });
  test('values that do not fit their column are kept, raw, in AdditionalExtensions', () => {
    const r = record(
      `${at}spt=http dpt=99999999999 in=12.5 out=1e3 cnt= cfp1=NaN cn2=0x10 start=later externalId=6f1e-77 src=1.1.1.1`,
    );
    assert.equal(r['SourcePort'], undefined);
    assert.equal(r['DestinationPort'], undefined);
    assert.equal(r['ReceivedBytes'], undefined);
    assert.equal(r['StartTime'], undefined);
    assert.equal(r['ExternalID'], undefined);
    assert.equal(r['SourceIP'], '1.1.1.1');
    assert.equal(
      r['AdditionalExtensions'],
      'spt=http;dpt=99999999999;in=12.5;out=1e3;cfp1=NaN;cn2=0x10;start=later;externalId=6f1e-77',
    );
  });
  test('empty values are absent, not empty strings', () => {
    const r = record(`${at}act= dst=1.2.3.4 msg= cs1Label= spt=`);
    assert.deepEqual(
      Object.keys(r).filter(
        (k) =>
          !['TimeGenerated', 'Computer'].includes(k) &&
          !k.startsWith('Device') &&
          k !== 'Activity' &&
          k !== 'LogSeverity',
      ),
      ['DestinationIP'],
    );
  });
  test('a repeated key: first value in the column, the rest in AdditionalExtensions', () => {
    const r = record(`${at}src=1.1.1.1 src=2.2.2.2`);
    assert.equal(r['SourceIP'], '1.1.1.1');
    assert.equal(r['AdditionalExtensions'], 'src=2.2.2.2');
  });
  test('custom strings and labels', () => {
    const r = record(
      `${at}cs1Label=Rule Name cs1=Allow all cs6=x cs6Label=y c6a1=::1 flexString2=f deviceCustomDate1=d`,
    );
    assert.equal(r['DeviceCustomString1Label'], 'Rule Name');
    assert.equal(r['DeviceCustomString1'], 'Allow all');
    assert.equal(r['DeviceCustomString6'], 'x');
    assert.equal(r['DeviceCustomString6Label'], 'y');
    assert.equal(r['DeviceCustomIPv6Address1'], '::1');
    assert.equal(r['FlexString2'], 'f');
    assert.equal(r['DeviceCustomDate1'], 'd');
  });
  test('keys that differ only by case from a documented key', () => {
    const r = record(`${at}deviceExternalID=abc CS1LABEL=L`);
    assert.equal(r['DeviceExternalID'], 'abc');
    assert.equal(r['DeviceCustomString1Label'], 'L');
  });
  test('text before the first key is not lost', () => {
    assert.equal(record(`${at}stray words src=1.1.1.1`)['AdditionalExtensions'], 'stray words');
  });
  test('truncated in the middle of the extension', () => {
    const r = record(`${at}src=1.1.1.1 dst=`);
    assert.equal(r['SourceIP'], '1.1.1.1');
    assert.equal('DestinationIP' in r, false);
    assert.equal(record(`${at}src=1.1.1.1 ds`)['AdditionalExtensions'], undefined);
    assert.equal(record(`${at}src=1.1.1.1 ds`)['SourceIP'], '1.1.1.1 ds');
  });
  test('a 1 MB line parses in linear time', () => {
    const big = 'A'.repeat(1_000_000);
    const started = performance.now();
    const r = record(`${at}src=1.1.1.1 msg=${big} act=ok`);
    assert.equal((r['Message'] as string).length, 1_000_000);
    assert.equal(r['DeviceAction'], 'ok');
    const many = record(`${at}${'k=v '.repeat(200_000)}`);
    assert.equal((many['AdditionalExtensions'] as string).length, 'k=v;'.repeat(200_000).length - 1);
    const noSpaces = record(`${at}msg=${'='.repeat(1_000_000)}`);
    assert.equal((noSpaces['Message'] as string).length, 1_000_000);
    assert.ok(performance.now() - started < 2000, 'too slow');
  });
});

describe('CEF key mapping', () => {
  const columns = new Set([...COMMON_SECURITY_LOG_COLUMNS, ...CEF_EXTRA_COLUMNS].map(([name]) => name));
  test('every mapped key lands in a CommonSecurityLog column', () => {
    for (const key of mappedCefKeys()) {
      const column = cefKeyColumn(key)!;
      assert.ok(columns.has(column), `${key} → ${column} is not a CommonSecurityLog column`);
    }
  });
  test('the keys named in Sentinel mapping table are all mapped', () => {
    const expected: Record<string, string> = {
      src: 'SourceIP',
      dst: 'DestinationIP',
      spt: 'SourcePort',
      dpt: 'DestinationPort',
      proto: 'Protocol',
      in: 'ReceivedBytes',
      out: 'SentBytes',
      act: 'DeviceAction',
      app: 'ApplicationProtocol',
      cnt: 'EventCount',
      deviceExternalId: 'DeviceExternalID',
      dvc: 'DeviceAddress',
      dvchost: 'DeviceName',
      rt: 'ReceiptTime',
      start: 'StartTime',
      end: 'EndTime',
      request: 'RequestURL',
      requestMethod: 'RequestMethod',
      shost: 'SourceHostName',
      dhost: 'DestinationHostName',
      suser: 'SourceUserName',
      duser: 'DestinationUserName',
      smac: 'SourceMACAddress',
      dmac: 'DestinationMACAddress',
      deviceInboundInterface: 'DeviceInboundInterface',
      deviceOutboundInterface: 'DeviceOutboundInterface',
      msg: 'Message',
      externalId: 'ExternalID',
      cat: 'DeviceEventCategory',
      deviceDirection: 'CommunicationDirection',
      deviceProcessName: 'ProcessName',
      dvcpid: 'ProcessID',
      dvcmac: 'DeviceMacAddress',
      fname: 'FileName',
      fsize: 'FileSize',
      type: 'EventType',
      cs6Label: 'DeviceCustomString6Label',
      cn3: 'DeviceCustomNumber3',
      cfp4Label: 'DeviceCustomFloatingPoint4Label',
      c6a4: 'DeviceCustomIPv6Address4',
      flexDate1: 'FlexDate1',
      flexNumber2Label: 'FlexNumber2Label',
    };
    for (const [key, column] of Object.entries(expected)) assert.equal(cefKeyColumn(key), column, key);
    assert.equal(cefKeyColumn('cs7'), undefined);
    assert.equal(cefKeyColumn('cn4'), undefined);
  });
});
