/** The `#`-header of a Zeek TSV log. */
export interface ZeekHeader {
  readonly separator: string;
  readonly setSeparator: string;
  readonly emptyField: string;
  readonly unsetField: string;
  /** `conn`, `dns`, … from `#path` (or the file name when absent). */
  readonly path: string;
  readonly fields: readonly string[];
  readonly types: readonly string[];
}

function unescapeSeparator(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Parses the header lines; returns undefined when `#fields` is missing (not a Zeek TSV log). */
export function parseZeekHeader(lines: readonly string[], fallbackPath: string): ZeekHeader | undefined {
  let separator = '\t';
  const values = new Map<string, string[]>();
  for (const line of lines) {
    if (!line.startsWith('#')) break;
    if (line.startsWith('#separator')) {
      separator = unescapeSeparator(line.slice('#separator'.length).trim());
      continue;
    }
    const parts = line.slice(1).split(separator);
    values.set(parts[0] ?? '', parts.slice(1));
  }
  const fields = values.get('fields');
  const types = values.get('types');
  if (!fields || fields.length === 0) return undefined;
  return {
    separator,
    setSeparator: values.get('set_separator')?.[0] ?? ',',
    emptyField: values.get('empty_field')?.[0] ?? '(empty)',
    unsetField: values.get('unset_field')?.[0] ?? '-',
    path: values.get('path')?.[0] ?? fallbackPath,
    fields,
    types: types && types.length === fields.length ? types : fields.map(() => 'string'),
  };
}

/** The Zeek log type from a file name: `conn.05:00:00-06:00:00.log.gz` → `conn`. */
export function zeekPathFromFileName(fileName: string): string {
  return fileName.split('.')[0] ?? fileName;
}

/** Zeek names `id.orig_h` and exporters' `id_orig_h` become the lake's `id_orig_h`. */
export function zeekColumnName(field: string): string {
  return field.replaceAll('.', '_');
}
