import type { Command } from 'commander';
import { withLakeEngine } from '../../core/lake-query.ts';
import { parquetFromJsonLines } from '../../output/parquet-output.ts';
import { writeResultStream } from '../../output/result-writer.ts';
import type { CliIo } from '../cli-io.ts';
import {
  addQueryOptions,
  lakeDir,
  outputFrom,
  type QueryCommandOptions,
  windowFrom,
} from '../common-options.ts';
import { chooseEngine } from '../engine-choice.ts';

export function registerSqlCommand(program: Command, io: CliIo): void {
  addQueryOptions(
    program
      .command('sql')
      .description('run SQL over the lake (tables and the NetworkSession view, pruned to the window)')
      .argument('<sql>', 'the SQL statement'),
  )
    .option('--explain', 'print the engine plan instead of running')
    .action(async (sql: string, options: QueryCommandOptions & { explain?: boolean }) => {
      const window = windowFrom(options);
      const output = outputFrom(options, io);
      const choice = chooseEngine(options, io);
      await withLakeEngine(
        { lake: lakeDir(options, io), window, engine: choice.engine, engineOptions: choice.options },
        async (engine) => {
          if (options.explain) {
            io.stdout.write(`${await engine.explain(sql)}\n`);
            return;
          }
          // Batch by batch: a large result goes to --out without being held in memory.
          await writeResultStream(engine.stream(sql), {
            ...output,
            stdout: io.stdout,
            writeParquet: parquetFromJsonLines,
          });
        },
      );
    });
}
