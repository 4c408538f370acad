import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCefLine } from '../../../src/ingest/formats/cef-parser.ts';

const FORTIGATE = fileURLToPath(new URL('../../../../shared/data/sentinel/Fortigate.json', import.meta.url));
const noSample = existsSync(FORTIGATE)
  ? false
  : `real sample absent: ${FORTIGATE} (../shared/data) not found`;

type SentinelRow = Record<string, string | number>;

/** CEF keys for the columns of the sample, per Sentinel's mapping (the reverse of what the parser does). */
const KEY_FOR_COLUMN: Record<string, string> = {
  SourceIP: 'src',
  SourcePort: 'spt',
  DestinationIP: 'dst',
  DestinationPort: 'dpt',
  Protocol: 'proto',
  Message: 'msg',
  ApplicationProtocol: 'app',
  DeviceExternalID: 'deviceExternalId',
  DeviceInboundInterface: 'deviceInboundInterface',
  DeviceOutboundInterface: 'deviceOutboundInterface',
  ExternalID: 'externalId',
  CommunicationDirection: 'deviceDirection',
};

function escapeHeader(value: string | number): string {
  return String(value).replaceAll('\\', '\\\\').replaceAll('|', '\\|');
}
function escapeValue(value: string | number): string {
  return String(value).replaceAll('\\', '\\\\').replaceAll('=', '\\=').replaceAll('\n', '\\n');
}

/** The syslog CEF line a FortiGate would have sent for a row Sentinel stored. */
function cefLineFor(row: SentinelRow): string {
  const header = [
    'DeviceVendor',
    'DeviceProduct',
    'DeviceVersion',
    'DeviceEventClassID',
    'Activity',
    'LogSeverity',
  ]
    .map((c) => escapeHeader(row[c]!))
    .join('|');
  const pairs = Object.entries(KEY_FOR_COLUMN)
    .filter(([column]) => row[column] !== undefined)
    .map(([column, key]) => `${key}=${escapeValue(row[column]!)}`);
  // AdditionalExtensions holds the rest as key=value;…, values without `;` or `=` in this sample.
  for (const item of String(row['AdditionalExtensions']).split(';')) {
    const eq = item.indexOf('=');
    pairs.push(`${item.slice(0, eq)}=${escapeValue(item.slice(eq + 1))}`);
  }
  return `<134>Mar 31 10:52:35 ${row['Computer']} CEF:0|${header}|${pairs.join(' ')}`;
}

describe('CEF lines rebuilt from Sentinel FortiGate records (../shared/data/sentinel)', {
  skip: noSample,
}, () => {
  test('parse back to the same CommonSecurityLog columns', () => {
    const rows = JSON.parse(readFileSync(FORTIGATE, 'utf8')) as SentinelRow[];
    assert.equal(rows.length, 2);
    for (const row of rows) {
      const parsed = parseCefLine(cefLineFor(row), { referenceYear: 2022 });
      if (!parsed.ok) assert.fail(parsed.reason);
      const r = parsed.record;
      assert.equal(r['TimeGenerated'], '2022-03-31T10:52:35.000Z');
      assert.equal(r['Computer'], row['Computer']);
      for (const column of [
        'DeviceVendor',
        'DeviceProduct',
        'DeviceVersion',
        'DeviceEventClassID',
        'Activity',
      ]) {
        assert.equal(r[column], String(row[column]), column);
      }
      assert.equal(r['LogSeverity'], String(row['LogSeverity']));
      for (const column of Object.keys(KEY_FOR_COLUMN)) {
        const expected = typeof r[column] === 'number' ? Number(row[column]) : String(row[column]);
        assert.equal(r[column], expected, column);
      }
      assert.equal(typeof r['SourcePort'], 'number');
      assert.equal(typeof r['ExternalID'], 'number');
      // Sentinel (2022) kept `cat` in AdditionalExtensions; today's mapping has DeviceEventCategory.
      assert.equal(r['DeviceEventCategory'], 'utm:app-ctrl');
      const expectedExtensions = String(row['AdditionalExtensions'])
        .split(';')
        .filter((item) => !item.startsWith('cat='))
        .join(';');
      assert.equal(r['AdditionalExtensions'], expectedExtensions);
    }
  });
});
