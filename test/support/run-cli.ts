import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output (LAKEHUNT_LAKE cleared so tests name their lake). */
export function runCli(args: string[], cwd = process.cwd()): Promise<CliRun> {
  return runCliWith(args, { ...process.env, LAKEHUNT_LAKE: undefined }, cwd);
}

/** Runs the CLI in-process with its own environment (e.g. a LAKEHUNT_HOME per test). */
export async function runCliWith(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(args, { stdout, stderr, env, cwd });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
