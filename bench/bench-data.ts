import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** Deterministic pseudo-random numbers for generated benchmark inputs. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

async function writeChunks(file: string, chunks: Iterable<string>): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  for (const chunk of chunks) {
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

const ZEEK_FIELDS =
  'ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents';
const ZEEK_TYPES =
  'time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]';

/** A Zeek conn.log (TSV) of `rows` connections over 24 h from `startEpoch`. Returns bytes written. */
export function writeZeekConn(file: string, rows: number, startEpoch: number): Promise<number> {
  const next = lcg(7);
  function* chunks(): Generator<string> {
    yield `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2024-04-19-00-00-00\n#fields\t${ZEEK_FIELDS}\n#types\t${ZEEK_TYPES}\n`;
    let buf = '';
    for (let i = 0; i < rows; i++) {
      const r = next();
      const ts = (startEpoch + (i * 86400) / rows).toFixed(6);
      buf += `${ts}\tC${i.toString(36)}x${(r & 0xffff).toString(36)}\t10.${(r >>> 24) & 15}.${(r >>> 16) & 255}.${(r >>> 8) & 255}\t${1024 + (r % 60000)}\t${(r >>> 5) & 223}.${(r >>> 13) & 255}.${(r >>> 3) & 255}.${r & 255}\t${[443, 80, 53, 22, 123][r % 5]}\t${r % 5 === 2 ? 'udp' : 'tcp'}\t${['ssl', 'http', 'dns', '-', '-'][r % 5]}\t${((r % 100000) / 1000).toFixed(6)}\t${r % 5000}\t${(r >>> 4) % 90000}\tSF\tT\tF\t0\tShADadFf\t${r % 40}\t${r % 7000}\t${r % 50}\t${r % 95000}\t(empty)\n`;
      if (buf.length > 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    yield `${buf}#close\t2024-04-20-00-00-00\n`;
  }
  return writeChunks(file, chunks());
}

/** CommonSecurityLog records as Log Analytics data-export JSON Lines. Returns bytes written. */
export function writeExportJsonLines(file: string, rows: number, startMs: number): Promise<number> {
  const next = lcg(11);
  const actions = ['accept', 'deny', 'close', 'timeout'];
  function* chunks(): Generator<string> {
    let buf = '';
    for (let i = 0; i < rows; i++) {
      const r = next();
      const t = new Date(startMs + Math.floor((i * 86_400_000) / rows)).toISOString();
      buf += `${JSON.stringify({
        TenantId: '00000000-0000-0000-0000-000000000001',
        TimeGenerated: t,
        DeviceVendor: 'Fortinet',
        DeviceProduct: 'Fortigate',
        DeviceVersion: 'v7.2.4',
        DeviceEventClassID: '0000000013',
        Activity: 'traffic:forward',
        LogSeverity: '5',
        DeviceAction: actions[r % 4],
        SourceIP: `10.${(r >>> 24) & 15}.${(r >>> 16) & 255}.${(r >>> 8) & 255}`,
        SourcePort: 1024 + (r % 60000),
        DestinationIP: `${(r >>> 5) & 223}.${(r >>> 13) & 255}.${(r >>> 3) & 255}.${r & 255}`,
        DestinationPort: [443, 80, 53, 22, 123][r % 5],
        Protocol: r % 5 === 2 ? 'UDP' : 'TCP',
        SentBytes: r % 5000,
        ReceivedBytes: (r >>> 4) % 90000,
        Computer: 'fw01',
        DeviceName: 'FGT-HQ',
        AdditionalExtensions: `FortinetFortiGatelogid=0000000013;FortinetFortiGatesessionid=${r}`,
        Type: 'CommonSecurityLog',
        _ResourceId: '',
      })}\n`;
      if (buf.length > 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  }
  return writeChunks(file, chunks());
}
