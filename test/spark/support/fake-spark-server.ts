import * as grpc from '@grpc/grpc-js';
import { Int64, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { sparkConnectProtocol } from '../../../src/engines/spark/spark-connect-protocol.ts';

/**
 * A stand-in Spark Connect server for client tests that need no JVM: it speaks the same gRPC
 * service with lakehunt's own message definitions and scripted behaviour keyed on the SQL text.
 * The real protocol is exercised against real Spark in the live suite.
 */
export interface FakeSparkServer {
  readonly url: string;
  readonly seen: {
    authorization: string[];
    headers: Record<string, string>[];
    executed: { operationId: string; sql: string }[];
    interrupted: string[];
    released: string[];
    cancelled: string[];
  };
  close(): Promise<void>;
}

/** Spark's rich-error trailer carrying an ErrorInfo with an error class. */
function errorTrailer(errorClass: string, message: string): Buffer {
  const field = (n: number, b: Buffer) => Buffer.concat([Buffer.from([(n << 3) | 2, b.length]), b]);
  const entry = field(
    3,
    Buffer.concat([field(1, Buffer.from('errorClass')), field(2, Buffer.from(errorClass))]),
  );
  const info = Buffer.concat([field(1, Buffer.from('org.apache.spark.SparkException')), entry]);
  const any = Buffer.concat([
    field(1, Buffer.from('type.googleapis.com/google.rpc.ErrorInfo')),
    field(2, info),
  ]);
  return Buffer.concat([Buffer.from([0x08, 13]), field(2, Buffer.from(message)), field(3, any)]);
}

interface Msg {
  readonly [key: string]: unknown;
}

export async function startFakeSparkServer(
  options: { token?: string; tls?: { cert: Buffer; key: Buffer } } = {},
): Promise<FakeSparkServer> {
  const seen: FakeSparkServer['seen'] = {
    authorization: [],
    headers: [],
    executed: [],
    interrupted: [],
    released: [],
    cancelled: [],
  };
  const server = new grpc.Server();
  const authorized = (metadata: grpc.Metadata): boolean => {
    const auth = String(metadata.get('authorization')[0] ?? '');
    seen.authorization.push(auth);
    seen.headers.push(Object.fromEntries(Object.entries(metadata.getMap()).map(([k, v]) => [k, String(v)])));
    return options.token === undefined || auth === `Bearer ${options.token}`;
  };
  const denied = { code: grpc.status.UNAUTHENTICATED, details: 'Invalid authentication token' };

  server.addService(sparkConnectProtocol().service, {
    AnalyzePlan(call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      if (!authorized(call.metadata)) return callback(denied);
      callback(null, { session_id: call.request['session_id'], spark_version: { version: '9.9.9-fake' } });
    },
    Config(call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      if (!authorized(call.metadata)) return callback(denied);
      callback(null, { session_id: call.request['session_id'] });
    },
    Interrupt(call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      seen.interrupted.push(String(call.request['operation_id']));
      callback(null, { interrupted_ids: [call.request['operation_id']] });
    },
    ReleaseSession(call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      seen.released.push(String(call.request['session_id']));
      callback(null, { session_id: call.request['session_id'] });
    },
    ExecutePlan(call: grpc.ServerWritableStream<Msg, Msg>) {
      if (!authorized(call.metadata)) return call.destroy(Object.assign(new Error(denied.details), denied));
      const plan = call.request['plan'] as { root?: { sql?: { query?: string } } };
      const sql = plan.root?.sql?.query ?? '';
      const operationId = String(call.request['operation_id']);
      seen.executed.push({ operationId, sql });
      call.on('cancelled', () => seen.cancelled.push(operationId));
      if (sql === 'slow') return; // answers only by being cancelled or timing out
      if (sql === 'fail') {
        const metadata = new grpc.Metadata();
        metadata.set('grpc-status-details-bin', errorTrailer('DIVIDE_BY_ZERO', 'Division by zero.'));
        call.emit('error', {
          code: grpc.status.INTERNAL,
          details: 'Division by zero. SQLSTATE: 22012',
          metadata,
        });
        return;
      }
      const table = new Table({ n: vectorFromArray([1n, 2n, 3n], new Int64()) });
      call.write({
        operation_id: operationId,
        arrow_batch: { row_count: '3', data: Buffer.from(tableToIPC(table, 'stream')) },
      });
      call.write({ operation_id: operationId, result_complete: {} });
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${options.tls ? 'localhost' : '127.0.0.1'}:0`,
      options.tls
        ? grpc.ServerCredentials.createSsl(null, [
            { cert_chain: options.tls.cert, private_key: options.tls.key },
          ])
        : grpc.ServerCredentials.createInsecure(),
      (e, p) => (e ? reject(e) : resolve(p)),
    ),
  );
  return {
    url: `sc://${options.tls ? 'localhost' : '127.0.0.1'}:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
