#!/usr/bin/env bash
# make bench: release build, whole-run wall time and peak memory (GNU time), then in-process benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
SIM=.build/release/sim
mkdir -p bench-out
measure() { # label, command...
  local label=$1; shift
  local best=""
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o bench-out/time.txt "$@" >/dev/null 2>bench-out/stderr.txt || { cat bench-out/stderr.txt; exit 1; }
    read -r secs kb < bench-out/time.txt
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < ${best%% *})}"; then best="$secs $kb"; fi
  done
  read -r secs kb <<<"$best"
  printf "%-52s %7.2f s  %7.0f MiB peak (best of 3)\n" "$label" "$secs" "$(awk "BEGIN{print $kb/1024}")"
}
echo "== whole runs ($(nproc) cores)"
measure "Quảng Trị 2017 coverage + reach (320 sites, 2 workers)" $SIM run data/scenarios/quang-tri-2017.yaml --out bench-out/qt
measure "Quảng Trị 2017 coverage + reach (1 worker)" $SIM run data/scenarios/quang-tri-2017.yaml --out bench-out/qt1 --jobs 1
measure "Quảng Trị default run with the 2018–2020 plan" $SIM run data/scenarios/quang-tri-2020-plan.yaml --out bench-out/qtplan
if [ ! -f bench-out/national-sites.csv ]; then
  $SIM generate sites data/scenarios/vietnam-national-bench.yaml --count 30000 --seed 1 --lte-share-near-towns 1 --lte-share-elsewhere 1 --output bench-out/national-sites.csv 2>/dev/null \
    || { echo "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg" > bench-out/national-sites.csv; $SIM generate sites data/scenarios/vietnam-national-bench.yaml --count 30000 --seed 1 --lte-share-near-towns 1 --lte-share-elsewhere 1 --output bench-out/national-sites.csv; }
fi
measure "national: 692 districts, 30,000 sites, 1 km cells" $SIM run data/scenarios/vietnam-national-bench.yaml --out bench-out/national
# The geopandas peer's national job side by side (when its venv is set up: PEER_VENV, default /work/peer-venv), the
# per-district comparison with its CSV, and the 5k–30k sites × 1–2 workers scaling table: scripts/peer-bench.sh.
scripts/peer-bench.sh
echo "== sweep: 100 runs of the default 2017 scenario (data/scenarios/quang-tri-bench-sweep.yaml, inputs shared)"
sweep_once() { # jobs → "seconds peak_kb"
  rm -rf bench-out/sweep-j$1
  /usr/bin/time -f "%e %M" -o bench-out/time.txt $SIM sweep data/scenarios/quang-tri-bench-sweep.yaml --out bench-out/sweep-j$1 --jobs $1 >/dev/null 2>bench-out/stderr.txt \
    || { cat bench-out/stderr.txt; exit 1; }
  cat bench-out/time.txt
}
read -r s1 kb1 <<<"$(sweep_once 1)"
read -r s2 kb2 <<<"$(sweep_once 2)"
printf "%-52s %7.2f s  %7.0f MiB peak\n" "sweep, 100 runs, --jobs 1" "$s1" "$(awk "BEGIN{print $kb1/1024}")"
printf "%-52s %7.2f s  %7.0f MiB peak\n" "sweep, 100 runs, --jobs 2" "$s2" "$(awk "BEGIN{print $kb2/1024}")"
same=$(cmp -s <(sed 's/,[^,]*$//' bench-out/sweep-j1/results.csv) <(sed 's/,[^,]*$//' bench-out/sweep-j2/results.csv) && echo "identical" || echo "DIFFERENT")
printf "%-52s %7.2f×  (results.csv without seconds: %s)\n" "sweep speed-up, --jobs 2 vs 1" "$(awk "BEGIN{print $s1/$s2}")" "$same"

# Terrain: a synthetic 30 m (1″) DEM over Quảng Trị (no real DEM can ship), 200 4G sites, ITM, 25 km, 1° radials.
echo "== terrain run ($(nproc) cores; synthetic 1″ SRTM tiles in bench-out/dem)"
.build/release/bench write-dem bench-out/dem
if [ ! -f bench-out/qt-200-sites.csv ]; then
  $SIM generate sites data/scenarios/quang-tri-2017.yaml --count 200 --seed 1 --lte-share-near-towns 1 --lte-share-elsewhere 1 --output bench-out/qt-200-sites.csv 2>/dev/null
fi
cat > bench-out/qt-terrain.yaml <<YAML
extends: ../data/scenarios/quang-tri-2017.yaml
name: Quảng Trị terrain benchmark (synthetic DEM, 200 synthetic 4G sites)
inputs:
  sites: qt-200-sites.csv
radio:
  max_radius_m: 25000
terrain:
  dem: dem
  model: itm
  radial_step_deg: 1
YAML
measure_once() { # label, command... (one run: these take a minute)
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o bench-out/time.txt "$@" >/dev/null 2>bench-out/stderr.txt || { cat bench-out/stderr.txt; exit 1; }
  read -r secs kb < bench-out/time.txt
  printf "%-52s %7.2f s  %7.0f MiB peak (one run)\n" "$label" "$secs" "$(awk "BEGIN{print $kb/1024}")"
}
measure_once "Quảng Trị terrain run (200 4G sites, ITM), 2 workers" $SIM run bench-out/qt-terrain.yaml --out bench-out/qt-terrain
measure_once "Quảng Trị plan, exact (GLPK) method (≤ 120 s a year)" $SIM plan data/scenarios/quang-tri-2020-plan-exact.yaml --out bench-out/qtexact
.build/release/bench
