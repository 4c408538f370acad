import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project's real test data lives beside the repository in ../shared/data. */
export const SHARED_DATA = path.resolve(import.meta.dirname, '../../../shared/data');

/** Skip reason when the shared data folder is absent, for `test(name, { skip }, …)`. */
export function sharedDataSkip(sub = ''): string | false {
  const p = path.join(SHARED_DATA, sub);
  return existsSync(p) ? false : `real data not found at ${p} (the shared data folder beside the repository)`;
}

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}
