import ArgumentParser
import Coverage
import Foundation

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: per-district 4G coverage (and fixed-broadband reach) with maps.",
        discussion: """
        With no scenario, runs the default Quảng Trị 2017 scenario (data/scenarios/quang-tri-2017.yaml).
        Writes districts.geojson, districts.csv, coverage.geojson, footprints.geojson, sites.geojson,
        population.csv and summary.json into the output folder, atomically; with --format gpkg/kml
        also run.gpkg / run.kml holding every layer. Inputs may be any GIS format GDAL reads.

        Example: sim run data/scenarios/quang-tri-2017.yaml --out out
        """
    )

    @Argument(help: "Scenario YAML file.") var scenario: String?
    @Option(name: .long, help: "Output folder (replaced atomically when the run succeeds).") var out: String = "out"
    @Option(name: .long, help: "Worker threads (default: all cores). Output does not depend on it.") var jobs: Int?
    @OptionGroup var outputFormat: OutputFormatOption
    @OptionGroup var inputCRS: InputCRSOption

    func run() async throws {
        try await reportingErrors {
            let path = scenario ?? defaultScenarioPath()
            var s = try Scenario.load(path: path)
            s.inputs.fallbackCRSEPSG = try inputCRS.epsg
            let formats = try outputFormat.formats
            let workers = max(1, jobs ?? Parallel.defaultWorkers)
            let progress = Progress()
            progress.step("loading \(path)")
            let study = try await Study.load(s, workers: workers)
            let result = try await CoverageRun.execute(study, workers: workers, progress: progress)
            progress.step("writing \(out)")
            try OutputFolder.produce(out) { try CoverageOutputs.write(result, into: $0, ctx: GEOSContext(), formats: formats) }
            warn(result.warnings)
            let p = CoverageOutputs.provinceProperties(result)
            let get = { (k: String) in p.first { $0.0 == k }!.1.serialized() }
            print("\(s.name): 4G covers \(get("lte_pop_pct")) % of population and \(get("lte_area_pct")) % of area over \(study.districts.count) districts; outputs in \(out)/")
            if result.fixed != nil { print("fixed broadband reaches \(get("fbb_households_pct")) % of households; aerial cable \(get("cable_aerial_km")) km, underground \(get("cable_underground_km")) km") }
            print("district".padding(toLength: 28, withPad: " ", startingAt: 0) + "  population  4G pop %  4G area %" + (result.fixed != nil ? "  FBB hh %" : ""))
            for i in study.districts.indices {
                let c = result.stats.districts[i]
                var line = study.districts[i].name.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + String(format: " %11.0f %9.2f %10.2f", c.population, c.coveredPopulationPercent, c.coveredAreaPercent)
                if let f = result.fixed?.districts[i] { line += String(format: " %10.2f", f.householdsPercent) }
                print(line)
            }
        }
    }
}
