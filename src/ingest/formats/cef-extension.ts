/**
 * The CEF extension: `key=value` pairs separated by spaces, where a value may itself contain spaces
 * and runs until the next ` key=`. In values `\=`, `\\`, `\n` and `\r` are escapes; any other
 * backslash is kept as written (Windows paths are often sent unescaped).
 *
 * One forward pass, no regular expressions: linear in the line length whatever its content.
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
const EQUALS = 61;

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

/** Splits an extension into pairs in the order written; values are unescaped and trimmed. */
export function parseCefExtension(text: string): CefExtension {
  // Pass 1: where each key starts and where its `=` is.
  const keyStarts: number[] = [];
  const equals: number[] = [];
  let tokenStart = 0;
  let tokenIsKey = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      tokenIsKey = false;
      const next = text.charCodeAt(i + 1);
      if (next === BACKSLASH || next === EQUALS) i++; // an escaped `=` never ends a key
    } else if (c === SPACE) {
      tokenStart = i + 1;
      tokenIsKey = true;
    } else if (c === EQUALS) {
      if (tokenIsKey && i > tokenStart) {
        keyStarts.push(tokenStart);
        equals.push(i);
      }
      tokenIsKey = false;
    } else if (tokenIsKey && !isKeyChar(c)) {
      tokenIsKey = false;
    }
  }
  // Pass 2: a value runs from after its `=` to the space before the next key.
  const pairs: CefPair[] = [];
  for (let k = 0; k < keyStarts.length; k++) {
    const eq = equals[k]!;
    const end = k + 1 < keyStarts.length ? keyStarts[k + 1]! - 1 : text.length;
    pairs.push({
      key: text.slice(keyStarts[k]!, eq),
      value: unescapeCefValue(text.slice(eq + 1, end).trim()),
    });
  }
  const leading = (keyStarts.length > 0 ? text.slice(0, keyStarts[0]) : text).trim();
  return { pairs, leading };
}
