import { appendFile, readFile } from 'node:fs/promises';

/** One source file that has been committed to the lake, keyed by the hash of its content. */
export interface LedgerEntry {
  readonly hash: string;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly format: string;
  readonly records: number;
  readonly written: number;
  readonly quarantined: number;
  readonly committedAt: string;
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

/** Quick identity for skipping unchanged files without reading them again. */
export function statKey(path: string, size: number, mtimeMs: number): string {
  return `${path}\u0000${size}\u0000${Math.trunc(mtimeMs)}`;
}
