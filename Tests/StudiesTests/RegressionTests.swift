import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// Every committed fuzz input — the seed corpora (Fuzz/corpus/<harness>/) and the minimised crash
/// inputs the fuzzers found (Fuzz/regressions/<harness>/) — through the reader its harness drives
/// (Fuzz/Harness), in the ordinary test build. Each reader must return or throw; a thrown error must
/// be one line that names the file it read (house style: one clear line naming file and place).
@Suite struct FuzzRegressionTests {
    static let fuzz = repo.appendingPathComponent("Fuzz")

    static func inputs(_ harness: String) -> [URL] {
        ["corpus", "regressions"].flatMap { kind -> [URL] in
            let d = fuzz.appendingPathComponent("\(kind)/\(harness)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []
            return names.sorted().map { d.appendingPathComponent($0) }
        }
    }

    /// Runs `body`; an error must be a single non-empty line containing `file`.
    func check(_ input: URL, _ file: String, _ body: () throws -> Void) {
        do { try body() } catch {
            let text: String
            switch error {
            case let e as SimError: text = e.description
            case let e as CoverageError: text = e.description
            default: text = "\(error)"
            }
            #expect(!text.isEmpty && !text.contains("\n"), "\(input.lastPathComponent): multi-line error: \(text)")
            #expect(text.contains(file), "\(input.lastPathComponent): error does not name \(file): \(text)")
        }
    }

    /// A copy of `input` under `name` in a fresh folder (the sim readers take paths).
    func staged(_ input: URL, _ name: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("fuzzreg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        let p = d.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: input.path, toPath: p)
        return p
    }

    @Test func corporaAreCommitted() {
        for h in ["geojson", "csv-sites", "csv-cells", "csv-population", "csv-plan", "csv-table", "yaml-scenario", "yaml-sweep", "terrain", "geos-wkb", "geos-geojson", "itm-profile"] {
            #expect(!Self.inputs(h).isEmpty, "no seeds for \(h)")
        }
    }

    @Test func geojson() throws {
        let projector = try Projector(try Projection(epsg: 32648))
        for input in Self.inputs("geojson") {
            let p = try staged(input, "in.geojson")
            check(input, "in.geojson") { _ = try GeoJSON.readFeatures(try Data(contentsOf: input), file: "in.geojson") }
            check(input, "in.geojson") { _ = try Inputs.districts(p) }
            check(input, "in.geojson") { _ = try Inputs.places(p) }
            check(input, "in.geojson") { _ = try Inputs.lines(p) }
            check(input, "in.geojson") { _ = try Inputs.populationPoints(p) }
            check(input, "in.geojson") { _ = try Inputs.cables(p, projector: projector) }
            check(input, "in.geojson") { _ = try Inputs.olts(p, projector: projector, defaultReachKm: 20) }
        }
    }

    @Test func csv() throws {
        let districts = ["461", "464"].map { District(id: $0, name: $0, nameASCII: $0, population: 1, polygons: [], polygonsLonLat: [], environment: .rural) }
        for input in Self.inputs("csv-sites") { let p = try staged(input, "sites.csv"); check(input, "sites.csv") { _ = try Inputs.sites(p) } }
        for input in Self.inputs("csv-cells") { let p = try staged(input, "cells.csv"); check(input, "cells.csv") { _ = try Inputs.cells(p) } }
        for input in Self.inputs("csv-population") { let p = try staged(input, "pop.csv"); check(input, "pop.csv") { _ = try Inputs.populationPoints(p) } }
        for input in Self.inputs("csv-plan") {
            let p = try staged(input, "plan.csv")
            check(input, "plan.csv") { _ = try PlanCosts.load(p) }
            check(input, "plan.csv") { _ = try PlanTargets.load(p, districts: districts, years: [2018, 2019, 2020]) }
        }
    }

    /// csv-table: the CSV records reader, and the writer's round trip on what it accepts (the
    /// harness's property; the committed regression is a quote followed by a combining mark).
    @Test func csvTable() throws {
        for input in Self.inputs("csv-table") {
            guard let text = String(data: try Data(contentsOf: input), encoding: .utf8),
                  let records = try? CSVTable.records(text, file: "t.csv") else { continue }
            let written = records.map { CSVTable.row($0.fields) + "\n" }.joined()
            let again = try CSVTable.records(written, file: "w.csv")
            #expect(again.map(\.fields) == records.map(\.fields), "\(input.lastPathComponent)")
        }
    }

    @Test func yamlScenario() throws {
        let defaults = try YNode.load(path: repoPath("data/scenarios/defaults.yaml"))
        for input in Self.inputs("yaml-scenario") {
            guard let text = String(data: try Data(contentsOf: input), encoding: .utf8) else { continue }
            var node: YNode?
            check(input, "s.yaml") { node = try YNode.parse(text, file: "s.yaml") }
            guard let node else { continue }
            // Errors may name either file of the merge.
            check(input, ".yaml") { _ = try Scenario.decode(node, file: "s.yaml") }
            check(input, ".yaml") { _ = try Scenario.decode(defaults.merged(with: node), file: "s.yaml") }
        }
    }

    /// Sweep files, read as `sim sweep` reads them, from a mirror of data/ (scenarios/ holds links to
    /// the committed scenarios, so `base:` and the base's relative paths resolve; see FuzzSweep).
    @Test func yamlSweep() throws {
        let fm = FileManager.default
        let mirror = fm.temporaryDirectory.appendingPathComponent("sweepreg-\(UUID().uuidString)/data")
        defer { try? fm.removeItem(at: mirror.deletingLastPathComponent()) }
        let data = repo.appendingPathComponent("data")
        try fm.createDirectory(at: mirror.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        for e in try fm.contentsOfDirectory(atPath: data.path) where e != "scenarios" {
            try fm.createSymbolicLink(atPath: mirror.appendingPathComponent(e).path, withDestinationPath: data.appendingPathComponent(e).path)
        }
        for f in try fm.contentsOfDirectory(atPath: data.appendingPathComponent("scenarios").path) {
            try fm.createSymbolicLink(atPath: mirror.appendingPathComponent("scenarios/\(f)").path,
                                      withDestinationPath: data.appendingPathComponent("scenarios/\(f)").path)
        }
        var loaded = 0
        for input in Self.inputs("yaml-sweep") {
            let p = mirror.appendingPathComponent("scenarios/fuzz.sweep.yaml")
            try? fm.removeItem(at: p)
            try fm.copyItem(at: input, to: p)
            check(input, ".yaml") { _ = try SweepFile.load(path: p.path); loaded += 1 }
        }
        #expect(loaded >= 2)   // the two committed example sweeps load
    }

    @Test func terrain() throws {
        for input in Self.inputs("terrain") {
            let data = try Data(contentsOf: input)
            let nl = data.firstIndex(of: 0x0A) ?? data.endIndex
            let name = String(decoding: data[data.startIndex..<nl], as: UTF8.self)
            let body = nl < data.endIndex ? Data(data[(nl + 1)...]) : Data()
            check(input, name) { _ = try SRTMTile.parse(data: body, fileName: name) }
            if let text = String(data: body, encoding: .utf8) { check(input, name) { _ = try ESRIASCIIGrid.parse(text: text, fileName: name) } }
        }
    }

    /// itm-profile: the pfl reader, then ITM point-to-point (both forms) on what it accepts.
    @Test func itmProfile() throws {
        let mode = try ITM.ModeOfVariability(mdvar: 12)
        for input in Self.inputs("itm-profile") {
            let p = try staged(input, "profile.txt")
            check(input, "profile.txt") {
                let profile = try Inputs.terrainProfile(p)
                let r = try ITM.pointToPointLossTLS(hTxMeters: 30, hRxMeters: 1.5, profile: profile, climate: .continentalTemperate,
                                                    surfaceRefractivityNUnits: 301, frequencyMHz: 1800, polarization: .vertical,
                                                    epsilon: 15, sigma: 0.005, mdvar: mode, timePercent: 50, locationPercent: 50, situationPercent: 50)
                #expect(r.lossDB.isFinite, "\(input.lastPathComponent): loss \(r.lossDB)")
            }
        }
    }

    /// Found reading the pfl reader for the itm-profile harness (Fuzz/regressions/itm-profile/): a
    /// profile whose np is a whole number too large for Int (1e30) trapped in the count check.
    @Test func profileWithHugeIntervalCount() throws {
        #expect { _ = try TerrainProfile(pfl: [1e30, 100, 0, 1, 2]) } throws: { "\($0)".contains("np = 1e+30") || "\($0)".contains("np = 1") }
        #expect { _ = try TerrainProfile(pfl: [3, 100, 0, 1, 2]) } throws: { "\($0)".contains("needs 4 elevations, got 3") }
        #expect(try TerrainProfile(pfl: [2, 100, 0, 1, 2]).intervalCount == 2)
    }

    /// geos-wkb crash (Fuzz/regressions/geos-wkb/geos-wkb-makevalid-nan-linestring.wkb): a WKB
    /// LineString with NaN coordinates reached GEOSMakeValid_r, which segfaults in GEOS 3.11.1.
    /// `geometry(wkb:)` must now reject it, and any NaN / infinite x or y, by throwing. The WKB bytes
    /// below are written out by hand from the OGC Simple Features layout (byte order 01 = little
    /// endian, uint32 type 2 = LineString, uint32 point count, then x, y as IEEE-754 doubles).
    @Test func wkbWithNonFiniteCoordinatesIsRejected() throws {
        let ctx = GEOSContext()
        let crash = Self.fuzz.appendingPathComponent("regressions/geos-wkb/geos-wkb-makevalid-nan-linestring.wkb")
        #expect(throws: CoverageError.self) { _ = try ctx.geometry(wkb: [UInt8](try Data(contentsOf: crash))) }
        func lineString(_ xy: [Double]) -> [UInt8] {
            var b: [UInt8] = [0x01, 0x02, 0, 0, 0]
            withUnsafeBytes(of: UInt32(xy.count / 2).littleEndian) { b += $0 }
            for v in xy { withUnsafeBytes(of: v.bitPattern.littleEndian) { b += $0 } }
            return b
        }
        // The finite line (0,0)–(3,4) reads back with its points; its length is 5 (3-4-5 triangle).
        let ok = try ctx.geometry(wkb: lineString([0, 0, 3, 4]))
        #expect(try ok.lineStrings() == [LineString2([Point2(0, 0), Point2(3, 4)])])
        #expect(try ok.lineStrings().first?.length == 5)
        // geos-wkb timeout (Fuzz/regressions/geos-wkb/geos-wkb-makevalid-timeout-huge-coordinates.wkb):
        // a polygon with coordinates up to 4 × 10²²⁸ kept make-valid's snap-rounding busy > 10 s.
        let timeout = Self.fuzz.appendingPathComponent("regressions/geos-wkb/geos-wkb-makevalid-timeout-huge-coordinates.wkb")
        #expect(throws: CoverageError.self) { _ = try ctx.geometry(wkb: [UInt8](try Data(contentsOf: timeout))) }
        #expect(try ctx.geometry(wkb: lineString([0, 0, 1e12, -1e12])).lineStrings().count == 1)   // the limit itself is accepted
        for bad in [[0, 0, .nan, 4], [0, 0, 3, .infinity], [-.infinity, 0, 3, 4], [0, 0, 1.0000001e12, 0], [0, -4e228, 3, 4]] as [[Double]] {
            #expect(throws: CoverageError.self) { _ = try ctx.geometry(wkb: lineString(bad)) }
        }
        // The same NaN inside a GeometryCollection (type 7) around the line.
        let nested: [UInt8] = [0x01, 0x07, 0, 0, 0, 0x01, 0, 0, 0] + lineString([0, 0, .nan, 4])
        #expect(throws: CoverageError.self) { _ = try ctx.geometry(wkb: nested) }
    }

    /// terrain crash (Fuzz/regressions/terrain/): a tile name of 80-odd slashes around one letter
    /// trapped inside Foundation's NSString.lastPathComponent. The name's last non-empty path
    /// component is now taken by hand; the corner still comes from names with folders and slashes.
    @Test func srtmNameMadeOfSlashes() throws {
        let crash = Self.fuzz.appendingPathComponent("regressions/terrain/terrain-slashes-lastpathcomponent")
        let name = String(decoding: try Data(contentsOf: crash).prefix { $0 != 0x0A }, as: UTF8.self)
        #expect(throws: CoverageError.self) { _ = try SRTMTile.southWestCorner(fileName: name) }
        #expect(throws: CoverageError.self) { _ = try SRTMTile.southWestCorner(fileName: "////") }
        #expect(try SRTMTile.southWestCorner(fileName: "a//b/n16e106.hgt") == (16, 106))
        #expect(try SRTMTile.southWestCorner(fileName: "/data/S08W035.hgt/") == (-8, -35))
    }

    /// terrain crash (Fuzz/regressions/terrain/terrain-ascii-grid-huge-nrows): `nrows 1444…4` (34
    /// digits) trapped converting to Int. Now an error naming the file; a grid at the 10⁸-cell limit
    /// is only refused for its missing values, not its size.
    @Test func asciiGridTooLarge() throws {
        let crash = Self.fuzz.appendingPathComponent("regressions/terrain/terrain-ascii-grid-huge-nrows")
        let text = String(decoding: try Data(contentsOf: crash), as: UTF8.self).split(separator: "\n", maxSplits: 1)[1]
        #expect(throws: CoverageError.self) { _ = try ESRIASCIIGrid.parse(text: String(text), fileName: "big.asc") }
        let header = "ncols 10000\nnrows 10001\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n"
        #expect { _ = try ESRIASCIIGrid.parse(text: header, fileName: "big.asc") } throws: { "\($0)".contains("larger than") }
        let limit = "ncols 10000\nnrows 10000\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n"
        #expect { _ = try ESRIASCIIGrid.parse(text: limit, fileName: "big.asc") } throws: { !"\($0)".contains("larger than") }
    }

    /// geojson crash (CI, Fuzz/regressions/geojson/): a cable's `fibres` of 1e30 trapped converting the
    /// JSON number to Int; so did `year_built`, an OLT's `split_ratio` and a district's population.
    /// Each is now an error naming the file, the feature and the key; in-range values still read.
    @Test func wholeNumberPropertiesOutOfRange() throws {
        let projector = try Projector(try Projection(epsg: 32648))
        let dir = Self.fuzz.appendingPathComponent("regressions/geojson")
        func message(_ name: String, _ read: (String) throws -> Void) throws -> String {
            let p = try staged(dir.appendingPathComponent(name), "in.geojson")
            do { try read(p); return "" } catch { return "\(error)" }
        }
        let fibres = try message("geojson-cable-fibres-1e30.geojson") { _ = try Inputs.cables($0, projector: projector) }
        #expect(fibres.contains("in.geojson: feature 0") && fibres.contains("'fibres'"), "\(fibres)")
        let year = try message("geojson-cable-year-built-minus-1e300.geojson") { _ = try Inputs.cables($0, projector: projector) }
        #expect(year.contains("feature 0") && year.contains("'year_built'"), "\(year)")
        let split = try message("geojson-olt-split-ratio-9e18.geojson") { _ = try Inputs.olts($0, projector: projector, defaultReachKm: 20) }
        #expect(split.contains("feature 0") && split.contains("'split_ratio'"), "\(split)")
        let pop = try message("geojson-district-population-1e30.geojson") { _ = try Inputs.districts($0) }
        #expect(pop.contains("district 461") && pop.contains("'population'"), "\(pop)")
        // In range: read as whole numbers (a fraction is refused).
        #expect(try Inputs.wholeNumber(.number(48), key: "fibres", in: 1...100_000) { SimError.input($0) } == 48)
        #expect(try Inputs.wholeNumber(nil, key: "fibres", in: 1...100_000) { SimError.input($0) } == nil)
        #expect(throws: SimError.self) { _ = try Inputs.wholeNumber(.number(2.5), key: "fibres", in: 1...100_000) { SimError.input($0) } }
    }

    /// A sweep run folder's run.json (read back by `--resume` and `sweep-merge`, possibly from a
    /// cluster's shared disk) with an `index` that is not a whole number ≥ 0 counts as not done,
    /// instead of trapping in the conversion to Int.
    @Test func runRecordWithOutOfRangeIndex() throws {
        func record(index: String) throws -> RunRecord? {
            let text = #"{"sweep_fingerprint":"f","run_id":"r","index":"# + index + #","status":"ok","message":"","seconds":1,"figures":[]}"#
            return RunRecord(json: try GeoJSON.parseJSON(Data(text.utf8), file: "run.json"))
        }
        #expect(try record(index: "3")?.index == 3)
        #expect(try record(index: "1e30") == nil)
        #expect(try record(index: "-1") == nil)
        #expect(try record(index: "2.5") == nil)
    }

    /// GEOS: geometry from WKB or GeoJSON, made valid, unioned and intersected; a GEOS error is
    /// acceptable (it names the GEOS operation), a crash is not.
    @Test func geos() throws {
        let ctx = GEOSContext()
        let square = try ctx.polygon(Polygon2(exterior: [Point2(0, 0), Point2(1, 0), Point2(1, 1), Point2(0, 1), Point2(0, 0)], holes: []))
        func exercise(_ g: GEOSGeometryRef) {
            _ = try? g.isValid(); _ = g.validReason(); _ = try? g.area(); _ = try? g.polygons(); _ = try? g.lineStrings()
            guard let v = try? g.makeValid() else { return }
            if let u = try? v.unaryUnion() { _ = try? u.area(); _ = try? u.wkb() }
            if let i = try? v.intersection(square) { _ = try? i.polygons() }
        }
        for input in Self.inputs("geos-wkb") {
            if let g = try? ctx.geometry(wkb: [UInt8](try Data(contentsOf: input))) { exercise(g) }
        }
        for input in Self.inputs("geos-geojson") {
            for f in (try? GeoJSON.readFeatures(try Data(contentsOf: input), file: "g.geojson")) ?? [] {
                if let g = try? ctx.geometry(f.geometry) { exercise(g) }
            }
        }
    }
}
