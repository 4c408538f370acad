import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** A fresh temporary folder, removed when the test file finishes. */
export async function tempDir(prefix = 'lakehunt-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

const created: string[] = [];
// Registered at the top level of the test file, so folders made in before() hooks live until the end.
after(async () => {
  for (const dir of created.splice(0)) await rm(dir, { recursive: true, force: true });
});
