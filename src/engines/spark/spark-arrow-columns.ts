import { type Data, DataType, type Field, TimeUnit, Vector } from 'apache-arrow';
import type { CellValue } from '../engine.ts';

/**
 * Arrow column chunks → arrays of lakehunt cells. The common types have dedicated loops over the
 * raw buffers (no BigInt per 64-bit cell, one UTF-8 decode per chunk of single-byte text); the
 * rest go through Arrow's accessors one cell at a time. Values buffers of a Data are already
 * sliced to it; validity and boolean bitmaps are not, hence `offset`.
 */

/** Writes the cells of one column chunk into out[start …]. */
export type ColumnReader = (d: Data, out: CellValue[], start: number) => void;

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

/** Is slot i valid? Undefined when the chunk has no nulls. */
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
function int64Reader(signed: boolean, toCell: (n: number) => CellValue): ColumnReader {
  return (d, out, start) => {
    const values = d.values as BigInt64Array | BigUint64Array;
    const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
    const valid = validity(d);
    for (let i = 0; i < d.length; i++) {
      if (valid && !valid(i)) {
        out[start + i] = null;
        continue;
      }
      const hi = words[2 * i + 1]!;
      const lo = words[2 * i]! >>> 0;
      const exact = signed ? hi >= -0x200000 && hi < 0x200000 : hi >= 0 && hi < 0x200000;
      out[start + i] = exact ? toCell(hi * 4294967296 + lo) : bigintCell(values[i]!);
    }
  };
}

const utf8Decoder = new TextDecoder();

/**
 * Repeated values of one result column share one cell. Security data repeats itself (addresses,
 * protocols, actions, timestamps truncated to the minute): keeping one copy of each value means
 * only the distinct values outlive the young generation, which is where the garbage collector
 * otherwise spends most of the client's time. The tables are direct-mapped (a collision replaces
 * the slot), so a mostly distinct column costs a hash and a failed compare per value, no more.
 */
const SHARED_SLOTS = 4096;
const SLOT_SHIFT = 32 - Math.log2(SHARED_SLOTS);
/** Longer strings are rarely repeated and costly to compare: they are not shared. */
const SHARED_MAX_LENGTH = 48;

/** Strings: one decode per chunk when it is single-byte text (the common case), else one per value. */
function utf8Reader(): ColumnReader {
  const shared: (string | undefined)[] = new Array(SHARED_SLOTS).fill(undefined);
  const sharedHash = new Int32Array(SHARED_SLOTS);
  // Each slot's bytes, so a candidate is compared byte to byte within typed arrays.
  const sharedBytes = new Uint8Array(SHARED_SLOTS * SHARED_MAX_LENGTH);
  const sharedLength = new Int32Array(SHARED_SLOTS).fill(-1);
  return (d, out, start) => {
    const values = d.values as Uint8Array;
    const offsets = d.valueOffsets as Int32Array;
    const valid = validity(d);
    const base = offsets[0] ?? 0;
    const end = offsets[d.length] ?? base;
    const text = utf8Decoder.decode(values.subarray(base, end));
    if (text.length !== end - base) {
      for (let i = 0; i < d.length; i++) {
        out[start + i] =
          valid && !valid(i) ? null : utf8Decoder.decode(values.subarray(offsets[i]!, offsets[i + 1]!));
      }
      return;
    }
    for (let i = 0; i < d.length; i++) {
      if (valid && !valid(i)) {
        out[start + i] = null;
        continue;
      }
      const from = offsets[i]!;
      const to = offsets[i + 1]!;
      const length = to - from;
      if (length > SHARED_MAX_LENGTH) {
        out[start + i] = text.slice(from - base, to - base);
        continue;
      }
      // Single-byte text: bytes and characters coincide, so hash and compare the bytes.
      let h = length;
      for (let k = from; k < to; k++) h = Math.imul(h ^ values[k]!, 0x01000193);
      const slot = Math.imul(h, 0x9e3779b1) >>> SLOT_SHIFT;
      const at = slot * SHARED_MAX_LENGTH;
      if (sharedLength[slot] === length && sharedHash[slot] === h) {
        let k = 0;
        while (k < length && sharedBytes[at + k] === values[from + k]) k++;
        if (k === length) {
          out[start + i] = shared[slot]!;
          continue;
        }
      }
      const value = text.slice(from - base, to - base);
      shared[slot] = value;
      sharedHash[slot] = h;
      sharedLength[slot] = length;
      sharedBytes.set(values.subarray(from, to), at);
      out[start + i] = value;
    }
  };
}

/**
 * Timestamps as Date, equal instants sharing one (lakehunt treats cells as immutable). Its own loop
 * over the raw words (no call per cell). A column whose instants hardly repeat (a plain scan: every
 * event its own microsecond) stops looking them up after its first chunk and just makes Dates.
 */
function timestampColumnReader(msPerUnit: number): ColumnReader {
  const sharedMs = new Float64Array(SHARED_SLOTS).fill(Number.NaN);
  const shared: (Date | undefined)[] = new Array(SHARED_SLOTS).fill(undefined);
  let sharing = true;
  let seen = 0;
  let hits = 0;
  return (d, out, start) => {
    const values = d.values as BigInt64Array;
    const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
    const valid = validity(d);
    const length = d.length;
    for (let i = 0; i < length; i++) {
      if (valid && !valid(i)) {
        out[start + i] = null;
        continue;
      }
      const hi = words[2 * i + 1]!;
      if (hi < -0x200000 || hi >= 0x200000) {
        out[start + i] = bigintCell(values[i]!);
        continue;
      }
      // Truncation toward zero, as the DuckDB engine converts its microseconds.
      const ms = Math.trunc((hi * 4294967296 + (words[2 * i]! >>> 0)) * msPerUnit);
      if (!sharing) {
        out[start + i] = new Date(ms);
        continue;
      }
      const slot = Math.imul((ms % 4294967296) ^ (ms / 4294967296), 0x9e3779b1) >>> SLOT_SHIFT;
      if (sharedMs[slot] === ms) {
        hits++;
        out[start + i] = shared[slot]!;
        continue;
      }
      const date = new Date(ms);
      sharedMs[slot] = ms;
      shared[slot] = date;
      out[start + i] = date;
    }
    seen += length;
    // Judged once, on the first few thousand values: fewer than one in twenty repeats.
    if (seen >= 4096 && seen - length < 4096 && hits * 20 < seen) sharing = false;
  };
}

/** Fixed-width numbers that JavaScript holds exactly (8-, 16-, 32-bit integers, floats). */
function numberReader(float: boolean): ColumnReader {
  return (d, out, start) => {
    const values = d.values as ArrayLike<number>;
    const valid = validity(d);
    for (let i = 0; i < d.length; i++) {
      const v = values[i]!;
      out[start + i] = valid && !valid(i) ? null : float && !Number.isFinite(v) ? String(v) : v;
    }
  };
}

const boolReader: ColumnReader = (d, out, start) => {
  const bits = d.values as Uint8Array;
  const offset = d.offset;
  const valid = validity(d);
  for (let i = 0; i < d.length; i++) {
    const pos = offset + i;
    out[start + i] = valid && !valid(i) ? null : (bits[pos >> 3]! & (1 << (pos & 7))) !== 0;
  }
};

/** Any other type, one cell at a time through the general readers. */
function genericReader(type: DataType): ColumnReader {
  const read = cellReader(type);
  return (d, out, start) => {
    const valid = validity(d);
    for (let i = 0; i < d.length; i++) out[start + i] = valid && !valid(i) ? null : read(d, i);
  };
}

const MS_PER_UNIT: Record<number, number> = {
  [TimeUnit.SECOND]: 1000,
  [TimeUnit.MILLISECOND]: 1,
  [TimeUnit.MICROSECOND]: 0.001,
  [TimeUnit.NANOSECOND]: 0.000001,
};

/**
 * The reader for one column of one result. Readers keep per-column state (the shared cells of
 * repeated strings and timestamps), so make one per result column and reuse it for its chunks.
 */
export function columnReader(type: DataType): ColumnReader {
  if (DataType.isUtf8(type)) return utf8Reader();
  if (DataType.isInt(type))
    return type.bitWidth === 64 ? int64Reader(type.isSigned, (n) => n) : numberReader(false);
  if (DataType.isFloat(type)) return numberReader(true);
  if (DataType.isBool(type)) return boolReader;
  if (DataType.isTimestamp(type)) {
    return timestampColumnReader(MS_PER_UNIT[type.unit] ?? 0.001);
  }
  return genericReader(type);
}
