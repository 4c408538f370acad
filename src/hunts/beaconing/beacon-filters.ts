import { UserError } from '../../core/errors.ts';
import type { SqlParamBag } from '../hunt-sql.ts';

/** An allow-list entry: an IPv4 range (from a CIDR or single address) or an exact other address. */
type AllowEntry =
  | { readonly kind: 'v4'; readonly low: number; readonly high: number }
  | { readonly kind: 'exact'; readonly address: string };

function ipv4Number(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Parses `10.0.0.0/8`, `1.2.3.4` or an IPv6 address; anything else is refused naming the flag. */
export function parseAllowEntry(text: string, flag: string): AllowEntry {
  const [address = '', bits] = text.split('/');
  const v4 = ipv4Number(address);
  if (v4 !== undefined) {
    const prefix = bits === undefined ? 32 : Number(bits);
    if (
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > 32 ||
      (bits !== undefined && !/^\d+$/.test(bits))
    ) {
      throw new UserError('bad-parameter', `${flag}: "${text}" has a bad prefix length (use 0–32)`, {}, 2);
    }
    const size = 2 ** (32 - prefix);
    const low = Math.floor(v4 / size) * size;
    return { kind: 'v4', low, high: low + size - 1 };
  }
  if (bits === undefined && /^[0-9a-fA-F:.]+$/.test(address) && address.includes(':')) {
    return { kind: 'exact', address: address.toLowerCase() };
  }
  throw new UserError(
    'bad-parameter',
    `${flag}: "${text}" is not an IPv4 CIDR, IPv4 address or IPv6 address`,
    {},
    2,
  );
}

/** An IPv4 dotted quad as a number in SQL (NULL for anything else); works on DuckDB and Spark. */
export function ipv4NumberSql(expr: string): string {
  const octet = (i: number) => `TRY_CAST(split_part(${expr}, '.', ${i}) AS BIGINT)`;
  return `(${octet(1)} * 16777216 + ${octet(2)} * 65536 + ${octet(3)} * 256 + ${octet(4)})`;
}

/** A condition true when `expr` is in none of the allow-list entries (NULL-safe: unknown is kept). */
export function notAllowedSql(
  expr: string,
  entries: readonly string[],
  flag: string,
  bag: SqlParamBag,
  prefix: string,
): string[] {
  return entries.map((text, i) => {
    const entry = parseAllowEntry(text, flag);
    if (entry.kind === 'exact')
      return `COALESCE(lower(${expr}) <> ${bag.bind(`${prefix}${i}`, entry.address)}, TRUE)`;
    const low = bag.bind(`${prefix}${i}_low`, entry.low);
    const high = bag.bind(`${prefix}${i}_high`, entry.high);
    return `COALESCE(NOT (${ipv4NumberSql(expr)} BETWEEN ${low} AND ${high}), TRUE)`;
  });
}

/** True for the private and loopback IPv4 destinations the Sentinel notebook drops. */
export function privateIpv4Sql(expr: string): string {
  return (
    `(${expr} LIKE '10.%' OR ${expr} LIKE '127.%' OR ${expr} LIKE '192.168.%'` +
    ` OR (${expr} LIKE '172.%' AND TRY_CAST(split_part(${expr}, '.', 2) AS INTEGER) BETWEEN 16 AND 31))`
  );
}

/** True for multicast and broadcast destinations (local discovery traffic, never a C2 server). */
export function multicastOrBroadcastSql(expr: string): string {
  // Plain string tests, no splitting or casting: cheap wherever it runs.
  const multicast = Array.from({ length: 16 }, (_, i) => `'${224 + i}.'`).join(', ');
  return `(substr(${expr}, 1, 4) IN (${multicast}) OR ${expr} LIKE '%.255' OR lower(${expr}) LIKE 'ff%:%')`;
}
