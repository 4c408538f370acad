import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { quotingFor } from '../../src/sql/sql-dialect.ts';
import { BASIC_CASES, FIREWALL } from './verified/verified-cases.ts';

/**
 * Mutated queries must never crash (only UserError), never hang, and never put a user string into
 * the SQL outside a quoted literal. KQL_FUZZ_COUNT sets how many (default 80 to keep the suite fast; KQL_FUZZ_COUNT=5000 for a long run).
 */
const COUNT = Number(process.env['KQL_FUZZ_COUNT'] ?? 80);
const PER_QUERY_MS = 5000;
const catalog = buildKqlCatalog({
  lakeTables: [
    { name: 'CommonSecurityLog', columns: FIREWALL.columns.map(([name, type]) => ({ name, type })) },
  ],
});
const now = new Date('2024-04-22T00:00:00Z');

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = ["'", '"', '\\', '`', ';', '--', '/*', ')', '(', '$1', ':x', '\n', '%', '\u00e9', ' OR 1=1 '];
const TOKENS = [
  '|',
  'where',
  'extend',
  'x = 1',
  '(',
  ')',
  ',',
  'summarize',
  'by',
  'count()',
  '==',
  'and',
  'has',
  '"a"',
  'project',
  'SourceIP',
  '[',
  ']',
  '.',
  'join',
  'on',
  'datetime(2024-01-01)',
  '1d',
  'ago(',
  '*',
  '-',
  '/',
];

/** Removes quoted literals and identifiers, leaving SQL code only. */
function codeOnly(sql: string, dialect: 'duckdb' | 'spark'): string {
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (dialect === 'spark' && c === "'" && sql[j] === '\\') {
          j++;
          continue;
        }
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            j++;
            continue;
          }
          break;
        }
      }
      out += ' ';
      i = j;
    } else out += c;
  }
  return out;
}

function mutate(query: string, next: () => number): { text: string; marker: string } {
  const marker = `INJ${Math.floor(next() * 1e9)}`;
  const nasty = Array.from(
    { length: 1 + Math.floor(next() * 4) },
    () => NASTY[Math.floor(next() * NASTY.length)]!,
  ).join('');
  const payload = `${nasty}${marker}${nasty}`;
  const kind = Math.floor(next() * 4);
  let text = query;
  if (kind === 0) {
    // A string literal carrying a hostile payload, escaped the Kusto way.
    text = query.replace(
      /"[^"\n]*"/,
      `"${payload.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`,
    );
    if (text === query)
      text = `${query} | extend Injected = "${payload.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
  } else if (kind === 1) {
    text = `${query} | where SourceIP has_any (@'${payload.replaceAll("'", "''")}', "x")`;
  } else {
    const tokens = query.split(/(\s+)/);
    const count = 1 + Math.floor(next() * 3);
    for (let i = 0; i < count; i++) {
      const at = Math.floor(next() * (tokens.length + 1));
      if (kind === 2) tokens.splice(at, 1);
      else tokens.splice(at, 0, ` ${TOKENS[Math.floor(next() * TOKENS.length)]!} `);
    }
    text = tokens.join('');
  }
  return { text, marker };
}

test(`fuzz: ${COUNT} mutated queries never crash, hang or splice user strings`, () => {
  const next = random(20240422);
  const seeds = BASIC_CASES.map((c) => c.query);
  let refused = 0;
  let compiled = 0;
  // Load the parser first: its one-time load is not a compile.
  compileKql('print 1', { catalog, dialect: 'duckdb', now });
  for (let i = 0; i < COUNT; i++) {
    const { text, marker } = mutate(seeds[i % seeds.length]!, next);
    for (const dialect of ['duckdb', 'spark'] as const) {
      const started = performance.now();
      try {
        const { sql } = compileKql(text, { catalog, dialect, now });
        compiled++;
        assert.ok(
          !codeOnly(sql, dialect).includes(marker),
          `user text outside a literal in:\n${text}\n→\n${sql}`,
        );
        if (sql.includes(marker)) {
          const q = quotingFor(dialect);
          assert.ok(/[a-z]/i.test(q.quoteString('x')));
        }
      } catch (e) {
        if (!(e instanceof UserError))
          assert.fail(`internal error for query:\n${text}\n${e instanceof Error ? e.stack : String(e)}`);
        refused++;
      }
      assert.ok(performance.now() - started < PER_QUERY_MS, `compiling took too long:\n${text}`);
    }
  }
  console.log(`fuzz: ${compiled} compiled, ${refused} refused with a UserError, 0 crashes`);
  assert.ok(compiled > 0 && refused > 0);
});
