import { appendFile, readFile } from 'node:fs/promises';

/** One source file that has been committed to the lake, keyed by the hash of its content. */
export interface LedgerEntry {
  readonly hash: string;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** The blob's ETag, for blob sources (files are known by size and mtime). */
  readonly etag?: string;
  readonly format: string;
  readonly records: number;
  readonly written: number;
  readonly quarantined: number;
  readonly committedAt: string;
  /** Hash of the earlier version of the same source whose records this version replaced. */
  readonly replaces?: string;
}

/** The ledger is append-only JSON Lines; a torn last line (crash mid-append) is ignored. */
export async function readLedger(file: string): Promise<LedgerEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const entries: LedgerEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as LedgerEntry);
    } catch {
      // a line cut by a crash: its transaction file is still present and will be re-applied
    }
  }
  return entries;
}

export async function appendLedger(file: string, entries: readonly LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Start on a fresh line in case a previous append was cut short.
  await appendFile(file, `\n${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
}

/** Quick identity for skipping unchanged files without reading them again (`version`: mtime or ETag). */
export function statKey(path: string, size: number, version: number | string): string {
  return `${path}\u0000${size}\u0000${typeof version === 'number' ? Math.trunc(version) : version}`;
}

/** The quick identity a ledger entry stands for. */
export function ledgerKey(entry: LedgerEntry): string {
  return statKey(entry.path, entry.size, entry.etag ?? entry.mtimeMs);
}

/** What the ledger says is in the lake now: replaced versions no longer count. */
export interface LedgerIndex {
  readonly byHash: Set<string>;
  readonly byStat: Set<string>;
  /** The version of each source currently in the lake. */
  readonly latestByPath: Map<string, LedgerEntry>;
}

export function indexLedger(entries: readonly LedgerEntry[]): LedgerIndex {
  const byHash = new Set<string>();
  const byStat = new Set<string>();
  const latestByPath = new Map<string, LedgerEntry>();
  for (const e of entries) {
    const earlier = latestByPath.get(e.path);
    if (e.replaces !== undefined && earlier?.hash === e.replaces) {
      byHash.delete(earlier.hash);
      byStat.delete(ledgerKey(earlier));
    }
    byHash.add(e.hash);
    byStat.add(ledgerKey(e));
    latestByPath.set(e.path, e);
  }
  return { byHash, byStat, latestByPath };
}
