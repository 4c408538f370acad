import { fileURLToPath } from 'node:url';
import {
  loadSync,
  type MessageTypeDefinition,
  type MethodDefinition,
  type PackageDefinition,
  type ServiceDefinition,
} from '@grpc/proto-loader';

/**
 * Spark Connect messages as plain objects (field names as on the wire, int64 as decimal strings,
 * enums by name, bytes as Buffer), and the five RPCs lakehunt calls. The definitions live in
 * proto/spark-connect.proto; this module is the only place that loads them.
 */

export interface DataTypeMsg {
  /** Which member of the `kind` oneof is set (decoded messages only). */
  readonly kind?: string;
  readonly null?: object;
  readonly decimal?: { readonly scale?: number; readonly precision?: number };
  readonly struct?: { readonly fields?: readonly StructFieldMsg[] };
  readonly array?: { readonly element_type?: DataTypeMsg };
  readonly map?: { readonly key_type?: DataTypeMsg; readonly value_type?: DataTypeMsg };
  readonly [simpleKind: string]: unknown;
}

export interface StructFieldMsg {
  readonly name: string;
  readonly data_type?: DataTypeMsg;
  readonly nullable?: boolean;
}

export type LiteralMsg =
  | { readonly null: DataTypeMsg }
  | { readonly boolean: boolean }
  | { readonly integer: number }
  | { readonly long: string }
  | { readonly double: number }
  | { readonly string: string }
  | { readonly timestamp: string };

export interface ExpressionMsg {
  readonly literal: LiteralMsg;
}

export interface DataSourceMsg {
  readonly format: string;
  readonly schema?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly paths: readonly string[];
}

export type RelationMsg =
  | {
      readonly sql: {
        readonly query: string;
        readonly named_arguments?: Readonly<Record<string, ExpressionMsg>>;
      };
    }
  | { readonly read: { readonly data_source: DataSourceMsg } };

export interface CreateDataFrameViewMsg {
  readonly input: RelationMsg;
  readonly name: string;
  readonly is_global: boolean;
  readonly replace: boolean;
}

export type SaveMode =
  | 'SAVE_MODE_APPEND'
  | 'SAVE_MODE_OVERWRITE'
  | 'SAVE_MODE_ERROR_IF_EXISTS'
  | 'SAVE_MODE_IGNORE';

export interface WriteOperationMsg {
  readonly input: RelationMsg;
  readonly source: string;
  readonly mode: SaveMode;
  readonly options?: Readonly<Record<string, string>>;
}

export type PlanMsg =
  | { readonly root: RelationMsg }
  | { readonly command: { readonly create_dataframe_view: CreateDataFrameViewMsg } }
  | { readonly command: { readonly write_operation: WriteOperationMsg } };

export interface UserContextMsg {
  readonly user_id: string;
  readonly user_name?: string;
}

interface SessionFields {
  readonly session_id: string;
  readonly user_context: UserContextMsg;
  readonly client_type: string;
}

export interface ExecutePlanRequestMsg extends SessionFields {
  readonly plan: PlanMsg;
  readonly operation_id: string;
  readonly tags?: readonly string[];
}

export interface ExecutePlanResponseMsg {
  readonly session_id?: string;
  readonly operation_id?: string;
  readonly server_side_session_id?: string;
  readonly response_type?: 'arrow_batch' | 'result_complete';
  readonly arrow_batch?: { readonly row_count?: string; readonly data?: Buffer };
  readonly schema?: DataTypeMsg;
}

export type ExplainMode = 'EXPLAIN_MODE_SIMPLE' | 'EXPLAIN_MODE_EXTENDED' | 'EXPLAIN_MODE_FORMATTED';

export type AnalyzePlanRequestMsg = SessionFields &
  (
    | { readonly schema: { readonly plan: PlanMsg } }
    | { readonly explain: { readonly plan: PlanMsg; readonly explain_mode: ExplainMode } }
    | { readonly spark_version: Record<string, never> }
  );

export interface AnalyzePlanResponseMsg {
  readonly session_id?: string;
  readonly server_side_session_id?: string;
  readonly schema?: { readonly schema?: DataTypeMsg };
  readonly explain?: { readonly explain_string?: string };
  readonly spark_version?: { readonly version?: string };
}

export interface KeyValueMsg {
  readonly key: string;
  readonly value?: string;
}

export interface ConfigRequestMsg extends SessionFields {
  readonly operation:
    | { readonly set: { readonly pairs: readonly KeyValueMsg[] } }
    | { readonly get: { readonly keys: readonly string[] } };
}

export interface ConfigResponseMsg {
  readonly pairs?: readonly KeyValueMsg[];
  readonly warnings?: readonly string[];
}

export type InterruptRequestMsg = SessionFields &
  (
    | { readonly interrupt_type: 'INTERRUPT_TYPE_ALL' }
    | { readonly interrupt_type: 'INTERRUPT_TYPE_OPERATION_ID'; readonly operation_id: string }
  );

export interface InterruptResponseMsg {
  readonly interrupted_ids?: readonly string[];
}

export type ReleaseSessionRequestMsg = SessionFields;

export interface ReleaseSessionResponseMsg {
  readonly session_id?: string;
}

/** One RPC: its path and codecs. */
export interface SparkRpc<Request, Response> {
  readonly path: string;
  readonly serialize: (request: Request) => Buffer;
  readonly deserialize: (bytes: Buffer) => Response;
}

export interface SparkConnectProtocol {
  readonly executePlan: SparkRpc<ExecutePlanRequestMsg, ExecutePlanResponseMsg>;
  readonly analyzePlan: SparkRpc<AnalyzePlanRequestMsg, AnalyzePlanResponseMsg>;
  readonly config: SparkRpc<ConfigRequestMsg, ConfigResponseMsg>;
  readonly interrupt: SparkRpc<InterruptRequestMsg, InterruptResponseMsg>;
  readonly releaseSession: SparkRpc<ReleaseSessionRequestMsg, ReleaseSessionResponseMsg>;
  /** The whole service with server-side codecs too (for test servers). */
  readonly service: ServiceDefinition;
  /** Codec of a top-level message by its full name, e.g. `spark.connect.Plan` (tests, diagnostics). */
  message(name: string): MessageTypeDefinition<object, object>;
}

const PROTO_FILE = fileURLToPath(new URL('./proto/spark-connect.proto', import.meta.url));
const SERVICE = 'spark.connect.SparkConnectService';

let loaded: SparkConnectProtocol | undefined;

/** Loads the definitions once per process. */
export function sparkConnectProtocol(): SparkConnectProtocol {
  loaded ??= buildProtocol(
    loadSync(PROTO_FILE, { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true }),
  );
  return loaded;
}

function buildProtocol(definition: PackageDefinition): SparkConnectProtocol {
  const service = definition[SERVICE];
  if (!service || 'format' in service) throw new Error(`${SERVICE} missing from ${PROTO_FILE}`);
  const rpc = <Request, Response>(name: string): SparkRpc<Request, Response> => {
    const method: MethodDefinition<object, object> | undefined = service[name];
    if (!method) throw new Error(`${SERVICE}.${name} missing from ${PROTO_FILE}`);
    return {
      path: method.path,
      serialize: (request) => method.requestSerialize(request as object),
      deserialize: (bytes) => method.responseDeserialize(bytes) as Response,
    };
  };
  return {
    executePlan: rpc('ExecutePlan'),
    analyzePlan: rpc('AnalyzePlan'),
    config: rpc('Config'),
    interrupt: rpc('Interrupt'),
    releaseSession: rpc('ReleaseSession'),
    service,
    message(name) {
      const type = definition[name];
      if (!type || !('format' in type) || type.format !== 'Protocol Buffer 3 DescriptorProto') {
        throw new Error(`no message ${name} in ${PROTO_FILE}`);
      }
      return type as MessageTypeDefinition<object, object>;
    },
  };
}
