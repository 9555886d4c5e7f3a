#!/usr/bin/env bash
# Leak check of the default `sim run` (the scenario `make run` runs: data/scenarios/quang-tri-2020-plan.yaml,
# coverage, fixed-broadband reach and the planner) and of a sweep (data/scenarios/quang-tri-thresholds-sweep.yaml).
#   scripts/check-leaks.sh            LeakSanitizer (ASAN_OPTIONS=detect_leaks=1) on the ASan sim of
#                                     the instrumented build shared with the fuzzers and check-asan
#                                     (scripts/instrumented-build.sh): any leak report fails.
#   scripts/check-leaks.sh valgrind   valgrind memcheck on the release build: "definitely lost"
#                                     must be 0 bytes ("possibly lost" from the Swift runtime's
#                                     interior pointers is reported, not failed).
# Closing line: "leaks: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-lsan}
scenario=${SCENARIO:-data/scenarios/quang-tri-2020-plan.yaml}
sweep=data/scenarios/quang-tri-thresholds-sweep.yaml
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
t0=$SECONDS
if [ "$mode" = valgrind ]; then
  command -v valgrind >/dev/null || { echo "leaks: valgrind is not installed (apt-get install valgrind)"; echo "leaks: 0 passed, 1 failed"; exit 1; }
  swift build -c release --product sim >/dev/null 2>&1 || { echo "leaks: release build failed"; exit 1; }
  log=.build/leaks-valgrind.log
  valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=3 \
    .build/release/sim run "$scenario" --out "$out/run" --jobs 1 >"$log" 2>&1
  rc=$?
  definite=$(grep -m1 "definitely lost:" "$log" | sed 's/.*definitely lost: //')
  echo "leaks: valgrind $scenario in $((SECONDS - t0)) s: definitely lost ${definite:-?}; $(grep -m1 'possibly lost:' "$log" | sed 's/.*==[0-9]*== *//')"
else
  source scripts/instrumented-build.sh
  instrumented_build leaks || { echo "leaks: 0 passed, 1 failed"; exit 1; }
  t0=$SECONDS
  log=$BUILD/leaks-lsan.log
  # Suppressions: Fuzz/lsan.supp (a toolchain Foundation leak, documented there).
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/Fuzz/lsan.supp \
    "$REL/sim" run "$scenario" --out "$out/run" >"$log" 2>&1
  rc=$?
  # …and a sweep (8 runs of the 2017 scenario, inputs loaded once), the same way.
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/Fuzz/lsan.supp \
    "$REL/sim" sweep "$sweep" --out "$out/sweep" >>"$log" 2>&1 || rc=$?
  [ -f "$out/sweep/results.csv" ] || { [ $rc = 0 ] && rc=5; echo "leaks: the sweep wrote no results.csv"; }
  echo "leaks: LeakSanitizer $scenario and $sweep in $((SECONDS - t0)) s: $(grep -c 'ERROR: LeakSanitizer' "$log") leak report(s) (log $log)"
  grep -m1 -A12 "ERROR: LeakSanitizer" "$log"
fi
[ -f "$out/run/summary.json" ] || { [ $rc = 0 ] && rc=4; echo "leaks: the run wrote no summary.json"; }
if [ $rc = 0 ]; then echo "leaks: 1 passed, 0 failed"; else echo "leaks: 0 passed, 1 failed"; exit 1; fi
