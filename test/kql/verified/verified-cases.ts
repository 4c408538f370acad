import type { TestTable } from '../kql-test-lake.ts';

/**
 * Hand-verified KQL queries: each runs on a small lake with a known answer. The expected rows were
 * worked out by hand from the rows below and Kusto's documented semantics. Exported so every engine
 * can loop over them (cross-engine parity).
 */
export interface VerifiedCase {
  readonly name: string;
  readonly lake: readonly TestTable[];
  readonly now: string;
  readonly query: string;
  readonly expected: readonly Record<string, unknown>[];
}

/** Six firewall events over two days (nulls included on purpose). */
export const FIREWALL: TestTable = {
  name: 'CommonSecurityLog',
  columns: [
    ['TimeGenerated', 'TIMESTAMP'],
    ['DeviceVendor', 'VARCHAR'],
    ['DeviceAction', 'VARCHAR'],
    ['SourceIP', 'VARCHAR'],
    ['DestinationIP', 'VARCHAR'],
    ['DestinationPort', 'INTEGER'],
    ['SentBytes', 'BIGINT'],
    ['ReceivedBytes', 'BIGINT'],
    ['Activity', 'VARCHAR'],
    ['RequestURL', 'VARCHAR'],
  ],
  rows: [
    [
      '2024-04-20 10:00:00',
      'Fortinet',
      'allow',
      '10.0.0.1',
      '93.184.216.34',
      443,
      100,
      1000,
      'TRAFFIC',
      'https://Example.com/login?user=a',
    ],
    ['2024-04-20 10:05:00', 'Fortinet', 'deny', '10.0.0.1', '8.8.8.8', 53, 60, 0, 'TRAFFIC', ''],
    [
      '2024-04-20 11:30:00',
      'Palo Alto Networks',
      'allow',
      '10.0.0.2',
      '93.184.216.34',
      80,
      300,
      200,
      'THREAT',
      'http://malware-site.net/payload.exe',
    ],
    [
      '2024-04-21 09:00:00',
      'Palo Alto Networks',
      'drop',
      '192.168.1.5',
      '10.0.0.1',
      22,
      40,
      null,
      'TRAFFIC',
      null,
    ],
    [
      '2024-04-21 12:00:00',
      'Fortinet',
      'allow',
      '10.0.0.2',
      '1.1.1.1',
      443,
      500,
      50,
      'TRAFFIC',
      'https://cdn.example.org/a.js',
    ],
    [
      '2024-04-21 23:59:59',
      'Fortinet',
      null,
      '172.16.4.4',
      '1.1.1.1',
      443,
      20,
      20,
      'TRAFFIC',
      'ftp://files.example.com',
    ],
  ],
};

export const HIGH_RISK_WATCHLIST: TestTable = {
  name: 'Watchlist_HighRisk',
  columns: [
    ['SearchKey', 'VARCHAR'],
    ['Label', 'VARCHAR'],
  ],
  rows: [
    ['93.184.216.34', 'cdn'],
    ['1.1.1.1', 'dns'],
  ],
};

const NOW = '2024-04-22T00:00:00Z';
/** DNS responses for the ASIM DNS parser's address-prefix parameter. */
export const DNS_RESPONSES: TestTable = {
  name: 'ASimDnsActivityLogs',
  columns: [
    ['TimeGenerated', 'TIMESTAMP'],
    ['DnsResponseName', 'VARCHAR'],
    ['EventType', 'VARCHAR'],
  ],
  rows: [
    '10.1.2.3',
    '110.1.2.3',
    'x 192.168.1.7',
    '192.168.1.70',
    '192.168.1.7.5',
    'bad',
    'ok,192.168.1.7',
  ].map((r) => ['2024-04-21 00:00:00', r, 'Query']),
};

const fw = (name: string, query: string, expected: readonly Record<string, unknown>[]): VerifiedCase => ({
  name,
  lake: [FIREWALL, HIGH_RISK_WATCHLIST],
  now: NOW,
  query: `CommonSecurityLog\n${query}`,
  expected,
});
const plain = (name: string, query: string, expected: readonly Record<string, unknown>[]): VerifiedCase => ({
  name,
  lake: [FIREWALL],
  now: NOW,
  query,
  expected,
});

export const BASIC_CASES: readonly VerifiedCase[] = [
  fw('count', '| count', [{ Count: 6 }]),
  fw('== is case-sensitive', '| where DeviceVendor == "fortinet" | count', [{ Count: 0 }]),
  fw('=~ is case-insensitive', '| where DeviceVendor =~ "fortinet" | count', [{ Count: 4 }]),
  fw(
    '!in is true on a missing (null) string',
    '| where DeviceAction !in ("deny", "drop") | project SourceIP, TimeGenerated | sort by TimeGenerated asc',
    [
      { SourceIP: '10.0.0.1', TimeGenerated: '2024-04-20T10:00:00.000Z' },
      { SourceIP: '10.0.0.2', TimeGenerated: '2024-04-20T11:30:00.000Z' },
      { SourceIP: '10.0.0.2', TimeGenerated: '2024-04-21T12:00:00.000Z' },
      { SourceIP: '172.16.4.4', TimeGenerated: '2024-04-21T23:59:59.000Z' },
    ],
  ),
  fw(
    'has matches whole terms, case-insensitively',
    '| where RequestURL has "example" | project SourceIP | sort by SourceIP asc',
    [{ SourceIP: '10.0.0.1' }, { SourceIP: '10.0.0.2' }, { SourceIP: '172.16.4.4' }],
  ),
  fw('has does not match part of a term', '| where RequestURL has "exam" | count', [{ Count: 0 }]),
  fw('contains matches substrings, case-insensitively', '| where RequestURL contains "EXAM" | count', [
    { Count: 3 },
  ]),
  fw('!has is true on empty and null strings', '| where RequestURL !has "example" | count', [{ Count: 3 }]),
  fw('startswith is case-insensitive', '| where RequestURL startswith "HTTPS" | count', [{ Count: 2 }]),
  fw('endswith', '| where RequestURL endswith ".exe" | count', [{ Count: 1 }]),
  fw(
    'matches regex',
    '| where RequestURL matches regex @"\\.(exe|js)$" | project DestinationIP | sort by DestinationIP asc',
    [{ DestinationIP: '1.1.1.1' }, { DestinationIP: '93.184.216.34' }],
  ),
  fw(
    'summarize by bin 1d',
    '| summarize Events=count(), Bytes=sum(SentBytes) by bin(TimeGenerated, 1d) | sort by TimeGenerated asc',
    [
      { TimeGenerated: '2024-04-20T00:00:00.000Z', Events: 3, Bytes: 460 },
      { TimeGenerated: '2024-04-21T00:00:00.000Z', Events: 3, Bytes: 560 },
    ],
  ),
  fw(
    'bin 1h aligns to the hour, auto-named count_',
    '| summarize count() by bin(TimeGenerated, 1h) | sort by TimeGenerated asc',
    [
      { TimeGenerated: '2024-04-20T10:00:00.000Z', count_: 2 },
      { TimeGenerated: '2024-04-20T11:00:00.000Z', count_: 1 },
      { TimeGenerated: '2024-04-21T09:00:00.000Z', count_: 1 },
      { TimeGenerated: '2024-04-21T12:00:00.000Z', count_: 1 },
      { TimeGenerated: '2024-04-21T23:00:00.000Z', count_: 1 },
    ],
  ),
  fw('ago() is relative to --now', '| where TimeGenerated > ago(1d) | count', [{ Count: 3 }]),
  fw(
    'between is inclusive',
    '| where TimeGenerated between (datetime(2024-04-20 10:00) .. datetime(2024-04-20 11:30)) | count',
    [{ Count: 3 }],
  ),
  fw(
    'datetime_diff(later, earlier) is positive',
    '| where SourceIP == "10.0.0.1" | summarize First=min(TimeGenerated), Last=max(TimeGenerated) | extend Minutes = datetime_diff("minute", Last, First)',
    [{ First: '2024-04-20T10:00:00.000Z', Last: '2024-04-20T10:05:00.000Z', Minutes: 5 }],
  ),
  plain(
    'datetime_diff counts period boundaries',
    'print s = datetime_diff("second", datetime(2024-01-01 00:00:01.9), datetime(2024-01-01 00:00:00.1)), d = datetime_diff("day", datetime(2024-01-02 00:01), datetime(2024-01-01 23:59))',
    [{ s: 1, d: 1 }],
  ),
  plain('integer division truncates', 'print a = 7 / 2, b = -7 / 2, c = 7 / 2.0, d = 7 % 3', [
    { a: 3, b: -3, c: 3.5, d: 1 },
  ]),
  plain(
    'string functions',
    'print s = strcat("a", 1, "b"), l = strlen("héllo"), u = toupper("abc"), sub = substring("abcdef", 2, 3)',
    [{ s: 'a1b', l: 5, u: 'ABC', sub: 'cde' }],
  ),
  plain(
    'split with 0-based and negative indexes',
    'print p = split("a,b,c", ",")[1], q = split("a,b,c", ",")[-1], n = array_length(split("a,b,c", ","))',
    [{ p: 'b', q: 'c', n: 3 }],
  ),
  plain(
    'extract gives the empty string when nothing matches',
    'print e = extract(@"user=(\\w+)", 1, "https://x/login?user=alice&x=1"), f = extract(@"(\\d+)", 1, "no digits")',
    [{ e: 'alice', f: '' }],
  ),
  fw(
    'case()',
    '| extend Size = case(SentBytes >= 300, "large", SentBytes >= 100, "medium", "small") | summarize count() by Size | sort by Size asc',
    [
      { Size: 'large', count_: 2 },
      { Size: 'medium', count_: 1 },
      { Size: 'small', count_: 3 },
    ],
  ),
  fw(
    'isempty / isnotempty with countif',
    '| summarize Empty=countif(isempty(DeviceAction)), NotEmpty=countif(isnotempty(RequestURL))',
    [{ Empty: 1, NotEmpty: 4 }],
  ),
  fw(
    'dcount and make_set',
    '| summarize Destinations=dcount(DestinationIP), Ports=make_set(DestinationPort) by SourceIP | where Destinations > 1 | extend Ports=array_sort_asc(Ports) | sort by SourceIP asc',
    [
      { SourceIP: '10.0.0.1', Destinations: 2, Ports: [53, 443] },
      { SourceIP: '10.0.0.2', Destinations: 2, Ports: [80, 443] },
    ],
  ),
  fw(
    'arg_max(*) keeps the whole latest row',
    '| summarize arg_max(TimeGenerated, *) by DeviceVendor | project DeviceVendor, TimeGenerated, SourceIP | sort by DeviceVendor asc',
    [
      { DeviceVendor: 'Fortinet', TimeGenerated: '2024-04-21T23:59:59.000Z', SourceIP: '172.16.4.4' },
      {
        DeviceVendor: 'Palo Alto Networks',
        TimeGenerated: '2024-04-21T09:00:00.000Z',
        SourceIP: '192.168.1.5',
      },
    ],
  ),
  fw(
    'arg_min with named outputs',
    '| summarize (FirstSeen, FirstDest) = arg_min(TimeGenerated, DestinationIP) by SourceIP | sort by SourceIP asc',
    [
      { SourceIP: '10.0.0.1', FirstSeen: '2024-04-20T10:00:00.000Z', FirstDest: '93.184.216.34' },
      { SourceIP: '10.0.0.2', FirstSeen: '2024-04-20T11:30:00.000Z', FirstDest: '93.184.216.34' },
      { SourceIP: '172.16.4.4', FirstSeen: '2024-04-21T23:59:59.000Z', FirstDest: '1.1.1.1' },
      { SourceIP: '192.168.1.5', FirstSeen: '2024-04-21T09:00:00.000Z', FirstDest: '10.0.0.1' },
    ],
  ),
  fw(
    'ipv4_is_private',
    '| extend P = ipv4_is_private(DestinationIP) | summarize count() by P | sort by P asc',
    [
      { P: false, count_: 5 },
      { P: true, count_: 1 },
    ],
  ),
  fw('ipv4_is_in_range', '| where ipv4_is_in_range(SourceIP, "10.0.0.0/24") | count', [{ Count: 4 }]),
  fw('top sorts descending', '| top 2 by SentBytes | project SourceIP, SentBytes', [
    { SourceIP: '10.0.0.2', SentBytes: 500 },
    { SourceIP: '10.0.0.2', SentBytes: 300 },
  ]),
  fw('sort defaults to descending, nulls last', '| project ReceivedBytes | sort by ReceivedBytes', [
    { ReceivedBytes: 1000 },
    { ReceivedBytes: 200 },
    { ReceivedBytes: 50 },
    { ReceivedBytes: 20 },
    { ReceivedBytes: 0 },
    { ReceivedBytes: null },
  ]),
  fw('sort asc puts nulls first', '| project ReceivedBytes | sort by ReceivedBytes asc', [
    { ReceivedBytes: null },
    { ReceivedBytes: 0 },
    { ReceivedBytes: 20 },
    { ReceivedBytes: 50 },
    { ReceivedBytes: 200 },
    { ReceivedBytes: 1000 },
  ]),
  fw(
    'take after sort keeps the order',
    '| sort by TimeGenerated asc | take 2 | project SourceIP, DestinationPort',
    [
      { SourceIP: '10.0.0.1', DestinationPort: 443 },
      { SourceIP: '10.0.0.1', DestinationPort: 53 },
    ],
  ),
  fw(
    'extend, project-away, -rename, -reorder',
    '| where SentBytes > 250 | project SourceIP, DestinationIP, SentBytes, ReceivedBytes, DeviceVendor | extend Total = SentBytes + ReceivedBytes | extend Half = Total / 2 | project-away DeviceVendor | project-rename Src = SourceIP | project-reorder Total, Src | sort by Total asc',
    [
      {
        Total: 500,
        Src: '10.0.0.2',
        DestinationIP: '93.184.216.34',
        SentBytes: 300,
        ReceivedBytes: 200,
        Half: 250,
      },
      { Total: 550, Src: '10.0.0.2', DestinationIP: '1.1.1.1', SentBytes: 500, ReceivedBytes: 50, Half: 275 },
    ],
  ),
  fw(
    'join kind=inner with $left/$right and a watchlist',
    "| join kind=inner (_GetWatchlist('HighRisk') | project SearchKey, Label) on $left.DestinationIP == $right.SearchKey | summarize count() by Label | sort by Label asc",
    [
      { Label: 'cdn', count_: 2 },
      { Label: 'dns', count_: 2 },
    ],
  ),
  plain(
    'join defaults to innerunique',
    'datatable(k:string, v:long)["a", 1, "a", 2, "b", 3] | join (datatable(k:string, w:long)["a", 10, "a", 20]) on k | summarize n = count()',
    [{ n: 2 }],
  ),
  plain(
    'join kind=inner keeps every left row',
    'datatable(k:string, v:long)["a", 1, "a", 2, "b", 3] | join kind=inner (datatable(k:string, w:long)["a", 10, "a", 20]) on k | summarize n = count()',
    [{ n: 4 }],
  ),
  plain(
    'leftouter fills strings with empty strings',
    'datatable(k:string)["a", "b"] | join kind=leftouter (datatable(k:string, s:string)["a", "x"]) on k | project k, s | sort by k asc',
    [
      { k: 'a', s: 'x' },
      { k: 'b', s: '' },
    ],
  ),
  plain(
    'leftanti',
    'datatable(k:string)["a", "b", "c"] | join kind=leftanti (datatable(k:string)["b"]) on k | sort by k asc',
    [{ k: 'a' }, { k: 'c' }],
  ),
  fw(
    'lookup keeps unmatched rows',
    "| lookup (_GetWatchlist('HighRisk') | project DestinationIP = SearchKey, Label) on DestinationIP | summarize count() by Label | sort by Label asc",
    [
      { Label: '', count_: 2 },
      { Label: 'cdn', count_: 2 },
      { Label: 'dns', count_: 2 },
    ],
  ),
  plain(
    'union by name',
    'union (datatable(a:long)[1, 2]), (datatable(a:long, b:string)[3, "x"]) | sort by a asc',
    [
      { a: 1, b: '' },
      { a: 2, b: '' },
      { a: 3, b: 'x' },
    ],
  ),
  plain(
    'mv-expand to typeof(long)',
    'datatable(h:string, ports:dynamic)["x", dynamic([22, 80]), "y", dynamic([443])] | mv-expand ports to typeof(long) | summarize total = sum(ports), n = count()',
    [{ total: 545, n: 3 }],
  ),
  plain(
    'parse with typed columns',
    'print s = "user=alice id=42 ok" | parse s with "user=" User " id=" Id:long " " Rest | project User, Id, Rest',
    [{ User: 'alice', Id: 42, Rest: 'ok' }],
  ),
  plain(
    'let scalar, function and tabular',
    'let threshold = 200; let big = (t:long) { t > threshold }; let T = CommonSecurityLog | where big(SentBytes); T | count',
    [{ Count: 2 }],
  ),
  plain(
    'toscalar',
    'let m = toscalar(CommonSecurityLog | summarize max(SentBytes)); CommonSecurityLog | where SentBytes == m | project SourceIP',
    [{ SourceIP: '10.0.0.2' }],
  ),
  plain(
    'in (tabular)',
    'let bad = datatable(ip:string)["10.0.0.2"]; CommonSecurityLog | where SourceIP in (bad) | count',
    [{ Count: 2 }],
  ),
  fw(
    'prev() and row_number() after sort',
    '| where SourceIP == "10.0.0.1" or SourceIP == "10.0.0.2" | sort by TimeGenerated asc | extend Prev = prev(SourceIP), Rn = row_number() | project Rn, SourceIP, Prev',
    [
      { Rn: 1, SourceIP: '10.0.0.1', Prev: '' },
      { Rn: 2, SourceIP: '10.0.0.1', Prev: '10.0.0.1' },
      { Rn: 3, SourceIP: '10.0.0.2', Prev: '10.0.0.1' },
      { Rn: 4, SourceIP: '10.0.0.2', Prev: '10.0.0.2' },
    ],
  ),
  plain(
    'materialize, startofday, format_datetime',
    'let d = materialize(CommonSecurityLog | summarize n = count() by Day = startofday(TimeGenerated)); d | extend Label = format_datetime(Day, "yyyy-MM-dd") | project Label, n | sort by Label asc',
    [
      { Label: '2024-04-20', n: 3 },
      { Label: '2024-04-21', n: 3 },
    ],
  ),
  plain(
    '_Im_NetworkSession parameters filter the NetworkSession view',
    '_Im_NetworkSession(starttime=datetime(2024-04-21), dstportnumber=443) | project SrcIpAddr | sort by SrcIpAddr asc',
    [{ SrcIpAddr: '10.0.0.2' }, { SrcIpAddr: '172.16.4.4' }],
  ),
  fw('has_any', '| where RequestURL has_any ("login", "payload") | count', [{ Count: 2 }]),
  fw('in~', '| where DeviceVendor in~ ("FORTINET") | count', [{ Count: 4 }]),
  plain(
    'typed extract, set_difference, columnifexists',
    "print a = extract('id=([0-9]+)', 1, 'x id=42', typeof(long)), b = extract('id=([0-9]+)', 1, 'none', typeof(long)), c = set_difference(dynamic([1, 2, 3, 2, 5, 1]), dynamic([2])), d = columnifexists('zz', 5)",
    [{ a: 42, b: null, c: [1, 3, 5], d: 5 }],
  ),
  plain(
    'parse_url components',
    'print u = "https://user:pw@Example.com:8443/a/b?x=1#frag" | project h = tostring(parse_url(u).Host), p = tostring(parse_url(u)["Path"]), port = tostring(parse_url(u).Port), none = tostring(parse_url("garbage").Host)',
    [{ h: 'Example.com', p: '/a/b', port: '8443', none: '' }],
  ),
  plain(
    'has_any with a list known at run time',
    'let l = toscalar(datatable(d:string)["evil.com", "x+y", "Bad"] | summarize make_set(d)); datatable(t:string)["www.evil.com/a", "notevil.comx", "a x+y b", "BAD thing", "badly"] | extend m = t has_any (l)',
    [
      { t: 'www.evil.com/a', m: true },
      { t: 'notevil.comx', m: false },
      { t: 'a x+y b', m: true },
      { t: 'BAD thing', m: true },
      { t: 'badly', m: false },
    ],
  ),
  fw('distinct', '| distinct DeviceVendor | sort by DeviceVendor asc', [
    { DeviceVendor: 'Fortinet' },
    { DeviceVendor: 'Palo Alto Networks' },
  ]),
  plain(
    'conversions',
    'print a = tolong("12"), b = toreal("1.5"), c = tostring(12), d = tolong("x"), e = toint(2.9)',
    [{ a: 12, b: 1.5, c: '12', d: null, e: 2 }],
  ),
  plain(
    'base64_decode_toarray and make_string (the documentation examples)',
    'print a = base64_decode_toarray("S3VzdG8="), b = make_string(dynamic([75, 117, 115, 116, 111])), c = unicode_codepoints_to_string(128512, 233), d = make_string(75, 55296)',
    [{ a: [75, 117, 115, 116, 111], b: 'Kusto', c: '\u{1F600}\u00e9', d: null }],
  ),
  plain(
    'parse_urlquery (the documentation example)',
    'print r = parse_urlquery("k1=v1&k2=v2&k3=v3") | project t = tostring(r), k2 = tostring(r["Query Parameters"].k2)',
    [{ t: '{"Query Parameters":{"k1":"v1","k2":"v2","k3":"v3"}}', k2: 'v2' }],
  ),
  plain(
    'has with a term from a column (whole terms, case-insensitive; the empty term is always found)',
    'datatable(t:string, n:string)["www.evil.com/a", "evil.com", "notevil.comx", "evil.com", "a x+y b", "x+y", "BAD thing", "bad", "badly", "bad", "abc", ""] | extend m = t has n, nm = t !has n | project m, nm',
    [
      { m: true, nm: false },
      { m: false, nm: true },
      { m: true, nm: false },
      { m: true, nm: false },
      { m: false, nm: true },
      { m: true, nm: false },
    ],
  ),
  plain(
    'array_length (alias arraylength) is null for a value that is not an array; typed extractjson',
    `print a = array_length(dynamic([1, 2, 3, 'four'])), b = array_length(parse_json('{"x": 1}')), c = arraylength(parse_json('[1]')), d = array_length(parse_json('5')), e = extractjson('$.n', '{"n": 5}', typeof(long)), f = extractjson('$.s', '{"s": "7"}', typeof(int)), g = extractjson('$.z', '{}', typeof(long)), h = extractjson('$.s', '{"s": "x"}', typeof(real)), i = extractjson('$[0].Value', '[{"Value": "v"}]', typeof(string)), j = extractjson('$.z', '{}', typeof(string))`,
    [{ a: 4, b: null, c: 1, d: null, e: 5, f: 7, g: null, h: null, i: 'v', j: '' }],
  ),
  plain(
    'ASIM address prefixes from a list the query computes (escaped, each a whole prefix)',
    `_Im_NetworkSession(srcipaddr_has_any_prefix=toscalar(datatable(p:string)["10.0.0.1", "172.16.", "192.168.1", "x(y", "10.0.0.2x"] | summarize make_set(p)))
| project SrcIpAddr | sort by SrcIpAddr asc`,
    [
      { SrcIpAddr: '10.0.0.1' },
      { SrcIpAddr: '10.0.0.1' },
      { SrcIpAddr: '172.16.4.4' },
      { SrcIpAddr: '192.168.1.5' },
    ],
  ),
  plain(
    'has_any_ipv4 over a list the query computes (invalid addresses never match)',
    `let L = toscalar(datatable(a:string)["10.0.0.1", "1.1.1.1", "999.1.1.1", "x"] | summarize make_set(a));
datatable(t:string)["from 10.0.0.1 to", "10.0.0.10", "a1.1.1.1", "1.1.1.1.", "ip=1.1.1.1;", "999.1.1.1"]
| extend m = has_any_ipv4(t, L) | project m`,
    [{ m: true }, { m: false }, { m: false }, { m: false }, { m: true }, { m: false }],
  ),
  {
    name: '_Im_Dns response_has_any_prefix from a list the query computes',
    lake: [DNS_RESPONSES],
    now: NOW,
    query: `let P = datatable(p:string)["10.1.", "192.168.1.7", "bad"] | summarize make_set(p);
_Im_Dns(response_has_any_prefix=todynamic(toscalar(P))) | project DnsResponseName | sort by DnsResponseName asc`,
    expected: [
      { DnsResponseName: '10.1.2.3' },
      { DnsResponseName: 'ok,192.168.1.7' },
      { DnsResponseName: 'x 192.168.1.7' },
    ],
  },
  plain(
    'mv-expand with_itemindex over parallel arrays (0-based; shorter arrays pad, strings with "")',
    `datatable(k:string, a:dynamic, b:dynamic)['x', dynamic([10, 20, 30]), dynamic(['p', 'q']), 'y', dynamic([]), dynamic([1]), 'z', dynamic([5]), dynamic(null)]
| mv-expand with_itemindex=Idx a to typeof(long), b to typeof(string) | sort by k asc, Idx asc`,
    [
      { k: 'x', a: 10, b: 'p', Idx: 0 },
      { k: 'x', a: 20, b: 'q', Idx: 1 },
      { k: 'x', a: 30, b: '', Idx: 2 },
      { k: 'y', a: null, b: '1', Idx: 0 },
      { k: 'z', a: 5, b: '', Idx: 0 },
    ],
  ),
  plain(
    'declare query_parameters: each parameter takes its default',
    `declare query_parameters(lbperiod:timespan = 1d, action:string = "allow");
CommonSecurityLog | where TimeGenerated > ago(lbperiod) | where DeviceAction == action | count`,
    [{ Count: 1 }],
  ),
  plain(
    'has_cs with a term from a column (whole terms, case kept)',
    'datatable(t:string, n:string)["www.Evil.com/a", "Evil.com", "www.Evil.com/a", "evil.com", "BAD thing", "BAD", "BAD thing", "bad", "xBADy", "BAD", "abc", ""] | extend m = t has_cs n, nm = t !has_cs n | project m, nm',
    [
      { m: true, nm: false },
      { m: false, nm: true },
      { m: true, nm: false },
      { m: false, nm: true },
      { m: false, nm: true },
      { m: true, nm: false },
    ],
  ),
  fw(
    'count(predicate) counts where it is true, as countif (null is not true)',
    '| summarize c = count(SentBytes > 100), r = count(ReceivedBytes >= 50)',
    [{ c: 2, r: 3 }],
  ),
];
