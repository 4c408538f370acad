/** A documented column: [name, Kusto scalar type]. */
export type KustoColumn = readonly [name: string, type: KustoType];

export type KustoType =
  | 'string'
  | 'int'
  | 'long'
  | 'real'
  | 'datetime'
  | 'bool'
  | 'dynamic'
  | 'guid'
  | 'timespan';

/** The DuckDB column type used in the lake for a Kusto type. */
export function duckTypeForKusto(type: KustoType): string {
  switch (type) {
    case 'string':
    case 'guid':
      return 'VARCHAR';
    case 'int':
      return 'INTEGER';
    case 'long':
      return 'BIGINT';
    case 'real':
      return 'DOUBLE';
    case 'datetime':
      return 'TIMESTAMP';
    case 'bool':
      return 'BOOLEAN';
    case 'timespan':
      return 'INTERVAL';
    case 'dynamic':
      return 'JSON';
  }
}
