import type { FunctionRenderer } from './sql-functions.ts';

/**
 * Spark SQL for the address tests over a list known only when the query runs (a `toscalar(…
 * make_set …)`): Spark takes no subquery inside a higher-order function, so each list becomes one
 * regular expression built with plain string functions. Each keeps the per-element test of the
 * DuckDB spelling (sql-functions.ts) exactly: null elements match nothing, and elements that are not
 * addresses (or prefixes) are dropped before the expression is built.
 */

const SEP = '\u0001';
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const NOT_ADDRESS = '[^0-9A-Za-z.]';

type Quote = (text: string) => string;

/** The elements of `list` that match `valid` as a whole (one regexp_extract_all, no lambda). */
function validElements(list: string, valid: string, q: Quote): string {
  const joined = `concat(${q(SEP)}, array_join(${list}, ${q(SEP)}), ${q(SEP)})`;
  return `regexp_extract_all(${joined}, ${q(`(?<=${SEP})(${valid})(?=${SEP})`)}, 1)`;
}

/** Elements made of digits and dots, joined as regex alternatives (dots escaped). */
function alternatives(elements: string, q: Quote): string {
  return `(CASE WHEN size(${elements}) > 0 THEN regexp_replace(array_join(${elements}, '|'), ${q('\\.')}, ${q('\\\\.')}) ELSE ${q('(?!)')} END)`;
}

/** has_any_ipv4(text, list): a valid IPv4 element as a term not touching letters, digits or dots. */
export const hasIpv4ArraySpark: FunctionRenderer = (a, _c, d) => {
  const q: Quote = (s) => d.quoting.quoteString(s);
  const valid = validElements(a[1]!, `${OCTET}(?:\\.${OCTET}){3}`, q);
  const pattern = `concat(${q(`(^|${NOT_ADDRESS})(?:`)}, ${alternatives(valid, q)}, ${q(`)($|${NOT_ADDRESS})`)})`;
  return `COALESCE(size(${valid}) > 0 AND ${a[0]} RLIKE ${pattern}, FALSE)`;
};

/**
 * response_has_any_prefix: an element ending in a dot may continue with any octet; otherwise it
 * must end at an octet. Elements that are no IPv4 prefix are dropped.
 */
export const hasIpv4PrefixArraySpark: FunctionRenderer = (a, _c, d) => {
  const q: Quote = (s) => d.quoting.quoteString(s);
  const dotted = validElements(a[1]!, '\\d{1,3}(?:\\.\\d{1,3}){0,3}\\.', q);
  const whole = validElements(a[1]!, '\\d{1,3}(?:\\.\\d{1,3}){0,3}', q);
  const pattern = `concat(${q(`(^|${NOT_ADDRESS})(?:(?:`)}, ${alternatives(dotted, q)}, ${q(')|(?:')}, ${alternatives(whole, q)}, ${q(`)($|${NOT_ADDRESS}|\\.[^0-9]))`)})`;
  return `COALESCE(size(${dotted}) + size(${whole}) > 0 AND ${a[0]} RLIKE ${pattern}, FALSE)`;
};

/**
 * *ipaddr_has_any_prefix: the address is an element, or starts with it and a dot (an element
 * ending in a dot: starts with it). Elements are regex-escaped; those not ending in an escaped dot
 * get `(?:$|\.)`.
 */
export const hasIpPrefixArraySpark: FunctionRenderer = (a, _c, d) => {
  const q: Quote = (s) => d.quoting.quoteString(s);
  const elements = `array_compact(${a[1]})`;
  const escaped = `regexp_replace(array_join(${elements}, ${q(SEP)}), ${q('([.^$|?*+()\\[\\]{}\\\\])')}, ${q('\\\\$1')})`;
  const bounded = `regexp_replace(${escaped}, ${q(`(?<!\\\\\\.)(${SEP}|$)`)}, ${q('(?:\\$|\\\\.)$1')})`;
  const pattern = `concat('^(?:', replace(${bounded}, ${q(SEP)}, '|'), ')')`;
  return `COALESCE(size(${elements}) > 0 AND ${a[0]} RLIKE ${pattern}, FALSE)`;
};
