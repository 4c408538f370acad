import type { Expr, NamedExpr, Plan } from './kql-ir.ts';
import {
  aggregate,
  distinct,
  empty,
  filter,
  join,
  limit,
  mvExpand,
  project,
  scan,
  sort,
  union,
} from './kql-ir.ts';

/**
 * Column pruning: every node keeps only the columns some consumer needs (the final result needs
 * all of its own). Operators whose meaning depends on all their columns (distinct, group keys,
 * mv-expand) keep them. A plan used twice (a tabular `let`) gets the union of its consumers' needs.
 */

type Need = Set<string>;

function exprColumns(e: Expr, out: Need, plans: Plan[]): void {
  switch (e.kind) {
    case 'column':
      out.add(e.name);
      return;
    case 'literal':
      return;
    case 'scalarSubquery':
      plans.push(e.plan);
      return;
    case 'inSubquery':
      plans.push(e.plan);
      exprColumns(e.expr, out, plans);
      return;
    case 'case':
      e.whens.forEach(([w, t]) => {
        exprColumns(w, out, plans);
        exprColumns(t, out, plans);
      });
      exprColumns(e.otherwise, out, plans);
      return;
    case 'aggregate':
      if (e.filter) exprColumns(e.filter, out, plans);
      for (const a of e.args) exprColumns(a, out, plans);
      return;
    case 'call':
    case 'window':
      for (const a of e.args) exprColumns(a, out, plans);
      return;
  }
}

function keptItems(items: readonly NamedExpr[], need: Need): NamedExpr[] {
  const kept = items.filter((i) => need.has(i.name));
  return kept.length ? kept : items.slice(0, 1);
}

/** What each child needs, given what this node must produce. */
function childNeeds(p: Plan, need: Need): [Plan, Need][] {
  const cols = (exprs: readonly Expr[], base: Iterable<string> = []) => {
    const out = new Set(base);
    const plans: Plan[] = [];
    for (const e of exprs) exprColumns(e, out, plans);
    return { out, plans };
  };
  const subqueries = (plans: Plan[]): [Plan, Need][] =>
    plans.map((s) => [s, new Set(s.columns.slice(0, 1).map((c) => c.name))]);
  switch (p.kind) {
    case 'Scan':
    case 'Empty':
      return [];
    case 'Values': {
      const { plans } = cols(p.rows.flat());
      return subqueries(plans);
    }
    case 'Filter': {
      const { out, plans } = cols([p.predicate], need);
      return [[p.input, out], ...subqueries(plans)];
    }
    case 'Project': {
      const { out, plans } = cols(keptItems(p.items, need).map((i) => i.expr));
      return [[p.input, out], ...subqueries(plans)];
    }
    case 'Aggregate': {
      const { out, plans } = cols([...p.keys, ...keptAggregates(p, need)].map((i) => i.expr));
      return [[p.input, out], ...subqueries(plans)];
    }
    case 'Sort': {
      const { out, plans } = cols(
        p.keys.map((k) => k.expr),
        need,
      );
      return [[p.input, out], ...subqueries(plans)];
    }
    case 'Limit':
      return [[p.input, need]];
    case 'Distinct':
      return [[p.input, new Set(p.columns.map((c) => c.name))]];
    case 'Union':
      return p.inputs.map((i) => [i, new Set(need)]);
    case 'Join': {
      const outputs = keptOutputs(p, need);
      const left = new Set(p.on.map((o) => o.left));
      const right = new Set(p.on.map((o) => o.right));
      for (const o of outputs) (o.side === 'left' ? left : right).add(o.source);
      return [
        [p.left, left],
        [p.right, right],
      ];
    }
    case 'MvExpand':
      return [
        [p.input, new Set([...[...need].filter((n) => n !== p.index), ...p.expand.map((e) => e.name)])],
      ];
  }
}

function keptAggregates(p: Extract<Plan, { kind: 'Aggregate' }>, need: Need): NamedExpr[] {
  return p.aggregates.filter((a) => need.has(a.name));
}

function keptOutputs(p: Extract<Plan, { kind: 'Join' }>, need: Need) {
  const kept = p.outputs.filter((o) => need.has(o.name));
  return kept.length ? kept : p.outputs.slice(0, 1);
}

function mapExpr(e: Expr, rebuild: (p: Plan) => Plan): Expr {
  switch (e.kind) {
    case 'scalarSubquery':
      return { ...e, plan: rebuild(e.plan) };
    case 'inSubquery':
      return { ...e, plan: rebuild(e.plan), expr: mapExpr(e.expr, rebuild) };
    case 'call':
      return { ...e, args: e.args.map((a) => mapExpr(a, rebuild)) };
    case 'window':
      return { ...e, args: e.args.map((a) => mapExpr(a, rebuild)) };
    case 'aggregate':
      return e.filter
        ? { ...e, args: e.args.map((a) => mapExpr(a, rebuild)), filter: mapExpr(e.filter, rebuild) }
        : { ...e, args: e.args.map((a) => mapExpr(a, rebuild)) };
    case 'case':
      return {
        ...e,
        whens: e.whens.map(([w, t]) => [mapExpr(w, rebuild), mapExpr(t, rebuild)] as const),
        otherwise: mapExpr(e.otherwise, rebuild),
      };
    default:
      return e;
  }
}

export function prunePlan(root: Plan): Plan {
  // 1. Order nodes so every consumer comes before what it consumes.
  const order: Plan[] = [];
  const visited = new Set<Plan>();
  const visit = (p: Plan) => {
    if (visited.has(p)) return;
    visited.add(p);
    for (const [c] of childNeeds(p, new Set(p.columns.map((x) => x.name)))) visit(c);
    order.push(p);
  };
  visit(root);
  order.reverse();
  // 2. Accumulate needs from consumers to producers.
  const needs = new Map<Plan, Need>([[root, new Set(root.columns.map((c) => c.name))]]);
  for (const p of order) {
    const need = needs.get(p) ?? new Set<string>();
    for (const [c, n] of childNeeds(p, need)) {
      const existing = needs.get(c);
      if (existing) for (const x of n) existing.add(x);
      else needs.set(c, new Set(n));
    }
  }
  // 3. Rebuild bottom-up.
  const rebuilt = new Map<Plan, Plan>();
  const rebuild = (p: Plan): Plan => {
    const done = rebuilt.get(p);
    if (done) return done;
    const need = needs.get(p) ?? new Set(p.columns.map((c) => c.name));
    const result = rebuildNode(p, need, rebuild);
    rebuilt.set(p, result);
    return result;
  };
  return rebuild(root);
}

function rebuildNode(p: Plan, need: Need, rebuild: (p: Plan) => Plan): Plan {
  const e = (x: Expr) => mapExpr(x, rebuild);
  switch (p.kind) {
    case 'Scan': {
      const columns = p.columns.filter((c) => need.has(c.name));
      const kept = columns.length ? columns : p.columns.slice(0, 1);
      return scan(
        p.table,
        kept,
        p.missing.filter((m) => kept.some((k) => k.name === m.name)),
      );
    }
    case 'Empty': {
      const kept = p.columns.filter((c) => need.has(c.name));
      return empty(kept.length ? kept : p.columns.slice(0, 1));
    }
    case 'Values':
      return { ...p, rows: p.rows.map((r) => r.map(e)) };
    case 'Filter':
      return filter(rebuild(p.input), e(p.predicate));
    case 'Project':
      return project(
        rebuild(p.input),
        keptItems(p.items, need).map((i) => ({ name: i.name, expr: e(i.expr) })),
      );
    case 'Aggregate':
      return aggregate(
        rebuild(p.input),
        p.keys.map((k) => ({ name: k.name, expr: e(k.expr) })),
        keptAggregates(p, need).map((a) => ({ name: a.name, expr: e(a.expr) })),
      );
    case 'Sort':
      return sort(
        rebuild(p.input),
        p.keys.map((k) => ({ ...k, expr: e(k.expr) })),
      );
    case 'Limit':
      return limit(rebuild(p.input), p.count);
    case 'Distinct':
      return distinct(rebuild(p.input));
    case 'Union': {
      const inputs = p.inputs.map(rebuild);
      const names = new Set(inputs[0]?.columns.map((c) => c.name));
      return union(
        inputs,
        p.columns.filter((c) => names.has(c.name)),
      );
    }
    case 'Join':
      return join(rebuild(p.left), rebuild(p.right), p.joinKind, p.on, keptOutputs(p, need));
    case 'MvExpand':
      return mvExpand(rebuild(p.input), p.expand, p.limit, p.index);
  }
}
