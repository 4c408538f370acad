#!/usr/bin/env bash
# CI: installs pyspark into a fresh venv, starts a local Spark Connect server (token required),
# runs `npm run test:spark` against it and stops the server by its PID, whatever the outcome.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/lakehunt-ci-spark.XXXXXX")"

export LAKEHUNT_SPARK_VENV="$work/spark-venv"
export LAKEHUNT_SPARK_STATE="$work/server"
source "$root/scripts/spark-env.sh"

cleanup() {
  status=$?
  if [ -f "$SPARK_PID_FILE" ]; then
    echo "ci-spark: stopping Spark Connect server $(cat "$SPARK_PID_FILE")" >&2
    bash "$root/scripts/spark-stop.sh" || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$SPARK_LOG_FILE" ]; then
    echo "ci-spark: last lines of the server log:" >&2
    tail -n 40 "$SPARK_LOG_FILE" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

spark_ensure_venv

LAKEHUNT_SPARK_SERVER_TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export LAKEHUNT_SPARK_SERVER_TOKEN
# With the hadoop-azure connector, so the wasbs:// lake test runs against Azurite.
LAKEHUNT_SPARK_REMOTE="$(LAKEHUNT_SPARK_AZURE=1 bash "$root/scripts/spark-start.sh")"
export LAKEHUNT_SPARK_REMOTE
export LAKEHUNT_SPARK_TOKEN="$LAKEHUNT_SPARK_SERVER_TOKEN"

cd "$root"
npm run test:spark
