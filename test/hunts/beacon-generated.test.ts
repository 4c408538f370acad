import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { eventDays, writeEventDaysLake, writeTrafficLake } from '../../src/demo/demo-lake-writer.ts';
import { buildScenario } from '../../src/demo/demo-scenario.ts';
import type { GroundTruth } from '../../src/demo/ground-truth.ts';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { captureIo, periodic, withTempDir } from './hunt-test-helpers.ts';

const END = '2024-04-21';
let dir = '';
let lake = '';
let truth: GroundTruth;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('lakehunt hunt beaconing on generated FortiGate traffic', () => {
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lakehunt-beacon-gen-'));
    lake = path.join(dir, 'lake');
    truth = await writeTrafficLake(
      lake,
      buildScenario({ hosts: 30, days: 3, endDate: END, seed: 'generated-test' }),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ranks every planted beacon medium or high and no benign pair above low (json output, stamped)', async () => {
    const out = path.join(dir, 'beacons.json');
    const r = await cli([
      'hunt',
      'beaconing',
      '--lake',
      lake,
      '--end-date',
      END,
      '--lookback-days',
      '3',
      '--format',
      'json',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.err);
    const rows = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const planted = new Set(
      truth.beacons.map((b) => `${b.SourceIP}|${b.DestinationIP}|${b.DestinationPort}`),
    );
    const keyOf = (row: Record<string, unknown>) =>
      `${String(row['SourceIP'])}|${String(row['DestinationIP'])}|${String(row['DestinationPort'])}`;
    for (const b of truth.beacons) {
      const row = rows.find((x) => keyOf(x) === `${b.SourceIP}|${b.DestinationIP}|${b.DestinationPort}`);
      assert.ok(row, `beacon every ${b.periodSeconds} s not reported`);
      const lived = Date.parse(b.last) - Date.parse(b.first) >= 86_400_000;
      // A 40-minute implant surfaces but cannot be high; long-lived beacons must be at least medium.
      assert.ok(
        lived ? ['medium', 'high'].includes(String(row['Severity'])) : row['Severity'] !== 'high',
        JSON.stringify(row),
      );
      const period = Number(row['PeriodSeconds']);
      assert.ok(
        period >= b.periodSeconds * (1 - b.jitter) * 0.9 && period <= b.periodSeconds * 1.1,
        `period ${period} for ${b.periodSeconds}`,
      );
    }
    for (const row of rows.filter((x) => !planted.has(keyOf(x)))) {
      assert.ok(
        !['medium', 'high'].includes(String(row['Severity'])),
        `benign pair rated ${String(row['Severity'])}: ${keyOf(row)}`,
      );
    }
    const first = rows[0]!;
    assert.equal(first['Hunt'], 'beaconing');
    assert.equal(first['Engine'], 'duckdb');
    assert.equal(first['WindowStart'], '2024-04-19T00:00:00.000Z');
    assert.equal(first['WindowEnd'], '2024-04-22T00:00:00.000Z');
    assert.match(String(first['LakehuntVersion']), /^\d+\.\d+\.\d+/);
    assert.equal(JSON.parse(String(first['HuntParameters']))['mode'], 'score');
    assert.ok(Array.isArray(first['IntervalHistogram']));
    assert.match(r.err, /candidate pairs scored/);
  });

  it('writes csv and parquet, and a terminal table without the stamp columns', async () => {
    const base = [
      'hunt',
      'beaconing',
      '--lake',
      lake,
      '--end-date',
      END,
      '--lookback-days',
      '3',
      '--min-severity',
      'high',
    ];
    const csv = await cli([...base, '--format', 'csv']);
    assert.equal(csv.code, 0, csv.err);
    assert.match(
      csv.out.split('\n')[0]!,
      /^SourceIP,DestinationIP,DestinationPort,Protocol,.*Severity.*,Hunt,HuntParameters,WindowStart,WindowEnd,Engine,LakehuntVersion$/,
    );
    const parquet = path.join(dir, 'beacons.parquet');
    assert.equal((await cli([...base, '--format', 'parquet', '--out', parquet])).code, 0);
    // Read back with an engine of its own: `lakehunt sql` may read only the lake.
    const engine = await DuckDBEngine.open();
    const back = await engine
      .query('SELECT count(*) AS n, min(Hunt) AS hunt FROM read_parquet($file)', { file: parquet })
      .finally(() => engine.close());
    const rows = back.rows[0] ?? {};
    assert.equal(rows['hunt'], 'beaconing');
    assert.equal(rows['n'], csv.out.trim().split('\n').length - 1);
    const table = await cli(base);
    assert.equal(table.code, 0);
    assert.match(table.out, /^SourceIP +DestinationIP/);
    assert.doesNotMatch(table.out, /HuntParameters/);
  });

  it('reproduces the notebook on Fortinet CommonSecurityLog in sentinel mode', async () => {
    const r = await cli([
      ...['hunt', 'beaconing', '--lake', lake, '--end-date', END, '--lookback-days', '3'],
      '--mode',
      'sentinel',
      '--device-vendor',
      'Fortinet',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.err);
    const rows = r.out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // Slow or jittery beacons fail the notebook's thresholds; the steady 30-minute one passes them.
    const steady = truth.beacons.find((b) => b.periodSeconds === 1800)!;
    const row = rows.find(
      (x) => x['SourceIP'] === steady.SourceIP && x['DestinationIP'] === steady.DestinationIP,
    );
    assert.ok(row, 'the 30-minute beacon is reported');
    assert.ok(Number(row['Percentbeacon']) > 75);
    assert.ok(Math.abs(Number(row['Timedelta']) - 1710) < 180, `Timedelta ${String(row['Timedelta'])}`);
    for (const x of rows)
      assert.ok(!String(x['DestinationIP']).startsWith('10.'), 'private destinations are dropped');
  });

  it('explains bad input in one line', async () => {
    const base = ['hunt', 'beaconing', '--lake', lake];
    const cases: [string[], number, RegExp][] = [
      [['--end-date', END, '--lookback-days', '-1'], 2, /--lookback-days must be a whole number/],
      [
        ['--mode', 'sentinel', '--percent-beacon-threshold', '101'],
        2,
        /--percent-beacon-threshold must be at most 100/,
      ],
      [['--table', 'ZeekConn'], 2, /--table ZeekConn is not supported/],
      [['--end-date', '2020-01-01', '--lookback-days', '2'], 1, /no network data in the window/],
      [['--mode', 'sentinel', '--end-date', '2020-01-01'], 1, /no CommonSecurityLog data in the window/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli([...base, ...args]);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
  });

  it('lists hunts and shows the parameters as flags', async () => {
    const list = await cli(['hunt', 'list']);
    assert.match(list.out, /^beaconing +Network beaconing/m);
    const help = await cli(['hunt', 'beaconing', '--help']);
    assert.equal(help.code, 0);
    for (const flag of [
      '--mode',
      '--table',
      '--device-vendor',
      '--min-checkins',
      '--percent-beacon-threshold',
      '--end-date',
    ]) {
      assert.ok(help.out.includes(flag), `${flag} missing from help`);
    }
  });
});

describe('beaconing on tables that cannot answer', () => {
  it('names an unknown table and missing columns, and explains an empty result', async () => {
    await withTempDir(async (tmp) => {
      const small = path.join(tmp, 'lake');
      const start = Date.parse('2024-04-21T00:00:00Z');
      await writeEventDaysLake(
        small,
        eventDays(periodic(20, start, 3000 + 0, '10.1.1.1', '8.8.4.4', {}, [0, 1700, -900, 4000])),
        's',
      );
      const io = captureIo(tmp);
      dir = tmp;
      const unknown = await cli([
        'hunt',
        'beaconing',
        '--lake',
        small,
        '--mode',
        'sentinel',
        '--table',
        'NetworkSession',
        '--daily-event-count-threshold',
        '5',
      ]);
      assert.equal(unknown.code, 0, unknown.err);
      assert.match(unknown.err, /no pair passed the thresholds/);
      const empty = await cli(['hunt', 'beaconing', '--lake', small]);
      assert.equal(empty.code, 0, empty.err);
      assert.match(empty.out, /\(0 rows\)/);
      assert.match(empty.err, /no pair (had|scored)/);
      const schema = path.join(small, 'CommonSecurityLog', '_schema.json');
      const text = JSON.parse(await readFile(schema, 'utf8')) as { columns: { name: string }[] };
      text.columns = text.columns.filter((c) => c.name !== 'SentBytes');
      await writeFile(schema, JSON.stringify(text));
      const missing = await cli(['hunt', 'beaconing', '--lake', small, '--table', 'CommonSecurityLog']);
      assert.equal(missing.code, 1);
      assert.match(missing.err, /table CommonSecurityLog lacks the column SentBytes/);
      assert.ok(io);
    });
  });
});
