import { invalid, unsupported } from './kql-context.ts';
import { and, asString, or, stringLiteral } from './kql-expr-util.ts';
import type { FunctionContext } from './kql-function-context.ts';
import { call, caseWhen, type Expr, lit } from './kql-ir.ts';

/**
 * IPv4 functions. An address is turned into its 32-bit number in SQL (null when the text is not a
 * dotted quad); ranges given as constants (`10.0.0.0/8`) are resolved here.
 */

const QUAD = '^([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})$';

/** The address as a number, or null when it is not a valid dotted quad. */
export function ipv4ToLong(address: Expr): Expr {
  const text = asString(address);
  const octet = (i: number) =>
    call('try_cast', [call('regexp_extract', [text, lit(QUAD, 'string'), lit(i, 'long')], 'string')], 'long');
  const octets = [1, 2, 3, 4].map(octet);
  const valid = and(
    call('regexp_matches', [text, lit(QUAD, 'string')], 'bool'),
    ...octets.map((o) => call('le', [o, lit(255, 'long')], 'bool')),
  );
  const value = octets.reduce((acc, o) =>
    call('add', [call('mul', [acc, lit(256, 'long')], 'long'), o], 'long'),
  );
  return caseWhen([[valid, value]], lit(null, 'long'), 'long');
}

/** A constant `a.b.c.d[/n]` as [first, last] address numbers. */
export function parseRange(text: string, prefixOverride?: number): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const prefix = prefixOverride ?? (m[5] !== undefined ? Number(m[5]) : 32);
  if (prefix < 0 || prefix > 32) return undefined;
  const value = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(value / size) * size;
  return [first, first + size - 1];
}

function inRange(address: Expr, range: [number, number]): Expr {
  const v = ipv4ToLong(address);
  return and(call('ge', [v, lit(range[0], 'long')], 'bool'), call('le', [v, lit(range[1], 'long')], 'bool'));
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => parseRange(r)!);

function constantRange(e: Expr | undefined, f: FunctionContext, prefix?: number): [number, number] {
  const text = stringLiteral(e ?? lit(null, 'string'));
  if (text === undefined) throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant range`);
  const range = parseRange(text, prefix);
  if (!range) throw invalid(f.scope.ctx, f.node, `${f.name}(): "${text}" is not an IPv4 address or range`);
  return range;
}

export const ipv4Functions: Record<string, (args: readonly Expr[], f: FunctionContext) => Expr> = {
  ipv4_is_private: (args) => {
    const v = ipv4ToLong(args[0]!);
    // Null (not true/false) when the address does not parse, as in Kusto.
    return or(
      ...PRIVATE.map((r) =>
        and(call('ge', [v, lit(r[0], 'long')], 'bool'), call('le', [v, lit(r[1], 'long')], 'bool')),
      ),
    );
  },
  ipv4_is_in_range: (args, f) => inRange(args[0]!, constantRange(args[1], f)),
  ipv4_is_in_any_range: (args, f) => {
    const ranges = args.slice(1);
    if (ranges.length === 0) throw invalid(f.scope.ctx, f.node, 'ipv4_is_in_any_range() needs ranges');
    return or(...ranges.map((r) => inRange(args[0]!, constantRange(r, f))));
  },
  ipv4_is_match: (args, f) => {
    const prefix =
      args[2] && args[2].kind === 'literal' && typeof args[2].value === 'number' ? args[2].value : undefined;
    if (args[2] && prefix === undefined)
      throw unsupported(f.scope.ctx, f.node, 'ipv4_is_match() with a non-constant prefix');
    // Without a prefix argument the test is symmetric: the constant may come first.
    const swap = stringLiteral(args[1]) === undefined && stringLiteral(args[0]) !== undefined && !args[2];
    const [address, other] = swap ? [args[1]!, args[0]] : [args[0]!, args[1]];
    const right = stringLiteral(other);
    if (right === undefined)
      throw unsupported(f.scope.ctx, f.node, 'ipv4_is_match() with a non-constant second address');
    const prefixOfRight = /\/(\d+)$/.exec(right);
    const p = prefix ?? (prefixOfRight ? Number(prefixOfRight[1]) : 32);
    return inRange(address, constantRange(lit(right.replace(/\/\d+$/, ''), 'string'), f, p));
  },
  parse_ipv4: (args) => ipv4ToLong(args[0]!),
};
