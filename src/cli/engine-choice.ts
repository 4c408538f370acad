import { UsageError } from '../core/errors.ts';
import { type ActiveWorkspace, loadWorkspace } from '../core/workspace-config.ts';
import type { EngineOptions } from '../engines/engine.ts';
import { sparkRemoteFor } from '../engines/spark/spark-connect-url.ts';
import type { CliIo } from './cli-io.ts';

export interface EngineChoice {
  readonly engine: string;
  readonly options: EngineOptions;
}

/** Environment variable holding the Spark Connect bearer token (never stored, never printed). */
export const SPARK_TOKEN_ENV = 'LAKEHUNT_SPARK_TOKEN';

/** The environment variable a workspace reads its Spark token from (its `remoteTokenEnv`, else the default). */
export function sparkTokenEnv(workspace: ActiveWorkspace | undefined): string {
  return workspace?.settings.remoteTokenEnv ?? SPARK_TOKEN_ENV;
}

/** The Spark token for the workspace in effect, from the environment only. */
export function sparkToken(io: CliIo, workspace: ActiveWorkspace | undefined): string | undefined {
  return io.env[sparkTokenEnv(workspace)] || undefined;
}

/**
 * Which engine a command runs on, first match wins:
 * 1. --engine/--remote flags (`--engine spark` alone takes its remote from the session or workspace);
 * 2. the session kept in the workspace config (`lakehunt session start`);
 * 3. the default engine and remote of the workspace in effect (`lakehunt init`);
 * 4. the embedded DuckDB.
 * A Spark URL gets the session's id (when it comes from the session) and the token from the
 * environment variable the workspace names (LAKEHUNT_SPARK_TOKEN by default).
 */
export function chooseEngine(
  flags: { engine?: string | undefined; remote?: string | undefined },
  io: CliIo,
): EngineChoice {
  if (flags.engine === 'duckdb') {
    if (flags.remote) throw new UsageError('--remote is for --engine spark; drop it to use duckdb');
    return { engine: 'duckdb', options: {} };
  }
  const { config, workspace } = loadWorkspace(io);
  const token = sparkToken(io, workspace);
  if (flags.remote) {
    return {
      engine: flags.engine ?? 'spark',
      options: { remote: sparkRemoteFor(flags.remote, undefined, token) },
    };
  }
  if (flags.engine !== undefined && flags.engine !== 'spark') return { engine: flags.engine, options: {} };
  const session = config.session;
  if (session?.engine === 'spark' && session.remote) {
    return { engine: 'spark', options: { remote: sparkRemoteFor(session.remote, session.sessionId, token) } };
  }
  const defaults = workspace?.settings;
  if (flags.engine === 'spark' || (session === undefined && defaults?.engine === 'spark')) {
    const remote = defaults?.remote;
    return { engine: 'spark', options: remote ? { remote: sparkRemoteFor(remote, undefined, token) } : {} };
  }
  return { engine: session?.engine ?? defaults?.engine ?? 'duckdb', options: {} };
}
