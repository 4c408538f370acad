import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inferSchemas } from '../../src/kql/kql-infer.ts';

/** Coverage runs: a watchlist's own columns are inferred from the query, like an unknown table's. */
describe('watchlist columns inferred from the query', () => {
  test('columns the query uses are added to the seeded watchlist table', () => {
    const seed = { name: 'Watchlist_TerminatedEmployees', columns: [{ name: 'SearchKey', type: 'string' }] };
    const tables = inferSchemas(
      `_GetWatchlist('TerminatedEmployees')
| where ['User Principal Name'] != "" and todatetime(['Termination date']) > ago(1d)`,
      {},
      4,
      [seed],
    );
    assert.deepEqual(tables, [
      {
        name: 'Watchlist_TerminatedEmployees',
        columns: [
          { name: 'SearchKey', type: 'string' },
          { name: 'User Principal Name', type: 'string' },
          { name: 'Termination date', type: 'string' },
        ],
      },
    ]);
  });

  test('a seed the query does not extend comes back unchanged', () => {
    const seed = { name: 'Watchlist_Hosts', columns: [{ name: 'SearchKey', type: 'string' }] };
    assert.deepEqual(inferSchemas(`_GetWatchlist('Hosts') | project SearchKey`, {}, 4, [seed]), [seed]);
  });
});
