#!/usr/bin/env bash
# Every check of `make test`, one after another; each failure is counted, none stops the
# rest. Ends with one line `N passed, N failed` over native and browser tests together
# (a failed check that is not a test counts as one failure) and exits non-zero on any.
set -uo pipefail
cd "$(dirname "$0")/.."

logs=.test-logs
rm -rf "$logs" && mkdir -p "$logs"
passed=0
failed=0
failed_checks=()

# Adds the "test result:" lines of a cargo test log to the totals.
count_tests() {
  local log=$1 line p f
  while read -r line; do
    p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    passed=$((passed + p))
    failed=$((failed + f))
  done < <(grep -E '^test result: ' "$log")
}

# run NAME KIND COMMAND...: KIND is "tests" (count its results) or "check".
run() {
  local name=$1 kind=$2
  shift 2
  local log="$logs/$name.log" started=$SECONDS
  printf '==> %s\n' "$name"
  "$@" >"$log" 2>&1
  local status=$?
  if [ "$kind" = tests ]; then
    count_tests "$log"
  fi
  if [ $status -ne 0 ]; then
    failed_checks+=("$name")
    tail -n 60 "$log"
    if [ "$kind" = check ] || ! grep -q '^test result: ' "$log"; then
      failed=$((failed + 1))
    fi
  fi
  printf '    %s (%ss)\n' "$([ $status -eq 0 ] && echo ok || echo FAILED)" $((SECONDS - started))
}

export CARGO_TERM_COLOR=never
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-600}
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT=${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-120}

run format check cargo fmt --check
run clippy-native check cargo clippy --all-targets -- -D warnings
run clippy-wasm check cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
# The split release build's own code (lazy pages and work, src/ui/app.rs).
run clippy-wasm-split check cargo clippy --target wasm32-unknown-unknown --features split -- -D warnings
run native-tests tests cargo test
run browser-tests tests cargo test --target wasm32-unknown-unknown --test web
run release-build check trunk build --release
run bundle-size check scripts/size.sh
# The built dist/ on a loopback static host: offline after one visit, new deployments.
run offline-tests tests cargo test --test offline
# Team sync: the built dist/ in several Chromiums against pouchdb-server (tests/team.rs).
run team-tests tests cargo test --test team
# Faults: the browser killed mid-save (at least 30 kills), a full disk (a small tmpfs; root).
run crash-tests tests cargo test --test crash -- --test-threads 1 --nocapture
run full-disk-tests tests cargo test --test full_disk -- --test-threads 1 --nocapture

if [ ${#failed_checks[@]} -gt 0 ]; then
  echo "Failed: ${failed_checks[*]} (logs in $logs/)"
fi
echo "$passed passed, $failed failed"
[ ${#failed_checks[@]} -eq 0 ]
