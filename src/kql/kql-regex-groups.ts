/**
 * Capturing groups of a regular expression (RE2 syntax, as Kusto uses), found by scanning the pattern
 * once: escapes, `\Q…\E` quoting and character classes (with `[:alpha:]` inside) hold no groups;
 * `(?P<name>…)` and `(?<name>…)` are numbered like plain groups; other `(?…)` forms capture nothing.
 */
export interface RegexGroups {
  /** How many capturing groups, numbered 1… from left to right. */
  readonly count: number;
  /** Named groups → their numbers. */
  readonly names: ReadonlyMap<string, number>;
  /**
   * The same pattern with group names removed (`(?P<key>x)` → `(x)`), so engines whose syntax
   * differs (Java's `(?<key>…)`) see plain numbered groups.
   */
  readonly unnamed: string;
}

const NAMED_GROUP = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/;

export function regexGroups(pattern: string): RegexGroups {
  const names = new Map<string, number>();
  let count = 0;
  let unnamed = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        unnamed += pattern.slice(i, stop);
        i = stop;
        continue;
      }
      unnamed += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '[') {
      const stop = classEnd(pattern, i);
      unnamed += pattern.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '(') {
      const named = NAMED_GROUP.exec(pattern.slice(i));
      if (named) {
        count++;
        names.set(named[1]!, count);
        unnamed += '(';
        i += named[0].length;
        continue;
      }
      if (pattern[i + 1] !== '?') count++;
    }
    unnamed += c;
    i++;
  }
  return { count, names, unnamed };
}

/** The index just past the character class starting at `start` (`]` right after `[` or `[^` is literal). */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end >= 0) {
        i = end + 2;
        continue;
      }
    }
    if (c === ']') return i + 1;
    i++;
  }
  return pattern.length;
}
