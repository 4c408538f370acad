import type { BeaconSpec, PollerSpec, TrafficScenario } from './demo-scenario.ts';
import { createRandom, type Random } from './prng.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** One firewall session record before it is shaped into a table's columns. */
export interface TrafficEvent {
  /** Epoch milliseconds, UTC. */
  readonly timeMs: number;
  readonly sourceIP: string;
  readonly sourcePort: number;
  readonly destinationIP: string;
  readonly destinationPort: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly sentBytes: number;
  readonly receivedBytes: number;
  readonly action: 'close' | 'accept' | 'deny';
  readonly application: string;
  /** What produced it: browsing, dns, poller:<name>, ssh-scan, ssh-bruteforce, beacon:<n>. */
  readonly origin: string;
}

/** A source of events that can be asked for everything before a time, in order of calls. */
interface Actor {
  eventsUntil(untilMs: number, out: TrafficEvent[]): void;
}

function ephemeralPort(random: Random): number {
  return random.int(49_152, 65_535);
}

function isWorkingHour(timeMs: number): boolean {
  const hour = Math.floor((timeMs % DAY_MS) / HOUR_MS);
  const weekday = new Date(timeMs).getUTCDay();
  return hour >= 8 && hour < 18 && weekday !== 0 && weekday !== 6;
}

/** Cobalt Strike style: each sleep is the period minus a random share up to `jitter`. */
function beaconActor(spec: BeaconSpec, index: number, seed: string): Actor & { checkIns: number } {
  const random = createRandom(`${seed}/beacon/${index}`);
  const periodMs = spec.periodSeconds * 1000;
  let next = spec.startMs + random.uniform(0, periodMs);
  const actor = {
    checkIns: 0,
    eventsUntil(untilMs: number, out: TrafficEvent[]) {
      while (next < untilMs && next < spec.endMs) {
        if (!random.chance(spec.missedRate)) {
          const tasked = random.chance(0.03);
          out.push({
            timeMs: Math.round(next),
            sourceIP: spec.sourceIP,
            sourcePort: ephemeralPort(random),
            destinationIP: spec.destinationIP,
            destinationPort: spec.destinationPort,
            protocol: spec.protocol,
            sentBytes: Math.round(spec.requestBytes * random.uniform(0.98, 1.02)),
            receivedBytes: tasked ? random.int(4_000, 60_000) : random.int(120, 260),
            action: 'close',
            application: spec.destinationPort === 80 ? 'HTTP' : 'HTTPS',
            origin: `beacon:${index}`,
          });
          actor.checkIns++;
        }
        next += periodMs * (1 - random.uniform(0, spec.jitter));
      }
    },
  };
  return actor;
}

function pollerActor(spec: PollerSpec, source: string, seed: string): Actor {
  const random = createRandom(`${seed}/poller/${spec.name}/${source}`);
  const periodMs = spec.periodSeconds * 1000;
  let next: number | undefined;
  return {
    eventsUntil(untilMs, out) {
      if (next === undefined) next = untilMs - DAY_MS + random.uniform(0, periodMs);
      while (next < untilMs) {
        if (!spec.workingHoursOnly || isWorkingHour(next)) {
          out.push({
            timeMs: Math.round(next),
            sourceIP: source,
            sourcePort: spec.protocol === 'UDP' && spec.destinationPort === 123 ? 123 : ephemeralPort(random),
            destinationIP: spec.destinationIP,
            destinationPort: spec.destinationPort,
            protocol: spec.protocol,
            sentBytes: Math.round(spec.sentBytes * random.uniform(0.97, 1.03)),
            receivedBytes: Math.round(spec.receivedBytes * random.uniform(0.9, 1.1)),
            action: spec.protocol === 'UDP' ? 'accept' : 'close',
            application: spec.destinationPort === 123 ? 'NTP' : 'HTTPS',
            origin: `poller:${spec.name}`,
          });
        }
        next += periodMs * (1 + random.uniform(-spec.jitter, spec.jitter));
      }
    },
  };
}

/** A person at a workstation: page visits (bursts of HTTPS connections) with DNS look-ups before them. */
function browsingActor(host: string, scenario: TrafficScenario, hostIndex: number): Actor {
  const random = createRandom(`${scenario.seed}/browsing/${host}`);
  // Each person has favourite sites (Zipf-like over the shared list) and a level of activity.
  const visitsPerHour = random.uniform(4, 14);
  const favourites = Array.from(
    { length: 40 },
    () => scenario.sites[Math.floor(scenario.sites.length * random.next() ** 2.5)]!,
  );
  const lateWorker = hostIndex % 5 === 0;
  let clock: number | undefined;
  return {
    eventsUntil(untilMs, out) {
      let hourStart = clock ?? untilMs - DAY_MS;
      for (; hourStart < untilMs; hourStart += HOUR_MS) {
        const hour = Math.floor((hourStart % DAY_MS) / HOUR_MS);
        const active = isWorkingHour(hourStart) || (lateWorker && hour >= 19 && hour < 23);
        const visits = active ? Math.round(random.exponential(visitsPerHour)) : random.chance(0.05) ? 1 : 0;
        for (let v = 0; v < visits; v++) {
          const at = hourStart + random.uniform(0, HOUR_MS);
          const site = random.chance(0.8) ? random.pick(favourites) : random.pick(scenario.sites);
          out.push(dnsEvent(host, scenario.dnsServer, at, random));
          const burst = random.int(1, 6);
          for (let c = 0; c < burst; c++) {
            out.push({
              timeMs: Math.round(at + 20 + random.uniform(0, 3000)),
              sourceIP: host,
              sourcePort: ephemeralPort(random),
              destinationIP: site,
              destinationPort: random.chance(0.93) ? 443 : 80,
              protocol: 'TCP',
              sentBytes: Math.round(random.logNormal(900, 0.6)),
              receivedBytes: Math.round(random.logNormal(24_000, 1.4)),
              action: 'close',
              application: 'HTTPS',
              origin: 'browsing',
            });
          }
        }
        // Background name look-ups by the operating system.
        const background = Math.round(random.exponential(6));
        for (let b = 0; b < background; b++)
          out.push(dnsEvent(host, scenario.dnsServer, hourStart + random.uniform(0, HOUR_MS), random));
      }
      clock = hourStart;
    },
  };
}

function dnsEvent(host: string, server: string, at: number, random: Random): TrafficEvent {
  return {
    timeMs: Math.round(at),
    sourceIP: host,
    sourcePort: ephemeralPort(random),
    destinationIP: server,
    destinationPort: 53,
    protocol: 'UDP',
    sentBytes: random.int(60, 90),
    receivedBytes: random.int(90, 300),
    action: 'accept',
    application: 'DNS',
    origin: 'dns',
  };
}

/** Internet noise against the public server: scanners touching port 22, and a few brute-force runs. */
function sshNoiseActor(scenario: TrafficScenario): Actor {
  const random = createRandom(`${scenario.seed}/ssh`);
  let clock: number | undefined;
  return {
    eventsUntil(untilMs, out) {
      let dayStart = clock ?? untilMs - DAY_MS;
      for (; dayStart < untilMs; dayStart += DAY_MS) {
        const scanners = random.int(20, 60);
        for (let s = 0; s < scanners; s++) {
          const source = `${random.int(1, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
          const at = dayStart + random.uniform(0, DAY_MS);
          const tries = random.int(1, 3);
          for (let t = 0; t < tries; t++)
            out.push(
              sshEvent(
                source,
                scenario.publicServer,
                at + t * random.uniform(500, 4000),
                'deny',
                'ssh-scan',
                random,
              ),
            );
        }
        const bruteForcers = random.int(1, 3);
        for (let b = 0; b < bruteForcers; b++) {
          const source = `${random.int(1, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
          let at = dayStart + random.uniform(0, DAY_MS - HOUR_MS);
          const attempts = random.int(40, 400);
          for (let a = 0; a < attempts; a++) {
            out.push(sshEvent(source, scenario.publicServer, at, 'close', 'ssh-bruteforce', random));
            at += random.uniform(1500, 9000);
          }
        }
      }
      clock = dayStart;
    },
  };
}

function sshEvent(
  source: string,
  server: string,
  at: number,
  action: 'deny' | 'close',
  origin: string,
  random: Random,
): TrafficEvent {
  return {
    timeMs: Math.round(at),
    sourceIP: source,
    sourcePort: ephemeralPort(random),
    destinationIP: server,
    destinationPort: 22,
    protocol: 'TCP',
    sentBytes: action === 'deny' ? 0 : random.int(1_800, 3_200),
    receivedBytes: action === 'deny' ? 0 : random.int(2_200, 4_000),
    action,
    application: 'SSH',
    origin,
  };
}

export interface TrafficDay {
  /** YYYY-MM-DD */
  readonly day: string;
  /** The day's events, ordered by time. */
  readonly events: readonly TrafficEvent[];
}

/**
 * Generates the scenario's traffic one UTC day at a time, each day's events in time order. The same
 * scenario always yields the same events. `checkIns` counts each planted beacon's emitted check-ins.
 */
export function* generateTraffic(scenario: TrafficScenario, checkIns: number[] = []): Generator<TrafficDay> {
  const beacons = scenario.beacons.map((spec, i) => beaconActor(spec, i, scenario.seed));
  const actors: Actor[] = [
    ...scenario.hosts.map((host, i) => browsingActor(host, scenario, i)),
    ...scenario.pollers.flatMap((p) => p.sources.map((s) => pollerActor(p, s, scenario.seed))),
    sshNoiseActor(scenario),
    ...beacons,
  ];
  for (let dayStart = scenario.fromMs; dayStart < scenario.toMs; dayStart += DAY_MS) {
    const dayEnd = Math.min(dayStart + DAY_MS, scenario.toMs);
    const events: TrafficEvent[] = [];
    for (const actor of actors) actor.eventsUntil(dayEnd, events);
    const inDay = events.filter((e) => e.timeMs >= dayStart && e.timeMs < dayEnd);
    inDay.sort((a, b) => a.timeMs - b.timeMs);
    beacons.forEach((b, i) => {
      checkIns[i] = b.checkIns;
    });
    yield { day: new Date(dayStart).toISOString().slice(0, 10), events: inDay };
  }
}
