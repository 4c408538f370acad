#!/usr/bin/env bash
# Shared settings for the local Spark Connect server scripts. Sourced, not run.
# The pyspark wheel ships the Spark distribution (jars, bin/spark-submit) including the
# Spark Connect server, so a venv is all a developer machine needs besides Java 17.

LAKEHUNT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYSPARK_VERSION="${LAKEHUNT_PYSPARK_VERSION:-4.1.1}"
SPARK_VENV="${LAKEHUNT_SPARK_VENV:-$LAKEHUNT_ROOT/.cache/spark-venv}"
SPARK_STATE_DIR="${LAKEHUNT_SPARK_STATE:-$LAKEHUNT_ROOT/.cache/spark-server}"
SPARK_CONNECT_PORT="${LAKEHUNT_SPARK_PORT:-15002}"
SPARK_PID_FILE="$SPARK_STATE_DIR/server.pid"
SPARK_URL_FILE="$SPARK_STATE_DIR/server.url"
SPARK_LOG_FILE="$SPARK_STATE_DIR/server.log"

spark_python() {
  if [ -n "${LAKEHUNT_PYTHON:-}" ]; then echo "$LAKEHUNT_PYTHON"; return; fi
  command -v python3 || command -v python
}

# Creates (or reuses) the venv with the pinned pyspark. A marker file records the version so a
# changed pin reinstalls instead of silently running an old Spark.
spark_ensure_venv() {
  local marker="$SPARK_VENV/.pyspark-$PYSPARK_VERSION"
  if [ -f "$marker" ]; then return 0; fi
  local python
  python="$(spark_python)" || { echo "spark: python3 is needed to install pyspark" >&2; return 1; }
  echo "spark: installing pyspark==$PYSPARK_VERSION into $SPARK_VENV (large download, once)" >&2
  rm -rf "$SPARK_VENV"
  "$python" -m venv "$SPARK_VENV" || return 1
  "$SPARK_VENV/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION" || return 1
  touch "$marker"
}

spark_home() {
  "$SPARK_VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
}

# True when the pid file names a live process.
spark_server_running() {
  [ -f "$SPARK_PID_FILE" ] && kill -0 "$(cat "$SPARK_PID_FILE")" 2>/dev/null
}
