import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import {
  addUrlParams,
  displaySparkUrl,
  formatSparkConnectUrl,
  parseSparkConnectUrl,
  redactUrlText,
  sparkRemoteFor,
} from '../../src/engines/spark/spark-connect-url.ts';

test('parses host, port and the documented parameters', () => {
  const url = parseSparkConnectUrl(
    'sc://spark.example.com:443/;token=abc%3Bdef;use_ssl=true;user_id=ana;session_id=0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0;x-databricks-cluster-id=0123',
  );
  assert.equal(url.host, 'spark.example.com');
  assert.equal(url.port, 443);
  assert.equal(url.token, 'abc;def');
  assert.equal(url.useSsl, true);
  assert.equal(url.userId, 'ana');
  assert.equal(url.sessionId, '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0');
  assert.deepEqual(url.headers, { 'x-databricks-cluster-id': '0123' });
});

test('defaults: port 15002, plain text, 15 s connect deadline, no query deadline', () => {
  const url = parseSparkConnectUrl('sc://localhost');
  assert.equal(url.port, 15002);
  assert.equal(url.useSsl, false);
  assert.equal(url.token, undefined);
  assert.equal(url.connectTimeoutMs, 15_000);
  assert.equal(url.queryTimeoutMs, undefined);
  assert.equal(parseSparkConnectUrl('sc://h:1/').port, 1);
  assert.equal(parseSparkConnectUrl('sc://h:2/;query_timeout=1.5').queryTimeoutMs, 1500);
  assert.equal(parseSparkConnectUrl('sc://[::1]:15003').host, '::1');
  assert.equal(displaySparkUrl(parseSparkConnectUrl('sc://[::1]:15003')), 'sc://[::1]:15003');
});

test('rejects malformed URLs with a usage error that never shows the token', () => {
  const cases: [string, RegExp][] = [
    ['http://h:1', /must start with sc:\/\//],
    ['sc://', /host is missing/],
    ['sc://h:0', /out of range/],
    ['sc://h:99999', /out of range/],
    ['sc://h:1/path', /path is not allowed/],
    ['sc://h:1/;use_ssl=maybe', /use_ssl must be true or false/],
    ['sc://h:1/;session_id=42', /session_id must be a UUID/],
    ['sc://h:1/;query_timeout=-1', /positive number of seconds/],
    ['sc://h:1/;token=s3cret;bad key=1', /not a valid header name/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseSparkConnectUrl(text),
      (e: unknown) =>
        e instanceof UserError &&
        e.exitCode === 2 &&
        message.test(e.message) &&
        !e.message.includes('s3cret'),
      text,
    );
  }
  assert.equal(redactUrlText('sc://h:1/;token=abc;use_ssl=true'), 'sc://h:1/;token=***;use_ssl=true');
});

test('formatting drops the token and keeps the rest', () => {
  const text = formatSparkConnectUrl(
    parseSparkConnectUrl('sc://h:7/;token=abc;use_ssl=true;user_id=u;query_timeout=60'),
  );
  assert.equal(text, 'sc://h:7/;use_ssl=true;user_id=u;query_timeout=60');
  assert.equal(formatSparkConnectUrl(parseSparkConnectUrl('sc://h')), 'sc://h:15002');
});

test('session id and token are added unless the URL already has them', () => {
  assert.equal(addUrlParams('sc://h:1', { session_id: 'x', token: undefined }), 'sc://h:1/;session_id=x');
  assert.equal(addUrlParams('sc://h:1/;token=a', { token: 'b' }), 'sc://h:1/;token=a');
  const id = '00112233-4455-6677-8899-aabbccddeeff';
  const url = parseSparkConnectUrl(sparkRemoteFor('sc://h:1/;use_ssl=true', id, 't;k'));
  assert.equal(url.sessionId, id);
  assert.equal(url.token, 't;k');
  assert.equal(url.useSsl, true);
});
