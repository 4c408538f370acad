import { type Binding, invalid, unsupported } from './kql-context.ts';
import { and, asString, constantList, FALSE, lower, or, stringLiteral } from './kql-expr-util.ts';
import { call, col, type Expr, empty, filter, lit, type Plan } from './kql-ir.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import { type Translator, tokenText } from './kql-tabular.ts';

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

export function isAsimNetworkSessionFunction(name: string): boolean {
  return NAMES.has(name);
}

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

export function asimNetworkSession(
  node: KqlNode,
  args: readonly KqlNode[],
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  let plan = t.scanTable(node, 'NetworkSession');
  const row = new Map(plan.columns.map((c) => [c.name, col(c.name, c.type)]));
  const scope = t.scope(new Map(), lets);
  const values = new Map<string, Expr>();
  args.forEach((a, i) => {
    if (a.kind === 'SimpleNamedExpression') {
      const name = tokenText(child(a, 'Name') ?? a).toLowerCase();
      values.set(name, translateScalar(child(a, 'Expression') ?? a, scope));
    } else {
      const name = ORDER[i];
      if (!name) throw invalid(t, a, 'too many arguments');
      values.set(name, translateScalar(a, scope));
    }
  });
  const columnOf = (name: string) => {
    const c = row.get(name);
    if (!c) throw unsupported(t, node, `the NetworkSession column ${name}`);
    return c;
  };
  const conditions: Expr[] = [];
  for (const [name, value] of values) {
    if (value.kind === 'literal' && value.value === null) continue;
    const list = constantList(value);
    if (list && list.length === 0) continue;
    switch (name) {
      case 'starttime':
      case 'endtime':
        if (value.type !== 'datetime')
          throw invalid(t, node, `${name} must be a datetime, got a ${value.type}`);
        conditions.push(call(name === 'starttime' ? 'ge' : 'le', [columnOf('TimeGenerated'), value], 'bool'));
        break;
      case 'srcipaddr_has_any_prefix':
      case 'dstipaddr_has_any_prefix':
      case 'ipaddr_has_any_prefix': {
        if (!list) throw unsupported(t, node, `${name} that is not a constant list`);
        const columns =
          name === 'srcipaddr_has_any_prefix'
            ? ['SrcIpAddr']
            : name === 'dstipaddr_has_any_prefix'
              ? ['DstIpAddr']
              : ['SrcIpAddr', 'DstIpAddr'];
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
        throw unsupported(t, node, 'eventresult filtering (the lake has no EventResult)');
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

export { listItems };
