#!/usr/bin/env bash
# Checks calibration.html in a real browser (headless Chromium, Debian package `chromium`):
#   1. `sim generate drivetest` on the default 2017 scenario with a known correction (+6 dB, −5 dB/decade where the
#      phone is in a rural place; README "Calibration") and `sim calibrate` on it both succeed;
#   2. the screenshot has the window's size (1024 × 1600 px);
#   3. the browser logged no console message (the page has no script, so any message is an error);
#   4. the DOM Chromium built holds the per-rule table, the per-cell table, both charts (inline SVG with drawn
#      marks), the remaining σ with its "use this as radio.shadow_sigma_db" advice, and the cross-validated RMSE;
#   5. the page is self-contained: no <script>, no src/href/url() pointing anywhere but inside the page.
# Usage: scripts/check-calibration.sh [OUTPUT_FOLDER]   (default check-calibration; the drive test, sim calibrate's
# folder calib/ and the screenshot calibration.png stay there). Runs the debug build of sim; about 30 s.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-check-calibration}
SIM=.build/debug/sim
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then echo "check-calibration: chromium is not installed (make test-deps installs it)"; exit 1; fi

swift build --product sim >/dev/null || { echo "check-calibration: swift build failed"; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/dt.csv"
$SIM generate drivetest data/scenarios/quang-tri-2017.yaml --seed 1 --offset-db 6 --slope-db-per-decade -5 --environment rural \
  --output "$OUT/dt.csv" >/dev/null 2>"$OUT/stderr.txt" || { echo "check-calibration: sim generate drivetest failed:"; cat "$OUT/stderr.txt"; exit 1; }
$SIM calibrate data/scenarios/quang-tri-2017.yaml --measurements "$OUT/dt.csv" --out "$OUT/calib" >"$OUT/calibrate.txt" 2>"$OUT/stderr.txt" \
  || { echo "check-calibration: sim calibrate failed:"; cat "$OUT/stderr.txt"; exit 1; }
rm -f "$OUT/stderr.txt"
page="file://$(realpath "$OUT")/calib/calibration.html"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --window-size=1024,1600)
log=$(mktemp); trap 'rm -f "$log" "$log.dom"' EXIT
"$BROWSER" "${flags[@]}" --enable-logging=stderr --v=0 --screenshot="$OUT/calibration.png" "$page" >/dev/null 2>"$log"
"$BROWSER" "${flags[@]}" --dump-dom "$page" >"$log.dom" 2>/dev/null

python3 - "$OUT" "$log" "$log.dom" <<'PY'
import re, struct, sys
out, log, dom_path = sys.argv[1:4]
passed = failed = 0
def check(ok, what):
    global passed, failed
    print(("ok:   " if ok else "FAIL: ") + what)
    if ok: passed += 1
    else: failed += 1

try:
    d = open(f'{out}/calibration.png', 'rb').read()
    w, h = struct.unpack('>II', d[16:24])
    check(d[:8] == b'\x89PNG\r\n\x1a\n' and (w, h) == (1024, 1600), f'screenshot {out}/calibration.png is {w} x {h} px (window 1024 x 1600)')
except Exception as e:
    check(False, f'screenshot {out}/calibration.png readable ({e})')
console = [l.strip() for l in open(log, encoding='utf-8', errors='replace') if ':CONSOLE' in l or 'Uncaught' in l]
check(not console, 'no console messages' + ''.join('\n      ' + l for l in console[:5]))
dom = open(dom_path, encoding='utf-8', errors='replace').read()
def rows(table_id):
    m = re.search(r'<table id="%s">(.*?)</table>' % table_id, dom, re.S)
    return len(re.findall(r'<tr>', m.group(1))) - 1 if m else -1
check(rows('rules') >= 2, f'per-rule table with {rows("rules")} rows (rules and the overall row)')
check(rows('cells') >= 1, f'per-cell table with {rows("cells")} cells')
for svg, mark in [('histogram', '<rect'), ('distance', '<circle')]:
    m = re.search(r'<svg id="%s"[^>]*>(.*?)</svg>' % svg, dom, re.S)
    n = len(re.findall(mark, m.group(1))) if m else 0
    check(n > 10, f'chart #{svg} drawn ({n} {mark[1:]} marks)')
check(re.search(r'id="remaining-sigma">[0-9.]+ dB</strong>: use this as <code>radio.shadow_sigma_db</code>', dom) is not None,
      'remaining σ shown with "use this as radio.shadow_sigma_db"')
check(re.search(r'Cross-validated RMSE \(\d+ folds by route\): [0-9.]+ dB', dom) is not None, 'cross-validated RMSE shown')
html = open(f'{out}/calib/calibration.html', encoding='utf-8').read()
external = re.findall(r'(?:src|href)\s*=\s*"(?!#)[^"]*"|url\((?!#)[^)]*\)|<script|<link', html)
check(not external, 'self-contained (no script, no src/href/url outside the page)' + ('; found: ' + ', '.join(external[:3]) if external else ''))
print(f'check-calibration: {passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
PY
