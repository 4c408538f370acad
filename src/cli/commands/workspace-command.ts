import type { Command } from 'commander';
import { UserError } from '../../core/errors.ts';
import {
  activeWorkspace,
  readWorkspaceConfig,
  selectedWorkspaceName,
  WORKSPACE_ENV,
  type WorkspaceConfig,
  type WorkspaceSettings,
  workspaceConfigPath,
  workspaceLake,
  writeWorkspaceConfig,
} from '../../core/workspace-config.ts';
import type { CliIo } from '../cli-io.ts';
import { sparkTokenEnv } from '../engine-choice.ts';

const KNOWN_KEYS = new Set(['lake', 'engine', 'remote', 'remoteTokenEnv']);

function engineText(settings: WorkspaceSettings): string {
  const engine = settings.engine ?? 'duckdb';
  return engine === 'spark' ? `spark ${settings.remote ?? ''}`.trim() : engine;
}

function namesIn(config: WorkspaceConfig): string[] {
  return Object.keys(config.workspaces ?? {}).sort();
}

function noWorkspaces(file: string): UserError {
  return new UserError(
    'no-workspace',
    `no workspaces in ${file}: create one with \`lakehunt init --lake DIR\``,
  );
}

/** `lakehunt workspace list|show|use`: the named workspaces of the config file, and which one is current. */
export function registerWorkspaceCommand(program: Command, io: CliIo): void {
  const workspace = program
    .command('workspace')
    .description('list, show or switch the named workspaces that `lakehunt init` writes');
  const say = (line: string) => io.stdout.write(`${line}\n`);

  workspace
    .command('list')
    .description('list the workspaces; * marks the one commands use')
    .option('--json', 'one JSON object per workspace (JSON Lines)')
    .action((flags: { json?: boolean }) => {
      const file = workspaceConfigPath(io);
      const config = readWorkspaceConfig(file);
      const active = activeWorkspace(config, file, selectedWorkspaceName(io.env));
      const names = namesIn(config);
      for (const name of names) {
        const settings = config.workspaces?.[name] ?? {};
        const inUse = name === active?.name;
        if (flags.json) {
          say(JSON.stringify({ name, inUse, current: name === config.current, ...settings }));
          continue;
        }
        const width = Math.max(...names.map((n) => n.length));
        say(
          `${inUse ? '*' : ' '} ${name.padEnd(width)}  ${settings.lake ?? '(no lake)'}  ${engineText(settings)}`,
        );
      }
      if (flags.json) return;
      if (names.length === 0) say(`no workspaces in ${file}: create one with \`lakehunt init --lake DIR\``);
      else if (active?.from === 'selected' && config.current !== active.name)
        say(
          `("${active.name}" selected by --workspace or ${WORKSPACE_ENV}; the current one is "${config.current}")`,
        );
    });

  workspace
    .command('show')
    .description('show a workspace (default: the one commands use) and the file it is kept in')
    .argument('[name]', 'workspace name')
    .action((name: string | undefined) => {
      const file = workspaceConfigPath(io);
      const config = readWorkspaceConfig(file);
      const shown = activeWorkspace(config, file, name ?? selectedWorkspaceName(io.env));
      if (!shown) throw noWorkspaces(file);
      const settings = shown.settings;
      const tokenEnv = sparkTokenEnv(shown);
      const marks = [
        shown.name === config.current ? 'current' : '',
        shown.from === 'selected' && !name ? 'selected' : '',
      ]
        .filter((m) => m !== '')
        .join(', ');
      say(`workspace: ${shown.name}${marks ? ` (${marks})` : ''}`);
      say(`file:      ${file}`);
      say(`lake:      ${workspaceLake(shown) ?? '(none: commands need --lake)'}`);
      say(`engine:    ${settings.engine ?? 'duckdb'}`);
      if (settings.remote) say(`remote:    ${settings.remote}`);
      if (settings.remote || settings.remoteTokenEnv)
        say(`token:     $${tokenEnv} (${io.env[tokenEnv] ? 'set' : 'not set'}; never stored)`);
      const session = config.session;
      if (session)
        say(
          `session:   ${session.engine}${session.remote ? ` at ${session.remote}` : ''} (started ${session.startedAt || 'earlier'}; it comes before the workspace's engine)`,
        );
      const other = Object.keys(settings).filter((k) => !KNOWN_KEYS.has(k) && settings[k] !== undefined);
      if (other.length > 0) say(`other keys: ${other.join(', ')} (kept as they are)`);
    });

  workspace
    .command('use')
    .description('make a workspace the current one')
    .argument('<name>', 'workspace name')
    .action((name: string) => {
      const file = workspaceConfigPath(io);
      const config = readWorkspaceConfig(file);
      if (namesIn(config).length === 0) throw noWorkspaces(file);
      activeWorkspace(config, file, name); // fails, listing the known names, when there is no such workspace
      writeWorkspaceConfig(file, { ...config, current: name });
      say(`current workspace: ${name} (${file})`);
      const selected = selectedWorkspaceName(io.env);
      if (selected !== undefined && selected !== name)
        io.stderr.write(
          `lakehunt: note: ${WORKSPACE_ENV} (or --workspace) selects "${selected}" where it is set\n`,
        );
      if (config.session)
        io.stderr.write(
          `lakehunt: note: the ${config.session.engine} session still applies; \`lakehunt session stop\` to use this workspace's engine\n`,
        );
    });
}
