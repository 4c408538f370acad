import { UserError } from '../../core/errors.ts';
import { FORMAT_NAMES, type FormatName, type SourceFormat } from './source-format.ts';
import { parseZeekHeader } from './zeek-header.ts';
import { stageZeekTsv } from './zeek-tsv-format.ts';

const formats = new Map<FormatName, SourceFormat>();

export function registerFormat(format: SourceFormat): void {
  formats.set(format.name, format);
}

export function getFormat(name: string): SourceFormat {
  const f = formats.get(name as FormatName);
  if (!f) throw new UserError('unknown-format', `Unknown format "${name}" (known: auto, ${FORMAT_NAMES.join(', ')})`, {}, 2);
  return f;
}

export function listFormats(): SourceFormat[] {
  return [...formats.values()];
}

/** Content-based detection: the first format (in registration order) whose sniff accepts the head. */
export function detectFormat(head: readonly string[], file: string): SourceFormat | undefined {
  return listFormats().find((f) => f.sniff(head, file));
}

registerFormat({
  name: 'zeek',
  sniff: (head) => head.length > 0 && head[0]!.startsWith('#') && parseZeekHeader(head, '') !== undefined,
  stage: stageZeekTsv,
});
