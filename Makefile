# Two set-up commands on a fresh Debian 12 machine with Swift 6:
#   make run    installs the system libraries, builds (release) and runs the default Quảng Trị scenario into out/
#   make test   installs the system libraries, runs the test suite, checks every output GeoJSON with GDAL, report.html, calibration.html and sim serve in headless Chromium
SHELL := /bin/bash
DEPS := libgeos-dev libproj-dev proj-data libglpk-dev pkg-config gdal-bin libgdal-dev
# Only the tests need a browser (check-report), its WebDriver and Selenium (check-serve) and fonts with Vietnamese glyphs.
TEST_DEPS := chromium fonts-dejavu-core chromium-driver python3-selenium curl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SIM := .build/release/sim
JOBS ?=

.PHONY: deps test-deps install-packages build run test check-geojson check-rasters check-report check-calibration check-serve check-slurm bench clean fuzz check-fuzz check-asan check-tsan check-leaks

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEPS)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEPS) $(TEST_DEPS)"

# apt-get install of whichever of $(PACKAGES) are missing.
install-packages:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	swift build -c release --product sim

run: build
	$(SIM) run data/scenarios/quang-tri-2020-plan.yaml --out out

test: test-deps
	swift test
	$(MAKE) --no-print-directory check-geojson
	$(MAKE) --no-print-directory check-rasters
	$(MAKE) --no-print-directory check-report
	$(MAKE) --no-print-directory check-calibration
	$(MAKE) --no-print-directory check-serve
	$(MAKE) --no-print-directory check-slurm

# Every GeoJSON (and the GeoPackage, KML, FlatGeobuf layers and Excel workbooks) that `sim run` writes must open in GDAL without a warning.
check-geojson:
	swift build --product sim
	@d=$$(mktemp -d); trap 'rm -rf $$d' EXIT; \
	./.build/debug/sim run data/scenarios/quang-tri-2020-plan.yaml --out $$d/out --format geojson,gpkg,kml,fgb >/dev/null 2>&1 || { echo "sim run failed"; exit 1; }; \
	fail=0; ok=0; for f in $$d/out/*.geojson $$d/out/run.gpkg $$d/out/run.kml $$d/out/fgb/*.fgb $$d/out/districts.xlsx $$d/out/plan.xlsx; do \
	  msg=$$(ogrinfo -ro -al -so "$$f" 2>&1); \
	  if [ $$? -ne 0 ] || grep -qiE "warning|error" <<<"$$msg"; then echo "ogrinfo: $$f"; echo "$$msg" | grep -iE "warning|error"; fail=1; \
	  else ok=$$((ok+1)); echo "ogrinfo ok: $$(basename $$f) ($$(grep -m1 'Feature Count' <<<"$$msg"))"; fi; \
	done; \
	echo "ogrinfo: $$ok passed, $$fail failed"; [ $$fail = 0 ]

# Every prediction raster (data/scenarios/quang-tri-2017-predictions.yaml) must open in gdalinfo without a warning,
# as a tiled, DEFLATE-compressed GeoTIFF with an EPSG code, no-data and overviews, with its QGIS style beside it.
check-rasters:
	swift build --product sim
	@d=$$(mktemp -d); trap 'rm -rf $$d' EXIT; \
	./.build/debug/sim run data/scenarios/quang-tri-2017-predictions.yaml --out $$d/out >/dev/null 2>&1 || { echo "sim run failed"; exit 1; }; \
	fail=0; ok=0; for f in $$d/out/prediction_*.tif; do \
	  msg=$$(gdalinfo "$$f" 2>&1); \
	  if [ $$? -ne 0 ] || grep -qiE "warning|error" <<<"$$msg" || ! grep -q 'ID\["EPSG",32648\]\]$$' <<<"$$msg" \
	     || ! grep -q "COMPRESSION=DEFLATE" <<<"$$msg" || ! grep -q "NoData Value=" <<<"$$msg" || ! grep -q "Overviews:" <<<"$$msg" \
	     || ! grep -q "Block=256x256" <<<"$$msg" || [ ! -f "$${f%.tif}.qml" ]; then \
	    echo "gdalinfo: $$f"; echo "$$msg" | grep -iE "warning|error"; fail=1; \
	  else ok=$$((ok+1)); echo "gdalinfo ok: $$(basename $$f) ($$(grep -m1 '^Size is' <<<"$$msg"), $$(grep -m1 'NoData' <<<"$$msg" | sed 's/^ *//'))"; fi; \
	done; \
	echo "gdalinfo: $$ok passed, $$fail failed"; [ $$ok = 5 ] && [ $$fail = 0 ]

# report.html in headless Chromium, Vietnamese then English (--lang en): screenshot size, non-blank map, no console
# errors, district names, a coverage layer per plan year, roads, towns, the spend table, no map text clipped or
# overlapping, <html lang>; the runs and screenshots stay in check-report/ and check-report-en/ (CI artefacts).
check-report: test-deps
	scripts/check-report.sh check-report
# calibration.html in headless Chromium: a synthetic drive test on the default scenario through sim calibrate; no
# console errors, the tables and charts in the DOM, self-contained (calibration.png and the run stay in check-calibration/).
check-calibration: test-deps
	scripts/check-calibration.sh check-calibration
# sim serve in headless Chromium through WebDriver: click a site onto the map, the district table against sim run
# with that site added, no console errors, 403 without the token (serve.png and the reference run stay in check-serve/).
check-serve: test-deps
	scripts/check-serve.sh check-serve
# A sweep on a real one-node Slurm cluster started by hand (scripts/slurm-test.sh; installs Slurm and munge when missing).
check-slurm:
	swift build --product sim
	scripts/slurm-test.sh

# Safety net (README "Safety net"): libFuzzer harnesses over every reader of user files, the suite
# under ASan (TSan over the parallel suites), and a leak check of `sim run`.
# One instrumented build (.build/fuzz/release, scripts/instrumented-build.sh) serves fuzz, check-fuzz,
# check-asan and check-leaks: the second and later find it up to date.
FUZZ_SECONDS ?= 60
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

check-fuzz: deps
	FUZZ_SEED=1 scripts/fuzz.sh 20

check-asan: deps
	scripts/check-asan.sh address

check-tsan: deps
	scripts/check-asan.sh thread

check-leaks: deps
	scripts/check-leaks.sh

bench: build
	swift build -c release --product bench
	scripts/bench.sh

clean:
	rm -rf .build out
