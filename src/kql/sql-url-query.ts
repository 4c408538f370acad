import type { KqlDialect } from './sql-dialects.ts';

/**
 * `parse_urlquery(text)` as SQL: `{"Query Parameters": {key: value, …}}` for text made of
 * `key=value` parts joined by `&` (Microsoft's documented example). Where the documentation leaves
 * the result open — percent-escapes, `+`, a repeated key, a part without exactly one `=` (a key
 * alone, `a=b=c`, an empty part), an empty key, a leading `?` — the query fails when it runs with
 * URL_QUERY_ERROR rather than guess. Empty text gives no parameters.
 * The text is bound once through a one-element lambda, so it is evaluated once per row.
 */
export const URL_QUERY_ERROR =
  "parse_urlquery(): the text has a percent-escape, '+', a repeated key, a leading '?' or a part that is not key=value, whose decoding Kusto does not document: take the parameters apart with split() or extract() instead";

export function urlQuerySql(text: string, d: KqlDialect): string {
  const q = (s: string) => d.quoting.quoteString(s);
  const error = q(URL_QUERY_ERROR);
  const t = '__lh_u';
  const empty = q('{"Query Parameters":{}}');
  if (d.name === 'spark') {
    const parts = `split(${t}, '&', -1)`;
    const keys = `transform(${parts}, __lh_p -> substring_index(__lh_p, '=', 1))`;
    const values = `transform(${parts}, __lh_p -> substr(__lh_p, instr(__lh_p, '=') + 1))`;
    const badPart = `exists(${parts}, __lh_p -> instr(__lh_p, '=') <= 1 OR char_length(__lh_p) - char_length(replace(__lh_p, '=', '')) <> 1)`;
    const bad = `instr(${t}, '%') > 0 OR instr(${t}, '+') > 0 OR left(${t}, 1) = '?' OR ${badPart} OR size(array_distinct(${keys})) <> size(${keys})`;
    const bag = `to_json(named_struct('Query Parameters', map_from_arrays(${keys}, ${values})))`;
    const body = `CASE WHEN ${t} IS NULL THEN NULL WHEN ${t} = '' THEN ${empty} WHEN ${bad} THEN raise_error(${error}) ELSE ${bag} END`;
    return `transform(array(${text}), ${t} -> ${body})[0]`;
  }
  const parts = `string_split(${t}, '&')`;
  const keys = `list_transform(${parts}, __lh_p -> split_part(__lh_p, '=', 1))`;
  const values = `list_transform(${parts}, __lh_p -> substr(__lh_p, strpos(__lh_p, '=') + 1))`;
  const badPart = `list_bool_or(list_transform(${parts}, __lh_p -> strpos(__lh_p, '=') <= 1 OR length(__lh_p) - length(replace(__lh_p, '=', '')) <> 1))`;
  const bad = `contains(${t}, '%') OR contains(${t}, '+') OR starts_with(${t}, '?') OR ${badPart} OR len(list_distinct(${keys})) <> len(${keys})`;
  const bag = `json_object('Query Parameters', to_json(map(${keys}, ${values})))`;
  const body = `CASE WHEN ${t} IS NULL THEN NULL WHEN ${t} = '' THEN json(${empty}) WHEN ${bad} THEN error(${error}) ELSE ${bag} END`;
  return `list_transform([${text}], ${t} -> ${body})[1]`;
}
