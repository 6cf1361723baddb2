#!/bin/sh
# chromedriver with every Chromium it starts a year ahead of the real date (`make
# test-ahead`): no test may be right only until some day passes. faketime moves the clock
# of this process and its children; around cargo it hangs the build, so only the browsers
# get it.
exec faketime -f '+365d' "${REAL_CHROMEDRIVER:-/usr/bin/chromedriver}" "$@"
