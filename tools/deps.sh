#!/usr/bin/env bash
# Installs the Debian packages subnetsim needs, if any is missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
# Extra packages may be passed as arguments (test.sh adds the browser for the
# report test).
set -euo pipefail

packages=(meson ninja-build pkg-config gcc libc6-dev libsqlite3-dev libcjson-dev libcmocka-dev "$@")

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "subnetsim needs these Debian packages: ${missing[*]}" >&2
    echo "run as root:  apt-get update && $cmd" >&2
    exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Only refresh the package lists when apt cannot find a package.
if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/subnetsim-apt.log 2>&1; then
    apt-get update >/dev/null
    apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/subnetsim-apt.log 2>&1 || {
        cat /tmp/subnetsim-apt.log >&2
        exit 1
    }
fi
