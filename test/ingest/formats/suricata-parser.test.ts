import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ParsedRecord } from '../../../src/ingest/formats/parsed-line.ts';
import { parseSuricataLine, quoteUnsafeIntegers } from '../../../src/ingest/formats/suricata-parser.ts';

const EVE = fileURLToPath(
  new URL('../../../../shared/data/suricata/test6-malicious.suricata.json', import.meta.url),
);
const noEveData = existsSync(EVE) ? false : `real data absent: ${EVE} (../shared/data) not found`;

function parsed(line: string): { table: string; record: ParsedRecord } {
  const r = parseSuricataLine(line);
  if (!r.ok) assert.fail(`expected a record, got: ${r.reason}`);
  return r;
}

function reason(line: string): string {
  const r = parseSuricataLine(line);
  if (r.ok) assert.fail(`expected a failure, got ${JSON.stringify(r.record)}`);
  return r.reason;
}

const FLOW = JSON.stringify({
  timestamp: '2021-06-06T15:57:37.272281+0200',
  flow_id: 445348883402532,
  event_type: 'flow',
  src_ip: '192.168.1.132',
  src_port: 1900,
  dest_ip: '192.168.1.129',
  dest_port: 44232,
  proto: 'UDP',
  app_proto: 'failed',
  flow: {
    pkts_toserver: 12,
    bytes_toserver: 4056,
    start: '2021-06-06T16:38:55.855844+0200',
    end: '2021-06-06T16:38:56.963027+0200',
    alerted: false,
  },
  tcp: { tcp_flags: '1b', syn: true },
  host: 'stratosphere.org',
});

describe('parseSuricataLine', () => {
  test('flow: table, TimeGenerated from flow.start in UTC, one level flattened', () => {
    const { table, record } = parsed(FLOW);
    assert.equal(table, 'SuricataFlow');
    assert.deepEqual(record, {
      TimeGenerated: '2021-06-06T14:38:55.855844Z',
      timestamp: '2021-06-06T15:57:37.272281+0200',
      flow_id: 445348883402532,
      event_type: 'flow',
      src_ip: '192.168.1.132',
      src_port: 1900,
      dest_ip: '192.168.1.129',
      dest_port: 44232,
      proto: 'UDP',
      app_proto: 'failed',
      flow_pkts_toserver: 12,
      flow_bytes_toserver: 4056,
      flow_start: '2021-06-06T16:38:55.855844+0200',
      flow_end: '2021-06-06T16:38:56.963027+0200',
      flow_alerted: false,
      tcp_tcp_flags: '1b',
      tcp_syn: true,
      host: 'stratosphere.org',
    });
  });
  test('alert: TimeGenerated from timestamp; deeper nesting as JSON text', () => {
    const { table, record } = parsed(
      JSON.stringify({
        timestamp: '2021-06-06T15:59:46.457984+0200',
        event_type: 'alert',
        alert: { signature_id: 2403388, signature: 'ET CINS group 89', metadata: { tag: ['CINS'] } },
        flow: { start: '2021-06-06T15:00:00.000000+0200' },
      }),
    );
    assert.equal(table, 'SuricataAlert');
    assert.equal(record['TimeGenerated'], '2021-06-06T13:59:46.457984Z');
    assert.equal(record['alert_signature_id'], 2403388);
    assert.equal(record['alert_metadata'], '{"tag":["CINS"]}');
    assert.equal(record['flow_start'], '2021-06-06T15:00:00.000000+0200');
  });
  test('arrays at any level become JSON text; null stays null', () => {
    const { table, record } = parsed(
      '{"timestamp":"2021-06-06T16:26:27.442512+0200","event_type":"dns","dns":{"answers":[{"rrname":"a","ttl":91}],"rcode":null},"tags":["x",1]}',
    );
    assert.equal(table, 'SuricataDns');
    assert.equal(record['dns_answers'], '[{"rrname":"a","ttl":91}]');
    assert.equal(record['dns_rcode'], null);
    assert.equal(record['tags'], '["x",1]');
  });
  test('event types become PascalCase table names', () => {
    const t = (eventType: string) =>
      parsed(JSON.stringify({ timestamp: '2021-06-06T00:00:00Z', event_type: eventType })).table;
    assert.equal(t('stats'), 'SuricataStats');
    assert.equal(t('fileinfo'), 'SuricataFileinfo');
    assert.equal(t('http2'), 'SuricataHttp2');
    assert.equal(t('ike_v2'), 'SuricataIkeV2');
    assert.equal(t('dhcp'), 'SuricataDhcp');
  });
  test('flow without flow.start uses timestamp', () => {
    const { record } = parsed(
      '{"timestamp":"2021-06-06T10:00:00.000001+0000","event_type":"flow","flow":{"age":1}}',
    );
    assert.equal(record['TimeGenerated'], '2021-06-06T10:00:00.000001Z');
  });
  test('timestamps: offsets, negative offsets, no fraction', () => {
    const time = (ts: string) =>
      parsed(JSON.stringify({ timestamp: ts, event_type: 'dns' })).record['TimeGenerated'];
    assert.equal(time('2021-06-06T00:30:00.5+0200'), '2021-06-05T22:30:00.500Z');
    assert.equal(time('2021-12-31T23:30:00.123456-0130'), '2022-01-01T01:00:00.123456Z');
    assert.equal(time('2021-06-06T00:30:00Z'), '2021-06-06T00:30:00.000Z');
  });
  test('names are reduced to identifier characters and never collide', () => {
    const { record } = parsed(
      '{"timestamp":"2021-06-06T00:00:00Z","event_type":"http","http":{"x-forwarded-for":"1.1.1.1","x.y":2},"http_x_forwarded_for":"top"}',
    );
    assert.equal(record['http_x_forwarded_for'], '1.1.1.1');
    assert.equal(record['http_x_y'], 2);
    assert.equal(record['http_x_forwarded_for_2'], 'top');
  });
  test('integers past 2^53 are kept as exact text; strings are untouched', () => {
    const { record } = parsed(
      '{"timestamp":"2021-06-06T00:00:00Z","event_type":"stats","stats":{"big":123456789012345678901,"neg":-9007199254740993,"ok":9007199254740991,"f":1.5e300},"s":"9007199254740993 \\" 99999999999999999999"}',
    );
    assert.equal(record['stats_big'], '123456789012345678901');
    assert.equal(record['stats_neg'], '-9007199254740993');
    assert.equal(record['stats_ok'], 9007199254740991);
    assert.equal(record['stats_f'], 1.5e300);
    assert.equal(record['s'], '9007199254740993 " 99999999999999999999');
    assert.equal(
      quoteUnsafeIntegers('[1,-2,3.5,"12345678901234567890",12345678901234567890]'),
      '[1,-2,3.5,"12345678901234567890","12345678901234567890"]',
    );
  });
  test('problems give reasons', () => {
    assert.equal(reason(''), 'empty line');
    assert.match(
      reason('{"timestamp":"2021-06-06T00:00:00Z","event_type":"flow","flow":{"st'),
      /^bad JSON: /,
    );
    assert.match(reason('not json'), /^bad JSON: /);
    assert.equal(reason('[1,2]'), 'bad JSON: expected an object per line, got an array');
    assert.equal(reason('42'), 'bad JSON: expected an object per line, got number');
    assert.equal(reason('null'), 'bad JSON: expected an object per line, got object');
    assert.equal(
      reason('{"timestamp":"2021-06-06T00:00:00Z"}'),
      'not a Suricata EVE record: no "event_type" string',
    );
    assert.equal(
      reason('{"timestamp":"2021-06-06T00:00:00Z","event_type":7}'),
      'not a Suricata EVE record: no "event_type" string',
    );
    assert.match(
      reason('{"timestamp":"2021-06-06T00:00:00Z","event_type":"***"}'),
      /^unusable event_type "\*\*\*"/,
    );
    assert.equal(reason('{"event_type":"dns"}'), 'bad timestamp: no "timestamp"');
    assert.equal(
      reason('{"event_type":"dns","timestamp":"06/06/2021-15:30:31"}'),
      'bad timestamp: timestamp "06/06/2021-15:30:31" is not an ISO 8601 time',
    );
    assert.equal(
      reason('{"event_type":"flow","timestamp":"2021-06-06T00:00:00Z","flow":{"start":12}}'),
      'bad timestamp: flow.start 12 is not an ISO 8601 time',
    );
  });
  test('a 1 MB line', () => {
    const payload = 'A'.repeat(1_000_000);
    const started = performance.now();
    const { record } = parsed(
      JSON.stringify({ timestamp: '2021-06-06T00:00:00Z', event_type: 'alert', payload }),
    );
    assert.equal((record['payload'] as string).length, 1_000_000);
    assert.match(reason(`{"event_type":"alert","payload":"${payload}`), /^bad JSON: /);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('real EVE data (../shared/data/suricata)', { skip: noEveData }, () => {
  test('all 5,000 lines parse; counts per table', () => {
    const lines = readFileSync(EVE, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    assert.equal(lines.length, 5000);
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    let first = '9999';
    let last = '0000';
    for (const [i, line] of lines.entries()) {
      const r = parseSuricataLine(line);
      if (!r.ok) {
        failures.push(`line ${i + 1}: ${r.reason}`);
        continue;
      }
      counts[r.table] = (counts[r.table] ?? 0) + 1;
      const time = r.record['TimeGenerated'] as string;
      assert.match(time, /^2021-06-0[67]T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      if (time < first) first = time;
      if (time > last) last = time;
      for (const value of Object.values(r.record)) assert.notEqual(typeof value, 'object', 'only scalars');
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(counts, {
      SuricataAlert: 745,
      SuricataAnomaly: 3,
      SuricataDns: 680,
      SuricataFileinfo: 3,
      SuricataFlow: 3512,
      SuricataHttp: 56,
      SuricataTls: 1,
    });
    assert.equal(first, '2021-06-06T13:57:37.272281Z');
    assert.equal(last, '2021-06-07T13:56:04.947028Z');
  });
});
