import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LakePaths } from '../../src/lake/lake-paths.ts';
import { mergeColumns, widerType } from '../../src/lake/schema-merge.ts';
import { pascalCase, validateTableName } from '../../src/lake/table-names.ts';

test('paths outside the lake are refused', () => {
  const lake = new LakePaths('/data/lake');
  assert.equal(lake.partition('ZeekConn', '2024-04-19'), '/data/lake/ZeekConn/day=2024-04-19');
  for (const bad of [['..', 'x'], ['../lake2/x'], ['/etc/passwd'], ['a', '..', '..', 'b'], ['.']]) {
    assert.throws(() => lake.inside(...bad), /refusing to write outside the lake/, bad.join('/'));
  }
  assert.throws(() => lake.partition('ZeekConn', '2024-04-19/../../x'), /bad partition day/);
});

test('table names are a safe alphabet', () => {
  for (const ok of ['CommonSecurityLog', 'Watchlist_hosts', 'ZeekConn', 'A1'])
    assert.equal(validateTableName(ok), ok);
  for (const bad of ['', '1abc', '_x', 'a-b', 'a b', 'a/b', '..', 'x;drop table y', 'é', 'a'.repeat(129)]) {
    assert.throws(() => validateTableName(bad), /invalid table name/, bad);
  }
  assert.equal(pascalCase('open_conn'), 'OpenConn');
});

test('schema evolution appends new columns and widens types', () => {
  const merged = mergeColumns(
    [
      { name: 'TimeGenerated', type: 'TIMESTAMP' },
      { name: 'port', type: 'INTEGER' },
      { name: 'bytes', type: 'BIGINT' },
    ],
    [
      { name: 'port', type: 'BIGINT' },
      { name: 'bytes', type: 'DOUBLE' },
      { name: 'label', type: 'VARCHAR' },
    ],
  );
  assert.deepEqual(merged, [
    { name: 'TimeGenerated', type: 'TIMESTAMP' },
    { name: 'port', type: 'BIGINT' },
    { name: 'bytes', type: 'DOUBLE' },
    { name: 'label', type: 'VARCHAR' },
  ]);
  assert.equal(widerType('BOOLEAN', 'BIGINT'), 'VARCHAR');
  assert.equal(widerType('NULL', 'DOUBLE'), 'DOUBLE');
});
