import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { withLakeEngine } from '../../core/lake-query.ts';
import { resolveWindow } from '../../core/time-window.ts';
import { writeDemoExport } from '../../demo/demo-export-writer.ts';
import { DuckDBEngine } from '../../engines/duckdb/duckdb-engine.ts';
import { runHunt } from '../../hunts/hunts.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { summarizeTables } from '../../lake/lake-tables.ts';
import { renderTable } from '../../output/result-writer.ts';
import type { CliIo } from '../cli-io.ts';

interface DemoFlags {
  dir: string;
  hosts: string;
  days: string;
  endDate: string;
  seed: string;
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number, got "${value}"`);
  return n;
}

/** The main job on a fresh machine: generate firewall traffic, ingest it, show the lake, hunt. */
export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('build a sample lake from generated FortiGate traffic and show what is in it')
    .option('--dir <dir>', 'folder for the generated export and the lake', 'demo')
    .option('--hosts <n>', 'internal hosts', '40')
    .option('--days <n>', 'days of traffic', '3')
    .option('--end-date <YYYY-MM-DD>', 'last day of traffic', '2024-04-21')
    .option('--seed <seed>', 'random seed (same seed, same data)', '7')
    .action(async (flags: DemoFlags) => {
      const dir = path.resolve(io.cwd, flags.dir);
      const exportDir = path.join(dir, 'export');
      const lake = path.join(dir, 'lake');
      const days = wholeNumber(flags.days, '--days');
      const say = (text: string) => io.stdout.write(`${text}\n`);

      say(
        `1. Generating ${flags.hosts} hosts × ${days} days of FortiGate traffic as a Log Analytics export in ${exportDir}`,
      );
      const truth = await writeDemoExport({
        outDir: exportDir,
        hosts: wholeNumber(flags.hosts, '--hosts'),
        days,
        endDate: flags.endDate,
        seed: flags.seed,
      });
      say(
        `   ${truth.events} events, ${truth.beacons.length} planted beacons (ground truth: ${path.join(exportDir, 'ground-truth.json')})`,
      );

      const container = path.join(exportDir, 'am-commonsecuritylog');
      say(`\n2. lakehunt ingest ${path.relative(io.cwd, container)} --lake ${path.relative(io.cwd, lake)}`);
      const summary = await ingestPaths({ paths: [container], lake });
      say(
        `   ${summary.files.length} files, ${summary.records} records: ${summary.written} written, ${summary.quarantined} quarantined, ${summary.skipped} files already in the lake`,
      );

      say(`\n3. lakehunt tables --lake ${path.relative(io.cwd, lake)}`);
      const engine = await DuckDBEngine.open();
      try {
        const tables = await summarizeTables(lake, engine);
        const names = ['table', 'partitions', 'firstDay', 'lastDay', 'files', 'rows', 'columns'];
        io.stdout.write(
          renderTable({
            columns: names.map((name) => ({ name, type: 'string' })),
            rows: tables.map((t) => Object.fromEntries(names.map((n) => [n, t[n as keyof typeof t]]))),
          }),
        );
      } finally {
        await engine.close();
      }

      const window = resolveWindow({ endDate: flags.endDate, lookbackDays: days });
      const sql =
        'SELECT DstIpAddr, DstPortNumber, NetworkProtocol, count(*) AS Connections, count(DISTINCT SrcIpAddr) AS Sources, sum(SrcBytes) AS SentBytes FROM NetworkSession GROUP BY ALL ORDER BY Connections DESC LIMIT 10';
      say(`\n4. lakehunt sql "${sql}" --end-date ${flags.endDate} --lookback-days ${days}`);
      await withLakeEngine({ lake, window, engine: 'duckdb' }, async (e, snapshot) => {
        io.stdout.write(renderTable(await e.query(sql)));

        say(
          `\n5. lakehunt hunt beaconing --lake ${path.relative(io.cwd, lake)} --end-date ${flags.endDate} --lookback-days ${days}`,
        );
        const hunt = await runHunt(e, snapshot, 'beaconing', {});
        const shown = [
          'SourceIP',
          'DestinationIP',
          'DestinationPort',
          'Connections',
          'PeriodSeconds',
          'JitterSeconds',
          'Score',
          'Severity',
        ];
        const top = hunt.rows.slice(0, 10);
        io.stdout.write(
          renderTable({
            columns: shown.map((name) => ({ name, type: 'string' })),
            rows: top.map((r) => Object.fromEntries(shown.map((n) => [n, r[n] ?? null]))),
          }),
        );
        for (const note of hunt.notes) say(`   note: ${note}`);

        const planted = new Set(
          truth.beacons.map((b) => `${b.SourceIP}>${b.DestinationIP}:${b.DestinationPort}`),
        );
        const flagged = hunt.rows.filter((r) => r['Severity'] === 'high' || r['Severity'] === 'medium');
        const found = flagged.filter((r) =>
          planted.has(`${r['SourceIP']}>${r['DestinationIP']}:${r['DestinationPort']}`),
        );
        say(
          `\n   Ground truth: ${found.length} of ${planted.size} planted beacons found at severity medium or high; ` +
            `${flagged.length - found.length} other pair(s) at that severity.`,
        );
      });
    });
}
