import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { resolveWindow } from '../../src/core/time-window.ts';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { loadLakeSnapshot } from '../../src/lake/lake-catalog.ts';
import { tempDir } from '../support/temp-dir.ts';

test('a later file with a new column extends the table; older rows read it as null', async () => {
  const dir = await tempDir();
  const folder = path.join(dir, 'am-syslog');
  await mkdir(folder);
  await writeFile(path.join(folder, 'a.json'), '{"TimeGenerated":"2024-04-19T01:00:00Z","Computer":"a"}\n');
  await writeFile(
    path.join(folder, 'b.json'),
    '{"TimeGenerated":"2024-04-20T01:00:00Z","Computer":"b","Facility":"auth"}\n',
  );
  const lake = path.join(dir, 'lake');
  await ingestPaths({ paths: [path.join(folder, 'a.json')], lake });
  await ingestPaths({ paths: [path.join(folder, 'b.json')], lake });

  const engine = await DuckDBEngine.open();
  try {
    await engine.attachLake(await loadLakeSnapshot(lake, undefined));
    const all = await engine.query('SELECT Computer, Facility FROM Syslog ORDER BY Computer');
    assert.deepEqual(all.rows, [
      { Computer: 'a', Facility: null },
      { Computer: 'b', Facility: 'auth' },
    ]);
  } finally {
    await engine.close();
  }

  // A window holding only the older day still knows the newer column (from the table schema).
  const engine2 = await DuckDBEngine.open();
  try {
    await engine2.attachLake(
      await loadLakeSnapshot(lake, resolveWindow({ endDate: '2024-04-19', lookbackDays: 1 })),
    );
    const old = await engine2.query('SELECT Computer, Facility FROM Syslog');
    assert.deepEqual(old.rows, [{ Computer: 'a', Facility: null }]);
    await engine2.attachLake(
      await loadLakeSnapshot(lake, resolveWindow({ endDate: '2024-05-01', lookbackDays: 1 })),
    );
    const empty = await engine2.query('SELECT Computer, Facility FROM Syslog');
    assert.deepEqual(empty.rows, []);
  } finally {
    await engine2.close();
  }
});
