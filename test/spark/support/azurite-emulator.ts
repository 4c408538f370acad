import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { azuriteSkip, startAzurite } from '../../support/azurite.ts';

/**
 * Azurite as Hadoop's WASB storage emulator. hadoop-azure sends the emulator account
 * (`devstoreaccount1.blob.core.windows.net`, configured on the server by spark-start.sh with
 * LAKEHUNT_SPARK_AZURE=1) to the fixed development endpoint http://127.0.0.1:10000, so Azurite must
 * listen exactly there.
 */
export const EMULATOR_PORT = 10000;

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
  const missing = azuriteSkip();
  if (missing) return missing;
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

/** Starts Azurite in memory on 127.0.0.1:10000. */
export async function startEmulator(): Promise<Emulator> {
  const azurite = await startAzurite(EMULATOR_PORT);
  return {
    async upload(name, folder) {
      const container = await azurite.container(name);
      const files = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((d) =>
        d.isFile(),
      );
      for (const file of files) {
        const full = path.join(file.parentPath, file.name);
        await container.getBlockBlobClient(path.relative(folder, full)).uploadData(await readFile(full));
      }
      return files.length;
    },
    stop: () => azurite.stop(),
  };
}
