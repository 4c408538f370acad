import { type Binding, unsupported } from './kql-context.ts';
import { asString, EMPTY_STRING, kustoType, stringLiteral } from './kql-expr-util.ts';
import { call, type Expr, filter, lit, type Plan, project } from './kql-ir.ts';
import { layout, requireChild, tokenText } from './kql-node-helpers.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';
import { regexEscape } from './sql-functions.ts';

/**
 * parse / parse-where in the default (simple) mode (and relaxed, with string columns only): the pattern becomes one anchored regular
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
  const given = params.get('kind') ?? 'simple';
  if (given !== 'simple' && given !== 'regex' && given !== 'relaxed')
    throw unsupported(t, op, `parse kind=${given}`);
  // relaxed differs from simple only for typed columns (which then match any text and read as null
  // when it does not convert); with string columns only it is simple.
  const kind = given === 'relaxed' ? 'simple' : given;
  const scope = t.rowScope(input, lets);
  const text = asString(translateScalar(requireChild(t, op, 'Expression'), scope));
  const elements = (child(op, 'Patterns')?.children ?? []).flatMap((c) =>
    c.kind === 'SeparatedElement' ? c.children.filter((x) => !x.isToken) : [c],
  );
  // Pattern parts; each extracted column gets its own regex in which only it captures, so any
  // number of columns works (engines limit group numbers).
  const parts: { regex: string; column?: { name: string; type: string } }[] = [];
  elements.forEach((e, i) => {
    const last = i === elements.length - 1;
    if (e.kind === 'StarExpression') {
      parts.push({ regex: last && kind === 'simple' ? '.*' : '.*?' });
    } else if (e.kind === 'StringLiteralExpression' || e.kind === 'CompoundStringLiteralExpression') {
      const value = stringLiteral(translateScalar(e, scope));
      if (value === undefined) throw unsupported(t, e, 'this parse pattern');
      parts.push({ regex: kind === 'regex' ? `(?:${value})` : regexEscape(value) });
    } else if (e.kind === 'NameDeclaration' || e.kind === 'NameAndTypeDeclaration') {
      const name = tokenText(e.kind === 'NameDeclaration' ? e : requireChild(t, e, 'Name'));
      const type =
        e.kind === 'NameAndTypeDeclaration' ? kustoType(tokenText(requireChild(t, e, 'Type'))) : 'string';
      if (given === 'relaxed' && type !== 'string')
        throw unsupported(t, e, 'parse kind=relaxed into a typed column');
      const numeric = NUMBER_PATTERNS[type];
      if (!numeric && type !== 'string') throw unsupported(t, e, `parse into a ${type} column`);
      parts.push({ regex: numeric ?? (last && kind === 'simple' ? '.*' : '.*?'), column: { name, type } });
    } else {
      throw unsupported(t, e, 'this parse pattern element');
    }
  });
  const anchoredEnd =
    kind === 'simple' && elements.length > 0 && elements[elements.length - 1]!.kind !== 'StarExpression';
  const patternFor = (capture: number | undefined) =>
    lit(
      `(?s)${kind === 'simple' ? '^' : ''}${parts.map((p, i) => (p.column ? (i === capture ? `(${p.regex})` : `(?:${p.regex})`) : p.regex)).join('')}${anchoredEnd ? '$' : ''}`,
      'string',
    );
  const matches = call('regexp_matches', [text, patternFor(undefined)], 'bool');
  const defined = new Map<string, Expr>();
  parts.forEach((p, i) => {
    if (!p.column) return;
    const raw = call('regexp_extract', [text, patternFor(i), lit(1, 'long')], 'string');
    const value: Expr =
      p.column.type === 'string'
        ? call('coalesce', [raw, EMPTY_STRING], 'string')
        : call('try_cast', [raw], p.column.type);
    defined.set(p.column.name, value);
  });
  const source = onlyMatches ? filter(input, matches) : input;
  return project(source, layout(t, op, source, defined));
}
