import { and, stringLiteral, TRUE } from './kql-expr-util.ts';
import { call, type Expr, lit } from './kql-ir.ts';
import { regexEscape } from './sql-functions.ts';

/**
 * Kusto's term operators. A term is a maximal run of ASCII letters and digits; `has` matches the
 * needle as whole terms (its inner separators matched literally), `hasprefix` / `hassuffix` at the
 * start / end of a term. The needle must be a constant: the test becomes a regular expression built
 * here (a user string, passed to SQL as a quoted literal), after a cheap substring check.
 */
export class NonConstantNeedle extends Error {}

export function hasTerm(text: Expr, needle: Expr, kind: 'has' | 'hasprefix' | 'hassuffix'): Expr {
  const value = stringLiteral(needle);
  if (value === undefined) throw new NonConstantNeedle('has needs a constant');
  if (value === '') return TRUE;
  const alnum = /[A-Za-z0-9]/;
  const boundary = '[^A-Za-z0-9]';
  const leftEdge = kind !== 'hassuffix' && alnum.test(value[0]!) ? `(^|${boundary})` : '';
  const rightEdge = kind !== 'hasprefix' && alnum.test(value[value.length - 1]!) ? `($|${boundary})` : '';
  const substring = call('contains_cs', [text, lit(value, 'string')], 'bool');
  if (!leftEdge && !rightEdge) return substring;
  const pattern = `${leftEdge}${regexEscape(value)}${rightEdge}`;
  return and(substring, call('regexp_matches', [text, lit(pattern, 'string')], 'bool'));
}
