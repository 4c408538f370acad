import { COMMON_SECURITY_LOG_COLUMNS } from './common-security-log-schema.ts';
import type { KustoColumn } from './kusto-types.ts';

/**
 * Documented schemas (column names and Kusto types) of commonly hunted Microsoft Sentinel tables,
 * from Microsoft's public table reference. Queries over a table the lake lacks still analyse, and
 * read it as empty.
 */
export const SENTINEL_TABLES: Readonly<Record<string, readonly KustoColumn[]>> = {
  CommonSecurityLog: COMMON_SECURITY_LOG_COLUMNS,
};
