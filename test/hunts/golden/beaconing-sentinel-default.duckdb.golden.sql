WITH events AS (
  SELECT "DeviceVendor" AS "DeviceVendor", "SourceIP" AS "SourceIP", "DestinationIP" AS "DestinationIP",
    CAST("DestinationPort" AS INTEGER) AS "DestinationPort", "Protocol" AS "Protocol",
    CAST("SentBytes" AS BIGINT) AS "SentBytes", CAST("ReceivedBytes" AS BIGINT) AS "ReceivedBytes",
    CAST(floor(epoch_ms("TimeGenerated") / 1000) AS BIGINT) AS "ts"
  FROM "CommonSecurityLog"
  WHERE "TimeGenerated" IS NOT NULL
    AND "SourceIP" IS NOT NULL
    AND "DestinationIP" IS NOT NULL
    AND NOT ("DestinationIP" LIKE '10.%' OR "DestinationIP" LIKE '127.%' OR "DestinationIP" LIKE '192.168.%' OR ("DestinationIP" LIKE '172.%' AND TRY_CAST(split_part("DestinationIP", '.', 2) AS INTEGER) BETWEEN 16 AND 31))
    AND "DeviceVendor" = $deviceVendor
),
busy_sources AS (
  SELECT "SourceIP" FROM events GROUP BY "SourceIP" HAVING count(*) > $dailyEventCountThreshold
),
rare_destinations AS (
  SELECT "DestinationIP", count(DISTINCT "SourceIP") AS "DegreeofSourceIps"
  FROM events GROUP BY "DestinationIP" HAVING count(DISTINCT "SourceIP") < $degreeOfSrcipThreshold
),
kept AS (
  SELECT e.*, r."DegreeofSourceIps"
  FROM events e
  JOIN busy_sources b ON b."SourceIP" = e."SourceIP"
  JOIN rare_destinations r ON r."DestinationIP" = e."DestinationIP"
),
deltas AS (
  SELECT "DeviceVendor", "SourceIP", "DestinationIP", "DestinationPort", "Protocol", "SentBytes", "ReceivedBytes", "DegreeofSourceIps",
    "ts" - lag("ts") OVER (PARTITION BY "DeviceVendor", "SourceIP", "DestinationIP", "DestinationPort", "Protocol" ORDER BY "ts") AS "Timedelta"
  FROM kept
),
pair_totals AS (
  SELECT "DeviceVendor", "SourceIP", "DestinationIP", "DestinationPort", "Protocol",
    sum("SentBytes") AS "TotalSentBytes",
    sum("ReceivedBytes") AS "TotalReceivedBytes",
    count(*) AS "Totalevents",
    max("DegreeofSourceIps") AS "DegreeofSourceIps",
    count_if("Timedelta" > $timeDeltaThreshold) AS "Totaleventcount"
  FROM deltas GROUP BY "DeviceVendor", "SourceIP", "DestinationIP", "DestinationPort", "Protocol"
),
delta_counts AS MATERIALIZED (
  SELECT "DeviceVendor", "SourceIP", "DestinationIP", "DestinationPort", "Protocol", "Timedelta", count(*) AS "Timedeltacount"
  FROM deltas WHERE "Timedelta" > $timeDeltaThreshold
  GROUP BY "DeviceVendor", "SourceIP", "DestinationIP", "DestinationPort", "Protocol", "Timedelta"
),
neighbourhoods AS (
  SELECT a."DeviceVendor", a."SourceIP", a."DestinationIP", a."DestinationPort", a."Protocol", a."Timedelta", a."Timedeltacount",
    list(b."Timedeltacount" ORDER BY b."Timedelta") AS "Timedeltalist",
    sum(b."Timedeltacount") AS "Timedeltalistcount"
  FROM delta_counts a
  JOIN delta_counts b ON a."DeviceVendor" IS NOT DISTINCT FROM b."DeviceVendor" AND a."SourceIP" IS NOT DISTINCT FROM b."SourceIP" AND a."DestinationIP" IS NOT DISTINCT FROM b."DestinationIP" AND a."DestinationPort" IS NOT DISTINCT FROM b."DestinationPort" AND a."Protocol" IS NOT DISTINCT FROM b."Protocol"
    AND b."Timedelta" BETWEEN a."Timedelta" - greatest(1, 0.1 * a."Timedelta") AND a."Timedelta" + greatest(1, 0.1 * a."Timedelta")
  GROUP BY a."DeviceVendor", a."SourceIP", a."DestinationIP", a."DestinationPort", a."Protocol", a."Timedelta", a."Timedeltacount"
),
ranked AS (
  SELECT n.*, t."TotalSentBytes", t."TotalReceivedBytes", t."Totalevents", t."DegreeofSourceIps",
    t."Totaleventcount",
    100.0 * n."Timedeltalistcount" / t."Totaleventcount" AS "Percentbeacon",
    row_number() OVER (PARTITION BY n."DeviceVendor", n."SourceIP", n."DestinationIP", n."DestinationPort", n."Protocol" ORDER BY n."Timedeltalistcount" DESC, n."Timedeltacount" DESC, n."Timedelta") AS "rank"
  FROM neighbourhoods n
  JOIN pair_totals t ON n."DeviceVendor" IS NOT DISTINCT FROM t."DeviceVendor" AND n."SourceIP" IS NOT DISTINCT FROM t."SourceIP" AND n."DestinationIP" IS NOT DISTINCT FROM t."DestinationIP" AND n."DestinationPort" IS NOT DISTINCT FROM t."DestinationPort" AND n."Protocol" IS NOT DISTINCT FROM t."Protocol"
)
SELECT "DestinationIP", "DeviceVendor", "SourceIP", "DestinationPort", "Protocol", "Timedelta", "Timedeltacount", "TotalSentBytes", "TotalReceivedBytes",
  "Totalevents", "DegreeofSourceIps", "Timedeltalist", "Timedeltalistcount", "Totaleventcount",
  "Percentbeacon"
FROM ranked
WHERE "rank" = 1 AND "Percentbeacon" > $percentBeaconThreshold AND "Totaleventcount" > $dailyEventCountThreshold
ORDER BY "Percentbeacon" DESC, "Totaleventcount" DESC, "SourceIP", "DestinationIP", "DestinationPort"
-- parameters: {"deviceVendor":"Fortinet","dailyEventCountThreshold":100,"degreeOfSrcipThreshold":25,"timeDeltaThreshold":15,"percentBeaconThreshold":75}
