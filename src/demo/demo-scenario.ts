import { createRandom } from './prng.ts';

const DAY_MS = 86_400_000;

/** One planted beacon: a host calling a C2 server on a schedule. */
export interface BeaconSpec {
  readonly sourceIP: string;
  readonly destinationIP: string;
  readonly destinationPort: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly periodSeconds: number;
  /** Share of the sleep that may be subtracted at random (Cobalt Strike style), 0–1. */
  readonly jitter: number;
  /** Probability that a check-in is skipped, 0–1. */
  readonly missedRate: number;
  /** Typical request size in bytes. */
  readonly requestBytes: number;
  /** Active period (epoch ms, half-open); defaults to the whole window. */
  readonly startMs: number;
  readonly endMs: number;
}

/** Benign software polling a public service from many hosts. */
export interface PollerSpec {
  readonly name: string;
  readonly destinationIP: string;
  readonly destinationPort: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly periodSeconds: number;
  /** Relative spread of the interval (± share). */
  readonly jitter: number;
  readonly sentBytes: number;
  readonly receivedBytes: number;
  /** Poll only during working hours (08:00–18:00 UTC). */
  readonly workingHoursOnly: boolean;
  readonly sources: readonly string[];
}

export interface TrafficScenario {
  readonly seed: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly hosts: readonly string[];
  readonly dnsServer: string;
  readonly publicServer: string;
  readonly sites: readonly string[];
  readonly pollers: readonly PollerSpec[];
  readonly beacons: readonly BeaconSpec[];
}

export interface ScenarioOptions {
  readonly hosts: number;
  readonly days: number;
  /** Last UTC day, YYYY-MM-DD. */
  readonly endDate: string;
  readonly seed: string | number;
  /** Beacons to plant; the default set when absent. */
  readonly beacons?: readonly BeaconInput[];
}

/** A beacon as a caller describes it; addresses and timing not given are chosen by the scenario. */
export interface BeaconInput {
  readonly sourceIP?: string;
  readonly destinationIP?: string;
  readonly destinationPort?: number;
  readonly protocol?: 'TCP' | 'UDP';
  readonly periodSeconds: number;
  readonly jitter: number;
  readonly missedRate: number;
  readonly requestBytes?: number;
  /** Offsets from the window start, in seconds. */
  readonly startOffsetSeconds?: number;
  readonly durationSeconds?: number;
}

/** The planted beacons of `lakehunt demo`: slow and fast, jittered, with missed check-ins. */
export const DEFAULT_BEACONS: readonly BeaconInput[] = [
  { periodSeconds: 60, jitter: 0.2, missedRate: 0.05, destinationPort: 443 },
  { periodSeconds: 300, jitter: 0.5, missedRate: 0.1, destinationPort: 80 },
  { periodSeconds: 1800, jitter: 0.1, missedRate: 0, destinationPort: 8443 },
  { periodSeconds: 3600, jitter: 0.3, missedRate: 0.1, destinationPort: 443 },
  {
    periodSeconds: 10,
    jitter: 0,
    missedRate: 0,
    destinationPort: 443,
    startOffsetSeconds: 36_000,
    durationSeconds: 2400,
  },
];

export function hostAddress(i: number): string {
  return `10.20.${1 + Math.floor(i / 250)}.${10 + (i % 250)}`;
}

/** Addresses outside the private ranges, spread over a few realistic-looking blocks. */
function publicAddress(prefix: number, i: number): string {
  return `${prefix}.${(i * 37 + 11) % 250}.${(i * 53 + 7) % 250}.${(i * 29 + 3) % 250 || 1}`;
}

export function windowOf(endDate: string, days: number): { fromMs: number; toMs: number } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) throw new Error(`bad end date ${endDate}`);
  const end = Date.parse(`${endDate}T00:00:00Z`);
  return { fromMs: end - (days - 1) * DAY_MS, toMs: end + DAY_MS };
}

export function buildScenario(options: ScenarioOptions): TrafficScenario {
  const seed = String(options.seed);
  const random = createRandom(`${seed}/scenario`);
  const { fromMs, toMs } = windowOf(options.endDate, options.days);
  const hosts = Array.from({ length: options.hosts }, (_, i) => hostAddress(i));
  const sites = Array.from({ length: 300 }, (_, i) => publicAddress([104, 142, 151, 172, 13, 52][i % 6]!, i));
  const share = (fraction: number, salt: string) => {
    const r = createRandom(`${seed}/poller/${salt}`);
    const chosen = hosts.filter(() => r.chance(fraction));
    return chosen.length > 0 ? chosen : hosts.slice(0, 1);
  };
  const pollers: PollerSpec[] = [
    poller('ntp', '129.6.15.28', 123, 'UDP', 1024, 0.002, 76, 76, false, hosts),
    poller('update-check', '13.107.4.50', 443, 'TCP', 3600, 0.02, 1400, 5200, false, share(0.7, 'update')),
    poller('av-signatures', '23.35.210.17', 443, 'TCP', 14_400, 0.01, 900, 48_000, false, share(0.9, 'av')),
    poller('telemetry', '20.42.65.92', 443, 'TCP', 900, 0.05, 2100, 800, false, share(0.8, 'telemetry')),
    poller('chat-keepalive', '52.113.194.132', 443, 'TCP', 60, 0.1, 420, 380, true, share(0.6, 'chat')),
  ];
  const beacons = (options.beacons ?? DEFAULT_BEACONS).map((b, i) => {
    const start = fromMs + (b.startOffsetSeconds ?? 0) * 1000;
    const end = b.durationSeconds === undefined ? toMs : Math.min(toMs, start + b.durationSeconds * 1000);
    const spec: BeaconSpec = {
      sourceIP: b.sourceIP ?? hosts[(i * 7 + 3) % hosts.length]!,
      destinationIP: b.destinationIP ?? publicAddress([185, 45, 91, 194, 5][i % 5]!, 1000 + i),
      destinationPort: b.destinationPort ?? 443,
      protocol: b.protocol ?? 'TCP',
      periodSeconds: b.periodSeconds,
      jitter: b.jitter,
      missedRate: b.missedRate,
      requestBytes: b.requestBytes ?? random.int(180, 900),
      startMs: start,
      endMs: end,
    };
    return spec;
  });
  return {
    seed,
    fromMs,
    toMs,
    hosts,
    dnsServer: '10.20.0.53',
    publicServer: '198.51.100.10',
    sites,
    pollers,
    beacons,
  };
}

function poller(
  name: string,
  destinationIP: string,
  destinationPort: number,
  protocol: 'TCP' | 'UDP',
  periodSeconds: number,
  jitter: number,
  sentBytes: number,
  receivedBytes: number,
  workingHoursOnly: boolean,
  sources: readonly string[],
): PollerSpec {
  return {
    name,
    destinationIP,
    destinationPort,
    protocol,
    periodSeconds,
    jitter,
    sentBytes,
    receivedBytes,
    workingHoursOnly,
    sources,
  };
}
