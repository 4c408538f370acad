import type { CellValue } from '../engines/engine.ts';

/** ISO 8601 UTC with the Z suffix, the one spelling of instants in every output format. */
export function formatInstant(d: Date): string {
  return d.toISOString();
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
