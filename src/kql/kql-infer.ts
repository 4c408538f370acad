import { SENTINEL_TABLES } from '../schemas/sentinel-tables.ts';
import { buildKqlCatalog, type CatalogOptions } from './kql-catalog.ts';
import type { KqlColumn, KqlNode } from './kql-syntax.ts';
import { parseAndAnalyze } from './kusto-parser.ts';

/**
 * Schemas inferred from a query for tables no catalog knows (coverage runs over corpora of queries
 * written for other workspaces): an unknown name in a tabular position becomes a table, and the
 * unknown names the query then uses as columns become its columns. Column types come from a
 * documented table with a column of that name, else string. Inferred tables are flagged.
 */

const UNKNOWN_NAME = /^The name '(.+)' does not refer to any known/;

const TABULAR_PARENTS = new Set([
  'ExpressionStatement',
  'LetStatement',
  'UnionOperator',
  'JoinOperator',
  'LookupOperator',
  'MaterializeExpression',
  'ToScalarExpression',
]);

function isTabular(stack: readonly KqlNode[]): boolean {
  // stack: ancestors of the name, nearest last.
  for (let i = stack.length - 1; i >= 0; i--) {
    const node = stack[i]!;
    const parent = stack[i - 1];
    if (!parent) return false;
    if (parent.kind === 'PipeExpression') return node.role === 'Expression';
    if (
      parent.kind === 'ParenthesizedExpression' ||
      parent.kind === 'SeparatedElement' ||
      parent.kind === 'List'
    )
      continue;
    if (parent.kind === 'ExpressionList' && stack[i - 2]?.kind === 'InExpression') return false;
    return TABULAR_PARENTS.has(parent.kind) && node.role !== 'Name' && node.role !== 'Parameters';
  }
  return false;
}

/** Unknown names in the query: which are tables, which are columns. */
function unknownNames(text: string, options: CatalogOptions): { tables: Set<string>; columns: Set<string> } {
  const parsed = parseAndAnalyze(text, buildKqlCatalog(options).analysis);
  const tables = new Set<string>();
  const columns = new Set<string>();
  for (const d of parsed.diagnostics) {
    const m = UNKNOWN_NAME.exec(d.message);
    if (!m) continue;
    const name = m[1]!;
    const stack: KqlNode[] = [];
    const find = (n: KqlNode): boolean => {
      stack.push(n);
      if (n.kind === 'NameReference' && n.start === d.start) return true;
      for (const c of n.children) if (c.start <= d.start && c.end >= d.start && find(c)) return true;
      stack.pop();
      return false;
    };
    find(parsed.root);
    stack.pop();
    (isTabular(stack) ? tables : columns).add(name);
  }
  return { tables, columns };
}

const KNOWN_TYPES = new Map<string, string>();
for (const cols of Object.values(SENTINEL_TABLES))
  for (const [n, t] of cols) if (!KNOWN_TYPES.has(n)) KNOWN_TYPES.set(n, t);

export interface InferredTable {
  readonly name: string;
  readonly columns: readonly KqlColumn[];
}

export function inferSchemas(text: string, options: CatalogOptions, rounds = 4): InferredTable[] {
  const inferred = new Map<string, Map<string, string>>();
  const current = (): CatalogOptions => ({
    ...options,
    inferredTables: [...inferred].map(([name, cols]) => ({
      name,
      columns: [...cols].map(([n, type]) => ({ name: n, type })),
    })),
  });
  for (let round = 0; round < rounds; round++) {
    const { tables, columns } = unknownNames(text, current());
    let changed = false;
    for (const t of tables) {
      if (!inferred.has(t)) {
        inferred.set(t, new Map([['TimeGenerated', 'datetime']]));
        changed = true;
      }
    }
    if (inferred.size === 0) return [];
    for (const c of columns) {
      for (const cols of inferred.values()) {
        if (!cols.has(c)) {
          cols.set(c, KNOWN_TYPES.get(c) ?? 'string');
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return [...inferred].map(([name, cols]) => ({
    name,
    columns: [...cols].map(([n, type]) => ({ name: n, type })),
  }));
}
