/** A record that could not enter the lake, kept with the reason and where it came from. */
export interface QuarantineEntry {
  readonly source: string;
  /** 1-based line in the (decompressed) source, when known. */
  readonly line?: number;
  readonly reason: string;
  /** The raw line, or the record as JSON when the line is not known. Long text is clipped. */
  readonly text?: string;
}

const MAX_TEXT = 64 * 1024;

export function quarantineEntry(
  source: string,
  reason: string,
  line?: number,
  text?: string,
): QuarantineEntry {
  const entry: { source: string; reason: string; line?: number; text?: string } = { source, reason };
  if (line !== undefined) entry.line = line;
  if (text !== undefined) entry.text = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return entry;
}
