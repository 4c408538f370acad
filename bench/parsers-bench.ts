/**
 * Micro-benchmark of the pure line parsers: lines per second for CEF (syslog), Suricata EVE and
 * portal timestamps, each beside a lower bound measured in the same run on the same input
 * (JSON.parse for EVE, a plain split for CEF, Date.parse for timestamps).
 *
 *   TZ=UTC node --import tsx bench/parsers-bench.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCefLine } from '../src/ingest/formats/cef-parser.ts';
import { parsePortalTimestamp } from '../src/ingest/formats/portal-timestamp.ts';
import { parseSuricataLine } from '../src/ingest/formats/suricata-parser.ts';

const EVE = fileURLToPath(
  new URL('../../shared/data/suricata/test6-malicious.suricata.json', import.meta.url),
);

/** Deterministic pseudo-random numbers (LCG), so every run measures the same lines. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function cefLines(count: number): string[] {
  const next = random(7);
  const ip = () => `10.${Math.floor(next() * 255)}.${Math.floor(next() * 255)}.${Math.floor(next() * 255)}`;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const ext =
      `rt=${1_713_693_600_000 + i * 1000} src=${ip()} spt=${Math.floor(next() * 65535)} dst=${ip()} dpt=443 proto=6 ` +
      `act=${next() < 0.8 ? 'accept' : 'deny'} app=HTTPS in=${Math.floor(next() * 1e6)} out=${Math.floor(next() * 1e5)} ` +
      `deviceExternalId=FGVM4VTM21000724 deviceInboundInterface=port1 deviceOutboundInterface=port2 cat=traffic:forward ` +
      `cs1Label=policy cs1=Allow outbound web request=https://example.com/a?b\\=c msg=connection closed after ${i} ms ` +
      `FTNTFGTpolicyid=3 FTNTFGTsrccountry=Reserved FTNTFGTsentpkt=${Math.floor(next() * 100)}`;
    const header = 'CEF:0|Fortinet|Fortigate|v6.4.7|00013|traffic:forward accept|3|';
    lines.push(
      i % 2 === 0
        ? `<134>Apr 21 10:${String(i % 60).padStart(2, '0')}:00 fw01 ${header}${ext}`
        : `<134>1 2024-04-21T10:00:00.123456Z fw01 fortigate - - - ${header}${ext}`,
    );
  }
  // Lines read from a file are flat strings; template literals are ropes that the first scan would flatten.
  return lines.map((l) => Buffer.from(l).toString());
}

function eveLines(count: number): string[] {
  const source = existsSync(EVE)
    ? readFileSync(EVE, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [
        '{"timestamp":"2021-06-06T15:57:37.272281+0200","flow_id":445348883402532,"event_type":"flow","src_ip":"192.168.1.132","src_port":1900,"dest_ip":"192.168.1.129","dest_port":44232,"proto":"UDP","app_proto":"failed","flow":{"pkts_toserver":12,"pkts_toclient":0,"bytes_toserver":4056,"bytes_toclient":0,"start":"2021-06-06T16:38:55.855844+0200","end":"2021-06-06T16:38:56.963027+0200","age":1,"state":"new","reason":"timeout","alerted":false},"host":"stratosphere.org"}',
      ];
  return Array.from({ length: count }, (_, i) => source[i % source.length]!);
}

function timestampCells(count: number): string[] {
  const samples = [
    '8/17/2023, 6:52:13 AM',
    '10/15/2020, 6:38:45.828 PM',
    '2023-08-17T06:52:13.1234567Z',
    '2023-06-30T08:12:51.904Z',
    '2019-02-12 14:22:40.697',
    '1687855290000',
  ];
  return Array.from({ length: count }, (_, i) => samples[i % samples.length]!);
}

/** Best of several timed passes over all inputs, in inputs per second. */
function measure<T>(inputs: readonly T[], run: (input: T) => unknown): number {
  let sink = 0;
  for (let i = 0; i < Math.min(inputs.length, 20_000); i++) if (run(inputs[i]!)) sink++; // warm-up
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 3; pass++) {
    const started = process.hrtime.bigint();
    for (const input of inputs) if (run(input)) sink++;
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
  }
  if (sink < 0) console.log(sink);
  return inputs.length / best;
}

function report(
  name: string,
  perSecond: number,
  baselineName: string,
  baseline: number,
  bytes?: number,
): void {
  const mb = bytes === undefined ? '' : `, ${((perSecond * bytes) / 1e6).toFixed(1)} MB/s`;
  console.log(
    `${name.padEnd(22)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} lines/s${mb}` +
      `  (${(perSecond / baseline).toFixed(2)}× ${baselineName}: ${Math.round(baseline).toLocaleString('en-US')}/s)`,
  );
}

const context = { referenceYear: 2024 };
const cef = cefLines(100_000);
const cefBytes = cef.reduce((n, l) => n + l.length, 0) / cef.length;
for (const line of cef.slice(0, 100))
  if (!parseCefLine(line, context).ok) throw new Error(`bench input fails: ${line}`);
report(
  'parseCefLine',
  measure(cef, (l) => parseCefLine(l, context).ok),
  'split(" ")',
  measure(cef, (l) => l.split(' ').length),
  cefBytes,
);

const eve = eveLines(100_000);
const eveBytes = eve.reduce((n, l) => n + l.length, 0) / eve.length;
report(
  'parseSuricataLine',
  measure(eve, (l) => parseSuricataLine(l).ok),
  'JSON.parse',
  measure(eve, (l) => JSON.parse(l) !== null),
  eveBytes,
);

const cells = timestampCells(300_000);
report(
  'parsePortalTimestamp',
  measure(cells, (c) => parsePortalTimestamp(c)),
  'Date.parse',
  measure(cells, (c) => !Number.isNaN(Date.parse(c))),
);

const huge = `<134>Apr 21 10:00:00 fw01 CEF:0|V|P|1|1|n|1|rt=1713693600000 msg=${'x '.repeat(500_000)}act=ok`;
const started = process.hrtime.bigint();
const parsedHuge = parseCefLine(huge, context);
console.log(
  `1 MB CEF line: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)} ms (${parsedHuge.ok ? 'ok' : 'failed'})` +
    `; EVE input: ${existsSync(EVE) ? 'real ../shared/data lines' : 'synthetic line (../shared/data absent)'}`,
);
