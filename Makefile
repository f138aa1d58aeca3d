# kabinet's commands. `make run` and `make test` are the two a newcomer needs (README.md).
# Each installs what is missing first (scripts/install.sh), so both work on a fresh machine.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

SITE_ENV := LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true

.PHONY: run test install build lint imports test-unit test-postgres test-e2e screenshots bench hostile clean

install:
	scripts/install.sh

## Build the release server and browser bundle (hashed, precompressed assets).
build: install
	cargo leptos build --release --precompress --split

## Serve kabinet at http://127.0.0.1:3000 on data/kabinet.db (SQLite), development mode.
run: build
	$(SITE_ENV) KABINET_ENV=$${KABINET_ENV:-development} target/release/kabinet

## Every test: lints, unit and property, integration on SQLite and PostgreSQL, browser end-to-end.
test: install lint test-unit test-postgres test-e2e
	@echo "make test: all suites passed"

lint:
	python3 scripts/imports.py --quiet
	cargo fmt --all -- --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings

## Which top modules import which, and every arrow that points up (STYLE.md's house rules);
## `make lint` fails on any.
imports:
	python3 scripts/imports.py

test-unit:
	timeout 1800 cargo test --features ssr

test-postgres:
	url=$$(scripts/postgres.sh start)
	trap 'scripts/postgres.sh stop' EXIT
	KABINET_TEST_BACKEND=postgres KABINET_TEST_POSTGRES_URL=$$url timeout 1800 cargo test --features ssr --test it

test-e2e: build
	scripts/e2e.sh

## Screenshots of the landing page, a wizard step, the dashboard and the repeat loan's start at
## 360 and 1280 px, into end2end/screenshots/.
screenshots: build
	mkdir -p end2end/screenshots
	KABINET_SCREENSHOTS=1 scripts/e2e.sh screenshots.spec.ts

## Performance budgets (PRODUCT.md §7): bundle bytes, landing-page requests per second, the
## loan engine's speed (criterion), and repayments per second on SQLite and PostgreSQL.
## Exits non-zero when a budget is missed.
bench: build
	cargo bench --bench engine -- --noplot
	scripts/bench.sh
	scripts/bench_repayments.sh

## The hostile-input run (issue 16) against a development server on a fresh database: a 50 MB
## body, slowloris, a slow body, a sign-up race, a reset to an unconfirmed email, 100 code
## guesses; prints what each answered and whether anything was stored.
hostile: build
	@dir=$$(mktemp -d); \
	LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true KABINET_ADDR=127.0.0.1:3112 \
	  DATABASE_URL="sqlite://$$dir/kabinet.db" KABINET_DATA_DIR="$$dir" target/release/kabinet >"$$dir/log" 2>&1 & \
	pid=$$!; sleep 2; python3 scripts/hostile.py http://127.0.0.1:3112; status=$$?; \
	kill $$pid; rm -rf "$$dir"; exit $$status

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
