/** Runs one ingest in its own process and reports its peak RSS (used by ingest-bench --big). */
import { ingestPaths } from '../src/ingest/ingest.ts';

const [file, lake] = process.argv.slice(2);
if (!file || !lake) throw new Error('usage: ingest-child FILE LAKE');
const summary = await ingestPaths({ paths: [file], lake });
process.stdout.write(
  JSON.stringify({ written: summary.written, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
