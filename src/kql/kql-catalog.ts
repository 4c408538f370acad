import type { LakeColumn } from '../lake/lake-snapshot.ts';
import { SENTINEL_TABLES } from '../schemas/sentinel-tables.ts';
import { NETWORK_SESSION_COLUMNS } from '../sql/network-session-view.ts';
import {
  DNS_NAMES,
  IM_DNS_PARAMETERS,
  IM_NETWORK_SESSION_PARAMETERS,
  IM_WEB_SESSION_PARAMETERS,
  WEB_SESSION_NAMES,
} from './kql-asim.ts';
import type { IrColumn } from './kql-ir.ts';
import type { KqlColumn } from './kql-syntax.ts';
import type { CatalogTable, TranslateCatalog } from './kql-translator.ts';
import type { AnalysisCatalog } from './kusto-parser.ts';

/**
 * The schema catalog a query is analysed and translated against: the lake's tables (their stored
 * columns), the documented schemas of common Sentinel tables (so queries over tables the lake lacks
 * still analyse, reading as empty), and optionally schemas inferred from a query.
 */

export interface KqlCatalogTable {
  readonly name: string;
  /** Kusto-typed columns the query sees. */
  readonly columns: readonly KqlColumn[];
  /** IR types (arrays keep their element type). */
  readonly irColumns: readonly IrColumn[];
  /** Columns present in the lake; empty when the table is not in the lake. */
  readonly physical: ReadonlySet<string>;
  readonly inLake: boolean;
  /** Schema guessed from a query's use of the table (coverage runs only). */
  readonly inferred: boolean;
}

export interface KqlCatalog extends TranslateCatalog {
  readonly tables: ReadonlyMap<string, KqlCatalogTable>;
  readonly analysis: AnalysisCatalog;
  table(name: string): (CatalogTable & KqlCatalogTable) | undefined;
}

export interface LakeTableSchema {
  readonly name: string;
  readonly columns: readonly LakeColumn[];
}

/** Kusto and IR type of a lake (DuckDB) column type. */
export function kustoTypeForDuck(duckType: string): { kusto: string; ir: string } {
  const t = duckType.toUpperCase().trim();
  if (t.endsWith('[]')) {
    const inner = kustoTypeForDuck(t.slice(0, -2)).ir;
    return {
      kusto: 'dynamic',
      ir: inner.startsWith('array:') || inner === 'dynamic' ? 'dynamic' : `array:${inner}`,
    };
  }
  const simple = (k: string) => ({ kusto: k, ir: k });
  if (t === 'VARCHAR' || t === 'UUID' || t.startsWith('VARCHAR(') || t === 'TEXT' || t === 'STRING')
    return simple('string');
  if (['BIGINT', 'HUGEINT', 'UBIGINT', 'UINTEGER', 'INT8', 'LONG'].includes(t)) return simple('long');
  if (['INTEGER', 'SMALLINT', 'TINYINT', 'USMALLINT', 'UTINYINT', 'INT', 'INT4', 'INT2'].includes(t))
    return simple('int');
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL' || t.startsWith('DECIMAL')) return simple('real');
  if (t === 'BOOLEAN' || t === 'BOOL') return simple('bool');
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return simple('datetime');
  if (t === 'JSON') return simple('dynamic');
  return simple('dynamic');
}

function irFor(kustoType: string): string {
  return kustoType === 'double' ? 'real' : kustoType;
}

/** Documented ASIM NetworkSession columns beyond the lake view's own. */
function documentedColumns(name: string): readonly KqlColumn[] | undefined {
  const doc = SENTINEL_TABLES[name];
  return doc?.map(([n, type]) => ({ name: n, type }));
}

export interface CatalogOptions {
  /** The lake's tables with their stored columns. */
  readonly lakeTables?: readonly LakeTableSchema[];
  /** Add the documented Sentinel tables the lake lacks (default true). */
  readonly documented?: boolean;
  /** Extra tables (e.g. inferred from a query), marked inferred. */
  readonly inferredTables?: readonly { name: string; columns: readonly KqlColumn[] }[];
}

export function buildKqlCatalog(options: CatalogOptions = {}): KqlCatalog {
  const tables = new Map<string, KqlCatalogTable>();
  const lake = [...(options.lakeTables ?? [])];
  if (!lake.some((t) => t.name === 'NetworkSession'))
    lake.push({ name: 'NetworkSession', columns: NETWORK_SESSION_COLUMNS });
  for (const t of lake) {
    const seen = new Set<string>();
    const columns: KqlColumn[] = [];
    const irColumns: IrColumn[] = [];
    for (const c of t.columns) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      const type = kustoTypeForDuck(c.type);
      columns.push({ name: c.name, type: type.kusto });
      irColumns.push({ name: c.name, type: type.ir });
    }
    const physical = new Set(seen);
    // Documented columns the lake lacks read as empty, so documented queries still run.
    for (const d of documentedColumns(t.name) ?? []) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      columns.push(d);
      irColumns.push({ name: d.name, type: irFor(d.type) });
    }
    tables.set(t.name, { name: t.name, columns, irColumns, physical, inLake: true, inferred: false });
  }
  if (options.documented ?? true) {
    for (const name of Object.keys(SENTINEL_TABLES)) {
      if (tables.has(name)) continue;
      const columns = documentedColumns(name)!;
      tables.set(name, {
        name,
        columns,
        irColumns: columns.map((c) => ({ name: c.name, type: irFor(c.type) })),
        physical: new Set(),
        inLake: false,
        inferred: false,
      });
    }
  }
  for (const t of options.inferredTables ?? []) {
    if (tables.has(t.name)) continue;
    tables.set(t.name, {
      name: t.name,
      columns: t.columns,
      irColumns: t.columns.map((c) => ({ name: c.name, type: irFor(c.type) })),
      physical: new Set(),
      inLake: false,
      inferred: true,
    });
  }
  const analysis: AnalysisCatalog = {
    tables: [...tables.values()].map((t) => ({ name: t.name, columns: t.columns })),
    functions: [
      ...['_Im_NetworkSession', '_ASim_NetworkSession', 'imNetworkSession', 'ASimNetworkSession'].map(
        (name) => ({
          name,
          parameters: IM_NETWORK_SESSION_PARAMETERS,
          body: '{ NetworkSession }',
        }),
      ),
      ...(tables.has('ASimWebSessionLogs')
        ? [...WEB_SESSION_NAMES].map((name) => ({
            name,
            parameters: IM_WEB_SESSION_PARAMETERS,
            body: '{ ASimWebSessionLogs }',
          }))
        : []),
      ...(tables.has('ASimDnsActivityLogs')
        ? [...DNS_NAMES].map((name) => ({
            name,
            parameters: IM_DNS_PARAMETERS,
            body: '{ ASimDnsActivityLogs }',
          }))
        : []),
    ],
    watchlistColumns: (alias) =>
      tables.get(`Watchlist_${alias}`)?.columns ?? [{ name: 'SearchKey', type: 'string' }],
  };
  return {
    tables,
    analysis,
    names: () => [...tables.keys()],
    table(name) {
      const t = tables.get(name);
      return t ? { ...t, columns: t.irColumns, physical: t.physical } : undefined;
    },
  };
}
