import { COMMON_SECURITY_LOG_COLUMNS } from '../../schemas/common-security-log-schema.ts';
import type { KustoType } from '../../schemas/kusto-types.ts';

/**
 * CEF extension keys → CommonSecurityLog columns, as Microsoft Sentinel maps them (the public table
 * "CEF and CommonSecurityLog field mapping"). Keys are case-sensitive in CEF; a key that matches
 * only case-insensitively (`deviceExternalID`, `cs1label`) is accepted too, as senders vary.
 * Any other key is kept in AdditionalExtensions.
 */
const CEF_KEY_TO_COLUMN: Readonly<Record<string, string>> = {
  act: 'DeviceAction',
  app: 'ApplicationProtocol',
  cat: 'DeviceEventCategory',
  cnt: 'EventCount',
  destinationDnsDomain: 'DestinationDnsDomain',
  destinationServiceName: 'DestinationServiceName',
  destinationTranslatedAddress: 'DestinationTranslatedAddress',
  destinationTranslatedPort: 'DestinationTranslatedPort',
  deviceDirection: 'CommunicationDirection',
  deviceDnsDomain: 'DeviceDnsDomain',
  deviceExternalId: 'DeviceExternalID',
  deviceFacility: 'DeviceFacility',
  deviceInboundInterface: 'DeviceInboundInterface',
  deviceNtDomain: 'DeviceNtDomain',
  deviceOutboundInterface: 'DeviceOutboundInterface',
  devicePayloadId: 'DevicePayloadId',
  deviceProcessName: 'ProcessName',
  deviceTranslatedAddress: 'DeviceTranslatedAddress',
  dhost: 'DestinationHostName',
  dmac: 'DestinationMACAddress',
  dntdom: 'DestinationNTDomain',
  dpid: 'DestinationProcessId',
  dpriv: 'DestinationUserPrivileges',
  dproc: 'DestinationProcessName',
  dpt: 'DestinationPort',
  dst: 'DestinationIP',
  dtz: 'DeviceTimeZone',
  duid: 'DestinationUserID',
  duser: 'DestinationUserName',
  dvc: 'DeviceAddress',
  dvchost: 'DeviceName',
  dvcmac: 'DeviceMacAddress',
  dvcpid: 'ProcessID',
  end: 'EndTime',
  externalId: 'ExternalID',
  fileCreateTime: 'FileCreateTime',
  fileHash: 'FileHash',
  fileId: 'FileID',
  fileModificationTime: 'FileModificationTime',
  filePath: 'FilePath',
  filePermission: 'FilePermission',
  fileType: 'FileType',
  fname: 'FileName',
  fsize: 'FileSize',
  in: 'ReceivedBytes',
  msg: 'Message',
  oldFileCreateTime: 'OldFileCreateTime',
  oldFileHash: 'OldFileHash',
  oldFileId: 'OldFileID',
  oldFileModificationTime: 'OldFileModificationTime',
  oldFileName: 'OldFileName',
  oldFilePath: 'OldFilePath',
  oldFilePermission: 'OldFilePermission',
  oldFileSize: 'OldFileSize',
  oldFileType: 'OldFileType',
  out: 'SentBytes',
  outcome: 'EventOutcome',
  proto: 'Protocol',
  reason: 'Reason',
  request: 'RequestURL',
  requestClientApplication: 'RequestClientApplication',
  requestContext: 'RequestContext',
  requestCookies: 'RequestCookies',
  requestMethod: 'RequestMethod',
  rt: 'ReceiptTime',
  shost: 'SourceHostName',
  smac: 'SourceMACAddress',
  sntdom: 'SourceNTDomain',
  sourceDnsDomain: 'SourceDnsDomain',
  sourceServiceName: 'SourceServiceName',
  sourceTranslatedAddress: 'SourceTranslatedAddress',
  sourceTranslatedPort: 'SourceTranslatedPort',
  spid: 'SourceProcessId',
  spriv: 'SourceUserPrivileges',
  sproc: 'SourceProcessName',
  spt: 'SourcePort',
  src: 'SourceIP',
  start: 'StartTime',
  suid: 'SourceUserID',
  suser: 'SourceUserName',
  type: 'EventType',
  // Custom fields: value and label.
  ...numbered('c6a', 4, 'DeviceCustomIPv6Address'),
  ...numbered('cfp', 4, 'DeviceCustomFloatingPoint'),
  ...numbered('cn', 3, 'DeviceCustomNumber'),
  ...numbered('cs', 6, 'DeviceCustomString'),
  ...numbered('deviceCustomDate', 2, 'DeviceCustomDate'),
  ...numbered('flexDate', 1, 'FlexDate'),
  ...numbered('flexNumber', 2, 'FlexNumber'),
  ...numbered('flexString', 2, 'FlexString'),
};

function numbered(prefix: string, count: number, column: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    out[`${prefix}${i}`] = `${column}${i}`;
    out[`${prefix}${i}Label`] = `${column}${i}Label`;
  }
  return out;
}

/**
 * Columns Sentinel's current CommonSecurityLog has that the documented schema list in
 * src/schemas does not (yet) carry; all text.
 */
export const CEF_EXTRA_COLUMNS: readonly (readonly [string, KustoType])[] = [
  ['AdditionalExtensions', 'string'],
  ['DeviceEventCategory', 'string'],
  ['EventOutcome', 'string'],
  ['Reason', 'string'],
];

const COLUMN_TYPES: ReadonlyMap<string, KustoType> = new Map([
  ...COMMON_SECURITY_LOG_COLUMNS,
  ...CEF_EXTRA_COLUMNS,
]);

export interface CefColumn {
  readonly name: string;
  readonly type: KustoType;
}

const EXACT: ReadonlyMap<string, CefColumn> = new Map(
  Object.entries(CEF_KEY_TO_COLUMN).map(([key, name]) => [
    key,
    { name, type: COLUMN_TYPES.get(name) ?? 'string' },
  ]),
);
const FOLDED: ReadonlyMap<string, CefColumn> = new Map(
  [...EXACT].map(([key, column]) => [key.toLowerCase(), column]),
);

// Keys repeat on every line of a source, and vendor keys miss both maps: remember the answer.
const seen = new Map<string, CefColumn | null>();

/** The CommonSecurityLog column (name and Kusto type) a CEF key maps to, or undefined for an unknown key. */
export function cefColumnFor(key: string): CefColumn | undefined {
  const exact = EXACT.get(key);
  if (exact !== undefined) return exact;
  let column = seen.get(key);
  if (column === undefined) {
    column = FOLDED.get(key.toLowerCase()) ?? null;
    if (seen.size >= 10_000) seen.clear();
    seen.set(key, column);
  }
  return column ?? undefined;
}

/** The CommonSecurityLog column name a CEF key maps to, or undefined for an unknown key. */
export function cefKeyColumn(key: string): string | undefined {
  return cefColumnFor(key)?.name;
}

/** Every CEF key with a column, for tests and documentation. */
export function mappedCefKeys(): string[] {
  return [...EXACT.keys()];
}
