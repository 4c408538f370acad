import { type Binding, unsupported } from './kql-context.ts';
import { asString, EMPTY_STRING, kustoType, stringLiteral } from './kql-expr-util.ts';
import { call, col, type Expr, filter, lit, type Plan, project } from './kql-ir.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode } from './kql-syntax.ts';
import { layout, requireChild, type Translator, tokenText } from './kql-tabular.ts';
import { regexEscape } from './sql-functions.ts';

/**
 * parse / parse-where in the default (simple) mode: the pattern becomes one anchored regular
 * expression; `*` and string columns match lazily (the last one greedily), numbers match digits.
 * When the text does not match, every extracted column is empty (null for non-strings); parse-where
 * drops those rows instead.
 */

const NUMBER_PATTERNS: Record<string, string> = {
  long: '[-+]?[0-9]+',
  int: '[-+]?[0-9]+',
  real: '[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?',
};

export function translateParse(
  op: KqlNode,
  input: Plan,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
  onlyMatches: boolean,
): Plan {
  const params = new Map<string, string>();
  for (const p of (child(op, 'Parameters')?.children ?? []).flatMap((c) =>
    c.kind === 'SeparatedElement' ? c.children : [c],
  )) {
    if (p.kind === 'NamedParameter')
      params.set(
        tokenText(requireChild(t, p, 'Name')).toLowerCase(),
        tokenText(requireChild(t, p, 'Expression')).toLowerCase(),
      );
  }
  const kind = params.get('kind') ?? 'simple';
  if (kind !== 'simple') throw unsupported(t, op, `parse kind=${kind}`);
  const scope = t.rowScope(input, lets);
  const text = asString(translateScalar(requireChild(t, op, 'Expression'), scope));
  const elements = (child(op, 'Patterns')?.children ?? []).flatMap((c) =>
    c.kind === 'SeparatedElement' ? c.children.filter((x) => !x.isToken) : [c],
  );
  let regex = '';
  const columns: { name: string; type: string; group: number }[] = [];
  elements.forEach((e, i) => {
    const last = i === elements.length - 1;
    if (e.kind === 'StarExpression') {
      regex += last ? '.*' : '.*?';
    } else if (e.kind === 'StringLiteralExpression' || e.kind === 'CompoundStringLiteralExpression') {
      const value = stringLiteral(translateScalar(e, scope));
      if (value === undefined) throw unsupported(t, e, 'this parse pattern');
      regex += regexEscape(value);
    } else if (e.kind === 'NameDeclaration' || e.kind === 'NameAndTypeDeclaration') {
      const name = tokenText(e.kind === 'NameDeclaration' ? e : requireChild(t, e, 'Name'));
      const type =
        e.kind === 'NameAndTypeDeclaration' ? kustoType(tokenText(requireChild(t, e, 'Type'))) : 'string';
      const numeric = NUMBER_PATTERNS[type];
      if (!numeric && type !== 'string') throw unsupported(t, e, `parse into a ${type} column`);
      regex += `(${numeric ?? (last ? '.*' : '.*?')})`;
      columns.push({ name, type, group: columns.length + 1 });
    } else {
      throw unsupported(t, e, 'this parse pattern element');
    }
  });
  const pattern = lit(
    `(?s)^${regex}${elements.length && elements[elements.length - 1]!.kind === 'StarExpression' ? '' : '$'}`,
    'string',
  );
  const matches = call('regexp_matches', [text, pattern], 'bool');
  const defined = new Map<string, Expr>();
  for (const c of columns) {
    const raw = call('regexp_extract', [text, pattern, lit(c.group, 'long')], 'string');
    const value: Expr =
      c.type === 'string' ? call('coalesce', [raw, EMPTY_STRING], 'string') : call('try_cast', [raw], c.type);
    defined.set(c.name, value);
  }
  const source = onlyMatches ? filter(input, matches) : input;
  const result = project(source, layout(t, op, source, defined));
  return result.columns.some((c) => c.name === '') ? result : result;
}

export { col };
