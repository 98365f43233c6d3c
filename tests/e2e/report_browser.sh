#!/bin/sh
# Opens reports in headless Chromium (Debian's chromium package) at a laptop's
# width: the quickstart report (schema version 1), a synthetic version 2 report
# and an A/B report. Each must load with no console message and no request for
# any other file or URL, and its screenshot must not be blank.
#
# How the checks see problems (Chromium writes these to stderr with
# --enable-logging=stderr --v=1): a console message, console.error or an
# uncaught exception is a line containing ":CONSOLE"; every file the page loads
# is a "FileURLLoader::Start: file://..." line; every network request is a
# "NotifyBeforeURLRequest: URL" line. Chromium's own background requests to
# Google's update and account services are not the page's and are ignored.
# (At --v=0 a failed load prints nothing at all, hence --v=1.) Before trusting
# the checks, the script runs them on a deliberately broken page and a blank
# page, and fails if they do not catch them.
#
# usage: report_browser.sh SUBNETSIM SOURCE_ROOT MAKE_REPORT_FIXTURE
set -eu

subnetsim=$1
root=$2
fixture=$3
width=1366

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed; tools/test.sh installs it (tools/deps.sh chromium)" >&2
    exit 1
fi

tmp=$(mktemp -d /tmp/subnetsim-browser-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

# render PAGE.html NAME: screenshot to $tmp/NAME.png, log to $tmp/NAME.log
render() {
    rm -rf "$tmp/profile"
    mkdir "$tmp/profile"
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --hide-scrollbars --user-data-dir="$tmp/profile" \
        --enable-logging=stderr --v=1 --screenshot="$tmp/$2.png" \
        --window-size=$width,3000 "file://$1" >"$tmp/$2.out" 2>"$tmp/$2.log" || {
        echo "chromium failed on $1:" >&2
        tail -20 "$tmp/$2.log" >&2
        return 1
    }
}

# problems PAGE NAME: prints one line per problem the log shows; the count is the status
problems() {
    page="file://$1"
    log="$tmp/$2.log"
    n=0
    if ! grep -F "FileURLLoader::Start: $page" "$log" >/dev/null; then
        echo "the log does not show $page being loaded (is logging working?)"
        n=$((n + 1))
    fi
    consoles=$(grep -c ':CONSOLE' "$log" || true)
    if [ "$consoles" -gt 0 ]; then
        echo "$consoles console message(s):"
        grep ':CONSOLE' "$log" | head -5
        n=$((n + 1))
    fi
    files=$(grep -F 'FileURLLoader::Start: ' "$log" | grep -v -F "Start: $page" || true)
    if [ -n "$files" ]; then
        echo "the page loads other files:"
        echo "$files" | head -5
        n=$((n + 1))
    fi
    urls=$(grep -F 'NotifyBeforeURLRequest: ' "$log" \
        | grep -v -E 'NotifyBeforeURLRequest: https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)/' \
        || true)
    if [ -n "$urls" ]; then
        echo "the page makes network requests:"
        echo "$urls" | head -5
        n=$((n + 1))
    fi
    return $n
}

# --- the checks must catch a broken page and a blank one ---------------------------
cat >"$tmp/broken.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title>
<link rel="stylesheet" href="https://example.invalid/style.css"></head>
<body><p>broken</p><img src="missing.png" alt="">
<script>console.error("deliberate error"); undefinedFunction();</script></body></html>
HTML
render "$tmp/broken.html" broken
found=$(problems "$tmp/broken.html" broken || true)
for what in "console message" "loads other files" "network requests"; do
    if ! echo "$found" | grep -q "$what"; then
        echo "FAIL: the check did not catch a page with $what; found:" >&2
        echo "$found" >&2
        exit 1
    fi
done
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n' \
    >"$tmp/blank.html"
render "$tmp/blank.html" blank
if python3 "$root/tests/e2e/png_check.py" "$tmp/blank.png" $width >/dev/null; then
    echo "FAIL: the screenshot check did not catch a blank page" >&2
    exit 1
fi
echo "controls: a broken page and a blank page are caught"

# --- the reports -----------------------------------------------------------------
"$subnetsim" run "$root/scenarios/quickstart.json" --out "$tmp/quickstart.sqlite" --quiet
"$subnetsim" run "$root/scenarios/quickstart.json" --out "$tmp/seed7.sqlite" --quiet --seed 7
"$fixture" "$tmp/v2.sqlite"
"$subnetsim" report "$tmp/quickstart.sqlite" -o "$tmp/quickstart.html" >/dev/null
"$subnetsim" report "$tmp/v2.sqlite" -o "$tmp/v2.html" >/dev/null
"$subnetsim" report "$tmp/quickstart.sqlite" --compare "$tmp/seed7.sqlite" \
    -o "$tmp/ab.html" >/dev/null

status=0
for name in quickstart v2 ab; do
    render "$tmp/$name.html" "$name"
    if ! out=$(problems "$tmp/$name.html" "$name"); then
        echo "FAIL: $name.html:" >&2
        echo "$out" >&2
        status=1
    fi
    python3 "$root/tests/e2e/png_check.py" "$tmp/$name.png" $width || status=1
done
[ -z "${SUBNETSIM_KEEP_SCREENSHOTS:-}" ] || cp "$tmp"/*.png "$SUBNETSIM_KEEP_SCREENSHOTS"/
[ $status -eq 0 ] && echo "ok: 3 reports load cleanly in $($browser --version 2>/dev/null | head -1)"
exit $status
