/**
 * Decoding of Kusto literal tokens (strings, timespans, datetimes, dynamic) into plain values.
 * Pure functions; instants and spans are microseconds.
 */

/** The value of a Kusto string literal token: '…', "…" (with \ escapes), @'…' (verbatim), ```…```. */
export function decodeStringLiteral(token: string): string | undefined {
  let t = token;
  if (/^[hH]/.test(t)) t = t.slice(1); // obfuscated literal h'…': same value
  if (t.startsWith('```') && t.endsWith('```') && t.length >= 6) return t.slice(3, -3);
  if (t.startsWith('~~~') && t.endsWith('~~~') && t.length >= 6) return t.slice(3, -3);
  if (t.startsWith('@')) {
    const q = t[1];
    if ((q !== "'" && q !== '"') || !t.endsWith(q)) return undefined;
    return t.slice(2, -1).replaceAll(q + q, q);
  }
  const q = t[0];
  if ((q !== "'" && q !== '"') || t.length < 2 || !t.endsWith(q)) return undefined;
  const body = t.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n === undefined) return undefined;
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '\\': '\\',
      "'": "'",
      '"': '"',
      '0': '\0',
    };
    if (n in simple) out += simple[n];
    else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else out += `\\${n}`;
  }
  return out;
}

const UNIT_MICROS: Record<string, number> = {
  d: 86_400_000_000,
  day: 86_400_000_000,
  days: 86_400_000_000,
  h: 3_600_000_000,
  hr: 3_600_000_000,
  hrs: 3_600_000_000,
  hour: 3_600_000_000,
  hours: 3_600_000_000,
  m: 60_000_000,
  min: 60_000_000,
  minute: 60_000_000,
  minutes: 60_000_000,
  s: 1_000_000,
  sec: 1_000_000,
  second: 1_000_000,
  seconds: 1_000_000,
  ms: 1_000,
  milli: 1_000,
  millis: 1_000,
  millisecond: 1_000,
  milliseconds: 1_000,
  microsecond: 1,
  microseconds: 1,
  tick: 0.1,
  ticks: 0.1,
};

/** A timespan literal (`5m`, `1.5h`, `time(1.02:03:04)`, `timespan(2d)`) in microseconds; null for `time(null)`. */
export function decodeTimespanLiteral(token: string): number | null | undefined {
  const t = token.trim();
  const fn = /^(?:time|timespan)\((.*)\)$/s.exec(t);
  if (fn) {
    const inner = fn[1]!.trim();
    if (inner === 'null') return null;
    const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(inner);
    if (clock) {
      const [, sign, days, h, m, s, frac] = clock;
      const micros =
        Number(days ?? 0) * 86_400_000_000 +
        Number(h) * 3_600_000_000 +
        Number(m) * 60_000_000 +
        Number(s ?? 0) * 1_000_000 +
        Math.floor(Number(`0.${frac ?? '0'}`) * 1_000_000);
      return sign ? -micros : micros;
    }
    if (/^-?\d+(\.\d+)?$/.test(inner)) return Math.round(Number(inner) * UNIT_MICROS['d']!);
    return decodeTimespanLiteral(inner);
  }
  const m = /^(-)?(\d+(?:\.\d+)?)([a-zA-Z]+)$/.exec(t);
  if (!m) return undefined;
  const unit = UNIT_MICROS[m[3]!.toLowerCase()];
  if (unit === undefined) return undefined;
  const micros = Math.round(Number(m[2]) * unit);
  return m[1] ? -micros : micros;
}

/** Parses a Kusto datetime text (ISO 8601 and close variants) as UTC microseconds. */
export function parseDateTimeText(text: string): number | undefined {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (Number.isNaN(ms)) return undefined;
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return undefined;
  let micros = ms * 1000 + Math.floor(Number(`0.${frac ?? '0'}`) * 1_000_000);
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offset = (Number(z[2]) * 60 + Number(z[3])) * 60_000_000;
    micros += z[1] === '+' ? -offset : offset;
  }
  return micros;
}

/** A datetime literal token (`datetime(2024-04-21 10:00)`, `datetime(null)`) in microseconds. */
export function decodeDateTimeLiteral(token: string): number | null | undefined {
  const m = /^(?:datetime|date)\((.*)\)$/is.exec(token.trim());
  if (!m) return undefined;
  const inner = m[1]!.trim();
  if (inner === 'null') return null;
  return parseDateTimeText(inner);
}

/** `long(null)`, `int(12)`, `real(1.5)`, `bool(true)`, `guid(…)` style typed literals. */
export function decodeTypedLiteral(token: string): { value: string | null } | undefined {
  const m = /^(?:long|int|real|double|decimal|bool|boolean|guid|string)\((.*)\)$/is.exec(token.trim());
  if (!m) return undefined;
  const inner = m[1]!.trim();
  return { value: inner === 'null' ? null : inner };
}

/**
 * The value of a `dynamic(…)` literal's inner text as JSON, accepting Kusto's single-quoted strings.
 * Returns undefined for forms JSON cannot hold (datetime(…) inside, …).
 */
export function decodeDynamicText(inner: string): unknown {
  const text = inner.trim();
  if (text === 'null' || text === '') return null;
  let json = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const verbatim = /^[hH]?@["']/.exec(text.slice(i, i + 3));
    if (verbatim) {
      // A verbatim string: no escapes, a doubled quote stands for one.
      const q = text[i + verbatim[0].length - 1]!;
      let j = i + verbatim[0].length;
      let value = '';
      for (; j < text.length; j++) {
        if (text[j] !== q) value += text[j];
        else if (text[j + 1] === q) value += text[j++];
        else break;
      }
      if (j >= text.length) return undefined;
      json += JSON.stringify(value);
      i = j;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) {
          const n = text[j + 1]!;
          value += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
          j += 2;
        } else value += text[j++];
      }
      if (j >= text.length) return undefined;
      json += JSON.stringify(value);
      i = j;
    } else json += c;
  }
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
