import { invalid, unsupported } from './kql-context.ts';
import {
  and,
  asString,
  asType,
  constantList,
  EMPTY_STRING,
  kustoType,
  numberLiteral,
  or,
  stringLiteral,
} from './kql-expr-util.ts';
import { arg, type FunctionContext, type FunctionHandler } from './kql-function-context.ts';
import { call, type Expr, lit } from './kql-ir.ts';
import { type RegexGroups, regexGroups } from './kql-regex-groups.ts';
import { stringArray } from './kql-string-operators.ts';

/** String functions: strcat, substring, split, extract(_all), replace, trim, countof, indexof, hashes, has_ipv4. */

export function strcat(args: readonly Expr[]): Expr {
  const parts = args.map(asString);
  if (parts.every((p) => p.kind === 'literal'))
    return lit(parts.map((p) => String(p.kind === 'literal' ? p.value : '')).join(''), 'string');
  return call('concat', parts, 'string');
}

export function substring(args: readonly Expr[], f: FunctionContext): Expr {
  const text = asString(arg(args, 0, f));
  const start = asType(arg(args, 1, f), 'long');
  const s = numberLiteral(start);
  if (s === undefined || s < 0)
    throw unsupported(f.scope.ctx, f.node, 'substring() with a negative or non-constant start');
  const rest = args[2] ? [asType(args[2], 'long')] : [];
  return call('coalesce', [call('substring0', [text, start, ...rest], 'string'), EMPTY_STRING], 'string');
}

export function split(args: readonly Expr[], f: FunctionContext): Expr {
  const text = asString(arg(args, 0, f));
  const delimiter = arg(args, 1, f);
  if (stringLiteral(delimiter) === undefined)
    throw unsupported(f.scope.ctx, f.node, 'split() with a non-constant delimiter');
  const parts = call('split', [text, delimiter], 'array:string');
  if (args[2]) {
    const index = asType(args[2], 'long');
    return call('array_literal', [call('array_element', [parts, index], 'string')], 'array:string');
  }
  return parts;
}

export function extract(args: readonly Expr[], f: FunctionContext): Expr {
  const pattern = arg(args, 0, f);
  const group = arg(args, 1, f);
  const text = asString(arg(args, 2, f));
  if (stringLiteral(pattern) === undefined || numberLiteral(group) === undefined) {
    throw unsupported(f.scope.ctx, f.node, 'extract() with a non-constant pattern or group');
  }
  const value = call('regexp_extract', [text, pattern, group], 'string');
  // No match gives the empty string (strings are never null); a typed extract converts it.
  const typeArg = args[3];
  if (typeArg) {
    const typeName = typeArg.kind === 'literal' && typeArg.type === 'type' ? typeArg.value : undefined;
    if (typeof typeName !== 'string')
      throw unsupported(f.scope.ctx, f.node, 'extract() with this type argument');
    const target = kustoType(typeName);
    if (target === 'string') return call('coalesce', [value, EMPTY_STRING], 'string');
    // A typed extract is null when nothing matches or the text does not convert.
    return call('try_cast', [call('nullif_empty', [value], 'string')], target);
  }
  return call('coalesce', [value, EMPTY_STRING], 'string');
}

/**
 * extract_all(regex, [groups,] text): every match, as an array of one group's values when one group
 * is selected (or the pattern has one), else an array per match of the selected groups (all of them
 * without a selection); null when nothing matches. Named groups are selected through their numbers.
 */
export function extractAll(args: readonly Expr[], f: FunctionContext): Expr {
  const pattern = stringLiteral(arg(args, 0, f));
  if (pattern === undefined)
    throw unsupported(f.scope.ctx, f.node, 'extract_all() with a non-constant pattern');
  const groups = regexGroups(pattern);
  if (groups.count === 0 || groups.count > 16)
    throw invalid(
      f.scope.ctx,
      f.node,
      'extract_all() needs a regular expression with 1 to 16 capture groups',
    );
  const text = asString(arg(args, args.length === 3 ? 2 : 1, f));
  const selected =
    args.length === 3
      ? selectedGroups(arg(args, 1, f), groups, f)
      : [...Array(groups.count).keys()].map((g) => g + 1);
  const numbers = selected.map((g) => lit(g, 'long'));
  return call(
    'regexp_extract_groups',
    [text, lit(groups.unnamed, 'string'), ...numbers],
    numbers.length === 1 ? 'array:string' : 'array:array:string',
  );
}

function selectedGroups(list: Expr, groups: RegexGroups, f: FunctionContext): number[] {
  const items = constantList(list);
  if (!items) throw unsupported(f.scope.ctx, f.node, 'extract_all() with a non-constant group selection');
  if (items.length === 0)
    throw invalid(f.scope.ctx, f.node, 'extract_all() needs at least one capture group to select');
  return items.map((item) => {
    const value = item.kind === 'literal' ? item.value : undefined;
    const group = typeof value === 'string' ? groups.names.get(value) : value;
    if (typeof group !== 'number' || !Number.isInteger(group) || group < 1 || group > groups.count) {
      throw invalid(
        f.scope.ctx,
        f.node,
        `extract_all() selects capture group ${JSON.stringify(value)}, which the regular expression does not have`,
      );
    }
    return group;
  });
}

export function replaceRegex(args: readonly Expr[], f: FunctionContext): Expr {
  const pattern = arg(args, 0, f);
  const replacement = arg(args, 1, f);
  if (stringLiteral(pattern) === undefined || stringLiteral(replacement) === undefined) {
    throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant pattern or replacement`);
  }
  return call('regexp_replace_all', [asString(arg(args, 2, f)), pattern, replacement], 'string');
}

export function countOf(args: readonly Expr[], f: FunctionContext): Expr {
  const text = asString(arg(args, 0, f));
  const needle = arg(args, 1, f);
  const kind = args[2] ? stringLiteral(args[2]) : 'normal';
  if (stringLiteral(needle) === undefined || (kind !== 'normal' && kind !== 'regex')) {
    throw unsupported(f.scope.ctx, f.node, 'countof() with a non-constant search');
  }
  if (kind === 'regex') return call('regexp_count', [text, needle], 'long');
  const len = stringLiteral(needle)!.length;
  if (len === 0) return lit(0, 'long');
  const removed = call('replace_string', [text, needle, EMPTY_STRING], 'string');
  return call(
    'div_int',
    [
      call('sub', [call('strlen', [text], 'long'), call('strlen', [removed], 'long')], 'long'),
      lit(len, 'long'),
    ],
    'long',
  );
}

export function indexOf(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length > 2) throw unsupported(f.scope.ctx, f.node, 'indexof() with start/length/occurrence');
  return call('index_of', [asString(arg(args, 0, f)), asString(arg(args, 1, f))], 'long');
}

export function hash(fn: string): FunctionHandler {
  return (args, f) => call(fn, [asString(arg(args, 0, f))], 'string');
}

export function trim(side: 'both' | 'start' | 'end'): FunctionHandler {
  return (args, f) => {
    const pattern = stringLiteral(arg(args, 0, f));
    if (pattern === undefined)
      throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant pattern`);
    const text = asString(arg(args, 1, f));
    const re =
      side === 'start'
        ? `^(${pattern})+`
        : side === 'end'
          ? `(${pattern})+$`
          : `^(${pattern})+|(${pattern})+$`;
    return call('regexp_replace_all', [text, lit(re, 'string'), lit('', 'string')], 'string');
  };
}

/** IPv4 addresses as terms: delimited by anything but letters, digits and dots. */
export function hasIpv4(any: boolean): FunctionHandler {
  return (args, f) => {
    const text = asString(arg(args, 0, f));
    if (any && args.length === 2) {
      const value = arg(args, 1, f);
      if (!constantList(value) && (value.type === 'array:string' || value.type === 'dynamic')) {
        // A list known only when the query runs (toscalar(… make_set …)): addresses that are not
        // valid IPv4 can never be found, so they are skipped.
        return call('has_ipv4_array', [text, stringArray(value)], 'bool');
      }
    }
    if (!any && args.length === 2 && stringLiteral(arg(args, 1, f)) === undefined) {
      // has_ipv4(text, column): the same test as for a computed list, with one element.
      const ip = call('array_literal', [asString(arg(args, 1, f))], 'array:string');
      return call('has_ipv4_array', [text, ip], 'bool');
    }
    const list =
      any && args.length === 2 ? (constantList(arg(args, 1, f)) ?? [arg(args, 1, f)]) : args.slice(1);
    const ips = list.map((e) => stringLiteral(e));
    if (ips.some((ip) => ip === undefined || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip))) {
      throw unsupported(f.scope.ctx, f.node, `${f.name}() with non-constant or non-IPv4 values`);
    }
    const tests = (ips as string[]).map((ip) =>
      and(
        call('contains_cs', [text, lit(ip, 'string')], 'bool'),
        call(
          'regexp_matches',
          [text, lit(`(^|[^0-9A-Za-z.])${ip.replaceAll('.', '\\.')}($|[^0-9A-Za-z.])`, 'string')],
          'bool',
        ),
      ),
    );
    return tests.length ? or(...tests) : lit(false, 'bool');
  };
}
