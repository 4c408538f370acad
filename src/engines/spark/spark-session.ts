import { randomUUID } from 'node:crypto';
import { VERSION } from '../../core/version.ts';
import type { WorkspaceSession } from '../../core/workspace-config.ts';
import { SparkConnectClient } from './spark-connect-client.ts';
import {
  displaySparkUrl,
  formatSparkConnectUrl,
  parseSparkConnectUrl,
  sparkRemoteFor,
} from './spark-connect-url.ts';
import { SparkEngine } from './spark-engine.ts';

/**
 * Long-lived Spark sessions (`lakehunt session start|stop|status`): the session id is chosen
 * here, kept in the workspace config, and put into the URL of every later command so they all
 * share one server-side session. The token is never part of what is stored.
 */
export interface StartedSparkSession {
  readonly session: WorkspaceSession;
  readonly sparkVersion: string;
  /** `sc://host:port`. */
  readonly where: string;
  /** True when the URL carried a token, which was used now but not stored. */
  readonly tokenNotStored: boolean;
}

export async function startSparkSession(
  remote: string,
  token: string | undefined,
  now: Date,
): Promise<StartedSparkSession> {
  const url = parseSparkConnectUrl(remote);
  const sessionId = url.sessionId ?? randomUUID();
  const stored = formatSparkConnectUrl({ ...url, sessionId: undefined, token: undefined });
  const engine = await SparkEngine.open({ remote: sparkRemoteFor(stored, sessionId, url.token ?? token) });
  const sparkVersion = engine.sparkVersion;
  await engine.close();
  return {
    session: { engine: 'spark', remote: stored, sessionId, startedAt: now.toISOString() },
    sparkVersion,
    where: displaySparkUrl(url),
    tokenNotStored: url.token !== undefined,
  };
}

function clientFor(session: WorkspaceSession, token: string | undefined): SparkConnectClient {
  const url = parseSparkConnectUrl(sparkRemoteFor(session.remote ?? '', session.sessionId, token));
  return new SparkConnectClient({
    url,
    sessionId: url.sessionId ?? randomUUID(),
    clientType: `lakehunt/${VERSION} node/${process.versions.node}`,
  });
}

/** Releases the server-side session: its temporary views and running operations end. */
export async function stopSparkSession(session: WorkspaceSession, token: string | undefined): Promise<void> {
  const client = clientFor(session, token);
  try {
    await client.releaseSession();
  } finally {
    client.close();
  }
}

/** The server's Spark version, asked within the session (throws when unreachable). */
export async function probeSparkSession(
  session: WorkspaceSession,
  token: string | undefined,
): Promise<string> {
  const client = clientFor(session, token);
  try {
    return await client.sparkVersion('connect');
  } finally {
    client.close();
  }
}
