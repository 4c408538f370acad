import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserError } from '../../../src/core/errors.ts';
import { blobIdentity, parseAzureBlobUrl } from '../../../src/ingest/sources/azure-blob-url.ts';
import { azureCredential, redactSecrets } from '../../../src/ingest/sources/azure-credentials.ts';

test('every way of naming a container maps to the account Blob endpoint', () => {
  const expected = {
    serviceUrl: 'https://huntlake.blob.core.windows.net',
    account: 'huntlake',
    container: 'am-commonsecuritylog',
    prefix: 'WorkspaceResourceId=/subscriptions/s1',
  };
  for (const url of [
    'https://huntlake.blob.core.windows.net/am-commonsecuritylog/WorkspaceResourceId=/subscriptions/s1',
    'https://HuntLake.dfs.core.windows.net/am-commonsecuritylog/WorkspaceResourceId=/subscriptions/s1',
    'abfss://am-commonsecuritylog@huntlake.dfs.core.windows.net/WorkspaceResourceId=/subscriptions/s1',
    'wasbs://am-commonsecuritylog@huntlake.blob.core.windows.net/WorkspaceResourceId%3D/subscriptions/s1',
  ]) {
    assert.deepEqual(parseAzureBlobUrl(url), expected, url);
  }
  assert.deepEqual(parseAzureBlobUrl('https://huntlake.blob.core.windows.net/logs'), {
    ...expected,
    container: 'logs',
    prefix: '',
  });
  assert.equal(parseAzureBlobUrl('https://huntlake.blob.core.windows.net/logs/zeek/').prefix, 'zeek/');
});

test('path-style emulator URLs take the account from the first path segment', () => {
  const where = parseAzureBlobUrl('http://127.0.0.1:10000/devstoreaccount1/am-syslog/WorkspaceResourceId=/x');
  assert.deepEqual(where, {
    serviceUrl: 'http://127.0.0.1:10000/devstoreaccount1',
    account: 'devstoreaccount1',
    container: 'am-syslog',
    prefix: 'WorkspaceResourceId=/x',
  });
  assert.equal(
    blobIdentity(where, 'WorkspaceResourceId=/x/y=2021/PT1H.json'),
    'http://127.0.0.1:10000/devstoreaccount1/am-syslog/WorkspaceResourceId=/x/y=2021/PT1H.json',
  );
});

test('bad locations and credentials in the URL are refused with what to do', () => {
  const refused = (url: string, pattern: RegExp) =>
    assert.throws(
      () => parseAzureBlobUrl(url),
      (e: unknown) => isUserError(e) && pattern.test(e.message) && e.exitCode === 2,
      url,
    );
  refused(
    'https://huntlake.blob.core.windows.net/logs?sv=2023&sig=abc',
    /AZURE_STORAGE_SAS_TOKEN.*not in the URL/,
  );
  refused('https://huntlake.blob.core.windows.net/', /no container/);
  refused('https://huntlake.blob.core.windows.net/Bad_Container', /not a container name/);
  refused('abfss://huntlake.dfs.core.windows.net/x', /abfss:\/\/<container>@<account>/);
  refused('ftp://huntlake.blob.core.windows.net/logs', /unsupported scheme/);
  refused('http://127.0.0.1:10000/', /no account/);
});

test('credentials come from the environment in a fixed order, and are never shown', () => {
  const key = Buffer.from('a secret account key').toString('base64');
  assert.deepEqual(azureCredential('acct', {}), {
    kind: 'anonymous',
    from: 'no credential (anonymous access)',
  });
  assert.deepEqual(azureCredential('acct', { AZURE_STORAGE_SAS_TOKEN: '?sv=1&sig=s' }), {
    kind: 'sas',
    token: 'sv=1&sig=s',
    from: 'AZURE_STORAGE_SAS_TOKEN',
  });
  assert.equal(
    azureCredential('acct', { AZURE_STORAGE_ACCOUNT_KEY: key, AZURE_STORAGE_SAS_TOKEN: 'sv=1' }).kind,
    'shared-key',
  );
  const fromConnection = azureCredential('acct', {
    AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`,
    AZURE_STORAGE_SAS_TOKEN: 'sv=1',
  });
  assert.deepEqual(fromConnection, { kind: 'shared-key', key, from: 'AZURE_STORAGE_CONNECTION_STRING' });
  assert.throws(
    () => azureCredential('other', { AZURE_STORAGE_CONNECTION_STRING: `AccountName=acct;AccountKey=${key}` }),
    (e: unknown) =>
      isUserError(e) &&
      /for account "acct" but the URL names account "other"/.test(e.message) &&
      !e.message.includes(key),
  );
  const text = `failed: key ${key} at https://a.blob.core.windows.net/c?sv=1&sig=abc%2Fdef&se=2 and ${encodeURIComponent(key)}`;
  const clean = redactSecrets(text, fromConnection);
  assert.ok(
    !clean.includes(key) && !clean.includes(encodeURIComponent(key)) && !clean.includes('abc%2Fdef'),
    clean,
  );
  assert.match(clean, /sig=\*\*\*&se=2/);
});
