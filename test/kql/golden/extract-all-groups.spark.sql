WITH
q1 AS (SELECT * FROM (SELECT CAST('SHA256=AB12,MD5=CD34' AS STRING) AS `Hashes`) AS v),
q2 AS (SELECT `Hashes` AS `Hashes`, (CASE WHEN size(regexp_extract_all(`Hashes`, '(\\w+)=([^,]+)', 1)) = 0 THEN NULL ELSE transform(regexp_extract_all(`Hashes`, '(\\w+)=([^,]+)', 1), (__lh_x, __lh_i) -> array(regexp_extract_all(`Hashes`, '(\\w+)=([^,]+)', 1)[__lh_i], regexp_extract_all(`Hashes`, '(\\w+)=([^,]+)', 2)[__lh_i])) END) AS `Pairs`, (CASE WHEN size(regexp_extract_all(`Hashes`, '(\\w+)=([^,]+)', 2)) = 0 THEN NULL ELSE regexp_extract_all(`Hashes`, '(\\w+)=([^,]+)', 2) END) AS `Values` FROM q1)
SELECT `Hashes`, `Pairs`, `Values` FROM q2
