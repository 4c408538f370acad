import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { UserError } from './errors.ts';

/**
 * The workspace config: a small JSON file that remembers the current engine session, so that
 * `lakehunt session start --engine spark --remote …` once makes later commands run on Spark.
 * Secrets never go in it: tokens come from the environment (LAKEHUNT_SPARK_TOKEN).
 *
 * Where it lives: $LAKEHUNT_HOME/workspace.json when LAKEHUNT_HOME is set; else
 * ./.lakehunt/workspace.json when that file exists (a per-project workspace); else
 * ~/.lakehunt/workspace.json. Keys lakehunt does not know are kept as they are.
 */
export interface WorkspaceSession {
  readonly engine: 'duckdb' | 'spark';
  /** Spark Connect URL without any token. */
  readonly remote?: string | undefined;
  /** Spark Connect session id (a UUID), reused by every command so temporary state persists. */
  readonly sessionId?: string | undefined;
  /** ISO instant the session was started. */
  readonly startedAt: string;
}

export interface WorkspaceConfig {
  readonly session?: WorkspaceSession | undefined;
  readonly [key: string]: unknown;
}

/** Where to look: the environment, the working directory and the home directory. */
export interface WorkspaceLocation {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home?: string | undefined;
}

export const WORKSPACE_FILE = 'workspace.json';

export function workspaceConfigPath(location: WorkspaceLocation): string {
  const explicit = location.env['LAKEHUNT_HOME'];
  if (explicit) return path.resolve(location.cwd, explicit, WORKSPACE_FILE);
  const local = path.join(location.cwd, '.lakehunt', WORKSPACE_FILE);
  if (existsSync(local)) return local;
  return path.join(location.home ?? location.env['HOME'] ?? homedir(), '.lakehunt', WORKSPACE_FILE);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkSession(value: unknown, file: string): WorkspaceSession | undefined {
  if (value === undefined || value === null) return undefined;
  const bad = (why: string) =>
    new UserError(
      'bad-workspace-config',
      `${file}: "session" ${why}; fix it or run \`lakehunt session stop\``,
      { file },
    );
  if (!isRecord(value)) throw bad('must be an object');
  const { engine, remote, sessionId, startedAt } = value;
  if (engine !== 'duckdb' && engine !== 'spark') throw bad('has an unknown engine');
  if (remote !== undefined && typeof remote !== 'string') throw bad('"remote" must be a string');
  if (sessionId !== undefined && typeof sessionId !== 'string') throw bad('"sessionId" must be a string');
  if (engine === 'spark' && !remote) throw bad('needs "remote" for the spark engine');
  return { engine, remote, sessionId, startedAt: typeof startedAt === 'string' ? startedAt : '' };
}

/** Reads the config; a missing file is an empty config. */
export function readWorkspaceConfig(file: string): WorkspaceConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UserError('bad-workspace-config', `cannot read ${file}: ${(e as Error).message}`, { file });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UserError(
      'bad-workspace-config',
      `${file} is not valid JSON (${(e as Error).message}); fix or delete it`,
      {
        file,
      },
    );
  }
  if (!isRecord(parsed))
    throw new UserError('bad-workspace-config', `${file} must hold a JSON object`, { file });
  return { ...parsed, session: checkSession(parsed['session'], file) };
}

/** Writes the config atomically (temporary file, then rename), readable by the user only. */
export function writeWorkspaceConfig(file: string, config: WorkspaceConfig): void {
  if (config.session?.remote && /;\s*token=/i.test(config.session.remote)) {
    throw new Error('refusing to store a Spark token in the workspace config');
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.partial-${process.pid}`;
  const out: Record<string, unknown> = { ...config };
  if (config.session === undefined) delete out['session'];
  writeFileSync(temp, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** Replaces (or with undefined, removes) the current session, keeping every other key. */
export function saveWorkspaceSession(file: string, session: WorkspaceSession | undefined): void {
  writeWorkspaceConfig(file, { ...readWorkspaceConfig(file), session });
}
