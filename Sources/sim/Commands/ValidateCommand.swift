import ArgumentParser
import Coverage
import Foundation

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check input files without running: scenarios (.yaml), district/point/line layers (.geojson), sites (.csv).",
        discussion: "Example: sim validate data/scenarios/quang-tri-2017.yaml data/quang-tri/sites-2017.csv"
    )

    @Argument(help: "Files to check.") var files: [String]

    func run() async throws {
        try await reportingErrors {
            for f in files {
                let lower = f.lowercased()
                if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
                    let s = try Scenario.load(path: f)
                    let study = try await Study.load(s, workers: Parallel.defaultWorkers)
                    warn(study.warnings)
                    print("\(f): ok — scenario '\(s.name)', \(study.districts.count) districts, \(study.sites.count) sites, \(study.population.count) population cells")
                } else if lower.hasSuffix(".csv") {
                    let header = (try? String(contentsOfFile: f, encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? ""
                    if header.contains("population") && !header.contains("height_m") {
                        print("\(f): ok — \(try Inputs.populationPoints(f).count) population points")
                    } else {
                        print("\(f): ok — \(try Inputs.sites(f).count) sites")
                    }
                } else {
                    let feats = try Inputs.features(f)
                    let ctx = GEOSContext()
                    var invalid = 0
                    for feat in feats where !feat.geometry.polygons.isEmpty {
                        let g = try ctx.multiPolygon(feat.geometry.polygons)
                        if !(try g.isValid()) { invalid += 1; warn(["\(f): feature \(feat.index): invalid polygon (\(g.validReason())); runs repair it with make-valid"]) }
                    }
                    print("\(f): ok — \(feats.count) features\(invalid > 0 ? ", \(invalid) invalid polygons (repairable)" : "")")
                }
            }
        }
    }
}
