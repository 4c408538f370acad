import { type Engine, type EngineOptions, openEngine } from '../engines/engines.ts';
import { loadLakeSnapshot } from '../lake/lake-catalog.ts';
import { fileUrlPath, folderOfLake, parseLakeLocation, remoteLakeNeedsSpark } from '../lake/lake-location.ts';
import type { LakeSnapshot } from '../lake/lake-snapshot.ts';
import type { TimeWindow } from './time-window.ts';

export interface LakeQueryTarget {
  /** A local folder, or a storage URL (abfss://, s3a://, hdfs://, file://…) for a cluster engine. */
  readonly lake: string;
  readonly window: TimeWindow | undefined;
  readonly engine: string;
  readonly engineOptions?: EngineOptions;
}

/**
 * Opens an engine with the lake's tables (pruned to the window) attached, runs `work`, closes.
 * A local folder is listed here; a URL lake is listed by the engine's cluster (Spark), except
 * `file://` on an engine that reads local folders, which is just that folder.
 */
export async function withLakeEngine<T>(
  target: LakeQueryTarget,
  work: (engine: Engine, snapshot: LakeSnapshot) => Promise<T>,
): Promise<T> {
  const location = parseLakeLocation(target.lake);
  let snapshot: LakeSnapshot | undefined;
  if (location.kind === 'local') snapshot = await loadLakeSnapshot(location.path, target.window);
  // A local lake is all a query may touch: user SQL cannot read or write other files.
  const localRoot = folderOfLake(location);
  const engine = await openEngine(target.engine, {
    ...target.engineOptions,
    ...(localRoot !== undefined ? { confineTo: [localRoot] } : {}),
  });
  try {
    if (location.kind === 'url') {
      if (engine.discoverLake) snapshot = await engine.discoverLake(location.url, target.window);
      else if (location.scheme === 'file')
        snapshot = await loadLakeSnapshot(fileUrlPath(location.url), target.window);
      else throw remoteLakeNeedsSpark(location.url);
    }
    if (!snapshot) throw new Error('no lake snapshot');
    await engine.attachLake(snapshot);
    return await work(engine, snapshot);
  } finally {
    await engine.close();
  }
}
