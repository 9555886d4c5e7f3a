#!/usr/bin/env bash
# The one instrumented build shared by the safety-net checks (scripts/fuzz.sh, check-asan.sh
# address, check-leaks.sh): the whole package, its tests and the libFuzzer harness binary, built
# ONCE into .build/fuzz; every later caller finds it up to date (SwiftPM rebuilds nothing when the
# sources and these flags are unchanged), so `make check-fuzz check-asan check-leaks` compiles once.
#
#   -enable-testing: the harnesses and the test targets use @testable import;
#   -sanitize=address on Swift, -fsanitize=address on C (Yams's CYaml): ASan + LeakSanitizer;
#   sanitizer coverage (inline 8-bit counters, pc table, compare tracing): libFuzzer's feedback.
#   (The coverage hooks cost the ordinary binaries nothing they need: the ASan runtime provides
#   them as no-ops when libFuzzer is not linked.)
#
# Products: .build/fuzz/$FUZZ_CONFIG/sim (ASan sim, used by check-leaks and by the test suite's
# end-to-end tests), .build/fuzz/$FUZZ_CONFIG/QuangTriNetworkSimPackageTests.xctest (the suite
# under ASan), .build/fuzz/sim-fuzz-$FUZZ_CONFIG (Fuzz/Harness linked with libFuzzer against the
# package objects).
#
# Usage: source scripts/instrumented-build.sh; instrumented_build NAME   (NAME prefixes messages)
# FUZZ_CONFIG: release (default) or debug. Measured on the 2-core machine from a fresh clone:
# release builds in 317 s and then runs the ASan suite in 145 s and the leak check's `sim run` in 5 s;
# debug builds in 181 s but needs 505 s and 104 s (unoptimised Swift under ASan is ~20× slower), so
# release is the cheaper whole. Both share .build/fuzz (release/ and debug/ under it).
FUZZ_CONFIG=${FUZZ_CONFIG:-release}
# Without `sim serve` (Package.swift): instrumenting SwiftNIO and Hummingbird took this build from 317 to 838 s.
# Exported, so the callers' own `swift test --skip-build` sees the same package.
export SIM_WITHOUT_SERVE=1
BUILD=.build/fuzz
REL=$BUILD/$FUZZ_CONFIG
FUZZ_BIN=$BUILD/sim-fuzz-$FUZZ_CONFIG
FUZZ_FLAGS=(-c "$FUZZ_CONFIG"
  -Xswiftc -sanitize=address
  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
  -Xswiftc -enable-testing
  -Xcc -fsanitize=fuzzer-no-link,address)

instrumented_build() {
  local name=$1 t0=$SECONDS log=$BUILD.log
  mkdir -p "$BUILD"
  swift build --build-path "$BUILD" --build-tests "${FUZZ_FLAGS[@]}" >"$log" 2>&1 \
    || { tail -30 "$log"; echo "$name: build of the instrumented package failed (log $log)"; return 1; }
  # The harness: Fuzz/Harness/*.swift linked with libFuzzer and every object of the package except
  # the benchmark's and the tests' (sim's main is renamed sim_main by SwiftPM). Relinked only when
  # an object or a harness source is newer than the binary.
  local objs=()
  while IFS= read -r o; do objs+=("$o"); done < <(find "$REL/" -path "*.build/*.o" ! -path "*/bench.build/*" \
    ! -path "*Tests.build/*" ! -path "*PackageTests*" ! -path "*PackageDiscoveredTests*" | sort)
  if [ ! -x "$FUZZ_BIN" ] || [ -n "$(find "${objs[@]}" Fuzz/Harness -newer "$FUZZ_BIN" -print -quit)" ]; then
    local opt=-Onone; [ "$FUZZ_CONFIG" = release ] && opt=-O
    swiftc -sanitize=fuzzer,address -parse-as-library $opt -module-name SimFuzz \
      -I "$REL/Modules" -I "$REL" $(pkg-config --cflags-only-I gdal geos proj) \
      -Xcc -fmodule-map-file=Sources/CGEOS/module.modulemap -Xcc -fmodule-map-file=Sources/CPROJ/module.modulemap \
      -Xcc -fmodule-map-file=Sources/CGLPK/module.modulemap -Xcc -fmodule-map-file=Sources/CGDAL/module.modulemap \
      -Xcc -fmodule-map-file="$BUILD/checkouts/Yams/Sources/CYaml/include/module.modulemap" \
      Fuzz/Harness/*.swift "${objs[@]}" -lgeos_c -lproj -lglpk -lgdal -o "$FUZZ_BIN" >>"$log" 2>&1 \
      || { tail -30 "$log"; echo "$name: link of the fuzz harness failed (log $log)"; return 1; }
  fi
  echo "$name: instrumented $FUZZ_CONFIG build ($REL) ready in $((SECONDS - t0)) s"
}
