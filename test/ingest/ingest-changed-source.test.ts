import assert from 'node:assert/strict';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { readLedger } from '../../src/ingest/ingest-ledger.ts';
import { tempDir } from '../support/temp-dir.ts';
import { zeekConnLine, zeekConnLog, zeekHeader } from '../support/zeek-fixtures.ts';
import { lakeFacts } from './support/lake-facts.ts';

const APRIL_19 = Date.UTC(2024, 3, 19) / 1000;

test('a changed file replaces its earlier version: its records are in the lake once', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'in', 'conn.log');
  const lake = path.join(dir, 'lake');
  await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file)));
  // First version: 30 good lines and one bad one (quarantined).
  const lines = Array.from({ length: 30 }, (_, i) => zeekConnLine(APRIL_19 + i * 60, i));
  await writeFile(file, [zeekHeader(), ...lines, 'not\ta\tconn\tline'].join('\n'));
  const first = await ingestPaths({ paths: [file], lake });
  assert.equal(first.written, 30);
  assert.equal(first.quarantined, 1);

  // The file grows (as a log being appended to does) and loses its bad line.
  await writeFile(file, zeekConnLog(APRIL_19, 50, 60));
  await utimes(file, new Date(), new Date(Date.now() + 5000));
  const second = await ingestPaths({ paths: [file], lake });
  assert.equal(second.written, 50);
  assert.deepEqual((await lakeFacts(lake))['ZeekConn']?.days, { '2024-04-19': 50 });
  assert.deepEqual(
    await readdir(path.join(lake, '_quarantine')),
    [],
    'the old version’s quarantine went with it',
  );
  const ledger = await readLedger(path.join(lake, '_lakehunt', 'ledger.jsonl'));
  assert.equal(ledger.length, 2);
  assert.equal(ledger[1]?.replaces, ledger[0]?.hash);

  // Going back to the first content is a change too, and the lake follows it.
  await writeFile(file, [zeekHeader(), ...lines, 'not\ta\tconn\tline'].join('\n'));
  await utimes(file, new Date(), new Date(Date.now() + 10_000));
  const third = await ingestPaths({ paths: [file], lake });
  assert.equal(third.written, 30);
  assert.deepEqual((await lakeFacts(lake))['ZeekConn']?.days, { '2024-04-19': 30 });
  assert.equal((await readdir(path.join(lake, '_quarantine'))).length, 1);
  assert.equal((await ingestPaths({ paths: [file], lake })).skipped, 1);

  // A new version on another day: the emptied day is no partition any more.
  await writeFile(file, zeekConnLog(APRIL_19 + 86_400, 5, 60));
  await utimes(file, new Date(), new Date(Date.now() + 15_000));
  await ingestPaths({ paths: [file], lake });
  assert.deepEqual((await lakeFacts(lake))['ZeekConn']?.days, { '2024-04-20': 5 });
  assert.deepEqual(
    (await readdir(path.join(lake, 'ZeekConn'))).filter((n) => n.startsWith('day=')),
    ['day=2024-04-20'],
  );
});
