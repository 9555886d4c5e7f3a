import ArgumentParser
import Coverage
import Foundation
import Studies

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate synthetic baseline data with a seeded, documented generator.",
        subcommands: [GenerateSites.self, GenerateCables.self, GenerateDriveTest.self]
    )
}

struct GenerateSites: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "Place a plausible operator site network (synthetic) in proportion to population, along roads and in towns.",
        discussion: """
        The method is documented in Sources/Coverage/Model/SiteGenerator.swift and data/README.md.
        Example: sim generate sites data/scenarios/quang-tri-2017.yaml --count 320 --seed 2017 --output data/quang-tri/sites-2017.csv
        """
    )

    @Argument(help: "Scenario whose districts, places, roads and population settings are used.") var scenario: String?
    @Option(help: "Number of sites.") var count: Int = 320
    @Option(help: "Random seed.") var seed: UInt64 = 2017
    @Option(help: "Output CSV path.") var output: String
    @Option(help: "Probability that a site near a town is 4G (default 0.7).") var lteShareNearTowns: Double?
    @Option(help: "Probability that a site away from towns is 4G (default 0.05).") var lteShareElsewhere: Double?

    func run() async throws {
        try await reportingErrors {
            guard count > 0 else { throw SimError.input("--count \(count): give a positive number of sites") }
            var s = try Scenario.load(path: scenario ?? defaultScenarioPath())
            // The generator needs no sites; point the input at an empty, valid list.
            let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("sim-empty-sites-\(getpid()).csv")
            try (Inputs.siteColumns.joined(separator: ",") + "\n").write(to: tmp, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: tmp) }
            s.inputs.sites = tmp.path
            let study = try await Study.load(s, workers: Parallel.defaultWorkers)
            var p = SiteGenerator.Parameters()
            p.count = count
            p.seed = seed
            for (name, v) in [("--lte-share-near-towns", lteShareNearTowns), ("--lte-share-elsewhere", lteShareElsewhere)] {
                if let v, !(0...1).contains(v) { throw SimError.input("\(name) \(v): give a probability between 0 and 1") }
            }
            if let v = lteShareNearTowns { p.lteShareNearTowns = v }
            if let v = lteShareElsewhere { p.lteShareElsewhere = v }
            let sites = SiteGenerator.generate(districts: study.districts, population: study.population, towns: study.towns.map(\.position), parameters: p)
            let projector = try Projector(study.projection)
            var csv = "# SYNTHETIC site list made by `sim generate sites --count \(count) --seed \(seed)`; not real operator data.\n"
            csv += Inputs.siteColumns.joined(separator: ",") + ",year,district_id\n"
            for (i, g) in sites.enumerated() {
                let ll = try projector.inverse(g.position)
                csv += String(format: "QT%04d,%.6f,%.6f,", i + 1, ll.x, ll.y)
                csv += "\(JSONValue.format(g.heightMeters)),\(g.technology.rawValue),\(JSONValue.format(g.bandMHz)),\(JSONValue.format(g.powerDBm)),"
                csv += g.azimuthsDegrees.map { JSONValue.format($0) }.joined(separator: ";") + ",\(g.year),\(study.districts[g.districtIndex].id)\n"
            }
            try writeAtomically(csv, to: output)
            let lte = sites.filter { $0.technology == .lte }.count
            print("wrote \(sites.count) synthetic sites (\(lte) 4G, \(sites.count - lte) 3G) to \(output)")
        }
    }
}

struct GenerateCables: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cables",
        abstract: "Generate a plausible (synthetic) 2017 cable network and OLTs: backbone along national roads, OLTs in district towns.",
        discussion: """
        The method is documented in Sources/Coverage/Reach/CableNetworkGenerator.swift and data/README.md.
        Example: sim generate cables data/scenarios/quang-tri-2017.yaml --seed 2017 --cables data/quang-tri/cables-2017.geojson --olts data/quang-tri/olts-2017.geojson
        """
    )

    @Argument(help: "Scenario whose districts, places, roads and population are used.") var scenario: String?
    @Option(help: "Random seed.") var seed: UInt64 = 2017
    @Option(help: "Output GeoJSON of cables.") var cables: String
    @Option(help: "Output GeoJSON of OLTs.") var olts: String

    func run() async throws {
        try await reportingErrors {
            var s = try Scenario.load(path: scenario ?? defaultScenarioPath())
            s.fixed.enabled = false
            let study = try await Study.load(s, workers: Parallel.defaultWorkers)
            let net = try CableNetworkGenerator.generate(roads: study.roads, towns: study.towns, districts: study.districts,
                                                         population: study.population, seed: seed)
            let projector = try Projector(study.projection)
            let note: [(String, JSONValue)] = [("description", .string("SYNTHETIC network made by `sim generate cables --seed \(seed)`; not real operator data"))]
            let cf: [(geometry: Geometry2, properties: [(String, JSONValue)])] = try net.cables.map { c in
                (.lineString(LineString2(try projector.inverse(c.line.points))),
                 [("id", .string(c.id)), ("kind", .string(c.kind.rawValue)), ("placement", .string(c.placement.rawValue)),
                  ("year_built", c.yearBuilt.map { .number(Double($0)) } ?? .null), ("fibres", c.fibres.map { .number(Double($0)) } ?? .null)])
            }
            let of: [(geometry: Geometry2, properties: [(String, JSONValue)])] = try net.olts.map { o in
                (.point(try projector.inverse(o.position)), [("id", .string(o.id)), ("technology", .string(o.technology.rawValue)),
                                                              ("reach_km", .rounded(o.reachMeters / 1000, 3)), ("split_ratio", o.splitRatio.map { .number(Double($0)) } ?? .null)])
            }
            try writeAtomically(GeoJSON.featureCollection(cf, extra: note), to: cables)
            try writeAtomically(GeoJSON.featureCollection(of, extra: note), to: olts)
            let aerial = net.cables.filter { $0.placement == .aerial }.reduce(0) { $0 + $1.line.length }
            let total = net.cables.reduce(0) { $0 + $1.line.length }
            print(String(format: "wrote %d synthetic cables (%.1f km, %.0f %% aerial) to %@ and %d OLTs to %@",
                         net.cables.count, total / 1000, 100 * aerial / max(total, 1), cables, net.olts.count, olts))
        }
    }
}

struct GenerateDriveTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drivetest",
        abstract: "Drive the scenario's roads and draw RSRP from a known model with correlated shadowing (synthetic measurements for `sim calibrate`).",
        discussion: """
        The method (best server, known correction, Gudmundson shadowing as an AR(1) process per road) is documented in
        Sources/Studies/Calibration/DriveTest.swift and README "Calibration".
        Example: sim generate drivetest data/scenarios/quang-tri-2017.yaml --seed 1 --offset-db 6 --slope-db-per-decade -5 --environment rural --output dt.csv
        """
    )

    @Argument(help: "Scenario whose roads, sites and models are used.") var scenario: String?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Distance between samples along a road (m).") var spacingM: Double = 50
    @Option(help: "Shadowing standard deviation σ (dB).") var sigmaDb: Double = 8
    @Option(help: "Shadowing decorrelation distance (m): correlation exp(−Δx/d).") var decorrelationM: Double = 50
    @Option(parsing: .unconditional, help: "Known model offset added to the loss (dB).") var offsetDb: Double = 0
    @Option(parsing: .unconditional, help: "Known distance slope added to the loss (dB per decade from 1 km).") var slopeDbPerDecade: Double = 0
    @Option(help: "Apply the known correction only to sites in this environment (urban, suburban, rural); default all.") var environment: String?
    @Option(parsing: .unconditional, help: "Samples measured below this RSRP are not written (dBm).") var floorDbm: Double = -140
    @Option(help: "Output CSV path.") var output: String

    func run() async throws {
        try await reportingErrors {
            var p = DriveTest.Parameters()
            guard spacingM > 0, spacingM.isFinite else { throw SimError.input("--spacing-m \(spacingM): give a positive distance in metres") }
            guard sigmaDb >= 0, sigmaDb <= 30 else { throw SimError.input("--sigma-db \(sigmaDb): give 0–30 dB") }
            guard decorrelationM > 0, decorrelationM.isFinite else { throw SimError.input("--decorrelation-m \(decorrelationM): give a positive distance in metres") }
            for (name, v) in [("--offset-db", offsetDb), ("--slope-db-per-decade", slopeDbPerDecade)] where !(-60...60).contains(v) {
                throw SimError.input("\(name) \(v): give −60…60 dB")
            }
            if let e = environment {
                guard let env = Environment(rawValue: e) else { throw SimError.input("--environment '\(e)': give urban, suburban or rural") }
                p.environment = env
            }
            p.seed = seed; p.spacingMeters = spacingM; p.sigmaDB = sigmaDb; p.decorrelationMeters = decorrelationM
            p.offsetDB = offsetDb; p.slopeDBPerDecade = slopeDbPerDecade; p.floorDBm = floorDbm
            let path = scenario ?? defaultScenarioPath()
            let s = try Scenario.load(path: path)
            let study = try await Study.load(s, workers: Parallel.defaultWorkers)
            guard !study.roads.isEmpty else { throw SimError.input("\(path): no roads (inputs.roads); the drive test follows the road layer") }
            let envs = study.siteEnvironments
            let samples = try DriveTest.generate(roads: study.roads, sites: study.sites, environments: envs, radio: s.radio, parameters: p, clutter: study.clutter)
            let projector = try Projector(study.projection)
            let ll = try projector.inverse(samples.map(\.position))
            var csv = "# SYNTHETIC drive test made by `sim generate drivetest --seed \(seed) --spacing-m \(JSONValue.format(spacingM)) --sigma-db \(JSONValue.format(sigmaDb)) "
                + "--decorrelation-m \(JSONValue.format(decorrelationM)) --offset-db \(JSONValue.format(offsetDb)) --slope-db-per-decade \(JSONValue.format(slopeDbPerDecade))"
                + (environment.map { " --environment \($0)" } ?? "") + "`; not real measurements.\n"
            csv += "lon,lat,rsrp_dbm,cell_id,route,true_median_dbm\n"
            for (i, x) in samples.enumerated() {
                csv += String(format: "%.6f,%.6f,%.2f,", ll[i].x, ll[i].y, x.rsrpDBm) + "\(x.cellID),\(x.route)," + String(format: "%.2f\n", x.medianDBm)
            }
            try writeAtomically(csv, to: output)
            print("wrote \(samples.count) synthetic drive-test samples along \(Set(samples.map(\.route)).count) roads to \(output)")
        }
    }
}

/// Writes a generated file through a temporary sibling and a rename, so a failure never leaves half
/// a file. An existing file is replaced only when `sim generate` wrote it (its first kilobyte says
/// "SYNTHETIC … made by `sim generate"); anything else at the path — a planner's own data, a folder —
/// is refused.
func writeAtomically(_ text: String, to path: String) throws {
    switch InputFile.kind(path) {
    case .missing: break
    case .regular:
        let head = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 1024)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard head.contains("SYNTHETIC"), head.contains("made by `sim generate") else {
            throw SimError.output("\(path): exists and was not written by sim generate; sim replaces only its own generated files — give a new path or remove that file yourself")
        }
    default:
        throw SimError.output("\(path): exists and is not a file; give the path of a new file")
    }
    let tmp = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(".\(URL(fileURLWithPath: path).lastPathComponent).tmp-\(getpid())").path
    do {
        try text.write(toFile: tmp, atomically: false, encoding: .utf8)
        guard rename(tmp, path) == 0 else { throw SimError.output("\(path): cannot write (\(String(cString: strerror(errno))))") }
    } catch {
        try? FileManager.default.removeItem(atPath: tmp)
        if let e = error as? SimError { throw e }
        throw SimError.output("\(path): cannot write (\(error.localizedDescription))")
    }
}
