WITH events AS NOT MATERIALIZED (
  SELECT hash("SrcIpAddr", "DstIpAddr", CAST("DstPortNumber" AS INTEGER), "NetworkProtocol") AS "k",
    epoch_ms("TimeGenerated") AS "t", CAST("SrcBytes" AS DOUBLE) AS "b",
    "SrcIpAddr" AS "SourceIP", "DstIpAddr" AS "DestinationIP", CAST("DstPortNumber" AS INTEGER) AS "DestinationPort", "NetworkProtocol" AS "Protocol"
  FROM "NetworkSession"
  WHERE "TimeGenerated" IS NOT NULL
    AND "SrcIpAddr" IS NOT NULL
    AND "DstIpAddr" IS NOT NULL
    AND COALESCE(NOT (substr("DstIpAddr", 1, 4) IN ('224.', '225.', '226.', '227.', '228.', '229.', '230.', '231.', '232.', '233.', '234.', '235.', '236.', '237.', '238.', '239.') OR "DstIpAddr" LIKE '%.255' OR lower("DstIpAddr") LIKE 'ff%:%'), TRUE)
),
gaps AS (
  SELECT "k", "t", "b", lag("t") OVER (PARTITION BY "k" ORDER BY "t") AS "prevT"
  FROM events
),
pairs AS (
  SELECT "k",
    count(*) AS "Connections",
    count_if(("prevT" IS NULL OR "t" - "prevT" >= $collapseMs)) AS "CheckIns",
    min("t") AS "FirstMs",
    max("t") AS "LastMs",
    count_if("prevT" IS NULL OR floor("t" / 3600000) <> floor("prevT" / 3600000)) AS "ActiveHours",
    sum("b") AS "SentBytesTotal",
    quantile_cont(("t" - "prevT") / 1000.0, [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]) FILTER (WHERE "prevT" IS NOT NULL AND "t" - "prevT" >= $collapseMs) AS "IntervalQuantiles",
    stddev_pop(CASE WHEN "prevT" IS NOT NULL AND "t" - "prevT" >= $collapseMs THEN ln(greatest(("t" - "prevT") / 1000.0, 0.001)) END) AS "IntervalLogSpread",
    avg(ln(1 + "b")) AS "SizeMeanLog",
    stddev_pop(ln(1 + "b")) AS "SizeSdLog",
    max("b") AS "SizeMax"
  FROM gaps
  GROUP BY "k"
),
candidates AS MATERIALIZED (
  SELECT * FROM pairs
  WHERE "CheckIns" >= $minCheckins
    AND ("Connections" >= $strobeConnections OR "IntervalLogSpread" <= $maxLogSpread)
),
names AS (
  SELECT "k", min("SourceIP") AS "SourceIP", min("DestinationIP") AS "DestinationIP", min("DestinationPort") AS "DestinationPort", min("Protocol") AS "Protocol"
  FROM events
  WHERE "k" IN (SELECT "k" FROM candidates)
  GROUP BY "k"
)
SELECT n."SourceIP", n."DestinationIP", n."DestinationPort", n."Protocol", c.*
FROM candidates c
JOIN names n ON n."k" = c."k"
-- parameters: {"collapseMs":2000,"minCheckins":6,"strobeConnections":1814400,"maxLogSpread":0.8}
