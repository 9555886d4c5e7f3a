#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/Harness) with the address sanitizer and runs each for a set
# time.  Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS ...]   (default 60 s, all harnesses)
#
# Build: scripts/instrumented-build.sh — the package and its tests compiled once into .build/fuzz with
# ASan, sanitizer coverage and -enable-testing (the harnesses reach sim's internal readers with
# @testable import), then Fuzz/Harness/*.swift linked with libFuzzer against those objects. One
# binary serves every harness (FUZZ_TARGET picks one). check-asan and check-leaks reuse the tree.
#
# Run: each harness starts from a copy of its committed seeds (Fuzz/corpus/<h>) plus the committed
# crash regressions (Fuzz/regressions/<h>); new corpus entries stay in .build/fuzz/corpus. A crash
# is saved to .build/fuzz/crashes/<h>/ — minimise it (-minimize_crash=1), commit it under
# Fuzz/regressions/<h>/ and add a test to Tests/simTests/RegressionTests.swift.
# FUZZ_SEED=N (check-fuzz, CI): a fixed libFuzzer seed and a fresh corpus (.build/fuzz/corpus-seedN,
# the committed seeds and regressions only), so the run is repeatable: a longer run with the same seed
# replays a shorter one's inputs and more. Without it (make fuzz) each run explores from a random
# seed and keeps growing .build/fuzz/corpus.
# SWIFT_BACKTRACE=enable=no: a Swift trap then reaches libFuzzer as a plain deadly signal with its
# stack (the Swift backtracer's memory server, under ASan, buries it under a report of its own).
# Closing line: "fuzz: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
ALL=(geojson csv-sites csv-cells csv-population csv-plan csv-table yaml-scenario yaml-sweep terrain geos-wkb geos-geojson itm-profile)
HARNESSES=("${@:-${ALL[@]}}")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=("${ALL[@]}")
source scripts/instrumented-build.sh
instrumented_build fuzz || { echo "fuzz: 0 passed, ${#HARNESSES[@]} failed"; exit 1; }
BIN=$FUZZ_BIN
passed=0; failed=0
for h in "${HARNESSES[@]}"; do
  [ -d "Fuzz/corpus/$h" ] || { echo "fuzz: unknown harness $h (have: ${ALL[*]})"; failed=$((failed+1)); continue; }
  crashes=$BUILD/crashes/$h
  if [ -n "${FUZZ_SEED:-}" ]; then
    corpus=$BUILD/corpus-seed$FUZZ_SEED/$h; rm -rf "$corpus"; seed=(-seed="$FUZZ_SEED")
  else
    corpus=$BUILD/corpus/$h; seed=()
  fi
  mkdir -p "$corpus" "$crashes"
  cp -n Fuzz/corpus/$h/* "$corpus"/ 2>/dev/null
  [ -d "Fuzz/regressions/$h" ] && cp -n Fuzz/regressions/$h/* "$corpus"/ 2>/dev/null
  log=$BUILD/$h.log
  before=$(find "$crashes" -type f | wc -l)
  # detect_leaks=1: a leak is a failure. rss_limit_mb / timeout: an input that needs more than
  # 2 GB or 10 s is a failure (a hang or a memory blow-up).
  FUZZ_TARGET=$h SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 LSAN_OPTIONS=suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0 "$BIN" "$corpus" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${seed[@]}" \
    -artifact_prefix="$crashes/" >"$log" 2>&1
  rc=$?
  execs=$(grep -m1 "stat::number_of_executed_units" "$log" | awk '{print $2}')
  rate=$(grep -m1 "stat::average_exec_per_sec" "$log" | awk '{print $2}')
  cov=$(grep -E "^#[0-9]+.*(DONE|pulse|NEW|REDUCE)" "$log" | tail -1 | grep -oE "cov: [0-9]+" | awk '{print $2}')
  found=$(( $(find "$crashes" -type f | wc -l) - before ))
  if [ $rc -eq 0 ]; then
    passed=$((passed+1)); echo "fuzz ok: $h  ${execs:-?} execs (${rate:-?}/s), cov ${cov:-?}, 0 crashes"
  else
    failed=$((failed+1)); echo "fuzz FAILED: $h  ${execs:-?} execs, $found new crash file(s) in $crashes (log $log)"
    grep -m3 -E "ERROR:|Fatal error|SUMMARY" "$log"
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
