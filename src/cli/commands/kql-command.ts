import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError, UserError } from '../../core/errors.ts';
import { withLakeEngine } from '../../core/lake-query.ts';
import { compileKql } from '../../kql/compile-kql.ts';
import { catalogForSnapshot, narrowedWindow } from '../../kql/kql-lake.ts';
import { loadLakeSnapshot } from '../../lake/lake-catalog.ts';
import { writeParquetResult } from '../../output/parquet-output.ts';
import { writeResult } from '../../output/result-writer.ts';
import type { CliIo } from '../cli-io.ts';
import {
  addQueryOptions,
  lakeDir,
  nowFrom,
  outputFrom,
  type QueryCommandOptions,
  windowFrom,
} from '../common-options.ts';
import { chooseEngine } from '../engine-choice.ts';

interface KqlOptions extends QueryCommandOptions {
  file?: string;
  explain?: boolean;
}

async function queryText(
  query: string | undefined,
  options: KqlOptions,
  io: CliIo,
): Promise<{ text: string; file?: string }> {
  if (query !== undefined && options.file)
    throw new UsageError('give the query as an argument or with -f FILE, not both');
  if (query !== undefined) return { text: query };
  if (!options.file) throw new UsageError('give a KQL query as an argument or with -f FILE');
  const file = path.resolve(io.cwd, options.file);
  try {
    return { text: await readFile(file, 'utf8'), file };
  } catch {
    throw new UserError('cannot-read-query', `cannot read the query file ${file}`);
  }
}

export function registerKqlCommand(program: Command, io: CliIo): void {
  addQueryOptions(
    program
      .command('kql')
      .description("run a KQL query over the lake (compiled to the engine's SQL)")
      .argument('[query]', 'the KQL query'),
  )
    .option('-f, --file <file>', 'read the query from a file')
    .option('--explain', 'print the SQL for the chosen engine and run nothing')
    .action(async (query: string | undefined, options: KqlOptions) => {
      const { text, file } = await queryText(query, options, io);
      const window = windowFrom(options);
      const now = nowFrom(options);
      const output = outputFrom(options, io);
      const choice = chooseEngine(options, io);
      const dialect = choice.engine === 'spark' ? 'spark' : 'duckdb';
      const lake = lakeDir(options, io);
      const snapshot = await loadLakeSnapshot(lake, window).catch((e: unknown) => {
        if (options.explain && e instanceof UserError && e.code === 'no-lake') return undefined;
        throw e;
      });
      let compiled: ReturnType<typeof compileKql>;
      try {
        compiled = compileKql(text, { catalog: catalogForSnapshot(snapshot), dialect, now, window });
      } catch (e) {
        if (e instanceof UserError && file) throw new UserError(e.code, e.message, { ...e.at, file });
        throw e;
      }
      if (options.explain) {
        io.stdout.write(`${compiled.sql}\n`);
        return;
      }
      if (!snapshot) throw new UserError('no-lake', `no lake at ${lake}`);
      const narrowed = narrowedWindow(compiled.timeRange, snapshot);
      await withLakeEngine(
        { lake, window: narrowed, engine: choice.engine, engineOptions: choice.options },
        async (engine) => {
          const result = await engine.query(compiled.sql, compiled.params);
          await writeResult(result, {
            ...output,
            stdout: io.stdout,
            writeParquet: writeParquetResult,
          });
        },
      );
    });
}
