import { type Engine, type EngineOptions, openEngine } from '../engines/engines.ts';
import { loadLakeSnapshot } from '../lake/lake-catalog.ts';
import type { LakeSnapshot } from '../lake/lake-snapshot.ts';
import type { TimeWindow } from './time-window.ts';

export interface LakeQueryTarget {
  readonly lake: string;
  readonly window: TimeWindow | undefined;
  readonly engine: string;
  readonly engineOptions?: EngineOptions;
}

/** Opens an engine with the lake's tables (pruned to the window) attached, runs `work`, closes. */
export async function withLakeEngine<T>(
  target: LakeQueryTarget,
  work: (engine: Engine, snapshot: LakeSnapshot) => Promise<T>,
): Promise<T> {
  const snapshot = await loadLakeSnapshot(target.lake, target.window);
  const engine = await openEngine(target.engine, target.engineOptions ?? {});
  try {
    await engine.attachLake(snapshot);
    return await work(engine, snapshot);
  } finally {
    await engine.close();
  }
}
