import path from 'node:path';
import { type Command, Option } from 'commander';
import { UserError } from '../../core/errors.ts';
import { FORMAT_NAMES, type FormatName } from '../../ingest/formats/source-format.ts';
import { type IngestOptions, type IngestSummary, ingestPaths } from '../../ingest/ingest.ts';
import { parseInterval, watchIngest } from '../../ingest/ingest-watch.ts';
import { isAzureBlobInput } from '../../ingest/sources/azure-blob-url.ts';
import { type ListenAddress, listenSyslog, listenUrl, parseListenUrl } from '../../ingest/syslog-listener.ts';
import type { CliIo } from '../cli-io.ts';
import { lakeDir } from '../common-options.ts';

interface IngestFlags {
  lake?: string;
  format: FormatName | 'auto';
  table?: string;
  year?: string;
  quiet?: boolean;
  watch?: boolean;
  interval: string;
  listen?: ListenAddress[];
  flush: string;
}

function summaryText(summary: IngestSummary): string {
  const tables = new Map<string, number>();
  for (const f of summary.files)
    for (const [t, n] of Object.entries(f.tables)) tables.set(t, (tables.get(t) ?? 0) + n);
  return (
    `${summary.files.length} files: ${summary.files.length - summary.skipped - summary.failed} ingested, ${summary.skipped} already in the lake, ${summary.failed} failed\n` +
    `${summary.records} records: ${summary.written} written, ${summary.quarantined} quarantined\n` +
    [...tables].map(([t, n]) => `  ${t}: ${n}\n`).join('')
  );
}

/** Keeps ingesting until SIGINT/SIGTERM; the file being committed when the signal comes is finished first. */
async function watch(options: IngestOptions, intervalMs: number, io: CliIo): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) {
      // A second Ctrl-C: leave now; the next run finishes or discards what was in flight.
      io.stderr.write('stopped without finishing the current file\n');
      process.exit(130);
    }
    io.stderr.write('stopping after the current file (Ctrl-C again to stop at once)\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    io.stderr.write(`watching every ${intervalMs / 1000}s; stop with Ctrl-C\n`);
    const totals = await watchIngest({
      ...options,
      intervalMs,
      signal: stop.signal,
      onListingProblem: (message) => io.stderr.write(`${message}\n`),
      onRound: (summary) => {
        if (summary.recoveredTransactions > 0)
          io.stderr.write(
            `finished ${summary.recoveredTransactions} interrupted commit(s) from an earlier run\n`,
          );
      },
    });
    io.stdout.write(
      `stopped after ${totals.rounds} listings: ${totals.ingested} files ingested, ${totals.failed} failed; ${totals.written} records written, ${totals.quarantined} quarantined\n`,
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Receives syslog until SIGINT/SIGTERM, committing the spool every flush interval and at the end. */
async function listen(
  options: IngestOptions,
  addresses: readonly ListenAddress[],
  flushMs: number,
  io: CliIo,
): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) {
      // A second Ctrl-C: leave now; the next start ingests the spool.
      io.stderr.write('stopped without committing the spool; the next start ingests it\n');
      process.exit(130);
    }
    io.stderr.write('stopping: committing what was received (Ctrl-C again to stop at once)\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const totals = await listenSyslog({
      ...options,
      listen: addresses,
      flushMs,
      signal: stop.signal,
      onListening: (bound) =>
        io.stderr.write(
          `listening on ${bound.map(listenUrl).join(', ')}; committing every ${flushMs / 1000}s; stop with Ctrl-C\n`,
        ),
      onProblem: (message) => io.stderr.write(`${message}\n`),
    });
    io.stdout.write(
      `stopped: ${totals.received} messages received; ${totals.commits} commits, ${totals.written} records written, ${totals.quarantined} quarantined\n`,
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function registerIngestCommand(program: Command, io: CliIo): void {
  program
    .command('ingest')
    .description('load log files into the lake (idempotent; bad records go to <lake>/_quarantine)')
    .argument(
      '[paths...]',
      'files or folders (read recursively), or Azure Blob / ADLS Gen2 URLs (https://<account>.blob.core.windows.net/<container>[/<prefix>], abfss://…)',
    )
    .option('--lake <dir>', 'lake folder', undefined)
    .addOption(
      new Option('--format <format>', 'input format').choices(['auto', ...FORMAT_NAMES]).default('auto'),
    )
    .option('--table <name>', 'target table for single-table formats (e.g. Watchlist_name for a CSV)')
    .option('--year <yyyy>', 'year for syslog timestamps that have none (RFC 3164)')
    .option('--quiet', 'print only the summary')
    .option('--watch', 'keep running: list the sources every --interval and ingest what is new or changed')
    .option('--interval <duration>', 'time between listings in watch mode (30s, 2m, …)', '30s')
    .option(
      '--listen <url>',
      'receive syslog (CEF) on udp://HOST:PORT or tcp://HOST:PORT instead of reading PATHs (repeatable)',
      (url: string, all: ListenAddress[] = []) => [...all, parseListenUrl(url)],
    )
    .option('--flush <duration>', 'with --listen: time between commits of what was received', '60s')
    .action(async (inputs: string[], flags: IngestFlags) => {
      const year = flags.year === undefined ? undefined : Number(flags.year);
      if (year !== undefined && !(Number.isInteger(year) && year >= 1970 && year <= 9999)) {
        throw new UserError('usage', `--year must be a year like 2024, got "${flags.year}"`, {}, 2);
      }
      const intervalMs = parseInterval(flags.interval);
      if (intervalMs === undefined) {
        throw new UserError(
          'usage',
          `--interval must be a duration between 100ms and 24h like 30s or 5m, got "${flags.interval}"`,
          {},
          2,
        );
      }
      if (flags.listen && (inputs.length > 0 || flags.watch)) {
        throw new UserError('usage', '--listen receives messages: give it no PATH and no --watch', {}, 2);
      }
      if (flags.listen && flags.format !== 'auto' && flags.format !== 'cef') {
        throw new UserError(
          'usage',
          `--listen receives CEF over syslog; --format ${flags.format} does not apply`,
          {},
          2,
        );
      }
      if (!flags.listen && inputs.length === 0) {
        throw new UserError(
          'usage',
          'give files or folders to ingest, or --listen udp://127.0.0.1:5514',
          {},
          2,
        );
      }
      const flushMs = parseInterval(flags.flush);
      if (flushMs === undefined) {
        throw new UserError(
          'usage',
          `--flush must be a duration between 100ms and 24h like 60s or 5m, got "${flags.flush}"`,
          {},
          2,
        );
      }
      const options: IngestOptions = {
        paths: inputs.map((p) => (isAzureBlobInput(p) ? p : path.resolve(io.cwd, p))),
        lake: lakeDir(flags, io),
        format: flags.format,
        table: flags.table,
        referenceYear: year,
        env: io.env,
        onProgress: flags.quiet ? undefined : (line) => io.stderr.write(`${line}\n`),
      };
      if (flags.listen) return listen(options, flags.listen, flushMs, io);
      if (flags.watch) return watch(options, intervalMs, io);
      const summary = await ingestPaths(options);
      io.stdout.write(summaryText(summary));
      if (summary.recoveredTransactions > 0) {
        io.stdout.write(
          `finished ${summary.recoveredTransactions} interrupted commit(s) from an earlier run\n`,
        );
      }
      if (summary.failed > 0) {
        const first = summary.files.find((f) => f.status === 'failed');
        throw new UserError(
          'ingest-failed',
          `${summary.failed} file(s) could not be ingested, e.g. ${first?.path}: ${first?.reason}`,
        );
      }
    });
}
