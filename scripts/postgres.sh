#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start` prints its URL, `stop` removes it.
# Runs as the `postgres` user (initdb refuses root), listens on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${KABINET_PG_DIR:-/tmp/kabinet-test-pg}
PORT=${KABINET_PG_PORT:-55432}
BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    "$0" stop >/dev/null 2>&1 || true
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Tests trade durability for speed; KABINET_PG_DURABLE=1 (the benchmark) keeps PostgreSQL's
    # own defaults, every commit flushed to disk, as a lender would run it.
    settings="-c max_connections=300"
    [ "${KABINET_PG_DURABLE:-0}" = 1 ] ||
      settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
      -o "-h 127.0.0.1 -p $PORT -k $DIR $settings" \
      start >/dev/null
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [ -d "$DIR/data" ]; then
      as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
