import { UsageError } from '../../core/errors.ts';

/**
 * A Spark Connect address: `sc://HOST[:PORT][/;key=value;…]` as Spark's own clients accept it.
 * Known keys: token, use_ssl, user_id, user_agent, session_id, and lakehunt's connect_timeout /
 * query_timeout (seconds). Any other key is sent to the server as a gRPC header, which is how
 * hosted Spark services receive routing values (e.g. a cluster id).
 */
export interface SparkConnectUrl {
  readonly host: string;
  readonly port: number;
  readonly useSsl: boolean;
  readonly token?: string | undefined;
  readonly userId?: string | undefined;
  readonly userAgent?: string | undefined;
  readonly sessionId?: string | undefined;
  readonly connectTimeoutMs: number;
  /** Deadline for a query (execute and analyze); undefined: no deadline. */
  readonly queryTimeoutMs?: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

export const DEFAULT_SPARK_CONNECT_PORT = 15002;
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEADER_RE = /^[a-z0-9_.-]+$/;

function bad(text: string, why: string): UsageError {
  return new UsageError(`invalid Spark Connect URL ${redactUrlText(text)}: ${why} (expected sc://HOST:PORT)`);
}

/** The URL text with secret values hidden, safe for messages. */
export function redactUrlText(text: string): string {
  return text.replace(/(;\s*token=)[^;]*/gi, '$1***');
}

function seconds(text: string, value: string, key: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw bad(text, `${key} must be a positive number of seconds`);
  return Math.round(n * 1000);
}

export function parseSparkConnectUrl(text: string): SparkConnectUrl {
  const trimmed = text.trim();
  if (!trimmed.startsWith('sc://')) throw bad(trimmed, 'it must start with sc://');
  const rest = trimmed.slice('sc://'.length);
  const semi = rest.indexOf(';');
  let authority = semi === -1 ? rest : rest.slice(0, semi);
  const paramText = semi === -1 ? '' : rest.slice(semi + 1);
  if (authority.endsWith('/')) authority = authority.slice(0, -1);
  if (authority.includes('/')) throw bad(trimmed, 'a path is not allowed, only /;key=value parameters');

  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(authority);
  if (v6) {
    host = v6[1]!;
    portText = v6[2];
  } else {
    const m = /^([A-Za-z0-9.-]+)(?::(\d*))?$/.exec(authority);
    if (!m) throw bad(trimmed, 'the host is missing or malformed');
    host = m[1]!;
    portText = m[2];
    if (portText === '') throw bad(trimmed, 'the port is empty');
  }
  const port = portText === undefined ? DEFAULT_SPARK_CONNECT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw bad(trimmed, `port ${portText} is out of range`);

  let useSsl = false;
  let token: string | undefined;
  let userId: string | undefined;
  let userAgent: string | undefined;
  let sessionId: string | undefined;
  let connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  let queryTimeoutMs: number | undefined;
  const headers: Record<string, string> = {};
  for (const part of paramText.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw bad(trimmed, `parameter "${part.includes('token') ? 'token' : part}" needs key=value`);
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = decodeURIComponent(part.slice(eq + 1).trim());
    switch (key) {
      case 'token':
        token = value;
        break;
      case 'use_ssl':
        if (!/^(true|false)$/i.test(value)) throw bad(trimmed, 'use_ssl must be true or false');
        useSsl = value.toLowerCase() === 'true';
        break;
      case 'user_id':
        userId = value;
        break;
      case 'user_agent':
        userAgent = value;
        break;
      case 'session_id':
        if (!UUID_RE.test(value)) throw bad(trimmed, 'session_id must be a UUID');
        sessionId = value.toLowerCase();
        break;
      case 'connect_timeout':
        connectTimeoutMs = seconds(trimmed, value, key);
        break;
      case 'query_timeout':
        queryTimeoutMs = seconds(trimmed, value, key);
        break;
      default:
        if (!HEADER_RE.test(key)) throw bad(trimmed, `parameter name "${key}" is not a valid header name`);
        headers[key] = value;
    }
  }
  return {
    host,
    port,
    useSsl,
    token,
    userId,
    userAgent,
    sessionId,
    connectTimeoutMs,
    queryTimeoutMs,
    headers,
  };
}

/** `sc://host:port`, the form used in messages: never carries the token or other parameters. */
export function displaySparkUrl(url: Pick<SparkConnectUrl, 'host' | 'port'>): string {
  return `sc://${url.host.includes(':') ? `[${url.host}]` : url.host}:${url.port}`;
}

/** Writes a URL back as text, without the token (tokens come from the environment, never from files). */
export function formatSparkConnectUrl(url: SparkConnectUrl): string {
  const params: string[] = [];
  if (url.useSsl) params.push('use_ssl=true');
  if (url.userId !== undefined) params.push(`user_id=${encodeURIComponent(url.userId)}`);
  if (url.userAgent !== undefined) params.push(`user_agent=${encodeURIComponent(url.userAgent)}`);
  if (url.sessionId !== undefined) params.push(`session_id=${url.sessionId}`);
  if (url.connectTimeoutMs !== DEFAULT_CONNECT_TIMEOUT_MS)
    params.push(`connect_timeout=${url.connectTimeoutMs / 1000}`);
  if (url.queryTimeoutMs !== undefined) params.push(`query_timeout=${url.queryTimeoutMs / 1000}`);
  for (const [k, v] of Object.entries(url.headers)) params.push(`${k}=${encodeURIComponent(v)}`);
  return params.length === 0 ? displaySparkUrl(url) : `${displaySparkUrl(url)}/;${params.join(';')}`;
}

/** True for addresses that never leave the machine (a token may travel without TLS there). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Adds `;key=value` parameters to a URL's text unless the URL already sets them (a token or
 * session id written by the user wins over one from the environment or the workspace).
 */
export function addUrlParams(text: string, params: Readonly<Record<string, string | undefined>>): string {
  const present = new Set(
    (text.split(';').slice(1) ?? []).map((p) =>
      p
        .slice(0, Math.max(0, p.indexOf('=')))
        .trim()
        .toLowerCase(),
    ),
  );
  let out = text.trim();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || present.has(key)) continue;
    if (!out.includes(';')) out = out.endsWith('/') ? out : `${out}/`;
    out += `;${key}=${encodeURIComponent(value)}`;
  }
  return out;
}

/** The URL a command connects with: the stored one plus the session id and the token. */
export function sparkRemoteFor(
  remote: string,
  sessionId: string | undefined,
  token: string | undefined,
): string {
  return addUrlParams(remote, { session_id: sessionId, token });
}
