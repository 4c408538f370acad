WITH
q1 AS (SELECT "TimeGenerated", COALESCE("SourceIP", '') AS "SourceIP", COALESCE("DestinationIP", '') AS "DestinationIP", COALESCE("RequestURL", '') AS "RequestURL" FROM "CommonSecurityLog"),
q2 AS (SELECT "TimeGenerated", "SourceIP", "DestinationIP", "RequestURL" FROM q1 WHERE ((contains(lower("RequestURL"), 'example') AND regexp_matches(lower("RequestURL"), '(^|[^A-Za-z0-9])example($|[^A-Za-z0-9])')) AND (NOT starts_with(lower("DestinationIP"), '10.')))),
q3 AS (SELECT COALESCE("SearchKey", '') AS "SearchKey", COALESCE("Label", '') AS "Label" FROM "Watchlist_HighRisk"),
q4 AS (SELECT "SearchKey" AS "SearchKey", "Label" AS "Label" FROM q3),
q5 AS (SELECT L."TimeGenerated" AS "TimeGenerated", L."SourceIP" AS "SourceIP", L."RequestURL" AS "RequestURL", COALESCE(R."Label", '') AS "Label" FROM q2 AS L LEFT JOIN q4 AS R ON L."DestinationIP" = R."SearchKey"),
q6 AS (SELECT "Label" AS "Label", make_timestamp((epoch_us("TimeGenerated") - (((epoch_us("TimeGenerated") % 3600000000) + 3600000000) % 3600000000))) AS "TimeGenerated", count(DISTINCT "SourceIP") AS "Hosts", list_slice(list(DISTINCT "RequestURL") FILTER (WHERE "RequestURL" IS NOT NULL), 0 + 1, 9 + 1) AS "Urls" FROM q5 GROUP BY 1, 2)
SELECT "Label", "TimeGenerated", "Hosts", "Urls" FROM q6
