import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import type { DialectName } from '../../src/sql/sql-dialect.ts';
import { duckdbQuoting as q } from '../../src/sql/sql-dialect.ts';
import { BEACON_FIREWALL } from './verified/beaconing-cases.ts';
import { FIREWALL, HIGH_RISK_WATCHLIST } from './verified/verified-cases.ts';

/**
 * Golden files: golden/NAME.kql compiled for each dialect must equal golden/NAME.<dialect>.sql.
 * A missing expectation is written (refused when CI is set); a mismatch writes NAME.<dialect>.sql.actual.
 */
const dir = path.join(import.meta.dirname, 'golden');
const columns = new Map<string, string>();
for (const [n, t] of [...FIREWALL.columns, ...BEACON_FIREWALL.columns]) columns.set(n, t);
const catalog = buildKqlCatalog({
  lakeTables: [
    { name: 'CommonSecurityLog', columns: [...columns].map(([name, type]) => ({ name, type })) },
    {
      name: HIGH_RISK_WATCHLIST.name,
      columns: HIGH_RISK_WATCHLIST.columns.map(([name, type]) => ({ name, type })),
    },
  ],
});
const now = new Date('2024-04-22T00:00:00Z');

// The DuckDB SQL also runs, on empty tables with the catalog's lake schemas.
let engine: DuckDBEngine;
before(async () => {
  engine = await DuckDBEngine.open();
  for (const [name, table] of catalog.tables) {
    if (!table.inLake) continue;
    const source =
      name === 'CommonSecurityLog'
        ? [...columns]
        : name === HIGH_RISK_WATCHLIST.name
          ? HIGH_RISK_WATCHLIST.columns
          : undefined;
    const cols = source
      ? source.map(([n, t]) => `${q.quoteIdentifier(n)} ${t}`)
      : table.irColumns
          .filter((c) => table.physical.has(c.name))
          .map((c) => `${q.quoteIdentifier(c.name)} ${duckType(c.type)}`);
    await engine.run(`CREATE TABLE ${q.quoteIdentifier(name)} (${cols.join(', ')})`);
  }
});
after(async () => {
  await engine.close();
});

function duckType(type: string): string {
  const map: Record<string, string> = {
    string: 'VARCHAR',
    long: 'BIGINT',
    int: 'INTEGER',
    real: 'DOUBLE',
    datetime: 'TIMESTAMP',
    bool: 'BOOLEAN',
    dynamic: 'JSON',
  };
  return map[type] ?? 'VARCHAR';
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.kql'))
  .sort()) {
  for (const dialect of ['duckdb', 'spark'] as DialectName[]) {
    test(`${file} → ${dialect}`, async () => {
      const query = readFileSync(path.join(dir, file), 'utf8');
      const sql = `${compileKql(query, { catalog, dialect, now }).sql}\n`;
      if (dialect === 'duckdb') await engine.query(sql);
      const expectedFile = path.join(dir, file.replace(/\.kql$/, `.${dialect}.sql`));
      let expected: string;
      try {
        expected = readFileSync(expectedFile, 'utf8');
      } catch {
        assert.ok(
          !process.env['CI'],
          `missing golden file ${expectedFile} (run the tests locally to write it)`,
        );
        writeFileSync(expectedFile, sql);
        return;
      }
      if (sql !== expected) writeFileSync(`${expectedFile}.actual`, sql);
      assert.equal(
        sql,
        expected,
        `${file} (${dialect}) differs from its golden file; see ${expectedFile}.actual`,
      );
    });
  }
}
