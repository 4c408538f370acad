#!/usr/bin/env bash
# Stops the local Spark Connect server started by spark-start.sh, by the PID it recorded.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/spark-env.sh"

if ! spark_server_running; then
  rm -f "$SPARK_PID_FILE" "$SPARK_URL_FILE"
  echo "spark: no local server running" >&2
  exit 0
fi
pid="$(cat "$SPARK_PID_FILE")"
kill "$pid"
for _ in $(seq 1 30); do
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
rm -f "$SPARK_PID_FILE" "$SPARK_URL_FILE"
echo "spark: stopped server $pid" >&2
