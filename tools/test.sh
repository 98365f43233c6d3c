#!/usr/bin/env bash
# Builds subnetsim in debug mode with AddressSanitizer and UndefinedBehaviorSanitizer
# (in build-test/) and runs every test suite there, the browser test of the reports
# included, except the 'long' suite: the 365-day network audit (network_year), which
# takes about 13 minutes under the sanitizers and 3.5 on a release build, runs on a
# release build in build-release/, where tools/valgrind.sh then replays every
# conformance vector under memcheck (counted as one suite). Ends with one line
# "N passed, N failed" and exits non-zero if anything failed. Arguments are passed
# to the sanitized meson test (and then skip the release-build steps).
set -euo pipefail
cd "$(dirname "$0")/.."

# The report's browser test opens reports in headless Chromium, with a font to draw text;
# the vectors are also replayed under valgrind's memcheck.
tools/deps.sh chromium fonts-dejavu-core valgrind

if [ ! -f build-test/build.ninja ]; then
    meson setup build-test --buildtype=debug \
        -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args=-fno-sanitize-recover=all >/dev/null
fi
ninja -C build-test >/dev/null

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
meson test -C build-test --print-errorlogs --num-processes "$(nproc)" --no-suite long "$@" \
    || status=$?

logs=(build-test/meson-logs/testlog.json)
if [ "$#" -eq 0 ]; then
    if [ ! -f build-release/build.ninja ]; then
        meson setup build-release --buildtype=release >/dev/null
    fi
    ninja -C build-release subnetsim tests/test_network_year >/dev/null
    meson test -C build-release --print-errorlogs --suite long --no-rebuild || status=$?
    logs+=(build-release/meson-logs/testlog.json)
    # Every conformance vector replayed under memcheck (release build: no sanitizers).
    if tools/valgrind.sh build-release; then valgrind_ok=1; else valgrind_ok=0; status=1; fi
fi

# Count results from meson's machine-readable logs (one JSON object per test).
read -r passed failed < <(python3 - "${valgrind_ok:-}" "${logs[@]}" <<'PY'
import json, sys
ok = bad = 0
if sys.argv[1] == "1":
    ok += 1
elif sys.argv[1] == "0":
    bad += 1
sys.argv.pop(1)
for log in sys.argv[1:]:
    for line in open(log):
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            ok += 1
        elif r != "SKIP":
            bad += 1
print(ok, bad)
PY
)
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
