import type { Command } from 'commander';
import { withLakeEngine } from '../../core/lake-query.ts';
import type { QueryResult } from '../../engines/engine.ts';
import type { Hunt, HuntParameter } from '../../hunts/hunt.ts';
import { getHunt, listHunts, parameterFlag, runHunt, STAMP_COLUMNS } from '../../hunts/hunts.ts';
import { prepareHunt } from '../../hunts/run-hunt.ts';
import { loadLakeSnapshot } from '../../lake/lake-catalog.ts';
import { writeParquetResult } from '../../output/parquet-output.ts';
import { renderTable, writeResult } from '../../output/result-writer.ts';
import type { CliIo } from '../cli-io.ts';
import {
  addQueryOptions,
  lakeDir,
  outputFrom,
  type QueryCommandOptions,
  windowFrom,
} from '../common-options.ts';
import { chooseEngine } from '../engine-choice.ts';

/** Columns left out of the terminal table (they stay in json, csv and parquet). */
const TABLE_HIDDEN = new Set([...STAMP_COLUMNS.map((c) => c.name), 'IntervalHistogram', 'Timedeltalist']);

function describeDefault(p: HuntParameter): string {
  if (p.default === undefined) return '';
  const text = Array.isArray(p.default) ? p.default.join(',') : String(p.default);
  return text === '' ? '' : ` (default: ${text}${p.unit && p.unit !== '%' ? ` ${p.unit}` : (p.unit ?? '')})`;
}

function describeRange(p: HuntParameter): string {
  if (p.choices) return ` [${p.choices.join('|')}]`;
  if (p.min !== undefined && p.max !== undefined && p.max < 1e6) return ` [${p.min}–${p.max}]`;
  if (p.min !== undefined) return ` [≥ ${p.min}]`;
  return '';
}

function addParameterOption(cmd: Command, p: HuntParameter): void {
  const flag = parameterFlag(p.name);
  const text = `${p.description}${describeRange(p)}${describeDefault(p)}`;
  if (p.type === 'boolean') cmd.option(flag, text);
  else cmd.option(`${flag} <${p.type === 'list' ? 'list' : p.type === 'choice' ? 'choice' : 'value'}>`, text);
}

function huntParamsFrom(hunt: Hunt, flags: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const p of hunt.parameters) if (flags[p.name] !== undefined) raw[p.name] = flags[p.name];
  return raw;
}

function registerHuntSubcommand(parent: Command, hunt: Hunt, io: CliIo): void {
  const cmd = addQueryOptions(parent.command(hunt.name).description(hunt.description));
  for (const p of hunt.parameters) addParameterOption(cmd, p);
  cmd
    .option('--explain', 'print the compiled SQL and its parameters instead of running')
    .action(async (flags: QueryCommandOptions & Record<string, unknown> & { explain?: boolean }) => {
      const window = windowFrom(flags);
      const output = outputFrom(flags, io);
      const choice = chooseEngine(flags, io);
      const lake = lakeDir(flags, io);
      const raw = huntParamsFrom(hunt, flags);
      if (flags.explain) {
        const snapshot = await loadLakeSnapshot(lake, window);
        const dialect = choice.engine === 'spark' ? 'spark' : 'duckdb';
        const { query } = prepareHunt(dialect, snapshot, hunt.name, raw);
        io.stdout.write(`${query.sql}\n-- parameters: ${JSON.stringify(query.params)}\n`);
        return;
      }
      await withLakeEngine(
        { lake, window, engine: choice.engine, engineOptions: choice.options },
        async (engine, snapshot) => {
          const result = await runHunt(engine, snapshot, hunt.name, raw);
          const full: QueryResult = { columns: result.columns, rows: result.rows };
          if (output.format === 'table') {
            const columns = result.columns.filter((c) => !TABLE_HIDDEN.has(c.name));
            const shown: QueryResult = { columns, rows: result.rows };
            const text = renderTable(shown);
            if (output.out) await writeResult(shown, { ...output, stdout: io.stdout });
            else io.stdout.write(text);
          } else {
            await writeResult(full, { ...output, stdout: io.stdout, writeParquet: writeParquetResult });
          }
          const window = `[${result.window.from.toISOString()}, ${result.window.to.toISOString()})`;
          io.stderr.write(`lakehunt: hunt ${result.hunt} on ${result.engine}, window ${window}\n`);
          for (const note of result.notes) io.stderr.write(`lakehunt: ${note}\n`);
        },
      );
    });
}

/** `lakehunt hunt list`, `lakehunt hunt <name> [options]`: one subcommand per registered hunt. */
export function registerHuntCommand(program: Command, io: CliIo): void {
  const hunt = program
    .command('hunt')
    .description('run a built-in hunt over the lake (see `lakehunt hunt list`)');
  hunt
    .command('list')
    .description('list the registered hunts')
    .action(() => {
      for (const h of listHunts()) io.stdout.write(`${h.name.padEnd(16)} ${h.description}\n`);
    });
  for (const h of listHunts()) registerHuntSubcommand(hunt, getHunt(h.name), io);
}
