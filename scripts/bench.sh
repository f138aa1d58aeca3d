#!/usr/bin/env bash
# `make bench`: measures kabinet against the budgets of PRODUCT.md §7 and prints the figures.
#  - bytes of JS, wasm and CSS the landing page loads (raw, gzip -9, brotli -q 11), and the
#    largest lazy route (scripts/bench/bytes.py)
#  - the landing page under wrk -t2 -c32 on loopback: requests per second, p99, server RSS
#  - a login flood (wrk, scripts/bench/login_flood.lua) that saturates password hashing: the
#    landing page's p99 during it against idle, and how fast excess logins get their 503
# Needs the release build (make build). Exits 1 when a budget is missed. Runs in development:
# production does not start on the sandboxes (README, configuration), and the pages measured
# are the same.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null && command -v brotli >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk brotli >/dev/null
}

PORT=${KABINET_BENCH_PORT:-3222}
DURATION=${KABINET_BENCH_SECONDS:-10}
WORK=$(mktemp -d)
LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true RUST_LOG=warn \
  KABINET_ADDR=127.0.0.1:$PORT DATABASE_URL="sqlite://$WORK/kabinet.db" KABINET_ENV=development \
  KABINET_CLIENT_IP_HEADER=x-real-ip \
  KABINET_SECRET_KEY=$(python3 -c "import secrets; print(secrets.token_hex(32))") \
  target/release/kabinet >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done

missed=0
verdict() { if [ "$1" = 1 ]; then echo "ok"; else missed=1; echo "MISSED"; fi; }

echo "== bytes the pages load"
curl -fs "http://127.0.0.1:$PORT/" >"$WORK/landing.html"
python3 scripts/bench/bytes.py target/site "$WORK/landing.html" | tee "$WORK/bytes.txt" | grep -v '^total-'
landing_br=$(awk '$1 == "total-landing" { print $2 }' "$WORK/bytes.txt")
read -r _ route route_br < <(grep '^total-largest-route ' "$WORK/bytes.txt")
echo "landing JS + wasm, brotli: $landing_br bytes (budget 118784 = 116 KB): $(verdict $((landing_br <= 118784)))"
echo "largest route ($route), brotli: $route_br bytes (budget 204800 = 200 KB): $(verdict $((route_br <= 204800)))"

echo "== landing page under load (wrk -t2 -c32 -d${DURATION}s)"
wrk -t2 -c4 -d2s "http://127.0.0.1:$PORT/" >/dev/null   # warm up
out=$(wrk -t2 -c32 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/")
echo "$out" | grep -E 'Requests/sec|99%|Non-2xx|Socket errors' || true
rps=$(awk '/Requests\/sec/ { print int($2) }' <<<"$out")
p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
p99_ms=$(python3 -c "import sys;v=sys.argv[1];print(float(v[:-2]) if v.endswith('ms') else float(v[:-2])/1000 if v.endswith('us') else float(v[:-1])*1000)" "$p99")
rss_kb=$(awk '/VmHWM/ { print $2 }' /proc/$SERVER/status)
echo "requests/s: $rps (budget >= 12000): $(verdict $((rps >= 12000)))"
echo "p99: ${p99_ms} ms (budget < 10 ms): $(verdict "$(python3 -c "print(int($p99_ms < 10))")")"
echo "peak RSS: $((rss_kb / 1024)) MiB (budget <= 64 MiB): $(verdict $((rss_kb <= 65536)))"

echo "== login flood (wrk -t1 -c64, an attempt every 100 ms per connection) against the landing page (wrk -t1 -c4, paced: about 800 requests/s)"
ms() { python3 -c "import sys;v=sys.argv[1];print(float(v[:-2]) if v.endswith('ms') else float(v[:-2])/1000 if v.endswith('us') else float(v[:-1])*1000)" "$1"; }
landing_p99() { ms "$(wrk -t1 -c4 -d5s --latency -s scripts/bench/paced.lua "http://127.0.0.1:$PORT/" | awk '$1 == "99%" { print $2 }')"; }
idle=$(landing_p99)
wrk -t1 -c64 -d12s -s scripts/bench/login_flood.lua "http://127.0.0.1:$PORT/" >"$WORK/flood.txt" &
FLOOD=$!
sleep 2
flooded=$(landing_p99)
# Single logins timed while the flood runs: the ones refused as busy must be refused fast.
: >"$WORK/probes.txt"
for i in $(seq 1 40); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST \
    -H 'X-Real-IP: 192.0.2.1' -d "phone=8999$(printf %07d "$i")&password=probe-password" \
    "http://127.0.0.1:$PORT/api/login" >>"$WORK/probes.txt"
done
wait $FLOOD || true
cat "$WORK/flood.txt" | grep -E 'Requests/sec|login flood' || true
busy=$(awk '$1 == 503' "$WORK/probes.txt" | wc -l)
busy_max_ms=$(awk '$1 == 503 { t = $2 * 1000; if (t > m) m = t } END { printf "%.1f", m + 0 }' "$WORK/probes.txt")
echo "landing p99 idle: ${idle} ms, during the flood: ${flooded} ms (budget <= 2x idle): $(verdict "$(python3 -c "print(int($flooded <= 2 * $idle))")")"
echo "probe logins answered 503: $busy of 40; slowest 503: ${busy_max_ms} ms (budget < 100 ms): $(verdict "$(python3 -c "print(int($busy > 0 and $busy_max_ms < 100))")")"
exit $missed
