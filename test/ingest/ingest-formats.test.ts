import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { detectFormat, listFormats } from '../../src/ingest/formats/format-registry.ts';
import type { FormatName } from '../../src/ingest/formats/source-format.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { headLines } from '../../src/ingest/line-reader.ts';
import { loadLakeSnapshot } from '../../src/lake/lake-catalog.ts';
import { tempDir } from '../support/temp-dir.ts';
import { zeekConnLog } from '../support/zeek-fixtures.ts';

interface Sample {
  readonly format: FormatName;
  readonly file: string;
  readonly content: string | Buffer;
  /** SQL over the lake and the rows it must return. */
  readonly check: string;
  readonly expected: Record<string, unknown>[];
}

const APRIL_19 = Date.UTC(2024, 3, 19) / 1000;
const EXPORT_DIR =
  'am-commonsecuritylog/WorkspaceResourceId=/subscriptions/s/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/ws/y=2021/m=11/d=17/h=05/m=00';

const SAMPLES: Sample[] = [
  {
    format: 'zeek',
    file: 'tsv/conn.00:00:00-01:00:00.log',
    content: zeekConnLog(APRIL_19, 5, 10),
    check:
      "SELECT count(*) AS n, min(id_resp_p) AS port, min(TimeGenerated) AS t FROM ZeekConn WHERE uid LIKE 'C0000000%'",
    expected: [{ n: 5, port: 443, t: new Date('2024-04-19T00:00:00Z') }],
  },
  {
    format: 'zeek',
    file: 'json/dns.log',
    content:
      '{"ts":1713484800.5,"uid":"CJ1","id.orig_h":"10.1.1.1","id.orig_p":5353,"id.resp_h":"8.8.8.8","id.resp_p":53,"proto":"udp","query":"example.com"}\n' +
      '{"ts":"2024-04-19T00:00:01.000000Z","uid":"CJ2","id_orig_h":"10.1.1.2","id_orig_p":5353,"id_resp_h":"8.8.8.8","id_resp_p":53,"proto":"udp","query":"example.org"}\n',
    check: 'SELECT uid, id_orig_h, TimeGenerated FROM ZeekDns ORDER BY uid',
    expected: [
      { uid: 'CJ1', id_orig_h: '10.1.1.1', TimeGenerated: new Date('2024-04-19T00:00:00.500Z') },
      { uid: 'CJ2', id_orig_h: '10.1.1.2', TimeGenerated: new Date('2024-04-19T00:00:01Z') },
    ],
  },
  {
    format: 'la-export',
    file: `${EXPORT_DIR}/PT05M.json`,
    content:
      '{"TimeGenerated":"2021-11-17T05:00:01.1234567Z","DeviceVendor":"Fortinet","SourceIP":"10.0.0.1","DestinationIP":"198.51.100.1","DestinationPort":443,"SentBytes":120,"Type":"CommonSecurityLog"}\n' +
      '{"TimeGenerated":"2021-11-17T05:00:02Z","DeviceVendor":"Fortinet","SourceIP":"10.0.0.1","DestinationIP":"198.51.100.1","DestinationPort":"443","SentBytes":130,"Type":"CommonSecurityLog","NewColumn":"x"}\n',
    check:
      "SELECT count(*) AS n, sum(SentBytes) AS bytes, max(DestinationPort) AS port FROM CommonSecurityLog WHERE DeviceVendor = 'Fortinet' AND TimeGenerated >= TIMESTAMP '2021-11-17' AND TimeGenerated < TIMESTAMP '2021-11-18'",
    expected: [{ n: 2, bytes: 250, port: 443 }],
  },
  {
    format: 'la-export',
    file: 'array/Fortigate.json',
    content: JSON.stringify([
      {
        TimeGenerated: '3/31/2022, 10:52:35.857 AM',
        DeviceVendor: 'Fortinet',
        SourcePort: 15577,
        Type: 'CommonSecurityLog',
      },
      {
        TimeGenerated: '3/31/2022, 1:02:03 PM',
        DeviceVendor: 'Fortinet',
        SourcePort: 15578,
        Type: 'CommonSecurityLog',
      },
    ]),
    check:
      "SELECT TimeGenerated, SourcePort FROM CommonSecurityLog WHERE TimeGenerated BETWEEN TIMESTAMP '2022-03-01' AND TIMESTAMP '2022-04-01' ORDER BY 1",
    expected: [
      { TimeGenerated: new Date('2022-03-31T10:52:35.857Z'), SourcePort: 15577 },
      { TimeGenerated: new Date('2022-03-31T13:02:03Z'), SourcePort: 15578 },
    ],
  },
  {
    format: 'csv',
    file: 'csv/export.csv',
    content: Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        'TenantId,"TimeGenerated [UTC]",DeviceVendor,DeviceProduct,SourceIP,DestinationPort\n' +
          't,"8/17/2023, 6:52:13.000 AM",Check Point,VPN-1,10.9.9.9,22\n' +
          't,2023-08-17T06:52:14.1234567Z,Check Point,VPN-1,10.9.9.9,23\n',
      ),
    ]),
    check:
      "SELECT TimeGenerated, DestinationPort FROM CommonSecurityLog WHERE DeviceVendor = 'Check Point' ORDER BY 1",
    expected: [
      { TimeGenerated: new Date('2023-08-17T06:52:13Z'), DestinationPort: 22 },
      { TimeGenerated: new Date('2023-08-17T06:52:14.123Z'), DestinationPort: 23 },
    ],
  },
  {
    format: 'cef',
    file: 'cef/fw.log',
    content:
      '<134>Apr 21 10:00:00 fw01 CEF:0|Palo Alto Networks|PAN-OS|10.1|end|TRAFFIC|3|src=10.0.0.5 dst=203.0.113.9 spt=51000 dpt=443 proto=TCP act=allow out=512 in=2048 cs1Label=Rule cs1=allow web custom=1\n' +
      '<134>1 2024-04-21T10:00:05.250Z fw01 CEF - - - CEF:0|Palo Alto Networks|PAN-OS|10.1|end|TRAFFIC|3|src=10.0.0.5 dst=203.0.113.9 spt=51001 dpt=443 msg=a\\=b\n',
    check:
      "SELECT SourcePort, DeviceAction, SentBytes, TimeGenerated FROM CommonSecurityLog WHERE DeviceVendor = 'Palo Alto Networks' ORDER BY SourcePort",
    expected: [
      {
        SourcePort: 51000,
        DeviceAction: 'allow',
        SentBytes: 512,
        TimeGenerated: new Date('2024-04-21T10:00:00Z'),
      },
      {
        SourcePort: 51001,
        DeviceAction: null,
        SentBytes: null,
        TimeGenerated: new Date('2024-04-21T10:00:05.250Z'),
      },
    ],
  },
  {
    format: 'suricata',
    file: 'suricata/eve.json',
    content:
      '{"timestamp":"2021-06-06T15:30:31.123456+0200","flow_id":1,"event_type":"flow","src_ip":"10.0.0.8","src_port":40000,"dest_ip":"192.0.2.1","dest_port":80,"proto":"TCP","app_proto":"http","flow":{"pkts_toserver":3,"pkts_toclient":2,"bytes_toserver":300,"bytes_toclient":200,"start":"2021-06-06T15:30:00.000000+0200","end":"2021-06-06T15:30:30.000000+0200","state":"closed"}}\n' +
      '{"timestamp":"2021-06-06T15:31:00.000000+0200","event_type":"alert","src_ip":"192.0.2.1","dest_ip":"10.0.0.8","alert":{"signature":"ET TEST","severity":2}}\n',
    check:
      "SELECT SrcIpAddr, DstPortNumber, SrcBytes, NetworkProtocol, TimeGenerated FROM NetworkSession WHERE SourceTable = 'SuricataFlow'",
    expected: [
      {
        SrcIpAddr: '10.0.0.8',
        DstPortNumber: 80,
        SrcBytes: 300,
        NetworkProtocol: 'TCP',
        TimeGenerated: new Date('2021-06-06T13:30:00Z'),
      },
    ],
  },
];

test('every registered format has a sample here (a new format must add one)', () => {
  const covered = new Set(SAMPLES.map((s) => s.format));
  for (const f of listFormats()) assert.ok(covered.has(f.name), `no sample for format ${f.name}`);
});

test('each sample is detected as its format and ingests to the expected rows', async () => {
  const dir = await tempDir();
  for (const s of SAMPLES) {
    const file = path.join(dir, 'in', s.file);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, s.content);
    assert.equal(detectFormat(await headLines(file, 16), file)?.name, s.format, `detects ${s.file}`);
  }
  const lake = path.join(dir, 'lake');
  const summary = await ingestPaths({ paths: [path.join(dir, 'in')], lake, referenceYear: 2024 });
  assert.equal(summary.failed, 0, JSON.stringify(summary.files.filter((f) => f.status === 'failed')));
  assert.equal(
    summary.quarantined,
    0,
    JSON.stringify(summary.files.filter((f) => f.quarantined > 0).map((f) => f.path)),
  );
  const engine = await DuckDBEngine.open();
  try {
    await engine.attachLake(await loadLakeSnapshot(lake, undefined));
    for (const s of SAMPLES) {
      const r = await engine.query(s.check);
      assert.deepEqual(r.rows, s.expected, s.file);
    }
    const suricataAlerts = await engine.query('SELECT alert_signature FROM SuricataAlert');
    assert.deepEqual(suricataAlerts.rows, [{ alert_signature: 'ET TEST' }]);
    const ext = await engine.query(
      'SELECT AdditionalExtensions FROM CommonSecurityLog WHERE SourcePort = 51000',
    );
    assert.match(String(ext.rows[0]?.['AdditionalExtensions']), /custom=1/);
  } finally {
    await engine.close();
  }
});
