import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { prepareHunt } from '../../src/hunts/hunts.ts';
import type { LakeSnapshot } from '../../src/lake/lake-snapshot.ts';
import type { DialectName } from '../../src/sql/sql-dialect.ts';

const GOLDEN = path.join(import.meta.dirname, 'golden');

/** A snapshot with both tables present, so every configuration compiles without a lake on disk. */
const snapshot: LakeSnapshot = {
  root: '/lake',
  window: { from: new Date('2021-10-28T00:00:00Z'), to: new Date('2021-11-18T00:00:00Z') },
  tables: ['CommonSecurityLog', 'ZeekConn'].map((name) => ({
    name,
    files: [`/lake/${name}/day=2021-11-17/part-1.parquet`],
    days: ['2021-11-17'],
    columns: [],
    path: `/lake/${name}`,
  })),
};

const CASES: Record<string, Record<string, unknown>> = {
  'score-default': {},
  'score-options': {
    table: 'CommonSecurityLog',
    deviceVendor: 'Fortinet',
    acrossPorts: true,
    allowDestinations: '13.107.4.0/24,2001:db8::1',
    allowSources: '10.20.0.53',
    includeMulticast: true,
  },
  'sentinel-default': { mode: 'sentinel', deviceVendor: 'Fortinet' },
  'sentinel-source-scope': { mode: 'sentinel', deltaScope: 'source', table: 'NetworkSession' },
};

/**
 * The compiled SQL of each configuration, per dialect, is held in golden files. A missing file is
 * written locally (and refused in CI); a mismatch writes `<name>.actual` and fails.
 */
describe('beaconing SQL golden files', () => {
  for (const dialect of ['duckdb', 'spark'] as const satisfies readonly DialectName[]) {
    for (const [name, params] of Object.entries(CASES)) {
      it(`${name} on ${dialect}`, () => {
        // The missing-columns check is about lakes; this test is about SQL text.
        const withColumns: LakeSnapshot = {
          ...snapshot,
          tables: snapshot.tables.map((t) => ({
            ...t,
            columns: [
              'TimeGenerated',
              'DeviceVendor',
              'SourceIP',
              'DestinationIP',
              'DestinationPort',
              'Protocol',
              'SentBytes',
              'ReceivedBytes',
            ].map((c) => ({ name: c, type: 'VARCHAR' })),
          })),
        };
        const { query } = prepareHunt(dialect, withColumns, 'beaconing', params);
        const actual = `${query.sql}\n-- parameters: ${JSON.stringify(query.params)}\n`;
        const file = path.join(GOLDEN, `beaconing-${name}.${dialect}.golden.sql`);
        if (!existsSync(file)) {
          assert.ok(!process.env['CI'], `golden file ${file} is missing (run the test locally to create it)`);
          writeFileSync(file, actual);
          return;
        }
        const expected = readFileSync(file, 'utf8');
        if (actual !== expected) writeFileSync(`${file}.actual`, actual);
        assert.equal(actual, expected, `compiled SQL differs from ${file} (see ${file}.actual)`);
        // User values never appear in the SQL text.
        for (const value of Object.values(query.params)) {
          if (typeof value === 'string')
            assert.ok(!query.sql.includes(`'${value}'`), `${value} spliced into SQL`);
        }
      });
    }
  }
});
