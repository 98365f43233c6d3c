#!/usr/bin/env bash
# Builds a non-sanitized debug build (build-valgrind/, or the build directory
# given as the first argument) and replays every vector in tests/vectors under
# valgrind's memcheck: any invalid access or leak fails. Prints one summary line
# per vector directory and exits non-zero on errors.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null; then
    echo "valgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2
    exit 1
fi
build=${1:-build-valgrind}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" --buildtype=debug >/dev/null
fi
ninja -C "$build" subnetsim >/dev/null

status=0
for dir in tests/vectors/yuma tests/vectors/peer tests/vectors/emission; do
    log=$(mktemp)
    if valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
            "$build/subnetsim" conformance "$dir" >"$log.out" 2>"$log"; then
        rc=0
    else
        rc=$?
    fi
    summary=$(grep -E "ERROR SUMMARY|in use at exit|All heap blocks" "$log" | sed 's/==[0-9]*== //' | tr '\n' ' ')
    echo "$dir: $(tail -1 "$log.out") | $summary"
    if [ "$rc" -ne 0 ]; then
        status=1
        [ "$rc" -eq 99 ] && echo "  valgrind reported errors (log: $log)" >&2
    else
        rm -f "$log"
    fi
    rm -f "$log.out"
done
exit $status
