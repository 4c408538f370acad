WITH
q1 AS (SELECT * FROM (VALUES (CAST('x' AS VARCHAR), CAST(to_json([22, 80]) AS JSON), CAST('user=alice id=42 ok' AS VARCHAR))) AS v("h", "ports", "line")),
q2 AS (SELECT "h", TRY_CAST(unnest(CAST(json_extract("ports", '$[*]') AS JSON[])) AS BIGINT) AS "ports", "line" FROM q1),
q3 AS (SELECT "h" AS "h", "ports" AS "ports", "line" AS "line" FROM q2),
q4 AS (SELECT "h" AS "h", "ports" AS "ports", "line" AS "line", COALESCE(regexp_extract("line", '(?s)^user=(.*?) id=(?:[-+]?[0-9]+) (?:.*)$', 1), '') AS "User", TRY_CAST(regexp_extract("line", '(?s)^user=(?:.*?) id=([-+]?[0-9]+) (?:.*)$', 1) AS BIGINT) AS "Id", COALESCE(regexp_extract("line", '(?s)^user=(?:.*?) id=(?:[-+]?[0-9]+) (.*)$', 1), '') AS "Rest" FROM q3),
q5 AS (SELECT "h" AS "h", "ports" AS "ports", "line" AS "line", "User" AS "User", "Id" AS "Id", "Rest" AS "Rest", string_split("Rest", ',') AS "Parts", string_split("line", ' ')[1] AS "First", string_split("line", ' ')[-1] AS "Last" FROM q4)
SELECT "h", "ports", "line", "User", "Id", "Rest", "Parts", "First", "Last" FROM q5
