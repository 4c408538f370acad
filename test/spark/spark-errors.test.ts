import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRpcStatus } from '../../src/engines/spark/rpc-status.ts';
import { GrpcCode, sparkErrorClass, sparkFailure } from '../../src/engines/spark/spark-errors.ts';

// A tiny protobuf writer, enough to build the rich-error trailer Spark sends.
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
function bytesField(field: number, value: Uint8Array | string): number[] {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}
function errorInfo(reason: string, metadata: Record<string, string>): Uint8Array {
  const entries = Object.entries(metadata).flatMap(([k, v]) =>
    bytesField(3, Uint8Array.from([...bytesField(1, k), ...bytesField(2, v)])),
  );
  return Uint8Array.from([...bytesField(1, reason), ...bytesField(2, 'org.apache.spark'), ...entries]);
}
function status(code: number, message: string, info: Uint8Array): Uint8Array {
  const any = Uint8Array.from([
    ...bytesField(1, 'type.googleapis.com/google.rpc.ErrorInfo'),
    ...bytesField(2, info),
  ]);
  return Uint8Array.from([
    ...varint(1 << 3),
    ...varint(code),
    ...bytesField(2, message),
    ...bytesField(3, any),
  ]);
}

const where = 'sc://127.0.0.1:15002';

test('the rich-error trailer yields the Spark error class and SQLSTATE', () => {
  const trailer = status(
    13,
    'boom',
    errorInfo('org.apache.spark.sql.AnalysisException', {
      errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
      sqlState: '42P01',
    }),
  );
  const decoded = decodeRpcStatus(trailer);
  assert.equal(decoded.code, 13);
  assert.equal(decoded.message, 'boom');
  assert.equal(decoded.errorInfo?.reason, 'org.apache.spark.sql.AnalysisException');
  assert.deepEqual(decoded.errorInfo?.metadata, { errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01' });
  assert.throws(() => decodeRpcStatus(Uint8Array.from([0x0a, 0x05, 0x61])), /truncated/);
});

test('failed queries: error class and first line of the message, plan dump dropped', () => {
  const details =
    "The table or view `nope` cannot be found. SQLSTATE: 42P01; line 1 pos 14;\n'Project [*]\n+- 'UnresolvedRelation [nope]";
  const e = sparkFailure(
    {
      code: GrpcCode.INTERNAL,
      details,
      statusDetails: status(13, details, errorInfo('x', { errorClass: 'TABLE_OR_VIEW_NOT_FOUND' })),
    },
    { where, phase: 'query' },
  );
  assert.equal(e.code, 'query-failed');
  assert.equal(
    e.message,
    'query failed on Spark: [TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found. SQLSTATE: 42P01; line 1 pos 14',
  );
  // Without a trailer the class comes from the message prefix.
  assert.equal(
    sparkErrorClass({ code: 13, details: '[DIVIDE_BY_ZERO] Division by zero.' }),
    'DIVIDE_BY_ZERO',
  );
});

test('unreachable, time-outs, authentication, interrupts and closed sessions', () => {
  const unreachable = sparkFailure(
    {
      code: GrpcCode.UNAVAILABLE,
      details:
        'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ',
    },
    { where: 'sc://127.0.0.1:1', phase: 'connect' },
  );
  assert.equal(unreachable.code, 'spark-unreachable');
  assert.match(
    unreachable.message,
    /^cannot reach Spark Connect at sc:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1 \(/,
  );

  const silent = sparkFailure(
    { code: GrpcCode.DEADLINE_EXCEEDED, details: 'Deadline exceeded' },
    { where, phase: 'connect', timeoutMs: 15_000 },
  );
  assert.equal(silent.code, 'spark-unreachable');
  assert.match(silent.message, /no answer within 15 s/);

  const slow = sparkFailure(
    { code: GrpcCode.DEADLINE_EXCEEDED, details: 'Deadline exceeded' },
    { where, phase: 'query', timeoutMs: 2500 },
  );
  assert.equal(slow.code, 'spark-timeout');
  assert.match(
    slow.message,
    /^Spark query timed out after 2\.5 s at sc:\/\/127\.0\.0\.1:15002 \(raise it with ;query_timeout=SECONDS/,
  );

  for (const code of [GrpcCode.UNAUTHENTICATED, GrpcCode.PERMISSION_DENIED]) {
    const auth = sparkFailure({ code, details: 'Invalid authentication token' }, { where, phase: 'connect' });
    assert.equal(auth.code, 'spark-auth');
    assert.match(
      auth.message,
      /refused the credentials: Invalid authentication token \(set LAKEHUNT_SPARK_TOKEN/,
    );
  }

  const cancelled = sparkFailure(
    { code: GrpcCode.CANCELLED, details: 'Cancelled on client' },
    { where, phase: 'query', interrupted: true },
  );
  assert.equal(cancelled.code, 'interrupted');
  // The server may answer an interrupt with its own error class under another status.
  const canceledByServer = sparkFailure(
    {
      code: GrpcCode.UNKNOWN,
      details: '[OPERATION_CANCELED] Operation has been canceled. SQLSTATE: HY008',
      statusDetails: status(
        2,
        'canceled',
        errorInfo('org.apache.spark.SparkException', { errorClass: 'OPERATION_CANCELED' }),
      ),
    },
    { where, phase: 'query', interrupted: true },
  );
  assert.equal(canceledByServer.code, 'interrupted');
  const dropped = sparkFailure(
    { code: GrpcCode.CANCELLED, details: 'Call cancelled' },
    { where, phase: 'query' },
  );
  assert.equal(dropped.code, 'spark-cancelled');
  assert.equal(
    dropped.message,
    'Spark Connect at sc://127.0.0.1:15002 cancelled the operation: Call cancelled',
  );

  const closed = sparkFailure(
    {
      code: GrpcCode.UNKNOWN,
      details: '[INVALID_HANDLE.SESSION_CLOSED] The handle abc is invalid. Session was closed.',
    },
    { where, phase: 'query' },
  );
  assert.equal(closed.code, 'spark-session-closed');
  assert.match(closed.message, /lakehunt session start --engine spark --remote sc:\/\/127\.0\.0\.1:15002/);
});
