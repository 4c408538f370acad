import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const WORKSPACE =
  'WorkspaceResourceId=/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/soc/providers/microsoft.operationalinsights/workspaces/hunt-ws';

const pad = (n: number) => String(n).padStart(2, '0');

/** The blob name of one Log Analytics export file for the 5-minute window starting at `at`. */
export function exportBlobName(at: Date, file: string): string {
  return `${WORKSPACE}/y=${at.getUTCFullYear()}/m=${pad(at.getUTCMonth() + 1)}/d=${pad(at.getUTCDate())}/h=${pad(at.getUTCHours())}/m=${pad(at.getUTCMinutes())}/${file}`;
}

function firewallRecord(t: Date, i: number): string {
  return JSON.stringify({
    TenantId: '00000000-0000-0000-0000-0000000000aa',
    TimeGenerated: t.toISOString().replace('Z', '0000Z'),
    DeviceVendor: 'Fortinet',
    DeviceProduct: 'Fortigate',
    Activity: 'traffic:forward close',
    SourceIP: `10.0.${i % 7}.${(i % 200) + 1}`,
    SourcePort: 40000 + (i % 20000),
    DestinationIP: `203.0.113.${i % 50}`,
    DestinationPort: i % 3 === 0 ? 53 : 443,
    Protocol: i % 3 === 0 ? 'UDP' : 'TCP',
    SentBytes: 100 + i,
    ReceivedBytes: 2000 + i * 3,
    DeviceAction: i % 10 === 0 ? 'deny' : 'accept',
    Type: 'CommonSecurityLog',
  });
}

function syslogRecord(t: Date, i: number): string {
  return JSON.stringify({
    TenantId: '00000000-0000-0000-0000-0000000000aa',
    TimeGenerated: t.toISOString(),
    Computer: `fw${i % 2}`,
    Facility: 'local4',
    SeverityLevel: 'info',
    SyslogMessage: `connection ${i} closed`,
    ProcessName: 'sshd',
    Type: 'Syslog',
  });
}

export interface ExportFile {
  /** Container (`am-<table>`) and blob name; locally `<root>/<container>/<name>`. */
  readonly container: string;
  readonly name: string;
  readonly content: string;
}

/**
 * A data-export tree over `hours` hours from `start`: CommonSecurityLog in 5-minute PT05M files with
 * an overflow PT05M_1 file in some windows, and Syslog in hourly PT1H files.
 */
export function exportTree(start: Date, hours: number): ExportFile[] {
  const files: ExportFile[] = [];
  let i = 0;
  for (let h = 0; h < hours; h++) {
    const hour = new Date(start.getTime() + h * 3_600_000);
    for (let m = 0; m < 60; m += 20) {
      const at = new Date(hour.getTime() + m * 60_000);
      const lines = (n: number) =>
        Array.from({ length: n }, (_, k) => firewallRecord(new Date(at.getTime() + k * 7000), i++));
      files.push({
        container: 'am-commonsecuritylog',
        name: exportBlobName(at, 'PT05M.json'),
        content: `${lines(12).join('\n')}\n`,
      });
      if (m === 20) {
        files.push({
          container: 'am-commonsecuritylog',
          name: exportBlobName(at, 'PT05M_1.json'),
          content: `${lines(5).join('\n')}\n`,
        });
      }
    }
    const syslog = Array.from({ length: 9 }, (_, k) =>
      syslogRecord(new Date(hour.getTime() + k * 400_000), i++),
    );
    files.push({
      container: 'am-syslog',
      name: exportBlobName(hour, 'PT1H.json'),
      content: `${syslog.join('\n')}\n`,
    });
  }
  return files;
}

export async function writeTreeLocally(root: string, files: readonly ExportFile[]): Promise<void> {
  for (const f of files) {
    const file = path.join(root, f.container, ...f.name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, f.content);
  }
}

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    const abs = path.join(dir, rel);
    if ((await stat(abs)).isDirectory()) {
      for (const name of await readdir(abs)) await walk(rel ? `${rel}/${name}` : name);
    } else out.push(rel);
  }
  await walk('');
  return out.sort();
}
