import type { KustoType } from '../../schemas/kusto-types.ts';
import { parseCefExtension } from './cef-extension.ts';
import { cefColumnFor } from './cef-field-map.ts';
import { parseCefTime } from './cef-time.ts';
import type { JsonScalar, ParsedLine, ParsedRecord } from './parsed-line.ts';
import { parseSyslogHeader, type SyslogHeader } from './syslog-header.ts';

export interface CefContext {
  /** Year for timestamps that carry none (RFC 3164 headers, `rt=Mar 31 10:52:35`). */
  readonly referenceYear: number;
}

export const CEF_TABLE = 'CommonSecurityLog';

const BACKSLASH = 92;
const PIPE = 124;
const HEADER_COLUMNS = [
  'DeviceVendor',
  'DeviceProduct',
  'DeviceVersion',
  'DeviceEventClassID',
  'Activity',
  'LogSeverity',
];

interface CefHeader {
  readonly version: string;
  /** Vendor, product, version, signature id, name, severity — in that order. */
  readonly fields: readonly string[];
  readonly extension: string;
}

/** Header fields escape `\|` and `\\`; any other backslash stays as written. */
function unescapeHeaderField(raw: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < raw.length - 1; i++) {
    if (raw.charCodeAt(i) !== BACKSLASH) continue;
    const next = raw.charCodeAt(i + 1);
    if (next !== PIPE && next !== BACKSLASH) continue;
    out += raw.slice(from, i);
    from = i + 1;
    i++;
  }
  return out + raw.slice(from);
}

/** `Version|Vendor|Product|Version|SignatureID|Name|Severity|extension` from `from` (after `CEF:`). */
function splitCefHeader(text: string, from: number): CefHeader | string {
  const fields: string[] = [];
  let fieldStart = from;
  let escaped = false;
  for (let i = from; i < text.length && fields.length < 7; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === PIPE || next === BACKSLASH) {
        escaped = true;
        i++;
      }
    } else if (c === PIPE) {
      const raw = text.slice(fieldStart, i);
      fields.push(escaped ? unescapeHeaderField(raw) : raw);
      fieldStart = i + 1;
      escaped = false;
    }
  }
  let extension = text.slice(fieldStart);
  if (
    fields.length === 6 &&
    extension.length <= 16 &&
    /^\s*\d{1,2}\s*$|^\s*[A-Za-z-]{3,9}\s*$/.test(extension)
  ) {
    // Senders that drop the pipe after Severity when there is no extension.
    fields.push(extension.trim());
    extension = '';
  }
  if (fields.length < 7) return `truncated CEF header: ${fields.length + 1} of 8 |-separated fields`;
  const version = fields[0]!.trim();
  if (!/^\d{1,3}(\.\d{1,3})?$/.test(version))
    return `bad CEF version "${clip(version)}" (expected CEF:0 or CEF:1)`;
  return { version, fields: fields.slice(1), extension };
}

function clip(text: string, max = 64): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

const INT_RE = /^[+-]?\d{1,10}$/;
const LONG_RE = /^[+-]?\d{1,16}$/;
const REAL_RE = /^[+-]?(?:\d{1,40}(?:\.\d{0,40})?|\.\d{1,40})(?:[eE][+-]?\d{1,3})?$/;

/** A value typed for its column, or undefined when it does not fit (kept in AdditionalExtensions). */
function typedValue(value: string, type: KustoType, referenceYear: number): JsonScalar | undefined {
  switch (type) {
    case 'int': {
      if (!INT_RE.test(value)) return undefined;
      const n = Number(value);
      return n >= -2_147_483_648 && n <= 2_147_483_647 ? n : undefined;
    }
    case 'long': {
      if (!LONG_RE.test(value)) return undefined;
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'real': {
      if (!REAL_RE.test(value)) return undefined;
      const n = Number(value);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'datetime':
      return parseCefTime(value, referenceYear);
    default:
      return value;
  }
}

/** `rt` when it is a time, else the syslog header time; otherwise why there is none. */
function timeGenerated(
  rt: string | undefined,
  header: SyslogHeader,
  referenceYear: number,
): { time: string } | { reason: string } {
  const fromRt = rt === undefined ? undefined : parseCefTime(rt, referenceYear);
  if (fromRt !== undefined) return { time: fromRt };
  if (header.time !== undefined) return { time: header.time };
  const badRt = rt === undefined ? '' : `rt "${clip(rt)}" is not a time and `;
  if (header.timeText !== undefined) {
    return { reason: `bad timestamp: ${badRt}syslog time "${clip(header.timeText)}" is not a real date` };
  }
  if (rt !== undefined) return { reason: `bad timestamp: ${badRt}the line has no syslog header time` };
  return { reason: 'bad timestamp: no rt= in the extension and no syslog header time' };
}

/**
 * One CEF line, bare or behind an RFC 3164 / RFC 5424 syslog header → a CommonSecurityLog record,
 * mapped the way Microsoft Sentinel maps CEF. TimeGenerated is `rt` when it is a time, else the
 * syslog header time; Computer is the syslog host. Unknown keys, duplicates and values that do not
 * fit their column's type (`spt=http`) are kept in AdditionalExtensions as `key=value;…`.
 * Empty values are treated as absent.
 */
export function parseCefLine(line: string, context: CefContext): ParsedLine {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 10 || line.charCodeAt(end - 1) === 13)) end--;
  const text = end === line.length ? line : line.slice(0, end);
  if (text.trim() === '') return { ok: false, reason: 'empty line' };

  const header = parseSyslogHeader(text, context.referenceYear);
  const marker = header.message.indexOf('CEF:');
  if (marker < 0) return { ok: false, reason: 'not a CEF record: no "CEF:" in the line' };
  let at = marker + 4;
  while (header.message.charCodeAt(at) === 32) at++; // `CEF: 0|…` (FortiGate)
  const cef = splitCefHeader(header.message, at);
  if (typeof cef === 'string') return { ok: false, reason: cef };

  const record: ParsedRecord = { TimeGenerated: '' };
  if (header.host !== undefined) record['Computer'] = header.host;
  HEADER_COLUMNS.forEach((column, i) => {
    const value = cef.fields[i]!;
    if (value !== '') record[column] = value;
  });

  const extension = parseCefExtension(cef.extension);
  const additional: string[] = extension.leading === '' ? [] : [extension.leading];
  let rt: string | undefined;
  for (const { key, value } of extension.pairs) {
    if (value === '') continue;
    const column = cefColumnFor(key);
    if (column === undefined || record[column.name] !== undefined) {
      additional.push(`${key}=${value}`);
      continue;
    }
    if (column.name === 'ReceiptTime') rt = value;
    const typed = typedValue(value, column.type, context.referenceYear);
    if (typed === undefined) additional.push(`${key}=${value}`);
    else record[column.name] = typed;
  }
  if (additional.length > 0) record['AdditionalExtensions'] = additional.join(';');

  const time = timeGenerated(rt, header, context.referenceYear);
  if ('reason' in time) return { ok: false, reason: time.reason };
  record['TimeGenerated'] = time.time;
  return { ok: true, table: CEF_TABLE, record };
}
