import Coverage
import Foundation
import Planner
import Studies

/// The planning pipeline of the default scenario (data/scenarios/quang-tri-2020-plan.yaml) in
/// process, phase by phase, through the Studies library as `sim run` drives it: loading the study,
/// coverage and reach of the 2017 network, then the 2018–2020 plan (candidates, selection, replay).
/// Wall-clock medians of 3 with 2 workers.
func planBenchmark() async throws {
    let path = "data/scenarios/quang-tri-2020-plan.yaml"
    let workers = 2
    var load: [Double] = [], cover: [Double] = [], plan: [Double] = []
    var summary = ""
    for _ in 0..<3 {
        var t = Date()
        let study = try await ScenarioRun.load(path: path, workers: workers, progress: Progress())
        load.append(Date().timeIntervalSince(t)); t = Date()
        let coverage = try await CoverageRun.execute(study, workers: workers, progress: Progress())
        cover.append(Date().timeIntervalSince(t)); t = Date()
        let p = try await PlanRun.execute(coverage, workers: workers, progress: Progress())
        plan.append(Date().timeIntervalSince(t))
        summary = "\(p.candidates.count) candidates, \(p.steps.count) picks for \(p.steps.last?.cumulativeCost ?? .zero)"
    }
    func med(_ x: [Double]) -> String { String(format: "%6.3f s", x.sorted()[x.count / 2]) }
    print("  load study (districts, sites, population, cables)  \(med(load))")
    print("  coverage + reach of the 2017 network               \(med(cover))")
    print("  plan 2018–2020 (\(summary))  \(med(plan))")
}
