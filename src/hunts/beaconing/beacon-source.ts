import { UserError } from '../../core/errors.ts';

/** Where the beaconing hunt finds each field it needs, per supported table. */
export interface BeaconSource {
  readonly table: string;
  readonly time: string;
  readonly vendor: string;
  readonly source: string;
  readonly destination: string;
  readonly port: string;
  readonly protocol: string;
  readonly sentBytes: string;
  readonly receivedBytes: string;
}

export const BEACON_SOURCES: readonly BeaconSource[] = [
  {
    table: 'NetworkSession',
    time: 'TimeGenerated',
    vendor: 'EventVendor',
    source: 'SrcIpAddr',
    destination: 'DstIpAddr',
    port: 'DstPortNumber',
    protocol: 'NetworkProtocol',
    sentBytes: 'SrcBytes',
    receivedBytes: 'DstBytes',
  },
  {
    table: 'CommonSecurityLog',
    time: 'TimeGenerated',
    vendor: 'DeviceVendor',
    source: 'SourceIP',
    destination: 'DestinationIP',
    port: 'DestinationPort',
    protocol: 'Protocol',
    sentBytes: 'SentBytes',
    receivedBytes: 'ReceivedBytes',
  },
];

export function beaconSource(table: string): BeaconSource {
  const source = BEACON_SOURCES.find((s) => s.table.toLowerCase() === table.toLowerCase());
  if (!source) {
    throw new UserError(
      'bad-parameter',
      `--table ${table} is not supported by the beaconing hunt (supported: ${BEACON_SOURCES.map((s) => s.table).join(', ')})`,
      {},
      2,
    );
  }
  return source;
}

/** The columns a run reads: all of the mapping (bytes and vendor may hold NULLs, but must exist). */
export function beaconSourceColumns(source: BeaconSource): string[] {
  return [
    source.time,
    source.vendor,
    source.source,
    source.destination,
    source.port,
    source.protocol,
    source.sentBytes,
    source.receivedBytes,
  ];
}
