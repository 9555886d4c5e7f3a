import Coverage
import Foundation

/// One scenario end to end, as `sim run` does it: coverage and reach, then the plan when the
/// scenario enables its `planner:` section. Shared by `sim run`, `sim plan` and sweeps.
struct ScenarioRun: Sendable {
    var coverage: CoverageRun
    var plan: PlanRun?

    var study: Study { coverage.study }
    var warnings: [String] { coverage.warnings + (plan?.warnings ?? []) }

    /// Loads a scenario file and its inputs (the prelude every command shares). `fallbackCRSEPSG`
    /// (`--crs`) is the CRS of input files that declare none. With `output`, the folder the command
    /// will replace is checked (``OutputFolder/checkReplaceable(_:inputs:)``) before any input is read.
    static func load(path: String, workers: Int, progress: Progress, fallbackCRSEPSG: Int? = nil, output: String? = nil) async throws -> Study {
        var s = try Scenario.load(path: path)
        if let output { try OutputFolder.checkReplaceable(output, inputs: s.inputPaths) }
        s.inputs.fallbackCRSEPSG = fallbackCRSEPSG
        progress.step("loading \(path)")
        return try await Study.load(s, workers: workers)
    }

    /// Coverage (and reach); the plan too when `planning` and the scenario has an enabled planner.
    static func execute(_ study: Study, planning: Bool = true, workers: Int, progress: Progress) async throws -> ScenarioRun {
        let coverage = try await CoverageRun.execute(study, workers: workers, progress: progress)
        let plan = planning && study.scenario.planner != nil ? try await PlanRun.execute(coverage, workers: workers, progress: progress) : nil
        return ScenarioRun(coverage: coverage, plan: plan)
    }

    /// Every output file of `sim run` into `out` (the plan's files too when there is a plan); the
    /// vector layers in each of `formats` (LayerOutputs.swift).
    func write(into out: OutputFolder, formats: [OutputFormat] = [.geojson]) throws {
        let layers = LayerOutputs(formats: formats)
        try CoverageOutputs.write(coverage, plan: plan, into: out, ctx: GEOSContext(), layers: layers)
        if let plan { try PlanOutputs.write(plan, into: out, layers: layers) }
        try layers.finish(into: out)
        try RunReport.write(self, into: out, ctx: GEOSContext())
    }
}

/// Worker count of a `--jobs` option (default: all cores).
func workerCount(_ jobs: Int?) -> Int { max(1, jobs ?? Parallel.defaultWorkers) }
