import { isUserError } from '../core/errors.ts';
import { LakePaths } from '../lake/lake-paths.ts';
import { type IngestOptions, type IngestSummary, ingestItems, listSources } from './ingest.ts';
import { indexLedger, readLedger, statKey } from './ingest-ledger.ts';
import { itemVersion, type SourceItem } from './sources/source-item.ts';

export interface WatchClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realClock: WatchClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    }),
};

export interface WatchOptions extends IngestOptions {
  /** Time between two listings. */
  readonly intervalMs: number;
  /** Stops the watch: the file being ingested is committed first, then the run ends. */
  readonly signal: AbortSignal;
  /** Told after each round that ingested something. */
  readonly onRound?: ((summary: IngestSummary) => void) | undefined;
  /** Told when a listing fails after the first one, or the lake is busy (the watch keeps going). */
  readonly onListingProblem?: ((message: string) => void) | undefined;
  readonly clock?: WatchClock | undefined;
}

export interface WatchTotals {
  readonly rounds: number;
  readonly ingested: number;
  readonly failed: number;
  readonly written: number;
  readonly quarantined: number;
}

/**
 * A file is taken once it is settled: unchanged (size and mtime or ETag) since the previous listing,
 * or, for local files, last modified at least one interval ago. A file still being written changes
 * between listings, so it is never ingested half; a finished file moved into place is taken at once.
 * Blobs always wait for a second listing: their Last-Modified has whole seconds and the server's
 * clock, so its age says little.
 */
export function settledItems(
  items: readonly SourceItem[],
  previous: ReadonlyMap<string, string>,
  now: number,
  intervalMs: number,
): SourceItem[] {
  return items.filter(
    (item) =>
      previous.get(item.source) === itemVersion(item) ||
      (item.etag === undefined && now - item.mtimeMs >= intervalMs),
  );
}

/**
 * Continuous ingest: every interval the sources are listed again and what is new or changed is
 * ingested (the ledger makes repeats free). The lake lock is held only while a round ingests, so
 * other writers can take turns. A listing that fails on the first round is an error; later
 * failures (a network blip) are reported and retried on the next round.
 */
export async function watchIngest(options: WatchOptions): Promise<WatchTotals> {
  const clock = options.clock ?? realClock;
  const lake = new LakePaths(options.lake);
  let previous = new Map<string, string>();
  // Versions that failed (bad content) or duplicate content already in the lake: not retried until
  // they change. A source that could not be read (a network blip) is tried again next round.
  const settledOutside = new Map<string, string>();
  const totals = { rounds: 0, ingested: 0, failed: 0, written: 0, quarantined: 0 };
  while (!options.signal.aborted) {
    let items: SourceItem[] | undefined;
    try {
      items = await listSources(options.paths, options.env);
    } catch (e) {
      if (totals.rounds === 0 || !isUserError(e)) throw e;
      options.onListingProblem?.(`${e.message}; trying again in ${options.intervalMs / 1000}s`);
    }
    totals.rounds++;
    if (items) {
      const known = indexLedger(await readLedger(lake.ledger)).byStat;
      const todo = settledItems(items, previous, clock.now(), options.intervalMs).filter(
        (item) =>
          !known.has(statKey(item.source, item.size, item.etag ?? item.mtimeMs)) &&
          settledOutside.get(item.source) !== itemVersion(item),
      );
      previous = new Map(items.map((item) => [item.source, itemVersion(item)]));
      if (todo.length > 0 && !options.signal.aborted) {
        let summary: IngestSummary;
        try {
          summary = await ingestItems(todo, { ...options, shouldStop: () => options.signal.aborted });
        } catch (e) {
          // Another ingest has the lake: take a turn after it.
          if (!isUserError(e) || e.code !== 'lake-busy') throw e;
          options.onListingProblem?.(`${e.message}; trying again in ${options.intervalMs / 1000}s`);
          await clock.sleep(options.intervalMs, options.signal);
          continue;
        }
        const versions = new Map(todo.map((item) => [item.source, itemVersion(item)]));
        for (const f of summary.files) {
          const version = versions.get(f.path);
          if (f.status !== 'ingested' && !f.unreadable && version !== undefined) {
            settledOutside.set(f.path, version);
          }
        }
        totals.ingested += summary.files.filter((f) => f.status === 'ingested').length;
        totals.failed += summary.failed;
        totals.written += summary.written;
        totals.quarantined += summary.quarantined;
        options.onRound?.(summary);
      }
    }
    await clock.sleep(options.intervalMs, options.signal);
  }
  return totals;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30s`, `2m`, `500ms`, `1h` or plain seconds (`30`) → milliseconds; undefined when unreadable. */
export function parseInterval(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000);
  return ms >= 100 && ms <= 24 * 3_600_000 ? ms : undefined;
}
