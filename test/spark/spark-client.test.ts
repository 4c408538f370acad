import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { UserError } from '../../src/core/errors.ts';
import { type SparkEffects, SparkEngine } from '../../src/engines/spark/spark-engine.ts';
import { tempDir } from '../support/temp-dir.ts';
import { type FakeSparkServer, startFakeSparkServer } from './support/fake-spark-server.ts';

// The client over real gRPC against a scripted server: headers, tokens, deadlines, interrupts,
// error trailers and session release. (The same behaviours against real Spark: spark-live.test.ts.)

let server: FakeSparkServer;
before(async () => {
  server = await startFakeSparkServer({ token: 'secret-token' });
});
after(() => server.close());

const noSignals: SparkEffects = { onInterrupt: () => () => undefined };
const isUserErrorWith = (code: string, message?: RegExp) => (e: unknown) =>
  e instanceof UserError && e.code === code && (message === undefined || message.test(e.message));

test('the token travels as a bearer header (plain text on loopback), extra URL keys as headers', async () => {
  const engine = await SparkEngine.open(
    { remote: `${server.url}/;token=secret-token;x-cluster-id=c1` },
    noSignals,
  );
  assert.equal(engine.sparkVersion, '9.9.9-fake');
  const result = await engine.query('select n');
  assert.deepEqual(result, { columns: [{ name: 'n', type: 'long' }], rows: [{ n: 1 }, { n: 2 }, { n: 3 }] });
  await engine.close();
  assert.equal(server.seen.authorization.at(-1), 'Bearer secret-token');
  assert.equal(server.seen.headers.at(-1)?.['x-cluster-id'], 'c1');
  // The engine made the session, so it ends it.
  assert.ok(server.seen.released.includes(engine.sessionId));
});

test('a missing or wrong token is an authentication error that names the fix', async () => {
  for (const remote of [server.url, `${server.url}/;token=wrong`]) {
    await assert.rejects(
      SparkEngine.open({ remote }, noSignals),
      isUserErrorWith(
        'spark-auth',
        /^Spark Connect at sc:\/\/127\.0\.0\.1:\d+ refused the credentials: Invalid authentication token \(set LAKEHUNT_SPARK_TOKEN/,
      ),
    );
  }
});

test('Spark errors arrive with their error class from the status trailer', async () => {
  const engine = await SparkEngine.open({ remote: `${server.url}/;token=secret-token` }, noSignals);
  await assert.rejects(
    engine.query('fail'),
    isUserErrorWith(
      'query-failed',
      /^query failed on Spark: \[DIVIDE_BY_ZERO\] Division by zero\. SQLSTATE: 22012$/,
    ),
  );
  await engine.close();
});

test('query_timeout bounds a query; the server sees the call cancelled', async () => {
  const engine = await SparkEngine.open(
    { remote: `${server.url}/;token=secret-token;query_timeout=0.3` },
    noSignals,
  );
  const started = Date.now();
  await assert.rejects(engine.query('slow'), isUserErrorWith('spark-timeout', /timed out after 0\.3 s/));
  assert.ok(Date.now() - started < 5000);
  const operation = server.seen.executed.at(-1)?.operationId ?? '';
  for (let i = 0; i < 100 && !server.seen.cancelled.includes(operation); i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.ok(server.seen.cancelled.includes(operation));
  await engine.close();
});

test('Ctrl-C sends Interrupt for the running operation and cancels the stream', async () => {
  let press: (() => void) | undefined;
  const effects: SparkEffects = {
    onInterrupt(handler) {
      press = handler;
      return () => {
        press = undefined;
      };
    },
  };
  const remote = `${server.url}/;token=secret-token;session_id=00112233-4455-6677-8899-aabbccddeeff`;
  const engine = await SparkEngine.open({ remote }, effects);
  const running = engine.query('slow');
  while (
    !server.seen.executed.some((e) => e.sql === 'slow' && !server.seen.cancelled.includes(e.operationId))
  ) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(press, 'an interrupt handler is installed while the query runs');
  press();
  await assert.rejects(running, isUserErrorWith('interrupted'));
  assert.equal(press, undefined, 'the handler is removed when the query ends');
  const operation = server.seen.executed.at(-1)?.operationId ?? '';
  assert.ok(server.seen.interrupted.includes(operation), 'Interrupt named the running operation');
  const releasedBefore = server.seen.released.length;
  await engine.close();
  // A session named in the URL belongs to the workspace: close keeps it.
  assert.equal(server.seen.released.length, releasedBefore);
});

test('an address nobody listens on is reported as unreachable', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
  await assert.rejects(
    SparkEngine.open({ remote: `sc://127.0.0.1:${port}` }, noSignals),
    isUserErrorWith(
      'spark-unreachable',
      new RegExp(`^cannot reach Spark Connect at sc://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`),
    ),
  );
  await assert.rejects(
    SparkEngine.open({}, noSignals),
    isUserErrorWith('spark-no-remote', /--remote sc:\/\/HOST:PORT/),
  );
});

const run = promisify(execFile);

test('use_ssl=true speaks TLS and sends the token inside it', async () => {
  const dir = await tempDir();
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  const tls = await startFakeSparkServer({
    token: 'tls-token',
    tls: { cert: await readFile(cert), key: await readFile(key) },
  });
  try {
    // A separate process, so gRPC trusts the test certificate (read when gRPC loads).
    const probe = (url: string) =>
      run(process.execPath, ['--import', 'tsx', 'src/engines/spark/spark-ping.ts', url], {
        env: { ...process.env, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: cert, LAKEHUNT_SPARK_TOKEN: 'tls-token' },
      }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    assert.deepEqual(await probe(`${tls.url}/;use_ssl=true`), { code: 0, out: '9.9.9-fake\n' });
    assert.equal(tls.seen.authorization.at(-1), 'Bearer tls-token');
    // Plain text against a TLS server gets no answer (in-process: no certificate involved).
    await assert.rejects(
      SparkEngine.open({ remote: `${tls.url}/;token=tls-token;connect_timeout=3` }, noSignals),
      isUserErrorWith('spark-unreachable', /^cannot reach Spark Connect at sc:\/\/localhost:\d+: /),
    );
  } finally {
    await tls.close();
  }
});
