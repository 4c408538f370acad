import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withLakeEngine } from '../../src/core/lake-query.ts';
import { resolveWindow } from '../../src/core/time-window.ts';
import { runHunt } from '../../src/hunts/hunts.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { withTempDir } from './hunt-test-helpers.ts';

const DATA = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'zeek');
const skip = existsSync(DATA) ? false : `real data not found at ${DATA} (../shared/data beside the repo)`;

/** Zeek conn logs only: the hunt reads NetworkSession, which comes from ZeekConn. */
async function connLogs(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /^conn\b/.test(entry.name)) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

async function hunt(folder: string, window?: { endDate: string; lookbackDays: number }) {
  return withTempDir(async (lake) => {
    await ingestPaths({ paths: await connLogs(folder), lake });
    return withLakeEngine(
      { lake, window: window && resolveWindow(window), engine: 'duckdb' },
      (engine, snapshot) => runHunt(engine, snapshot, 'beaconing', {}),
    );
  });
}

describe('beaconing on real Zeek data', { skip }, () => {
  it('rita-missing-host: the planted beacon ranks first, high, period 200–350 s', async () => {
    const result = await hunt(path.join(DATA, 'rita-missing-host'), {
      endDate: '2024-04-21',
      lookbackDays: 3,
    });
    const top = result.rows[0]!;
    assert.equal(top['SourceIP'], '73.54.23.243');
    assert.equal(top['DestinationIP'], '64.225.56.201');
    assert.equal(top['DestinationPort'], 80);
    assert.equal(top['Severity'], 'high');
    const period = Number(top['PeriodSeconds']);
    assert.ok(period >= 200 && period <= 350, `period ${period}`);
  });

  it('rita-proxy-rolling: nothing high', async () => {
    const result = await hunt(path.join(DATA, 'rita-proxy-rolling'));
    assert.deepEqual(
      result.rows.filter((r) => r['Severity'] === 'high'),
      [],
    );
  });

  for (const capture of ['008', '010', '011', '012']) {
    it(`stratosphere-benign/${capture}: nothing high`, async () => {
      const result = await hunt(path.join(DATA, 'stratosphere-benign', `${capture}-zeek-mixed`));
      assert.ok(result.notes.length > 0);
      assert.deepEqual(
        result.rows.filter((r) => r['Severity'] === 'high'),
        [],
      );
    });
  }
});
