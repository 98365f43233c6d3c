#!/usr/bin/env bash
# Installs what is missing, builds subnetsim (release, in build/), runs the
# quickstart scenario into runs/quickstart.sqlite, prints a short summary and
# writes the report next to the database: runs/quickstart.html.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh

if [ ! -f build/build.ninja ]; then
    meson setup build --buildtype=release >/dev/null
fi
ninja -C build >/dev/null

mkdir -p runs
build/subnetsim run scenarios/quickstart.json --out runs/quickstart.sqlite
build/subnetsim report runs/quickstart.sqlite -o runs/quickstart.html >/dev/null
echo "report: $(pwd)/runs/quickstart.html (open it in a browser)"
