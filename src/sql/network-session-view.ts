import type { LakeColumn } from '../lake/lake-snapshot.ts';
import type { SqlQuoting } from './sql-dialect.ts';
import { sqlTypeFor } from './sql-types.ts';

/**
 * The NetworkSession view: every network source normalised to ASIM names, so one query covers
 * CommonSecurityLog, Zeek conn and Suricata flows. Columns a source lacks are NULL.
 */
export const NETWORK_SESSION_COLUMNS: readonly LakeColumn[] = [
  { name: 'TimeGenerated', type: 'TIMESTAMP' },
  { name: 'EventVendor', type: 'VARCHAR' },
  { name: 'EventProduct', type: 'VARCHAR' },
  { name: 'SourceTable', type: 'VARCHAR' },
  { name: 'Dvc', type: 'VARCHAR' },
  { name: 'SrcIpAddr', type: 'VARCHAR' },
  { name: 'SrcPortNumber', type: 'INTEGER' },
  { name: 'DstIpAddr', type: 'VARCHAR' },
  { name: 'DstPortNumber', type: 'INTEGER' },
  { name: 'NetworkProtocol', type: 'VARCHAR' },
  { name: 'NetworkApplicationProtocol', type: 'VARCHAR' },
  { name: 'SrcBytes', type: 'BIGINT' },
  { name: 'DstBytes', type: 'BIGINT' },
  { name: 'SrcPackets', type: 'BIGINT' },
  { name: 'DstPackets', type: 'BIGINT' },
  { name: 'NetworkDuration', type: 'DOUBLE' },
  { name: 'DvcAction', type: 'VARCHAR' },
  { name: 'NetworkSessionId', type: 'VARCHAR' },
  { name: 'Label', type: 'VARCHAR' },
  { name: 'DetailedLabel', type: 'VARCHAR' },
];

type Mapping = Partial<Record<string, string>>;

/** Source column (or constant, quoted by the caller) feeding each NetworkSession column. */
interface SourceMapping {
  readonly table: string;
  readonly vendor: string;
  readonly product: string;
  readonly columns: Mapping;
  /** Columns whose protocol value is an IANA number or name to be upper-cased. */
  readonly protocolColumn: string;
}

export const NETWORK_SOURCES: readonly SourceMapping[] = [
  {
    table: 'CommonSecurityLog',
    vendor: '',
    product: '',
    protocolColumn: 'Protocol',
    columns: {
      TimeGenerated: 'TimeGenerated',
      EventVendor: 'DeviceVendor',
      EventProduct: 'DeviceProduct',
      Dvc: 'DeviceName',
      SrcIpAddr: 'SourceIP',
      SrcPortNumber: 'SourcePort',
      DstIpAddr: 'DestinationIP',
      DstPortNumber: 'DestinationPort',
      NetworkApplicationProtocol: 'ApplicationProtocol',
      SrcBytes: 'SentBytes',
      DstBytes: 'ReceivedBytes',
      DvcAction: 'DeviceAction',
      NetworkSessionId: 'ExternalID',
    },
  },
  {
    table: 'ZeekConn',
    vendor: 'Zeek',
    product: 'Zeek',
    protocolColumn: 'proto',
    columns: {
      TimeGenerated: 'TimeGenerated',
      Dvc: '_node_name',
      SrcIpAddr: 'id_orig_h',
      SrcPortNumber: 'id_orig_p',
      DstIpAddr: 'id_resp_h',
      DstPortNumber: 'id_resp_p',
      NetworkApplicationProtocol: 'service',
      SrcBytes: 'orig_bytes',
      DstBytes: 'resp_bytes',
      SrcPackets: 'orig_pkts',
      DstPackets: 'resp_pkts',
      NetworkDuration: 'duration',
      NetworkSessionId: 'uid',
      Label: 'label',
      DetailedLabel: 'detailedlabel',
    },
  },
  {
    table: 'SuricataFlow',
    vendor: 'OISF',
    product: 'Suricata',
    protocolColumn: 'proto',
    columns: {
      TimeGenerated: 'TimeGenerated',
      Dvc: 'host',
      SrcIpAddr: 'src_ip',
      SrcPortNumber: 'src_port',
      DstIpAddr: 'dest_ip',
      DstPortNumber: 'dest_port',
      NetworkApplicationProtocol: 'app_proto',
      SrcBytes: 'flow_bytes_toserver',
      DstBytes: 'flow_bytes_toclient',
      SrcPackets: 'flow_pkts_toserver',
      DstPackets: 'flow_pkts_toclient',
      NetworkDuration: 'flow_duration',
      DvcAction: 'flow_state',
      NetworkSessionId: 'flow_id',
    },
  },
];

function protocolExpression(column: string, q: SqlQuoting): string {
  const c = `CAST(${q.quoteIdentifier(column)} AS ${sqlTypeFor('VARCHAR', q.name)})`;
  return `CASE ${c} WHEN '6' THEN 'TCP' WHEN '17' THEN 'UDP' WHEN '1' THEN 'ICMP' WHEN '58' THEN 'ICMPV6' ELSE UPPER(${c}) END`;
}

function sourceSelect(source: SourceMapping, available: ReadonlySet<string>, q: SqlQuoting): string {
  const items = NETWORK_SESSION_COLUMNS.map((col) => {
    const type = sqlTypeFor(col.type, q.name);
    const from = source.columns[col.name];
    let expr: string;
    if (col.name === 'SourceTable') expr = q.quoteString(source.table);
    else if (col.name === 'NetworkProtocol' && available.has(source.protocolColumn))
      expr = protocolExpression(source.protocolColumn, q);
    else if (from && available.has(from)) expr = `CAST(${q.quoteIdentifier(from)} AS ${type})`;
    else if (col.name === 'EventVendor' && source.vendor) expr = q.quoteString(source.vendor);
    else if (col.name === 'EventProduct' && source.product) expr = q.quoteString(source.product);
    else expr = `CAST(NULL AS ${type})`;
    return `${expr} AS ${q.quoteIdentifier(col.name)}`;
  });
  return `SELECT ${items.join(', ')} FROM ${q.quoteIdentifier(source.table)}`;
}

/** The SELECT behind NetworkSession over the source tables present (by name → column names). */
export function networkSessionSelect(tables: ReadonlyMap<string, readonly string[]>, q: SqlQuoting): string {
  const parts = NETWORK_SOURCES.filter((s) => tables.has(s.table)).map((s) =>
    sourceSelect(s, new Set(tables.get(s.table)), q),
  );
  if (parts.length === 0) {
    const items = NETWORK_SESSION_COLUMNS.map(
      (c) => `CAST(NULL AS ${sqlTypeFor(c.type, q.name)}) AS ${q.quoteIdentifier(c.name)}`,
    );
    return `SELECT ${items.join(', ')} WHERE 1 = 0`;
  }
  return parts.join('\nUNION ALL\n');
}
