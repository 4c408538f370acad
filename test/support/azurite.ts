import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { ContainerClient, ContainerSASPermissions, StorageSharedKeyCredential } from '@azure/storage-blob';
import { tempDir } from './temp-dir.ts';

/** Azurite's documented development account (a public, well-known key, not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const AZURITE_BLOB = path.resolve(import.meta.dirname, '../../node_modules/.bin/azurite-blob');

/** Skip reason when the emulator is not installed, for `test(name, { skip }, …)`. */
export function azuriteSkip(): string | false {
  return existsSync(AZURITE_BLOB) ? false : `Azurite not installed (${AZURITE_BLOB} missing): run npm ci`;
}

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` (path style). */
  readonly serviceUrl: string;
  /** A container client with the development key, for the test to upload with; `public` allows anonymous reads. */
  container(name: string, access?: 'public'): Promise<ContainerClient>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/${DEV_ACCOUNT}?comp=list`, timeout: 500 },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts azurite-blob on 127.0.0.1 (in memory, no telemetry) and waits until it answers: on a free
 * port, or on `port` when a client needs a fixed endpoint.
 */
export async function startAzurite(port?: number): Promise<Azurite> {
  port ??= await freePort();
  const workspace = await tempDir('lakehunt-azurite-');
  const child = spawn(
    AZURITE_BLOB,
    [
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
    ],
    // In memory, so nothing is written; the cwd is a scratch folder in case it writes anyway.
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: workspace },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 3000);
      await exited(child);
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 20_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Azurite did not start on port ${port}: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const serviceUrl = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);
  return {
    serviceUrl,
    async container(name: string, access?: 'public') {
      const client = new ContainerClient(`${serviceUrl}/${name}`, credential, {
        keepAliveOptions: { enable: false },
      });
      await client.createIfNotExists(access ? { access: 'container' } : {});
      return client;
    },
    stop,
  };
}

/** Uploads text or bytes as a block blob. */
export async function putBlob(
  container: ContainerClient,
  name: string,
  content: string | Buffer,
): Promise<void> {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await container.getBlockBlobClient(name).upload(body, body.length);
}

/** A SAS token (without `?`) that lets its holder list and read one container for an hour. */
export async function containerSas(container: ContainerClient): Promise<string> {
  const url = await container.generateSasUrl({
    permissions: ContainerSASPermissions.parse('rl'),
    expiresOn: new Date(Date.now() + 3_600_000),
  });
  return new URL(url).search.slice(1);
}
