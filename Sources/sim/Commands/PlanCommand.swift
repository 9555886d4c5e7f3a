import ArgumentParser
import Coverage
import Foundation
import Planner
import Studies

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan 4G sites, fibre routes and undergrounding per year to meet district targets at least cost (the planner alone).",
        discussion: """
        Reads the scenario's `planner:` section (costs and targets CSVs, budget per year, method).
        With no scenario, plans the default Quảng Trị 2018–2020 scenario (data/scenarios/quang-tri-2020-plan.yaml).
        Writes plan.csv, plan.geojson and plan_summary.json into the output folder, atomically
        (`sim run` writes them too, beside the coverage maps).

        Example: sim plan data/scenarios/quang-tri-2020-plan.yaml --out plan-out
        """
    )

    @Argument(help: "Scenario YAML file with a planner: section.") var scenario: String?
    @Option(name: .long, help: "Output folder (replaced atomically when the plan succeeds).") var out: String = "plan-out"
    @Option(name: .long, help: "Worker threads (default: all cores). Output does not depend on it.") var jobs: Int?

    func run() async throws {
        try await reportingErrors {
            let path = scenario ?? defaultScenarioPath()
            let workers = workerCount(jobs)
            let progress = terminalProgress()
            let study = try await ScenarioRun.load(path: path, workers: workers, progress: progress, output: out)
            if study.scenario.planner == nil {
                throw SimError.input("\(path): no enabled 'planner:' section; see data/scenarios/quang-tri-2020-plan.yaml for one")
            }
            let inputs = study.scenario.inputPaths
            let result = try await ScenarioRun.execute(study, workers: workers, progress: progress)
            let plan = result.plan!
            progress.step("writing \(out)")
            try OutputFolder.produce(out, inputs: inputs) { try PlanOutputs.write(plan, into: $0) }
            warn(WarningSummary.lines(result.warnings, detailsIn: "\(out)/plan_summary.json"))
            Self.printPlan(plan)
        }
    }

    /// The plan's headline on stdout: picks by kind and cost, spending per year, targets per district.
    static func printPlan(_ plan: PlanRun) {
        let study = plan.study
        let total = plan.steps.last?.cumulativeCost ?? .zero
        let kinds = InvestmentKind.allCases.compactMap { k -> String? in
            let n = plan.steps.filter { plan.candidates[$0.candidate].kind == k }.count
            return n > 0 ? "\(n) \(k.rawValue.replacingOccurrences(of: "_", with: " "))" : nil
        }
        print("\(study.scenario.name): plan of \(plan.steps.count) investments (\(kinds.joined(separator: ", "))) for \(total)")
        for ys in plan.years {
            print("  \(ys.year): spent \(ys.spent) of \(ys.available) on \(ys.selection.chosen.count) picks")
        }
        let last = plan.years.count - 1
        guard last >= 0 else { return }
        var header = "district".padding(toLength: 28, withPad: " ", startingAt: 0)
        let label: [PlanMetric: String] = [.lte: "4G pop %", .fbb: "FBB hh %", .underground: "underground %"]
        for m in plan.targets.metrics { header += " \(label[m]!) now → \(plan.years[last].year) / target".padding(toLength: 35, withPad: " ", startingAt: 0) }
        print(trimmed(header))
        // Every district, then the province as a whole.
        for d in plan.targetUnits {
            var line = plan.unitName(d).padding(toLength: 28, withPad: " ", startingAt: 0)
            for m in plan.targets.metrics {
                let before = plan.percent(m, d, plan.achieved(m, d, in: plan.baselineAchieved))
                let after = plan.percent(m, d, plan.achieved(m, d, in: plan.achievedAfterYear[last]))
                let target = plan.target(m, yearIndex: last, d).map { String(format: "%5.1f", $0) } ?? "    –"
                let met = plan.met(d, m, yearIndex: last, achieved: plan.achieved(m, d, in: plan.achievedAfterYear[last]))
                line += (String(format: " %6.2f → %6.2f / ", before, after) + target + (met ? "  " : " ✗")).padding(toLength: 35, withPad: " ", startingAt: 0)
            }
            print(trimmed(line))
        }
        if let binding = plan.bindingSummary() { print(binding) }
    }

    static func trimmed(_ s: String) -> String {
        var t = s
        while t.last == " " { t.removeLast() }
        return t
    }
}
