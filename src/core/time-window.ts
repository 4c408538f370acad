import { UsageError } from './errors.ts';

/** A half-open UTC interval [from, to). */
export interface TimeWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface WindowFlags {
  readonly endDate?: string | undefined;
  readonly lookbackDays?: string | number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` as midnight UTC, rejecting impossible dates such as 2024-02-30. */
export function parseUtcDate(text: string, flag: string): Date {
  const m = DATE_RE.exec(text);
  if (!m) throw new UsageError(`${flag} must be a date like 2024-04-21, got "${text}"`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== text) throw new UsageError(`${flag} is not a real date: "${text}"`);
  return d;
}

/** Parses an ISO 8601 instant; a value without a zone is taken as UTC. */
export function parseInstant(text: string, flag: string): Date {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed)) {
    throw new UsageError(`${flag} must be an ISO 8601 instant like 2024-04-21T00:00:00Z, got "${text}"`);
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && trimmed.length > 10;
  const iso = trimmed.length === 10 ? `${trimmed}T00:00:00Z` : hasZone ? trimmed : `${trimmed}Z`;
  const d = new Date(iso.replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) throw new UsageError(`${flag} is not a valid instant: "${text}"`);
  return d;
}

/**
 * Resolves the window flags. `--end-date D --lookback-days N` is the N whole UTC days ending with D:
 * [D − (N−1) days, D + 1 day). Returns undefined when no window was given (the whole lake).
 */
export function resolveWindow(flags: WindowFlags): TimeWindow | undefined {
  const hasDays = flags.endDate !== undefined || flags.lookbackDays !== undefined;
  const hasInstants = flags.from !== undefined || flags.to !== undefined;
  if (hasDays && hasInstants) {
    throw new UsageError('use either --end-date/--lookback-days or --from/--to, not both');
  }
  if (hasDays) {
    if (flags.endDate === undefined) throw new UsageError('--lookback-days needs --end-date');
    const end = parseUtcDate(flags.endDate, '--end-date');
    const days = parseLookbackDays(flags.lookbackDays ?? 1);
    return { from: new Date(end.getTime() - (days - 1) * DAY_MS), to: new Date(end.getTime() + DAY_MS) };
  }
  if (hasInstants) {
    if (flags.from === undefined || flags.to === undefined) {
      throw new UsageError('--from and --to must be given together');
    }
    const from = parseInstant(flags.from, '--from');
    const to = parseInstant(flags.to, '--to');
    if (to.getTime() <= from.getTime())
      throw new UsageError('--to must be later than --from (--to is exclusive)');
    return { from, to };
  }
  return undefined;
}

export function parseLookbackDays(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 36_600) {
    throw new UsageError(`--lookback-days must be a whole number of days ≥ 1, got "${value}"`);
  }
  return n;
}

/** UTC days `YYYY-MM-DD` touched by the window (the partitions to open). */
export function daysInWindow(window: TimeWindow): string[] {
  const days: string[] = [];
  const first = Math.floor(window.from.getTime() / DAY_MS) * DAY_MS;
  for (let t = first; t < window.to.getTime(); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export function describeWindow(window: TimeWindow | undefined): string {
  return window ? `[${window.from.toISOString()}, ${window.to.toISOString()})` : 'whole lake';
}
