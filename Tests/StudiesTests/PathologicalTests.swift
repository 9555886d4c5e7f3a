import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// Pathological but valid inputs: each finishes, or fails with one clear line, within a deadline and
/// a memory bound. Sizes are the issue's (#8): a 1,000,000-vertex polygon, 100,000 sites at one
/// point, a zero-area district, a 10-level `extends` chain. The deadlines are generous ceilings for
/// a debug build on a shared 2-core machine (hang detection), not speed measurements.
@Suite(.serialized) struct PathologicalTests {
    /// The whole `sim run` over the two largest inputs takes minutes in a debug build (measured on
    /// the shared 2-core machine: 180 s for the 10⁶-vertex district; > 300 s for 100,000 sites, of
    /// which district statistics ≈ 2 ms and output writing ≈ 9 ms per coincident site), too long for
    /// CI; SIM_PATHOLOGICAL_FULL=1 runs them. Without it the readers, GEOS and `Study.load` still
    /// take the full-size inputs.
    static let full = ProcessInfo.processInfo.environment["SIM_PATHOLOGICAL_FULL"] == "1"

    let dir: URL = {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("pathological-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }()

    func write(_ text: String, _ name: String) -> String {
        let p = dir.appendingPathComponent(name).path
        try! text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    /// A scenario extending defaults.yaml with the given inputs and extra YAML.
    func scenario(districts: String, sites: String, extra: String = "") -> String {
        write("""
        extends: \(repoPath("data/scenarios/defaults.yaml"))
        name: pathological
        inputs:
          districts: \(districts)
          sites: \(sites)
        \(extra)
        """, "s-\(UUID().uuidString).yaml")
    }

    /// A district GeoJSON of one polygon ring (closed by the writer).
    func district(_ id: String, ring: [(Double, Double)]) -> String {
        var s = #"{"type":"Feature","properties":{"id":"\#(id)","population":1000},"geometry":{"type":"Polygon","coordinates":[["#
        s.reserveCapacity(ring.count * 40)
        for (i, p) in (ring + [ring[0]]).enumerated() { if i > 0 { s += "," }; s += "[\(p.0),\(p.1)]" }
        return s + "]]}}"
    }

    func collection(_ features: [String]) -> String { #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}" }

    let oneSite = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\nS1,107.0,16.8,30,4G,1800,43,\n"

    /// A regular 1,000,000-gon of circumradius r = 0.05° (≈ 5.3 km E–W, 5.5 km N–S at 16.8° N)
    /// through the GeoJSON reader, GEOS validity and area: area = (n / 2) r² sin(2π / n) (the n
    /// isosceles triangles of a regular polygon), which for n = 10⁶ is π r² to 1 part in 10¹¹.
    /// Then a whole `sim run` over it as a district.
    @Test func millionVertexPolygon() throws {
        let n = 1_000_000, r = 0.05
        let ring = (0..<n).map { k -> (Double, Double) in
            let a = 2 * Double.pi * Double(k) / Double(n)
            return (107.0 + r * cos(a), 16.8 + r * sin(a))
        }
        let path = write(collection([district("D1", ring: ring)]), "million.geojson")
        let features = try GeoJSON.readFeatures(try Data(contentsOf: URL(fileURLWithPath: path)), file: path)
        let poly = try #require(features.first?.geometry.polygons.first)
        #expect(poly.exterior.count == n + 1)
        // The polygon as read, shifted to the origin so its area in degrees² is exact to ~1e-12 relative.
        let ctx = GEOSContext()
        let centred = Polygon2(exterior: poly.exterior.map { Point2($0.x - 107.0, $0.y - 16.8) }, holes: [])
        let g = try ctx.polygon(centred)
        #expect(try g.isValid())
        let expected = Double(n) / 2 * r * r * sin(2 * Double.pi / Double(n))
        #expect(abs(try g.area() - expected) / expected < 1e-6)  // 6-decimal text round trip: ≤ 1e-6 relative

        guard Self.full else { return }
        let s = scenario(districts: path, sites: write(oneSite, "one-site.csv"))
        let run = try SimProcess(["run", s, "--out", dir.appendingPathComponent("out-million").path, "--jobs", "2"], dir: dir).wait(seconds: 300)
        #expect(run.status == 0, "sim run over a 10⁶-vertex district: \(run.stderr)")
        #expect(run.maxRSSMB < 4096, "peak memory \(run.maxRSSMB) MB")
        let csv = try String(contentsOfFile: dir.appendingPathComponent("out-million/districts.csv").path, encoding: .utf8)
        #expect(csv.contains("D1"))
    }

    /// 100,000 sites at one point (ids unique): reading, locating and the whole run finish. The
    /// quick-study disk model keeps footprints cheap so the test measures the pipeline's handling of
    /// 100,000 coincident sites (union, statistics), not the link budget's cost per site.
    @Test func hundredThousandSitesAtOnePoint() async throws {
        var csv = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n"
        csv.reserveCapacity(100_000 * 40)
        for i in 0..<100_000 { csv += "S\(i),107.0,16.8,30,4G,1800,43,\n" }
        let sites = write(csv, "sites-100k.csv")
        #expect(try Inputs.sites(sites).count == 100_000)
        let square = district("D1", ring: [(106.9, 16.7), (107.1, 16.7), (107.1, 16.9), (106.9, 16.9)])
        let s = scenario(districts: write(collection([square]), "square.geojson"), sites: sites, extra: "radio:\n  disk_radius_m: 3000\n")
        let study = try await Study.load(try Scenario.load(path: s), workers: 2)
        #expect(study.sites.count == 100_000 && study.siteDistrict.allSatisfy { $0 == 0 })
        guard Self.full else { return }
        let run = try SimProcess(["run", s, "--out", dir.appendingPathComponent("out-100k").path, "--jobs", "2"], dir: dir).wait(seconds: 300)
        #expect(run.status == 0, "sim run with 100,000 coincident sites: \(run.stderr)")
        #expect(run.maxRSSMB < 4096, "peak memory \(run.maxRSSMB) MB")
    }

    /// A district whose ring goes out and back along one segment (a → b → a → a: exactly zero area,
    /// in lon/lat and after projection): a clean one-line error naming the file and feature, exit
    /// status 1, no output folder.
    @Test func zeroAreaDistrict() throws {
        let flat = district("Z", ring: [(107.0, 16.8), (107.1, 16.9), (107.0, 16.8)])
        let square = district("D1", ring: [(106.9, 16.7), (107.1, 16.7), (107.1, 16.9), (106.9, 16.9)])
        let districts = write(collection([square, flat]), "zero-area.geojson")
        let s = scenario(districts: districts, sites: write(oneSite, "one-site-z.csv"))
        let out = dir.appendingPathComponent("out-zero")
        let run = try SimProcess(["run", s, "--out", out.path, "--jobs", "1"], dir: dir).wait(seconds: 120)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("sim: error:") }
        #expect(lines.count == 1)
        #expect(run.stderr.contains("zero-area.geojson") && run.stderr.contains("feature 1"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// A 10-level `extends` chain: level k sets `name: level k` and one radio value; the leaf wins
    /// each key it sets and inherits the others from the nearest level that set them.
    @Test(.timeLimit(.minutes(1))) func tenLevelExtendsChain() throws {
        _ = write("extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\nname: level 0\nradio:\n  threshold_dbm: -100\n", "level0.yaml")
        for k in 1..<10 {
            _ = write("extends: level\(k - 1).yaml\nname: level \(k)\nradio:\n  bearing_step_deg: \(k)\n", "level\(k).yaml")
        }
        let s = try Scenario.load(path: dir.appendingPathComponent("level9.yaml").path)
        #expect(s.name == "level 9")
        #expect(s.radio.bearingStepDegrees == 9)
        #expect(s.radio.thresholdDBm == -100)
        #expect(s.inputs.sites?.hasSuffix("data/quang-tri/sites-2017.csv") == true)
    }
}

/// `sim run` killed with SIGKILL while it writes: the output folder is the old one, untouched (or,
/// if the kill came after the final rename, the complete new one); a leftover temporary sibling
/// does not stop the next run, which writes the complete folder.
@Suite(.serialized) struct KilledWriteTests {
    static let outputs = [OutputFolder.markerName, "cables.geojson", "coverage.geojson", "districts.csv", "districts.geojson", "districts.xlsx", "footprints.geojson",
                          "olts.geojson", "population.csv", "reach.geojson", "report.html", "sites.geojson", "summary.json"]

    @Test func killDuringWriteLeavesOldFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("killed-\(UUID().uuidString)")
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "keep".write(to: out.appendingPathComponent("old.txt"), atomically: true, encoding: .utf8)
        try OutputFolder.markerText.write(to: out.appendingPathComponent(OutputFolder.markerName), atomically: true, encoding: .utf8)   // an earlier run's folder
        let fm = FileManager.default
        var killedMidWrite = 0
        // Kill at several points of the write phase: as soon as the temporary folder exists, and after
        // its 2nd and 5th file appeared.
        for filesBeforeKill in [0, 2, 5] {
            let p = try SimProcess(["run", defaultScenario, "--out", out.path, "--jobs", "1", "--no-plan"], dir: dir)
            let temp = dir.appendingPathComponent(".out.tmp-\(p.pid)").path
            let start = Date()
            var sawTemp = false
            while Date().timeIntervalSince(start) < 300 {
                if let names = try? fm.contentsOfDirectory(atPath: temp), names.count >= filesBeforeKill { sawTemp = true; break }
                var st: Int32 = 0
                if waitpid(p.pid, &st, WNOHANG) == p.pid { break }   // finished before we saw the write phase
                usleep(200)
            }
            kill(p.pid, SIGKILL)
            let r = p.wait(seconds: 30)
            let names = Set(try fm.contentsOfDirectory(atPath: out.path))
            if names == ["old.txt", OutputFolder.markerName] {
                if sawTemp && r.status == nil { killedMidWrite += 1 }
            } else {
                // The kill landed after the rename: the new folder must be complete.
                #expect(names == Set(Self.outputs), "killed after \(filesBeforeKill) files: out holds \(names.sorted())")
                try fm.removeItem(at: out)
                try fm.createDirectory(at: out, withIntermediateDirectories: true)
                try "keep".write(to: out.appendingPathComponent("old.txt"), atomically: true, encoding: .utf8)
                try OutputFolder.markerText.write(to: out.appendingPathComponent(OutputFolder.markerName), atomically: true, encoding: .utf8)
            }
        }
        #expect(killedMidWrite >= 2, "only \(killedMidWrite) kills landed during the write phase")
        #expect(try fm.contentsOfDirectory(atPath: dir.path).contains { $0.hasPrefix(".out.tmp-") }, "a killed run leaves its temporary folder")

        // The next run is not disturbed by the leftovers and writes the complete folder.
        let r = try SimProcess(["run", defaultScenario, "--out", out.path, "--jobs", "2", "--no-plan"], dir: dir).wait(seconds: 300)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Set(try fm.contentsOfDirectory(atPath: out.path)) == Set(Self.outputs))
        // …and removes the dead runs' temporary folders (only the children's stderr files remain).
        #expect(try fm.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix("stderr-") } == ["out"])
        try? fm.removeItem(at: dir)
    }

    /// A PID that no process has: a child that has exited and been reaped.
    static func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    /// Files of 8 MB and more are written in the background from their parts: the same bytes as the joined text (a
    /// CSV with its byte-order mark once), and a file that cannot be written fails the run — naming it, leaving the
    /// earlier folder as it was — though the error happens after `write` returned.
    @Test func largeFilesWrittenInTheBackground() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("outfolder-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let row = "1,106.000001,16.000001,QT01,12.5,1\n"
        let texts = ["id,lon,lat,district_id,population,covered\n", String(repeating: row, count: 150_000), "", String(repeating: row, count: 150_000)]
        let parts = texts.map(TextBuffer.init)
        #expect(parts.reduce(0) { $0 + $1.count } >= OutputFolder.backgroundBytes)
        try OutputFolder.produce(out.path) { try $0.write("big.csv", parts: parts); try $0.write("small.txt", "small") }
        let bytes = try Data(contentsOf: out.appendingPathComponent("big.csv"))
        #expect(bytes == Data((CSVTable.byteOrderMark + texts.joined()).utf8))
        #expect(try String(contentsOf: out.appendingPathComponent("small.txt"), encoding: .utf8) == "small")

        // A folder where the file should go: open(2) fails on the writer's thread; produce throws and keeps `out`.
        #expect { try OutputFolder.produce(out.path) { f in
            try fm.createDirectory(atPath: f.path("big.geojson"), withIntermediateDirectories: false)
            try f.write("big.geojson", parts: parts)
        } } throws: { "\($0)".contains("big.geojson: cannot write") }
        #expect(Set(try fm.contentsOfDirectory(atPath: out.path)) == ["big.csv", "small.txt", OutputFolder.markerName])
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    /// A large text written as it is formatted (``OutputFolder/write(_:_:workers:)``): the file holds the joined text
    /// (a `.csv` with one byte-order mark), the same on 1 and 2 workers; a write that fails part-way (the file is a
    /// link to /dev/full: ENOSPC on the first write that reaches it) stops the run naming the file, and the folder
    /// written before is left as it was.
    @Test func largeTextStreamedToItsFile() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("outfolder-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let text = ChunkedText(head: "id,value\n", count: 300_000, chunkItems: 4_096) { r, s in for i in r { s.append(i); s.append(",1.5\n" as StaticString) } }
        let expected = CSVTable.byteOrderMark + "id,value\n" + (0..<300_000).map { "\($0),1.5\n" }.joined()
        for workers in [1, 2] {
            try OutputFolder.produce(out.path) { try $0.write("rows.csv", text, workers: workers) }
            #expect(try Data(contentsOf: out.appendingPathComponent("rows.csv")) == Data(expected.utf8), "\(workers) workers")
        }
        guard fm.fileExists(atPath: "/dev/full") else { return }
        #expect { try OutputFolder.produce(out.path) { f in
            try fm.createSymbolicLink(atPath: f.path("rows.csv"), withDestinationPath: "/dev/full")
            try f.write("rows.csv", text, workers: 2)
        } } throws: { "\($0)".contains("rows.csv: cannot write (No space left on device)") }
        #expect(try Data(contentsOf: out.appendingPathComponent("rows.csv")) == Data(expected.utf8))
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    /// OutputFolder in-process: replacing an existing folder leaves no sibling behind; a dead run's
    /// `.out.tmp-PID` is removed, a live process's is kept, and a dead run's `.out.old-PID` is moved
    /// back when `out` is missing (the run was killed between its two renames on the fallback path).
    @Test func staleSiblingsAreCleaned() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("outfolder-\(UUID().uuidString)")
        let out = dir.appendingPathComponent("out")
        try fm.createDirectory(at: out, withIntermediateDirectories: true)
        try "old".write(to: out.appendingPathComponent("old.txt"), atomically: true, encoding: .utf8)
        try OutputFolder.markerText.write(to: out.appendingPathComponent(OutputFolder.markerName), atomically: true, encoding: .utf8)
        try OutputFolder.produce(out.path) { try $0.write("new.txt", "new") }
        #expect(Set(try fm.contentsOfDirectory(atPath: out.path)) == ["new.txt", OutputFolder.markerName])
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["out"])

        let dead = try Self.deadPID(), live = getppid()
        for name in [".out.tmp-\(dead)", ".out.tmp-\(live)", ".other.tmp-\(dead)"] {
            try fm.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: false)
        }
        try OutputFolder.produce(out.path) { try $0.write("again.txt", "again") }
        #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == [".other.tmp-\(dead)", ".out.tmp-\(live)", "out"])
        #expect(Set(try fm.contentsOfDirectory(atPath: out.path)) == ["again.txt", OutputFolder.markerName])

        // The atomic swap itself (renameat2 RENAME_EXCHANGE): two folders trade places.
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        try fm.createDirectory(at: a, withIntermediateDirectories: false)
        try fm.createDirectory(at: b, withIntermediateDirectories: false)
        try "in a".write(to: a.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        #expect(OutputFolder.exchange(a.path, b.path))
        #expect(try fm.contentsOfDirectory(atPath: b.path) == ["a.txt"])
        #expect(try fm.contentsOfDirectory(atPath: a.path) == [])
        try fm.removeItem(at: a); try fm.removeItem(at: b)

        // Killed between "move out aside" and "move new in": only .out.old-PID is left.
        try fm.moveItem(at: out, to: dir.appendingPathComponent(".out.old-\(dead)"))
        OutputFolder.cleanStaleSiblings(of: out)
        #expect(Set(try fm.contentsOfDirectory(atPath: out.path)) == ["again.txt", OutputFolder.markerName])
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent(".out.old-\(dead)").path))

        // A failing run leaves the folder as it was and no sibling of its own.
        #expect(throws: SimError.self) { try OutputFolder.produce(out.path) { _ in throw SimError.output("stop") } }
        #expect(Set(try fm.contentsOfDirectory(atPath: out.path)) == ["again.txt", OutputFolder.markerName])
        #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == [".other.tmp-\(dead)", ".out.tmp-\(live)", "out"])
        try? fm.removeItem(at: dir)
    }
}
