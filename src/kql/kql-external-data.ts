import { UserError } from '../core/errors.ts';
import { invalid, unsupported } from './kql-context.ts';
import { asString, stringLiteral } from './kql-expr-util.ts';
import {
  EXTERNAL_FORMATS,
  type ExternalFormat,
  type ExternalRecord,
  ExternalRecordError,
  externalRecords,
} from './kql-external-records.ts';
import { call, col, type Expr, type IrType, lit, mvExpand, type Plan, project, values } from './kql-ir.ts';
import { outputColumns, requireChild, tokenText } from './kql-node-helpers.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode, lineColumn, listItems } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/**
 * `externaldata(columns)[URL, …] with (format=…, ignoreFirstRecord=…, zipPattern=…)`. lakehunt never
 * downloads at query time: each URL is read from a local copy the user supplies
 * (`--external-data URL=FILE`), given to the compiler as text; for a zip archive (`zipPattern`) the
 * local copy is the extracted member the pattern selects. The records travel to the engine as one bound parameter (JSON text
 * of string cells, never SQL text), are unnested, and each cell is cast to its declared type.
 */

/** Local copies of external sources: URL → file text. */
export interface ExternalDataFiles {
  get(url: string): string | undefined;
}

const ROWS = '__lh_rows';

function properties(t: Translator, node: KqlNode): Map<string, string> {
  const out = new Map<string, string>();
  const withClause = child(node, 'WithClause');
  for (const p of listItems(child(withClause ?? node, 'Properties'))) {
    const name = tokenText(requireChild(t, p, 'Name')).toLowerCase();
    const value = translateScalar(requireChild(t, p, 'Expression'), t.scope(new Map(), new Map()));
    if (value.kind !== 'literal')
      throw unsupported(t, p, `the externaldata property ${name} with a non-constant value`);
    out.set(name, stringLiteral(asString(value)) ?? '');
  }
  return out;
}

/** A declared column's cell (text) as its Kusto type. */
function typedCell(cell: Expr, type: IrType, t: Translator, node: KqlNode): Expr {
  switch (type) {
    case 'string':
    case 'guid':
      return call('coalesce', [cell, lit('', 'string')], 'string');
    case 'dynamic':
      return call('json_parse', [call('nullif_empty', [cell], 'string')], 'dynamic');
    case 'datetime':
      return call('to_timestamp', [cell], 'datetime');
    case 'long':
    case 'int':
    case 'real':
    case 'bool':
      return call('try_cast', [cell], type);
    default:
      throw unsupported(t, node, `an externaldata column of type ${type}`);
  }
}

export function externalDataExpression(t: Translator, node: KqlNode): Plan {
  const columns = outputColumns(node);
  if (columns.length === 0) throw invalid(t, node, 'externaldata without columns');
  const props = properties(t, node);
  const format = props.get('format') ?? 'csv';
  if (!EXTERNAL_FORMATS.has(format)) throw unsupported(t, node, `externaldata format=${format}`);
  for (const name of props.keys()) {
    if (name !== 'format' && name !== 'ignorefirstrecord' && name !== 'zippattern')
      throw unsupported(t, node, `the externaldata property ${name}`);
  }
  const ignoreFirstRecord = (props.get('ignorefirstrecord') ?? 'false').toLowerCase() === 'true';
  const records: ExternalRecord[] = [];
  for (const uriNode of listItems(child(node, 'URIs'))) {
    const url = stringLiteral(translateScalar(uriNode, t.scope(new Map(), new Map())));
    if (url === undefined) throw unsupported(t, uriNode, 'an externaldata URL that is not a constant string');
    const text = t.externalData?.get(url);
    if (text === undefined) {
      const { line, column } = lineColumn(t.text, uriNode.start);
      throw new UserError(
        'kql-external-data',
        `externaldata reads ${url} (line ${line}, column ${column}): lakehunt never downloads; give a local copy with --external-data '${url}=FILE'`,
        { line, column },
      );
    }
    const zipPattern = props.get('zippattern');
    if (zipPattern !== undefined && text.startsWith('PK\u0003\u0004')) {
      // With zipPattern the URL is an archive: the local copy is the member the pattern selects.
      const { line, column } = lineColumn(t.text, uriNode.start);
      throw new UserError(
        'kql-external-data',
        `the local copy of ${url} (line ${line}, column ${column}) is a zip archive: extract the ${format} file matching ${zipPattern} and give that as the local copy`,
        { line, column },
      );
    }
    try {
      records.push(
        ...externalRecords(
          text,
          format as ExternalFormat,
          columns.map((c) => c.name),
          ignoreFirstRecord,
        ),
      );
    } catch (e) {
      if (e instanceof ExternalRecordError)
        throw new UserError(
          'kql-external-data',
          `the local copy of ${url} is not valid ${format}: ${e.message}`,
        );
      throw e;
    }
  }
  const param = t.addParam(JSON.stringify(records));
  const rowsType = 'array:array:string';
  const table = values([{ name: ROWS, type: rowsType }], [[call('json_rows', [param], rowsType)]]);
  const expanded = mvExpand(table, [{ name: ROWS, type: 'array:string', sourceType: rowsType }], undefined);
  const cells = col(ROWS, 'array:string');
  return project(
    expanded,
    columns.map((c, i) => ({
      name: c.name,
      expr: typedCell(call('array_element', [cells, lit(i, 'long')], 'string'), c.type, t, node),
    })),
  );
}
