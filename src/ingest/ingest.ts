import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { isUserError } from '../core/errors.ts';
import { DuckDBEngine } from '../engines/duckdb/duckdb-engine.ts';
import { LakePaths } from '../lake/lake-paths.ts';
import { validateTableName } from '../lake/table-names.ts';
import { filesOfVersion, planCommit } from './commit-plan.ts';
import { detectFormat, getFormat } from './formats/format-registry.ts';
import type { FormatName, StageResult } from './formats/source-format.ts';
import { indexLedger, type LedgerEntry, ledgerKey, readLedger, statKey } from './ingest-ledger.ts';
import { commitTransaction, recoverLake } from './ingest-transaction.ts';
import { acquireLakeLock } from './lake-lock.ts';
import { headLines, isGzipPath } from './line-reader.ts';
import { type QuarantineEntry, quarantineEntry } from './quarantine.ts';
import type { AzureStorageEnv } from './sources/azure-credentials.ts';
import type { SourceItem } from './sources/source-item.ts';
import { listSources } from './sources/source-list.ts';
import { StagedWriter } from './staged-writer.ts';

export { listInputFiles } from './sources/local-source.ts';
export { listSources } from './sources/source-list.ts';

export interface IngestOptions {
  /** Files, folders, or Azure Blob / ADLS Gen2 URLs. */
  readonly paths: readonly string[];
  readonly lake: string;
  readonly format?: FormatName | 'auto' | undefined;
  readonly table?: string | undefined;
  /** Reference year for timestamps without one (RFC 3164 syslog); defaults to the current year. */
  readonly referenceYear?: number | undefined;
  /** Progress lines (one per file); silent when absent. */
  readonly onProgress?: ((line: string) => void) | undefined;
  /** DuckDB memory limit for the ingest (keeps RSS bounded). */
  readonly memoryLimit?: string | undefined;
  /** Where Azure Storage credentials are read from (`process.env` by default). */
  readonly env?: AzureStorageEnv | undefined;
  /** Asked between files: when it returns true the run stops after the file just committed. */
  readonly shouldStop?: (() => boolean) | undefined;
}

export interface FileOutcome {
  readonly path: string;
  readonly format: FormatName | undefined;
  readonly status: 'ingested' | 'skipped' | 'failed';
  readonly records: number;
  readonly written: number;
  readonly quarantined: number;
  readonly tables: Readonly<Record<string, number>>;
  readonly reason?: string;
  /** The source could not be read (network, permissions): worth trying again as it is. */
  readonly unreadable?: boolean;
}

export interface IngestSummary {
  readonly files: readonly FileOutcome[];
  readonly records: number;
  readonly written: number;
  readonly quarantined: number;
  readonly skipped: number;
  readonly failed: number;
  readonly recoveredTransactions: number;
}

interface FileInspection {
  readonly hash: string;
  /** Why a gzip file cannot be fully decompressed (truncated, corrupt), if it cannot. */
  readonly gzipProblem: string | undefined;
}

/** Hashes the raw bytes and, for gzip, checks that the whole stream decompresses. */
async function inspectFile(file: string): Promise<FileInspection> {
  const hash = createHash('sha1');
  const gunzip = isGzipPath(file) ? createGunzip() : undefined;
  let gzipProblem: string | undefined;
  const gunzipDone = gunzip
    ? new Promise<void>((resolve) => {
        gunzip.on('data', () => {});
        gunzip.on('error', (e) => {
          gzipProblem = `truncated or corrupt gzip: ${e.message}`;
          resolve();
        });
        gunzip.on('end', resolve);
      })
    : Promise.resolve();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    if (gunzip && !gzipProblem && !gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
  }
  gunzip?.end();
  await gunzipDone;
  return { hash: hash.digest('hex'), gzipProblem };
}

/**
 * Ingests files into the lake: each file is staged, then committed in one transaction, so a crash
 * leaves either all of a file's records or none, and re-running skips files already committed.
 */
export async function ingestPaths(options: IngestOptions): Promise<IngestSummary> {
  if (options.table !== undefined) validateTableName(options.table);
  return ingestItems(await listSources(options.paths, options.env), options);
}

/** Ingests listed source items (see ingestPaths). */
export async function ingestItems(
  items: readonly SourceItem[],
  options: IngestOptions,
): Promise<IngestSummary> {
  if (options.table !== undefined) validateTableName(options.table);
  const paths = new LakePaths(options.lake);
  await mkdir(paths.meta, { recursive: true });
  const release = await acquireLakeLock(paths.meta);
  const engine = await DuckDBEngine.open({
    memoryLimit: options.memoryLimit ?? '1GB',
    tempDirectory: path.join(paths.meta, 'spill'),
  });
  try {
    await engine.run('SET preserve_insertion_order = false');
    const recoveredTransactions = await recoverLake(paths);
    const { byHash, byStat, latestByPath } = indexLedger(await readLedger(paths.ledger));
    const state = { options, paths, engine, byHash, byStat, latestByPath };
    const outcomes = await ingestInOrder(items, state);
    const sum = (f: (o: FileOutcome) => number) => outcomes.reduce((n, o) => n + f(o), 0);
    return {
      files: outcomes,
      records: sum((o) => o.records),
      written: sum((o) => o.written),
      quarantined: sum((o) => o.quarantined),
      skipped: outcomes.filter((o) => o.status === 'skipped').length,
      failed: outcomes.filter((o) => o.status === 'failed').length,
      recoveredTransactions,
    };
  } finally {
    await engine.close();
    // Every staged file was committed or discarded; nothing under staging outlives the run.
    await rm(paths.staging, { recursive: true, force: true });
    await release();
  }
}

function progressLine(o: FileOutcome): string {
  if (o.status === 'skipped') return `skip  ${o.path} (already in the lake)`;
  if (o.status === 'failed') return `FAIL  ${o.path}: ${o.reason}`;
  const tables = Object.entries(o.tables)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return `ok    ${o.path} [${o.format}] ${o.records} records → ${tables || 'nothing'}${o.quarantined ? `, ${o.quarantined} quarantined` : ''}`;
}

interface IngestState {
  readonly options: IngestOptions;
  readonly paths: LakePaths;
  readonly engine: DuckDBEngine;
  readonly byHash: Set<string>;
  readonly byStat: Set<string>;
  readonly latestByPath: Map<string, LedgerEntry>;
}

function itemKey(item: SourceItem): string {
  return statKey(item.source, item.size, item.etag ?? item.mtimeMs);
}

/** A source made ready to stage: skipped, unreadable, or copied to a local file. */
type PreparedSource =
  | { readonly done: FileOutcome }
  | { readonly item: SourceItem; readonly file: string; readonly scratchDir: string };

const NOTHING = { records: 0, written: 0, quarantined: 0, tables: {} };

/** Skips a source already in the lake, else gets its content into a local file (downloads a blob). */
async function prepareSource(item: SourceItem, state: IngestState): Promise<PreparedSource> {
  if (state.byStat.has(itemKey(item))) {
    return { done: { path: item.source, format: undefined, status: 'skipped', ...NOTHING } };
  }
  const scratchDir = path.join(state.paths.staging, randomUUID());
  await mkdir(path.join(scratchDir, 'source'), { recursive: true });
  try {
    return { item, scratchDir, file: await item.localCopy(path.join(scratchDir, 'source')) };
  } catch (e) {
    await rm(scratchDir, { recursive: true, force: true });
    if (!isUserError(e)) throw e;
    const done: FileOutcome = {
      path: item.source,
      format: undefined,
      status: 'failed',
      ...NOTHING,
      reason: e.message,
      unreadable: true,
    };
    return { done };
  }
}

/**
 * Ingests the items in order. While one is staged and committed, the next one is already being
 * fetched (a blob download overlaps DuckDB's work); commits stay strictly in order.
 */
async function ingestInOrder(items: readonly SourceItem[], state: IngestState): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  const prepare = (i: number) => {
    const item = items[i];
    if (item === undefined) return undefined;
    const prepared = prepareSource(item, state);
    prepared.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    return prepared;
  };
  let next = prepare(0);
  try {
    for (let i = 0; next !== undefined; i++) {
      if (state.options.shouldStop?.()) break;
      const prepared = await next;
      next = prepare(i + 1);
      let outcome: FileOutcome;
      if ('done' in prepared) outcome = prepared.done;
      else {
        try {
          outcome = await stageAndCommit(prepared.item, prepared.file, prepared.scratchDir, state);
        } finally {
          await rm(prepared.scratchDir, { recursive: true, force: true });
        }
      }
      outcomes.push(outcome);
      state.options.onProgress?.(progressLine(outcome));
    }
  } finally {
    // A fetch started for an item that will not be ingested now: let it finish before staging goes.
    await next?.catch(() => undefined);
  }
  return outcomes;
}

/** Detects, stages and commits one source whose content is in the local `file`. */
async function stageAndCommit(
  item: SourceItem,
  file: string,
  scratchDir: string,
  state: IngestState,
): Promise<FileOutcome> {
  const { options, paths, engine } = state;
  const source = item.source;
  const empty = NOTHING;
  const inspection = inspectFile(file);
  const requested = options.format && options.format !== 'auto' ? options.format : undefined;
  const format = requested ? getFormat(requested) : detectFormat(await headLines(file, 16), source);
  if (!format) {
    // The whole file is quarantined so nothing goes unaccounted for; the run still reports a failure.
    const reason =
      'unknown format (not Log Analytics export, CSV, CEF, Zeek or Suricata); use --format to say which';
    const { hash } = await inspection;
    await mkdir(paths.quarantine, { recursive: true });
    await writeFile(
      path.join(paths.quarantine, `${hash.slice(0, 20)}.jsonl`),
      `${JSON.stringify(quarantineEntry(source, reason))}\n`,
    );
    return {
      path: source,
      format: undefined,
      status: 'failed',
      ...empty,
      records: 1,
      quarantined: 1,
      reason,
    };
  }
  const writer = new StagedWriter(engine, path.join(scratchDir, 'out'));
  const quarantined: QuarantineEntry[] = [];
  let result: StageResult;
  try {
    result = await format.stage({
      file,
      source,
      tableOverride: options.table,
      engine,
      writer,
      scratchDir,
      referenceYear: options.referenceYear ?? new Date().getUTCFullYear(),
      quarantine: (e) => quarantined.push(e),
      gzipProblem: async () => (await inspection).gzipProblem,
    });
  } catch (e) {
    if (!isUserError(e)) throw e;
    await inspection.catch(() => {});
    return { path: source, format: format.name, status: 'failed', ...empty, reason: e.message };
  }
  const { hash } = await inspection;
  const written = result.units.reduce((n, u) => n + u.rows, 0);
  if (result.records !== written + quarantined.length) {
    throw new Error(
      `record accounting failed for ${source}: ${result.records} in, ${written} written, ${quarantined.length} quarantined`,
    );
  }
  const tables: Record<string, number> = {};
  for (const u of result.units) tables[u.table] = (tables[u.table] ?? 0) + u.rows;
  const outcome = {
    path: source,
    format: format.name,
    records: result.records,
    written,
    quarantined: quarantined.length,
    tables,
  };
  if (state.byHash.has(hash)) {
    // Same content as a file already committed: its records are in the lake once already.
    return { ...outcome, status: 'skipped', records: 0, written: 0, quarantined: 0, tables: {} };
  }

  const { moves, schemas } = await planCommit(paths, hash, result, quarantined, scratchDir);
  // A changed source replaces its earlier version: the lake holds each source's records once.
  const earlier = state.latestByPath.get(source);
  const removes = earlier ? await filesOfVersion(paths, earlier.hash) : [];
  const entry: LedgerEntry = {
    hash,
    path: source,
    size: item.size,
    mtimeMs: item.mtimeMs,
    ...(item.etag ? { etag: item.etag } : {}),
    format: format.name,
    records: result.records,
    written,
    quarantined: quarantined.length,
    committedAt: new Date().toISOString(),
    ...(earlier ? { replaces: earlier.hash } : {}),
  };
  await commitTransaction(paths, { id: hash.slice(0, 20), moves, schemas, ledger: [entry], removes });
  if (earlier) {
    state.byHash.delete(earlier.hash);
    state.byStat.delete(ledgerKey(earlier));
  }
  state.byHash.add(hash);
  state.byStat.add(itemKey(item));
  state.latestByPath.set(source, entry);
  return { ...outcome, status: 'ingested' };
}
