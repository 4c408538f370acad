/**
 * The CEF extension: `key=value` pairs separated by spaces, where a value may itself contain spaces
 * and runs until the next ` key=`. In values `\=`, `\\`, `\n` and `\r` are escapes; any other
 * backslash is kept as written (Windows paths are often sent unescaped).
 *
 * No regular expressions: linear in the line length whatever its content.
 */

export interface CefPair {
  readonly key: string;
  readonly value: string;
}

export interface CefExtension {
  readonly pairs: readonly CefPair[];
  /** Text before the first `key=` (not valid CEF, kept so nothing is lost); empty when none. */
  readonly leading: string;
}

const BACKSLASH = 92;
const SPACE = 32;

function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 48 && c <= 57) || // 0-9
    c === 95 || // _
    c === 46 || // .
    c === 45 || // -
    c === 91 || // [
    c === 93 // ]
  );
}

/** Undoes the value escapes; text without a backslash is returned as is. */
export function unescapeCefValue(raw: string): string {
  if (raw.indexOf('\\') < 0) return raw;
  let out = '';
  let from = 0;
  for (let i = 0; i < raw.length - 1; i++) {
    if (raw.charCodeAt(i) !== BACKSLASH) continue;
    const next = raw[i + 1];
    const replacement =
      next === '=' ? '=' : next === '\\' ? '\\' : next === 'n' ? '\n' : next === 'r' ? '\r' : undefined;
    if (replacement === undefined) continue;
    out += raw.slice(from, i) + replacement;
    i++;
    from = i + 1;
  }
  return out + raw.slice(from);
}

/**
 * Splits an extension into pairs in the order written; values are unescaped and trimmed.
 * Jumps from `=` to `=` and looks back over the key before each one; the stretches looked at are
 * disjoint, so the work stays linear even for a 1 MB value.
 */
export function parseCefExtension(text: string): CefExtension {
  const pairs: CefPair[] = [];
  let key: string | undefined;
  let valueStart = 0;
  let firstKeyStart = text.length;
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    let s = eq - 1;
    while (s >= 0 && isKeyChar(text.charCodeAt(s))) s--;
    // A key is a non-empty run of key characters at the start or after a space. An escaped `=` is
    // preceded by a backslash, which is not a key character, so it never ends a key.
    if (s === eq - 1 || (s >= 0 && text.charCodeAt(s) !== SPACE)) continue;
    if (key === undefined) firstKeyStart = s + 1;
    else pairs.push({ key, value: unescapeCefValue(text.slice(valueStart, s).trim()) });
    key = text.slice(s + 1, eq);
    valueStart = eq + 1;
  }
  if (key !== undefined) pairs.push({ key, value: unescapeCefValue(text.slice(valueStart).trim()) });
  return { pairs, leading: text.slice(0, firstKeyStart).trim() };
}
