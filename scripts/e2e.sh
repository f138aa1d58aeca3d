#!/usr/bin/env bash
# Runs the Playwright journeys in end2end/ against the release build, served on a fresh SQLite
# database at 127.0.0.1:$KABINET_E2E_PORT. Stops the server however the tests end. Arguments go
# to Playwright (a spec file to run alone, as `make screenshots` does).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${KABINET_E2E_PORT:-3111}
WORK=$(mktemp -d)
LOG="$WORK/server.log"
LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
  KABINET_ADDR=127.0.0.1:$PORT DATABASE_URL="sqlite://$WORK/kabinet.db" KABINET_ENV=development \
  KABINET_DATA_DIR="$WORK" \
  target/release/kabinet >"$LOG" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.1
done

cd end2end
# The money journey moves its loan a few days into the past in this database (time travel).
KABINET_BASE_URL="http://127.0.0.1:$PORT" KABINET_E2E_DB="$WORK/kabinet.db" npx playwright test "$@" || { echo "--- server log"; tail -50 "$LOG"; exit 1; }

# After the journeys, neither the database (with its write-ahead log) nor the server's log holds
# the test card's number or the passport number and SNILS the journey typed (PRODUCT.md §7).
leaks=0
for pattern in '4111111111111111' '4111 1111 1111 1111' '(^|[^0-9a-f])482960([^0-9a-f]|$)' \
  '11223344595' '112-233-445 95'; do
  if grep -a -E -q -- "$pattern" "$WORK"/kabinet.db* "$LOG"; then
    echo "personal data at rest: /$pattern/ found in the database or the log" >&2
    leaks=1
  fi
done
[ "$leaks" = 0 ] && echo "no card number, passport number or SNILS in the database or the log"
exit "$leaks"
