// Used by scripts/spark-start.sh to tell when the server answers: prints the Spark version of
// the server at the URL given as argument, exits 1 with the reason otherwise.
import { isUserError } from '../../core/errors.ts';
import { SparkEngine } from './spark-engine.ts';

const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: spark-ping.ts sc://HOST:PORT\n');
  process.exit(2);
}
try {
  const engine = await SparkEngine.open({ remote: url });
  process.stdout.write(`${engine.sparkVersion}\n`);
  await engine.close();
} catch (e) {
  process.stderr.write(`${isUserError(e) ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
