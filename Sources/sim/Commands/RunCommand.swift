import ArgumentParser
import Coverage
import Foundation
import Studies

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: per-district 4G coverage, fixed-broadband reach and (with a planner section) the investment plan, with maps.",
        discussion: """
        With no scenario, runs the default Quảng Trị scenario (data/scenarios/quang-tri-2020-plan.yaml: the 2017
        baseline and its 2018–2020 plan). Writes districts.geojson, districts.csv, coverage.geojson, footprints.geojson,
        sites.geojson, population.csv and summary.json; reach.geojson, cables.geojson and olts.geojson with fixed
        broadband; plan.csv, plan.geojson and plan_summary.json with a planner — all into the output folder, atomically.
        With --format gpkg / kml also run.gpkg / run.kml holding every layer. Inputs may be any GIS format GDAL reads.

        Example: sim run data/scenarios/quang-tri-2017.yaml --out out
        """
    )

    @Argument(help: "Scenario YAML file.") var scenario: String?
    @Option(name: .long, help: "Output folder (replaced atomically when the run succeeds).") var out: String = "out"
    @Option(name: .long, help: "Worker threads (default: all cores). Output does not depend on it.") var jobs: Int?
    @Flag(name: .long, help: "Skip the planner even when the scenario enables it.") var noPlan = false
    @OptionGroup var outputFormat: OutputFormatOption
    @OptionGroup var inputCRS: InputCRSOption
    @Option(name: .long, help: ArgumentHelp("Language of report.html: vi (Vietnamese, default) or en (English).", valueName: "vi|en")) var lang = "vi"
    @Flag(name: .long, help: "Write a Slurm array script OUT/run.sbatch (task k: --shard k/N into OUT/shard-k) instead of running; then sim merge.") var emitSlurm = false
    @Option(name: .long, help: "Array tasks (shards) of --emit-slurm.") var slurmTasks: Int = 4
    @Option(name: .long, help: "CPUs per array task of --emit-slurm (passed as --jobs).") var slurmCpus: Int = 2
    @Option(name: .long, help: ArgumentHelp("Compute only the footprints of shard I of N (0-based; a contiguous block of the sites) into --out; assemble the N folders with sim merge.", valueName: "I/N")) var shard: String?

    func run() async throws {
        try await reportingErrors {
            let language = try ReportLanguage(option: lang)
            let path = scenario ?? defaultScenarioPath()
            let workers = workerCount(jobs)
            let progress = terminalProgress()
            let formats = try outputFormat.formats
            let crs = try inputCRS.epsg
            if emitSlurm {
                if shard != nil { throw SimError.input("--emit-slurm writes a script for all shards; leave out --shard") }
                guard (1...1000).contains(slurmTasks) else { throw SimError.input("--slurm-tasks \(slurmTasks): give 1…1000") }
                guard (1...256).contains(slurmCpus) else { throw SimError.input("--slurm-cpus \(slurmCpus): give 1…256") }
                _ = try Scenario.load(path: path)   // a scenario that does not load is refused now, not on the cluster
                let root = URL(fileURLWithPath: out).standardizedFileURL.path
                let text = try SlurmScript.runText(sim: SlurmScript.executablePath(), scenario: URL(fileURLWithPath: path).standardizedFileURL.path,
                                                   out: root, tasks: slurmTasks, cpus: slurmCpus, lang: lang)
                try OutputFolder.produce(root) { try $0.write(SlurmScript.runFileName, text) }
                print("wrote \(root)/\(SlurmScript.runFileName): \(slurmTasks) array tasks of \(slurmCpus) CPUs")
                print("submit:  sbatch \(SlurmScript.quote(root + "/" + SlurmScript.runFileName))     (sim, the scenario, its inputs and \(root) must be on a filesystem every node sees)")
                print("then:    sim merge \(SlurmScript.quote(path)) \((0..<slurmTasks).map { SlurmScript.quote(root) + "/shard-\($0)" }.joined(separator: " ")) --out \(SlurmScript.quote(root + "/merged"))")
                return
            }
            if let shard {
                let s = try SweepRunner.Shard(parsing: shard)
                let n = try await RunShards.run(path: path, out: out, index: s.index, count: s.count, workers: workers, fallbackCRSEPSG: crs, progress: progress)
                print("shard \(s.index)/\(s.count): \(n) footprints in \(out)/; when every shard is done: sim merge \(SlurmScript.quote(path)) SHARD_FOLDERS… --out OUT")
                return
            }
            let result = try await ReportLanguage.$current.withValue(language) {
                try await ScenarioRun.run(path: path, out: out, planning: !noPlan, workers: workers, formats: formats,
                                          fallbackCRSEPSG: crs, progress: progress)
            }
            RunCommand.printResult(result, out: out)
        }
    }

    /// The terminal summary of a run: warnings, province and district figures, the plan (also after `sim merge`).
    static func printResult(_ result: ScenarioRun, out: String) {
        let study = result.study
        warn(WarningSummary.lines(result.warnings, detailsIn: "\(out)/summary.json"))
        let coverage = result.coverage
        let p = CoverageOutputs.provinceProperties(coverage)
        let get = { (k: String) in p.first { $0.0 == k }!.1.serialized() }
        print("\(study.scenario.name): 4G covers \(get("lte_pop_pct")) % of population and \(get("lte_area_pct")) % of area over \(study.districts.count) districts; outputs in \(out)/")
        if coverage.fixed != nil { print("fixed broadband reaches \(get("fbb_households_pct")) % of households; aerial cable \(get("cable_aerial_km")) km, underground \(get("cable_underground_km")) km") }
        if let line = PredictionOutputs.terminalLine(coverage) { print(line) }
        let sinr = coverage.prediction != nil
        print("district".padding(toLength: 28, withPad: " ", startingAt: 0) + "  population  4G pop %  4G area %" + (coverage.fixed != nil ? "  FBB hh %" : "")
              + (sinr ? "  SINR pop %" : ""))
        for i in study.districts.indices {
            let c = coverage.stats.districts[i]
            var line = study.districts[i].name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: " %11.0f %9.2f %10.2f", c.population, c.coveredPopulationPercent, c.coveredAreaPercent)
            if let f = coverage.fixed?.districts[i] { line += String(format: " %10.2f", f.householdsPercent) }
            if let d = coverage.prediction?.districts[i] { line += String(format: " %11.2f", d.sinrPopulationPercent) }
            print(line)
        }
        if let plan = result.plan { PlanCommand.printPlan(plan) }
    }
}
