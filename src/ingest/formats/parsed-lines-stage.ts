import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { isValidTableName } from '../../lake/table-names.ts';
import { declaredColumnType } from '../../schemas/declared-schemas.ts';
import { duckdbQuoting as q } from '../../sql/sql-dialect.ts';
import { readLines } from '../line-reader.ts';
import { quarantineEntry } from '../quarantine.ts';
import type { StagedUnit } from '../staged-writer.ts';
import { jsonRecordsSelect } from './json-records.ts';
import type { ParsedLine } from './parsed-line.ts';
import type { StageContext, StageResult } from './source-format.ts';

/** One open NDJSON file per target table, with back-pressure. */
class TableFiles {
  readonly #dir: string;
  readonly #streams = new Map<string, { file: string; out: WriteStream; rows: number }>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  async write(table: string, json: string): Promise<void> {
    let entry = this.#streams.get(table);
    if (!entry) {
      const file = path.join(this.#dir, `${table}.jsonl`);
      entry = { file, out: createWriteStream(file), rows: 0 };
      this.#streams.set(table, entry);
    }
    entry.rows++;
    if (!entry.out.write(`${json}\n`)) await new Promise<void>((resolve) => entry.out.once('drain', resolve));
  }

  async close(): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const [table, { file, out }] of this.#streams) {
      await new Promise<void>((resolve, reject) =>
        out.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
      files.set(table, file);
    }
    return files;
  }
}

/**
 * Formats parsed line by line in Node (CEF, Suricata): each line becomes a record for a table or a
 * quarantine entry; the records are staged as JSON Lines per table and typed by DuckDB.
 */
export async function stageParsedLines(
  ctx: StageContext,
  label: string,
  parse: (line: string) => ParsedLine,
): Promise<StageResult> {
  const tables = new TableFiles(ctx.scratchDir);
  let records = 0;
  const onProblem = (p: { line: number; reason: string }) => {
    records++; // the damaged tail counts as one record, so the summary still adds up
    ctx.quarantine(quarantineEntry(ctx.source, p.reason, p.line));
  };
  for await (const { line, text } of readLines(ctx.file, onProblem)) {
    if (text.trim() === '') continue;
    records++;
    const parsed = parse(text);
    if (!parsed.ok) {
      ctx.quarantine(quarantineEntry(ctx.source, `${label}: ${parsed.reason}`, line, text));
      continue;
    }
    const table = ctx.tableOverride ?? parsed.table;
    if (!isValidTableName(table)) {
      ctx.quarantine(quarantineEntry(ctx.source, `${label}: invalid table name "${table}"`, line, text));
      continue;
    }
    await tables.write(table, JSON.stringify(parsed.record));
  }
  const units: StagedUnit[] = [];
  for (const [table, file] of await tables.close()) {
    const source = `read_json(${q.quoteString(file)}, format = 'newline_delimited', maximum_object_size = 67108864, sample_size = -1, hive_partitioning = false)`;
    const described = await ctx.engine.query(`DESCRIBE SELECT * FROM ${source}`);
    const inferred = described.rows.map((r) => ({
      name: String(r['column_name']),
      type: String(r['column_type']),
    }));
    const unit = await ctx.writer.write(
      table,
      jsonRecordsSelect(source, inferred, {
        label,
        table,
        timeField: 'TimeGenerated',
        declaredType: (column) => declaredColumnType(table, column),
      }),
    );
    for (const row of unit.badTimeRows)
      ctx.quarantine(quarantineEntry(ctx.source, `${label}: unreadable TimeGenerated`, undefined, row));
    if (unit.rows > 0) units.push(unit);
  }
  return { units, records };
}
