#!/usr/bin/env bash
# Installs what is missing, builds subnetsim (release, in build/), runs the
# quickstart scenario into runs/quickstart.sqlite and prints a short summary.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh

if [ ! -f build/build.ninja ]; then
    meson setup build --buildtype=release >/dev/null
fi
ninja -C build >/dev/null

mkdir -p runs
build/subnetsim run scenarios/quickstart.json --out runs/quickstart.sqlite
