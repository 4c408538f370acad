import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { type DemoWorkspace, demoWorkspace, toCommonSecurityLog } from './common-security-log-records.ts';
import { type BeaconInput, buildScenario } from './demo-scenario.ts';
import { type GroundTruth, groundTruthOf } from './ground-truth.ts';
import { generateTraffic, type TrafficEvent } from './traffic-generator.ts';

export interface DemoExportOptions {
  readonly outDir: string;
  readonly hosts: number;
  readonly days: number;
  /** Last UTC day of the generated window, YYYY-MM-DD. */
  readonly endDate: string;
  readonly seed: string | number;
  /** Beacons to plant instead of the default set. */
  readonly beacons?: readonly BeaconInput[];
}

/** Where the Log Analytics data export puts one hour of a table's records. */
export function exportBlobPath(ws: DemoWorkspace, table: string, hourStartMs: number): string {
  const d = new Date(hourStartMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return [
    `am-${table.toLowerCase()}`,
    `WorkspaceResourceId=`,
    'subscriptions',
    ws.subscriptionId,
    'resourcegroups',
    ws.resourceGroup,
    'providers',
    'microsoft.operationalinsights',
    'workspaces',
    ws.workspace,
    `y=${d.getUTCFullYear()}`,
    `m=${pad(d.getUTCMonth() + 1)}`,
    `d=${pad(d.getUTCDate())}`,
    `h=${pad(d.getUTCHours())}`,
    'm=00',
    'PT1H.json',
  ].join('/');
}

/**
 * Writes generated FortiGate traffic as a Log Analytics data-export tree (JSON Lines, one PT1H.json
 * per hour) under `outDir`, plus `ground-truth.json` beside it, and returns the ground truth.
 */
export async function writeDemoExport(options: DemoExportOptions): Promise<GroundTruth> {
  validateDemoOptions(options);
  const scenario = buildScenario(options);
  const ws = demoWorkspace(scenario.seed);
  const checkIns: number[] = [];
  let events = 0;
  for (const day of generateTraffic(scenario, checkIns)) {
    const byHour = new Map<number, TrafficEvent[]>();
    for (const e of day.events) {
      const hour = Math.floor(e.timeMs / 3_600_000) * 3_600_000;
      const list = byHour.get(hour);
      if (list) list.push(e);
      else byHour.set(hour, [e]);
    }
    for (const [hour, list] of byHour) {
      const file = path.join(options.outDir, ...exportBlobPath(ws, 'CommonSecurityLog', hour).split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      const text = list.map((e) => `${JSON.stringify(toCommonSecurityLog(e, ++events, ws))}\n`).join('');
      await writeAtomically(file, text);
    }
  }
  const truth = groundTruthOf(scenario, events, checkIns);
  await writeAtomically(
    path.join(options.outDir, 'ground-truth.json'),
    `${JSON.stringify(truth, null, 2)}\n`,
  );
  return truth;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.partial-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
}

export function validateDemoOptions(options: { hosts: number; days: number; endDate: string }): void {
  if (!Number.isInteger(options.hosts) || options.hosts < 1 || options.hosts > 50_000) {
    throw new UserError(
      'bad-demo-option',
      `hosts must be a whole number from 1 to 50000, got ${options.hosts}`,
      {},
      2,
    );
  }
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 366) {
    throw new UserError(
      'bad-demo-option',
      `days must be a whole number from 1 to 366, got ${options.days}`,
      {},
      2,
    );
  }
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(options.endDate) ||
    Number.isNaN(Date.parse(`${options.endDate}T00:00:00Z`))
  ) {
    throw new UserError(
      'bad-demo-option',
      `endDate must be a date like 2024-04-21, got ${options.endDate}`,
      {},
      2,
    );
  }
}
