import { isValidTableName, pascalCase } from '../../lake/table-names.ts';
import type { JsonScalar, ParsedLine, ParsedRecord } from './parsed-line.ts';
import { isoFromIso8601 } from './portal-timestamp.ts';

/**
 * One Suricata EVE JSON line → a record of table `Suricata<EventType>` (`flow` → SuricataFlow).
 * Top-level scalars are kept as they are; objects are flattened one level with `_`
 * (`flow.bytes_toserver` → `flow_bytes_toserver`); anything deeper, and arrays, become JSON text.
 * Names are reduced to letters, digits and `_` so they are plain SQL identifiers.
 * TimeGenerated is `flow.start` for flow events (when the flow began, what beaconing needs),
 * else `timestamp`; both are converted from Suricata's `+0200` offsets to UTC.
 */
export function parseSuricataLine(line: string): ParsedLine {
  const text = line.trim();
  if (text === '') return { ok: false, reason: 'empty line' };
  let event = parseJsonObject(text);
  if (typeof event === 'string') return { ok: false, reason: event };
  if (hasUnsafeInteger(event)) {
    // Integers past 2^53 would lose digits as numbers: read again with them as exact text.
    const exact = parseJsonObject(quoteUnsafeIntegers(text));
    if (typeof exact !== 'string') event = exact;
  }

  const eventType = event['event_type'];
  if (typeof eventType !== 'string' || eventType === '') {
    return { ok: false, reason: 'not a Suricata EVE record: no "event_type" string' };
  }
  const table = tableFor(eventType);
  if (table === undefined) {
    return {
      ok: false,
      reason: `unusable event_type "${clip(eventType)}": it must give a table name of letters and digits`,
    };
  }

  const time = timeGenerated(eventType, event);
  if ('reason' in time) return { ok: false, reason: time.reason };

  const record: ParsedRecord = { TimeGenerated: time.time };
  for (const key of Object.keys(event)) {
    const value = event[key];
    if (isPlainObject(value)) {
      for (const innerKey of Object.keys(value))
        put(record, nestedName(key, innerKey), asColumnValue(value[innerKey]));
    } else {
      put(record, topName(key), asColumnValue(value));
    }
  }
  return { ok: true, table, record };
}

type JsonObject = { [key: string]: unknown };

const tables = new Map<string, string | undefined>();

/** `flow` → `SuricataFlow`; undefined when the event type gives no usable table name. */
function tableFor(eventType: string): string | undefined {
  if (tables.has(eventType)) return tables.get(eventType);
  const table = `Suricata${pascalCase(eventType)}`;
  const usable = isValidTableName(table) && table !== 'Suricata' ? table : undefined;
  if (tables.size >= 1000) tables.clear();
  tables.set(eventType, usable);
  return usable;
}

function parseJsonObject(text: string): JsonObject | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `bad JSON: ${clip(e instanceof Error ? e.message : String(e), 160)}`;
  }
  return isPlainObject(value)
    ? value
    : `bad JSON: expected an object per line, got ${Array.isArray(value) ? 'an array' : typeof value}`;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function timeGenerated(eventType: string, event: JsonObject): { time: string } | { reason: string } {
  const flow = event['flow'];
  const useFlowStart = eventType === 'flow' && isPlainObject(flow) && flow['start'] !== undefined;
  const field = useFlowStart ? 'flow.start' : 'timestamp';
  const value = useFlowStart && isPlainObject(flow) ? flow['start'] : event['timestamp'];
  if (value === undefined) return { reason: `bad timestamp: no "${field}"` };
  const time = typeof value === 'string' ? isoFromIso8601(value.trim()) : undefined;
  return time === undefined
    ? { reason: `bad timestamp: ${field} ${clip(JSON.stringify(value))} is not an ISO 8601 time` }
    : { time };
}

function asColumnValue(value: unknown): JsonScalar {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  return JSON.stringify(value);
}

/** Keeps every value: a name already taken (after reduction to identifier characters) gets `_2`, `_3`… */
function put(record: ParsedRecord, name: string, value: JsonScalar): void {
  if (!Object.hasOwn(record, name)) {
    record[name] = value;
    return;
  }
  let n = 2;
  while (Object.hasOwn(record, `${name}_${n}`)) n++;
  record[`${name}_${n}`] = value;
}

function columnName(key: string): string {
  const name = /^[A-Za-z0-9_]+$/.test(key) ? key : key.replace(/[^A-Za-z0-9_]/g, '_');
  return name === '' ? '_' : name;
}

// Column names repeat on every line; building them once (instead of concatenating fresh strings
// that must then be interned as property keys) halves the cost of flattening.
const topNames = new Map<string, string>();
const nestedNames = new Map<string, Map<string, string>>();
const NAME_CACHE_LIMIT = 10_000;

function topName(key: string): string {
  let name = topNames.get(key);
  if (name === undefined) {
    if (topNames.size >= NAME_CACHE_LIMIT) topNames.clear();
    name = columnName(key);
    topNames.set(key, name);
  }
  return name;
}

function nestedName(key: string, innerKey: string): string {
  let inner = nestedNames.get(key);
  if (inner === undefined) {
    if (nestedNames.size >= NAME_CACHE_LIMIT) nestedNames.clear();
    inner = new Map();
    nestedNames.set(key, inner);
  }
  let name = inner.get(innerKey);
  if (name === undefined) {
    if (inner.size >= NAME_CACHE_LIMIT) inner.clear();
    name = `${topName(key)}_${columnName(innerKey)}`;
    inner.set(innerKey, name);
  }
  return name;
}

function clip(text: string, max = 64): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.some(hasUnsafeInteger);
  if (isPlainObject(value)) {
    for (const key in value) if (hasUnsafeInteger(value[key])) return true;
  }
  return false;
}

/** Wraps integer literals past 2^53 (outside strings) in quotes; one linear scan. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) continue;
    let j = i + 1;
    let integer = true;
    for (; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d >= 48 && d <= 57) continue;
      if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) integer = false;
      else break;
    }
    const literal = text.slice(i, j);
    if (integer && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(from, i)}"${literal}"`;
      from = j;
    }
    i = j - 1;
  }
  return out + text.slice(from);
}
