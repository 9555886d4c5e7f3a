#!/usr/bin/env bash
# Checks report.html in a real browser (headless Chromium, Debian package `chromium`):
#   1. the screenshot has the window's size (1280 × 2000 px);
#   2. the map is drawn at the size report.html gives it and is not blank (found on the screenshot by
#      its background colour; ≥ 30 % of its pixels are neither background nor white);
#   3. the browser logged no console message (the page has no script, so any message is an error:
#      a parse error, a resource it tried to load, an uncaught exception);
#   4. the DOM Chromium built holds the map and every district name of districts.csv (diacritics intact);
#   5. the page is self-contained: no src/href pointing to http(s);
#   6. the map's layers: coverage after each plan year of plan_summary.json (a `layer-cy<k>` group with its
#      `t-cy<k>` toggle), roads and towns (with toggles), and the plan section's spend table (a row per
#      district of districts.csv and a total row);
#   7. no map text is clipped and no two names overlap: every <text> of the map has x and y within the canvas
#      (attributes of the DOM), and, measured in Chromium (getBBox() of each <text>, read by a small wrapper
#      page that loads report.html in an iframe — report.html itself has no script), every text box lies
#      inside the canvas and the district and town names' boxes do not intersect.
#   8. the page is in the language asked for (<html lang>); without a LANG argument the whole check runs for
#      Vietnamese (OUTPUT_FOLDER) and then for English (OUTPUT_FOLDER-en, `sim run --lang en`).
# Usage: scripts/check-report.sh [OUTPUT_FOLDER [LANG]]   (default check-report; sim run's files, report.html
# and the screenshot report.png stay there as the CI artefact). Runs the debug build of sim on the default scenario.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-check-report}
REPORT_LANG=${2:-vi}
SIM=.build/debug/sim
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then echo "check-report: chromium is not installed (make deps installs it)"; exit 1; fi

swift build --product sim >/dev/null || { echo "check-report: swift build failed"; exit 1; }
mkdir -p "$(dirname "$OUT")"
$SIM run --out "$OUT" --lang "$REPORT_LANG" >/dev/null 2>"$OUT.stderr" || { echo "check-report: sim run failed:"; cat "$OUT.stderr"; exit 1; }
rm -f "$OUT.stderr"
page="file://$(realpath "$OUT")/report.html"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --window-size=1280,2000)
log=$(mktemp); trap 'rm -f "$log" "$log.dom" "$log.measure.html" "$log.boxes"' EXIT
"$BROWSER" "${flags[@]}" --enable-logging=stderr --v=0 --screenshot="$OUT/report.png" "$page" >/dev/null 2>"$log"
"$BROWSER" "${flags[@]}" --dump-dom "$page" >"$log.dom" 2>/dev/null
# Text boxes as Chromium lays them out (getBBox, user units = px of the map's viewBox).
cat >"$log.measure.html" <<HTML
<!DOCTYPE html><html><body><iframe id="f" src="$page" width="1280" height="2000"></iframe><pre id="out">pending</pre><script>
document.getElementById('f').onload = function () {
  var svg = this.contentDocument.getElementById('map'), rows = [];
  svg.querySelectorAll('text').forEach(function (t) {
    var b = t.getBBox();
    rows.push([t.parentNode.getAttribute('class') || '', b.x, b.y, b.width, b.height, t.textContent].join('\\t'));
  });
  document.getElementById('out').textContent = rows.join('\\n');
};
</script></body></html>
HTML
"$BROWSER" "${flags[@]}" --allow-file-access-from-files --virtual-time-budget=5000 --dump-dom "file://$log.measure.html" >"$log.boxes" 2>/dev/null

python3 - "$OUT" "$log" "$log.dom" "$log.boxes" "$REPORT_LANG" <<'EOF'
import csv, html as htmllib, json, re, struct, sys, zlib
out, log, dom_path, boxes_path, lang = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
passed = failed = 0
def check(ok, what):
    global passed, failed
    print(("ok:   " if ok else "FAIL: ") + what)
    if ok: passed += 1
    else: failed += 1

def read_png(path):
    """Decodes an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes): (width, height, channels, rows)."""
    d = open(path, 'rb').read()
    assert d[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat = 8, b''
    while pos < len(d):
        n, kind = struct.unpack('>I4s', d[pos:pos + 8]); body = d[pos + 8:pos + 8 + n]; pos += 12 + n
        if kind == b'IHDR': w, h, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT': idat += body
    assert depth == 8 and colour in (2, 6) and interlace == 0, 'unsupported PNG'
    bpp = 3 if colour == 2 else 4; stride = w * bpp; raw = zlib.decompress(idat)
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):  # PNG filters (ISO/IEC 15948 §9.2)
        f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        if f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows

html = open(f'{out}/report.html', encoding='utf-8').read()
svg = re.search(r'<svg class="map" id="map"[^>]* width="([\d.]+)" height="([\d.]+)"', html)
bg = re.search(r'<rect width="[\d.]+" height="[\d.]+" fill="#([0-9a-f]{6})"/>', html)
try:
    w, h, bpp, rows = read_png(f'{out}/report.png')
    check((w, h) == (1280, 2000), f'screenshot {out}/report.png is {w} x {h} px (window 1280 x 2000)')
except Exception as e:
    check(False, f'screenshot {out}/report.png readable ({e})'); rows = None
if rows is not None and svg and bg:
    mw, mh = float(svg.group(1)), float(svg.group(2))
    colour = bytes.fromhex(bg.group(1))
    xs, ys = [], []
    for y, row in enumerate(rows):
        hits = [x for x in range(0, len(row), bpp) if row[x:x + 3] == colour]
        if hits: xs += [hits[0] // bpp, hits[-1] // bpp]; ys.append(y)
    if ys:
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        bw, bh = x1 - x0 + 1, y1 - y0 + 1
        drawn = sum(1 for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)
                    if rows[y][x * bpp:x * bpp + 3] not in (colour, b'\xff\xff\xff'))
        share = drawn / (bw * bh)
        check(abs(bw - mw) <= 3 and abs(bh - mh) <= 3 and share >= 0.3,
              f'map at ({x0},{y0}) is {bw} x {bh} px (report.html: {mw:g} x {mh:g}), {100 * share:.0f} % drawn (need ≥ 30 %)')
    else:
        check(False, f'map background #{bg.group(1)} not found on the screenshot')
elif rows is not None:
    check(False, 'report.html has no <svg class="map"> with a background rect')
console = [l.strip() for l in open(log, encoding='utf-8', errors='replace') if ':CONSOLE' in l or 'Uncaught' in l]
check(not console, 'no console messages' + ''.join('\n      ' + l for l in console[:5]))
dom = open(dom_path, encoding='utf-8', errors='replace').read()
names = [r['name'] for r in csv.DictReader(open(f'{out}/districts.csv', encoding='utf-8'))]
missing = [n for n in names if n not in dom]
check('id="map"' in dom and names and not missing,
      f'DOM holds the map and all {len(names)} district names' + (f'; missing: {", ".join(missing)}' if missing else ''))
# 6. Layers and the spend table.
try:
    years = [y['year'] for y in json.load(open(f'{out}/plan_summary.json', encoding='utf-8'))['years']]
except (OSError, KeyError, ValueError):
    years = []
check(bool(years), f'plan_summary.json lists the plan years ({", ".join(map(str, years))})')
missing = [str(y) for k, y in enumerate(years)
           if not re.search(rf'<g class="layer-cy layer-cy{k}" data-year="{y}"[^>]*><use href="#cov-base"', dom) or f'id="t-cy{k}"' not in dom]
check(years and not missing, f'a coverage layer and toggle for each plan year' + (f'; missing: {", ".join(missing)}' if missing else ''))
roads = re.search(r'<g class="layer-roads"[^>]*><path d="M[^"]+"', dom)
towns = re.search(r'<g class="layer-towns">.*?</g></g>', dom, re.S)
town_dots = len(re.findall(r'<circle ', towns.group(0))) if towns else 0
check(bool(roads) and 'id="t-roads"' in dom, 'roads layer (with a path) and its toggle')
check(town_dots > 0 and 'id="t-towns"' in dom, f'towns layer ({town_dots} dots) and its toggle')
spend = re.search(r'<table class="spend">(.*?)</table>', dom, re.S)
spend_rows = re.findall(r'<tr(?: class="total")?><td class="l">(?:<b>)?([^<]*)', spend.group(1)) if spend else []
spend_names = [htmllib.unescape(n) for n in spend_rows]
check(spend is not None and all(n in spend_names for n in names) and re.search(r'<tr class="total">', spend.group(1)) is not None
      and all(f'<th>{y}</th>' in spend.group(1) for y in years),
      f'spend table: {len(spend_rows)} rows (each district and a total), a column per plan year')
# 7. No clipped or overlapping map text.
m = re.search(r'<svg class="map" id="map"[^>]* width="([\d.]+)" height="([\d.]+)"(.*?)</svg>', dom, re.S)
if m:
    W, H = float(m.group(1)), float(m.group(2))
    texts = re.findall(r'<text x="([-\d.]+)" y="([-\d.]+)"', m.group(3))
    outside = [(x, y) for x, y in texts if not (0 <= float(x) <= W and 0 <= float(y) <= H)]
    check(texts and not outside, f'{len(texts)} map <text> anchors within 0..{W:g} x 0..{H:g}' + (f'; outside: {outside[:5]}' if outside else ''))
    raw = open(boxes_path, encoding='utf-8', errors='replace').read()
    pre = re.search(r'<pre id="out">(.*?)</pre>', raw, re.S)
    boxes = []
    for line in htmllib.unescape(pre.group(1)).split('\n') if pre and pre.group(1) != 'pending' else []:
        group, x, y, w, h, text = line.split('\t', 5)
        boxes.append((group, float(x), float(y), float(w), float(h), text))
    clipped = [b[5] for b in boxes if b[3] > 0 and not (b[1] >= 0 and b[2] >= 0 and b[1] + b[3] <= W and b[2] + b[4] <= H)]
    check(len(boxes) == len(texts) and not clipped,
          f'{len(boxes)} text boxes measured in Chromium, all inside the canvas' + (f'; clipped: {", ".join(clipped[:5])}' if clipped else ''))
    names_ = [b for b in boxes if b[0] in ('labels', 'town-labels') and b[3] > 0]
    clash = [f'{a[5]} / {b[5]}' for i, a in enumerate(names_) for b in names_[i + 1:]
             if a[1] < b[1] + b[3] and b[1] < a[1] + a[3] and a[2] < b[2] + b[4] and b[2] < a[2] + a[4]]
    check(names_ and not clash, f'{len(names_)} district and town names, no two overlapping' + (f'; overlapping: {", ".join(clash[:5])}' if clash else ''))
else:
    check(False, 'the DOM has the map <svg>')
check(f'<html lang="{lang}"' in html, f'page language <html lang="{lang}">')
remote = re.findall(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', html, re.I)
check(not remote, 'self-contained (no http(s) src/href)')
print(f'report ({lang}): {passed} passed, {failed} failed (screenshot: {out}/report.png)')
sys.exit(1 if failed else 0)
EOF
status=$?
if [ $# -lt 2 ]; then
  scripts/check-report.sh "$OUT-en" en || status=1
fi
exit $status
