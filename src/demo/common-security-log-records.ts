import type { TrafficEvent } from './traffic-generator.ts';

/** Workspace identity used in generated export paths and records. */
export interface DemoWorkspace {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly workspace: string;
  readonly tenantId: string;
}

export function demoWorkspace(seed: string): DemoWorkspace {
  const hex = (salt: string) => {
    let h = 0x811c9dc5;
    const text = `${seed}/${salt}`;
    let out = '';
    for (let round = 0; out.length < 32; round++) {
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      h = Math.imul(h ^ round, 0x01000193);
      out += (h >>> 0).toString(16).padStart(8, '0');
    }
    return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20, 32)}`;
  };
  return {
    subscriptionId: hex('subscription'),
    resourceGroup: 'lakehunt-demo',
    workspace: 'demo-workspace',
    tenantId: hex('tenant'),
  };
}

const FIREWALL = { name: 'FGT-EDGE-01', address: '10.20.0.1', natAddress: '203.0.113.2' };

/**
 * A FortiGate traffic log as Microsoft Sentinel stores it in CommonSecurityLog (the CEF fields
 * mapped to Sentinel's columns), with the field spellings the data export writes.
 */
export function toCommonSecurityLog(
  event: TrafficEvent,
  sessionId: number,
  ws: DemoWorkspace,
): Record<string, string | number> {
  const outbound = event.sourceIP.startsWith('10.');
  const denied = event.action === 'deny';
  return {
    TenantId: ws.tenantId,
    TimeGenerated: new Date(event.timeMs).toISOString(),
    DeviceVendor: 'Fortinet',
    DeviceProduct: 'Fortigate',
    DeviceVersion: 'v7.2.5',
    DeviceEventClassID: '0000000013',
    Activity: `traffic:forward ${event.action}`,
    LogSeverity: denied ? '4' : '3',
    OriginalLogSeverity: denied ? 'warning' : 'notice',
    DeviceAction: event.action,
    SimplifiedDeviceAction: denied ? 'Deny' : 'Accept',
    Computer: FIREWALL.name,
    DeviceName: FIREWALL.name,
    DeviceAddress: FIREWALL.address,
    DeviceInboundInterface: outbound ? 'internal' : 'wan1',
    DeviceOutboundInterface: outbound ? 'wan1' : 'dmz',
    SourceIP: event.sourceIP,
    SourcePort: event.sourcePort,
    SourceTranslatedAddress: outbound && !event.destinationIP.startsWith('10.') ? FIREWALL.natAddress : '',
    DestinationIP: event.destinationIP,
    DestinationPort: event.destinationPort,
    Protocol: event.protocol,
    ApplicationProtocol: event.application,
    SentBytes: event.sentBytes,
    ReceivedBytes: event.receivedBytes,
    ExternalID: sessionId,
    AdditionalExtensions: `FTNTFGTlogid=0000000013;FTNTFGTtype=traffic;FTNTFGTsubtype=forward;FTNTFGTpolicyid=${outbound ? 12 : 3}`,
    SourceSystem: 'OpsManager',
    _ResourceId: '',
    Type: 'CommonSecurityLog',
  };
}
