// Used by scripts/spark-start.sh to tell when the server answers: prints the Spark version of
// the server at the URL given as argument (token from LAKEHUNT_SPARK_TOKEN), exits 1 with the
// reason otherwise.
import { isUserError } from '../../core/errors.ts';
import { sparkRemoteFor } from './spark-connect-url.ts';
import { SparkEngine } from './spark-engine.ts';

const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: spark-ping.ts sc://HOST:PORT\n');
  process.exit(2);
}
try {
  const engine = await SparkEngine.open({
    remote: sparkRemoteFor(url, undefined, process.env['LAKEHUNT_SPARK_TOKEN'] || undefined),
  });
  process.stdout.write(`${engine.sparkVersion}\n`);
  await engine.close();
} catch (e) {
  process.stderr.write(`${isUserError(e) ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
