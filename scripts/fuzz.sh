#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/Harness) with the address sanitizer and runs each for a set
# time.  Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS ...]   (default 60 s, all harnesses)
#
# Build: SwiftPM compiles the package (Coverage, Planner, sim and their dependencies) into
# .build/fuzz with sanitizer-coverage and ASan instrumentation and -enable-testing (the harnesses
# reach sim's internal readers with @testable import); swiftc then links Fuzz/Harness/*.swift with
# those object files and libFuzzer. One binary serves every harness (FUZZ_TARGET picks one).
#
# Run: each harness starts from a copy of its committed seeds (Fuzz/corpus/<h>) plus the committed
# crash regressions (Fuzz/regressions/<h>); new corpus entries stay in .build/fuzz/corpus. A crash
# is saved to .build/fuzz/crashes/<h>/ — minimise it (-minimize_crash=1), commit it under
# Fuzz/regressions/<h>/ and add a test to Tests/simTests/RegressionTests.swift.
# Closing line: "fuzz: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
ALL=(geojson csv-sites csv-population csv-plan yaml-scenario terrain geos-wkb geos-geojson)
HARNESSES=("${@:-${ALL[@]}}")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=("${ALL[@]}")
BUILD=.build/fuzz
BIN=$BUILD/sim-fuzz
COV="-sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp"

build() {
  local t0=$SECONDS
  swift build --build-path "$BUILD" -c release --product sim \
    -Xswiftc -sanitize=address -Xswiftc "$COV" -Xswiftc -enable-testing \
    -Xcc -fsanitize=fuzzer-no-link,address >"$BUILD.log" 2>&1 \
    || { tail -30 "$BUILD.log"; echo "fuzz: build of the instrumented package failed"; exit 1; }
  local rel=$BUILD/release
  # Every object of the package except the benchmark's; sim's main is renamed sim_main by SwiftPM.
  local objs=()
  while IFS= read -r o; do objs+=("$o"); done < <(find "$rel/" -path "*.build/*.o" ! -path "*/bench.build/*" | sort)
  swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name SimFuzz \
    -I "$rel/Modules" -I "$rel" \
    -Xcc -fmodule-map-file=Sources/CGEOS/module.modulemap -Xcc -fmodule-map-file=Sources/CPROJ/module.modulemap \
    -Xcc -fmodule-map-file=Sources/CGLPK/module.modulemap \
    -Xcc -fmodule-map-file="$BUILD/checkouts/Yams/Sources/CYaml/include/module.modulemap" \
    Fuzz/Harness/*.swift "${objs[@]}" -lgeos_c -lproj -lglpk -o "$BIN" >>"$BUILD.log" 2>&1 \
    || { tail -30 "$BUILD.log"; echo "fuzz: link of the harness failed"; exit 1; }
  echo "fuzz: built $BIN in $((SECONDS - t0)) s"
}

mkdir -p "$BUILD"
build
passed=0; failed=0
for h in "${HARNESSES[@]}"; do
  [ -d "Fuzz/corpus/$h" ] || { echo "fuzz: unknown harness $h (have: ${ALL[*]})"; failed=$((failed+1)); continue; }
  corpus=$BUILD/corpus/$h; crashes=$BUILD/crashes/$h
  mkdir -p "$corpus" "$crashes"
  cp -n Fuzz/corpus/$h/* "$corpus"/ 2>/dev/null
  [ -d "Fuzz/regressions/$h" ] && cp -n Fuzz/regressions/$h/* "$corpus"/ 2>/dev/null
  log=$BUILD/$h.log
  # detect_leaks=1: a leak is a failure. rss_limit_mb / timeout: an input that needs more than
  # 2 GB or 10 s is a failure (a hang or a memory blow-up).
  FUZZ_TARGET=$h ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 LSAN_OPTIONS=suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0 "$BIN" "$corpus" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" >"$log" 2>&1
  rc=$?
  execs=$(grep -m1 "stat::number_of_executed_units" "$log" | awk '{print $2}')
  rate=$(grep -m1 "stat::average_exec_per_sec" "$log" | awk '{print $2}')
  cov=$(grep -E "^#[0-9]+.*(DONE|pulse|NEW|REDUCE)" "$log" | tail -1 | grep -oE "cov: [0-9]+" | awk '{print $2}')
  found=$(find "$crashes" -type f | wc -l)
  if [ $rc -eq 0 ]; then
    passed=$((passed+1)); echo "fuzz ok: $h  ${execs:-?} execs (${rate:-?}/s), cov ${cov:-?}, 0 crashes"
  else
    failed=$((failed+1)); echo "fuzz FAILED: $h  ${execs:-?} execs, $found crash file(s) in $crashes (log $log)"
    grep -m3 -E "ERROR:|Fatal error|SUMMARY" "$log"
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
