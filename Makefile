# Packwright: `make serve` to run it, `make test` to check everything. Both install what
# is missing first (see scripts/install-tools.sh).

SHELL := /bin/bash
# wasm-opt from npm (tools/), cargo-installed tools from ~/.cargo/bin.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test build tools browser-tools bench bench-store screenshots

serve: tools
	trunk serve

test: browser-tools
	scripts/test.sh

build: tools
	trunk build --release

tools:
	scripts/install-tools.sh

browser-tools:
	scripts/install-tools.sh --browser

# The engine's speed goals, natively.
bench: tools
	cargo bench --bench engine

# The store's speed goals in headless Chromium, beside plain-JavaScript baselines.
bench-store: browser-tools
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=900 \
	cargo test --release --target wasm32-unknown-unknown --test bench_store -- --nocapture

# Every page with the demo workspace loaded, at 1280 and 360 px, into screenshots/.
screenshots: build browser-tools
	node scripts/screenshots.mjs
