import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { isUserError, UserError } from '../core/errors.ts';
import { LakePaths } from '../lake/lake-paths.ts';
import { type IngestOptions, ingestItems } from './ingest.ts';
import { acquireLakeLock } from './lake-lock.ts';
import { listLocalSources } from './sources/local-source.ts';
import { SyslogFrameDecoder } from './syslog-framing.ts';
import { SyslogSpool } from './syslog-spool.ts';

export interface ListenAddress {
  readonly protocol: 'udp' | 'tcp';
  readonly host: string;
  readonly port: number;
}

/** `udp://127.0.0.1:5514`, `tcp://[::1]:514`, `udp://:5514` (127.0.0.1); port 0 takes a free port. */
export function parseListenUrl(text: string): ListenAddress {
  const m = /^(udp|tcp):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):(\d{1,5})\/?$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535) {
    throw new UserError(
      'usage',
      `--listen must be udp://HOST:PORT or tcp://HOST:PORT (e.g. udp://127.0.0.1:5514), got "${text}"`,
      {},
      2,
    );
  }
  const host = (m[2] ?? '').replace(/^\[|\]$/g, '') || '127.0.0.1';
  return { protocol: m[1] === 'tcp' ? 'tcp' : 'udp', host, port };
}

export function listenUrl(a: ListenAddress): string {
  return `${a.protocol}://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

export interface SyslogListenOptions extends Omit<IngestOptions, 'paths' | 'format' | 'shouldStop'> {
  readonly listen: readonly ListenAddress[];
  /** Time between two commits of the spool. */
  readonly flushMs: number;
  /** Stops receiving; what was received is committed, then the call returns. */
  readonly signal: AbortSignal;
  /** Told the bound addresses (with the real port when port 0 was asked). */
  readonly onListening?: ((addresses: readonly ListenAddress[]) => void) | undefined;
  /** Told about a dropped connection or a busy lake (the listener keeps going). */
  readonly onProblem?: ((message: string) => void) | undefined;
  /** Told each time a message reaches the spool. */
  readonly onMessage?: (() => void) | undefined;
}

export interface ListenTotals {
  readonly received: number;
  readonly commits: number;
  readonly written: number;
  readonly quarantined: number;
}

/**
 * Receives syslog over UDP (one datagram, one message) and TCP (RFC 6587 framing) into a spool
 * under `<lake>/_lakehunt/syslog/`, and every `flushMs` (and when stopped) ingests the closed spool
 * files as CEF through the ordinary pipeline, then deletes them. The ledger records each spool file
 * (path, size, mtime, content hash), so a crash before the commit leaves a spool the next start
 * ingests, and a crash after it leaves one that the ledger skips: every message lands once.
 */
export async function listenSyslog(options: SyslogListenOptions): Promise<ListenTotals> {
  const paths = new LakePaths(options.lake);
  const spoolDir = paths.inside('_lakehunt', 'syslog');
  const spool = await SyslogSpool.open(spoolDir);
  // One listener per lake owns the spool; ingest commits take the lake lock in turn.
  const release = await acquireLakeLock(spoolDir);
  const totals = { received: 0, commits: 0, written: 0, quarantined: 0 };
  const receive = (message: string): boolean => {
    totals.received++;
    const more = spool.append(message);
    options.onMessage?.();
    return more;
  };
  const closers: (() => Promise<void>)[] = [];
  try {
    await commitSpool(spool, options, totals);
    const bound: ListenAddress[] = [];
    for (const address of options.listen) {
      const opened =
        address.protocol === 'udp'
          ? await bindUdp(address, receive)
          : await bindTcp(address, spool, receive, options);
      closers.push(opened.close);
      bound.push(opened.address);
    }
    options.onListening?.(bound);
    while (!options.signal.aborted) {
      await sleep(options.flushMs, options.signal);
      await commitSpool(spool, options, totals);
    }
  } finally {
    for (const close of closers) await close();
    try {
      await commitSpool(spool, options, totals);
    } finally {
      await release();
    }
  }
  return totals;
}

/** Closes the current spool file and ingests every closed one; a committed file is deleted. */
async function commitSpool(
  spool: SyslogSpool,
  options: SyslogListenOptions,
  totals: { commits: number; written: number; quarantined: number },
): Promise<void> {
  const files = await spool.rotate();
  if (files.length === 0) return;
  let summary: Awaited<ReturnType<typeof ingestItems>>;
  try {
    summary = await ingestItems(await listLocalSources(files), { ...options, paths: files, format: 'cef' });
  } catch (e) {
    if (!isUserError(e) || e.code !== 'lake-busy') throw e;
    options.onProblem?.(`${e.message}; the spool is committed at the next flush`);
    return;
  }
  for (const f of summary.files) {
    if (f.status === 'failed') {
      options.onProblem?.(`could not commit ${f.path}: ${f.reason}; it is tried again at the next flush`);
      continue;
    }
    // Committed now, or by an earlier run that stopped before deleting it (the ledger skipped it).
    await rm(f.path, { force: true });
    spool.forget(f.path);
    if (f.status === 'ingested') totals.commits++;
  }
  totals.written += summary.written;
  totals.quarantined += summary.quarantined;
}

interface Opened {
  readonly address: ListenAddress;
  close(): Promise<void>;
}

function bindUdp(address: ListenAddress, receive: (message: string) => boolean): Promise<Opened> {
  const socket: UdpSocket = createSocket(address.host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (msg) => {
    const text = msg.toString('utf8');
    if (text.trim() !== '') receive(text);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', (e) => reject(bindError(address, e)));
    socket.bind(address.port, address.host, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      resolve({
        address: { ...address, port: socket.address().port },
        close: () => new Promise((done) => socket.close(() => done())),
      });
    });
  });
}

function bindTcp(
  address: ListenAddress,
  spool: SyslogSpool,
  receive: (message: string) => boolean,
  options: SyslogListenOptions,
): Promise<Opened> {
  const connections = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections.add(socket);
    const decoder = new SyslogFrameDecoder();
    const take = (messages: readonly string[]) => {
      let more = true;
      for (const m of messages) more = receive(m) && more;
      if (!more) {
        // The spool file is behind: stop reading this sender until it catches up.
        socket.pause();
        void spool.drained().then(() => socket.resume());
      }
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        take(decoder.push(chunk));
      } catch (e) {
        options.onProblem?.(`dropped a TCP connection from ${socket.remoteAddress}: ${(e as Error).message}`);
        socket.destroy();
      }
    });
    socket.on('end', () => take(decoder.end()));
    socket.on('error', () => {});
    socket.on('close', () => connections.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(bindError(address, e)));
    server.listen(address.port, address.host, () => {
      const bound = server.address();
      resolve({
        address: { ...address, port: typeof bound === 'object' && bound ? bound.port : address.port },
        close: async () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          // Senders still connected: what they sent so far is kept, the rest is theirs to resend.
          for (const socket of connections) socket.end();
          const deadline = setTimeout(() => {
            for (const socket of connections) socket.destroy();
          }, 1000);
          await closed;
          clearTimeout(deadline);
        },
      });
    });
  });
}

function bindError(address: ListenAddress, e: Error): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? e.message;
  const hint =
    code === 'EADDRINUSE'
      ? 'another program uses that port; pick another'
      : code === 'EACCES'
        ? 'ports below 1024 need privileges; use a port like 5514'
        : 'check the address';
  return new UserError('listen-failed', `cannot listen on ${listenUrl(address)} (${code}): ${hint}`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
