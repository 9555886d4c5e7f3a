@testable import Coverage
import Foundation
@testable import Studies

/// GeoJSON: the parser and every sim reader of a GeoJSON layer (districts, places, roads,
/// population points, cables, OLTs), all on the same bytes.
enum FuzzGeoJSON {
    nonisolated(unsafe) static let projector = try! Projector(try! Projection(epsg: 32648))
    static func run(_ data: Data) {
        _ = try? GeoJSON.readFeatures(data, file: "fuzz.geojson")
        let p = Scratch.file("in.geojson", data)
        _ = try? Inputs.districts(p)
        _ = try? Inputs.places(p)
        _ = try? Inputs.lines(p)
        _ = try? Inputs.populationPoints(p)
        _ = try? Inputs.cables(p, projector: projector)
        _ = try? Inputs.olts(p, projector: projector, defaultReachKm: 20)
    }
}

/// CSV: sites (also the planner's candidate_sites format), population points, costs and targets.
enum FuzzCSV {
    static func sites(_ data: Data) {
        _ = try? Inputs.sites(Scratch.file("sites.csv", data))
    }
    /// Cell lists (Atoll / vendor exports): header aliases, units, channel numbers, spellings.
    static func cells(_ data: Data) {
        _ = try? Inputs.cells(Scratch.file("cells.csv", data))
    }
    static func population(_ data: Data) {
        _ = try? Inputs.populationPoints(Scratch.file("population.csv", data))
    }
    /// Two districts the targets may name (geometry is not read by the targets reader).
    static let districts = ["461", "464"].map {
        District(id: $0, name: $0, nameASCII: $0, population: 1, polygons: [], polygonsLonLat: [], environment: .rural)
    }
    static func plan(_ data: Data) {
        let p = Scratch.file("plan.csv", data)
        _ = try? PlanCosts.load(p)
        _ = try? PlanTargets.load(p, districts: districts, years: [2018, 2019, 2020])
    }
}

/// CSV records, the reader every CSV goes through, and the writer's round trip: whatever the
/// reader accepts, written back row by row with ``CSVTable/row(_:)`` and read again, gives the same
/// fields (a mismatch stops the fuzzer like a crash).
enum FuzzCSVTable {
    static func run(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8), let records = try? CSVTable.records(text, file: "fuzz.csv") else { return }
        let written = records.map { CSVTable.row($0.fields) + "\n" }.joined()
        guard let again = try? CSVTable.records(written, file: "written.csv") else { fatalError("written CSV does not read back:\n\(written)") }
        guard again.map(\.fields) == records.map(\.fields) else { fatalError("CSV round trip changed the fields:\n\(records.map(\.fields))\n\(again.map(\.fields))") }
    }
}

/// Scenario YAML: the YAML tree reader and the strict scenario decoder, on the input alone and on
/// the input merged over data/scenarios/defaults.yaml (as a user scenario that `extends` it is).
enum FuzzYAML {
    static let defaults = try! YNode.load(path: Scratch.repo.appendingPathComponent("data/scenarios/defaults.yaml").path)
    static func scenario(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8), let node = try? YNode.parse(text, file: "fuzz.yaml") else { return }
        _ = try? Scenario.decode(node, file: "fuzz.yaml")
        _ = try? Scenario.decode(defaults.merged(with: node), file: "fuzz.yaml")
        _ = node.json.serialized()
    }
}

/// Terrain: an SRTM tile name + bytes, and an ESRI ASCII grid. The input's first line is the tile
/// file name; the rest is the tile bytes and, as text, the ASCII grid.
enum FuzzTerrain {
    static func run(_ data: Data) {
        let nl = data.firstIndex(of: 0x0A) ?? data.endIndex
        let name = String(decoding: data[data.startIndex..<nl], as: UTF8.self)
        let body = nl < data.endIndex ? data[(nl + 1)...] : Data()
        _ = try? SRTMTile.southWestCorner(fileName: name)
        _ = try? SRTMTile.parse(data: Data(body), fileName: name)
        if let text = String(data: Data(body), encoding: .utf8) { _ = try? ESRIASCIIGrid.parse(text: text, fileName: name) }
    }
}

/// Sweep YAML (`sim sweep`): the sweep reader, which parses the file, resolves its `base` scenario,
/// expands the axes and excludes and checks every variant as a scenario. The input is written as
/// scenarios/fuzz.sweep.yaml in a scratch mirror of data/ (scenarios/ a real folder of links to the
/// committed scenarios, every other entry a link), so `base: quang-tri-2017.yaml` and the base's
/// own relative paths resolve as they do for a real sweep, and nothing is written into data/.
enum FuzzSweep {
    static let scenarios: String = {
        let fm = FileManager.default
        let data = Scratch.repo.appendingPathComponent("data").path
        let mirror = "\(Scratch.dir)/data"
        try? fm.createDirectory(atPath: "\(mirror)/scenarios", withIntermediateDirectories: true)
        for entry in (try? fm.contentsOfDirectory(atPath: data)) ?? [] where entry != "scenarios" {
            try? fm.createSymbolicLink(atPath: "\(mirror)/\(entry)", withDestinationPath: "\(data)/\(entry)")
        }
        for f in (try? fm.contentsOfDirectory(atPath: "\(data)/scenarios")) ?? [] {
            try? fm.createSymbolicLink(atPath: "\(mirror)/scenarios/\(f)", withDestinationPath: "\(data)/scenarios/\(f)")
        }
        return "\(mirror)/scenarios"
    }()
    static func run(_ data: Data) {
        let p = "\(scenarios)/fuzz.sweep.yaml"
        FileManager.default.createFile(atPath: p, contents: data)
        _ = try? SweepFile.load(path: p)
    }
}

/// ITM terrain profile (`sim pathloss --model itm --profile FILE`): the pfl reader, then NTIA's
/// point-to-point model in both forms on whatever profile it accepts (arbitrary spacing and
/// elevations reach the terrain analysis: horizons, least-squares fit, Δh), with the parameters of
/// NTIA's published example (1 GHz-class mobile link, continental temperate).
enum FuzzITMProfile {
    static let mode = try! ITM.ModeOfVariability(mdvar: 12)
    static func run(_ data: Data) {
        guard let profile = try? Inputs.terrainProfile(Scratch.file("profile.txt", data)) else { return }
        _ = try? ITM.pointToPointLossTLS(hTxMeters: 30, hRxMeters: 1.5, profile: profile, climate: .continentalTemperate,
                                         surfaceRefractivityNUnits: 301, frequencyMHz: 1800, polarization: .vertical,
                                         epsilon: 15, sigma: 0.005, mdvar: mode, timePercent: 50, locationPercent: 50, situationPercent: 50)
        _ = try? ITM.pointToPointLossCR(hTxMeters: 30, hRxMeters: 1.5, profile: profile, climate: .continentalTemperate,
                                        surfaceRefractivityNUnits: 301, frequencyMHz: 1800, polarization: .vertical,
                                        epsilon: 15, sigma: 0.005, mdvar: mode, confidence: 90, reliability: 90)
    }
}
