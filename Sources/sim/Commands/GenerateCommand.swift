import ArgumentParser
import Coverage
import Foundation

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate synthetic baseline data with a seeded, documented generator.",
        subcommands: [GenerateSites.self]
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
            let tmpOut = output + ".tmp-\(getpid())"
            do {
                try csv.write(toFile: tmpOut, atomically: false, encoding: .utf8)
                if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
                try FileManager.default.moveItem(atPath: tmpOut, toPath: output)
            } catch { try? FileManager.default.removeItem(atPath: tmpOut); throw SimError.output("\(output): cannot write (\(error.localizedDescription))") }
            let lte = sites.filter { $0.technology == .lte }.count
            print("wrote \(sites.count) synthetic sites (\(lte) 4G, \(sites.count - lte) 3G) to \(output)")
        }
    }
}
