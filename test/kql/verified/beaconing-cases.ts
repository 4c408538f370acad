import type { TestTable } from '../kql-test-lake.ts';
import type { VerifiedCase } from './verified-cases.ts';

/**
 * Sentinel's beaconing rules on a small lake: 10.1.1.1 calls 203.0.113.10:443 every 60 s
 * (30 connections, 10:00–10:29 on 2024-04-21, 100 bytes out / 200 in each), 10.1.1.2 talks
 * irregularly (3 deltas: 30, 270, 120 s), 10.1.1.1 also reaches a private address (dropped by the
 * rules before deltas are taken) and a Fortinet device logs one unrelated flow.
 *
 * Worked by hand: sorted by source then time, the beacon gives 29 deltas of 60 s (its last row's
 * next row belongs to 10.1.1.2 and is dropped), all in the 10:00 hour: most frequent delta 60 s,
 * 29 times out of 29 events = 100 %. 10.1.1.2 has only 3 events, below the thresholds.
 */
const COLUMNS: TestTable['columns'] = [
  ['TimeGenerated', 'TIMESTAMP'],
  ['DeviceVendor', 'VARCHAR'],
  ['DeviceProduct', 'VARCHAR'],
  ['DeviceName', 'VARCHAR'],
  ['Activity', 'VARCHAR'],
  ['DeviceAction', 'VARCHAR'],
  ['SourceUserID', 'VARCHAR'],
  ['SourceIP', 'VARCHAR'],
  ['SourcePort', 'INTEGER'],
  ['DestinationIP', 'VARCHAR'],
  ['DestinationPort', 'INTEGER'],
  ['Protocol', 'VARCHAR'],
  ['SentBytes', 'BIGINT'],
  ['ReceivedBytes', 'BIGINT'],
];

const at = (minutes: number, seconds = 0) => {
  const t = new Date(Date.UTC(2024, 3, 21, 10, minutes, seconds));
  return t.toISOString().replace('T', ' ').slice(0, 19);
};

const beacon = Array.from({ length: 30 }, (_, i) => [
  at(i),
  'Palo Alto Networks',
  'PAN-OS',
  'pa-fw1',
  'TRAFFIC',
  'allow',
  'alice',
  '10.1.1.1',
  50_000 + i,
  '203.0.113.10',
  443,
  'TCP',
  100,
  200,
]);

const noise = [
  [at(0), 30],
  [at(0, 30), 31],
  [at(5), 32],
  [at(7), 33],
].map(([time, port]) => [
  time,
  'Palo Alto Networks',
  'PAN-OS',
  'pa-fw1',
  'TRAFFIC',
  'allow',
  'bob',
  '10.1.1.2',
  40_000 + Number(port),
  '198.51.100.7',
  80,
  'TCP',
  10,
  10,
]);

export const BEACON_FIREWALL: TestTable = {
  name: 'CommonSecurityLog',
  columns: COLUMNS,
  rows: [
    ...beacon,
    ...noise,
    [
      at(0, 30),
      'Palo Alto Networks',
      'PAN-OS',
      'pa-fw1',
      'TRAFFIC',
      'allow',
      'alice',
      '10.1.1.1',
      49_999,
      '10.9.9.9',
      445,
      'TCP',
      5,
      5,
    ],
    [
      at(3),
      'Fortinet',
      'Fortigate',
      'fgt1',
      'TRAFFIC',
      'accept',
      '',
      '10.1.1.3',
      41_000,
      '192.0.2.1',
      443,
      'TCP',
      1,
      1,
    ],
  ] as TestTable['rows'],
};

/**
 * A Fortinet beacon for the Fortinet rule: 10.2.2.2 reaches 203.0.113.20:443 22 times from
 * 2024-04-21 08:00; the 21 gaps are 890 s (3×), 900 s (15×), 910 s (2×) and one 7200 s pause, in the
 * order of FORTINET_DELTAS. One denied connection in between is dropped by the rule first.
 *
 * Worked by hand: sorted, the gaps are 3×890, 15×900, 2×910, 7200 (n = 21). The 10th percentile is
 * 890 and the 90th 910 under any interpolation between neighbouring ranks (ranks 1–3 are 890, ranks
 * 19–20 are 910), so only the pause scores above 1.5: (7200 − 910) / 20 = 314.5. It is replaced by
 * the mean of all 21 gaps, 25190 / 21; the smoothed mean (Periodicity) is then
 * (3·890 + 15·900 + 2·910 + 25190/21) / 21 ≈ 913.79 s, its standard deviation ≈ 65.7 s is below the
 * 20 % jitter tolerance (≈ 182.8 s), BeaconCount is 21 > 4 and the periodicity is ≥ 600 s.
 */
const FORTINET_DELTAS = [
  900, 890, 900, 900, 910, 900, 900, 890, 900, 900, 7200, 900, 900, 910, 900, 900, 890, 900, 900, 900, 900,
];
const fortinetStart = Date.UTC(2024, 3, 21, 8, 0, 0);
const fortinetTimes = [fortinetStart];
for (const d of FORTINET_DELTAS) fortinetTimes.push(fortinetTimes[fortinetTimes.length - 1]! + d * 1000);
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const fortinetRow = (ms: number, action: string, port: number) => [
  isoSeconds(ms),
  'Fortinet',
  'Fortigate',
  'fgt1',
  'TRAFFIC',
  action,
  '',
  '10.2.2.2',
  port,
  '203.0.113.20',
  443,
  'TCP',
  10,
  20,
];

export const FORTINET_FIREWALL: TestTable = {
  name: 'CommonSecurityLog',
  columns: COLUMNS,
  rows: [
    ...BEACON_FIREWALL.rows,
    ...fortinetTimes.map((ms, i) => fortinetRow(ms, 'accept', 60_000 + i)),
    fortinetRow(fortinetStart + 60_000, 'deny', 59_999),
  ] as TestTable['rows'],
};

const fortinetMean = FORTINET_DELTAS.reduce((a, b) => a + b, 0) / FORTINET_DELTAS.length;

/** Palo Alto - potential beaconing detected (Detections/CommonSecurityLog/PaloAlto-NetworkBeaconing.yaml). */
export const PALO_ALTO_BEACONING = `let starttime = 1d;
let TimeDeltaThreshold = 10;
let TotalEventsThreshold = 15;
let MostFrequentTimeDeltaThreshold = 25;
let PercentBeaconThreshold = 80;
CommonSecurityLog
| where DeviceVendor =~ "Palo Alto Networks" and Activity =~ "TRAFFIC"
| where TimeGenerated > ago(starttime)
| where ipv4_is_private(DestinationIP) == false
| project TimeGenerated, DeviceName, SourceUserID, SourceIP, SourcePort, DestinationIP, DestinationPort, ReceivedBytes, SentBytes
| sort by SourceIP asc,TimeGenerated asc, DestinationIP asc, DestinationPort asc
| serialize
| extend nextTimeGenerated = next(TimeGenerated, 1), nextSourceIP = next(SourceIP, 1)
| extend TimeDeltainSeconds = datetime_diff('second',nextTimeGenerated,TimeGenerated)
| where SourceIP == nextSourceIP
//Whitelisting criteria/ threshold criteria
| where TimeDeltainSeconds > TimeDeltaThreshold
| summarize count(), sum(ReceivedBytes), sum(SentBytes)
by TimeDeltainSeconds, bin(TimeGenerated, 1h), DeviceName, SourceUserID, SourceIP, DestinationIP, DestinationPort
| summarize (MostFrequentTimeDeltaCount, MostFrequentTimeDeltainSeconds) = arg_max(count_, TimeDeltainSeconds), TotalEvents=sum(count_), TotalSentBytes = sum(sum_SentBytes), TotalReceivedBytes = sum(sum_ReceivedBytes)
by bin(TimeGenerated, 1h), DeviceName, SourceUserID, SourceIP, DestinationIP, DestinationPort
| where TotalEvents > TotalEventsThreshold and MostFrequentTimeDeltaCount > MostFrequentTimeDeltaThreshold
| extend BeaconPercent = MostFrequentTimeDeltaCount/toreal(TotalEvents) * 100
| where BeaconPercent > PercentBeaconThreshold
| extend timestamp = TimeGenerated, IPCustomEntity = DestinationIP, AccountCustomEntity = SourceUserID, HostCustomEntity = DeviceName`;

/**
 * Potential beaconing activity (ASIM Network Session schema), from
 * Detections/ASimNetworkSession/PossibleBeaconingActivity.yaml. As published, it passes timespans
 * (2d, 1d) as the parser's datetime `starttime`/`endtime`, which lakehunt refuses (see the refusal
 * test); here the intended window is written with ago().
 */
export const ASIM_BEACONING = `let querystarttime = 2d;
let queryendtime = 1d;
let TimeDeltaThreshold = 10;
let TotalEventsThreshold = 15;
let PercentBeaconThreshold = 80;
_Im_NetworkSession(starttime=ago(querystarttime), endtime=ago(queryendtime))
| where not(ipv4_is_private(DstIpAddr))
| project TimeGenerated,   SrcIpAddr, SrcPortNumber, DstIpAddr, DstPortNumber, DstBytes, SrcBytes
| sort by SrcIpAddr asc,TimeGenerated asc, DstIpAddr asc, DstPortNumber asc
| serialize
| extend nextTimeGenerated = next(TimeGenerated, 1), nextSrcIpAddr = next(SrcIpAddr, 1)
| extend TimeDeltainSeconds = datetime_diff('second',nextTimeGenerated,TimeGenerated)
| where SrcIpAddr == nextSrcIpAddr
//Whitelisting criteria/ threshold criteria
| where TimeDeltainSeconds > TimeDeltaThreshold
| project TimeGenerated, TimeDeltainSeconds,   SrcIpAddr, SrcPortNumber, DstIpAddr, DstPortNumber, DstBytes, SrcBytes
| summarize count(), sum(DstBytes), sum(SrcBytes), make_list(TimeDeltainSeconds)
by TimeDeltainSeconds, bin(TimeGenerated, 1h),   SrcIpAddr, DstIpAddr, DstPortNumber
| summarize (MostFrequentTimeDeltaCount, MostFrequentTimeDeltainSeconds) = arg_max(count_, TimeDeltainSeconds), TotalEvents=sum(count_), TotalSrcBytes = sum(sum_SrcBytes), TotalDstBytes = sum(sum_DstBytes)
by bin(TimeGenerated, 1h),   SrcIpAddr, DstIpAddr, DstPortNumber
| where TotalEvents > TotalEventsThreshold
| extend BeaconPercent = MostFrequentTimeDeltaCount/toreal(TotalEvents) * 100
| where BeaconPercent > PercentBeaconThreshold`;

/**
 * Fortinet - Beacon pattern detected (Detections/CommonSecurityLog/Fortinet-NetworkBeaconPattern.yaml),
 * verbatim. It smooths outliers with series_outliers() (Tukey's test on the 10th/90th percentiles).
 */
export const FORTINET_BEACONING = `let starttime = 1d;
let TimeDeltaThresholdInSeconds = 60; // we ignore beacons diffs that fall below this threshold 
let TotalBeaconsThreshold = 4; // minimum number of beacons required in a session to surface a row
let JitterTolerance = 0.2; // tolerance to jitter, e.g. - 0.2 = 20% jitter is tolerated either side of the periodicity
CommonSecurityLog
| where DeviceVendor == "Fortinet"
| where TimeGenerated > ago(starttime)
// eliminate bad data
| where isnotempty(SourceIP) and isnotempty(DestinationIP) and SourceIP != "0.0.0.0"
// filter out deny, close, rst and SNMP to reduce data volume
| where DeviceAction !in ("close", "client-rst", "server-rst", "deny") and DestinationPort != 161
// map input fields
| project TimeGenerated , SourceIP, DestinationIP, DestinationPort, ReceivedBytes, SentBytes, DeviceAction 
// where destination IPs are public
| where ipv4_is_private(DestinationIP) == false
// sort into source->destination 'sessions'
| sort by SourceIP asc, DestinationIP asc, DestinationPort asc, TimeGenerated asc
| serialize
// time diff the contact times between source and destination to get a list of deltas
| extend nextTimeGenerated = next(TimeGenerated, 1), nextSourceIP = next(SourceIP, 1), nextDestIP = next(DestinationIP, 1), nextDestPort = next(DestinationPort, 1)
| extend TimeDeltainSeconds = datetime_diff("second",nextTimeGenerated,TimeGenerated)
| where SourceIP == nextSourceIP and DestinationIP == nextDestIP and DestinationPort == nextDestPort
// remove small time deltas below the set threshold
| where TimeDeltainSeconds > TimeDeltaThresholdInSeconds
// summarize the deltas by source->destination
| summarize count(), StartTime=min(TimeGenerated), EndTime=max(TimeGenerated), sum(ReceivedBytes), sum(SentBytes), makelist(TimeDeltainSeconds), makeset(DeviceAction) by SourceIP, DestinationIP, DestinationPort
// get some statistical properties of the delta distribution and smooth any outliers (e.g. laptop shut overnight, working hours)
| extend series_stats(list_TimeDeltainSeconds), outliers=series_outliers(list_TimeDeltainSeconds)
// expand the deltas and the outliers
| mvexpand list_TimeDeltainSeconds to typeof(double), outliers to typeof(double)
// replace outliers with the average of the distribution
| extend list_TimeDeltainSeconds_normalized=iff(outliers > 1.5 or outliers < -1.5, series_stats_list_TimeDeltainSeconds_avg , list_TimeDeltainSeconds)
// summarize with the smoothed distribution
| summarize BeaconCount=count(), makelist(list_TimeDeltainSeconds), list_TimeDeltainSeconds_normalized=makelist(list_TimeDeltainSeconds_normalized), makeset(set_DeviceAction) by StartTime, EndTime, SourceIP, DestinationIP, DestinationPort, sum_ReceivedBytes, sum_SentBytes
// get stats on the smoothed distribution
| extend series_stats(list_TimeDeltainSeconds_normalized)
// match jitter tolerance on smoothed distrib
| extend MaxJitter = (series_stats_list_TimeDeltainSeconds_normalized_avg*JitterTolerance)
| where series_stats_list_TimeDeltainSeconds_normalized_stdev < MaxJitter
// where the minimum beacon threshold is satisfied and there was some data transfer
| where BeaconCount > TotalBeaconsThreshold and (sum_SentBytes > 0 or sum_ReceivedBytes > 0)
// final projection
| project StartTime, EndTime, SourceIP, DestinationIP, DestinationPort, BeaconCount, TimeDeltasInSeconds=list_list_TimeDeltainSeconds, Periodicity=series_stats_list_TimeDeltainSeconds_normalized_avg, ReceivedBytes=sum_ReceivedBytes, SentBytes=sum_SentBytes, Actions=set_set_DeviceAction
// where periodicity is order of magnitude larger than time delta threshold (eliminates FPs whose periodicity is close to the values we ignored)
| where Periodicity >= (10*TimeDeltaThresholdInSeconds)
| extend timestamp = StartTime, IPCustomEntity = DestinationIP`;

export const BEACONING_CASES: readonly VerifiedCase[] = [
  {
    name: 'Sentinel rule: Fortinet - beacon pattern detected (series_outliers)',
    lake: [FORTINET_FIREWALL],
    now: '2024-04-21T18:00:00Z',
    query: FORTINET_BEACONING,
    expected: [
      {
        StartTime: '2024-04-21T08:00:00.000Z',
        EndTime: new Date(fortinetTimes[20]!).toISOString(),
        SourceIP: '10.2.2.2',
        DestinationIP: '203.0.113.20',
        DestinationPort: 443,
        BeaconCount: 21,
        TimeDeltasInSeconds: FORTINET_DELTAS,
        Periodicity: (3 * 890 + 15 * 900 + 2 * 910 + fortinetMean) / 21,
        ReceivedBytes: 21 * 20,
        SentBytes: 21 * 10,
        Actions: ['accept'],
        timestamp: '2024-04-21T08:00:00.000Z',
        IPCustomEntity: '203.0.113.20',
      },
    ],
  },
  {
    name: 'Sentinel rule: Palo Alto - potential beaconing detected',
    lake: [BEACON_FIREWALL],
    now: '2024-04-21T12:00:00Z',
    query: PALO_ALTO_BEACONING,
    expected: [
      {
        TimeGenerated: '2024-04-21T10:00:00.000Z',
        DeviceName: 'pa-fw1',
        SourceUserID: 'alice',
        SourceIP: '10.1.1.1',
        DestinationIP: '203.0.113.10',
        DestinationPort: 443,
        MostFrequentTimeDeltaCount: 29,
        MostFrequentTimeDeltainSeconds: 60,
        TotalEvents: 29,
        TotalSentBytes: 2900,
        TotalReceivedBytes: 5800,
        BeaconPercent: 100,
        timestamp: '2024-04-21T10:00:00.000Z',
        IPCustomEntity: '203.0.113.10',
        AccountCustomEntity: 'alice',
        HostCustomEntity: 'pa-fw1',
      },
    ],
  },
  {
    name: 'Sentinel rule: potential beaconing activity (ASIM NetworkSession)',
    lake: [BEACON_FIREWALL],
    now: '2024-04-22T11:00:00Z',
    query: ASIM_BEACONING,
    expected: [
      {
        TimeGenerated: '2024-04-21T10:00:00.000Z',
        SrcIpAddr: '10.1.1.1',
        DstIpAddr: '203.0.113.10',
        DstPortNumber: 443,
        MostFrequentTimeDeltaCount: 29,
        MostFrequentTimeDeltainSeconds: 60,
        TotalEvents: 29,
        TotalSrcBytes: 2900,
        TotalDstBytes: 5800,
        BeaconPercent: 100,
      },
    ],
  },
  {
    name: 'ASIM rule outside its window finds nothing',
    lake: [BEACON_FIREWALL],
    now: '2024-04-21T12:00:00Z',
    query: ASIM_BEACONING,
    expected: [],
  },
];
