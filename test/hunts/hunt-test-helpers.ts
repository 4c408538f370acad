import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.ts';
import type { TrafficEvent } from '../../src/demo/traffic-generator.ts';

export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lakehunt-hunt-test-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A firewall event with sensible defaults, for hand-built lakes. */
export function event(
  timeMs: number,
  sourceIP: string,
  destinationIP: string,
  extra: Partial<TrafficEvent> = {},
): TrafficEvent {
  return {
    timeMs,
    sourceIP,
    sourcePort: 50_000,
    destinationIP,
    destinationPort: 443,
    protocol: 'TCP',
    sentBytes: 300,
    receivedBytes: 200,
    action: 'close',
    application: 'HTTPS',
    origin: 'test',
    ...extra,
  };
}

/** Events every `periodSeconds` (plus `offsets[i % offsets.length]` seconds) starting at `startMs`. */
export function periodic(
  count: number,
  startMs: number,
  periodSeconds: number,
  sourceIP: string,
  destinationIP: string,
  extra: Partial<TrafficEvent> = {},
  offsets: readonly number[] = [0],
): TrafficEvent[] {
  const out: TrafficEvent[] = [];
  let t = startMs;
  for (let i = 0; i < count; i++) {
    out.push(event(t, sourceIP, destinationIP, extra));
    t += (periodSeconds + offsets[i % offsets.length]!) * 1000;
  }
  return out;
}

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

export function captureIo(cwd: string): CapturedIo {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    env: { LAKEHUNT_HOME: cwd },
    cwd,
    out: () => out,
    err: () => err,
  };
}
