import { createRequire } from 'node:module';
import { withoutDocumentedExceptions } from './kql-analyser-overrides.ts';
import type { KqlColumn, KqlDiagnostic, KqlNode, KqlSymbol, KqlType } from './kql-syntax.ts';

/**
 * The one adapter around Microsoft's Kusto parser and semantic analyser
 * (`@kusto/language-service-next`, a Bridge.NET build that installs `Bridge` and `Kusto` globals).
 * It is loaded once, lazily, on first use; `parseAndAnalyze` returns plain `KqlNode` trees.
 */

/** A table the analyser should know, with Kusto column types. */
export interface AnalysisTable {
  readonly name: string;
  readonly columns: readonly KqlColumn[];
}

/** A stored function the analyser should know: `(a:string, b:int=5)` and a body `{ … }`. */
export interface AnalysisFunction {
  readonly name: string;
  readonly parameters: string;
  readonly body: string;
}

export interface AnalysisCatalog {
  readonly tables: readonly AnalysisTable[];
  readonly functions: readonly AnalysisFunction[];
  /** Columns returned by `_GetWatchlist('name')` for a watchlist (name without the prefix). */
  watchlistColumns(name: string): readonly KqlColumn[];
}

export interface ParsedKql {
  readonly root: KqlNode;
  readonly diagnostics: readonly KqlDiagnostic[];
}

// Minimal shapes of the Bridge.NET objects this module uses.
interface BridgeList<T> {
  readonly Count: number;
  getItem(index: number): T;
}
interface BridgeTypeSymbol {
  readonly Name: string;
  readonly Kind: number;
  readonly Columns?: BridgeList<{ readonly Name: string; readonly Type: BridgeTypeSymbol }>;
}
interface BridgeSymbol {
  readonly Name: string;
  readonly Kind: number;
  readonly Type?: BridgeTypeSymbol | null;
}
interface BridgeElement {
  readonly Kind: number;
  readonly IsToken: boolean;
  readonly ChildCount: number;
  readonly TextStart: number;
  readonly End: number;
  readonly Text?: string;
  readonly ResultType?: BridgeTypeSymbol | null;
  readonly ReferencedSymbol?: BridgeSymbol | null;
  readonly ConstantValue?: unknown;
  GetChild(index: number): BridgeElement | null;
  GetName(index: number): string | null;
}
interface BridgeDiagnostic {
  readonly Code: string;
  readonly Severity: string;
  readonly Message: string;
  readonly Start: number;
  readonly Length: number;
  readonly HasLocation: boolean;
}
interface BridgeCode {
  readonly Syntax: BridgeElement;
  GetDiagnostics(): BridgeList<BridgeDiagnostic>;
}
interface BridgeGlobalState {
  WithDatabase(db: unknown): BridgeGlobalState;
}
interface CustomReturnContext {
  readonly Arguments: BridgeList<BridgeElement>;
}
interface KustoApi {
  readonly Language: {
    readonly KustoCode: {
      ParseAndAnalyze(text: string, globals: BridgeGlobalState): BridgeCode;
      Parse(text: string, globals: BridgeGlobalState): BridgeCode;
    };
    readonly GlobalState: { readonly Default: BridgeGlobalState };
    readonly Syntax: { readonly SyntaxKind: Record<string, unknown> };
    readonly Symbols: {
      readonly SymbolKind: Record<string, unknown>;
      readonly Tabularity: { readonly Tabular: number };
      readonly ScalarTypes: { readonly String: unknown };
      readonly TableSymbol: { From(schema: string): { WithName(name: string): unknown } };
      readonly DatabaseSymbol: {
        readonly $ctor1: new (name: string, members: unknown[], isOpen: boolean) => unknown;
      };
      readonly Parameter: { readonly $ctor2: new (name: string, type: unknown) => unknown };
      readonly FunctionSymbol: {
        readonly $ctor16: new (
          name: string,
          parameterList: string,
          body: string,
          description: string,
        ) => unknown;
        readonly ctor: new (
          name: string,
          customReturnType: (context: CustomReturnContext) => unknown,
          tabularity: number,
          parameters: unknown[],
        ) => unknown;
      };
    };
  };
}

interface LoadedParser {
  readonly kusto: KustoApi;
  readonly syntaxKinds: ReadonlyMap<number, string>;
  readonly symbolKinds: ReadonlyMap<number, string>;
  readonly loadMillis: number;
}

let loaded: LoadedParser | undefined;

function enumNames(e: Record<string, unknown>): Map<number, string> {
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(e)) if (typeof value === 'number') names.set(value, name);
  return names;
}

/** Loads the parser (once). The first call costs about a second; later calls are free. */
function parser(): LoadedParser {
  if (loaded) return loaded;
  const started = performance.now();
  const require = createRequire(import.meta.url);
  // The minified build loads about three times faster than the readable one.
  require('@kusto/language-service-next/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  const kusto = (globalThis as unknown as { Kusto?: KustoApi }).Kusto;
  if (!kusto) throw new Error('the Kusto parser did not load');
  // Building the default global state (every built-in function and operator) is most of the cost.
  void kusto.Language.GlobalState.Default;
  loaded = {
    kusto,
    syntaxKinds: enumNames(kusto.Language.Syntax.SyntaxKind),
    symbolKinds: enumNames(kusto.Language.Symbols.SymbolKind),
    loadMillis: performance.now() - started,
  };
  return loaded;
}

/** How long loading the parser took, in milliseconds (loads it if needed). */
export function parserLoadMillis(): number {
  return parser().loadMillis;
}

const SCALAR_TYPE_NAMES = new Set([
  'string',
  'int',
  'long',
  'real',
  'decimal',
  'bool',
  'datetime',
  'timespan',
  'guid',
  'dynamic',
]);
const KUSTO_TYPE_NAMES = new Set([
  'string',
  'int',
  'long',
  'real',
  'double',
  'decimal',
  'bool',
  'datetime',
  'timespan',
  'guid',
  'dynamic',
]);

function schemaText(columns: readonly KqlColumn[]): string {
  const items = columns.map(
    (c) => `['${c.name.replaceAll("'", "\\'")}']:${KUSTO_TYPE_NAMES.has(c.type) ? c.type : 'string'}`,
  );
  return `(${items.join(', ')})`;
}

const tableSymbols = new Map<string, unknown>();

/** Builds the analyser's global state for a catalog. */
function globalsFor(p: LoadedParser, catalog: AnalysisCatalog): BridgeGlobalState {
  const S = p.kusto.Language.Symbols;
  const members: unknown[] = catalog.tables.map((t) => {
    // Table symbols are immutable: reuse them across catalogs (schema inference builds many).
    const key = `${t.name}\u0000${schemaText(t.columns)}`;
    let symbol = tableSymbols.get(key);
    if (!symbol) {
      symbol = S.TableSymbol.From(schemaText(t.columns)).WithName(t.name);
      tableSymbols.set(key, symbol);
    }
    return symbol;
  });
  for (const f of catalog.functions)
    members.push(new S.FunctionSymbol.$ctor16(f.name, f.parameters, f.body, ''));
  const watchlist = (context: CustomReturnContext): unknown => {
    const arg = context.Arguments.Count > 0 ? context.Arguments.getItem(0) : undefined;
    const name = typeof arg?.ConstantValue === 'string' ? arg.ConstantValue : '';
    return S.TableSymbol.From(schemaText(catalog.watchlistColumns(name)));
  };
  members.push(
    new S.FunctionSymbol.ctor('_GetWatchlist', watchlist, S.Tabularity.Tabular, [
      new S.Parameter.$ctor2('watchlistAlias', S.ScalarTypes.String),
    ]),
  );
  const database = new S.DatabaseSymbol.$ctor1('lake', members, false);
  return p.kusto.Language.GlobalState.Default.WithDatabase(database);
}

/**
 * Converted type symbols: the analyser shares one symbol among every node of the same result type,
 * and a wide table's columns are worth converting once (symbols are immutable).
 */
const convertedTypes = new WeakMap<BridgeTypeSymbol, KqlType | undefined>();

function convertType(p: LoadedParser, t: BridgeTypeSymbol | null | undefined): KqlType | undefined {
  if (!t) return undefined;
  if (convertedTypes.has(t)) return convertedTypes.get(t);
  const converted = convertTypeOnce(p, t);
  convertedTypes.set(t, converted);
  return converted;
}

function convertTypeOnce(p: LoadedParser, t: BridgeTypeSymbol): KqlType | undefined {
  const kind = p.symbolKinds.get(t.Kind) ?? '';
  if (kind === 'Table' && t.Columns) {
    const columns: KqlColumn[] = [];
    for (let i = 0; i < t.Columns.Count; i++) {
      const c = t.Columns.getItem(i);
      columns.push({ name: c.Name, type: c.Type.Name });
    }
    return { kind: 'table', columns };
  }
  if (kind === 'Scalar' || SCALAR_TYPE_NAMES.has(t.Name)) return { kind: 'scalar', name: t.Name };
  return { kind: 'other', name: t.Name ?? kind };
}

function convert(p: LoadedParser, e: BridgeElement, role: string): KqlNode {
  const kind = p.syntaxKinds.get(e.Kind) ?? `Kind${e.Kind}`;
  if (e.IsToken) {
    return { kind, role, isToken: true, text: e.Text ?? '', start: e.TextStart, end: e.End, children: [] };
  }
  const children: KqlNode[] = [];
  for (let i = 0; i < e.ChildCount; i++) {
    const c = e.GetChild(i);
    if (c) children.push(convert(p, c, e.GetName(i) ?? ''));
  }
  const type = convertType(p, e.ResultType);
  const ref = e.ReferencedSymbol;
  let symbol: KqlSymbol | undefined;
  if (ref) {
    const refType = convertType(p, ref.Type);
    symbol = {
      kind: p.symbolKinds.get(ref.Kind) ?? '',
      name: ref.Name,
      ...(refType ? { type: refType } : {}),
    };
  }
  return {
    kind,
    role,
    isToken: false,
    text: '',
    start: e.TextStart,
    end: e.End,
    children,
    ...(type ? { type } : {}),
    ...(symbol ? { symbol } : {}),
  };
}

function severity(s: string): KqlDiagnostic['severity'] {
  const lower = s.toLowerCase();
  return lower === 'error' ? 'error' : lower === 'warning' ? 'warning' : 'info';
}

/** A cache of global states per catalog object, so repeated compiles against one lake are cheap. */
const globalsCache = new WeakMap<AnalysisCatalog, BridgeGlobalState>();

function diagnosticsOf(code: BridgeCode): KqlDiagnostic[] {
  const list = code.GetDiagnostics();
  const diagnostics: KqlDiagnostic[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    diagnostics.push({
      code: d.Code,
      severity: severity(d.Severity),
      message: d.Message,
      start: d.HasLocation ? d.Start : 0,
      length: d.HasLocation ? d.Length : 0,
    });
  }
  return diagnostics;
}

/** Syntax diagnostics only (no name resolution). */
export function parseOnly(text: string): readonly KqlDiagnostic[] {
  const p = parser();
  return diagnosticsOf(p.kusto.Language.KustoCode.Parse(text, p.kusto.Language.GlobalState.Default));
}

/** Parses and analyses a query against the catalog; returns the tree and every diagnostic. */
export function parseAndAnalyze(text: string, catalog: AnalysisCatalog): ParsedKql {
  const p = parser();
  let globals = globalsCache.get(catalog);
  if (!globals) {
    globals = globalsFor(p, catalog);
    globalsCache.set(catalog, globals);
  }
  const code = p.kusto.Language.KustoCode.ParseAndAnalyze(text, globals);
  const root = convert(p, code.Syntax, '');
  return { root, diagnostics: withoutDocumentedExceptions(root, diagnosticsOf(code)) };
}
