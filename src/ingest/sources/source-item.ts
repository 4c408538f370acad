/**
 * One input the ingest reads: a local file or a blob. The pipeline sees only this, so the same
 * ledger, quarantine and progress rules hold for every kind of source.
 */
export interface SourceItem {
  /** Identity in the ledger, quarantine and progress lines: an absolute path, or a blob URL without query string. */
  readonly source: string;
  readonly size: number;
  /** The blob's ETag (blobs only): it changes whenever the content may have. */
  readonly etag?: string;
  /** Last modification (milliseconds since the epoch); with the size, what identifies a file's version. */
  readonly mtimeMs: number;
  /** A local file with the content: the file itself, or a copy streamed into `dir` (inside the lake's staging). */
  localCopy(dir: string): Promise<string>;
}

/** Lists what a PATH or URL argument names, in a stable order. */
export type SourceLister = () => Promise<SourceItem[]>;

/** What changes when an item's content may have changed: size and ETag, or size and mtime. */
export function itemVersion(item: SourceItem): string {
  return `${item.size}\u0000${item.etag ?? Math.trunc(item.mtimeMs)}`;
}
