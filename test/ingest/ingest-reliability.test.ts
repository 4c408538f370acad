import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import type { QuarantineEntry } from '../../src/ingest/quarantine.ts';
import { tempDir } from '../support/temp-dir.ts';
import { zeekConnLine, zeekConnLog, zeekHeader } from '../support/zeek-fixtures.ts';

const APRIL_19 = Date.UTC(2024, 3, 19) / 1000;

async function count(lake: string, sql: string): Promise<number> {
  const { loadLakeSnapshot } = await import('../../src/lake/lake-catalog.ts');
  const engine = await DuckDBEngine.open();
  try {
    await engine.attachLake(await loadLakeSnapshot(lake, undefined));
    const r = await engine.query(sql);
    return Number(Object.values(r.rows[0] ?? {})[0]);
  } finally {
    await engine.close();
  }
}

async function readQuarantine(lake: string): Promise<QuarantineEntry[]> {
  const dir = path.join(lake, '_quarantine');
  const entries: QuarantineEntry[] = [];
  for (const name of await readdir(dir).catch(() => [])) {
    const text = await readFile(path.join(dir, name), 'utf8');
    for (const line of text.split('\n')) if (line) entries.push(JSON.parse(line) as QuarantineEntry);
  }
  return entries;
}

test('ingesting the same input twice adds nothing the second time', async () => {
  const dir = await tempDir();
  const input = path.join(dir, 'in');
  const lake = path.join(dir, 'lake');
  await import('node:fs/promises').then((fs) => fs.mkdir(input));
  await writeFile(path.join(input, 'conn.00:00:00-01:00:00.log'), zeekConnLog(APRIL_19, 500, 60));
  const first = await ingestPaths({ paths: [input], lake });
  assert.equal(first.written, 500);
  const second = await ingestPaths({ paths: [input], lake });
  assert.equal(second.written, 0);
  assert.equal(second.skipped, 1);
  // The same content under another name is recognised too.
  await writeFile(path.join(input, 'copy-of-conn.log'), zeekConnLog(APRIL_19, 500, 60));
  const third = await ingestPaths({ paths: [input], lake });
  assert.equal(third.written, 0);
  assert.equal(await count(lake, 'SELECT count(*) FROM ZeekConn'), 500);
});

test('records are partitioned by the UTC day of TimeGenerated', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'conn.log');
  // 48 records an hour apart starting 2024-04-19 00:00 UTC: 24 on each of two days.
  await writeFile(file, zeekConnLog(APRIL_19, 48, 3600));
  const lake = path.join(dir, 'lake');
  await ingestPaths({ paths: [file], lake });
  assert.deepEqual((await readdir(path.join(lake, 'ZeekConn'))).filter((n) => n.startsWith('day=')).sort(), [
    'day=2024-04-19',
    'day=2024-04-20',
  ]);
  assert.equal(
    await count(lake, "SELECT count(*) FROM ZeekConn WHERE TimeGenerated < TIMESTAMP '2024-04-20'"),
    24,
  );
});

test('malformed records are quarantined with file, line and reason; the counts add up', async () => {
  const dir = await tempDir();
  const zeek = path.join(dir, 'conn.log');
  const good = Array.from({ length: 10 }, (_, i) => zeekConnLine(APRIL_19 + i, i));
  const lines = [
    zeekHeader(),
    ...good.slice(0, 3),
    'only\tthree\tfields', // line 12: wrong field count
    ...good.slice(3, 6),
    zeekConnLine(APRIL_19, 99).replace(/^[^\t]+/, 'not-a-time'), // line 16: bad timestamp
    ...good.slice(6),
  ];
  await writeFile(zeek, `${lines.join('\n')}\n`);

  const json = path.join(dir, 'am-syslog', 'PT1H.json');
  await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(json)));
  await writeFile(
    json,
    [
      '{"TimeGenerated":"2024-04-19T10:00:00Z","Computer":"a","SyslogMessage":"x"}',
      '{"TimeGenerated":"2024-04-19T10:00:01Z","Computer":"b", BROKEN',
      '{"TimeGenerated":"yesterday","Computer":"c","SyslogMessage":"y"}',
      '{"TimeGenerated":"2024-04-19T10:00:03.1234567Z","Computer":"d","SyslogMessage":"z"}',
    ].join('\n'),
  );

  const truncated = path.join(dir, 'conn.01:00:00-02:00:00.log.gz');
  const whole = gzipSync(Buffer.from(zeekConnLog(APRIL_19 + 3600, 2000, 1, 1000)));
  await writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));

  const lake = path.join(dir, 'lake');
  const summary = await ingestPaths({ paths: [zeek, json, truncated], lake });
  assert.equal(summary.records, summary.written + summary.quarantined);
  for (const f of summary.files) assert.equal(f.records, f.written + f.quarantined, f.path);

  const quarantine = await readQuarantine(lake);
  const zeekBad = quarantine.filter((e) => e.source === zeek);
  assert.deepEqual(
    zeekBad.map((e) => e.line),
    [12, 16],
  );
  assert.match(zeekBad[0]!.reason, /expected 13 fields, found 3/);
  assert.match(zeekBad[1]!.reason, /bad timestamp/);
  assert.equal(zeekBad[0]!.text, 'only\tthree\tfields');

  const jsonBad = quarantine.filter((e) => e.source === json);
  assert.deepEqual(
    jsonBad.map((e) => [
      e.line,
      /bad JSON/.test(e.reason) ? 'json' : /timestamp/.test(e.reason) ? 'time' : e.reason,
    ]),
    [
      [2, 'json'],
      [3, 'time'],
    ],
  );
  assert.equal(await count(lake, 'SELECT count(*) FROM Syslog'), 2);
  assert.equal(
    await count(
      lake,
      "SELECT count(*) FROM Syslog WHERE TimeGenerated = TIMESTAMP '2024-04-19 10:00:03.123456'",
    ),
    1,
  );

  const gzBad = quarantine.filter((e) => e.source === truncated);
  assert.ok(
    gzBad.some((e) => /truncated or corrupt gzip/.test(e.reason)),
    JSON.stringify(gzBad),
  );
  const gzOutcome = summary.files.find((f) => f.path === truncated)!;
  assert.ok(
    gzOutcome.written > 100 && gzOutcome.written < 2000,
    `kept the readable part: ${gzOutcome.written}`,
  );
  assert.equal(await count(lake, 'SELECT count(*) FROM ZeekConn'), 10 + gzOutcome.written);
});

test('unknown formats and unreadable paths fail clearly', async () => {
  const dir = await tempDir();
  const odd = path.join(dir, 'notes.bin');
  await writeFile(odd, Buffer.from([0, 1, 2, 3, 255, 254]));
  const lake = path.join(dir, 'lake');
  const summary = await ingestPaths({ paths: [odd], lake });
  assert.equal(summary.failed, 1);
  assert.match(summary.files[0]!.reason ?? '', /unknown format.*--format/);
  await assert.rejects(
    ingestPaths({ paths: [path.join(dir, 'missing')], lake }),
    /cannot read .*missing: ENOENT/,
  );
});

test('table names are validated before anything is written', async () => {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'conn.log'), zeekConnLog(APRIL_19, 3, 1));
  for (const bad of ['../escape', 'a/b', 'x;drop', '', '_hidden']) {
    await assert.rejects(
      ingestPaths({ paths: [dir], lake: path.join(dir, 'lake'), table: bad }),
      /invalid table name/,
    );
  }
});
