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

const OPERAND_TYPES = /^The operator '.+' is not defined for the operand types (\w+) and (\w+)/;
const EXPECTED_TYPE = /^A value of type (\w+) expected/;
const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);

/** Column references to inferred columns inside a diagnostic's range. */
function referencesIn(root: KqlNode, start: number, end: number, names: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (n: KqlNode) => {
    if (n.end < start || n.start > end) return;
    if (n.kind === 'NameReference' && n.symbol?.kind === 'Column' && names.has(n.symbol.name))
      found.push(n.symbol.name);
    for (const c of n.children) walk(c);
  };
  walk(root);
  return found;
}

function innermostBinary(root: KqlNode, at: number): KqlNode | undefined {
  let found: KqlNode | undefined;
  const walk = (n: KqlNode) => {
    if (n.start > at || n.end < at) return;
    if (n.children.some((c) => c.role === 'Left') && n.children.some((c) => c.role === 'Right')) found = n;
    for (const c of n.children) walk(c);
  };
  walk(root);
  return found;
}

/** Types implied by the analyser's type errors on inferred string columns (`x > 5` makes x a long). */
function retype(text: string, options: CatalogOptions, columns: Map<string, string>): boolean {
  const parsed = parseAndAnalyze(text, buildKqlCatalog(options).analysis);
  const names = new Set(columns.keys());
  const normal = (t: string) => (NUMERIC.has(t) ? (t === 'real' || t === 'decimal' ? 'real' : 'long') : t);
  let changed = false;
  for (const d of parsed.diagnostics) {
    const operands = OPERAND_TYPES.exec(d.message);
    // For an operator error the column takes the other operand's type; otherwise the expected one.
    const wantedFor = (current: string): string | undefined => {
      if (operands) {
        const [a, b] = [operands[1]!, operands[2]!];
        const other = normal(current) === normal(a) ? b : normal(current) === normal(b) ? a : undefined;
        return other === undefined ? undefined : normal(other);
      }
      if (d.message.startsWith('The argument value must be summable')) return 'real';
      const expected = EXPECTED_TYPE.exec(d.message)?.[1];
      return expected === undefined ? undefined : normal(expected);
    };
    let refs = referencesIn(parsed.root, d.start, d.start + d.length, names);
    if (refs.length === 0) {
      // Operator errors point at the operator: look at the operands around it.
      const binary = innermostBinary(parsed.root, d.start);
      if (binary) refs = referencesIn(binary, binary.start, binary.end, names);
    }
    for (const name of refs) {
      const wanted = wantedFor(columns.get(name) ?? 'string');
      if (!wanted || !['string', 'long', 'real', 'datetime', 'bool', 'timespan', 'dynamic'].includes(wanted))
        continue;
      if (wanted === columns.get(name)) continue;
      columns.set(name, wanted);
      names.delete(name);
      changed = true;
    }
  }
  return changed;
}

/**
 * `seeds` are tables known by name whose columns are the user's own (watchlists): the unknown
 * columns the query uses are added to them too.
 */
export function inferSchemas(
  text: string,
  options: CatalogOptions,
  rounds = 4,
  seeds: readonly InferredTable[] = [],
): InferredTable[] {
  const inferred = new Map<string, Map<string, string>>(
    seeds.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.type]))]),
  );
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
    if (!changed) {
      // Names are settled: let type errors on inferred string columns fix their types.
      const all = new Map<string, string>();
      for (const cols of inferred.values()) for (const [n, t] of cols) all.set(n, t);
      if (!retype(text, current(), all)) break;
      for (const cols of inferred.values()) for (const n of cols.keys()) cols.set(n, all.get(n)!);
    }
  }
  return [...inferred].map(([name, cols]) => ({
    name,
    columns: [...cols].map(([n, type]) => ({ name: n, type })),
  }));
}
