import { isoFromIso8601, isoFromParts, monthNumber } from './portal-timestamp.ts';

/**
 * Syslog headers in front of a message, as relays and files carry them:
 * - RFC 5424: `<PRI>1 2024-04-21T10:00:00.123Z host app procid msgid [sd…] msg` (`-` = nil);
 * - RFC 3164: `<PRI>Mmm dd hh:mm:ss host msg`, no year (the caller's reference year) and no zone (UTC);
 *   also with a year (`Mmm dd yyyy hh:mm:ss`), fractional seconds, or an RFC 3339 time in place of
 *   the BSD one (rsyslog's forward format), and without `<PRI>` (lines as written to files);
 * - no header at all (the whole line is the message).
 * Only short anchored patterns are matched against bounded slices, so long lines cost one scan.
 */
export type SyslogKind = 'rfc5424' | 'rfc3164' | 'none';

export interface SyslogHeader {
  readonly kind: SyslogKind;
  readonly priority: number | undefined;
  /** The header time as ISO UTC, when there is one and it is a real date. */
  readonly time: string | undefined;
  /** The header time as written, also when it is not a real date (for error messages). */
  readonly timeText: string | undefined;
  readonly host: string | undefined;
  readonly appName: string | undefined;
  readonly procId: string | undefined;
  readonly msgId: string | undefined;
  /** RFC 5424 structured data as written (`[id k="v"]…`), undefined when nil or absent. */
  readonly structuredData: string | undefined;
  /** The message after the header. */
  readonly message: string;
}

const PRI_RE = /^<(\d{1,3})>/;
const BSD_TIME_RE = /^([A-Za-z]{3}) +(\d{1,2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?= |$)/;
const ISO_TOKEN_RE = /^\d{4}-\d{2}-\d{2}[Tt ]?/;

interface Rest {
  readonly time: string | undefined;
  readonly timeText: string;
  /** Offset in the text just after the time. */
  readonly end: number;
}

function nilable(token: string | undefined): string | undefined {
  return token === undefined || token === '-' || token === '' ? undefined : token;
}

/** Next space-delimited token starting at `from`: [token, offset after the following space]. */
function token(text: string, from: number): [string, number] {
  const space = text.indexOf(' ', from);
  return space < 0 ? [text.slice(from), text.length] : [text.slice(from, space), space + 1];
}

function bsdTime(text: string, from: number, referenceYear: number): Rest | undefined {
  const m = BSD_TIME_RE.exec(text.slice(from, from + 40));
  if (!m) return undefined;
  const month = monthNumber(m[1]!);
  if (month === undefined) return undefined;
  const time = isoFromParts({
    year: m[3] ? Number(m[3]) : referenceYear,
    month,
    day: Number(m[2]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    fraction: m[7] ?? '',
    offsetMinutes: 0,
  });
  return { time, timeText: m[0], end: from + m[0].length };
}

function isoTime(text: string, from: number): Rest | undefined {
  if (!ISO_TOKEN_RE.test(text.slice(from, from + 11))) return undefined;
  const [timeText] = token(text, from);
  if (timeText.length > 40) return undefined;
  return { time: isoFromIso8601(timeText), timeText, end: from + timeText.length };
}

/** RFC 3164-style `time host message` (time BSD or RFC 3339), starting at `from`. */
function parseBsd(
  text: string,
  from: number,
  priority: number | undefined,
  referenceYear: number,
): SyslogHeader {
  const rest = bsdTime(text, from, referenceYear) ?? isoTime(text, from);
  if (!rest) return bsdHeader(priority, undefined, undefined, undefined, text.slice(from));
  let at = rest.end;
  if (text.charCodeAt(at) === 32) at++;
  const [hostToken, afterHost] = token(text, at);
  // No host when the next token is already the message (`CEF:0|…`) or a tag (`app[12]:`).
  const isHost = hostToken !== '' && !hostToken.startsWith('CEF:') && !hostToken.endsWith(':');
  return isHost
    ? bsdHeader(priority, rest.time, rest.timeText, hostToken, text.slice(afterHost))
    : bsdHeader(priority, rest.time, rest.timeText, undefined, text.slice(at));
}

// Object literals with every field, not spreads: spreading here made header parsing ten times slower.
function bsdHeader(
  priority: number | undefined,
  time: string | undefined,
  timeText: string | undefined,
  host: string | undefined,
  message: string,
): SyslogHeader {
  return {
    kind: 'rfc3164',
    priority,
    time,
    timeText,
    host,
    appName: undefined,
    procId: undefined,
    msgId: undefined,
    structuredData: undefined,
    message,
  };
}

/** Offset just after the structured data starting at `from` (`-` or one or more `[…]`), or -1. */
function skipStructuredData(text: string, from: number): number {
  if (text[from] === '-') return from + 1;
  let i = from;
  if (text[i] !== '[') return -1;
  while (text[i] === '[') {
    let inQuotes = false;
    i++;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\' && inQuotes) i++;
      else if (c === '"') inQuotes = !inQuotes;
      else if (c === ']' && !inQuotes) break;
    }
    if (i >= text.length) return -1;
    i++;
  }
  return i;
}

function parse5424(text: string, from: number, priority: number): SyslogHeader {
  const [timeText, a] = token(text, from);
  const [host, b] = token(text, a);
  const [appName, c] = token(text, b);
  const [procId, d] = token(text, c);
  const [msgId, e] = token(text, d);
  // A line cut inside the header has an empty message; unterminated structured data keeps the rest.
  const sdEnd = e >= text.length ? text.length : skipStructuredData(text, e);
  let message = sdEnd < 0 ? text.slice(e) : text.slice(text[sdEnd] === ' ' ? sdEnd + 1 : sdEnd);
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  return {
    kind: 'rfc5424',
    priority,
    time: timeText === '-' ? undefined : isoFromIso8601(timeText),
    timeText: nilable(timeText),
    host: nilable(host),
    appName: nilable(appName),
    procId: nilable(procId),
    msgId: nilable(msgId),
    structuredData: sdEnd > e + 1 ? text.slice(e, sdEnd) : undefined,
    message,
  };
}

/** Reads the syslog header of a line, if any; never fails (an unknown shape is all message). */
export function parseSyslogHeader(line: string, referenceYear: number): SyslogHeader {
  const pri = PRI_RE.exec(line);
  if (pri && Number(pri[1]) <= 191) {
    const priority = Number(pri[1]);
    const at = pri[0].length;
    const version = /^\d{1,2} /.exec(line.slice(at, at + 3));
    if (version) return parse5424(line, at + version[0].length, priority);
    return parseBsd(line, at, priority, referenceYear);
  }
  const first = line.charCodeAt(0);
  const startsLikeTime =
    (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || (first >= 48 && first <= 57);
  if (startsLikeTime && !line.startsWith('CEF:')) {
    const header = parseBsd(line, 0, undefined, referenceYear);
    if (header.timeText !== undefined) return header;
  }
  return {
    kind: 'none',
    priority: undefined,
    time: undefined,
    timeText: undefined,
    host: undefined,
    appName: undefined,
    procId: undefined,
    msgId: undefined,
    structuredData: undefined,
    message: line,
  };
}
