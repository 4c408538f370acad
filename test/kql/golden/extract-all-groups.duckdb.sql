WITH
q1 AS (SELECT * FROM (VALUES (CAST('SHA256=AB12,MD5=CD34' AS VARCHAR))) AS v("Hashes")),
q2 AS (SELECT "Hashes" AS "Hashes", (CASE WHEN len(regexp_extract_all("Hashes", '(\w+)=([^,]+)', 1)) = 0 THEN NULL ELSE list_transform(range(1, len(regexp_extract_all("Hashes", '(\w+)=([^,]+)', 1)) + 1), __lh_i -> [regexp_extract_all("Hashes", '(\w+)=([^,]+)', 1)[__lh_i], regexp_extract_all("Hashes", '(\w+)=([^,]+)', 2)[__lh_i]]) END) AS "Pairs", (CASE WHEN len(regexp_extract_all("Hashes", '(\w+)=([^,]+)', 2)) = 0 THEN NULL ELSE regexp_extract_all("Hashes", '(\w+)=([^,]+)', 2) END) AS "Values" FROM q1)
SELECT "Hashes", "Pairs", "Values" FROM q2
