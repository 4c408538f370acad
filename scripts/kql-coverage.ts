/**
 * KQL coverage over a corpus of real queries (JSON Lines: id, path, name, kind, dataTypes, query):
 * how many parse, analyse, translate (DuckDB and Spark) and execute on DuckDB against an empty lake
 * holding the tables' schemas (documented Sentinel schemas, else inferred from the query).
 *
 *   npm run kql:coverage [-- --corpus FILE] [--json] [--limit N] [--network-only] [--show-failures]
 *                        [--path TEXT]   (only the queries whose path contains TEXT)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isUserError } from '../src/core/errors.ts';
import { DuckDBEngine } from '../src/engines/duckdb/duckdb-engine.ts';
import type { SqlParams } from '../src/engines/engine.ts';
import { compileKql } from '../src/kql/compile-kql.ts';
import { buildKqlCatalog, type CatalogOptions, type LakeTableSchema } from '../src/kql/kql-catalog.ts';
import { inferSchemas } from '../src/kql/kql-infer.ts';
import { parseAndAnalyze, parseOnly, parserLoadMillis } from '../src/kql/kusto-parser.ts';
import { duckTypeForKusto, type KustoType } from '../src/schemas/kusto-types.ts';
import { SENTINEL_TABLES } from '../src/schemas/sentinel-tables.ts';
import { duckdbQuoting as q } from '../src/sql/sql-dialect.ts';

/** A query that fails a stage for a reason the compiler reports (not a bug). */
class StageFailure extends Error {}

interface CorpusQuery {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly query: string;
}

const STAGES = ['parse', 'analyse', 'translate duckdb', 'translate spark', 'execute duckdb'] as const;
type Stage = (typeof STAGES)[number];

const NETWORK =
  /\b(CommonSecurityLog|_Im_NetworkSession|_ASim_NetworkSession|imNetworkSession|_Im_Dns|_ASim_Dns|imDns|ASimDnsActivityLogs|Syslog|DnsEvents|ThreatIntelligenceIndicator|_GetWatchlist)\b/;

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    json: { type: 'boolean', default: false },
    limit: { type: 'string' },
    'show-failures': { type: 'boolean', default: false },
    'network-only': { type: 'boolean', default: false },
    path: { type: 'string' },
  },
});
const corpusFile = path.resolve(
  values.corpus ??
    path.join(import.meta.dirname, '..', '..', 'shared', 'data', 'kql', 'sentinel-queries.jsonl'),
);
if (!existsSync(corpusFile)) {
  console.error(
    `kql-coverage: no corpus at ${corpusFile} (give --corpus FILE; the shared data folder is ../shared/data)`,
  );
  process.exit(2);
}
const queries: CorpusQuery[] = readFileSync(corpusFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as CorpusQuery)
  .filter((q) => !values['network-only'] || NETWORK.test(q.query))
  .filter((q) => values.path === undefined || q.path.includes(values.path))
  .slice(0, values.limit ? Number(values.limit) : undefined);

const duckType = (t: string) => (t === 'timespan' ? 'BIGINT' : duckTypeForKusto(t as KustoType));
const documentedLake: LakeTableSchema[] = Object.entries(SENTINEL_TABLES).map(([name, cols]) => ({
  name,
  columns: cols.map(([n, t]) => ({ name: n, type: duckType(t) })),
}));
const baseOptions: CatalogOptions = { lakeTables: documentedLake, documented: false };
const baseCatalog = buildKqlCatalog(baseOptions);

/** Reasons, with names and positions blurred so the same cause counts once. */
function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message
    .replace(/\s*\(line \d+, column \d+(, KS\d+)?\)/g, '')
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/query failed: (.{0,80}).*/s, 'DuckDB: $1')
    .slice(0, 140);
}

async function main(): Promise<void> {
  const loadStarted = performance.now();
  parserLoadMillis();
  const loadMillis = performance.now() - loadStarted;
  const engine = await DuckDBEngine.open();
  const create = async (table: LakeTableSchema) => {
    const cols = table.columns.map((c) => `${q.quoteIdentifier(c.name)} ${c.type}`).join(', ');
    await engine.run(`CREATE OR REPLACE TABLE ${q.quoteIdentifier(table.name)} (${cols})`);
  };
  for (const t of documentedLake) await create(t);
  // NetworkSession is among the documented tables (the ASIM schema, a superset of the lake view's).

  const counts: Record<Stage, number> = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<
    Stage,
    number
  >;
  const network: Record<Stage, number> = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<
    Stage,
    number
  >;
  const reasons = new Map<string, number>();
  let networkTotal = 0;
  let inferredQueries = 0;
  const compileTimes: number[] = [];
  for (const item of queries) {
    const isNetwork = NETWORK.test(item.query);
    if (isNetwork) networkTotal++;
    const pass = (stage: Stage) => {
      counts[stage]++;
      if (isNetwork) network[stage]++;
    };
    const fail = (stage: Stage, e: unknown) => {
      if (!isUserError(e) && !(e instanceof StageFailure)) {
        // Internal errors are bugs: show them in full.
        console.error(`internal error in ${item.path}: ${e instanceof Error ? e.stack : String(e)}`);
      }
      const key = `${stage}: ${reason(e)}`;
      if (values['show-failures'])
        console.error(`${item.path}\t${stage}\t${e instanceof Error ? e.message : String(e)}`);
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    };
    const syntax = parseOnly(item.query).find((d) => d.severity === 'error');
    if (syntax) {
      fail('parse', new StageFailure(syntax.message));
      continue;
    }
    pass('parse');
    let catalog = baseCatalog;
    let inferredTables: LakeTableSchema[] = [];
    try {
      // Watchlists the query reads: a table with the SearchKey column every watchlist has.
      const watchlists = [...item.query.matchAll(/_GetWatchlist\(\s*['"]([A-Za-z0-9_]+)['"]\s*\)/g)]
        .map((m) => `Watchlist_${m[1]}`)
        .filter((name, i, all) => all.indexOf(name) === i && !documentedLake.some((t) => t.name === name))
        .map((name) => ({ name, columns: [{ name: 'SearchKey', type: 'string' }] }));
      // Their other columns are the user's own: inferred from the query like an unknown table's.
      const inferred = inferSchemas(item.query, baseOptions, 4, watchlists);
      if (inferred.length) {
        inferredQueries++;
        inferredTables = inferred.map((t) => ({
          name: t.name,
          columns: t.columns.map((c) => ({ name: c.name, type: duckType(c.type) })),
        }));
        catalog = buildKqlCatalog({ lakeTables: [...documentedLake, ...inferredTables], documented: false });
      }
      const analysed = parseAndAnalyze(item.query, catalog.analysis).diagnostics.find(
        (d) => d.severity === 'error',
      );
      if (analysed) throw new StageFailure(analysed.message);
      pass('analyse');
    } catch (e) {
      fail('analyse', e);
      continue;
    }
    const now = new Date('2024-04-22T00:00:00Z');
    // Every externaldata URL reads as an empty local copy (records of the declared schema, none).
    const externalData = { get: () => '' };
    let sql: string | undefined;
    let params: SqlParams = {};
    try {
      const started = performance.now();
      const compiled = compileKql(item.query, { catalog, dialect: 'duckdb', now, externalData });
      sql = compiled.sql;
      params = compiled.params;
      compileTimes.push(performance.now() - started);
      pass('translate duckdb');
    } catch (e) {
      fail('translate duckdb', e);
    }
    try {
      compileKql(item.query, { catalog, dialect: 'spark', now, externalData });
      pass('translate spark');
    } catch (e) {
      fail('translate spark', e);
    }
    if (sql === undefined) continue;
    try {
      for (const t of inferredTables) await create(t);
      await engine.query(sql, params);
      pass('execute duckdb');
    } catch (e) {
      fail('execute duckdb', e);
    } finally {
      for (const t of inferredTables) {
        if (!documentedLake.some((d) => d.name === t.name))
          await engine.run(`DROP TABLE IF EXISTS ${q.quoteIdentifier(t.name)}`);
      }
    }
  }
  await engine.close();
  compileTimes.sort((a, b) => a - b);
  const median = compileTimes[Math.floor(compileTimes.length / 2)] ?? 0;
  const p90 = compileTimes[Math.floor(compileTimes.length * 0.9)] ?? 0;
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 20);
  const summary = {
    corpus: path.basename(corpusFile),
    total: queries.length,
    stages: counts,
    network: { total: networkTotal, stages: network },
    inferredSchemaQueries: inferredQueries,
    parserLoadMillis: Math.round(loadMillis),
    compileMillis: { median: Number(median.toFixed(1)), p90: Number(p90.toFixed(1)) },
    topReasons: top.map(([r, n]) => ({ reason: r, count: n })),
  };
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : '-');
  const lines = [
    `# KQL coverage — ${summary.corpus}`,
    '',
    'Regenerate with `npm run -s kql:coverage > docs/kql-coverage.md` (about 6 minutes on 2 cores).',
    '',
    `${summary.total} queries; ${networkTotal} network-hunting (CommonSecurityLog, ASIM network session/DNS, Syslog, DnsEvents, ThreatIntelligenceIndicator, watchlists). ${inferredQueries} queries read a table outside the documented schemas (schema inferred from the query).`,
    '',
    '| stage | all queries | % | network hunting | % |',
    '|---|---|---|---|---|',
    ...STAGES.map(
      (s) =>
        `| ${s} | ${counts[s]} | ${pct(counts[s], summary.total)} | ${network[s]} | ${pct(network[s], networkTotal)} |`,
    ),
    '',
    'Stages: parse (Kusto syntax), analyse (Kusto semantic analysis against the catalog), translate (to each dialect), execute (the DuckDB SQL on empty tables with the schemas). Every `externaldata` URL is supplied as an empty local copy (as `--external-data URL=FILE` would, with an empty file): its records have the declared schema and there are none. Refusals are deliberate where no exact translation exists: `evaluate` plugins, `make-series` with the `series_*` analytics, `parse_xml` on Spark, `make_bag`/`bag_unpack`. `parse_urlquery` translates and fails only when a query runs on text whose decoding Kusto does not document (docs/kql.md).',
    '',
    `Parser load: ${summary.parserLoadMillis} ms (once per process). Compile (parse, analyse, translate, render) per query: median ${summary.compileMillis.median} ms, p90 ${summary.compileMillis.p90} ms.`,
    '',
    '## Top reasons (first failing stage)',
    '',
    '| count | reason |',
    '|---|---|',
    ...top.map(([r, n]) => `| ${n} | ${r.replaceAll('|', '\\|')} |`),
    '',
  ];
  console.log(lines.join('\n'));
}

await main();
