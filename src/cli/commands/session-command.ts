import type { Command } from 'commander';
import { isUserError, UsageError } from '../../core/errors.ts';
import { loadWorkspace, saveWorkspaceSession, type WorkspaceSession } from '../../core/workspace-config.ts';
import type { CliIo } from '../cli-io.ts';
import { addEngineOptions } from '../common-options.ts';
import { sparkToken, sparkTokenEnv } from '../engine-choice.ts';

/** Loaded on demand so commands that never touch Spark do not load gRPC. */
const sparkSessions = () => import('../../engines/spark/spark-session.ts');

interface SessionFlags {
  engine?: string;
  remote?: string;
}

/**
 * `lakehunt session start|stop|status`: the engine session later commands use (like %synapse
 * start/stop). One session per config file, whichever workspace is in effect; without flags,
 * `session start` connects to the workspace's default engine and remote.
 */
export function registerSessionCommand(
  program: Command,
  io: CliIo,
  clock: () => Date = () => new Date(),
): void {
  const session = program
    .command('session')
    .description('start, stop or show the engine session that later commands use');
  const token = () => sparkToken(io, loadWorkspace(io).workspace);
  const say = (line: string) => io.stdout.write(`${line}\n`);

  addEngineOptions(
    session.command('start').description('connect to an engine and keep it as the current session'),
  ).action(async (flags: SessionFlags) => {
    const { file, config, workspace } = loadWorkspace(io);
    const defaults = workspace?.settings;
    const engine = flags.engine ?? (flags.remote ? 'spark' : defaults?.engine);
    if (engine === undefined) {
      throw new UsageError(
        'session start needs --engine spark --remote sc://HOST:PORT (or --engine duckdb), or a workspace with a default engine (`lakehunt init --engine …`)',
      );
    }
    const previous = config.session;
    let next: WorkspaceSession;
    if (engine === 'duckdb') {
      if (flags.remote) throw new UsageError('--remote is for --engine spark; drop it to use duckdb');
      next = { engine: 'duckdb', startedAt: clock().toISOString() };
      say('session started: duckdb (embedded)');
    } else {
      const remote = flags.remote ?? defaults?.remote;
      if (!remote) throw new UsageError('session start --engine spark needs --remote sc://HOST:PORT');
      const { startSparkSession } = await sparkSessions();
      const started = await startSparkSession(remote, token(), clock());
      next = started.session;
      say(`session started: spark at ${started.where} (Spark ${started.sparkVersion})`);
      say(`session id: ${started.session.sessionId}`);
      if (started.tokenNotStored) {
        io.stderr.write(
          `lakehunt: the token in --remote was used now but not stored; set ${sparkTokenEnv(workspace)} for later commands\n`,
        );
      }
    }
    if (previous?.engine === 'spark' && previous.sessionId !== next.sessionId) await releaseQuietly(previous);
    saveWorkspaceSession(file, next);
    say(`saved in ${file}`);
  });

  session
    .command('stop')
    .description('end the current session (releases the Spark session on the server)')
    .action(async () => {
      const { file, config } = loadWorkspace(io);
      const current = config.session;
      if (!current) {
        say('no session to stop');
        return;
      }
      if (current.engine === 'spark') await releaseQuietly(current);
      saveWorkspaceSession(file, undefined);
      say(`session stopped: ${current.engine}${current.remote ? ` at ${current.remote}` : ''}`);
    });

  session
    .command('status')
    .description('show the current session and whether its server answers')
    .action(async () => {
      const { config, workspace } = loadWorkspace(io);
      const current = config.session;
      if (!current) {
        const defaults = workspace?.settings;
        const engine =
          defaults?.engine === 'spark'
            ? `spark at ${defaults.remote} (default of workspace "${workspace?.name}")`
            : defaults?.engine === 'duckdb'
              ? `duckdb (embedded, default of workspace "${workspace?.name}")`
              : 'duckdb (embedded)';
        say(`no session: commands run on ${engine} unless --engine/--remote is given`);
        return;
      }
      say(`engine: ${current.engine}${current.engine === 'duckdb' ? ' (embedded)' : ''}`);
      if (current.engine !== 'spark') return;
      say(`remote: ${current.remote}`);
      say(`session id: ${current.sessionId ?? '(new per command)'}`);
      say(`started: ${current.startedAt}`);
      const { probeSparkSession } = await sparkSessions();
      say(`server: Spark ${await probeSparkSession(current, token())}`);
    });

  async function releaseQuietly(previous: WorkspaceSession): Promise<void> {
    try {
      const { stopSparkSession } = await sparkSessions();
      await stopSparkSession(previous, token());
    } catch (e) {
      if (!isUserError(e)) throw e;
      io.stderr.write(`lakehunt: could not release the Spark session on the server: ${e.message}\n`);
    }
  }
}
