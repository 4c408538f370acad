import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'proto',
  'service',
  'duration',
  'orig_bytes',
  'resp_bytes',
  'conn_state',
  'tunnel_parents',
];
const TYPES = [
  'time',
  'string',
  'addr',
  'port',
  'addr',
  'port',
  'enum',
  'string',
  'interval',
  'count',
  'count',
  'string',
  'set[string]',
];

export function zeekHeader(path = 'conn'): string {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    '#open\t2024-04-19-00-00-00',
    `#fields\t${FIELDS.join('\t')}`,
    `#types\t${TYPES.join('\t')}`,
  ].join('\n');
}

/** One conn line; `i` makes it unique. */
export function zeekConnLine(epochSeconds: number, i: number): string {
  return [
    epochSeconds.toFixed(6),
    `C${i.toString(36).padStart(8, '0')}`,
    `10.0.${(i >> 8) & 255}.${i & 255}`,
    String(40000 + (i % 20000)),
    '203.0.113.7',
    '443',
    'tcp',
    i % 3 === 0 ? '-' : 'ssl',
    '0.5',
    String(100 + (i % 50)),
    String(2000 + i),
    'SF',
    i % 5 === 0 ? 'Cabc,Cdef' : '(empty)',
  ].join('\t');
}

/** A conn log of `count` records spread from `startEpoch` every `stepSeconds`. */
export function zeekConnLog(startEpoch: number, count: number, stepSeconds: number, firstId = 0): string {
  const lines = [zeekHeader()];
  for (let i = 0; i < count; i++) lines.push(zeekConnLine(startEpoch + i * stepSeconds, firstId + i));
  lines.push('#close\t2024-04-19-01-00-00');
  return `${lines.join('\n')}\n`;
}

export async function writeGzip(file: string, text: string): Promise<void> {
  await writeFile(file, gzipSync(Buffer.from(text)));
}
