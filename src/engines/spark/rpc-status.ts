/**
 * Reads the gRPC rich-error trailer (`grpc-status-details-bin`, a google.rpc.Status) far enough to
 * find Spark's ErrorInfo: the error class and SQLSTATE. A small hand-written protobuf reader keeps
 * this independent of the generated-code machinery and tolerant of fields it does not know.
 *   google.rpc.Status    { int32 code = 1; string message = 2; repeated Any details = 3; }
 *   google.protobuf.Any  { string type_url = 1; bytes value = 2; }
 *   google.rpc.ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
 */
export interface RpcErrorInfo {
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface RpcStatus {
  readonly code: number;
  readonly message: string;
  readonly errorInfo?: RpcErrorInfo | undefined;
}

interface Field {
  readonly number: number;
  readonly varint?: bigint;
  readonly bytes?: Uint8Array;
}

/** Splits one protobuf message into its top-level fields. Throws on malformed input. */
export function readFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ number, varint: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new Error('truncated field');
      fields.push({ number, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  if (pos !== buf.length) throw new Error('truncated fixed-width field');
  return fields;
}

const utf8 = new TextDecoder();
const text = (f: Field | undefined): string => (f?.bytes ? utf8.decode(f.bytes) : '');

export function decodeErrorInfo(buf: Uint8Array): RpcErrorInfo {
  const fields = readFields(buf);
  const metadata: Record<string, string> = {};
  for (const f of fields) {
    if (f.number !== 3 || !f.bytes) continue;
    const entry = readFields(f.bytes);
    metadata[text(entry.find((e) => e.number === 1))] = text(entry.find((e) => e.number === 2));
  }
  return {
    reason: text(fields.find((f) => f.number === 1)),
    domain: text(fields.find((f) => f.number === 2)),
    metadata,
  };
}

const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';

export function decodeRpcStatus(buf: Uint8Array): RpcStatus {
  const fields = readFields(buf);
  let errorInfo: RpcErrorInfo | undefined;
  for (const f of fields) {
    if (f.number !== 3 || !f.bytes) continue;
    const any = readFields(f.bytes);
    const value = any.find((a) => a.number === 2)?.bytes;
    if (text(any.find((a) => a.number === 1)) === ERROR_INFO_TYPE && value)
      errorInfo = decodeErrorInfo(value);
  }
  return {
    code: Number(fields.find((f) => f.number === 1)?.varint ?? 0n),
    message: text(fields.find((f) => f.number === 2)),
    errorInfo,
  };
}
