# Packwright: `make serve` to run it, `make test` to check everything. Both install what
# is missing first (see scripts/install-tools.sh).

SHELL := /bin/bash
# wasm-opt from npm (tools/), cargo-installed tools from ~/.cargo/bin.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test test-ahead crash-long build tools browser-tools bench bench-engine bench-store bench-load bench-team size lighthouse zones icons screenshots

serve: tools
	trunk serve

test: browser-tools
	scripts/test.sh

# The crash test at length: 300 kills (CRASH_KILLS=N for another count, CRASH_SEED=N to
# repeat a run), and the other fault tests.
crash-long: build browser-tools
	CRASH_KILLS=$${CRASH_KILLS:-300} CRASH_FIRST_VISITS=$${CRASH_FIRST_VISITS:-20} CRASH_TEAM_KILLS=$${CRASH_TEAM_KILLS:-30} \
	  cargo test --test crash -- --test-threads 1 --nocapture

# Every check again with every browser's clock a year ahead: no test may depend on today.
test-ahead: browser-tools
	CHROMEDRIVER=$(CURDIR)/scripts/chromedriver-a-year-ahead.sh scripts/test.sh

build: tools
	trunk build --release

tools:
	scripts/install-tools.sh

browser-tools:
	scripts/install-tools.sh --browser

# Every speed goal: the engine's, the store's and the cold loads'.
bench: bench-engine bench-store bench-load bench-team

# The engine's speed goals, natively, and its ladder of 1,000 / 10,000 / 100,000 accounts.
bench-engine: tools
	cargo bench --bench engine
	cargo bench --bench ladder

# The store's speed goals in headless Chromium, beside plain-JavaScript baselines.
bench-store: browser-tools
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=900 \
	cargo test --release --target wasm32-unknown-unknown --test bench_store -- --nocapture

# Cold loads of dist/ from a loopback host: the shell, 20,000 and 100,000 accounts on screen.
bench-load: build browser-tools
	cargo run --release --example large_workspace -- target/large-workspace.json
	cargo run --release --example large_workspace -- target/large-100k.json 100000 10000
	node scripts/bench-load.mjs target/large-workspace.json target/large-100k.json

# Team sync against pouchdb-server on loopback: a change reaching a teammate, a new member
# joining 20,000 accounts, 1,000 queued changes pushed.
bench-team: build browser-tools
	cargo test --release --test bench_team -- --nocapture --test-threads 1

# The release build's size, raw and gzipped, against its ceiling.
size: build
	scripts/size.sh

# A first visit on a phone by Lighthouse 12.2.3 (mobile profile) over dist/ served gzipped.
lighthouse: build browser-tools
	npm install --no-audit --no-fund --prefix tools/lighthouse
	CHROME_PATH=/usr/bin/chromium node scripts/lighthouse.mjs

# Regenerates src/domain/zones.bin from chrono-tz's IANA source (after upgrading chrono-tz).
zones:
	UPDATE_ZONES=1 cargo test --test zone_table

# Renders the PNG icons from their SVGs (after changing one).
icons: browser-tools
	node scripts/icons.mjs

# Every page with the demo workspace loaded, at 1280 and 360 px, into screenshots/.
screenshots: build browser-tools
	node scripts/screenshots.mjs
