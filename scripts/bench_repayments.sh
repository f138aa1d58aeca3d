#!/usr/bin/env bash
# Repayments per second (PRODUCT.md §7: >= 500/s on SQLite, >= 1,000/s on PostgreSQL) against the
# real kabinet process over loopback: tests/it/bench_repayments.rs on each backend, release build,
# SQLite as kabinet opens it (WAL, synchronous=NORMAL) and PostgreSQL with its durable defaults.
# Prints both figures; exits 1 when either misses its budget.
set -uo pipefail
cd "$(dirname "$0")/.."
run() { RUST_BACKTRACE=0 cargo test --release --features ssr --test it bench_repayments -- --ignored --nocapture 2>&1 |
  grep -E '^repayments on|panicked|below the budget'; }
missed=0
echo "== repayments per second, SQLite"
out=$(KABINET_TEST_BACKEND=sqlite run); echo "$out"; grep -q 'below the budget\|panicked' <<<"$out" && missed=1
echo "== repayments per second, PostgreSQL"
# A cluster of its own, beside the tests' one, with PostgreSQL's durable defaults.
pg() { KABINET_PG_DURABLE=1 KABINET_PG_DIR=/tmp/kabinet-bench-pg KABINET_PG_PORT=55433 scripts/postgres.sh "$@"; }
url=$(pg start) || exit 1
trap 'pg stop' EXIT
out=$(KABINET_TEST_BACKEND=postgres KABINET_TEST_POSTGRES_URL=$url run); echo "$out"
grep -q 'below the budget\|panicked' <<<"$out" && missed=1
exit $missed
