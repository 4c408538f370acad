import {
  type Data,
  DataType,
  type Field,
  type RecordBatch,
  RecordBatchReader,
  TimeUnit,
  Vector,
} from 'apache-arrow';
import type { CellValue, ColumnInfo, QueryResult, Row } from '../engine.ts';
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

const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

function bigintCell(v: bigint): number | string {
  return v >= SAFE_MIN && v <= SAFE_MAX ? Number(v) : v.toString();
}

function floatCell(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

const MICROS_PER_UNIT: Record<number, bigint> = {
  [TimeUnit.SECOND]: 1_000_000n,
  [TimeUnit.MILLISECOND]: 1_000n,
  [TimeUnit.MICROSECOND]: 1n,
};

/** A timestamp as Date from its raw int64 (millisecond precision, like the DuckDB engine). */
function timestampReader(unit: TimeUnit): (raw: bigint) => Date {
  if (unit === TimeUnit.NANOSECOND) return (raw) => new Date(Number(raw / 1_000_000n));
  const perUnit = MICROS_PER_UNIT[unit] ?? 1n;
  return (raw) => new Date(Number((raw * perUnit) / 1_000n));
}

/** Two's-complement little-endian 32-bit words → bigint. */
function wordsToBigInt(words: Uint32Array): bigint {
  let v = 0n;
  for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[i]!);
  const bits = BigInt(words.length * 32);
  return words[words.length - 1]! & 0x80000000 ? v - (1n << bits) : v;
}

function decimalToNumber(unscaled: bigint, scale: number): number {
  if (scale <= 0) return Number(unscaled) * 10 ** -scale;
  // Split so doubles see integer and fraction separately (exact for typical money/byte values).
  const div = 10n ** BigInt(scale);
  return Number(unscaled / div) + Number(unscaled % div) / Number(div);
}

type CellReader = (data: Data, index: number) => CellValue;

/** Builds the reader for one column type; nulls are handled by the caller. */
function cellReader(type: DataType): CellReader {
  if (DataType.isInt(type)) {
    if (type.bitWidth === 64) return (d, i) => bigintCell((d.values as BigInt64Array)[i]!);
    return (d, i) => Number(d.values[i]);
  }
  if (DataType.isFloat(type)) return (d, i) => floatCell(Number(d.values[i]));
  if (DataType.isTimestamp(type)) {
    const read = timestampReader(type.unit);
    return (d, i) => read((d.values as BigInt64Array)[i]!);
  }
  if (DataType.isDecimal(type)) {
    const { scale } = type;
    return (d, i) => {
      const stride = d.stride;
      return floatCell(
        decimalToNumber(
          wordsToBigInt((d.values as Uint32Array).subarray(i * stride, (i + 1) * stride)),
          scale,
        ),
      );
    };
  }
  if (DataType.isDate(type)) return (d, i) => dateCell(vectorGet(d, i));
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isFixedSizeBinary(type)) {
    return (d, i) => {
      const bytes = vectorGet(d, i);
      return bytes instanceof Uint8Array ? Buffer.from(bytes).toString('base64') : null;
    };
  }
  if (DataType.isList(type) || DataType.isLargeList(type) || DataType.isFixedSizeList(type)) {
    const child = type.children[0];
    return (d, i) => {
      const value = vectorGet(d, i);
      return isVector(value) && child ? vectorCells(value, child.type) : null;
    };
  }
  if (DataType.isStruct(type)) {
    const fields = type.children;
    return (d, i) => structCell(d, i, fields);
  }
  if (DataType.isMap(type)) {
    const entry = type.children[0]?.type;
    const valueType: DataType | undefined = entry?.children[1]?.type;
    return (d, i) => {
      const value = vectorGet(d, i);
      if (value === null || typeof value !== 'object' || !valueType) return null;
      const out: Record<string, CellValue> = {};
      for (const [k, v] of value as Iterable<[unknown, unknown]>) out[String(k)] = plainCell(v, valueType);
      return out;
    };
  }
  if (DataType.isBool(type)) return (d, i) => Boolean(vectorGet(d, i));
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) {
    return (d, i) => vectorGet(d, i) as string;
  }
  if (DataType.isNull(type)) return () => null;
  return (d, i) => {
    const v = vectorGet(d, i);
    return v === null || v === undefined ? null : typeof v === 'bigint' ? v.toString() : String(v);
  };
}

function dateCell(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'bigint') return new Date(Number(value));
  return null;
}

function isVector(value: unknown): value is Vector {
  return value instanceof Vector;
}

// Nested and rarely used types go through Arrow's own accessors, over a Vector per Data.
const vectors = new WeakMap<Data, Vector>();
function vectorGet(d: Data, i: number): unknown {
  let v = vectors.get(d);
  if (!v) {
    v = new Vector([d]);
    vectors.set(d, v);
  }
  return v.get(i);
}

/** All cells of a nested vector (list elements). */
function vectorCells(vector: Vector, type: DataType): CellValue[] {
  const read = cellReader(type);
  const out: CellValue[] = [];
  for (const d of vector.data) {
    for (let i = 0; i < d.length; i++) out.push(d.getValid(i) ? read(d, i) : null);
  }
  return out;
}

function structCell(d: Data, i: number, fields: readonly Field[]): CellValue {
  const out: Record<string, CellValue> = {};
  fields.forEach((field, j) => {
    const child = d.children[j];
    out[field.name] = child?.getValid(i) ? cellReader(field.type)(child, i) : null;
  });
  return out;
}

/** A value Arrow already materialised (map values) into a cell. */
function plainCell(v: unknown, type: DataType): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return bigintCell(v);
  if (typeof v === 'number')
    return DataType.isTimestamp(type) || DataType.isDate(type) ? new Date(v) : floatCell(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (isVector(v)) return vectorCells(v, type.children[0]?.type ?? type);
  return String(v);
}

/** Writes every value of one column chunk into rows[start …] under `name`. */
type ColumnFiller = (d: Data, rows: Row[], start: number, name: string) => void;

/** Is slot i valid? Bit-level read of the validity bitmap (values buffers are pre-sliced, bitmaps not). */
function validity(d: Data): ((i: number) => boolean) | undefined {
  if (d.nullCount === 0 || !d.nullBitmap || d.nullBitmap.length === 0) return undefined;
  const bitmap = d.nullBitmap;
  const offset = d.offset;
  return (i) => {
    const pos = offset + i;
    return (bitmap[pos >> 3]! & (1 << (pos & 7))) !== 0;
  };
}

/** 64-bit integers read as two 32-bit halves: no BigInt per cell unless the value exceeds 2^53. */
function int64Filler(signed: boolean, toCell: (n: number) => CellValue): ColumnFiller {
  return (d, rows, start, name) => {
    const values = d.values as BigInt64Array | BigUint64Array;
    const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
    const valid = validity(d);
    for (let i = 0; i < d.length; i++) {
      const row = rows[start + i]!;
      if (valid && !valid(i)) {
        row[name] = null;
        continue;
      }
      const hi = words[2 * i + 1]!;
      const lo = words[2 * i]! >>> 0;
      if (signed ? hi >= -0x200000 && hi < 0x200000 : hi >= 0 && hi < 0x200000)
        row[name] = toCell(hi * 4294967296 + lo);
      else row[name] = bigintCell(values[i]!);
    }
  };
}

const utf8Decoder = new TextDecoder();

/** Strings: one decode per chunk when it is single-byte text (the common case), else one per value. */
const utf8Filler: ColumnFiller = (d, rows, start, name) => {
  const values = d.values as Uint8Array;
  const offsets = d.valueOffsets as Int32Array;
  const valid = validity(d);
  const base = offsets[0] ?? 0;
  const end = offsets[d.length] ?? base;
  const text = utf8Decoder.decode(values.subarray(base, end));
  const singleByte = text.length === end - base;
  for (let i = 0; i < d.length; i++) {
    const row = rows[start + i]!;
    if (valid && !valid(i)) row[name] = null;
    else if (singleByte) row[name] = text.slice(offsets[i]! - base, offsets[i + 1]! - base);
    else row[name] = utf8Decoder.decode(values.subarray(offsets[i]!, offsets[i + 1]!));
  }
};

/** Fixed-width numbers that JavaScript holds exactly (8-, 16-, 32-bit integers, floats). */
function numberFiller(float: boolean): ColumnFiller {
  return (d, rows, start, name) => {
    const values = d.values as ArrayLike<number>;
    const valid = validity(d);
    for (let i = 0; i < d.length; i++) {
      const v = values[i]!;
      rows[start + i]![name] = valid && !valid(i) ? null : float && !Number.isFinite(v) ? String(v) : v;
    }
  };
}

const boolFiller: ColumnFiller = (d, rows, start, name) => {
  const bits = d.values as Uint8Array;
  const offset = d.offset;
  const valid = validity(d);
  for (let i = 0; i < d.length; i++) {
    const pos = offset + i;
    rows[start + i]![name] = valid && !valid(i) ? null : (bits[pos >> 3]! & (1 << (pos & 7))) !== 0;
  }
};

/** Any other type, one cell at a time through the general readers. */
function genericFiller(type: DataType): ColumnFiller {
  const read = cellReader(type);
  return (d, rows, start, name) => {
    const valid = validity(d);
    for (let i = 0; i < d.length; i++) rows[start + i]![name] = valid && !valid(i) ? null : read(d, i);
  };
}

const MS_PER_UNIT: Record<number, number> = {
  [TimeUnit.SECOND]: 1000,
  [TimeUnit.MILLISECOND]: 1,
  [TimeUnit.MICROSECOND]: 0.001,
  [TimeUnit.NANOSECOND]: 0.000001,
};

function columnFiller(type: DataType): ColumnFiller {
  if (DataType.isUtf8(type)) return utf8Filler;
  if (DataType.isInt(type)) {
    if (type.bitWidth === 64) return int64Filler(type.isSigned, (n) => n);
    return numberFiller(false);
  }
  if (DataType.isFloat(type)) return numberFiller(true);
  if (DataType.isBool(type)) return boolFiller;
  if (DataType.isTimestamp(type)) {
    const scale = MS_PER_UNIT[type.unit] ?? 0.001;
    // Truncation toward zero, as the DuckDB engine converts its microseconds.
    return int64Filler(true, (n) => new Date(Math.trunc(n * scale)));
  }
  return genericFiller(type);
}

/**
 * Collects the Arrow IPC streams of one result (each `arrow_batch.data` is a whole stream) and
 * converts their rows. Column names and types come from the first stream's schema.
 */
export class ArrowResultCollector {
  #columns: ColumnInfo[] | undefined;
  readonly #rows: Row[] = [];

  add(ipcStream: Uint8Array): void {
    const reader = RecordBatchReader.from(ipcStream);
    reader.open();
    if (!this.#columns) {
      this.#columns = reader.schema.fields.map((f) => ({ name: f.name, type: logicalTypeOfArrow(f.type) }));
    }
    for (const batch of reader) this.#addBatch(batch);
  }

  #addBatch(batch: RecordBatch): void {
    const start = this.#rows.length;
    const rows = this.#rows;
    // Rows cloned from one template are allocated at full size with a shared shape, so filling
    // them column by column only overwrites slots (no per-row property growth).
    const template: Row = Object.fromEntries(batch.schema.fields.map((f) => [f.name, null]));
    for (let i = 0; i < batch.numRows; i++) rows.push({ ...template });
    batch.schema.fields.forEach((field, j) => {
      const fill = columnFiller(field.type);
      let row = start;
      for (const d of batch.getChildAt(j)?.data ?? []) {
        fill(d, rows, row, field.name);
        row += d.length;
      }
    });
  }

  get rowCount(): number {
    return this.#rows.length;
  }

  result(fallbackColumns: readonly ColumnInfo[] = []): QueryResult {
    return { columns: this.#columns ?? [...fallbackColumns], rows: this.#rows };
  }
}
