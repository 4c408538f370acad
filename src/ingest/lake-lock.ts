import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One writer per lake: an exclusive lock file holding the writer's PID; stale locks are taken over. */
export async function acquireLakeLock(metaDir: string): Promise<() => Promise<void>> {
  const file = path.join(metaDir, 'ingest.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid) {
        throw new UserError(
          'lake-busy',
          `another ingest (PID ${pid}) is writing to this lake; wait for it to finish`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new UserError('lake-busy', `cannot lock the lake (${file}); remove it if no ingest is running`);
}
