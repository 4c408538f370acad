/**
 * The Kusto syntax tree as lakehunt sees it: plain, immutable data copied out of the Kusto parser
 * (kusto-parser.ts), with the analyser's result types and resolved symbols attached. Nothing here
 * refers to the parser's own objects, so the rest of the compiler never touches its globals.
 */

/** A column of a tabular result, with its Kusto scalar type name (string, long, datetime, dynamic, …). */
export interface KqlColumn {
  readonly name: string;
  readonly type: string;
}

export type KqlType =
  | { readonly kind: 'scalar'; readonly name: string }
  | { readonly kind: 'table'; readonly columns: readonly KqlColumn[] }
  | { readonly kind: 'other'; readonly name: string };

export interface KqlSymbol {
  /** Kusto's symbol kind: Column, Table, Function, Variable, Parameter, Operator, Database, … */
  readonly kind: string;
  readonly name: string;
  /** For a column symbol: its type. For a variable: the type of its value. */
  readonly type?: KqlType;
}

export interface KqlNode {
  /** Kusto's SyntaxKind name: PipeExpression, FilterOperator, StringLiteralExpression, IdentifierToken, … */
  readonly kind: string;
  /** The name of this element in its parent (Expression, Condition, Left, …); '' inside lists. */
  readonly role: string;
  readonly isToken: boolean;
  /** Token text (tokens only). */
  readonly text: string;
  /** Offsets into the query text, without leading trivia. */
  readonly start: number;
  readonly end: number;
  readonly type?: KqlType;
  readonly symbol?: KqlSymbol;
  readonly children: readonly KqlNode[];
}

/** A diagnostic from the parser or analyser (or the compiler), positioned in the query text. */
export interface KqlDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** Offset and length in the query text. */
  readonly start: number;
  readonly length: number;
}

/** The child in the given role, if present. */
export function child(node: KqlNode, role: string): KqlNode | undefined {
  return node.children.find((c) => c.role === role);
}

/** Elements of a separated list node (List of SeparatedElement → the elements). */
export function listItems(list: KqlNode | undefined): KqlNode[] {
  if (!list) return [];
  return list.children
    .map((c) =>
      c.kind === 'SeparatedElement' ? c.children.find((e) => e.role !== 'Separator' && !e.isToken) : c,
    )
    .filter(
      (c): c is KqlNode => c !== undefined && !(c.isToken && c.kind.endsWith('Token') && c.text === ','),
    );
}

/** Line and column (1-based) of an offset in the text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
