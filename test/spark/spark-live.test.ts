import { test } from 'node:test';
import { SPARK_SKIP } from './support/live-spark.ts';

// Everything that needs a running Spark Connect server. `npm test` on a machine without one prints
// a single skip line; `npm run test:spark` starts a local server and sets LAKEHUNT_SPARK_REMOTE.
if (!process.env['LAKEHUNT_SPARK_REMOTE']) {
  test('Spark suite', { skip: SPARK_SKIP }, () => undefined);
} else {
  await import('./live/live-engine.ts');
  await import('./live/live-parity.ts');
  await import('./live/live-session.ts');
  await import('./live/live-kql.ts');
  await import('./live/live-stream.ts');
  await import('./live/live-remote-lake.ts');
  await import('./live/live-azure-lake.ts');
}
