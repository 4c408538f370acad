import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { loadLakeSnapshot } from '../../src/lake/lake-catalog.ts';
import { tempDir } from '../support/temp-dir.ts';
import { zeekConnLog } from '../support/zeek-fixtures.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/lakehunt.js');
const FILES = 30;
const PER_FILE = 3000;

async function ledgerLines(lake: string): Promise<number> {
  const text = await readFile(path.join(lake, '_lakehunt', 'ledger.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l.trim()).length;
}

async function counts(lake: string): Promise<{ rows: number; distinct: number }> {
  const engine = await DuckDBEngine.open();
  try {
    await engine.attachLake(await loadLakeSnapshot(lake, undefined));
    const r = await engine.query('SELECT count(*) AS n, count(DISTINCT uid) AS d FROM ZeekConn');
    return { rows: Number(r.rows[0]!['n']), distinct: Number(r.rows[0]!['d']) };
  } finally {
    await engine.close();
  }
}

/** Starts an ingest in a child process and SIGKILLs it once `committed` files are in the ledger. */
async function killMidway(input: string, lake: string, committed: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'ingest', input, '--lake', lake, '--quiet'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (await ledgerLines(lake)) < committed && child.exitCode === null)
    await sleep(5);
  child.kill('SIGKILL');
  await exited;
}

test('an ingest killed half-way and re-run leaves exactly one copy of every record', {
  timeout: 120_000,
}, async () => {
  const dir = await tempDir();
  const input = path.join(dir, 'in');
  await mkdir(input);
  const start = Date.UTC(2024, 3, 19) / 1000;
  for (let f = 0; f < FILES; f++) {
    await writeFile(
      path.join(input, `conn.${String(f).padStart(2, '0')}.log`),
      zeekConnLog(start + f * 3600, PER_FILE, 1, f * PER_FILE),
    );
  }
  const lake = path.join(dir, 'lake');
  await killMidway(input, lake, 3);
  const partial = await counts(lake).catch(() => ({ rows: 0, distinct: 0 }));
  assert.equal(partial.rows, partial.distinct, 'no record visible twice after the kill');
  assert.ok(partial.rows < FILES * PER_FILE, `the kill came before the end (${partial.rows} rows)`);
  assert.equal(partial.rows % PER_FILE, 0, 'whole files only: no partial file is visible to queries');

  await killMidway(input, lake, 10);
  const again = await counts(lake);
  assert.equal(again.rows, again.distinct);
  assert.equal(again.rows % PER_FILE, 0);

  const summary = await ingestPaths({ paths: [input], lake });
  assert.ok(summary.skipped >= 3, 'files committed before the kills are skipped');
  const final = await counts(lake);
  assert.deepEqual(final, { rows: FILES * PER_FILE, distinct: FILES * PER_FILE });
});
