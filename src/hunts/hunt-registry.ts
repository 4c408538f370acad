import { UserError } from '../core/errors.ts';
import type { Hunt } from './hunt.ts';

const hunts = new Map<string, Hunt>();

export function registerHunt(hunt: Hunt): void {
  if (hunts.has(hunt.name)) throw new Error(`hunt "${hunt.name}" is registered twice`);
  hunts.set(hunt.name, hunt);
}

/** Registered hunts, by name. */
export function listHunts(): Hunt[] {
  return [...hunts.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function getHunt(name: string): Hunt {
  const hunt = hunts.get(name);
  if (!hunt) {
    const known = listHunts()
      .map((h) => h.name)
      .join(', ');
    throw new UserError('unknown-hunt', `Unknown hunt "${name}" (known: ${known})`, {}, 2);
  }
  return hunt;
}
