import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ingestItems, ingestPaths, listSources } from '../../src/ingest/ingest.ts';
import { readLedger } from '../../src/ingest/ingest-ledger.ts';
import { watchIngest } from '../../src/ingest/ingest-watch.ts';
import type { SourceItem } from '../../src/ingest/sources/source-item.ts';
import {
  type Azurite,
  azuriteSkip,
  containerSas,
  DEV_ACCOUNT,
  DEV_KEY,
  putBlob,
  startAzurite,
} from '../support/azurite.ts';
import { runCliWith } from '../support/run-cli.ts';
import { sharedDataSkip, sharedPath } from '../support/shared-data.ts';
import { tempDir } from '../support/temp-dir.ts';
import { exportTree, filesUnder, writeTreeLocally } from './support/export-tree.ts';
import { lakeFacts } from './support/lake-facts.ts';

const skip = azuriteSkip();
if (skip) console.log(`# skipping Azure Blob ingest tests: ${skip}`);

let azurite: Azurite | undefined;
before(async () => {
  if (!skip) azurite = await startAzurite();
});
after(async () => {
  await azurite?.stop();
});

function emulator(): Azurite {
  if (!azurite) throw new Error('Azurite is not running');
  return azurite;
}

const env = { AZURE_STORAGE_ACCOUNT_KEY: DEV_KEY };

test('a data-export tree in blob containers makes the same lake as the same tree in a folder', {
  skip,
}, async () => {
  const az = emulator();
  const dir = await tempDir();
  const files = exportTree(new Date('2021-11-16T23:00:00Z'), 2);
  await writeTreeLocally(path.join(dir, 'export'), files);
  for (const f of files) await putBlob(await az.container(f.container), f.name, f.content);

  const localLake = path.join(dir, 'local-lake');
  const local = await ingestPaths({ paths: [path.join(dir, 'export')], lake: localLake });
  const blobLake = path.join(dir, 'blob-lake');
  const progress: string[] = [];
  const urls = [`${az.serviceUrl}/am-commonsecuritylog`, `${az.serviceUrl}/am-syslog/`];
  const blob = await ingestPaths({ paths: urls, lake: blobLake, env, onProgress: (l) => progress.push(l) });

  assert.equal(blob.files.length, files.length);
  assert.equal(blob.written, local.written);
  assert.equal(blob.failed, 0);
  const facts = await lakeFacts(blobLake);
  assert.deepEqual(facts, await lakeFacts(localLake));
  // 2 hours from 23:00: per hour 3 windows × 12 firewall records plus one 5-record overflow file.
  assert.deepEqual(facts['CommonSecurityLog']?.days, { '2021-11-16': 41, '2021-11-17': 41 });
  assert.deepEqual(facts['Syslog']?.days, { '2021-11-16': 9, '2021-11-17': 9 });

  // Progress and ledger name the blob by its URL; the ledger keeps its ETag.
  const syslogBlob = `${az.serviceUrl}/am-syslog/${files.find((f) => f.container === 'am-syslog')?.name}`;
  assert.ok(
    progress.some((l) => l.startsWith(`ok    ${syslogBlob} [la-export] 9 records → Syslog 9`)),
    progress[0],
  );
  const ledger = await readLedger(path.join(blobLake, '_lakehunt', 'ledger.jsonl'));
  assert.equal(ledger.length, files.length);
  assert.ok(ledger.every((e) => e.path.startsWith(az.serviceUrl) && typeof e.etag === 'string'));
  assert.deepEqual(await readdir(path.join(blobLake, '_lakehunt')).then((n) => n.includes('staging')), false);

  // A second run lists, finds every blob unchanged by ETag and size, and downloads nothing.
  let downloads = 0;
  const counted: SourceItem[] = (await listSources(urls, env)).map((item) => ({
    ...item,
    localCopy: (d: string) => {
      downloads++;
      return item.localCopy(d);
    },
  }));
  const again = await ingestItems(counted, { paths: [], lake: blobLake });
  assert.equal(again.written, 0);
  assert.equal(again.skipped, files.length);
  assert.equal(downloads, 0);

  // A changed blob (three records appended, as export appends) is picked up and replaces its
  // earlier version: its records are in the lake once.
  const changed = files.find((f) => f.name.includes('/d=17/h=00/m=40/PT05M.json'));
  assert.ok(changed);
  const extra = changed.content
    .split('\n')
    .slice(0, 3)
    .map((l) => l.replace('"Activity":"traffic:forward close"', '"Activity":"late"'));
  await putBlob(
    await az.container(changed.container),
    changed.name,
    `${changed.content}${extra.join('\n')}\n`,
  );
  const third = await ingestPaths({ paths: urls, lake: blobLake, env });
  assert.equal(third.files.filter((f) => f.status === 'ingested').length, 1);
  assert.equal(third.written, 15);
  assert.deepEqual((await lakeFacts(blobLake))['CommonSecurityLog']?.days, {
    '2021-11-16': 41,
    '2021-11-17': 44,
  });
});

test('real Sentinel sample files ingest from a container as from the folder', {
  skip: skip || sharedDataSkip('sentinel'),
}, async () => {
  const az = emulator();
  const dir = await tempDir();
  const folder = sharedPath('sentinel');
  const container = await az.container('sentinel-samples');
  for (const name of await filesUnder(folder))
    await putBlob(container, `samples/${name}`, await readFile(path.join(folder, name)));
  // Left out as a folder walk leaves them out.
  await putBlob(container, 'samples/README.md', '# notes\n');
  await putBlob(container, 'samples/.cache/state.json', '{}\n');
  await putBlob(container, 'samples-old/Fortigate.json', '[]\n');

  const local = await ingestPaths({ paths: [folder], lake: path.join(dir, 'a') });
  const blob = await ingestPaths({
    paths: [`${az.serviceUrl}/sentinel-samples/samples`],
    lake: path.join(dir, 'b'),
    env,
  });
  const outcome = (o: (typeof local.files)[number]) => [
    o.status,
    o.format,
    o.records,
    o.written,
    o.quarantined,
    o.tables,
  ];
  assert.deepEqual(blob.files.map(outcome), local.files.map(outcome));
  assert.deepEqual(
    blob.files.map((f) => f.path.slice(`${az.serviceUrl}/sentinel-samples/samples/`.length)),
    local.files.map((f) => path.relative(folder, f.path)),
  );
  assert.ok(local.written > 0);
  assert.deepEqual(await lakeFacts(path.join(dir, 'b')), await lakeFacts(path.join(dir, 'a')));
  // Quarantine entries name the blob, not the staging copy.
  for (const name of await readdir(path.join(dir, 'b', '_quarantine')).catch(() => [])) {
    const text = await readFile(path.join(dir, 'b', '_quarantine', name), 'utf8');
    for (const line of text.split('\n').filter(Boolean)) {
      assert.ok(
        (JSON.parse(line) as { source: string }).source.startsWith(az.serviceUrl),
        line.slice(0, 200),
      );
    }
  }
});

test('a wrong account key fails with the 403 explained, and never shows the key', { skip }, async () => {
  const az = emulator();
  await putBlob(
    await az.container('am-private'),
    'x/PT1H.json',
    '{"TimeGenerated":"2021-11-17T00:00:00Z"}\n',
  );
  const wrongKey = Buffer.from('not the key of this account, but valid base64').toString('base64');
  const lake = path.join(await tempDir(), 'lake');
  const run = await runCliWith(['ingest', `${az.serviceUrl}/am-private`, '--lake', lake], {
    AZURE_STORAGE_ACCOUNT_KEY: wrongKey,
  });
  assert.equal(run.code, 1);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(
    lines[0]!,
    /authentication failed for http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/am-private \(HTTP 403/,
  );
  assert.match(lines[0]!, /AZURE_STORAGE_ACCOUNT_KEY/);
  assert.ok(!run.stderr.includes(wrongKey) && !run.stdout.includes(wrongKey));

  const sas = 'sv=2023-01-03&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D';
  const withSas = await runCliWith(['ingest', `${az.serviceUrl}/am-private`, '--lake', lake], {
    AZURE_STORAGE_SAS_TOKEN: sas,
  });
  assert.equal(withSas.code, 1);
  assert.match(withSas.stderr, /authentication failed .*AZURE_STORAGE_SAS_TOKEN/);
  assert.ok(!withSas.stderr.includes('c2VjcmV0LXNpZ25hdHVyZQ'));
});

test('a missing container and an unreachable account fail with one clear line, quickly', {
  skip,
}, async () => {
  const az = emulator();
  const lake = path.join(await tempDir(), 'lake');
  const missing = await runCliWith(['ingest', `${az.serviceUrl}/no-such-container`, '--lake', lake], env);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /container "no-such-container" not found in account "devstoreaccount1"/);

  // A port nobody listens on: refused at once, retried briefly, then explained.
  const started = Date.now();
  const down = await runCliWith(
    ['ingest', 'http://127.0.0.1:9/devstoreaccount1/am-syslog', '--lake', lake],
    env,
  );
  assert.equal(down.code, 1);
  assert.match(
    down.stderr,
    /^lakehunt: cannot reach http:\/\/127\.0\.0\.1:9\/devstoreaccount1\/am-syslog \(ECONNREFUSED\): check/,
  );
  assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
});

test('watch mode follows a container: blobs added later are ingested once settled', { skip }, async () => {
  const az = emulator();
  const container = await az.container('am-watched');
  const [first, second] = exportTree(new Date('2021-11-17T05:00:00Z'), 1).filter(
    (f) => f.container === 'am-commonsecuritylog',
  );
  assert.ok(first && second);
  await putBlob(container, first.name, first.content);
  const lake = path.join(await tempDir(), 'lake');
  const ledgerFile = path.join(lake, '_lakehunt', 'ledger.jsonl');
  const stop = new AbortController();
  const rounds: number[] = [];
  const watching = watchIngest({
    paths: [`${az.serviceUrl}/am-watched`],
    lake,
    env,
    intervalMs: 300,
    signal: stop.signal,
    onRound: (summary) => rounds.push(summary.written),
  });
  const until = async (n: number) => {
    const deadline = Date.now() + 30_000;
    while ((await readLedger(ledgerFile)).length < n) {
      if (Date.now() > deadline) throw new Error(`ledger never reached ${n} entries`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    await until(1);
    await putBlob(container, second.name, second.content);
    await until(2);
  } finally {
    stop.abort();
  }
  const totals = await watching;
  assert.deepEqual(rounds, [12, 12]);
  assert.equal(totals.ingested, 2);
  assert.equal(totals.written, 24);
  assert.ok(totals.rounds >= 4, `${totals.rounds} listings`);
});

test('with a SAS token or a connection string, no secret reaches progress lines, ledger or quarantine', {
  skip,
}, async () => {
  const az = emulator();
  const container = await az.container('am-secretive');
  const [file] = exportTree(new Date('2021-11-17T05:00:00Z'), 1);
  assert.ok(file);
  await putBlob(container, file.name, `${file.content}{"TimeGenerated": not json}\n`);
  const sas = await containerSas(container);
  const signature = new URLSearchParams(sas).get('sig') ?? '';
  assert.ok(signature.length > 10);

  const dir = await tempDir();
  const url = `${az.serviceUrl}/am-secretive`;
  const run = await runCliWith(['ingest', url, '--lake', path.join(dir, 'sas')], {
    AZURE_STORAGE_SAS_TOKEN: sas,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /1 files: 1 ingested, 0 already in the lake, 0 failed\n13 records: 12 written, 1 quarantined/,
  );
  const connection = `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=${az.serviceUrl};`;
  const viaConnection = await runCliWith(['ingest', url, '--lake', path.join(dir, 'cs')], {
    AZURE_STORAGE_CONNECTION_STRING: connection,
  });
  assert.equal(viaConnection.code, 0, viaConnection.stderr);

  const secrets = [signature, encodeURIComponent(signature), DEV_KEY, encodeURIComponent(DEV_KEY)];
  const texts = [run.stdout, run.stderr, viaConnection.stdout, viaConnection.stderr];
  for (const lake of ['sas', 'cs']) {
    for (const name of await filesUnder(path.join(dir, lake))) {
      if (!name.endsWith('.parquet')) texts.push(await readFile(path.join(dir, lake, name), 'utf8'));
    }
  }
  assert.ok(
    texts.some((t) => t.includes('"reason":"la-export: bad JSON')),
    'the quarantine entry was read',
  );
  for (const text of texts)
    for (const secret of secrets) assert.ok(!text.includes(secret), text.slice(0, 300));
});

test('without credentials a public container is read anonymously; a private one says what to set', {
  skip,
}, async () => {
  const az = emulator();
  const [file] = exportTree(new Date('2021-11-17T05:00:00Z'), 1);
  assert.ok(file);
  await putBlob(await az.container('am-open', 'public'), file.name, file.content);
  await putBlob(await az.container('am-closed'), file.name, file.content);
  const dir = await tempDir();
  const open = await runCliWith(['ingest', `${az.serviceUrl}/am-open`, '--lake', path.join(dir, 'a')], {});
  assert.equal(open.code, 0, open.stderr);
  assert.match(open.stdout, /12 records: 12 written/);
  const closed = await runCliWith(
    ['ingest', `${az.serviceUrl}/am-closed`, '--lake', path.join(dir, 'b')],
    {},
  );
  assert.equal(closed.code, 1);
  assert.match(
    closed.stderr,
    /am-closed.*set AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_CONNECTION_STRING/,
  );
});
