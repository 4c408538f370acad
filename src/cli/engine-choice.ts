import { UsageError } from '../core/errors.ts';
import { readWorkspaceConfig, workspaceConfigPath } from '../core/workspace-config.ts';
import type { EngineOptions } from '../engines/engine.ts';
import { sparkRemoteFor } from '../engines/spark/spark-connect-url.ts';
import type { CliIo } from './cli-io.ts';

export interface EngineChoice {
  readonly engine: string;
  readonly options: EngineOptions;
}

/** Environment variable holding the Spark Connect bearer token (never stored, never printed). */
export const SPARK_TOKEN_ENV = 'LAKEHUNT_SPARK_TOKEN';

/**
 * Which engine a command runs on: --engine/--remote when given; else the session kept in the
 * workspace config (`lakehunt session start`); else the embedded DuckDB. A Spark URL gets the
 * session id of the workspace session and the token from LAKEHUNT_SPARK_TOKEN.
 */
export function chooseEngine(
  flags: { engine?: string | undefined; remote?: string | undefined },
  io: CliIo,
): EngineChoice {
  const token = io.env[SPARK_TOKEN_ENV] || undefined;
  if (flags.engine === 'duckdb') {
    if (flags.remote) throw new UsageError('--remote is for --engine spark; drop it to use duckdb');
    return { engine: 'duckdb', options: {} };
  }
  if (flags.remote) {
    return {
      engine: flags.engine ?? 'spark',
      options: { remote: sparkRemoteFor(flags.remote, undefined, token) },
    };
  }
  const session = readWorkspaceConfig(workspaceConfigPath(io)).session;
  if (flags.engine !== undefined && flags.engine !== 'spark') return { engine: flags.engine, options: {} };
  if (session?.engine === 'spark' && session.remote) {
    return { engine: 'spark', options: { remote: sparkRemoteFor(session.remote, session.sessionId, token) } };
  }
  if (flags.engine === 'spark') return { engine: 'spark', options: {} };
  return { engine: session?.engine ?? 'duckdb', options: {} };
}
