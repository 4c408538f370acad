#!/usr/bin/env bash
# npm run test:spark — runs test/spark/*.test.ts against a Spark Connect server: the one named by
# LAKEHUNT_SPARK_REMOTE, else the local one spark-start.sh already runs, else a new local one
# (with a random token, so authentication is tested too) that is stopped again afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/spark-env.sh"
cd "$LAKEHUNT_ROOT"

started_pid=""
stop_started() {
  if [ -n "$started_pid" ] && kill -0 "$started_pid" 2>/dev/null; then
    bash "$LAKEHUNT_ROOT/scripts/spark-stop.sh"
  fi
}
trap stop_started EXIT

if [ -z "${LAKEHUNT_SPARK_REMOTE:-}" ]; then
  if spark_server_running && [ -f "$SPARK_URL_FILE" ]; then
    LAKEHUNT_SPARK_REMOTE="$(cat "$SPARK_URL_FILE")"
    echo "spark: using the running local server $LAKEHUNT_SPARK_REMOTE" >&2
  else
    LAKEHUNT_SPARK_SERVER_TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    export LAKEHUNT_SPARK_SERVER_TOKEN
    LAKEHUNT_SPARK_REMOTE="$(LAKEHUNT_SPARK_AZURE=1 bash "$LAKEHUNT_ROOT/scripts/spark-start.sh")"
    started_pid="$(cat "$SPARK_PID_FILE")"
    export LAKEHUNT_SPARK_TOKEN="$LAKEHUNT_SPARK_SERVER_TOKEN"
  fi
fi
export LAKEHUNT_SPARK_REMOTE
echo "spark: testing against $LAKEHUNT_SPARK_REMOTE" >&2

# One file at a time: the server has two cores and the machine is shared.
TZ=UTC node --import tsx --test --test-concurrency=1 test/spark/*.test.ts
