import { DuckDBEngine } from './duckdb/duckdb-engine.ts';
import { registerEngine } from './engine.ts';

/** Registers the built-in engines. Importing this module is enough to make them available. */
registerEngine('duckdb', (options) => DuckDBEngine.open(options));
registerEngine('spark', async (options) =>
  (await import('./spark/spark-engine.ts')).SparkEngine.open(options),
);

export { type Engine, type EngineOptions, engineNames, openEngine } from './engine.ts';
