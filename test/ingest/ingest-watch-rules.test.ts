import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInterval, settledItems } from '../../src/ingest/ingest-watch.ts';
import { itemVersion, type SourceItem } from '../../src/ingest/sources/source-item.ts';

const item = (source: string, size: number, mtimeMs: number): SourceItem => ({
  source,
  size,
  mtimeMs,
  localCopy: async () => source,
});

test('a file is taken once unchanged since the previous listing, or last modified an interval ago', () => {
  const now = 1_700_000_000_000;
  const growing = item('/in/growing.json', 100, now - 200);
  const finished = item('/in/finished.json', 50, now - 200);
  const old = item('/in/old.json', 10, now - 30_000);
  const previous = new Map([
    [growing.source, itemVersion(item(growing.source, 60, now - 1200))],
    [finished.source, itemVersion(finished)],
  ]);
  const taken = settledItems([growing, finished, old], previous, now, 30_000).map((i) => i.source);
  assert.deepEqual(taken, ['/in/finished.json', '/in/old.json']);
  // A blob is compared by size and ETag, and always waits for a second listing.
  const oldBlob = { ...item('https://a/c/old', 5, now - 3_600_000), etag: '"0x9"' };
  assert.deepEqual(settledItems([oldBlob], new Map(), now, 1000), []);
  assert.deepEqual(settledItems([oldBlob], new Map([[oldBlob.source, itemVersion(oldBlob)]]), now, 1000), [
    oldBlob,
  ]);
  const blob = { ...item('https://a/c/b', 5, now), etag: '"0x1"' };
  assert.deepEqual(
    settledItems([{ ...blob, etag: '"0x2"' }], new Map([[blob.source, itemVersion(blob)]]), now, 1000),
    [],
  );
});

test('intervals read as durations', () => {
  assert.equal(parseInterval('30s'), 30_000);
  assert.equal(parseInterval('2m'), 120_000);
  assert.equal(parseInterval('1h'), 3_600_000);
  assert.equal(parseInterval('500ms'), 500);
  assert.equal(parseInterval('45'), 45_000);
  assert.equal(parseInterval('1.5s'), 1500);
  for (const bad of ['', 'soon', '10ms', '2d', '-1s', '25h'])
    assert.equal(parseInterval(bad), undefined, bad);
});
