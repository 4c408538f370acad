import { UserError } from '../../core/errors.ts';
import { cefFormat } from './cef-format.ts';
import { csvExportFormat } from './csv-export-format.ts';
import { laExportFormat } from './la-export-format.ts';
import { FORMAT_NAMES, type FormatName, type SourceFormat } from './source-format.ts';
import { suricataFormat } from './suricata-format.ts';
import { zeekFormat } from './zeek-format.ts';

const formats = new Map<FormatName, SourceFormat>();

export function registerFormat(format: SourceFormat): void {
  formats.set(format.name, format);
}

export function getFormat(name: string): SourceFormat {
  const f = formats.get(name as FormatName);
  if (!f)
    throw new UserError(
      'unknown-format',
      `Unknown format "${name}" (known: auto, ${FORMAT_NAMES.join(', ')})`,
      {},
      2,
    );
  return f;
}

export function listFormats(): SourceFormat[] {
  return [...formats.values()];
}

/** Content-based detection: the first format (in registration order) whose sniff accepts the head. */
export function detectFormat(head: readonly string[], file: string): SourceFormat | undefined {
  return listFormats().find((f) => f.sniff(head, file));
}

// Order matters for detection: the most specific sniffers first.
registerFormat(zeekFormat);
registerFormat(suricataFormat);
registerFormat(cefFormat);
registerFormat(laExportFormat);
registerFormat(csvExportFormat);
