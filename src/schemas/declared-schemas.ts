import { COMMON_SECURITY_LOG_COLUMNS } from './common-security-log-schema.ts';
import { duckTypeForKusto } from './kusto-types.ts';

/** Tables whose column types lakehunt enforces at ingest (DuckDB type per column). */
const DECLARED: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    'CommonSecurityLog',
    new Map(COMMON_SECURITY_LOG_COLUMNS.map(([name, type]) => [name, duckTypeForKusto(type)])),
  ],
]);

export function declaredColumnType(table: string, column: string): string | undefined {
  return DECLARED.get(table)?.get(column);
}

/** Well-known Log Analytics table names, to restore their case from lower-case export folders. */
const KNOWN_TABLES = [
  'CommonSecurityLog',
  'Syslog',
  'SecurityEvent',
  'DnsEvents',
  'SigninLogs',
  'AuditLogs',
  'AzureActivity',
  'AzureDiagnostics',
  'OfficeActivity',
  'Heartbeat',
  'ThreatIntelligenceIndicator',
  'DeviceNetworkEvents',
  'DeviceProcessEvents',
  'DeviceEvents',
  'W3CIISLog',
  'Event',
  'VMConnection',
  'AzureNetworkAnalytics_CL',
  'SecurityAlert',
  'SecurityIncident',
  'ASimNetworkSessionLogs',
  'ASimDnsActivityLogs',
  'AADNonInteractiveUserSignInLogs',
  'BehaviorAnalytics',
  'WindowsEvent',
];
const BY_LOWER = new Map(KNOWN_TABLES.map((t) => [t.toLowerCase(), t]));

export function canonicalTableName(name: string): string {
  return BY_LOWER.get(name.toLowerCase()) ?? name;
}
