WITH
q1 AS (SELECT `TimeGenerated`, COALESCE(`DeviceAction`, '') AS `DeviceAction`, COALESCE(`SourceIP`, '') AS `SourceIP`, COALESCE(`DestinationIP`, '') AS `DestinationIP`, `SentBytes` FROM `CommonSecurityLog`),
q2 AS (SELECT `TimeGenerated`, `DeviceAction`, `SourceIP`, `DestinationIP`, `SentBytes` FROM q1 WHERE (`TimeGenerated` > TIMESTAMP '2024-04-15 00:00:00.000')),
q3 AS (SELECT `TimeGenerated`, `DeviceAction`, `SourceIP`, `DestinationIP`, `SentBytes` FROM q2 WHERE (NOT COALESCE(((`DeviceAction` = 'deny') OR (`DeviceAction` = 'drop')), FALSE))),
q4 AS (SELECT `SourceIP` AS `SourceIP`, `DestinationIP` AS `DestinationIP`, count(*) AS `Connections`, sum(`SentBytes`) AS `Bytes` FROM q3 GROUP BY 1, 2),
q5 AS (SELECT `SourceIP`, `DestinationIP`, `Connections`, `Bytes`, row_number() OVER (ORDER BY `Bytes` DESC NULLS LAST) AS `__lh_order` FROM q4),
q6 AS (SELECT `SourceIP`, `DestinationIP`, `Connections`, `Bytes`, `__lh_order` FROM q5 ORDER BY `__lh_order` LIMIT 20)
SELECT `SourceIP`, `DestinationIP`, `Connections`, `Bytes` FROM q6
ORDER BY `__lh_order`
