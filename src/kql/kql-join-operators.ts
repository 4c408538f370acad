import { type Binding, unsupported } from './kql-context.ts';
import { type IrColumn, type JoinKind, type JoinOutput, join, type Plan } from './kql-ir.ts';
import { operatorParameters, outputColumns, requireChild, tokenText } from './kql-node-helpers.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/** join and lookup: keys, kinds, and the output columns Kusto names. */
const JOIN_KINDS = new Set<JoinKind>([
  'inner',
  'innerunique',
  'leftouter',
  'rightouter',
  'fullouter',
  'leftanti',
  'rightanti',
  'leftsemi',
  'rightsemi',
]);

function joinKeys(t: Translator, clause: KqlNode): { left: string; right: string }[] {
  const keys: { left: string; right: string }[] = [];
  const add = (e: KqlNode) => {
    if (e.kind === 'NameReference') {
      const n = tokenText(e);
      keys.push({ left: n, right: n });
    } else if (e.kind === 'EqualExpression') {
      const side = (n: KqlNode | undefined) => {
        if (n?.kind !== 'PathExpression')
          throw unsupported(t, e, 'a join condition other than $left.a == $right.b');
        const which = tokenText(requireChild(t, n, 'Expression'));
        return { which, name: tokenText(requireChild(t, n, 'Selector')) };
      };
      const a = side(child(e, 'Left'));
      const b = side(child(e, 'Right'));
      if (a.which === '$left' && b.which === '$right') keys.push({ left: a.name, right: b.name });
      else if (a.which === '$right' && b.which === '$left') keys.push({ left: b.name, right: a.name });
      else throw unsupported(t, e, 'this join condition');
    } else if (e.kind === 'AndExpression') {
      add(requireChild(t, e, 'Left'));
      add(requireChild(t, e, 'Right'));
    } else throw unsupported(t, e, 'this join condition');
  };
  for (const e of listItems(child(clause, 'Expressions'))) add(e);
  return keys;
}

export function joinOperator(
  op: KqlNode,
  input: Plan,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  const params = operatorParameters(t, op);
  const aliases: Record<string, JoinKind> = {
    anti: 'leftanti',
    leftantisemi: 'leftanti',
    rightantisemi: 'rightanti',
    semi: 'leftsemi',
  };
  const given = params.get('kind') ?? 'innerunique';
  const kind = (aliases[given] ?? given) as JoinKind;
  if (!JOIN_KINDS.has(kind)) throw unsupported(t, op, `join kind=${kind}`);
  const right = t.translateTabular(requireChild(t, op, 'Expression'), lets);
  const clause = child(op, 'ConditionClause');
  if (clause?.kind !== 'JoinOnClause') throw unsupported(t, op, 'a join without `on` keys');
  const keys = joinKeys(t, clause);
  const sides: { side: 'left' | 'right'; column: IrColumn }[] = [];
  if (kind !== 'rightsemi' && kind !== 'rightanti')
    sides.push(...input.columns.map((c) => ({ side: 'left' as const, column: c })));
  if (kind !== 'leftsemi' && kind !== 'leftanti')
    sides.push(...right.columns.map((c) => ({ side: 'right' as const, column: c })));
  return join(input, right, kind, keys, zipOutputs(op, sides));
}

function kustoJoinNames(names: readonly string[]): { name: string }[] {
  const taken = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let i = 1; taken.has(name); i++) name = `${n}${i}`;
    taken.add(name);
    return { name };
  });
}

function zipOutputs(
  op: KqlNode,
  sides: readonly { side: 'left' | 'right'; column: IrColumn }[],
): JoinOutput[] {
  let out: { name: string }[] = outputColumns(op);
  // When the analyser could not see a side (a table(name) inside a function), apply Kusto's
  // naming rule itself: left columns, then right columns, a clashing name suffixed 1, 2, ….
  if (out.length !== sides.length) out = kustoJoinNames(sides.map((s) => s.column.name));
  return out.map((o, i) => ({
    name: o.name,
    side: sides[i]!.side,
    source: sides[i]!.column.name,
    type: sides[i]!.column.type,
  }));
}

export function lookup(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const params = operatorParameters(t, op);
  const kind = params.get('kind') ?? 'leftouter';
  if (kind !== 'leftouter' && kind !== 'inner') throw unsupported(t, op, `lookup kind=${kind}`);
  const right = t.translateTabular(requireChild(t, op, 'Expression'), lets);
  const keys = joinKeys(t, requireChild(t, op, 'LookupClause'));
  const rightKeys = new Set(keys.filter((k) => k.left === k.right).map((k) => k.right));
  const sides = [
    ...input.columns.map((c) => ({ side: 'left' as const, column: c })),
    ...right.columns
      .filter((c) => !rightKeys.has(c.name))
      .map((c) => ({ side: 'right' as const, column: c })),
  ];
  // Lookup keeps every left row; the right side's keys are unique by contract.
  return join(input, right, kind === 'inner' ? 'inner' : 'leftouter', keys, zipOutputs(op, sides));
}
