import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { UserError } from './errors.ts';

/**
 * The workspace config: a small JSON file written by `lakehunt init` (named workspaces: lake, default
 * engine and Spark remote) and `lakehunt session start` (the current engine session). Secrets never
 * go in it: a workspace stores at most the NAME of the environment variable holding the Spark token.
 *
 * Where it lives: $LAKEHUNT_HOME/workspace.json when LAKEHUNT_HOME is set; else
 * ./.lakehunt/workspace.json when that file exists (a per-project workspace); else
 * ~/.lakehunt/workspace.json. Keys lakehunt does not know are kept as they are, also inside a
 * workspace. A file holding only `session` (written before workspaces existed) is valid.
 *
 * {
 *   "current": "lab",
 *   "workspaces": { "lab": { "lake": "/data/lake", "engine": "duckdb" },
 *                   "prod": { "lake": "abfss://…", "engine": "spark", "remote": "sc://…",
 *                             "remoteTokenEnv": "DATABRICKS_TOKEN" } },
 *   "session": { "engine": "spark", "remote": "sc://…", "sessionId": "…", "startedAt": "…" }
 * }
 */
export type EngineName = 'duckdb' | 'spark';

export interface WorkspaceSession {
  readonly engine: EngineName;
  /** Spark Connect URL without any token. */
  readonly remote?: string | undefined;
  /** Spark Connect session id (a UUID), reused by every command so temporary state persists. */
  readonly sessionId?: string | undefined;
  /** ISO instant the session was started. */
  readonly startedAt: string;
}

/** One named workspace, as `lakehunt init` writes it. */
export interface WorkspaceSettings {
  /** An absolute folder or a storage URL (abfss://…); a relative folder is relative to the file. */
  readonly lake?: string | undefined;
  /** The engine commands use when neither a flag nor a session says otherwise. */
  readonly engine?: EngineName | undefined;
  /** Spark Connect URL without any token. */
  readonly remote?: string | undefined;
  /** Name of the environment variable that holds the Spark token (default LAKEHUNT_SPARK_TOKEN). */
  readonly remoteTokenEnv?: string | undefined;
  readonly [key: string]: unknown;
}

export interface WorkspaceConfig {
  readonly session?: WorkspaceSession | undefined;
  /** Name of the workspace commands use when neither --workspace nor LAKEHUNT_WORKSPACE is given. */
  readonly current?: string | undefined;
  readonly workspaces?: Readonly<Record<string, WorkspaceSettings>> | undefined;
  readonly [key: string]: unknown;
}

/** Where to look: the environment, the working directory and the home directory. */
export interface WorkspaceLocation {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home?: string | undefined;
}

export const WORKSPACE_FILE = 'workspace.json';
/** Selects a workspace by name; the `--workspace` flag sets it for one command. */
export const WORKSPACE_ENV = 'LAKEHUNT_WORKSPACE';
export const WORKSPACE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function workspaceConfigPath(location: WorkspaceLocation): string {
  const explicit = location.env['LAKEHUNT_HOME'];
  if (explicit) return path.resolve(location.cwd, explicit, WORKSPACE_FILE);
  const local = projectConfigPath(location.cwd);
  if (existsSync(local)) return local;
  return path.join(location.home ?? location.env['HOME'] ?? homedir(), '.lakehunt', WORKSPACE_FILE);
}

/** The per-project file, `./.lakehunt/workspace.json` (what `lakehunt init --here` creates). */
export function projectConfigPath(cwd: string): string {
  return path.join(cwd, '.lakehunt', WORKSPACE_FILE);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a Spark Connect URL carries a token, which must never be stored. */
export function urlHasToken(remote: string): boolean {
  return /;\s*token\s*=/i.test(remote);
}

function checkSession(value: unknown, file: string): WorkspaceSession | undefined {
  if (value === undefined || value === null) return undefined;
  const bad = (why: string) =>
    new UserError('bad-workspace-config', `"session" ${why}; fix it or run \`lakehunt session stop\``, {
      file,
    });
  if (!isRecord(value)) throw bad('must be an object');
  const { engine, remote, sessionId, startedAt } = value;
  if (engine !== 'duckdb' && engine !== 'spark') throw bad('has an unknown engine');
  if (remote !== undefined && typeof remote !== 'string') throw bad('"remote" must be a string');
  if (sessionId !== undefined && typeof sessionId !== 'string') throw bad('"sessionId" must be a string');
  if (engine === 'spark' && !remote) throw bad('needs "remote" for the spark engine');
  return { engine, remote, sessionId, startedAt: typeof startedAt === 'string' ? startedAt : '' };
}

function checkWorkspace(name: string, value: unknown, file: string): WorkspaceSettings {
  const bad = (key: string | undefined, why: string) =>
    new UserError(
      'bad-workspace-config',
      `"workspaces.${name}${key ? `.${key}` : ''}" ${why}; fix it or run \`lakehunt init --workspace ${name} …\``,
      { file },
    );
  if (!WORKSPACE_NAME_RE.test(name))
    throw bad(undefined, 'is not a workspace name (letters, digits, . _ -; at most 64)');
  if (!isRecord(value)) throw bad(undefined, 'must be an object');
  const { lake, engine, remote, remoteTokenEnv } = value;
  if (lake !== undefined && (typeof lake !== 'string' || lake === ''))
    throw bad('lake', 'must be a folder or URL');
  if (engine !== undefined && engine !== 'duckdb' && engine !== 'spark')
    throw bad('engine', 'must be "duckdb" or "spark"');
  if (remote !== undefined && (typeof remote !== 'string' || !remote.startsWith('sc://')))
    throw bad('remote', 'must be a Spark Connect URL (sc://HOST:PORT)');
  if (typeof remote === 'string' && urlHasToken(remote))
    throw bad('remote', 'holds a token; remove it and put the token in an environment variable');
  if (
    remoteTokenEnv !== undefined &&
    (typeof remoteTokenEnv !== 'string' || !ENV_NAME_RE.test(remoteTokenEnv))
  )
    throw bad('remoteTokenEnv', 'must be the NAME of an environment variable');
  if (engine === 'spark' && remote === undefined) throw bad('remote', 'is needed for the spark engine');
  return { ...value, lake, engine, remote, remoteTokenEnv };
}

function checkWorkspaces(
  value: unknown,
  current: unknown,
  file: string,
): Pick<WorkspaceConfig, 'workspaces' | 'current'> {
  const bad = (key: string, why: string) =>
    new UserError('bad-workspace-config', `"${key}" ${why}; fix or delete it`, { file });
  if (value !== undefined && !isRecord(value))
    throw bad('workspaces', 'must be an object of named workspaces');
  const workspaces =
    value === undefined
      ? undefined
      : Object.fromEntries(Object.entries(value).map(([name, w]) => [name, checkWorkspace(name, w, file)]));
  if (current === undefined) return { workspaces };
  if (typeof current !== 'string') throw bad('current', 'must be a workspace name');
  if (!workspaces || !Object.hasOwn(workspaces, current))
    throw bad('current', `names "${current}", which is not under "workspaces"`);
  return { workspaces, current };
}

/** Reads the config; a missing file is an empty config. */
export function readWorkspaceConfig(file: string): WorkspaceConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UserError('bad-workspace-config', `cannot read the workspace config: ${(e as Error).message}`, {
      file,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UserError(
      'bad-workspace-config',
      `not valid JSON (${(e as Error).message}); fix or delete it`,
      { file },
    );
  }
  if (!isRecord(parsed))
    throw new UserError('bad-workspace-config', 'must hold a JSON object; fix or delete it', { file });
  const out: Record<string, unknown> = {
    ...parsed,
    session: checkSession(parsed['session'], file),
    ...checkWorkspaces(parsed['workspaces'], parsed['current'], file),
  };
  for (const key of ['session', 'workspaces', 'current']) if (out[key] === undefined) delete out[key];
  return out;
}

function refuseTokens(config: WorkspaceConfig): void {
  const remotes = [config.session?.remote, ...Object.values(config.workspaces ?? {}).map((w) => w.remote)];
  if (remotes.some((r) => r !== undefined && urlHasToken(r))) {
    throw new Error('refusing to store a Spark token in the workspace config');
  }
}

/** Writes the config atomically (temporary file, then rename), readable by the user only. */
export function writeWorkspaceConfig(file: string, config: WorkspaceConfig): void {
  refuseTokens(config);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.partial-${process.pid}`;
  // JSON.stringify drops undefined values, so an absent session or setting leaves no key behind.
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** Replaces (or with undefined, removes) the current session, keeping every other key. */
export function saveWorkspaceSession(file: string, session: WorkspaceSession | undefined): void {
  writeWorkspaceConfig(file, { ...readWorkspaceConfig(file), session });
}

/** Which workspace a command uses, and why. */
export interface ActiveWorkspace {
  readonly name: string;
  readonly settings: WorkspaceSettings;
  /** What selected it: the --workspace flag or LAKEHUNT_WORKSPACE, or the file's "current". */
  readonly from: 'selected' | 'current';
  readonly file: string;
}

/** The name asked for by --workspace (carried in LAKEHUNT_WORKSPACE) or the environment. */
export function selectedWorkspaceName(env: NodeJS.ProcessEnv): string | undefined {
  const name = env[WORKSPACE_ENV]?.trim();
  if (!name) return undefined;
  if (!WORKSPACE_NAME_RE.test(name)) {
    throw new UserError(
      'bad-workspace-name',
      `workspace name "${name}" is not valid: use letters, digits, . _ - (at most 64)`,
      {},
      2,
    );
  }
  return name;
}

/**
 * The workspace in effect: the selected one (which must exist), else the file's current one, else
 * none (commands then need --lake, and run on the session's engine or DuckDB).
 */
export function activeWorkspace(
  config: WorkspaceConfig,
  file: string,
  selected: string | undefined,
): ActiveWorkspace | undefined {
  const workspaces = config.workspaces ?? {};
  if (selected !== undefined) {
    const settings = Object.hasOwn(workspaces, selected) ? workspaces[selected] : undefined;
    if (!settings) {
      const known = Object.keys(workspaces);
      throw new UserError(
        'unknown-workspace',
        `no workspace "${selected}" in ${file}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}: create it with \`lakehunt init --workspace ${selected} --lake DIR\``,
        {},
        2,
      );
    }
    return { name: selected, settings, from: 'selected', file };
  }
  const current = config.current;
  const settings = current === undefined ? undefined : workspaces[current];
  if (current === undefined || !settings) return undefined;
  return { name: current, settings, from: 'current', file };
}

/** Reads the config file for `location` and returns it with the workspace in effect. */
export function loadWorkspace(location: WorkspaceLocation): {
  file: string;
  config: WorkspaceConfig;
  workspace: ActiveWorkspace | undefined;
} {
  const file = workspaceConfigPath(location);
  const config = readWorkspaceConfig(file);
  return { file, config, workspace: activeWorkspace(config, file, selectedWorkspaceName(location.env)) };
}

/** A workspace's lake as a command uses it: relative folders are relative to the config file. */
export function workspaceLake(workspace: ActiveWorkspace): string | undefined {
  const lake = workspace.settings.lake;
  if (lake === undefined || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(lake)) return lake;
  return path.resolve(path.dirname(workspace.file), lake);
}
