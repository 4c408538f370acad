import path from 'node:path';
import { type Command, Option } from 'commander';
import { UserError } from '../../core/errors.ts';
import { FORMAT_NAMES, type FormatName } from '../../ingest/formats/source-format.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import type { CliIo } from '../cli-io.ts';
import { lakeDir } from '../common-options.ts';

interface IngestFlags {
  lake?: string;
  format: FormatName | 'auto';
  table?: string;
  year?: string;
  quiet?: boolean;
}

export function registerIngestCommand(program: Command, io: CliIo): void {
  program
    .command('ingest')
    .description('load log files into the lake (idempotent; bad records go to <lake>/_quarantine)')
    .argument('<paths...>', 'files or folders (read recursively)')
    .option('--lake <dir>', 'lake folder', undefined)
    .addOption(
      new Option('--format <format>', 'input format').choices(['auto', ...FORMAT_NAMES]).default('auto'),
    )
    .option('--table <name>', 'target table for single-table formats (e.g. Watchlist_name for a CSV)')
    .option('--year <yyyy>', 'year for syslog timestamps that have none (RFC 3164)')
    .option('--quiet', 'print only the summary')
    .action(async (inputs: string[], flags: IngestFlags) => {
      const year = flags.year === undefined ? undefined : Number(flags.year);
      if (year !== undefined && !(Number.isInteger(year) && year >= 1970 && year <= 9999)) {
        throw new UserError('usage', `--year must be a year like 2024, got "${flags.year}"`, {}, 2);
      }
      const summary = await ingestPaths({
        paths: inputs.map((p) => path.resolve(io.cwd, p)),
        lake: lakeDir(flags, io),
        format: flags.format,
        table: flags.table,
        referenceYear: year,
        onProgress: flags.quiet ? undefined : (line) => io.stderr.write(`${line}\n`),
      });
      const tables = new Map<string, number>();
      for (const f of summary.files)
        for (const [t, n] of Object.entries(f.tables)) tables.set(t, (tables.get(t) ?? 0) + n);
      io.stdout.write(
        `${summary.files.length} files: ${summary.files.length - summary.skipped - summary.failed} ingested, ${summary.skipped} already in the lake, ${summary.failed} failed\n` +
          `${summary.records} records: ${summary.written} written, ${summary.quarantined} quarantined\n` +
          [...tables].map(([t, n]) => `  ${t}: ${n}\n`).join(''),
      );
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
