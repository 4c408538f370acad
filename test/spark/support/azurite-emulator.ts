import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';

/**
 * Azurite as Hadoop's WASB storage emulator. hadoop-azure sends the emulator account
 * (`devstoreaccount1.blob.core.windows.net`, configured on the server by spark-start.sh with
 * LAKEHUNT_SPARK_AZURE=1) to the fixed development endpoint http://127.0.0.1:10000, so Azurite must
 * listen exactly there.
 */
export const EMULATOR_PORT = 10000;
export const EMULATOR_ACCOUNT = 'devstoreaccount1';
/** Azurite's documented development key: public and well known, not a secret. */
const EMULATOR_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const AZURITE_BLOB = path.resolve(import.meta.dirname, '../../../node_modules/.bin/azurite-blob');

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Why the emulator cannot run here, or false. */
export async function emulatorSkip(): Promise<string | false> {
  if (!existsSync(AZURITE_BLOB)) return `Azurite not installed (${AZURITE_BLOB} missing): run npm ci`;
  if (await listening(EMULATOR_PORT)) {
    return `port ${EMULATOR_PORT} on 127.0.0.1 is taken (hadoop-azure's storage emulator endpoint)`;
  }
  return false;
}

export interface Emulator {
  /** Uploads every file under `folder`, keeping relative paths, into a new container. */
  upload(container: string, folder: string): Promise<number>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts azurite-blob in memory on 127.0.0.1:10000 and waits until it accepts connections. */
export async function startEmulator(): Promise<Emulator> {
  const workspace = await mkdtemp(path.join(tmpdir(), 'lakehunt-azurite-'));
  const child = spawn(
    AZURITE_BLOB,
    [
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(EMULATOR_PORT),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: workspace },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      await exited(child);
    }
    await rm(workspace, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (!(await listening(EMULATOR_PORT))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Azurite did not start on port ${EMULATOR_PORT}: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT, EMULATOR_KEY);
  return {
    async upload(name, folder) {
      const container = new ContainerClient(
        `http://127.0.0.1:${EMULATOR_PORT}/${EMULATOR_ACCOUNT}/${name}`,
        credential,
        { keepAliveOptions: { enable: false } },
      );
      await container.create();
      const files = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((d) =>
        d.isFile(),
      );
      for (const file of files) {
        const full = path.join(file.parentPath, file.name);
        await container.getBlockBlobClient(path.relative(folder, full)).uploadData(await readFile(full));
      }
      return files.length;
    },
    stop,
  };
}
