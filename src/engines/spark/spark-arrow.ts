import { DataType, type RecordBatch, RecordBatchReader } from 'apache-arrow';
import type { CellValue, ColumnInfo, QueryResult, Row } from '../engine.ts';
import { columnReader } from './spark-arrow-columns.ts';
import type { DataTypeMsg } from './spark-connect-protocol.ts';

/**
 * Turns Spark's Arrow results into lakehunt's QueryResult, the same shape the DuckDB engine
 * produces: integers as numbers when exact (else decimal text), timestamps as Date (UTC),
 * dates as Date at midnight UTC, decimals as numbers, binary as base64, lists and structs nested.
 */

/** lakehunt's logical type for an Arrow type (same vocabulary as duckdb-values.ts logicalType). */
export function logicalTypeOfArrow(type: DataType): string {
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) return 'string';
  if (DataType.isInt(type))
    return type.bitWidth === 64 || (type.bitWidth === 32 && !type.isSigned) ? 'long' : 'int';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'double';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isTimestamp(type)) return 'timestamp';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isList(type) || DataType.isLargeList(type) || DataType.isFixedSizeList(type)) return 'list';
  if (DataType.isStruct(type)) return 'struct';
  if (DataType.isMap(type)) return 'map';
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isFixedSizeBinary(type))
    return 'binary';
  if (DataType.isInterval(type) || DataType.isDuration(type)) return 'interval';
  if (DataType.isNull(type)) return 'string';
  return String(type).toLowerCase();
}

/** lakehunt's logical type for a Spark schema type (used when a result carries no Arrow batch). */
export function logicalTypeOfSpark(type: DataTypeMsg | undefined): string {
  const kind = type?.kind ?? Object.keys(type ?? {})[0] ?? 'null';
  const map: Record<string, string> = {
    null: 'string',
    string: 'string',
    char: 'string',
    var_char: 'string',
    long: 'long',
    integer: 'int',
    short: 'int',
    byte: 'int',
    double: 'double',
    float: 'double',
    decimal: 'double',
    boolean: 'boolean',
    timestamp: 'timestamp',
    timestamp_ntz: 'timestamp',
    date: 'date',
    array: 'list',
    struct: 'struct',
    map: 'map',
    binary: 'binary',
    calendar_interval: 'interval',
    year_month_interval: 'interval',
    day_time_interval: 'interval',
  };
  return map[kind] ?? kind;
}

export function columnsFromSparkSchema(schema: DataTypeMsg | undefined): ColumnInfo[] {
  return (schema?.struct?.fields ?? []).map((f) => ({ name: f.name, type: logicalTypeOfSpark(f.data_type) }));
}

/**
 * A function building one row from column arrays, generated for a list of column names: an object
 * literal with every property lets V8 allocate each row once at its final shape, several times
 * faster than adding properties one by one. Names enter the code only as JSON string literals.
 */
type RowMaker = (columns: readonly CellValue[][], index: number) => Row;

function rowMaker(names: readonly string[]): RowMaker {
  // `__proto__` in a literal would set the prototype; such results take the plain path.
  if (names.includes('__proto__')) {
    return (columns, index) => {
      const row: Row = {};
      names.forEach((name, j) => {
        Object.defineProperty(row, name, {
          value: columns[j]![index],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      });
      return row;
    };
  }
  const body = names.map((name, j) => `${JSON.stringify(name)}: c[${j}][i]`).join(', ');
  return new Function('c', 'i', `return { ${body} };`) as RowMaker;
}

/**
 * Collects the Arrow IPC streams of one result (each `arrow_batch.data` is a whole stream) and
 * converts their rows. Column names and types come from the first stream's schema.
 */
export class ArrowResultCollector {
  #columns: ColumnInfo[] | undefined;
  #makeRow: RowMaker | undefined;
  readonly #rows: Row[] = [];

  add(ipcStream: Uint8Array): void {
    const reader = RecordBatchReader.from(ipcStream);
    reader.open();
    if (!this.#columns) {
      this.#columns = reader.schema.fields.map((f) => ({ name: f.name, type: logicalTypeOfArrow(f.type) }));
      this.#makeRow = rowMaker(reader.schema.fields.map((f) => f.name));
    }
    for (const batch of reader) this.#addBatch(batch);
  }

  #addBatch(batch: RecordBatch): void {
    const columns = batch.schema.fields.map((field, j) => {
      const read = columnReader(field.type);
      const out: CellValue[] = new Array(batch.numRows);
      let at = 0;
      for (const d of batch.getChildAt(j)?.data ?? []) {
        read(d, out, at);
        at += d.length;
      }
      return out;
    });
    const makeRow = this.#makeRow ?? rowMaker(batch.schema.fields.map((f) => f.name));
    for (let i = 0; i < batch.numRows; i++) this.#rows.push(makeRow(columns, i));
  }

  get rowCount(): number {
    return this.#rows.length;
  }

  result(fallbackColumns: readonly ColumnInfo[] = []): QueryResult {
    return { columns: this.#columns ?? [...fallbackColumns], rows: this.#rows };
  }
}
