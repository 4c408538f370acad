import type { HuntParameter } from '../hunt.ts';

/** The beaconing hunt's parameters. Sentinel-mode names and defaults follow the notebook's. */
export const BEACON_PARAMETERS: readonly HuntParameter[] = [
  {
    name: 'mode',
    type: 'choice',
    choices: ['score', 'sentinel'],
    default: 'score',
    description: 'score: ranked detector; sentinel: the Sentinel notebook analytic, defects fixed',
  },
  {
    name: 'table',
    type: 'string',
    description:
      'table to hunt in: NetworkSession (default in score mode) or CommonSecurityLog (default in sentinel mode)',
  },
  {
    name: 'deviceVendor',
    type: 'string',
    description:
      'only events of this vendor (DeviceVendor / EventVendor), e.g. Fortinet; all vendors when unset',
  },
  // sentinel mode
  {
    name: 'dailyEventCountThreshold',
    type: 'integer',
    default: 100,
    min: 0,
    max: 1e9,
    description: 'sentinel: a source needs more events than this in the window (and a pair more deltas)',
  },
  {
    name: 'degreeOfSrcipThreshold',
    type: 'integer',
    default: 25,
    min: 1,
    max: 1e9,
    description: 'sentinel: a destination must be reached by fewer distinct sources than this',
  },
  {
    name: 'timeDeltaThreshold',
    type: 'integer',
    default: 15,
    min: 0,
    max: 86_400,
    unit: 'seconds',
    description: 'sentinel: deltas at or below this are ignored',
  },
  {
    name: 'percentBeaconThreshold',
    type: 'number',
    default: 75,
    min: 0,
    max: 100,
    unit: '%',
    description: 'sentinel: share of deltas near the dominant one a pair needs',
  },
  {
    name: 'deltaScope',
    type: 'choice',
    choices: ['pair', 'source'],
    default: 'pair',
    description:
      "sentinel: take each delta within the pair (default) or, as the notebook does, to the source's previous event to any destination",
  },
  // score mode
  {
    name: 'minCheckins',
    type: 'integer',
    default: 6,
    min: 3,
    max: 1e9,
    description: 'score: check-ins a pair needs to be scored',
  },
  {
    name: 'collapseSeconds',
    type: 'number',
    default: 2,
    min: 0,
    max: 60,
    unit: 'seconds',
    description: 'score: connections closer than this to the previous one belong to the same check-in',
  },
  {
    name: 'acrossPorts',
    type: 'boolean',
    default: false,
    description: 'score: group by (source, destination) across destination ports',
  },
  {
    name: 'strobeDailyConnections',
    type: 'integer',
    default: 86_400,
    min: 1,
    max: 1e12,
    description: 'score: connections a day at which a pair is reported as a strobe, not scored',
  },
  {
    name: 'commonSources',
    type: 'integer',
    default: 10,
    min: 2,
    max: 1e9,
    description:
      'score: sources polling a destination in the same rhythm at which it counts as common (prevalence 0)',
  },
  {
    name: 'allowDestinations',
    type: 'list',
    default: [],
    description: 'score: destination IPv4 CIDRs or addresses to leave out, comma-separated',
  },
  {
    name: 'allowSources',
    type: 'list',
    default: [],
    description: 'score: source IPv4 CIDRs or addresses to leave out, comma-separated',
  },
  {
    name: 'includeMulticast',
    type: 'boolean',
    default: false,
    description: 'score: also score multicast and broadcast destinations (left out by default)',
  },
  {
    name: 'minSeverity',
    type: 'choice',
    choices: ['informational', 'low', 'medium', 'high'],
    default: 'low',
    description: 'score: report pairs of at least this severity',
  },
  {
    name: 'limit',
    type: 'integer',
    default: 1000,
    min: 1,
    max: 1e7,
    description: 'at most this many rows, best first',
  },
];
