# Packwright: `make serve` to run it, `make test` to check everything. Both install what
# is missing first (see scripts/install-tools.sh).

SHELL := /bin/bash
# wasm-opt from npm (tools/), cargo-installed tools from ~/.cargo/bin.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test build tools browser-tools

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
