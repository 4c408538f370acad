import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  isoFromEpoch,
  isoFromIso8601,
  isoFromParts,
  parsePortalTimestamp,
  zoneOffsetMinutes,
} from '../../../src/ingest/formats/portal-timestamp.ts';

const SENTINEL = fileURLToPath(new URL('../../../../shared/data/sentinel/', import.meta.url));
const noSentinelData = existsSync(SENTINEL)
  ? false
  : `real samples absent: ${SENTINEL} (../shared/data) not found`;

describe('parsePortalTimestamp', () => {
  const cases: [string, string | undefined][] = [
    // ISO 8601 with 0–7 fractional digits, with or without zone.
    ['2023-08-17T06:52:13Z', '2023-08-17T06:52:13.000Z'],
    ['2023-08-17T06:52:13.1Z', '2023-08-17T06:52:13.100Z'],
    ['2023-08-17T06:52:13.12Z', '2023-08-17T06:52:13.120Z'],
    ['2023-08-17T06:52:13.123Z', '2023-08-17T06:52:13.123Z'],
    ['2023-08-17T06:52:13.1234Z', '2023-08-17T06:52:13.123400Z'],
    ['2023-08-17T06:52:13.123456Z', '2023-08-17T06:52:13.123456Z'],
    ['2023-08-17T06:52:13.1234567Z', '2023-08-17T06:52:13.123456Z'],
    ['2023-08-17T06:52:13.9999999Z', '2023-08-17T06:52:13.999999Z'],
    ['2023-08-17T06:52:13', '2023-08-17T06:52:13.000Z'],
    ['2023-08-17T06:52:13.5', '2023-08-17T06:52:13.500Z'],
    ['2023-08-17T06:52:13+02:00', '2023-08-17T04:52:13.000Z'],
    ['2023-08-17T06:52:13.123456+0200', '2023-08-17T04:52:13.123456Z'],
    ['2023-08-17T01:52:13-05:00', '2023-08-17T06:52:13.000Z'],
    ['2023-08-17T00:30:00+01:00', '2023-08-16T23:30:00.000Z'],
    ['2023-08-17 06:52:13', '2023-08-17T06:52:13.000Z'],
    ['2023-08-17 06:52:13.697', '2023-08-17T06:52:13.697Z'],
    ['2023-08-17', '2023-08-17T00:00:00.000Z'],
    ['  2023-08-17T06:52:13Z  ', '2023-08-17T06:52:13.000Z'],
    // Portal rendering, 12-hour clock, always UTC.
    ['8/17/2023, 6:52:13 AM', '2023-08-17T06:52:13.000Z'],
    ['8/17/2023, 6:52:13.123 PM', '2023-08-17T18:52:13.123Z'],
    ['8/17/2023, 12:00:00 AM', '2023-08-17T00:00:00.000Z'],
    ['8/17/2023, 12:00:00.000 PM', '2023-08-17T12:00:00.000Z'],
    ['12/31/2023, 11:59:59.999 PM', '2023-12-31T23:59:59.999Z'],
    ['1/1/1970, 12:00:00.000 AM', '1970-01-01T00:00:00.000Z'],
    ['8/17/2023 18:52:13', '2023-08-17T18:52:13.000Z'],
    // Epochs.
    ['1692255133', '2023-08-17T06:52:13.000Z'],
    ['1692255133.25', '2023-08-17T06:52:13.250Z'],
    ['1692255133123', '2023-08-17T06:52:13.123Z'],
    ['1692255133123456', '2023-08-17T06:52:13.123456Z'],
    ['1647873918304240923', '2022-03-21T14:45:18.304240Z'],
    // Not timestamps.
    ['', undefined],
    ['   ', undefined],
    ['null', undefined],
    ['yesterday', undefined],
    ['2023-02-30T00:00:00Z', undefined],
    ['2023-08-17T24:00:00Z', undefined],
    ['2023-08-17T06:60:00Z', undefined],
    ['2023-13-01', undefined],
    ['13/17/2023, 6:52:13 AM', undefined],
    ['8/17/2023, 13:52:13 PM', undefined],
    ['8/17/2023, 0:52:13 AM', undefined],
    ['2023-08-17T06:52:13+25:00', undefined],
    ['2023-08-17T06:52:13 PST', undefined],
    ['-1692255133', undefined],
    ['1692255133123.5', undefined],
    ['2023-08-17T06:52:13.1234567890Z', undefined],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.equal(parsePortalTimestamp(input), expected));
  }

  test('leap day and non-leap years', () => {
    assert.equal(parsePortalTimestamp('2024-02-29T00:00:00Z'), '2024-02-29T00:00:00.000Z');
    assert.equal(parsePortalTimestamp('2023-02-29T00:00:00Z'), undefined);
    assert.equal(parsePortalTimestamp('2/29/2000, 1:00:00 AM'), '2000-02-29T01:00:00.000Z');
    assert.equal(parsePortalTimestamp('2/29/1900, 1:00:00 AM'), undefined);
  });

  test('a very long cell is refused quickly', () => {
    const started = performance.now();
    assert.equal(parsePortalTimestamp(`2023-08-17T06:52:13${'1'.repeat(1_000_000)}`), undefined);
    assert.equal(parsePortalTimestamp('9'.repeat(1_000_000)), undefined);
    assert.ok(performance.now() - started < 500);
  });
});

describe('timestamp building blocks', () => {
  test('isoFromParts applies the offset across day and year boundaries', () => {
    const parts = {
      year: 2024,
      month: 1,
      day: 1,
      hour: 0,
      minute: 30,
      second: 0,
      fraction: '5',
      offsetMinutes: 60,
    };
    assert.equal(isoFromParts(parts), '2023-12-31T23:30:00.500Z');
  });
  test('isoFromEpoch tells units apart by size', () => {
    assert.equal(isoFromEpoch('0'), '1970-01-01T00:00:00.000Z');
    assert.equal(isoFromEpoch('99999999999'), '5138-11-16T09:46:39.000Z');
    assert.equal(isoFromEpoch('100000000000'), '1973-03-03T09:46:40.000Z');
  });
  test('calendar arithmetic agrees with Date over years 1000–9999 and every offset', () => {
    let state = 12_345;
    const next = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const parts = {
        year: 1001 + next(8998),
        month: 1 + next(12),
        day: 1 + next(28),
        hour: next(24),
        minute: next(60),
        second: next(60),
        fraction: String(next(1000)).padStart(3, '0'),
        offsetMinutes: next(18 * 60 * 2 + 1) - 18 * 60,
      };
      const ms =
        Date.UTC(
          parts.year,
          parts.month - 1,
          parts.day,
          parts.hour,
          parts.minute,
          parts.second,
          Number(parts.fraction),
        ) -
        parts.offsetMinutes * 60_000;
      assert.equal(isoFromParts(parts), new Date(ms).toISOString(), JSON.stringify(parts));
      const seconds = Math.floor(ms / 1000);
      if (seconds >= 0 && seconds < 1e11) {
        assert.equal(
          isoFromEpoch(`${seconds}.${parts.fraction}`),
          new Date(seconds * 1000 + Number(parts.fraction)).toISOString(),
        );
      }
    }
  });
  test('zoneOffsetMinutes', () => {
    assert.equal(zoneOffsetMinutes('Z'), 0);
    assert.equal(zoneOffsetMinutes('GMT+05:30'), 330);
    assert.equal(zoneOffsetMinutes('-0800'), -480);
    assert.equal(zoneOffsetMinutes('+02'), 120);
    assert.equal(zoneOffsetMinutes('+02:75'), undefined);
    assert.equal(zoneOffsetMinutes('CEST'), undefined);
  });
  test('isoFromIso8601 keeps microseconds of Suricata times', () => {
    assert.equal(isoFromIso8601('2021-06-06T15:59:46.457984+0200'), '2021-06-06T13:59:46.457984Z');
  });
});

/** Minimal RFC 4180 line splitter for the sample exports (no newlines inside their fields). */
function splitDelimited(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function timestampCells(file: string, delimiter: string): { column: string; value: string }[] {
  const lines = readFileSync(`${SENTINEL}${file}`, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(Boolean);
  const header = splitDelimited(lines[0]!, delimiter);
  const wanted = header
    .map((name, i) => ({ name, i }))
    .filter(({ name }) => name.endsWith(' [UTC]') || name === 'ReceiptTime');
  const cells: { column: string; value: string }[] = [];
  for (const line of lines.slice(1)) {
    const fields = splitDelimited(line, delimiter);
    assert.equal(
      fields.length,
      header.length,
      `${file}: a row has ${fields.length} fields, header ${header.length}`,
    );
    for (const { name, i } of wanted) if (fields[i] !== '') cells.push({ column: name, value: fields[i]! });
  }
  return cells;
}

describe('real Log Analytics exports (../shared/data/sentinel)', { skip: noSentinelData }, () => {
  const files: [string, string, number][] = [
    ['CiscoFirepowerEStreamerCONN.csv', ',', 6 * 4],
    ['CheckPoint_Firewall_NetworkSession_IngestedLogs.EXCERPT.csv', ',', 4 * 2],
    ['WatchGuardFireBoxV.EXCERPT.csv', ',', 3 * 2],
    ['SonicWall_Firewall.EXCERPT.tsv', '\t', 4],
  ];
  for (const [file, delimiter, expectedCells] of files) {
    test(`every timestamp cell of ${file} parses`, () => {
      const cells = timestampCells(file, delimiter);
      assert.equal(cells.length, expectedCells);
      for (const { column, value } of cells) {
        const iso = parsePortalTimestamp(value);
        assert.ok(iso, `${file} ${column}: "${value}" did not parse`);
        assert.match(iso, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(\d{3})?Z$/);
      }
    });
  }

  test('known values from the samples', () => {
    const cisco = timestampCells('CiscoFirepowerEStreamerCONN.csv', ',');
    assert.deepEqual(
      cisco.filter((c) => c.column === 'TimeGenerated [UTC]').map((c) => parsePortalTimestamp(c.value))[0],
      '2020-10-15T18:38:45.828Z',
    );
    assert.equal(
      parsePortalTimestamp(cisco.find((c) => c.column === 'ReceiptTime')!.value),
      '2020-05-21T02:27:51.000Z',
    );
    const checkPoint = timestampCells('CheckPoint_Firewall_NetworkSession_IngestedLogs.EXCERPT.csv', ',')
      .filter((c) => c.column === 'TimeGenerated [UTC]')
      .map((c) => parsePortalTimestamp(c.value));
    assert.ok(checkPoint.includes('2023-06-30T08:12:51.904Z'), 'ISO spelling in the mixed column');
    assert.ok(checkPoint.includes('2023-08-17T06:52:13.000Z'), 'portal spelling in the mixed column');
    const watchGuard = timestampCells('WatchGuardFireBoxV.EXCERPT.csv', ',');
    assert.equal(
      parsePortalTimestamp(watchGuard.find((c) => c.column === 'EventTime [UTC]')!.value),
      '2022-07-07T22:55:10.000Z',
    );
  });

  test('Fortigate.json TimeGenerated values', () => {
    const records = JSON.parse(readFileSync(`${SENTINEL}Fortigate.json`, 'utf8')) as {
      TimeGenerated: string;
    }[];
    assert.ok(records.length > 0);
    for (const r of records) assert.equal(parsePortalTimestamp(r.TimeGenerated), '2022-03-31T10:52:35.857Z');
  });

  test('msticpy flows: space-separated ISO without zone', () => {
    const file = `${SENTINEL}msticpy-aznetflows/az_net_flows.csv`;
    const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
    const header = splitDelimited(lines[0]!, ',');
    const columns = ['TimeGenerated', 'FlowStartTime', 'FlowEndTime', 'FlowIntervalEndTime'].map((c) =>
      header.indexOf(c),
    );
    let parsed = 0;
    for (const line of lines.slice(1)) {
      const fields = splitDelimited(line, ',');
      for (const i of columns) {
        assert.ok(parsePortalTimestamp(fields[i]!), `"${fields[i]}" did not parse`);
        parsed++;
      }
    }
    assert.equal(parsed, 460 * 4);
  });
});
