import {
  isoFromEpoch,
  isoFromIso8601,
  isoFromParts,
  monthNumber,
  zoneOffsetMinutes,
} from './portal-timestamp.ts';

// `MMM dd yyyy HH:mm:ss[.SSS][ zone]` or, without the year, `MMM dd HH:mm:ss[.SSS][ zone]`.
const CEF_TIME_RE =
  /^([A-Za-z]{3}) +(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: +([A-Za-z0-9:+-]{1,12}))?$/;

/**
 * A CEF timestamp (`rt`, `start`, `end`) → ISO UTC, or undefined when it is not one.
 * The formats the CEF specification allows: milliseconds since the epoch (seconds and finer units
 * are told apart by size, see isoFromEpoch), `MMM dd yyyy HH:mm:ss[.SSS] [zone]` and the same
 * without the year (then `referenceYear`); plus ISO 8601, which many senders use. No zone = UTC;
 * zones are `UTC`/`GMT`/`Z` or numeric offsets (`+0200`, `GMT+02:00`): named zones such as `PST`
 * are ambiguous and refused.
 */
export function parseCefTime(text: string, referenceYear: number): string | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length > 48) return undefined;
  const first = t.charCodeAt(0);
  if (first >= 48 && first <= 57) return t.length > 4 && t[4] === '-' ? isoFromIso8601(t) : isoFromEpoch(t);
  const m = CEF_TIME_RE.exec(t);
  if (!m) return undefined;
  const month = monthNumber(m[1]!);
  const offsetMinutes = zoneOffsetMinutes(m[8] ?? '');
  if (month === undefined || offsetMinutes === undefined) return undefined;
  return isoFromParts({
    year: m[3] ? Number(m[3]) : referenceYear,
    month,
    day: Number(m[2]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    fraction: m[7] ?? '',
    offsetMinutes,
  });
}
