import type { Command } from 'commander';
import { DuckDBEngine } from '../../engines/duckdb/duckdb-engine.ts';
import { summarizeTables } from '../../lake/lake-tables.ts';
import { writeResult } from '../../output/result-writer.ts';
import type { CliIo } from '../cli-io.ts';
import { lakeDir } from '../common-options.ts';

export function registerTablesCommand(program: Command, io: CliIo): void {
  program
    .command('tables')
    .description('list the lake tables: partitions, files, rows, columns')
    .option('--lake <dir>', 'lake folder')
    .option('--format <format>', 'table or json', 'table')
    .option('--schema', 'also show every column and its type')
    .action(async (flags: { lake?: string; format: string; schema?: boolean }) => {
      const engine = await DuckDBEngine.open();
      try {
        const tables = await summarizeTables(lakeDir(flags, io), engine);
        const names = ['table', 'partitions', 'firstDay', 'lastDay', 'files', 'rows', 'bytes', 'columns'];
        if (flags.schema || flags.format === 'json') names.push('schema');
        const rows = tables.map((t) => Object.fromEntries(names.map((n) => [n, t[n as keyof typeof t]])));
        await writeResult(
          { columns: names.map((name) => ({ name, type: 'string' })), rows },
          { format: flags.format === 'json' ? 'json' : 'table', stdout: io.stdout },
        );
      } finally {
        await engine.close();
      }
    });
}
