/**
 * Ingest throughput against DuckDB's own COPY of the same file (the lower bound), measured in the
 * same run, plus peak memory for a ≥ 2 GB input in a child process.
 *   npm run bench:ingest                 # ~2 M-row inputs, ratios and events/s
 *   npm run bench:ingest -- --big        # adds a 2.1 GB Zeek conn log with peak RSS
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { DuckDBEngine } from '../src/engines/duckdb/duckdb-engine.ts';
import { parseZeekHeader } from '../src/ingest/formats/zeek-header.ts';
import { zeekTsvSelect } from '../src/ingest/formats/zeek-tsv-format.ts';
import { ingestPaths } from '../src/ingest/ingest.ts';
import { headLines } from '../src/ingest/line-reader.ts';
import { duckdbQuoting as q } from '../src/sql/sql-dialect.ts';
import { writeExportJsonLines, writeZeekConn } from './bench-data.ts';

const big = process.argv.includes('--big');
const rowsArg = process.argv.find((a) => a.startsWith('--rows='));
const ROWS = rowsArg ? Number(rowsArg.slice(7)) : 2_000_000;
const out = path.resolve(import.meta.dirname, 'out', 'ingest');
const START = Date.UTC(2024, 3, 19);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await work();
  return [r, (performance.now() - t0) / 1000];
}

/** DuckDB alone: read the file and write zstd Parquet — the floor for any ingest of it. */
async function lowerBound(selectSql: string, target: string): Promise<number> {
  const engine = await DuckDBEngine.open({ memoryLimit: '1GB' });
  try {
    await engine.run('SET preserve_insertion_order = false');
    const [, s] = await timed(() =>
      engine.run(`COPY (${selectSql}) TO ${q.quoteString(target)} (FORMAT parquet, COMPRESSION zstd)`),
    );
    return s;
  } finally {
    await engine.close();
  }
}

interface Row {
  readonly input: string;
  readonly rows: number;
  readonly mb: number;
  readonly lakehuntS: number;
  readonly duckdbS: number;
}

async function measure(name: string, file: string, rows: number, floorSql: string): Promise<Row> {
  const lake = path.join(out, `lake-${name}`);
  await rm(lake, { recursive: true, force: true });
  const duckdbS = await lowerBound(floorSql, path.join(out, `${name}.floor.parquet`));
  const [summary, lakehuntS] = await timed(() => ingestPaths({ paths: [file], lake }));
  if (summary.written !== rows) throw new Error(`${name}: wrote ${summary.written} of ${rows}`);
  return { input: name, rows, mb: (await stat(file)).size / 1e6, lakehuntS, duckdbS };
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const zeekFile = path.join(out, 'conn.log');
  const jsonFile = path.join(out, 'am-commonsecuritylog', 'PT1H.json');
  await mkdir(path.dirname(jsonFile), { recursive: true });
  await writeZeekConn(zeekFile, ROWS, START / 1000);
  await writeExportJsonLines(jsonFile, ROWS, START);

  const header = parseZeekHeader(await headLines(zeekFile, 16), 'conn')!;
  const results = [
    // The floor reads the same file with the same typed SELECT, without staging, hashing or commit.
    await measure('zeek-conn-tsv', zeekFile, ROWS, zeekTsvSelect(zeekFile, header)),
    await measure(
      'la-export-jsonl',
      jsonFile,
      ROWS,
      `SELECT * FROM read_json(${q.quoteString(jsonFile)}, format = 'newline_delimited')`,
    ),
  ];

  const lines = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
    '',
    '| input | rows | MB | lakehunt ingest s | events/s | DuckDB COPY s (lower bound) | ratio (bound / lakehunt) |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.input} | ${r.rows.toLocaleString('en-US')} | ${r.mb.toFixed(0)} | ${r.lakehuntS.toFixed(2)} | ${Math.round(r.rows / r.lakehuntS).toLocaleString('en-US')} | ${r.duckdbS.toFixed(2)} | ${(r.duckdbS / r.lakehuntS).toFixed(2)} |`,
    ),
  ];

  if (big) {
    const bigFile = path.join(out, 'big', 'conn.log');
    await mkdir(path.dirname(bigFile), { recursive: true });
    const bigRows = 15_000_000;
    const bytes = await writeZeekConn(bigFile, bigRows, START / 1000);
    const lake = path.join(out, 'lake-big');
    await rm(lake, { recursive: true, force: true });
    const child = path.resolve(import.meta.dirname, 'ingest-child.ts');
    const t0 = performance.now();
    const report = execFileSync(process.execPath, ['--import', 'tsx', child, bigFile, lake], {
      encoding: 'utf8',
    });
    const seconds = (performance.now() - t0) / 1000;
    const { written, maxRssMb } = JSON.parse(report) as { written: number; maxRssMb: number };
    lines.push(
      '',
      `Memory: ${(bytes / 1e9).toFixed(2)} GB Zeek conn log (${written.toLocaleString('en-US')} rows) ingested in ${seconds.toFixed(1)} s ` +
        `(${Math.round(written / seconds).toLocaleString('en-US')} events/s) with peak RSS ${maxRssMb.toFixed(0)} MB (target < 1024 MB).`,
    );
    await rm(path.dirname(bigFile), { recursive: true, force: true });
    await rm(lake, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

await main();
