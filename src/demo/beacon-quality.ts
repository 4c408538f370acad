import type { Row } from '../engines/engine.ts';
import type { BeaconInput } from './demo-scenario.ts';
import type { GroundTruth } from './ground-truth.ts';

/** The recall/precision grid: every combination is planted once among benign traffic. */
export const QUALITY_PERIODS = [10, 60, 300, 1800, 3600, 21_600] as const;
export const QUALITY_JITTERS = [0, 0.2, 0.5, 0.8] as const;
export const QUALITY_MISSED = [0, 0.1, 0.3] as const;

export function qualityBeacons(): BeaconInput[] {
  const out: BeaconInput[] = [];
  for (const periodSeconds of QUALITY_PERIODS) {
    for (const jitter of QUALITY_JITTERS) {
      for (const missedRate of QUALITY_MISSED) {
        out.push({
          periodSeconds,
          jitter,
          missedRate,
          destinationPort: [443, 80, 8080, 53][out.length % 4]!,
        });
      }
    }
  }
  return out;
}

const MEDIUM_OR_HIGH = new Set(['medium', 'high']);

export interface QualityCell {
  readonly periodSeconds: number;
  readonly jitter: number;
  readonly missedRate: number;
  readonly detected: boolean;
  readonly severity: string;
  readonly rank: number | null;
}

export interface QualityReport {
  readonly cells: readonly QualityCell[];
  /** Recall at Severity ≥ medium over beacons with jitter ≤ 50 % and missed ≤ 10 %. */
  readonly targetRecall: number;
  readonly overallRecall: number;
  /** Planted beacons among all pairs rated ≥ medium. */
  readonly precision: number;
  readonly reportedMediumOrHigh: number;
  readonly falsePositives: readonly string[];
}

function key(source: unknown, destination: unknown, port: unknown): string {
  return `${String(source)}|${String(destination)}|${String(port)}`;
}

/** Scores a hunt's rows (run with --min-severity informational) against the ground truth. */
export function evaluateQuality(truth: GroundTruth, rows: readonly Row[]): QualityReport {
  const planted = new Map(truth.beacons.map((b) => [key(b.SourceIP, b.DestinationIP, b.DestinationPort), b]));
  const found = new Map<string, { severity: string; rank: number }>();
  rows.forEach((r, i) => {
    found.set(key(r['SourceIP'], r['DestinationIP'], r['DestinationPort']), {
      severity: String(r['Severity']),
      rank: i + 1,
    });
  });
  const cells: QualityCell[] = truth.beacons.map((b) => {
    const hit = found.get(key(b.SourceIP, b.DestinationIP, b.DestinationPort));
    return {
      periodSeconds: b.periodSeconds,
      jitter: b.jitter,
      missedRate: b.missedRate,
      detected: hit !== undefined && MEDIUM_OR_HIGH.has(hit.severity),
      severity: hit?.severity ?? 'not reported',
      rank: hit?.rank ?? null,
    };
  });
  const target = cells.filter((c) => c.jitter <= 0.5 && c.missedRate <= 0.1);
  const reported = rows.filter((r) => MEDIUM_OR_HIGH.has(String(r['Severity'])));
  const falsePositives = reported
    .filter((r) => !planted.has(key(r['SourceIP'], r['DestinationIP'], r['DestinationPort'])))
    .map(
      (r) =>
        `${String(r['SourceIP'])} → ${String(r['DestinationIP'])}:${String(r['DestinationPort'])} (${String(r['Severity'])} ${String(r['Score'])}, period ${String(r['PeriodSeconds'])} s, ${String(r['CheckIns'])} check-ins, timing ${String(r['TimingScore'])} ${String(r['TimingMethod'])}, size ${String(r['SizeScore'])}, persistence ${String(r['PersistenceScore'])}, evidence ${String(r['EvidenceScore'])})`,
    );
  const share = (n: number, d: number) => (d === 0 ? 1 : n / d);
  return {
    cells,
    targetRecall: share(target.filter((c) => c.detected).length, target.length),
    overallRecall: share(cells.filter((c) => c.detected).length, cells.length),
    precision: share(reported.length - falsePositives.length, reported.length),
    reportedMediumOrHigh: reported.length,
    falsePositives,
  };
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/** The Markdown table kept in docs/beacon-quality.md. */
export function qualityMarkdown(report: QualityReport, setup: string): string {
  const lines = [
    `Setup: ${setup}`,
    '',
    `- Recall at Severity ≥ medium, jitter ≤ 50 % and missed ≤ 10 % (target ≥ 95 %): **${percent(report.targetRecall)}**`,
    `- Recall at Severity ≥ medium, whole grid: ${percent(report.overallRecall)}`,
    `- Precision at Severity ≥ medium (target ≥ 90 %): **${percent(report.precision)}** (${report.reportedMediumOrHigh} pairs rated medium or high)`,
    '',
    'Detected (Severity ≥ medium) per period, jitter and missed check-ins; each cell is one planted beacon, showing its severity:',
    '',
  ];
  const header = [
    'period',
    ...QUALITY_JITTERS.flatMap((j) => QUALITY_MISSED.map((m) => `j ${j * 100}% / miss ${m * 100}%`)),
  ];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  for (const p of QUALITY_PERIODS) {
    const row = [`${p} s`];
    for (const j of QUALITY_JITTERS) {
      for (const m of QUALITY_MISSED) {
        const c = report.cells.find((x) => x.periodSeconds === p && x.jitter === j && x.missedRate === m);
        row.push(c ? `${c.detected ? '✔' : '✘'} ${c.severity}` : '');
      }
    }
    lines.push(`| ${row.join(' | ')} |`);
  }
  if (report.falsePositives.length > 0) {
    lines.push('', 'Benign pairs rated medium or high:', '', ...report.falsePositives.map((f) => `- ${f}`));
  }
  return `${lines.join('\n')}\n`;
}
