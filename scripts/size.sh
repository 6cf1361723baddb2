#!/usr/bin/env bash
# The size of the release build in dist/ (after `make build`): each file raw and gzipped
# (gzip -9), and the total of the wasm and the JS, which is what a first visit must fetch
# before the app starts. Fails when that total is over the ceiling.
#
# The goal (issue 6) is 350 KB gzipped; the build is over it (see the issue's notes for
# what takes the space). Until it is met, the ceiling is today's size plus 3%, so that the
# build cannot grow unnoticed. Lower it whenever the build shrinks. Raised from 530,000 to
# 602,000 by the Boomi import and requests (issue 13: the build went from 524,860 to
# 584,237 B gzipped; the figures per change are in that issue's note), then to 699,000 by
# team sync (issue 12: 595,406 -> 678,097 B gzipped).
set -euo pipefail
cd "$(dirname "$0")/.."
ceiling=${SIZE_CEILING_GZ:-699000}

gz() { gzip -9 -c "$1" | wc -c; }
total=0
for file in dist/*.wasm dist/packwright-*.js dist/*.css dist/index.html dist/sw.js; do
  printf '%-48s %9d B raw %8d B gzipped\n' "$file" "$(stat -c %s "$file")" "$(gz "$file")"
done
for file in dist/*.wasm dist/packwright-*.js; do
  total=$((total + $(gz "$file")))
done
printf 'wasm + JS: %d B gzipped (ceiling %d B, goal 350000 B)\n' "$total" "$ceiling"
[ "$total" -le "$ceiling" ]
