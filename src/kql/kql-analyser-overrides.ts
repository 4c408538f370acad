import { child, type KqlDiagnostic, type KqlNode, listItems } from './kql-syntax.ts';

/**
 * Where Kusto's documentation allows what the analyser package reports as an error. Each override
 * is narrow: one diagnostic code at one exact position, and only in the documented situation.
 *
 * - parse_json()/todynamic()/parsejson()/toobject() of a dynamic value: "If json is of type dynamic,
 *   its value is used as-is"; the analyser insists on a string (KS107).
 */
const JSON_PARSERS = new Set(['parse_json', 'todynamic', 'parsejson', 'toobject']);
const TYPE_EXPECTED = 'KS107';

export function withoutDocumentedExceptions(
  root: KqlNode,
  diagnostics: readonly KqlDiagnostic[],
): readonly KqlDiagnostic[] {
  if (!diagnostics.some((d) => d.code === TYPE_EXPECTED)) return diagnostics;
  const allowed = new Set<string>();
  const visit = (node: KqlNode): void => {
    if (node.kind === 'FunctionCallExpression' && JSON_PARSERS.has(node.symbol?.name ?? '')) {
      const argumentList = child(node, 'ArgumentList');
      const args = argumentList ? listItems(child(argumentList, 'Expressions')) : [];
      const only = args.length === 1 ? args[0] : undefined;
      if (only?.type?.kind === 'scalar' && only.type.name === 'dynamic')
        allowed.add(`${only.start}:${only.end - only.start}`);
    }
    for (const c of node.children) visit(c);
  };
  visit(root);
  return diagnostics.filter((d) => !(d.code === TYPE_EXPECTED && allowed.has(`${d.start}:${d.length}`)));
}
