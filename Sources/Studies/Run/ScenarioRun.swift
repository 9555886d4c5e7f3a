import Coverage
import Foundation

/// One scenario end to end, as `sim run` does it: coverage and reach, then the plan when the
/// scenario enables its `planner:` section. Shared by `sim run`, `sim plan` and sweeps.
package struct ScenarioRun: Sendable {
    package var coverage: CoverageRun
    package var plan: PlanRun?

    package var study: Study { coverage.study }
    package var warnings: [String] { coverage.warnings + (plan?.warnings ?? []) }

    /// Loads a scenario file and its inputs (the prelude every command shares). `fallbackCRSEPSG`
    /// (`--crs`) is the CRS of input files that declare none. With `output`, the folder the command
    /// will replace is checked (``OutputFolder/checkReplaceable(_:inputs:)``) before any input is read.
    package static func load(path: String, workers: Int, progress: Progress, fallbackCRSEPSG: Int? = nil, output: String? = nil) async throws -> Study {
        var s = try Scenario.load(path: path)
        if let output { try OutputFolder.checkReplaceable(output, inputs: s.inputPaths) }
        s.inputs.fallbackCRSEPSG = fallbackCRSEPSG
        progress.step("loading \(path)")
        return try await Study.load(s, workers: workers)
    }

    /// What `sim run` does, whole: loads the scenario (checking first that `out` may be replaced),
    /// computes coverage, reach and (with `planning`) the plan, and writes every output file into
    /// `out` atomically. The front end prints the result.
    package static func run(path: String, out: String, planning: Bool = true, workers: Int, formats: [OutputFormat] = [.geojson],
                            fallbackCRSEPSG: Int? = nil, progress: Progress = Progress()) async throws -> ScenarioRun {
        let study = try await load(path: path, workers: workers, progress: progress, fallbackCRSEPSG: fallbackCRSEPSG, output: out)
        let result = try await execute(study, planning: planning, workers: workers, progress: progress)
        progress.step("writing \(out)")
        try OutputFolder.produce(out, inputs: study.scenario.inputPaths) { try result.write(into: $0, formats: formats, workers: workers) }
        return result
    }

    /// Coverage (and reach); the plan too when `planning` and the scenario has an enabled planner.
    package static func execute(_ study: Study, planning: Bool = true, workers: Int, progress: Progress) async throws -> ScenarioRun {
        let coverage = try await CoverageRun.execute(study, workers: workers, progress: progress)
        let plan = planning && study.scenario.planner != nil ? try await PlanRun.execute(coverage, workers: workers, progress: progress) : nil
        return ScenarioRun(coverage: coverage, plan: plan)
    }

    /// Every output file of `sim run` into `out` (the plan's files too when there is a plan); the
    /// vector layers in each of `formats` (LayerOutputs.swift).
    /// With more than one worker the report page is made on a thread of its own while the other files are written (it
    /// reads only the results; one thread would otherwise make it alone at the end).
    package func write(into out: OutputFolder, formats: [OutputFormat] = [.geojson], workers: Int = 1) throws {
        let run = self, language = ReportLanguage.current
        let report = workers > 1 ? BackgroundResult { try ReportLanguage.$current.withValue(language) { try RunReport.html(run, language: language) } } : nil
        let layers = LayerOutputs(formats: formats, workers: workers)
        try CoverageOutputs.write(coverage, plan: plan, into: out, layers: layers)
        if let plan { try PlanOutputs.write(plan, into: out, layers: layers) }
        try layers.finish(into: out)
        try out.write("report.html", try report?.value() ?? RunReport.html(self, language: language))
    }
}

/// Worker count of a `--jobs` option (default: all cores).
package func workerCount(_ jobs: Int?) -> Int { max(1, jobs ?? Parallel.defaultWorkers) }
