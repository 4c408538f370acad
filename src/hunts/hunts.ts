import { beaconingHunt } from './beaconing/beaconing-hunt.ts';
import { registerHunt } from './hunt-registry.ts';

/** Registers the built-in hunts. Importing this module is enough to make them available. */
registerHunt(beaconingHunt);

export type { CompiledQuery, Hunt, HuntParameter, HuntParams } from './hunt.ts';
export { parameterFlag, resolveHuntParams } from './hunt-params.ts';
export { getHunt, listHunts, registerHunt } from './hunt-registry.ts';
export { type HuntResult, prepareHunt, runHunt, STAMP_COLUMNS } from './run-hunt.ts';
