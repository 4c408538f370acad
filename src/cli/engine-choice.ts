import type { EngineOptions } from '../engines/engine.ts';
import type { CliIo } from './cli-io.ts';

export interface EngineChoice {
  readonly engine: string;
  readonly options: EngineOptions;
}

/** Which engine a command runs on: --engine/--remote, else the embedded DuckDB. */
export function chooseEngine(
  flags: { engine?: string | undefined; remote?: string | undefined },
  _io: CliIo,
): EngineChoice {
  const engine = flags.engine ?? (flags.remote ? 'spark' : 'duckdb');
  return { engine, options: { remote: flags.remote } };
}
