WITH events AS (
  SELECT `EventVendor` AS `DeviceVendor`, `SrcIpAddr` AS `SourceIP`, `DstIpAddr` AS `DestinationIP`,
    CAST(`DstPortNumber` AS INTEGER) AS `DestinationPort`, `NetworkProtocol` AS `Protocol`,
    CAST(`SrcBytes` AS BIGINT) AS `SentBytes`, CAST(`DstBytes` AS BIGINT) AS `ReceivedBytes`,
    CAST(floor(unix_millis(`TimeGenerated`) / 1000) AS BIGINT) AS `ts`
  FROM `NetworkSession`
  WHERE `TimeGenerated` IS NOT NULL
    AND `SrcIpAddr` IS NOT NULL
    AND `DstIpAddr` IS NOT NULL
    AND NOT (`DstIpAddr` LIKE '10.%' OR `DstIpAddr` LIKE '127.%' OR `DstIpAddr` LIKE '192.168.%' OR (`DstIpAddr` LIKE '172.%' AND TRY_CAST(split_part(`DstIpAddr`, '.', 2) AS INTEGER) BETWEEN 16 AND 31))
),
busy_sources AS (
  SELECT `SourceIP` FROM events GROUP BY `SourceIP` HAVING count(*) > :dailyEventCountThreshold
),
rare_destinations AS (
  SELECT `DestinationIP`, count(DISTINCT `SourceIP`) AS `DegreeofSourceIps`
  FROM events GROUP BY `DestinationIP` HAVING count(DISTINCT `SourceIP`) < :degreeOfSrcipThreshold
),
kept AS (
  SELECT e.*, r.`DegreeofSourceIps`
  FROM events e
  JOIN busy_sources b ON b.`SourceIP` = e.`SourceIP`
  JOIN rare_destinations r ON r.`DestinationIP` = e.`DestinationIP`
),
deltas AS (
  SELECT `DeviceVendor`, `SourceIP`, `DestinationIP`, `DestinationPort`, `Protocol`, `SentBytes`, `ReceivedBytes`, `DegreeofSourceIps`,
    `ts` - lag(`ts`) OVER (PARTITION BY `SourceIP` ORDER BY `ts`) AS `Timedelta`
  FROM kept
),
pair_totals AS (
  SELECT `DeviceVendor`, `SourceIP`, `DestinationIP`, `DestinationPort`, `Protocol`,
    sum(`SentBytes`) AS `TotalSentBytes`,
    sum(`ReceivedBytes`) AS `TotalReceivedBytes`,
    count(*) AS `Totalevents`,
    max(`DegreeofSourceIps`) AS `DegreeofSourceIps`,
    count_if(`Timedelta` > :timeDeltaThreshold) AS `Totaleventcount`
  FROM deltas GROUP BY `DeviceVendor`, `SourceIP`, `DestinationIP`, `DestinationPort`, `Protocol`
),
delta_counts AS (
  SELECT `DeviceVendor`, `SourceIP`, `DestinationIP`, `DestinationPort`, `Protocol`, `Timedelta`, count(*) AS `Timedeltacount`
  FROM deltas WHERE `Timedelta` > :timeDeltaThreshold
  GROUP BY `DeviceVendor`, `SourceIP`, `DestinationIP`, `DestinationPort`, `Protocol`, `Timedelta`
),
neighbourhoods AS (
  SELECT a.`DeviceVendor`, a.`SourceIP`, a.`DestinationIP`, a.`DestinationPort`, a.`Protocol`, a.`Timedelta`, a.`Timedeltacount`,
    transform(array_sort(collect_list(named_struct('o', b.`Timedelta`, 'v', b.`Timedeltacount`))), x -> x.v) AS `Timedeltalist`,
    sum(b.`Timedeltacount`) AS `Timedeltalistcount`
  FROM delta_counts a
  JOIN delta_counts b ON a.`DeviceVendor` <=> b.`DeviceVendor` AND a.`SourceIP` <=> b.`SourceIP` AND a.`DestinationIP` <=> b.`DestinationIP` AND a.`DestinationPort` <=> b.`DestinationPort` AND a.`Protocol` <=> b.`Protocol`
    AND b.`Timedelta` BETWEEN a.`Timedelta` - greatest(1, 0.1 * a.`Timedelta`) AND a.`Timedelta` + greatest(1, 0.1 * a.`Timedelta`)
  GROUP BY a.`DeviceVendor`, a.`SourceIP`, a.`DestinationIP`, a.`DestinationPort`, a.`Protocol`, a.`Timedelta`, a.`Timedeltacount`
),
ranked AS (
  SELECT n.*, t.`TotalSentBytes`, t.`TotalReceivedBytes`, t.`Totalevents`, t.`DegreeofSourceIps`,
    t.`Totaleventcount`,
    100.0 * n.`Timedeltalistcount` / t.`Totaleventcount` AS `Percentbeacon`,
    row_number() OVER (PARTITION BY n.`DeviceVendor`, n.`SourceIP`, n.`DestinationIP`, n.`DestinationPort`, n.`Protocol` ORDER BY n.`Timedeltalistcount` DESC, n.`Timedeltacount` DESC, n.`Timedelta`) AS `rank`
  FROM neighbourhoods n
  JOIN pair_totals t ON n.`DeviceVendor` <=> t.`DeviceVendor` AND n.`SourceIP` <=> t.`SourceIP` AND n.`DestinationIP` <=> t.`DestinationIP` AND n.`DestinationPort` <=> t.`DestinationPort` AND n.`Protocol` <=> t.`Protocol`
)
SELECT `DestinationIP`, `DeviceVendor`, `SourceIP`, `DestinationPort`, `Protocol`, `Timedelta`, `Timedeltacount`, `TotalSentBytes`, `TotalReceivedBytes`,
  `Totalevents`, `DegreeofSourceIps`, `Timedeltalist`, `Timedeltalistcount`, `Totaleventcount`,
  `Percentbeacon`
FROM ranked
WHERE `rank` = 1 AND `Percentbeacon` > :percentBeaconThreshold AND `Totaleventcount` > :dailyEventCountThreshold
ORDER BY `Percentbeacon` DESC, `Totaleventcount` DESC, `SourceIP`, `DestinationIP`, `DestinationPort`
-- parameters: {"dailyEventCountThreshold":100,"degreeOfSrcipThreshold":25,"timeDeltaThreshold":15,"percentBeaconThreshold":75}
