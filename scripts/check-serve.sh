#!/usr/bin/env bash
# `sim serve` in headless Chromium through WebDriver (scripts/check_serve.py): starts the server on a free
# port, clicks a site onto the map and checks the table against `sim run`. Usage: scripts/check-serve.sh [OUT]
# (default check-serve; the screenshot serve.png and the reference run stay there as CI artefacts).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-check-serve}
SIM=.build/debug/sim
for tool in chromium chromedriver curl /usr/bin/python3; do command -v $tool >/dev/null || { echo "check-serve: $tool is not installed (make test-deps installs it)"; exit 1; }; done
/usr/bin/python3 -c "import selenium" 2>/dev/null || { echo "check-serve: python3-selenium is not installed (make test-deps installs it)"; exit 1; }
swift build --product sim >/dev/null || { echo "check-serve: swift build failed"; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
SCENARIO=data/scenarios/quang-tri-2020-plan.yaml
$SIM serve "$SCENARIO" --port 0 --save "$OUT/saved" >"$OUT/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
url=""
for _ in $(seq 1 600); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/?token=[0-9a-f]*' "$OUT/serve.log" | head -1)
  [ -n "$url" ] && break
  kill -0 $pid 2>/dev/null || { echo "check-serve: sim serve stopped:"; cat "$OUT/serve.log"; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "check-serve: sim serve printed no URL in 120 s"; cat "$OUT/serve.log"; exit 1; }
# Without the token the server answers 403.
code=$(curl -s -o /dev/null -w '%{http_code}' "${url%%\?*}api/state")
[ "$code" = 403 ] && echo "ok: no token → 403" || { echo "FAILED: no token → $code"; exit 1; }
# Debian's python3 (python3-selenium), not a python3 earlier on PATH.
/usr/bin/python3 scripts/check_serve.py "$url" "$SIM" "$SCENARIO" "$OUT"
