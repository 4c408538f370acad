WITH
q1 AS (SELECT * FROM (SELECT CAST('x' AS STRING) AS `h`, CAST(to_json(array(22, 80)) AS STRING) AS `ports`, CAST('user=alice id=42 ok' AS STRING) AS `line`) AS v),
q2 AS (SELECT `h`, TRY_CAST(try_element_at(from_json(`ports`, 'array<string>'), __lh_i + 1) AS BIGINT) AS `ports`, `line` FROM q1 LATERAL VIEW explode(sequence(0, array_size(from_json(`ports`, 'array<string>')) - 1)) __lh_x AS __lh_i WHERE array_size(from_json(`ports`, 'array<string>')) > 0),
q3 AS (SELECT `h` AS `h`, `ports` AS `ports`, `line` AS `line` FROM q2),
q4 AS (SELECT `h` AS `h`, `ports` AS `ports`, `line` AS `line`, COALESCE(regexp_extract(`line`, '(?s)^user=(.*?) id=(?:[-+]?[0-9]+) (?:.*)$', 1), '') AS `User`, try_cast(regexp_extract(`line`, '(?s)^user=(?:.*?) id=([-+]?[0-9]+) (?:.*)$', 1) AS BIGINT) AS `Id`, COALESCE(regexp_extract(`line`, '(?s)^user=(?:.*?) id=(?:[-+]?[0-9]+) (.*)$', 1), '') AS `Rest` FROM q3),
q5 AS (SELECT `h` AS `h`, `ports` AS `ports`, `line` AS `line`, `User` AS `User`, `Id` AS `Id`, `Rest` AS `Rest`, split(`Rest`, ',', -1) AS `Parts`, try_element_at(split(`line`, ' ', -1), 1) AS `First`, try_element_at(split(`line`, ' ', -1), -1) AS `Last` FROM q4)
SELECT `h`, `ports`, `line`, `User`, `Id`, `Rest`, `Parts`, `First`, `Last` FROM q5
