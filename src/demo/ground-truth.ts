import type { TrafficScenario } from './demo-scenario.ts';

/** What was planted in generated traffic, written as ground-truth.json beside it. */
export interface GroundTruth {
  readonly seed: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly hosts: number;
  readonly events: number;
  readonly beacons: readonly GroundTruthBeacon[];
  readonly pollers: readonly GroundTruthPoller[];
}

export interface GroundTruthBeacon {
  readonly SourceIP: string;
  readonly DestinationIP: string;
  readonly DestinationPort: number;
  readonly Protocol: string;
  readonly periodSeconds: number;
  readonly jitter: number;
  readonly missedRate: number;
  readonly checkIns: number;
  readonly first: string;
  readonly last: string;
}

export interface GroundTruthPoller {
  readonly name: string;
  readonly DestinationIP: string;
  readonly DestinationPort: number;
  readonly Protocol: string;
  readonly periodSeconds: number;
  readonly sources: number;
}

export function groundTruthOf(
  scenario: TrafficScenario,
  events: number,
  checkIns: readonly number[],
): GroundTruth {
  return {
    seed: scenario.seed,
    window: { from: new Date(scenario.fromMs).toISOString(), to: new Date(scenario.toMs).toISOString() },
    hosts: scenario.hosts.length,
    events,
    beacons: scenario.beacons.map((b, i) => ({
      SourceIP: b.sourceIP,
      DestinationIP: b.destinationIP,
      DestinationPort: b.destinationPort,
      Protocol: b.protocol,
      periodSeconds: b.periodSeconds,
      jitter: b.jitter,
      missedRate: b.missedRate,
      checkIns: checkIns[i] ?? 0,
      first: new Date(b.startMs).toISOString(),
      last: new Date(b.endMs).toISOString(),
    })),
    pollers: scenario.pollers.map((p) => ({
      name: p.name,
      DestinationIP: p.destinationIP,
      DestinationPort: p.destinationPort,
      Protocol: p.protocol,
      periodSeconds: p.periodSeconds,
      sources: p.sources.length,
    })),
  };
}
