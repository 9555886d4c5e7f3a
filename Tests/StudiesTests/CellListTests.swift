import Coverage
import Foundation
import Testing
@testable import Studies
import TestSupport

/// A cell list in an Atoll-style export against its site-list twin, through the whole study.
@Suite struct CellListTests {
    /// The default synthetic site list written as one row per cell, with Atoll's headers (units in
    /// brackets, EARFCN instead of MHz where the band has one: 1815 MHz = band 3, EARFCN 1200 + (1815 − 1805)/0.1 = 1300).
    static func atollTwin(of sitesCSV: String) throws -> String {
        let t = try CSVTable(path: sitesCSV, required: ["id"])
        var out = "Site,Transmitter,Longitude,Latitude,Height (m),Azimuth (°),Mechanical Downtilt (°),Electrical Downtilt (°),Antenna,Power (dBm),DL EARFCN,Frequency (MHz),Technology,Comments\n"
        for r in t.rows {
            let id = t.string(r, "id")!, tech = t.string(r, "technology") == "4G" ? "LTE" : "UMTS"
            let band = t.string(r, "band_mhz")!
            let earfcn = band == "1815" && tech == "LTE" ? "1300" : ""
            let freq = earfcn.isEmpty ? band : ""
            let az = (t.string(r, "azimuths_deg") ?? "").split(separator: ";").map(String.init)
            for (k, a) in (az.isEmpty ? [""] : az).enumerated() {
                let cell = az.isEmpty ? id : "\(id)-\(k + 1)"
                out += "\(id),\(cell),\(t.string(r, "lon")!),\(t.string(r, "lat")!),\(t.string(r, "height_m")!),\(a),0,0,,\(t.string(r, "power_dbm")!),\(earfcn),\(freq),\(tech),exported\n"
            }
        }
        return out
    }

    @Test func atollCellListGivesTheSiteListsFootprints() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sites = repoPath("data/quang-tri/sites-2017.csv")
        let cells = dir.appendingPathComponent("cells.csv")
        try Self.atollTwin(of: sites).write(to: cells, atomically: true, encoding: .utf8)
        let a = try await execute(try lightScenario())
        let bStudy = try await Study.load(try lightScenario { $0.inputs.sites = nil; $0.inputs.cells = cells.path }, workers: 2)
        let b = try await CoverageRun.execute(bStudy, workers: 2, progress: Progress())
        #expect(bStudy.warnings.contains { $0.contains("columns not read: Comments") })
        #expect(a.study.sites.map(\.id) == b.study.sites.map(\.id))
        #expect(b.study.sites.allSatisfy { $0.listedCells != nil })
        #expect(a.radio.footprints.count == b.radio.footprints.count && a.radio.footprints.count > 0)
        for (x, y) in zip(a.radio.footprints, b.radio.footprints) {
            #expect(x.radiiMeters == y.radiiMeters && x.polygons == y.polygons, "site \(a.study.sites[x.siteIndex].id)")
        }
        #expect(a.stats.cellCovered == b.stats.cellCovered)
    }

    /// A cell naming a library pattern with a 6° electrical tilt gets a 3D footprint; an unknown antenna
    /// name is refused naming the row and the folder.
    @Test func antennaNamesResolveInTheLibrary() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "site,cell,lon,lat,height_m,azimuth,etilt,antenna,power_dbm,earfcn,technology\n"
        let good = header + "S1,S1-1,107.1,16.8,30,0,0,3gpp-tr36814-h65-v10-t06,43,1300,LTE\n"
        let cells = dir.appendingPathComponent("cells.csv")
        try good.write(to: cells, atomically: true, encoding: .utf8)
        let s = try lightScenario { $0.inputs.sites = nil; $0.inputs.cells = cells.path; $0.inputs.antennas = repoPath("data/antennas") }
        let study = try await Study.load(s, workers: 1)
        let cell = try #require(study.sites.first?.listedCells?.first)
        #expect(cell.antenna?.name.hasPrefix("3GPP-TR36814-H65-V10-T06") == true && cell.antenna?.electricalTiltDegrees == 6)
        #expect(!study.sites[0].cellsShareOnePathLoss)
        let run = try await CoverageRun.execute(study, workers: 1, progress: Progress())
        #expect(run.radio.footprints.count == 1 && (run.radio.footprints[0].radiiMeters.max() ?? 0) > 100)

        try (header + "S1,S1-1,107.1,16.8,30,0,0,KATHREIN-80010699,43,1300,LTE\n").write(to: cells, atomically: true, encoding: .utf8)
        await #expect { _ = try await Study.load(s, workers: 1) } throws: {
            "\($0)".contains("cells.csv:2") && "\($0)".contains("antenna 'KATHREIN-80010699'") && "\($0)".contains("data/antennas")
        }
    }
}
