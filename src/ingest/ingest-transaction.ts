import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readTableSchema, type TableSchemaFile } from '../lake/lake-catalog.ts';
import type { LakePaths } from '../lake/lake-paths.ts';
import type { LakeColumn } from '../lake/lake-snapshot.ts';
import { mergeColumns } from '../lake/schema-merge.ts';
import { appendLedger, type LedgerEntry, readLedger } from './ingest-ledger.ts';

/** A file to move from staging into the lake; both paths inside the lake. */
export interface FileMove {
  readonly from: string;
  readonly to: string;
}

/**
 * Everything one source file adds to the lake. Written to `_lakehunt/txn/<id>.json` before any
 * file becomes visible (the commit point), applied idempotently, and replayed after a crash.
 */
export interface IngestTransaction {
  readonly id: string;
  readonly moves: readonly FileMove[];
  readonly schemas: Readonly<Record<string, { columns: readonly LakeColumn[]; partitioned: boolean }>>;
  readonly ledger: readonly LedgerEntry[];
  /** Lake files of an earlier version of the source, removed once the new files are in place. */
  readonly removes?: readonly string[];
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Writes a file so that readers see either the old or the new content, never a torn one. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, content);
  await rename(temp, file);
}

export async function commitTransaction(paths: LakePaths, txn: IngestTransaction): Promise<void> {
  await mkdir(paths.transactions, { recursive: true });
  const file = path.join(paths.transactions, `${txn.id}.json`);
  await writeFileAtomic(file, JSON.stringify(txn));
  await applyTransaction(paths, txn);
  await rm(file, { force: true });
}

async function mergeSchema(
  paths: LakePaths,
  table: string,
  columns: readonly LakeColumn[],
  partitioned: boolean,
) {
  await mkdir(paths.table(table), { recursive: true });
  const current = await readTableSchema(paths, table);
  const next: TableSchemaFile = {
    table,
    columns: mergeColumns(current?.columns ?? [], columns),
    partitioned: current?.partitioned ?? partitioned,
  };
  if (JSON.stringify(next) !== JSON.stringify(current)) {
    await writeFileAtomic(paths.schemaFile(table), `${JSON.stringify(next, null, 2)}\n`);
  }
}

/** Safe to run any number of times: schema merge is idempotent, moves skip what already moved. */
export async function applyTransaction(paths: LakePaths, txn: IngestTransaction): Promise<void> {
  for (const [table, schema] of Object.entries(txn.schemas)) {
    await mergeSchema(paths, table, schema.columns, schema.partitioned);
  }
  for (const move of txn.moves) {
    const from = paths.inside(path.relative(paths.root, move.from));
    const to = paths.inside(path.relative(paths.root, move.to));
    if (await exists(from)) {
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to);
    }
  }
  for (const file of txn.removes ?? []) {
    const inside = paths.inside(path.relative(paths.root, file));
    await rm(inside, { force: true });
    // A day left without files is no partition any more (the catalog counts folders).
    if (path.basename(path.dirname(inside)).startsWith('day=')) {
      await rmdir(path.dirname(inside)).catch(() => {});
    }
  }
  // A replay must not append twice; the same content may be committed again later (a reverted source).
  const entryKey = (e: LedgerEntry) => `${e.hash}\u0000${e.path}\u0000${e.committedAt}`;
  const known = new Set((await readLedger(paths.ledger)).map(entryKey));
  await appendLedger(
    paths.ledger,
    txn.ledger.filter((e) => !known.has(entryKey(e))),
  );
}

/** Finishes transactions a crashed ingest committed, then discards its uncommitted staging files. */
export async function recoverLake(paths: LakePaths): Promise<number> {
  let recovered = 0;
  let names: string[] = [];
  try {
    names = (await readdir(paths.transactions)).filter((n) => n.endsWith('.json'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  for (const name of names.sort()) {
    const file = path.join(paths.transactions, name);
    const txn = JSON.parse(await readFile(file, 'utf8')) as IngestTransaction;
    await applyTransaction(paths, txn);
    await rm(file, { force: true });
    recovered++;
  }
  await rm(paths.staging, { recursive: true, force: true });
  return recovered;
}
