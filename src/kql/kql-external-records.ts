/**
 * The records of a local copy of an `externaldata` source, as text cells: CSV (RFC 4180 quoting),
 * TSV, PSV, plain text (one column per line) and JSON (one object per record, `json` or
 * `multijson`). Pure: the caller reads the file.
 */

export type ExternalFormat = 'csv' | 'tsv' | 'psv' | 'txt' | 'json' | 'multijson';

export const EXTERNAL_FORMATS: ReadonlySet<string> = new Set<ExternalFormat>([
  'csv',
  'tsv',
  'psv',
  'txt',
  'json',
  'multijson',
]);

/** One record: a text cell per declared column (null when absent). */
export type ExternalRecord = (string | null)[];

export class ExternalRecordError extends Error {}

/** Delimited text: fields separated by `delimiter`, double-quoted fields may hold it, `""` is a quote. */
function delimitedRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    // A blank line is no record.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new ExternalRecordError('a quoted field is not closed');
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** JSON values one after another (whitespace between them), each an object. */
function jsonRecords(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    if (text[i] !== '{') throw new ExternalRecordError(`a JSON object was expected at offset ${i}`);
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < text.length; j++) {
      const ch = text[j]!;
      if (inString) {
        if (ch === '\\') j++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) throw new ExternalRecordError('a JSON object is not closed');
    try {
      out.push(JSON.parse(text.slice(i, j + 1)) as Record<string, unknown>);
    } catch {
      throw new ExternalRecordError(`invalid JSON at offset ${i}`);
    }
    i = j + 1;
  }
  return out;
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The records of one source file for the declared columns. Delimited formats map fields by
 * position (missing ones are null, extra ones are ignored); JSON maps properties by column name.
 */
export function externalRecords(
  text: string,
  format: ExternalFormat,
  columns: readonly string[],
  ignoreFirstRecord: boolean,
): ExternalRecord[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let records: ExternalRecord[];
  if (format === 'json' || format === 'multijson') {
    records = jsonRecords(body).map((o) => columns.map((c) => cellText(o[c])));
  } else if (format === 'txt') {
    records = body
      .split(/\r?\n/)
      .filter((line, i, all) => !(line === '' && i === all.length - 1))
      .map((line) => [line]);
  } else {
    const delimiter = format === 'csv' ? ',' : format === 'psv' ? '|' : '\t';
    records = delimitedRecords(body, delimiter);
  }
  if (ignoreFirstRecord) records = records.slice(1);
  return records.map((r) => columns.map((_, i) => r[i] ?? null));
}
