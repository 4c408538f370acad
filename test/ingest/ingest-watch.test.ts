import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { type LedgerEntry, readLedger } from '../../src/ingest/ingest-ledger.ts';
import { watchIngest } from '../../src/ingest/ingest-watch.ts';
import { tempDir } from '../support/temp-dir.ts';
import { zeekConnLine, zeekConnLog, zeekHeader } from '../support/zeek-fixtures.ts';
import { lakeFacts } from './support/lake-facts.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/lakehunt.js');
const APRIL_19 = Date.UTC(2024, 3, 19) / 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

test('watch mode ingests files as they settle, never half a file, and stops cleanly on SIGTERM', async () => {
  const dir = await tempDir();
  const input = path.join(dir, 'in');
  const lake = path.join(dir, 'lake');
  const ledgerFile = path.join(lake, '_lakehunt', 'ledger.jsonl');
  await mkdir(input);
  // Already there when the watch starts, last written an hour ago: taken on the first listing.
  const early = path.join(input, 'conn.00:00:00-01:00:00.log');
  await writeFile(early, zeekConnLog(APRIL_19, 100, 30));
  await utimes(early, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));

  const child = spawn(
    process.execPath,
    [BIN, 'ingest', input, '--lake', lake, '--watch', '--interval', '1s'],
    {
      env: { ...process.env, TZ: 'UTC', LAKEHUNT_LAKE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
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
  const entries = async (n: number) => {
    const ledger = await readLedger(ledgerFile);
    return ledger.length >= n ? ledger : undefined;
  };
  try {
    await waitFor('the first file', () => entries(1));

    // A file written slowly, across several listings: it must be taken whole, once.
    const growing = path.join(input, 'conn.01:00:00-02:00:00.log');
    await writeFile(growing, `${zeekHeader()}\n`);
    for (let chunk = 0; chunk < 8; chunk++) {
      const lines = Array.from({ length: 25 }, (_, i) => zeekConnLine(APRIL_19 + 3600 + chunk * 25 + i, i));
      await appendFile(growing, `${lines.join('\n')}\n`);
      await sleep(350);
    }
    // A file moved into place once finished: taken on the next listing.
    const staged = path.join(dir, 'conn.tmp');
    await writeFile(staged, zeekConnLog(APRIL_19 + 86_400, 40, 60));
    await rename(staged, path.join(input, 'conn.02:00:00-03:00:00.log'));

    const ledger: LedgerEntry[] = await waitFor('all three files', () => entries(3));
    assert.deepEqual(ledger.map((e) => path.basename(e.path)).sort(), [
      'conn.00:00:00-01:00:00.log',
      'conn.01:00:00-02:00:00.log',
      'conn.02:00:00-03:00:00.log',
    ]);
    assert.equal(ledger.find((e) => e.path === growing)?.written, 200);
    assert.ok(
      ledger.every((e) => e.replaces === undefined),
      'no file was taken before it was finished',
    );
    const facts = await lakeFacts(lake);
    assert.deepEqual(facts['ZeekConn']?.days, { '2024-04-19': 300, '2024-04-20': 40 });
  } finally {
    if (child.exitCode === null) process.kill(child.pid ?? 0, 'SIGTERM');
  }
  const code = await exited;
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^stopped after \d+ listings: 3 files ingested, 0 failed; 340 records written, 0 quarantined$/m,
  );
  assert.equal(stderr.match(/^ok {4}/gm)?.length, 3, stderr);
  assert.ok(!existsSync(path.join(lake, '_lakehunt', 'ingest.lock')), 'lock released');
  assert.ok(!existsSync(path.join(lake, '_lakehunt', 'staging')), 'no staging left');
});

test('a watch waits its turn while another ingest holds the lake', async () => {
  const dir = await tempDir();
  const input = path.join(dir, 'in');
  const lake = path.join(dir, 'lake');
  await mkdir(input);
  await mkdir(path.join(lake, '_lakehunt'), { recursive: true });
  const file = path.join(input, 'conn.log');
  await writeFile(file, zeekConnLog(APRIL_19, 20, 60));
  await utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  // Another live process holds the lock.
  const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
  const lock = path.join(lake, '_lakehunt', 'ingest.lock');
  await writeFile(lock, String(holder.pid));
  const stop = new AbortController();
  const problems: string[] = [];
  try {
    const watching = watchIngest({
      paths: [input],
      lake,
      intervalMs: 200,
      signal: stop.signal,
      onListingProblem: (message) => {
        problems.push(message);
        if (problems.length === 2) void rm(lock);
      },
    });
    await waitFor(
      'the file',
      async () =>
        (await readLedger(path.join(lake, '_lakehunt', 'ledger.jsonl'))).length ? true : undefined,
      30_000,
    );
    stop.abort();
    const totals = await watching;
    assert.equal(totals.ingested, 1);
    assert.equal(totals.written, 20);
    assert.match(
      problems[0] ?? '',
      /^another ingest \(PID \d+\) is writing to this lake; wait for it to finish; trying again in 0\.2s$/,
    );
  } finally {
    stop.abort();
    if (holder.pid !== undefined && holder.exitCode === null) process.kill(holder.pid, 'SIGTERM');
  }
});
