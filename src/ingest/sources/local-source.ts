import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../core/errors.ts';
import type { SourceItem } from './source-item.ts';

/** Names a folder walk leaves out: hidden files and the data sets' own notes. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || /^(README|CITATION)/i.test(name);
}

/** Expands PATH arguments into files (folders recursively, in a stable order). */
export async function listInputFiles(inputs: readonly string[]): Promise<string[]> {
  return (await listLocalSources(inputs)).map((item) => item.source);
}

/** Files under the PATH arguments with their size and modification time. */
export async function listLocalSources(inputs: readonly string[]): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  async function walk(p: string): Promise<void> {
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch (e) {
      throw new UserError(
        'unreadable-path',
        `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        { file: p },
      );
    }
    if (s.isDirectory()) {
      for (const name of (await readdir(p)).sort()) {
        if (!isIgnoredName(name)) await walk(path.join(p, name));
      }
    } else if (s.isFile()) {
      items.push({
        source: p,
        size: s.size,
        mtimeMs: s.mtimeMs,
        localCopy: async () => p,
      });
    }
  }
  for (const input of inputs) await walk(path.resolve(input));
  return items;
}
