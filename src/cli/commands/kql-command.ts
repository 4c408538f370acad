import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError, UserError } from '../../core/errors.ts';
import { withLakeEngine } from '../../core/lake-query.ts';
import type { Engine } from '../../engines/engine.ts';
import { type CompiledKql, compileKql } from '../../kql/compile-kql.ts';
import { catalogForSnapshot, narrowedWindow } from '../../kql/kql-lake.ts';
import { loadLakeSnapshot } from '../../lake/lake-catalog.ts';
import { isLakeUrl } from '../../lake/lake-location.ts';
import type { LakeSnapshot } from '../../lake/lake-snapshot.ts';
import { parquetFromJsonLines } from '../../output/parquet-output.ts';
import { writeResultStream } from '../../output/result-writer.ts';
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
  externalData?: string[];
}

/**
 * Local copies of `externaldata` sources from `--external-data URL=FILE` (split at the last `=`):
 * only the files named here are read.
 */
async function externalDataFiles(specs: readonly string[], io: CliIo): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    if (at <= 0 || at === spec.length - 1)
      throw new UsageError(`--external-data takes URL=FILE, got "${spec}"`);
    const url = spec.slice(0, at);
    const file = path.resolve(io.cwd, spec.slice(at + 1));
    try {
      files.set(url, await readFile(file, 'utf8'));
    } catch {
      throw new UserError('cannot-read-external-data', `cannot read ${file} (the local copy of ${url})`);
    }
  }
  return files;
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
    .option(
      '--external-data <url=file>',
      'a local copy of an externaldata URL (repeatable); nothing is downloaded',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (query: string | undefined, options: KqlOptions) => {
      const { text, file } = await queryText(query, options, io);
      const window = windowFrom(options);
      const now = nowFrom(options);
      const output = outputFrom(options, io);
      const choice = chooseEngine(options, io);
      const dialect = choice.engine === 'spark' ? 'spark' : 'duckdb';
      const lake = lakeDir(options, io);
      const externalData = await externalDataFiles(options.externalData ?? [], io);
      const compile = (snapshot: LakeSnapshot | undefined) => {
        try {
          return compileKql(text, {
            catalog: catalogForSnapshot(snapshot),
            dialect,
            now,
            window,
            externalData,
          });
        } catch (e) {
          if (e instanceof UserError && file) throw new UserError(e.code, e.message, { ...e.at, file });
          throw e;
        }
      };
      // Batch by batch: a large result goes to --out without being held in memory.
      const run = (engine: Engine, compiled: CompiledKql) =>
        writeResultStream(engine.stream(compiled.sql, compiled.params), {
          ...output,
          stdout: io.stdout,
          writeParquet: parquetFromJsonLines,
        });
      const target = { lake, engine: choice.engine, engineOptions: choice.options };
      if (isLakeUrl(lake)) {
        // A lake on cluster storage is listed by the engine, so the query is compiled against the
        // tables it finds; only the window flags prune its partitions.
        if (options.explain) {
          io.stdout.write(`${compile(undefined).sql}\n`);
          return;
        }
        await withLakeEngine({ ...target, window }, (engine, snapshot) => run(engine, compile(snapshot)));
        return;
      }
      const snapshot = await loadLakeSnapshot(lake, window).catch((e: unknown) => {
        if (options.explain && e instanceof UserError && e.code === 'no-lake') return undefined;
        throw e;
      });
      const compiled = compile(snapshot);
      if (options.explain) {
        io.stdout.write(`${compiled.sql}\n`);
        return;
      }
      if (!snapshot) throw new UserError('no-lake', `no lake at ${lake}`);
      // The query's own time range narrows the partitions opened.
      const narrowed = narrowedWindow(compiled.timeRange, snapshot);
      await withLakeEngine({ ...target, window: narrowed }, (engine) => run(engine, compiled));
    });
}
