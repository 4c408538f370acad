import { UserError } from '../core/errors.ts';

const TABLE_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

/** Table names become folder names and SQL identifiers, so only a safe alphabet is accepted. */
export function validateTableName(name: string): string {
  if (!TABLE_NAME_RE.test(name)) {
    throw new UserError(
      'bad-table-name',
      `invalid table name "${name}": use a letter then letters, digits or _ (at most 128 characters)`,
      {},
      2,
    );
  }
  return name;
}

export function isValidTableName(name: string): boolean {
  return TABLE_NAME_RE.test(name);
}

/** `open_conn` → `OpenConn`, `conn` → `Conn`: Zeek and Suricata log names as table-name suffixes. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
