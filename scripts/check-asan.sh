#!/usr/bin/env bash
# The test suite under the address sanitizer (and, with "thread", the thread sanitizer over the
# tests that run work on several threads).
#   scripts/check-asan.sh            ASan: the whole suite, from the instrumented build shared with
#                                    the fuzzers (scripts/instrumented-build.sh: .build/fuzz, release
#                                    -O with -enable-testing, ASan); the end-to-end tests run the
#                                    ASan sim built next to the test bundle.
#   scripts/check-asan.sh thread     TSan: the suites that run Parallel.map with 2 workers, in a
#                                    debug build of their own (.build/tsan; not in CI: a second
#                                    full build does not fit the CI budget).
# Closing line: "asan: N passed, M failed" (or "tsan: …"), counted from Swift Testing's summary.
set -uo pipefail
cd "$(dirname "$0")/.."
kind=${1:-address}
t0=$SECONDS
if [ "$kind" = thread ]; then
  name=tsan; path=.build/tsan; log=$path.log
  # Tests whose code runs on ≥ 2 threads (Parallel.map workers, async tasks): the end-to-end runs
  # (1 vs 2 workers) and the planner's parallel coverage sets.
  filter=(--filter "EndToEndTests|PlanTests|QuickStudyTests")
  build=(--build-path "$path" --sanitize=thread)
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1}
  mkdir -p "$path"
  swift build --build-tests "${build[@]}" >"$log" 2>&1 || { tail -30 "$log"; echo "$name: build failed"; echo "$name: 0 passed, 1 failed"; exit 1; }
  echo "$name: built in $((SECONDS - t0)) s"
else
  name=asan; filter=()
  source scripts/instrumented-build.sh
  instrumented_build asan || { echo "asan: 0 passed, 1 failed"; exit 1; }
  build=(--build-path "$BUILD" "${FUZZ_FLAGS[@]}")
  log=$BUILD/asan-tests.log
  # detect_leaks=0 here: the suite's own process keeps caches alive until exit; leaks are checked on
  # the sim process by scripts/check-leaks.sh.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
  : >"$log"
fi
t1=$SECONDS
swift test --skip-build "${build[@]}" "${filter[@]}" >>"$log" 2>&1
rc=$?
summary=$(grep -E "Test run with [0-9]+ tests? .*(passed|failed)" "$log" | tail -1)
total=$(grep -oE "Test run with [0-9]+" <<<"$summary" | grep -oE "[0-9]+$")
failed=$(grep -E "^✘ Test [^ ]+\(\) failed" "$log" | sort -u | wc -l)
reports=$(grep -cE "ERROR: AddressSanitizer|WARNING: ThreadSanitizer|ERROR: LeakSanitizer" "$log")
grep -m5 -E -A3 "ERROR: AddressSanitizer|WARNING: ThreadSanitizer" "$log"
grep -E "^✘ Test [^ ]+\(\) failed" "$log" | sort -u | head -10
[ "$rc" -ne 0 ] && [ "$failed" = 0 ] && failed=1
[ "$reports" -gt 0 ] && [ "$failed" = 0 ] && failed=1
echo "$name: suite ran in $((SECONDS - t1)) s; $reports sanitizer report(s) (log $log)"
echo "$name: $(( ${total:-0} - failed )) passed, $failed failed"
[ "$failed" = 0 ]
