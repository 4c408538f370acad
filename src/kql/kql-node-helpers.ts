import { invalid, unsupported } from './kql-context.ts';
import { kustoType } from './kql-expr-util.ts';
import { col, type Expr, type IrColumn, type NamedExpr, type Plan } from './kql-ir.ts';
import { child, type KqlColumn, type KqlNode, listItems } from './kql-syntax.ts';

/** Reading the Kusto tree: token text, children, analysed output columns, operator parameters. */
export function tokenText(node: KqlNode): string {
  if (node.isToken) return node.text.replace(/^\[['"]|['"]\]$/g, '');
  const parts: string[] = [];
  const walk = (n: KqlNode) => (n.isToken ? parts.push(n.text) : n.children.forEach(walk));
  walk(node);
  const text = parts.join('');
  const bracketed = /^\[\s*(['"])(.*)\1\s*\]$/s.exec(text);
  return bracketed ? bracketed[2]! : text;
}

export function operatorName(op: KqlNode): string {
  const keyword = op.children.find((c) => c.isToken);
  return keyword?.text ?? op.kind.replace(/Operator$/, '');
}

export function requireChild(ctx: { readonly text: string }, node: KqlNode, role: string): KqlNode {
  const c = child(node, role);
  if (!c) throw invalid(ctx, node, `missing ${role}`);
  return c;
}

export function atOf(ctx: { readonly text: string }, node: KqlNode) {
  const before = ctx.text.slice(0, node.start).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
export function locationText(ctx: { readonly text: string }, node: KqlNode): string {
  const at = atOf(ctx, node);
  return `line ${at.line}, column ${at.column}: `;
}

export function outputColumns(node: KqlNode): IrColumn[] {
  const t = node.type;
  if (t?.kind !== 'table') return [];
  return t.columns.map((c: KqlColumn) => ({ name: c.name, type: kustoType(c.type) }));
}

export function rowOf(plan: Plan): Map<string, Expr> {
  return new Map(plan.columns.map((c) => [c.name, col(c.name, c.type)]));
}

/** Output items for the analyser's columns: defined expressions, else the input column of that name. */
export function layout(
  t: { readonly text: string },
  op: KqlNode,
  input: Plan,
  defined: ReadonlyMap<string, Expr>,
): NamedExpr[] {
  const row = rowOf(input);
  return outputColumns(op).map((c) => {
    const expr = defined.get(c.name) ?? row.get(c.name);
    if (!expr) throw unsupported(t, op, `producing the column ${c.name} here`);
    return { name: c.name, expr };
  });
}

export function nameOf(t: { readonly text: string }, item: KqlNode): string {
  return tokenText(requireChild(t, item, 'Name'));
}

export function operatorParameters(t: { readonly text: string }, op: KqlNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of listItems(child(op, 'Parameters'))) {
    const name = tokenText(requireChild(t, p, 'Name')).toLowerCase();
    out.set(
      name,
      tokenText(requireChild(t, p, 'Expression'))
        .toLowerCase()
        .replace(/^["']|["']$/g, ''),
    );
  }
  return out;
}
