#!/usr/bin/env bash
# make bench (called from scripts/bench.sh; runs alone too): the geopandas/Shapely 2 peer's national job side by
# side with `sim run` of data/scenarios/vietnam-peer.yaml on the peer's own 30,000 sites (issue 18), then a scaling
# table of sim over the first 5k/10k/20k/30k of those sites with 1 and 2 workers.
#   PEER_VENV (default /work/peer-venv): a venv with the peer's requirements.lock.txt installed;
#   PEER_DIR  (default /work/shared/peer): peer_coverage.py and its README;
#   PEER_RUNS (default 1): runs of each side in the side-by-side (the figures are medians; the national runs take
#   one to two minutes each and the peer peaks at 6.6 GiB); 0 skips it (the scaling table then needs the
#   bench-out/peer-sites.csv of an earlier run);  PEER_SCALING=0 skips the scaling table.
# Without the venv, sim runs alone on the peer sites of an earlier bench (bench-out/peer/national30k_sites.csv)
# or, failing that, on 30,000 synthetic sites from `sim generate sites` (then not the peer's job), and this
# prints how to set the peer up.
set -euo pipefail
cd "$(dirname "$0")/.."
SIM=.build/release/sim
PEER_VENV=${PEER_VENV:-/work/peer-venv}
PEER_DIR=${PEER_DIR:-/work/shared/peer}
PEER_RUNS=${PEER_RUNS:-1}
PY=/usr/bin/python3
DISTRICTS=data/vietnam/vietnam_districts_2019_simplified.geojson
mkdir -p bench-out/peer
mib() { awk "BEGIN{printf \"%.0f\", $1/1024}"; }
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# timed ARGS…: one run under GNU time; appends "seconds peak_kb" to bench-out/peer/$TIMES
timed() {
  /usr/bin/time -f "%e %M" -o bench-out/peer/time.txt "$@" >bench-out/peer/stdout.txt 2>bench-out/peer/stderr.txt \
    || { cat bench-out/peer/stderr.txt; exit 1; }
  cat bench-out/peer/time.txt >> "bench-out/peer/$TIMES"
}
# sim_steps OUT: sim's own step timings (it prints them on a terminal; `script` gives it one when available)
sim_run() { # out, jobs, scenario
  if command -v script >/dev/null; then
    timed script -qec "$SIM run $3 --out $1 --jobs $2" /dev/null
    tr -d '\r' < bench-out/peer/stdout.txt | grep -E '^\[ *[0-9.]+ s\]' > "$1.steps" || true
  else
    timed $SIM run "$3" --out "$1" --jobs "$2"
  fi
}

if [ "$PEER_RUNS" -gt 0 ]; then
echo "== the geopandas peer's national job, side by side (issue 18; data/scenarios/vietnam-peer.yaml)"
have_peer=0
if [ -x "$PEER_VENV/bin/python" ] && [ -f "$PEER_DIR/peer_coverage.py" ] && "$PEER_VENV/bin/python" -c "import geopandas, shapely" 2>/dev/null; then
  have_peer=1
fi
rm -f bench-out/peer/peer.times bench-out/peer/sim.times
if [ $have_peer = 1 ]; then
  for i in $(seq "$PEER_RUNS"); do
    TIMES=peer.times timed "$PEER_VENV/bin/python" "$PEER_DIR/peer_coverage.py" --districts $DISTRICTS --n-sites 30000 --out bench-out/peer/national30k
    cp bench-out/peer/stdout.txt bench-out/peer/peer-run$i.json
    if [ "$i" = 1 ]; then $PY scripts/peer-sites.py bench-out/peer/national30k_sites.csv bench-out/peer-sites.csv; fi
    TIMES=sim.times sim_run bench-out/peer-sim 2 data/scenarios/vietnam-peer.yaml
  done
elif [ -f bench-out/peer/national30k_sites.csv ]; then
  echo "(the peer's venv $PEER_VENV is missing: sim alone, on the peer sites of an earlier bench)"
  $PY scripts/peer-sites.py bench-out/peer/national30k_sites.csv bench-out/peer-sites.csv
else
  echo "(the peer's venv $PEER_VENV is missing and no earlier peer sites: sim alone on 30,000 SYNTHETIC sites, not the peer's job)"
  $SIM generate sites data/scenarios/vietnam-national-bench.yaml --count 30000 --seed 7 --lte-share-near-towns 1 --lte-share-elsewhere 1 \
    --output bench-out/peer/synthetic.csv >/dev/null
  # the peer's site parameters: 30 m, 1800 MHz, 46 dBm, three sectors (the generated azimuths kept)
  awk -F, 'BEGIN{OFS=","} /^#/{next} $1=="id"{print "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg"; next}
           {print $1,$2,$3,30,"4G",1800,46,$8}' bench-out/peer/synthetic.csv > bench-out/peer-sites.csv
fi
if [ $have_peer = 0 ]; then
  for i in $(seq "$PEER_RUNS"); do TIMES=sim.times sim_run bench-out/peer-sim 2 data/scenarios/vietnam-peer.yaml; done
  echo "   to run the peer here: python3 -m venv $PEER_VENV && $PEER_VENV/bin/pip install -r $PEER_DIR/requirements.lock.txt"
  echo "   (or set PEER_VENV to an existing one; the peer is $PEER_DIR/peer_coverage.py, see its README)"
fi
ss=$(cut -d' ' -f1 bench-out/peer/sim.times | median); skb=$(cut -d' ' -f2 bench-out/peer/sim.times | median)
printf "%-60s %7.2f s  %7s MiB peak (median of %s)\n" "sim run, 30,000 sites, 250 m cells, 2 workers" "$ss" "$(mib "$skb")" "$PEER_RUNS"
[ -f bench-out/peer-sim.steps ] && sed 's/^/     /' bench-out/peer-sim.steps
# The writing step against the disk (issue 18): its bytes over its seconds (from its step line to the end of the
# last run, so process exit included) beside `cat` of the same files into one file on the same disk (page cache,
# no sync, as sim writes).
if [ -f bench-out/peer-sim.steps ]; then
  bytes=$(find bench-out/peer-sim -type f -printf '%s\n' | awk '{s+=$1} END{print s}')
  wstart=$(grep ' writing ' bench-out/peer-sim.steps | sed -E 's/^\[ *([0-9.]+) s\].*/\1/')
  wend=$(tail -n 1 bench-out/peer/sim.times | cut -d' ' -f1)
  c0=$(date +%s.%N); cat bench-out/peer-sim/* > bench-out/peer/cat-copy; c1=$(date +%s.%N); rm -f bench-out/peer/cat-copy
  awk -v b="$bytes" -v w0="$wstart" -v w1="$wend" -v c0="$c0" -v c1="$c1" 'BEGIN{
    printf "     writing step (unprojection, validity checks and the report included; bench write times the text alone): %.0f MB in %.1f s = %.0f MB/s; cat of the same files: %.2f s = %.0f MB/s (%.0f× faster)\n",
      b/1e6, w1-w0, b/1e6/(w1-w0), c1-c0, b/1e6/(c1-c0), (w1-w0)/(c1-c0) }'
fi
if [ $have_peer = 1 ]; then
  ps=$(cut -d' ' -f1 bench-out/peer/peer.times | median); pkb=$(cut -d' ' -f2 bench-out/peer/peer.times | median)
  printf "%-60s %7.2f s  %7s MiB peak (median of %s)\n" "geopandas peer, same job" "$ps" "$(mib "$pkb")" "$PEER_RUNS"
  $PY -c "import json,sys; t=json.load(open('bench-out/peer/peer-run1.json'))['timings_s']; print('     peer phases (s, run 1): ' + ', '.join(f'{k} {v:.1f}' for k,v in t.items() if not k.startswith('t_')))"
  printf "%-60s %7.2f×  (target ≥ 2.5×, ≤ 2048 MiB)\n" "sim vs the peer, wall time" "$(awk "BEGIN{print $ps/$ss}")"
  echo "   per district, sim vs the peer's CSV (sim writes km² to 0.001):"
  $PY scripts/peer-compare.py bench-out/peer/national30k_districts.csv bench-out/peer-sim
fi
fi

if [ "${PEER_SCALING:-1}" != 0 ]; then
  [ -f bench-out/peer-sites.csv ] || { echo "scripts/peer-bench.sh: bench-out/peer-sites.csv is missing; run with PEER_RUNS ≥ 1 first" >&2; exit 1; }
  echo "== scaling: sim run of vietnam-peer.yaml on the first N of the peer's 30,000 sites (one run each)"
  cp bench-out/peer-sites.csv bench-out/peer-sites-30000.csv
  printf "%-8s %22s %22s %9s\n" sites "--jobs 1 (s, MiB)" "--jobs 2 (s, MiB)" speed-up
  for n in 5000 10000 20000 30000; do
    if [ $n != 30000 ]; then head -n $((n + 1)) bench-out/peer-sites-30000.csv > bench-out/peer-sites-$n.csv; fi
    cat > bench-out/peer-$n.yaml <<YAML
extends: ../data/scenarios/vietnam-peer.yaml
name: Viet Nam national, the first $n of the peer's sites
inputs:
  sites: peer-sites-$n.csv
YAML
    rm -f bench-out/peer/scale.times
    TIMES=scale.times timed $SIM run bench-out/peer-$n.yaml --out bench-out/peer-$n-j1 --jobs 1
    TIMES=scale.times timed $SIM run bench-out/peer-$n.yaml --out bench-out/peer-$n-j2 --jobs 2
    { read -r s1 k1; read -r s2 k2; } < bench-out/peer/scale.times
    same=$(diff -rq bench-out/peer-$n-j1 bench-out/peer-$n-j2 >/dev/null && echo "outputs identical" || echo "OUTPUTS DIFFER")
    printf "%-8s %12.2f %7s %14.2f %7s %8.2f×  %s\n" $n "$s1" "$(mib "$k1")" "$s2" "$(mib "$k2")" "$(awk "BEGIN{print $s1/$s2}")" "$same"
  done
fi
