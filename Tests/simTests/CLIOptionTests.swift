import ArgumentParser
import Coverage
import Foundation
import Testing
import TestSupport
@testable import sim
@testable import Studies

/// The command line's own options and exit paths (the library under them is tested in StudiesTests).
@Suite(.serialized) struct CLIOptionTests {
    func message(_ body: () async throws -> Void) async -> String {
        do { try await body(); return "" } catch { return "\(error)" }
    }

    /// A Shapefile without .prj: the error names the file, says the .prj is missing and how to name
    /// the CRS; with `--crs EPSG:9212` it loads and matches the WGS 84 twin's total area within 0.01 %.
    @Test func shapefileWithoutPrjAndCrsOption() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["shp", "shx", "dbf", "cpg"] {
            try FileManager.default.copyItem(atPath: vn2000Districts.replacingOccurrences(of: ".shp", with: ".\(ext)"),
                                             toPath: dir.appendingPathComponent("d.\(ext)").path)
        }
        let shp = dir.appendingPathComponent("d.shp").path
        let m = await message { _ = try await Study.load(try lightScenario(districts: shp), workers: 1) }
        #expect(m.contains("d.shp") && m.contains("no .prj") && m.contains("--crs EPSG:9212") && m.contains("crs_epsg"))

        let cmd = try RunCommand.parse([defaultScenario, "--crs", "EPSG:9212", "--format", "gpkg"])
        let code = try cmd.inputCRS.epsg
        #expect(code == 9212)
        let study = try await Study.load(try lightScenario(districts: shp) { $0.inputs.fallbackCRSEPSG = code }, workers: 1)
        let twin = try await Study.load(try lightScenario(), workers: 1)
        let area = { (s: Study) in s.districts.reduce(0.0) { $0 + abs($1.polygons.reduce(0) { $0 + Rings.signedArea2($1.exterior) / 2 }) } }
        #expect(abs(area(study) - area(twin)) <= 1e-4 * area(twin))

        let bad = await message { _ = try RunCommand.parse([defaultScenario, "--crs", "VN2000"]).inputCRS.epsg }
        #expect(bad.contains("--crs 'VN2000'") && bad.contains("EPSG:9212"))
    }

    /// `--format` takes repeated and comma-separated values; an unknown one lists the choices.
    @Test func formatOption() throws {
        #expect(try OutputFormat.parse([]) == [.geojson])
        #expect(try OutputFormat.parse(["gpkg,kml", "geojson", "kml"]) == [.gpkg, .kml, .geojson])
        #expect(try RunCommand.parse(["--format", "kml", "--format", "gpkg"]).outputFormat.formats == [.kml, .gpkg])
        var m = ""
        do { _ = try OutputFormat.parse(["shapefile"]) } catch { m = "\(error)" }
        #expect(m.contains("unknown format 'shapefile'") && m.contains("geojson, gpkg, kml, fgb"))
    }

    /// The CLI turns a bad cost file into one error and writes nothing.
    @Test func badInputWritesNothing() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let costs = dir.appendingPathComponent("costs.csv").path
        try "item,cost_vnd,unit,source\nnew_site,-1,per site,x\nlte_upgrade,1,per site,x\n".write(toFile: costs, atomically: true, encoding: .utf8)
        let yaml = dir.appendingPathComponent("s.yaml").path
        try "extends: \(planScenario)\nplanner:\n  costs: \(costs)\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let cmd = try PlanCommand.parse([yaml, "--out", out, "--jobs", "2"])
        await #expect(throws: ExitCode.self) { try await cmd.run() }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
