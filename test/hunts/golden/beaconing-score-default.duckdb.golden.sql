WITH events AS NOT MATERIALIZED (
  SELECT hash("SrcIpAddr", "DstIpAddr", CAST("DstPortNumber" AS INTEGER), "NetworkProtocol") AS "k",
    epoch_ms("TimeGenerated") AS "t", CAST("SrcBytes" AS DOUBLE) AS "b",
    "SrcIpAddr" AS "SourceIP", "DstIpAddr" AS "DestinationIP", CAST("DstPortNumber" AS INTEGER) AS "DestinationPort", "NetworkProtocol" AS "Protocol"
  FROM "NetworkSession"
  WHERE "TimeGenerated" IS NOT NULL
    AND "SrcIpAddr" IS NOT NULL
    AND "DstIpAddr" IS NOT NULL
),
gaps AS (
  SELECT "k", "t" - lag("t") OVER (PARTITION BY "k" ORDER BY "t") AS "gapMs"
  FROM events
),
pairs AS (
  SELECT "k",
    count(*) AS "Connections",
    count_if("gapMs" IS NULL OR "gapMs" >= $collapseMs) AS "CheckIns",
    stddev_pop(CASE WHEN "gapMs" >= $collapseMs THEN ln(greatest("gapMs" / 1000.0, 0.001)) END) AS "IntervalLogSpread"
  FROM gaps
  GROUP BY "k"
),
candidates AS MATERIALIZED (
  SELECT * FROM pairs
  WHERE "CheckIns" >= $minCheckins
    AND ("Connections" >= $strobeConnections OR "IntervalLogSpread" <= $maxLogSpread)
),
candidateGaps AS MATERIALIZED (
  SELECT "k", "t", "b", "SourceIP", "DestinationIP", "DestinationPort", "Protocol", lag("t") OVER (PARTITION BY "k" ORDER BY "t") AS "prevT"
  FROM events
  WHERE "k" IN (SELECT "k" FROM candidates)
),
shapes AS (
  SELECT "k", min("SourceIP") AS "SourceIP", min("DestinationIP") AS "DestinationIP", min("DestinationPort") AS "DestinationPort", min("Protocol") AS "Protocol",
    count(*) AS "Connections",
    count_if("prevT" IS NULL OR "t" - "prevT" >= $collapseMs) AS "CheckIns",
    min("t") AS "FirstMs",
    max("t") AS "LastMs",
    count_if("prevT" IS NULL OR "t" - "t" % 3600000 <> "prevT" - "prevT" % 3600000) AS "ActiveHours",
    sum("b") AS "SentBytesTotal",
    avg(ln(1 + "b")) AS "SizeMeanLog",
    stddev_pop(ln(1 + "b")) AS "SizeSdLog",
    max("b") AS "SizeMax",
    quantile_cont(("t" - "prevT") / 1000.0, [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]) FILTER (WHERE "prevT" IS NOT NULL AND "t" - "prevT" >= $collapseMs) AS "IntervalQuantiles"
  FROM candidateGaps
  GROUP BY "k"
),
bins AS (
  SELECT "k", "bin", count(*) AS "n"
  FROM (
    SELECT "k", CAST(floor(log2(greatest(("t" - "prevT") / 1000.0, 0.001)) * 4) AS INTEGER) AS "bin"
    FROM candidateGaps
    WHERE "prevT" IS NOT NULL AND "t" - "prevT" >= $collapseMs
  ) i
  GROUP BY "k", "bin"
),
histograms AS (
  SELECT "k", list("bin" ORDER BY "bin") AS "HistogramBins", list("n" ORDER BY "bin") AS "HistogramCounts"
  FROM bins
  GROUP BY "k"
),
hours AS (
  SELECT DISTINCT "k", "t" - "t" % 3600000 AS "hourMs"
  FROM candidateGaps
),
islands AS (
  SELECT "k", "hourMs" / 3600000 - row_number() OVER (PARTITION BY "k" ORDER BY "hourMs") AS "island"
  FROM hours
),
runs AS (
  SELECT "k", max("n") AS "LongestRunHours"
  FROM (SELECT "k", count(*) AS "n" FROM islands GROUP BY "k", "island") r
  GROUP BY "k"
)
SELECT s."SourceIP", s."DestinationIP", s."DestinationPort", s."Protocol", s."Connections", s."CheckIns",
  s."FirstMs", s."LastMs", s."ActiveHours", s."SentBytesTotal", s."SizeMeanLog", s."SizeSdLog", s."SizeMax",
  CAST(to_json(s."IntervalQuantiles") AS VARCHAR) AS "IntervalQuantiles", CAST(to_json(h."HistogramBins") AS VARCHAR) AS "HistogramBins", CAST(to_json(h."HistogramCounts") AS VARCHAR) AS "HistogramCounts",
  r."LongestRunHours"
FROM shapes s
JOIN runs r ON r."k" = s."k"
LEFT JOIN histograms h ON h."k" = s."k"
WHERE COALESCE(NOT (substr(s."DestinationIP", 1, 4) IN ('224.', '225.', '226.', '227.', '228.', '229.', '230.', '231.', '232.', '233.', '234.', '235.', '236.', '237.', '238.', '239.') OR s."DestinationIP" LIKE '%.255' OR lower(s."DestinationIP") LIKE 'ff%:%'), TRUE)
-- parameters: {"collapseMs":2000,"minCheckins":6,"strobeConnections":1814400,"maxLogSpread":0.8}
