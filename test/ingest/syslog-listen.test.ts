import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { readLedger } from '../../src/ingest/ingest-ledger.ts';
import { SyslogFrameDecoder } from '../../src/ingest/syslog-framing.ts';
import {
  type ListenAddress,
  type ListenTotals,
  listenSyslog,
  parseListenUrl,
} from '../../src/ingest/syslog-listener.ts';
import { duckdbQuoting as q } from '../../src/sql/sql-dialect.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/lakehunt.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A firewall record over RFC 5424 syslog with its own source port, so each row can be told apart. */
function cefMessage(i: number): string {
  return `<134>1 2024-04-21T10:00:${String(i % 60).padStart(2, '0')}Z fw01 cef - - - CEF:0|Acme|FW|1.0|100|allowed|3|src=10.0.0.${1 + (i % 200)} spt=${10_000 + i} dst=192.0.2.7 dpt=443 proto=TCP act=allow`;
}

interface Running {
  readonly addresses: readonly ListenAddress[];
  readonly received: () => number;
  stop(): Promise<ListenTotals>;
}

async function start(lake: string, listen: string[], flushMs = 60_000): Promise<Running> {
  const stop = new AbortController();
  let received = 0;
  let bound: ((a: readonly ListenAddress[]) => void) | undefined;
  const listening = new Promise<readonly ListenAddress[]>((resolve) => {
    bound = resolve;
  });
  const run = listenSyslog({
    lake,
    listen: listen.map(parseListenUrl),
    flushMs,
    signal: stop.signal,
    referenceYear: 2024,
    onListening: (a) => bound?.(a),
    onMessage: () => {
      received++;
    },
  });
  const addresses = await Promise.race([listening, run.then(() => [])]);
  return {
    addresses,
    received: () => received,
    stop: () => {
      stop.abort();
      return run;
    },
  };
}

async function waitFor(
  what: string,
  ready: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function rows(lake: string): Promise<readonly Record<string, unknown>[]> {
  const engine = await DuckDBEngine.open();
  try {
    const glob = path.join(lake, 'CommonSecurityLog', 'day=*', '*.parquet');
    const r = await engine.query(
      `SELECT SourceIP, SourcePort, DestinationIP, DestinationPort, DeviceAction, DeviceVendor, strftime(TimeGenerated, '%Y-%m-%d %H:%M:%S') AS t FROM read_parquet(${q.quoteString(glob)}) ORDER BY SourcePort`,
    );
    return r.rows;
  } finally {
    await engine.close();
  }
}

async function quarantined(lake: string): Promise<{ reason: string; text?: string }[]> {
  const dir = path.join(lake, '_quarantine');
  const out: { reason: string; text?: string }[] = [];
  for (const name of await readdir(dir).catch(() => [])) {
    for (const line of (await readFile(path.join(dir, name), 'utf8')).split('\n').filter(Boolean))
      out.push(JSON.parse(line) as { reason: string; text?: string });
  }
  return out;
}

const spoolFiles = async (lake: string) =>
  (await readdir(path.join(lake, '_lakehunt', 'syslog'))).filter((n) => n.startsWith('spool-'));

test('UDP and TCP (newline and octet-counted) messages land in the lake once; a bad one is quarantined', async () => {
  const lake = path.join(await tempDir(), 'lake');
  const listener = await start(lake, ['udp://127.0.0.1:0', 'tcp://127.0.0.1:0']);
  const udp = listener.addresses.find((a) => a.protocol === 'udp');
  const tcp = listener.addresses.find((a) => a.protocol === 'tcp');
  assert.ok(udp && tcp && udp.port > 0 && tcp.port > 0);

  // 20 over UDP, one datagram each (sent one at a time so none is dropped on a busy machine).
  const client = createSocket('udp4');
  for (let i = 0; i < 20; i++) {
    await new Promise<void>((resolve, reject) =>
      client.send(cefMessage(i), udp.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
    );
    await waitFor('a datagram', () => listener.received() > i);
  }
  client.close();

  // 15 over TCP: newline-delimited and octet-counted frames mixed, split at awkward places, plus a
  // message that is not CEF.
  const frames: Buffer[] = [];
  for (let i = 20; i < 35; i++) {
    const m = Buffer.from(cefMessage(i));
    frames.push(
      i % 2 === 0 ? Buffer.concat([m, Buffer.from('\n')]) : Buffer.concat([Buffer.from(`${m.length} `), m]),
    );
  }
  frames.push(Buffer.from('<13>Apr 21 10:00:00 host sshd[42]: Accepted publickey for root\n'));
  const stream = Buffer.concat(frames);
  const socket = connect(tcp.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  for (let at = 0; at < stream.length; at += 37) {
    socket.write(stream.subarray(at, at + 37));
  }
  await new Promise<void>((resolve) => socket.end(resolve));
  await waitFor('the TCP messages', () => listener.received() === 36);

  const totals = await listener.stop();
  assert.deepEqual(totals, { received: 36, commits: 1, written: 35, quarantined: 1 });
  const got = await rows(lake);
  assert.equal(got.length, 35);
  assert.deepEqual(got[0], {
    SourceIP: '10.0.0.1',
    SourcePort: 10_000,
    DestinationIP: '192.0.2.7',
    DestinationPort: 443,
    DeviceAction: 'allow',
    DeviceVendor: 'Acme',
    t: '2024-04-21 10:00:00',
  });
  assert.deepEqual(
    got.map((r) => r['SourcePort']),
    Array.from({ length: 35 }, (_, i) => 10_000 + i),
  );
  const bad = await quarantined(lake);
  assert.equal(bad.length, 1);
  assert.match(bad[0]?.reason ?? '', /not a CEF record/);
  assert.deepEqual(await spoolFiles(lake), [], 'committed spool files are removed');
  await assert.rejects(readFile(path.join(lake, '_lakehunt', 'syslog', 'ingest.lock')), 'lock released');
});

test('each flush commits what arrived since the last one, without waiting for the stop', async () => {
  const lake = path.join(await tempDir(), 'lake');
  const listener = await start(lake, ['udp://127.0.0.1:0'], 300);
  const port = listener.addresses[0]?.port ?? 0;
  const client = createSocket('udp4');
  const send = (i: number) =>
    new Promise<void>((resolve, reject) =>
      client.send(cefMessage(i), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
    );
  try {
    for (let i = 0; i < 5; i++) await send(i);
    await waitFor(
      'the first commit',
      async () => (await readLedger(path.join(lake, '_lakehunt', 'ledger.jsonl'))).length === 1,
    );
    for (let i = 5; i < 8; i++) await send(i);
    await waitFor(
      'the second commit',
      async () => (await readLedger(path.join(lake, '_lakehunt', 'ledger.jsonl'))).length === 2,
    );
  } finally {
    client.close();
  }
  const totals = await listener.stop();
  assert.deepEqual(totals, { received: 8, commits: 2, written: 8, quarantined: 0 });
  assert.equal((await rows(lake)).length, 8);
});

test('a spool left by a crash is ingested exactly once by the next start', async () => {
  const lake = path.join(await tempDir(), 'lake');
  const spoolDir = path.join(lake, '_lakehunt', 'syslog');
  // First run receives nothing: it only makes the folder (and commits nothing).
  await (await start(lake, ['udp://127.0.0.1:0'])).stop();
  // A crash before the commit: a spool file with 6 messages, the last one cut off mid-line.
  const leftover = path.join(spoolDir, 'spool-001713693600000-999999-0.log');
  await writeFile(
    leftover,
    `${Array.from({ length: 5 }, (_, i) => cefMessage(i)).join('\n')}\n${cefMessage(5).slice(0, 30)}`,
  );
  const first = await (await start(lake, ['udp://127.0.0.1:0'])).stop();
  assert.deepEqual(first, { received: 0, commits: 1, written: 5, quarantined: 1 });
  assert.deepEqual(await spoolFiles(lake), []);

  // A crash after the commit, before the file was deleted: the ledger knows the file, nothing doubles.
  const spooled = `${Array.from({ length: 4 }, (_, i) => cefMessage(100 + i)).join('\n')}\n`;
  const committed = path.join(spoolDir, 'spool-001713693700000-999999-1.log');
  await writeFile(committed, spooled);
  const direct = await ingestPaths({ paths: [committed], lake, format: 'cef', referenceYear: 2024 });
  assert.equal(direct.written, 4);
  // The same content again under another name (a copy left beside it) is not counted twice either.
  await writeFile(path.join(spoolDir, 'spool-001713693800000-999999-2.log'), spooled);
  const second = await (await start(lake, ['udp://127.0.0.1:0'])).stop();
  assert.deepEqual(second, { received: 0, commits: 0, written: 0, quarantined: 0 });
  assert.deepEqual(await spoolFiles(lake), []);
  assert.equal((await rows(lake)).length, 9);
  assert.equal((await readLedger(path.join(lake, '_lakehunt', 'ledger.jsonl'))).length, 2);
});

test('the CLI commits what it received when stopped with SIGTERM, releases the lock and exits 0', async () => {
  const lake = path.join(await tempDir(), 'lake');
  const child = spawn(
    process.execPath,
    [BIN, 'ingest', '--listen', 'tcp://127.0.0.1:0', '--lake', lake, '--flush', '60s', '--year', '2024'],
    { env: { ...process.env, TZ: 'UTC', LAKEHUNT_LAKE: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitFor('the listener', () => /listening on tcp:\/\/127\.0\.0\.1:\d+/.test(stderr), 60_000);
    const port = Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]);
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await new Promise<void>((resolve) =>
      socket.end(`${Array.from({ length: 12 }, (_, i) => cefMessage(i)).join('\n')}\n`, () => resolve()),
    );
    await sleep(300);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  assert.match(stdout, /stopped: 12 messages received; 1 commits, 12 records written, 0 quarantined/);
  assert.match(stderr, /ok {4}\S+spool-\d+-\d+-\d+\.log \[cef\] 12 records → CommonSecurityLog 12/);
  assert.equal((await rows(lake)).length, 12);
  await assert.rejects(readFile(path.join(lake, '_lakehunt', 'syslog', 'ingest.lock')), 'lock released');
});

test('TCP framing: octet counts, newlines, split frames and a bad count', () => {
  const d = new SyslogFrameDecoder();
  assert.deepEqual(d.push(Buffer.from('5 hello3 ab')), ['hello']);
  assert.deepEqual(d.push(Buffer.from('cline one\r\nline')), ['abc', 'line one']);
  assert.deepEqual(d.push(Buffer.from(' two\n')), ['line two']);
  assert.deepEqual(d.push(Buffer.from('<13>tail')), []);
  assert.deepEqual(d.end(), ['<13>tail']);
  assert.throws(() => new SyslogFrameDecoder().push(Buffer.from('99999999 x')), /bad octet count/);
});

test('--listen: bad URL, PATH together with it, and neither are usage errors (exit 2)', async () => {
  const lake = path.join(await tempDir(), 'lake');
  const badUrl = await runCli(['ingest', '--listen', 'http://127.0.0.1:5514', '--lake', lake]);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /--listen must be udp:\/\/HOST:PORT or tcp:\/\/HOST:PORT/);
  assert.equal(badUrl.stderr.trim().split('\n').length, 1);
  const both = await runCli(['ingest', lake, '--listen', 'udp://127.0.0.1:0', '--lake', lake]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give it no PATH/);
  const neither = await runCli(['ingest', '--lake', lake]);
  assert.equal(neither.code, 2);
  assert.match(neither.stderr, /or --listen udp:\/\/127\.0\.0\.1:5514/);
  const format = await runCli([
    'ingest',
    '--listen',
    'udp://127.0.0.1:0',
    '--format',
    'zeek',
    '--lake',
    lake,
  ]);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format zeek does not apply/);
  assert.deepEqual(parseListenUrl('udp://:5514'), { protocol: 'udp', host: '127.0.0.1', port: 5514 });
  assert.deepEqual(parseListenUrl('tcp://[::1]:514'), { protocol: 'tcp', host: '::1', port: 514 });
  assert.throws(() => parseListenUrl('udp://127.0.0.1:70000'), /--listen must be/);
});
