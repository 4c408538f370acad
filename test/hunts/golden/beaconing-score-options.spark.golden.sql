WITH events AS (
  SELECT xxhash64(`SourceIP`, `DestinationIP`, CAST(NULL AS INTEGER), CAST(NULL AS STRING)) AS `k`,
    unix_millis(`TimeGenerated`) AS `t`, CAST(`SentBytes` AS DOUBLE) AS `b`,
    `SourceIP` AS `SourceIP`, `DestinationIP` AS `DestinationIP`, CAST(NULL AS INTEGER) AS `DestinationPort`, CAST(NULL AS STRING) AS `Protocol`
  FROM `CommonSecurityLog`
  WHERE `TimeGenerated` IS NOT NULL
    AND `SourceIP` IS NOT NULL
    AND `DestinationIP` IS NOT NULL
    AND `DeviceVendor` = :deviceVendor
    AND COALESCE(NOT ((TRY_CAST(split_part(`DestinationIP`, '.', 1) AS BIGINT) * 16777216 + TRY_CAST(split_part(`DestinationIP`, '.', 2) AS BIGINT) * 65536 + TRY_CAST(split_part(`DestinationIP`, '.', 3) AS BIGINT) * 256 + TRY_CAST(split_part(`DestinationIP`, '.', 4) AS BIGINT)) BETWEEN :allowDst0_low AND :allowDst0_high), TRUE)
    AND COALESCE(lower(`DestinationIP`) <> :allowDst1, TRUE)
    AND COALESCE(NOT ((TRY_CAST(split_part(`SourceIP`, '.', 1) AS BIGINT) * 16777216 + TRY_CAST(split_part(`SourceIP`, '.', 2) AS BIGINT) * 65536 + TRY_CAST(split_part(`SourceIP`, '.', 3) AS BIGINT) * 256 + TRY_CAST(split_part(`SourceIP`, '.', 4) AS BIGINT)) BETWEEN :allowSrc0_low AND :allowSrc0_high), TRUE)
),
gaps AS (
  SELECT `k`, `t`, `b`, lag(`t`) OVER (PARTITION BY `k` ORDER BY `t`) AS `prevT`
  FROM events
),
pairs AS (
  SELECT `k`,
    count(*) AS `Connections`,
    count_if((`prevT` IS NULL OR `t` - `prevT` >= :collapseMs)) AS `CheckIns`,
    min(`t`) AS `FirstMs`,
    max(`t`) AS `LastMs`,
    count_if(`prevT` IS NULL OR floor(`t` / 3600000) <> floor(`prevT` / 3600000)) AS `ActiveHours`,
    sum(`b`) AS `SentBytesTotal`,
    percentile((`t` - `prevT`) / 1000.0, array(0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)) FILTER (WHERE `prevT` IS NOT NULL AND `t` - `prevT` >= :collapseMs) AS `IntervalQuantiles`,
    stddev_pop(CASE WHEN `prevT` IS NOT NULL AND `t` - `prevT` >= :collapseMs THEN ln(greatest((`t` - `prevT`) / 1000.0, 0.001)) END) AS `IntervalLogSpread`,
    avg(ln(1 + `b`)) AS `SizeMeanLog`,
    stddev_pop(ln(1 + `b`)) AS `SizeSdLog`,
    max(`b`) AS `SizeMax`
  FROM gaps
  GROUP BY `k`
),
candidates AS (
  SELECT * FROM pairs
  WHERE `CheckIns` >= :minCheckins
    AND (`Connections` >= :strobeConnections OR `IntervalLogSpread` <= :maxLogSpread)
),
names AS (
  SELECT `k`, min(`SourceIP`) AS `SourceIP`, min(`DestinationIP`) AS `DestinationIP`, min(`DestinationPort`) AS `DestinationPort`, min(`Protocol`) AS `Protocol`
  FROM events
  WHERE `k` IN (SELECT `k` FROM candidates)
  GROUP BY `k`
)
SELECT n.`SourceIP`, n.`DestinationIP`, n.`DestinationPort`, n.`Protocol`, c.*
FROM candidates c
JOIN names n ON n.`k` = c.`k`
-- parameters: {"deviceVendor":"Fortinet","allowDst0_low":225117184,"allowDst0_high":225117439,"allowDst1":"2001:db8::1","allowSrc0_low":169082933,"allowSrc0_high":169082933,"collapseMs":2000,"minCheckins":6,"strobeConnections":1814400,"maxLogSpread":0.8}
