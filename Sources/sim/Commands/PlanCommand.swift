import ArgumentParser
import Coverage
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan 4G investments (3G→4G upgrades and new sites) per year to meet district coverage targets at least cost.",
        discussion: """
        Reads the scenario's `planner:` section (costs and targets CSVs, budget per year, method).
        With no scenario, plans the default Quảng Trị 2018–2020 scenario (data/scenarios/quang-tri-2020-plan.yaml).
        Writes plan.csv, plan.geojson and plan_summary.json into the output folder, atomically.

        Example: sim plan data/scenarios/quang-tri-2020-plan.yaml --out plan-out
        """
    )

    @Argument(help: "Scenario YAML file with a planner: section.") var scenario: String?
    @Option(name: .long, help: "Output folder (replaced atomically when the plan succeeds).") var out: String = "plan-out"
    @Option(name: .long, help: "Worker threads (default: all cores). Output does not depend on it.") var jobs: Int?

    func run() async throws {
        try await reportingErrors {
            let path = scenario ?? defaultScenarioPath().replacingOccurrences(of: "quang-tri-2017.yaml", with: "quang-tri-2020-plan.yaml")
            let s = try Scenario.load(path: path)
            let workers = max(1, jobs ?? Parallel.defaultWorkers)
            let progress = Progress()
            progress.step("loading \(path)")
            let study = try await Study.load(s, workers: workers)
            let plan = try await PlanRun.execute(study, workers: workers, progress: progress)
            progress.step("writing \(out)")
            try OutputFolder.produce(out) { try PlanOutputs.write(plan, into: $0) }
            warn(plan.baseline.warnings + plan.warnings)
            let total = plan.steps.last?.cumulativeCost ?? .zero
            let ups = plan.steps.filter { plan.candidates[$0.candidate].kind == .upgrade }.count
            print("\(s.name): \(plan.steps.count) investments (\(ups) upgrades, \(plan.steps.count - ups) new sites) for \(total); outputs in \(out)/")
            for ys in plan.years {
                print("  \(ys.year): spent \(ys.spent) of \(ys.available) on \(ys.selection.chosen.count) picks")
            }
            let last = plan.years.count - 1
            print(String(format: "%-28@ %9@ %9@ %8@ %5@", "district" as NSString, "2017 %" as NSString, "planned %" as NSString, "target %" as NSString, "met" as NSString))
            for (d, district) in study.districts.enumerated() where last >= 0 {
                let pop = plan.districtPopulation[d]
                let before = pop > 0 ? 100 * plan.baselineCovered[d] / pop : 0
                let after = pop > 0 ? 100 * plan.coveredAfterYear[last][d] / pop : 0
                let target = plan.targets.percent[last][d].map { String(format: "%8.1f", $0) } ?? "       –"
                print(district.name.padding(toLength: 28, withPad: " ", startingAt: 0)
                      + String(format: " %9.2f %9.2f ", before, after) + target + (plan.met(d, yearIndex: last, covered: plan.coveredAfterYear[last][d]) ? "   yes" : "    NO"))
            }
        }
    }
}
