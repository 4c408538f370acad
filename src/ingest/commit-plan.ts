import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LakePaths } from '../lake/lake-paths.ts';
import type { LakeColumn } from '../lake/lake-snapshot.ts';
import { mergeColumns } from '../lake/schema-merge.ts';
import type { StageResult } from './formats/source-format.ts';
import type { FileMove, IngestTransaction } from './ingest-transaction.ts';
import type { QuarantineEntry } from './quarantine.ts';

/**
 * Where each staged file goes. Names derive from the content hash, so a replayed or repeated commit
 * overwrites rather than doubles.
 */
export async function planCommit(
  paths: LakePaths,
  hash: string,
  result: StageResult,
  quarantined: readonly QuarantineEntry[],
  scratchDir: string,
): Promise<Pick<IngestTransaction, 'moves' | 'schemas'>> {
  const id = hash.slice(0, 20);
  const moves: FileMove[] = [];
  const schemas: Record<string, { columns: readonly LakeColumn[]; partitioned: boolean }> = {};
  result.units.forEach((unit, u) => {
    const known = schemas[unit.table];
    schemas[unit.table] = {
      columns: known ? mergeColumns(known.columns, unit.columns) : unit.columns,
      partitioned: unit.partitioned,
    };
    for (const [day, staged] of unit.files) {
      staged.forEach((from, i) => {
        const dir = day ? paths.partition(unit.table, day) : paths.table(unit.table);
        moves.push({ from, to: path.join(dir, `part-${id}-${u}-${i}.parquet`) });
      });
    }
  });
  if (quarantined.length > 0) {
    const qFile = path.join(scratchDir, 'quarantine.jsonl');
    await writeFile(qFile, `${quarantined.map((e) => JSON.stringify(e)).join('\n')}\n`);
    await mkdir(paths.quarantine, { recursive: true });
    moves.push({ from: qFile, to: path.join(paths.quarantine, `${id}.jsonl`) });
  }
  return { moves, schemas };
}

/** The lake files one committed version wrote: its Parquet parts (any table, any day) and its quarantine file. */
export async function filesOfVersion(paths: LakePaths, hash: string): Promise<string[]> {
  const prefix = `part-${hash.slice(0, 20)}-`;
  const found: string[] = [];
  const list = (dir: string) => readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const table of await list(paths.root)) {
    if (!table.isDirectory() || table.name.startsWith('_')) continue;
    const tableDir = path.join(paths.root, table.name);
    for (const entry of await list(tableDir)) {
      if (entry.isFile() && entry.name.startsWith(prefix)) found.push(path.join(tableDir, entry.name));
      if (!entry.isDirectory() || !entry.name.startsWith('day=')) continue;
      for (const part of await list(path.join(tableDir, entry.name))) {
        if (part.name.startsWith(prefix)) found.push(path.join(tableDir, entry.name, part.name));
      }
    }
  }
  found.push(path.join(paths.quarantine, `${hash.slice(0, 20)}.jsonl`));
  return found;
}
