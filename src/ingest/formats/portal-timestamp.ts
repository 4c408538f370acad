/**
 * Timestamp spellings met in security exports, turned into one form: ISO 8601 UTC with `Z`.
 *
 * Precision: three fractional digits when the source has at most three, six (microseconds, the lake's
 * TIMESTAMP precision) when it has more; digits past the sixth are truncated, never rounded, so a
 * record never moves into the next second or day. Fractions are carried as text, never as floats.
 * Pure: no clock, no time zone of the machine.
 */

import { civilFromDays, daysFromCivil } from '../../core/civil-date.ts';

/** Calendar fields of an instant as written in the source, plus the source's offset from UTC. */
export interface InstantParts {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Fractional-second digits as written (may be empty). */
  readonly fraction: string;
  /** Minutes east of UTC (`+02:00` → 120). */
  readonly offsetMinutes: number;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** `Jan`…`Dec` (any case) → 1…12. */
export function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase()];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function fractionText(fraction: string): string {
  if (fraction.length <= 3) return fraction.padEnd(3, '0');
  return fraction.slice(0, 6).padEnd(6, '0');
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const SECONDS_PER_DAY = 86_400;

// Calendar arithmetic on whole numbers (src/core/civil-date.ts) is several times faster than Date
// plus toISOString and is the hot path of every parser here.

/** ISO text for whole seconds since the epoch plus fraction digits; undefined outside years 1000–9999. */
function isoFromEpochSeconds(seconds: number, fraction: string): string | undefined {
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  const secondOfDay = seconds - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  if (year < 1000 || year > 9999) return undefined;
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  return (
    `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:` +
    `${TWO_DIGITS[secondOfDay % 60]}.${fractionText(fraction)}Z`
  );
}

/** ISO 8601 UTC text for calendar fields, or undefined when a field is out of range (Feb 30, 24:00…). */
export function isoFromParts(p: InstantParts): string | undefined {
  if (p.year < 1000 || p.year > 9999 || p.month < 1 || p.month > 12) return undefined;
  if (p.day < 1 || p.day > daysInMonth(p.year, p.month)) return undefined;
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return undefined;
  if (Math.abs(p.offsetMinutes) > 18 * 60) return undefined;
  if (p.offsetMinutes === 0) {
    return (
      `${p.year}-${TWO_DIGITS[p.month]}-${TWO_DIGITS[p.day]}T${TWO_DIGITS[p.hour]}:${TWO_DIGITS[p.minute]}:` +
      `${TWO_DIGITS[p.second]}.${fractionText(p.fraction)}Z`
    );
  }
  const seconds =
    daysFromCivil(p.year, p.month, p.day) * SECONDS_PER_DAY + p.hour * 3600 + p.minute * 60 + p.second;
  return isoFromEpochSeconds(seconds - p.offsetMinutes * 60, p.fraction);
}

/**
 * Epoch digits (optionally with a fraction) → ISO UTC. The unit of an integer is taken from its
 * size, as exports mix them: up to 11 digits seconds, 12–14 milliseconds, 15–17 microseconds,
 * 18–20 nanoseconds (so milliseconds before March 1973 read as seconds). Text is sliced, not
 * multiplied, so nanosecond values keep every digit up to the microsecond.
 */
export function isoFromEpoch(text: string): string | undefined {
  const m = /^(\d{1,20})(?:\.(\d{1,9}))?$/.exec(text);
  if (!m) return undefined;
  const digits = m[1]!.replace(/^0+(?=\d)/, '');
  let whole = digits;
  let fraction = m[2] ?? '';
  if (digits.length > 11) {
    if (m[2] !== undefined) return undefined; // a fraction only makes sense on seconds
    const fractionDigits = digits.length <= 14 ? 3 : digits.length <= 17 ? 6 : 9;
    whole = digits.slice(0, digits.length - fractionDigits);
    fraction = digits.slice(digits.length - fractionDigits);
  }
  return isoFromEpochSeconds(Number(whole), fraction);
}

/** `Z`, `UTC`, `GMT`, `+02`, `+0200`, `+02:00`, `GMT+02:00` → minutes east of UTC; undefined if not one. */
export function zoneOffsetMinutes(zone: string): number | undefined {
  const z = zone.toUpperCase();
  if (z === '' || z === 'Z' || z === 'UTC' || z === 'GMT' || z === 'UT') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  if (Number(m[3] ?? '0') > 59) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

// ISO 8601 / RFC 3339 with `T` or space, 0–9 fractional digits, optional zone (none = UTC).
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?([Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
// Log Analytics portal: `8/17/2023, 6:52:13 AM`, `8/17/2023, 6:52:13.123 PM`, or 24-hour without AM/PM.
const PORTAL_RE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? +(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: *([AaPp][Mm]))?$/;

/** ISO 8601 text → ISO UTC with Z; a value without a zone is UTC. */
export function isoFromIso8601(text: string): string | undefined {
  const m = ISO_RE.exec(text);
  if (!m) return undefined;
  const offsetMinutes = zoneOffsetMinutes(m[8] ?? '');
  if (offsetMinutes === undefined) return undefined;
  return isoFromParts({
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? '0'),
    minute: Number(m[5] ?? '0'),
    second: Number(m[6] ?? '0'),
    fraction: m[7] ?? '',
    offsetMinutes,
  });
}

function isoFromPortal(text: string): string | undefined {
  const m = PORTAL_RE.exec(text);
  if (!m) return undefined;
  let hour = Number(m[4]);
  const meridiem = m[8]?.toUpperCase();
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  return isoFromParts({
    year: Number(m[3]),
    month: Number(m[1]),
    day: Number(m[2]),
    hour,
    minute: Number(m[5]),
    second: Number(m[6]),
    fraction: m[7] ?? '',
    offsetMinutes: 0,
  });
}

/**
 * A timestamp cell from a Log Analytics export (portal CSV/JSON or data export) → ISO UTC with Z.
 * Accepts ISO 8601 with 0–9 fractional digits, with or without `Z`/offset (none = UTC);
 * `M/D/YYYY, h:mm:ss[.fff] AM|PM` (the portal's rendering, always UTC); `YYYY-MM-DD hh:mm:ss`;
 * epoch seconds or milliseconds. Returns undefined for anything else, including empty text.
 */
export function parsePortalTimestamp(text: string): string | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length > 48) return undefined;
  const first = t.charCodeAt(0);
  if (first < 48 || first > 57) return undefined;
  if (t.length > 4 && t[4] === '-') return isoFromIso8601(t);
  if (t.includes('/')) return isoFromPortal(t);
  return isoFromEpoch(t);
}
