import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { UsageError, UserError } from '../../core/errors.ts';
import {
  ENV_NAME_RE,
  type EngineName,
  projectConfigPath,
  readWorkspaceConfig,
  selectedWorkspaceName,
  type WorkspaceConfig,
  type WorkspaceSettings,
  workspaceConfigPath,
  writeWorkspaceConfig,
} from '../../core/workspace-config.ts';
import { formatSparkConnectUrl, parseSparkConnectUrl } from '../../engines/spark/spark-connect-url.ts';
import { folderOfLake, parseLakeLocation } from '../../lake/lake-location.ts';
import { LakePaths } from '../../lake/lake-paths.ts';
import type { CliIo } from '../cli-io.ts';
import { SPARK_TOKEN_ENV } from '../engine-choice.ts';

interface InitFlags {
  lake?: string;
  engine?: EngineName;
  remote?: string;
  remoteTokenEnv?: string;
  here?: boolean;
}

export const DEFAULT_WORKSPACE = 'default';

/** The Spark remote as stored: normalised, without session id; a token in it is refused, not stored. */
function storedRemote(text: string): string {
  const url = parseSparkConnectUrl(text);
  if (url.token !== undefined) {
    throw new UsageError(
      `--remote must not carry a token: put it in the environment (${SPARK_TOKEN_ENV}, or the variable named by --remote-token-env)`,
    );
  }
  return formatSparkConnectUrl({ ...url, sessionId: undefined });
}

/**
 * A local lake folder is created with its bookkeeping folder, so `tables` works on it at once.
 * `base` is the folder a relative lake is relative to. Returns whether the folder is new.
 */
function createLocalLake(lake: string, base: string): boolean {
  const location = parseLakeLocation(lake, base);
  const folder = folderOfLake(location);
  if (folder === undefined) return false;
  let existed = true;
  try {
    if (!statSync(folder).isDirectory())
      throw new UserError('bad-lake', `--lake ${folder} is a file, not a folder: choose another path`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    existed = false;
  }
  mkdirSync(new LakePaths(folder).meta, { recursive: true });
  return !existed;
}

/** The settings `init` gives a workspace: the flags given, over what the workspace had. */
function nextSettings(
  previous: WorkspaceSettings | undefined,
  flags: InitFlags,
  cwd: string,
): WorkspaceSettings {
  // --lake is stored absolute (or as a normalised URL); a lake already in the file is kept as written.
  let lake = previous?.lake;
  if (flags.lake !== undefined || lake === undefined) {
    const location = parseLakeLocation(flags.lake ?? 'lake', cwd);
    lake = location.kind === 'local' ? location.path : location.url;
  }
  const remote = flags.remote !== undefined ? storedRemote(flags.remote) : previous?.remote;
  const engine = flags.engine ?? (flags.remote !== undefined ? 'spark' : (previous?.engine ?? 'duckdb'));
  if (engine === 'spark' && remote === undefined)
    throw new UsageError('--engine spark needs --remote sc://HOST:PORT');
  if (flags.remoteTokenEnv !== undefined && !ENV_NAME_RE.test(flags.remoteTokenEnv)) {
    throw new UsageError(
      '--remote-token-env takes the NAME of an environment variable, e.g. DATABRICKS_TOKEN',
    );
  }
  const remoteTokenEnv = flags.remoteTokenEnv ?? previous?.remoteTokenEnv;
  return { ...previous, lake, engine, remote, remoteTokenEnv };
}

/**
 * `lakehunt init`: writes (or updates) a named workspace in the workspace config, non-interactively.
 * The file is the one later commands read (see workspace-config.ts); `--here` makes a per-project
 * ./.lakehunt/workspace.json instead. Flags not given keep the workspace's values; other keys stay.
 */
export function registerInitCommand(program: Command, io: CliIo): void {
  program
    .command('init')
    .description(
      'write a workspace (--workspace NAME, default: the current one or "default"): lake, engine, Spark remote; re-run to update',
    )
    .option('--lake <dir>', 'lake folder (created if missing) or storage URL (abfss://…) (default: ./lake)')
    .addOption(new Option('--engine <name>', 'default engine').choices(['duckdb', 'spark']))
    .option('--remote <url>', 'Spark Connect URL, e.g. sc://127.0.0.1:15002 (no token: use the environment)')
    .option(
      '--remote-token-env <name>',
      `environment variable that holds the Spark token (default ${SPARK_TOKEN_ENV}); only its name is stored`,
    )
    .option('--here', 'write ./.lakehunt/workspace.json in this folder (a per-project workspace)')
    .action((flags: InitFlags) => {
      const say = (line: string) => io.stdout.write(`${line}\n`);
      const file = flags.here ? projectConfigPath(io.cwd) : workspaceConfigPath(io);
      const config: WorkspaceConfig = readWorkspaceConfig(file);
      const workspaces = config.workspaces ?? {};
      const name = selectedWorkspaceName(io.env) ?? config.current ?? DEFAULT_WORKSPACE;
      const previous = Object.hasOwn(workspaces, name) ? workspaces[name] : undefined;
      const settings = nextSettings(previous, flags, io.cwd);
      const current = config.current ?? name;
      // The lake first: a config never points at a folder that could not be made.
      // A relative lake (written by hand) is relative to the config file, as when it is read.
      const created = settings.lake !== undefined && createLocalLake(settings.lake, path.dirname(file));
      writeWorkspaceConfig(file, { ...config, current, workspaces: { ...workspaces, [name]: settings } });

      say(`${previous ? 'updated' : 'created'} workspace "${name}" in ${file}`);
      say(`  lake:   ${settings.lake}${created ? ' (new, empty)' : ''}`);
      say(`  engine: ${settings.engine}${settings.remote ? ` (remote ${settings.remote})` : ''}`);
      if (settings.remote)
        say(`  token:  from $${settings.remoteTokenEnv ?? SPARK_TOKEN_ENV} when set (never stored)`);
      if (current !== name)
        say(`"${current}" is still the current workspace: \`lakehunt workspace use ${name}\` switches`);
      const readBy = workspaceConfigPath(io);
      if (path.resolve(readBy) !== path.resolve(file)) {
        io.stderr.write(
          `lakehunt: note: commands here read ${readBy}${io.env['LAKEHUNT_HOME'] ? ' (LAKEHUNT_HOME is set)' : ''}, not this file\n`,
        );
      }
    });
}
