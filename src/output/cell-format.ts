import { civilFromDays } from '../core/civil-date.ts';
import type { CellValue } from '../engines/engine.ts';

const MS_PER_DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** `YYYY-MM-DDT` of the last day formatted: instants of one result mostly share their day. */
let cachedDay = Number.NaN;
let cachedDayText = '';

/** `YYYY-MM-DDT` of a day counted from 1970-01-01 (proleptic Gregorian, years 0–9999). */
function dayText(day: number): string {
  const { year, month, day: dayOfMonth } = civilFromDays(day);
  return `${String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-${TWO_DIGITS[dayOfMonth]}T`;
}

/**
 * ISO 8601 UTC with the Z suffix, the one spelling of instants in every output format: exactly
 * `Date.prototype.toISOString`, computed without it for years 0–9999 (it is the largest cost of
 * writing a result whose instants are all distinct).
 */
export function formatInstant(d: Date): string {
  const ms = d.getTime();
  // 0000-01-01 and 10000-01-01; outside (and invalid dates) toISOString has its own spellings.
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return d.toISOString();
  const day = Math.floor(ms / MS_PER_DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayText = dayText(day);
  }
  let rest = ms - day * MS_PER_DAY;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  const millisText = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : String(millis);
  return `${cachedDayText}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${millisText}Z`;
}

/** A cell as JSON: instants as ISO strings, everything else as is. */
export function toJsonValue(value: CellValue): unknown {
  if (value instanceof Date) return formatInstant(value);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonValue(v);
    return out;
  }
  return value;
}

/** A cell as display text for tables and CSV. */
export function toText(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return formatInstant(value);
  if (typeof value === 'object') return JSON.stringify(toJsonValue(value));
  return String(value);
}

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
