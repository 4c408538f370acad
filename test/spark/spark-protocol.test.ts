import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsFromSparkSchema } from '../../src/engines/spark/spark-arrow.ts';
import { sparkConnectProtocol } from '../../src/engines/spark/spark-connect-protocol.ts';

// Expected bytes are written out by hand from the public Spark Connect field numbers, so a wrong
// number or wire type in proto/spark-connect.proto fails here without a server.
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ascii = (s: string) => Buffer.from(s, 'latin1').toString('hex');

test('a SQL plan: Plan.root(1) → Relation.sql(10) → SQL.query(1)', () => {
  const plan = sparkConnectProtocol().message('spark.connect.Plan');
  assert.equal(
    hex(plan.serialize({ root: { sql: { query: 'SELECT 1' } } })),
    `0a0c520a0a08${ascii('SELECT 1')}`,
  );
});

test('named arguments: SQL.named_arguments(4) map → Expression.literal(1) → Literal.integer(6)', () => {
  const plan = sparkConnectProtocol().message('spark.connect.Plan');
  const bytes = plan.serialize({
    root: { sql: { query: 'q', named_arguments: { n: { literal: { integer: 5 } } } } },
  });
  assert.equal(hex(bytes), `0a10520e0a01${ascii('q')}22090a01${ascii('n')}12040a023005`);
});

test('literals inside Expression.literal(1): timestamp(17), long(7), string(13), boolean(3), double(11), null(1)', () => {
  const expression = sparkConnectProtocol().message('spark.connect.Expression');
  const literal = (value: object) => {
    const bytes = hex(expression.serialize({ literal: value }));
    assert.equal(bytes.slice(0, 2), '0a');
    return bytes.slice(4); // drop the field key and length of Expression.literal
  };
  assert.equal(literal({ timestamp: '1000' }), '8801e807');
  assert.equal(literal({ long: '-1' }), `38${'ff'.repeat(9)}01`);
  assert.equal(literal({ string: 'a' }), `6a01${ascii('a')}`);
  assert.equal(literal({ boolean: true }), '1801');
  assert.equal(literal({ double: 1 }), '59000000000000f03f');
  // null carries its type: DataType.null(1), an empty message.
  assert.equal(literal({ null: { null: {} } }), '0a020a00');
});

test('a view over parquet files: Command.create_dataframe_view(3) over Read.data_source(2)', () => {
  const plan = sparkConnectProtocol().message('spark.connect.Plan');
  const bytes = plan.serialize({
    command: {
      create_dataframe_view: {
        input: { read: { data_source: { format: 'parquet', paths: ['/a'] } } },
        name: 'v',
        is_global: false,
        replace: true,
      },
    },
  });
  const dataSource = `0a07${ascii('parquet')}2202${ascii('/a')}`;
  // is_global(3) false is written explicitly; the server reads it the same as absent.
  assert.equal(hex(bytes), `121c1a1a0a11120f120d${dataSource}1201${ascii('v')}18002001`);
});

test('a server-side write: Command.write_operation(2){input(1), source(2), mode(5)}', () => {
  const plan = sparkConnectProtocol().message('spark.connect.Plan');
  const bytes = plan.serialize({
    command: {
      write_operation: { input: { sql: { query: 'q' } }, source: 'noop', mode: 'SAVE_MODE_OVERWRITE' },
    },
  });
  const input = `0a0552030a01${ascii('q')}`; // Relation.sql(10) → SQL.query(1)
  assert.equal(hex(bytes), `1211120f${input}1204${ascii('noop')}2802`);
});

test('request envelopes: session(1), user_context(2), plan(3), client_type(4), operation_id(6)', () => {
  const rpc = sparkConnectProtocol().executePlan;
  assert.equal(rpc.path, '/spark.connect.SparkConnectService/ExecutePlan');
  const bytes = rpc.serialize({
    session_id: 's',
    user_context: { user_id: 'u' },
    client_type: 'c',
    plan: { root: { sql: { query: '' } } },
    operation_id: 'o',
  });
  const plan = '1a060a0452020a00'; // plan(3) → root(1) → sql(10) → query(1) ""
  assert.equal(hex(bytes), `0a01${ascii('s')}12030a01${ascii('u')}${plan}2201${ascii('c')}3201${ascii('o')}`);
  const interrupt = sparkConnectProtocol().interrupt.serialize({
    session_id: 's',
    user_context: { user_id: 'u' },
    client_type: 'c',
    interrupt_type: 'INTERRUPT_TYPE_OPERATION_ID',
    operation_id: 'o',
  });
  assert.equal(
    hex(interrupt),
    `0a01${ascii('s')}12030a01${ascii('u')}1a01${ascii('c')}20033201${ascii('o')}`,
  );
});

test('responses: arrow_batch(2){row_count(1), data(2)}, operation_id(12), schema(7) as DataType.struct(21)', () => {
  const rpc = sparkConnectProtocol().executePlan;
  const field = `0a01${ascii('a')}12023a00`; // StructField name "a", type DataType.long(7)
  const schema = `aa0109${'0a07'}${field}`;
  const bytes = Buffer.from(`1207080312037879${'7a'}6202${ascii('op')}3a0c${schema}`, 'hex');
  const response = rpc.deserialize(bytes);
  assert.equal(response.response_type, 'arrow_batch');
  assert.equal(response.arrow_batch?.row_count, '3');
  assert.equal(Buffer.from(response.arrow_batch?.data ?? []).toString(), 'xyz');
  assert.equal(response.operation_id, 'op');
  assert.deepEqual(columnsFromSparkSchema(response.schema), [{ name: 'a', type: 'long' }]);
});

test('analyze responses: spark_version(8){version(1)} and explain(3){explain_string(1)}', () => {
  const rpc = sparkConnectProtocol().analyzePlan;
  assert.equal(
    rpc.deserialize(Buffer.from(`42070a05${ascii('4.1.1')}`, 'hex')).spark_version?.version,
    '4.1.1',
  );
  assert.equal(rpc.deserialize(Buffer.from(`1a030a01${ascii('p')}`, 'hex')).explain?.explain_string, 'p');
});
