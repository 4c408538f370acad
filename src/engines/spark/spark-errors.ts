import { UserError } from '../../core/errors.ts';
import { decodeRpcStatus, type RpcErrorInfo } from './rpc-status.ts';

/** gRPC status codes lakehunt tells apart (numbers from the gRPC specification). */
export const GrpcCode = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** What a failed call looked like: the parts of a grpc-js ServiceError lakehunt reads. */
export interface RpcFailure {
  readonly code: number;
  readonly details: string;
  /** Raw `grpc-status-details-bin` trailer, when the server sent one. */
  readonly statusDetails?: Uint8Array | undefined;
}

export interface FailureContext {
  /** `sc://host:port`, without secrets. */
  readonly where: string;
  /** What lakehunt was doing: 'connect' (first contact) or 'query'. */
  readonly phase: 'connect' | 'query';
  /** The deadline that applied, for the time-out message. */
  readonly timeoutMs?: number | undefined;
  /** True when the caller cancelled on purpose (Ctrl-C). */
  readonly interrupted?: boolean;
}

/** Spark's error class for a failure (from ErrorInfo metadata, else the `[CLASS]` message prefix). */
export function sparkErrorClass(failure: RpcFailure): string | undefined {
  const info = errorInfoOf(failure);
  const fromInfo = info?.metadata['errorClass'];
  if (fromInfo) return fromInfo;
  return /^\[([A-Z][A-Z0-9_.]*)\]/.exec(failure.details.trim())?.[1];
}

function errorInfoOf(failure: RpcFailure): RpcErrorInfo | undefined {
  if (!failure.statusDetails || failure.statusDetails.length === 0) return undefined;
  try {
    return decodeRpcStatus(failure.statusDetails).errorInfo;
  } catch {
    return undefined;
  }
}

/**
 * The first meaningful line of Spark's message, without the plan dump Spark appends; prefixed with
 * the error class when the message does not already start with it.
 */
export function sparkMessage(failure: RpcFailure): string {
  const lines = failure.details.split('\n').map((l) => l.trim());
  let first = lines.find((l) => l !== '') ?? '';
  first = first.replace(/;\s*$/, '');
  const errorClass = sparkErrorClass(failure);
  if (errorClass && !first.startsWith(`[${errorClass}]`)) first = `[${errorClass}] ${first}`;
  return first || `gRPC status ${failure.code}`;
}

/** grpc-js wraps the socket error in prose; keep just the socket error ("connect ECONNREFUSED …"). */
export function connectionProblem(detail: string): string {
  const last = /Last error: (?:Error: )?(.*?)(?:\.?\s*Resolution note:.*)?$/.exec(detail);
  const core = (last?.[1] ?? detail).trim().replace(/\.$/, '');
  return core || 'the server is unavailable';
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'the deadline' : `${Math.round(ms / 100) / 10} s`;
}

/** Turns a failed Spark Connect call into the one-line error a user can act on. */
export function sparkFailure(failure: RpcFailure, context: FailureContext): UserError {
  const { where } = context;
  const detail = failure.details.split('\n')[0]?.trim() ?? '';
  // After Ctrl-C the server may end the stream with CANCELLED or with an OPERATION_CANCELED
  // error under another status: either way the user asked for it.
  if (context.interrupted)
    return new UserError('interrupted', 'interrupted: the Spark operation was cancelled');
  switch (failure.code) {
    case GrpcCode.UNAVAILABLE:
      return new UserError(
        'spark-unreachable',
        `cannot reach Spark Connect at ${where}: ${connectionProblem(detail)}` +
          ' (is the server running? `npm run spark:start` starts a local one)',
      );
    case GrpcCode.DEADLINE_EXCEEDED:
      return context.phase === 'connect'
        ? new UserError(
            'spark-unreachable',
            `cannot reach Spark Connect at ${where}: no answer within ${seconds(context.timeoutMs)}` +
              ' (raise it with ;connect_timeout=SECONDS in the URL)',
          )
        : new UserError(
            'spark-timeout',
            `Spark query timed out after ${seconds(context.timeoutMs)} at ${where}` +
              ' (raise it with ;query_timeout=SECONDS in the URL)',
          );
    case GrpcCode.UNAUTHENTICATED:
    case GrpcCode.PERMISSION_DENIED:
      return new UserError(
        'spark-auth',
        `Spark Connect at ${where} refused the credentials: ${detail || 'authentication failed'}` +
          ' (set LAKEHUNT_SPARK_TOKEN to a valid token)',
      );
    case GrpcCode.CANCELLED:
      return new UserError(
        'spark-cancelled',
        `Spark Connect at ${where} cancelled the operation: ${detail || 'no reason given'}`,
      );
    case GrpcCode.RESOURCE_EXHAUSTED:
      if (!sparkErrorClass(failure)) {
        return new UserError(
          'spark-message-too-large',
          `Spark Connect at ${where}: ${detail} (a result message exceeded 128 MiB; add a LIMIT or aggregate)`,
        );
      }
      break;
  }
  const errorClass = sparkErrorClass(failure);
  if (errorClass?.startsWith('INVALID_HANDLE.SESSION_CLOSED')) {
    return new UserError(
      'spark-session-closed',
      `the Spark session at ${where} was stopped: run \`lakehunt session start --engine spark --remote ${where}\` for a new one`,
    );
  }
  return new UserError('query-failed', `query failed on Spark: ${sparkMessage(failure)}`);
}
