#!/usr/bin/env bash
# Starts a local Spark Connect server (local[2], bound to 127.0.0.1, UTC) for tests and benchmarks,
# or reuses the one this script already started. Prints the sc:// URL once the server answers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/spark-env.sh"

mkdir -p "$SPARK_STATE_DIR"

if spark_server_running && [ -f "$SPARK_URL_FILE" ]; then
  cat "$SPARK_URL_FILE"
  exit 0
fi
rm -f "$SPARK_PID_FILE" "$SPARK_URL_FILE"

if ! java -version >/dev/null 2>&1; then
  echo "spark: Java 17 is needed on PATH (java -version failed)" >&2
  exit 1
fi

spark_ensure_venv
SPARK_HOME="$(spark_home)"
export SPARK_HOME

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Another checkout may hold the default port: take the next free one.
port="$SPARK_CONNECT_PORT"
for _ in $(seq 1 20); do
  if ! port_in_use "$port"; then break; fi
  port=$((port + 1))
done
if port_in_use "$port"; then
  echo "spark: no free port from $SPARK_CONNECT_PORT to $port on 127.0.0.1" >&2
  exit 1
fi

work="$SPARK_STATE_DIR/work"
mkdir -p "$work/local" "$work/warehouse"

# A server token (LAKEHUNT_SPARK_SERVER_TOKEN) makes the server require `authorization: Bearer …`;
# it reaches Spark through the environment, never the command line.
if [ -n "${LAKEHUNT_SPARK_SERVER_TOKEN:-}" ]; then
  export SPARK_CONNECT_AUTHENTICATE_TOKEN="$LAKEHUNT_SPARK_SERVER_TOKEN"
fi

# LAKEHUNT_SPARK_AZURE=1: the hadoop-azure connector from Maven Central (the version of Spark's own
# Hadoop client), and Azurite's development account as the WASB storage emulator, so the suite can
# read a wasbs:// lake from Azurite. The jars are cached under .cache (CI: its fresh state folder).
azure_conf=()
if [ "${LAKEHUNT_SPARK_AZURE:-}" = "1" ]; then
  hadoop_version="$(find "$SPARK_HOME/jars" -name 'hadoop-client-api-*.jar' -printf '%f\n' |
    sed -n 's/^hadoop-client-api-\(.*\)\.jar$/\1/p' | head -n 1)"
  if [ -z "$hadoop_version" ]; then
    echo "spark: cannot tell Spark's Hadoop version (no hadoop-client-api jar in $SPARK_HOME/jars)" >&2
    exit 1
  fi
  azure_conf=(
    --packages "org.apache.hadoop:hadoop-azure:$hadoop_version"
    --conf "spark.jars.ivy=$SPARK_STATE_DIR/ivy"
    --conf spark.hadoop.fs.azure.storage.emulator.account.name=devstoreaccount1.blob.core.windows.net
  )
fi

# setsid: the server outlives this script and a Ctrl-C in the calling terminal.
setsid "$SPARK_HOME/bin/spark-submit" \
  --class org.apache.spark.sql.connect.service.SparkConnectServer \
  --name lakehunt-spark-connect \
  --master 'local[2]' \
  --driver-memory "${LAKEHUNT_SPARK_DRIVER_MEMORY:-1g}" \
  --driver-java-options '-Duser.timezone=UTC' \
  --conf spark.connect.grpc.binding.address=127.0.0.1 \
  --conf "spark.connect.grpc.binding.port=$port" \
  --conf spark.driver.host=127.0.0.1 \
  --conf spark.driver.bindAddress=127.0.0.1 \
  --conf spark.sql.session.timeZone=UTC \
  --conf spark.sql.shuffle.partitions=2 \
  --conf spark.default.parallelism=2 \
  --conf spark.ui.enabled=false \
  --conf spark.log.level=WARN \
  --conf spark.sql.catalogImplementation=in-memory \
  --conf "spark.sql.warehouse.dir=$work/warehouse" \
  --conf "spark.local.dir=$work/local" \
  ${LAKEHUNT_SPARK_EXTRA_CONF:-} \
  "${azure_conf[@]}" \
  >"$SPARK_LOG_FILE" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$SPARK_PID_FILE"
url="sc://127.0.0.1:$port"

# Ready means a real round-trip: the client asks the server for its Spark version.
deadline=$((SECONDS + ${LAKEHUNT_SPARK_START_TIMEOUT:-180}))
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "spark: the server exited during start-up; last lines of $SPARK_LOG_FILE:" >&2
    tail -n 20 "$SPARK_LOG_FILE" >&2
    rm -f "$SPARK_PID_FILE"
    exit 1
  fi
  if port_in_use "$port" &&
    (cd "$LAKEHUNT_ROOT" && LAKEHUNT_SPARK_TOKEN="${LAKEHUNT_SPARK_SERVER_TOKEN:-}" \
      node --import tsx src/engines/spark/spark-ping.ts "$url" >/dev/null 2>&1); then
    break
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "spark: no answer from $url after ${LAKEHUNT_SPARK_START_TIMEOUT:-180}s; stopping it (log: $SPARK_LOG_FILE)" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$SPARK_PID_FILE"
    exit 1
  fi
  sleep 2
done

echo "$url" >"$SPARK_URL_FILE"
echo "$url"
