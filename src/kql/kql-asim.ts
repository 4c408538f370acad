import { type Binding, invalid, unsupported } from './kql-context.ts';
import { and, asString, constantList, FALSE, lower, or, stringLiteral } from './kql-expr-util.ts';
import { call, col, type Expr, empty, filter, lit, type Plan } from './kql-ir.ts';
import { tokenText } from './kql-node-helpers.ts';
import { translateScalar } from './kql-scalar.ts';
import { stringArray, stringTest } from './kql-string-operators.ts';
import { child, type KqlNode } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/**
 * ASIM network-session parsers (`_Im_NetworkSession`, `_ASim_NetworkSession`, `imNetworkSession`)
 * read the lake's NetworkSession view; the filtering parameters become filters on it.
 */

const NAMES = new Set([
  '_Im_NetworkSession',
  '_ASim_NetworkSession',
  'imNetworkSession',
  'ASimNetworkSession',
  '_Im_NetworkSession_Native',
]);

export const DNS_NAMES = new Set(['_Im_Dns', '_ASim_Dns', 'imDns', 'ASimDns']);

export const WEB_SESSION_NAMES = new Set([
  '_Im_WebSession',
  '_ASim_WebSession',
  'imWebSession',
  'ASimWebSession',
]);

export function isAsimNetworkSessionFunction(name: string): boolean {
  return NAMES.has(name) || DNS_NAMES.has(name) || WEB_SESSION_NAMES.has(name);
}

/** The parameters of _Im_WebSession, in order. */
export const IM_WEB_SESSION_PARAMETERS =
  "(starttime:datetime=datetime(null), endtime:datetime=datetime(null), srcipaddr_has_any_prefix:dynamic=dynamic([]), ipaddr_has_any_prefix:dynamic=dynamic([]), url_has_any:dynamic=dynamic([]), httpuseragent_has_any:dynamic=dynamic([]), eventresultdetails_in:dynamic=dynamic([]), eventresult:string='*', disabled:bool=false)";

const WEB_ORDER = [
  'starttime',
  'endtime',
  'srcipaddr_has_any_prefix',
  'ipaddr_has_any_prefix',
  'url_has_any',
  'httpuseragent_has_any',
  'eventresultdetails_in',
  'eventresult',
  'disabled',
];

/** The parameters of _Im_Dns, in order. */
export const IM_DNS_PARAMETERS =
  "(starttime:datetime=datetime(null), endtime:datetime=datetime(null), srcipaddr:string='*', domain_has_any:dynamic=dynamic([]), responsecodename:string='*', response_has_ipv4:string='*', response_has_any_prefix:dynamic=dynamic([]), eventtype:string='Query')";

const DNS_ORDER = [
  'starttime',
  'endtime',
  'srcipaddr',
  'domain_has_any',
  'responsecodename',
  'response_has_ipv4',
  'response_has_any_prefix',
  'eventtype',
];

/** The parameters of _Im_NetworkSession, in order. */
export const IM_NETWORK_SESSION_PARAMETERS =
  '(starttime:datetime=datetime(null), endtime:datetime=datetime(null), srcipaddr_has_any_prefix:dynamic=dynamic([]), dstipaddr_has_any_prefix:dynamic=dynamic([]), ipaddr_has_any_prefix:dynamic=dynamic([]), dstportnumber:int=int(null), hostname_has_any:dynamic=dynamic([]), dvcaction:dynamic=dynamic([]), eventresult:string="*", disabled:bool=false)';

const ORDER = [
  'starttime',
  'endtime',
  'srcipaddr_has_any_prefix',
  'dstipaddr_has_any_prefix',
  'ipaddr_has_any_prefix',
  'dstportnumber',
  'hostname_has_any',
  'dvcaction',
  'eventresult',
  'disabled',
];

function prefixTest(column: Expr, prefixes: readonly Expr[]): Expr {
  // Keep in step with has_ip_prefix_array (sql-functions.ts), the same test over a run-time list.
  const ip = asString(column);
  return or(
    ...prefixes.map((p) => {
      const text = stringLiteral(p) ?? '';
      const whole = text.endsWith('.') ? text : `${text}.`;
      return or(
        call('eq', [ip, lit(text, 'string')], 'bool'),
        call('starts_with', [ip, lit(whole, 'string')], 'bool'),
      );
    }),
  );
}

/**
 * `*ipaddr_has_any_prefix` given a list known only when the query runs: prefixTest per element
 * (has_ip_prefix_array, sql-functions.ts); an empty list filters nothing.
 */
function runtimePrefixTest(t: Translator, node: KqlNode, name: string, value: Expr, columns: Expr[]): Expr {
  if (value.type !== 'array:string' && value.type !== 'dynamic')
    throw unsupported(t, node, `${name} that is not a list of strings`);
  const prefixes = stringArray(value);
  return unlessEmpty(
    prefixes,
    or(...columns.map((c) => call('has_ip_prefix_array', [asString(c), prefixes], 'bool'))),
  );
}

/**
 * An IPv4 address (or, for a prefix, its leading octets) as a term of the text: not preceded by a
 * letter, digit or dot; a whole address or a prefix without a trailing dot must end at an octet.
 */
function ipv4PrefixTest(text: Expr, value: Expr, whole: boolean): Expr {
  // Keep in step with has_ipv4_prefix_array (sql-functions.ts), the same test over a run-time list.
  const ip = stringLiteral(value) ?? '';
  if (!/^\d{1,3}(\.\d{1,3}){0,3}\.?$/.test(ip)) return FALSE;
  const escaped = ip.replaceAll('.', '\\.');
  const end = ip.endsWith('.') && !whole ? '' : '($|[^0-9A-Za-z.]|\\.[^0-9])';
  const pattern = `(^|[^0-9A-Za-z.])${escaped}${whole ? '($|[^0-9A-Za-z.])' : end}`;
  return and(
    call('contains_cs', [asString(text), lit(ip, 'string')], 'bool'),
    call('regexp_matches', [asString(text), lit(pattern, 'string')], 'bool'),
  );
}

function argumentValues(
  args: readonly KqlNode[],
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
  order: readonly string[],
): Map<string, Expr> {
  const scope = t.scope(new Map(), lets);
  const values = new Map<string, Expr>();
  args.forEach((a, i) => {
    if (a.kind === 'SimpleNamedExpression') {
      const name = tokenText(child(a, 'Name') ?? a).toLowerCase();
      values.set(name, translateScalar(child(a, 'Expression') ?? a, scope));
    } else {
      const name = order[i];
      if (!name) throw invalid(t, a, 'too many arguments');
      values.set(name, translateScalar(a, scope));
    }
  });
  return values;
}

/** `starttime`/`endtime` of an ASIM parser as a bound on TimeGenerated (inclusive at both ends). */
function timeBound(t: Translator, node: KqlNode, name: string, value: Expr, time: Expr): Expr {
  if (value.type !== 'datetime') throw invalid(t, node, `${name} must be a datetime, got a ${value.type}`);
  return call(name === 'starttime' ? 'ge' : 'le', [time, value], 'bool');
}

/** A column of the scanned table as an expression; a column the table lacks is refused by name. */
function columnLookup(plan: Plan, t: Translator, node: KqlNode, table: string): (name: string) => Expr {
  const row = new Map(plan.columns.map((c) => [c.name, col(c.name, c.type)]));
  return (name: string) => {
    const c = row.get(name);
    if (!c) throw unsupported(t, node, `the ${table} column ${name}`);
    return c;
  };
}

/** ASIM DNS parsers read the ASimDnsActivityLogs table, parameters applied as filters. */
function asimDns(
  node: KqlNode,
  args: readonly KqlNode[],
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  let plan = t.scanTable(node, 'ASimDnsActivityLogs');
  const columnOf = columnLookup(plan, t, node, 'ASimDnsActivityLogs');
  const values = argumentValues(args, t, lets, DNS_ORDER);
  if (!values.has('eventtype')) values.set('eventtype', lit('Query', 'string'));
  const conditions: Expr[] = [];
  for (const [name, value] of values) {
    if (value.kind === 'literal' && value.value === null) continue;
    const list = constantList(value);
    if ((list && list.length === 0) || stringLiteral(value) === '*') continue;
    switch (name) {
      case 'starttime':
      case 'endtime':
        conditions.push(timeBound(t, node, name, value, columnOf('TimeGenerated')));
        break;
      case 'srcipaddr':
        conditions.push(call('eq', [columnOf('SrcIpAddr'), asString(value)], 'bool'));
        break;
      case 'domain_has_any':
        if (!list && (value.type === 'array:string' || value.type === 'dynamic')) {
          conditions.push(
            unlessEmpty(
              stringArray(value),
              call('has_any_array', [lower(asString(columnOf('DnsQuery'))), stringArray(value)], 'bool'),
            ),
          );
          break;
        }
        {
          // A single string (a scalar let) is a one-term list: `has_any` of one value is `has`.
          const terms = list ?? (stringLiteral(value) !== undefined ? [value] : undefined);
          if (!terms) throw unsupported(t, node, 'domain_has_any that is not a constant list');
          conditions.push(or(...terms.map((v) => stringTest('has', columnOf('DnsQuery'), v, false))));
        }
        break;
      case 'responsecodename':
        conditions.push(call('eq', [lower(columnOf('DnsResponseCodeName')), lower(asString(value))], 'bool'));
        break;
      case 'eventtype':
        conditions.push(call('eq', [columnOf('EventType'), asString(value)], 'bool'));
        break;
      case 'response_has_ipv4':
      case 'response_has_any_prefix': {
        if (
          name === 'response_has_any_prefix' &&
          !list &&
          (value.type === 'array:string' || value.type === 'dynamic')
        ) {
          // A list known only when the query runs (toscalar(… make_set …)): the same test per element.
          conditions.push(
            unlessEmpty(
              stringArray(value),
              call(
                'has_ipv4_prefix_array',
                [asString(columnOf('DnsResponseName')), stringArray(value)],
                'bool',
              ),
            ),
          );
          break;
        }
        const prefixes = list ?? (stringLiteral(value) !== undefined ? [value] : undefined);
        if (!prefixes) throw unsupported(t, node, `${name} that is not a constant list`);
        conditions.push(
          or(
            ...prefixes.map((p) =>
              ipv4PrefixTest(columnOf('DnsResponseName'), p, name === 'response_has_ipv4'),
            ),
          ),
        );
        break;
      }
      default:
        throw unsupported(t, node, `the _Im_Dns parameter ${name}`);
    }
  }
  if (conditions.length) plan = filter(plan, and(...conditions));
  return plan;
}

/** A list parameter known only when the query runs: empty (or null) means no filter, as dynamic([]). */
function unlessEmpty(list: Expr, test: Expr): Expr {
  const length = call('coalesce', [call('array_length', [list], 'long'), lit(0, 'long')], 'long');
  return or(call('eq', [length, lit(0, 'long')], 'bool'), test);
}

/** `column has_any (list)` for a constant list or a string array known at run time. */
function hasAnyOf(t: Translator, node: KqlNode, column: Expr, value: Expr, name: string): Expr {
  // A single string (a scalar let) is a one-term list: `has_any` of one value is `has`.
  const list = constantList(value) ?? (stringLiteral(value) !== undefined ? [value] : undefined);
  if (list) return or(...list.map((v) => stringTest('has', column, v, false)));
  if (value.type === 'array:string' || value.type === 'dynamic') {
    return unlessEmpty(
      stringArray(value),
      call('has_any_array', [lower(asString(column)), stringArray(value)], 'bool'),
    );
  }
  throw unsupported(t, node, `${name} that is not a list of strings`);
}

/** ASIM web-session parsers read the ASimWebSessionLogs table, parameters applied as filters. */
function asimWebSession(
  node: KqlNode,
  args: readonly KqlNode[],
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  let plan = t.scanTable(node, 'ASimWebSessionLogs');
  const columnOf = columnLookup(plan, t, node, 'ASimWebSessionLogs');
  const conditions: Expr[] = [];
  for (const [name, value] of argumentValues(args, t, lets, WEB_ORDER)) {
    if (value.kind === 'literal' && value.value === null) continue;
    const list = constantList(value);
    if ((list && list.length === 0) || stringLiteral(value) === '*') continue;
    switch (name) {
      case 'starttime':
      case 'endtime':
        conditions.push(timeBound(t, node, name, value, columnOf('TimeGenerated')));
        break;
      case 'srcipaddr_has_any_prefix':
      case 'ipaddr_has_any_prefix': {
        const columns = name === 'srcipaddr_has_any_prefix' ? ['SrcIpAddr'] : ['SrcIpAddr', 'DstIpAddr'];
        if (!list) {
          conditions.push(runtimePrefixTest(t, node, name, value, columns.map(columnOf)));
          break;
        }
        conditions.push(or(...columns.map((c) => prefixTest(columnOf(c), list))));
        break;
      }
      case 'url_has_any':
        conditions.push(hasAnyOf(t, node, columnOf('Url'), value, name));
        break;
      case 'httpuseragent_has_any':
        conditions.push(hasAnyOf(t, node, columnOf('HttpUserAgent'), value, name));
        break;
      case 'eventresultdetails_in': {
        if (!list) throw unsupported(t, node, `${name} that is not a constant list`);
        conditions.push(
          or(...list.map((v) => call('eq', [columnOf('EventResultDetails'), asString(v)], 'bool'))),
        );
        break;
      }
      case 'eventresult':
        conditions.push(call('eq', [columnOf('EventResult'), asString(value)], 'bool'));
        break;
      case 'disabled':
        if (value.kind === 'literal' && value.value === true) return empty(plan.columns);
        break;
      default:
        throw unsupported(t, node, `the _Im_WebSession parameter ${name}`);
    }
  }
  if (conditions.length) plan = filter(plan, and(...conditions));
  return plan;
}

export function asimNetworkSession(
  node: KqlNode,
  args: readonly KqlNode[],
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  const fn = tokenText(child(node, 'Name') ?? node);
  if (DNS_NAMES.has(fn)) return asimDns(node, args, t, lets);
  if (WEB_SESSION_NAMES.has(fn)) return asimWebSession(node, args, t, lets);
  let plan = t.scanTable(node, 'NetworkSession');
  const columnOf = columnLookup(plan, t, node, 'NetworkSession');
  const values = argumentValues(args, t, lets, ORDER);
  const conditions: Expr[] = [];
  for (const [name, value] of values) {
    if (value.kind === 'literal' && value.value === null) continue;
    const list = constantList(value);
    if (list && list.length === 0) continue;
    switch (name) {
      case 'starttime':
      case 'endtime':
        conditions.push(timeBound(t, node, name, value, columnOf('TimeGenerated')));
        break;
      case 'srcipaddr_has_any_prefix':
      case 'dstipaddr_has_any_prefix':
      case 'ipaddr_has_any_prefix': {
        const columns =
          name === 'srcipaddr_has_any_prefix'
            ? ['SrcIpAddr']
            : name === 'dstipaddr_has_any_prefix'
              ? ['DstIpAddr']
              : ['SrcIpAddr', 'DstIpAddr'];
        if (!list) {
          conditions.push(runtimePrefixTest(t, node, name, value, columns.map(columnOf)));
          break;
        }
        conditions.push(or(...columns.map((c) => prefixTest(columnOf(c), list))));
        break;
      }
      case 'dstportnumber':
        conditions.push(call('eq', [columnOf('DstPortNumber'), call('cast', [value], 'int')], 'bool'));
        break;
      case 'hostname_has_any':
        // The lake's NetworkSession has no host names: nothing matches a host name filter.
        conditions.push(FALSE);
        break;
      case 'dvcaction': {
        if (!list) throw unsupported(t, node, 'dvcaction that is not a constant list');
        const action = lower(asString(columnOf('DvcAction')));
        conditions.push(or(...list.map((v) => call('eq', [action, lower(asString(v))], 'bool'))));
        break;
      }
      case 'eventresult':
        if (stringLiteral(value) === '*') break;
        conditions.push(call('eq', [columnOf('EventResult'), asString(value)], 'bool'));
        break;
      case 'disabled':
        if (value.kind === 'literal' && value.value === true) return empty(plan.columns);
        break;
      default:
        throw unsupported(t, node, `the parameter ${name}`);
    }
  }
  if (conditions.length) plan = filter(plan, and(...conditions));
  return plan;
}
