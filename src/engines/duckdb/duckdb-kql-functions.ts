import { type DuckDBConnection, DuckDBScalarFunction, VARCHAR } from '@duckdb/node-api';
import { xmlToJson } from '../../kql/xml-to-json.ts';

/**
 * Scalar functions the KQL compiler's DuckDB SQL calls and DuckDB lacks, registered on every
 * connection the engine opens. `lakehunt_parse_xml(text)` is Kusto's parse_xml as JSON text (null for
 * invalid or oversized XML), computed once per row by the pure converter in src/kql/xml-to-json.ts.
 */
export const PARSE_XML_FUNCTION = 'lakehunt_parse_xml';

export function registerKqlFunctions(connection: DuckDBConnection): void {
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: PARSE_XML_FUNCTION,
      parameterTypes: [VARCHAR],
      returnType: VARCHAR,
      mainFunction: (_info, input, output) => {
        const texts = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const text = texts.getItem(row);
          output.setItem(row, typeof text === 'string' ? xmlToJson(text) : null);
        }
        output.flush();
      },
    }),
  );
}
