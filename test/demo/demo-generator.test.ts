import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import { writeDemoExport } from '../../src/demo/demo-export-writer.ts';
import { buildScenario } from '../../src/demo/demo-scenario.ts';
import { createRandom } from '../../src/demo/prng.ts';
import { generateTraffic } from '../../src/demo/traffic-generator.ts';
import { withTempDir } from '../hunts/hunt-test-helpers.ts';

describe('seeded random numbers', () => {
  it('repeat for a seed and differ between seeds', () => {
    const a = createRandom('x');
    const b = createRandom('x');
    const c = createRandom('y');
    const seqA = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      seqA,
      Array.from({ length: 5 }, () => b.next()),
    );
    assert.notDeepEqual(
      seqA,
      Array.from({ length: 5 }, () => c.next()),
    );
    for (let i = 0; i < 1000; i++) {
      const v = a.int(3, 7);
      assert.ok(v >= 3 && v <= 7 && Number.isInteger(v));
    }
  });
});

describe('traffic generator', () => {
  const options = { hosts: 8, days: 2, endDate: '2024-04-21', seed: 11 };

  it('is deterministic and keeps each day in time order', () => {
    const once = [...generateTraffic(buildScenario(options))];
    const again = [...generateTraffic(buildScenario(options))];
    assert.deepEqual(once, again);
    assert.deepEqual(
      once.map((d) => d.day),
      ['2024-04-20', '2024-04-21'],
    );
    for (const day of once) {
      for (let i = 1; i < day.events.length; i++)
        assert.ok(day.events[i - 1]!.timeMs <= day.events[i]!.timeMs);
      assert.ok(
        day.events.every(
          (e) =>
            e.timeMs >= Date.parse(`${day.day}T00:00:00Z`) &&
            e.timeMs < Date.parse(`${day.day}T00:00:00Z`) + 86_400_000,
        ),
      );
    }
    const origins = new Set(once.flatMap((d) => d.events.map((e) => e.origin.split(':')[0])));
    for (const kind of ['browsing', 'dns', 'poller', 'ssh-scan', 'ssh-bruteforce', 'beacon'])
      assert.ok(origins.has(kind), kind);
  });

  it('plants beacons with the configured jitter and missed check-ins', () => {
    const scenario = buildScenario({
      ...options,
      beacons: [{ periodSeconds: 120, jitter: 0.5, missedRate: 0.2 }],
    });
    const checkIns: number[] = [];
    const times = [...generateTraffic(scenario, checkIns)].flatMap((d) =>
      d.events.filter((e) => e.origin === 'beacon:0').map((e) => e.timeMs),
    );
    assert.equal(times.length, checkIns[0]);
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1000);
    assert.ok(
      gaps.every((g) => g >= 59),
      'no sleep is shorter than half the period',
    );
    const single = gaps.filter((g) => g <= 120.5).length / gaps.length;
    assert.ok(single > 0.7 && single < 0.9, `share of intervals without a missed check-in: ${single}`);
    const expected = (2 * 86_400) / 90; // mean sleep 0.75 × 120 s
    assert.ok(Math.abs(times.length - expected * 0.8) < expected * 0.1, `${times.length} check-ins`);
  });
});

describe('writeDemoExport', () => {
  it('writes a Log Analytics export tree of JSON Lines and the ground truth beside it', async () => {
    await withTempDir(async (dir) => {
      const truth = await writeDemoExport({
        outDir: dir,
        hosts: 3,
        days: 1,
        endDate: '2021-11-17',
        seed: 'export',
      });
      const files: string[] = [];
      for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
        if (e.isFile() && e.name === 'PT1H.json')
          files.push(path.relative(dir, path.join(e.parentPath, e.name)));
      }
      assert.equal(files.length, 24);
      for (const f of files) {
        assert.match(
          f.split(path.sep).join('/'),
          /^am-commonsecuritylog\/WorkspaceResourceId=\/subscriptions\/[0-9a-f-]{36}\/resourcegroups\/lakehunt-demo\/providers\/microsoft\.operationalinsights\/workspaces\/demo-workspace\/y=2021\/m=11\/d=17\/h=\d\d\/m=00\/PT1H\.json$/,
        );
      }
      let records = 0;
      for (const f of files) {
        const lines = (await readFile(path.join(dir, f), 'utf8')).trim().split('\n');
        records += lines.length;
        const r = JSON.parse(lines[0]!) as Record<string, unknown>;
        assert.equal(r['Type'], 'CommonSecurityLog');
        assert.equal(r['DeviceVendor'], 'Fortinet');
        assert.match(String(r['TimeGenerated']), /^2021-11-17T\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.equal(typeof r['SentBytes'], 'number');
      }
      assert.equal(records, truth.events);
      const written = JSON.parse(await readFile(path.join(dir, 'ground-truth.json'), 'utf8')) as typeof truth;
      assert.deepEqual(written, truth);
      assert.ok(truth.beacons.length >= 4 && truth.beacons.every((b) => b.checkIns > 0));
    });
  });

  it('refuses impossible options with a usage error', async () => {
    await assert.rejects(
      writeDemoExport({ outDir: '/nonexistent', hosts: 0, days: 1, endDate: '2021-11-17', seed: 1 }),
      (e: unknown) => e instanceof UserError && /hosts must be/.test(e.message),
    );
  });
});
