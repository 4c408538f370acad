import { DataType, type RecordBatch, RecordBatchReader } from 'apache-arrow';
import type { CellValue, ColumnInfo, QueryResult, ResultBatch, Row } from '../engine.ts';
import { type ColumnReader, columnReader } from './spark-arrow-columns.ts';
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
 * One Arrow record batch of a result, held column by column. `rows` are built on first access, so
 * a consumer that reads only `cells` (the output writers) never pays for an object per row.
 */
export class ColumnarBatch implements ResultBatch {
  readonly columns: readonly ColumnInfo[];
  readonly cells: readonly CellValue[][];
  readonly rowCount: number;
  readonly #makeRow: RowMaker;
  #rows: Row[] | undefined;

  constructor(
    columns: readonly ColumnInfo[],
    cells: readonly CellValue[][],
    rowCount: number,
    makeRow: RowMaker,
  ) {
    this.columns = columns;
    this.cells = cells;
    this.rowCount = rowCount;
    this.#makeRow = makeRow;
  }

  get rows(): Row[] {
    if (!this.#rows) {
      const rows: Row[] = new Array(this.rowCount);
      for (let i = 0; i < this.rowCount; i++) rows[i] = this.#makeRow(this.cells, i);
      this.#rows = rows;
    }
    return this.#rows;
  }
}

/**
 * Decodes the Arrow IPC streams of one result (each `arrow_batch.data` is a whole stream) into
 * columnar batches, one per record batch. Column names and types come from the first stream's
 * schema; the column readers, and the cells they share between rows, live as long as the result.
 */
export class ArrowRowDecoder {
  #columns: ColumnInfo[] | undefined;
  #makeRow: RowMaker | undefined;
  #readers: ColumnReader[] = [];

  /** The result's columns, once a stream has been decoded. */
  get columns(): ColumnInfo[] | undefined {
    return this.#columns;
  }

  /** The record batches of one IPC stream, handed to `emit` one at a time. */
  decodeBatches(ipcStream: Uint8Array, emit: (batch: ColumnarBatch) => void): void {
    const reader = RecordBatchReader.from(ipcStream);
    reader.open();
    if (!this.#columns) {
      const fields = reader.schema.fields;
      this.#columns = fields.map((f) => ({ name: f.name, type: logicalTypeOfArrow(f.type) }));
      this.#makeRow = rowMaker(fields.map((f) => f.name));
      this.#readers = fields.map((f) => columnReader(f.type));
    }
    for (const batch of reader) emit(this.#batch(batch));
  }

  /** The rows of one IPC stream, handed to `emit` one record batch at a time. */
  decode(ipcStream: Uint8Array, emit: (rows: Row[]) => void): void {
    this.decodeBatches(ipcStream, (batch) => emit(batch.rows));
  }

  #batch(batch: RecordBatch): ColumnarBatch {
    const fields = batch.schema.fields;
    const sameShape = fields.length === this.#readers.length;
    const cells = fields.map((field, j) => {
      const read = (sameShape ? this.#readers[j] : undefined) ?? columnReader(field.type);
      const out: CellValue[] = new Array(batch.numRows);
      let at = 0;
      for (const d of batch.getChildAt(j)?.data ?? []) {
        read(d, out, at);
        at += d.length;
      }
      return out;
    });
    const columns = sameShape
      ? (this.#columns ?? [])
      : fields.map((f) => ({ name: f.name, type: logicalTypeOfArrow(f.type) }));
    const makeRow = (sameShape ? this.#makeRow : undefined) ?? rowMaker(fields.map((f) => f.name));
    return new ColumnarBatch(columns, cells, batch.numRows, makeRow);
  }
}

/** Collects every row of one result. */
export class ArrowResultCollector {
  readonly #decoder = new ArrowRowDecoder();
  readonly #rows: Row[] = [];

  add(ipcStream: Uint8Array): void {
    this.#decoder.decode(ipcStream, (rows) => {
      for (const row of rows) this.#rows.push(row);
    });
  }

  get rowCount(): number {
    return this.#rows.length;
  }

  result(fallbackColumns: readonly ColumnInfo[] = []): QueryResult {
    return { columns: this.#decoder.columns ?? [...fallbackColumns], rows: this.#rows };
  }
}
