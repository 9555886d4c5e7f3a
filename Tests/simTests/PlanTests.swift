import ArgumentParser
import Coverage
import Foundation
import Planner
import Testing
@testable import sim

let planScenario = repoPath("data/scenarios/quang-tri-2020-plan.yaml")

/// Loads the default plan scenario and plans it with `workers` threads, writing into `out`.
func planDefault(out: String, workers: Int, edit: ((inout Scenario) -> Void)? = nil) async throws -> PlanRun {
    var s = try Scenario.load(path: planScenario)
    edit?(&s)
    let study = try await Study.load(s, workers: workers)
    let plan = try await PlanRun.execute(study, workers: workers, progress: Progress(enabled: false))
    let folder = try OutputFolder(out)
    try PlanOutputs.write(plan, into: folder)
    try folder.commit()
    return plan
}

/// Writes `text` to a fresh temporary file and returns its path.
func tempFile(_ name: String, _ text: String) -> String {
    let u = tempDir().appendingPathComponent(name)
    try! text.data(using: .utf8)!.write(to: u)
    return u.path
}

@Suite(.serialized) struct PlanTests {
    /// The default 2018–2020 plan on the real Quảng Trị data: spend ≤ money available each year,
    /// the replayed coverage equals an independent DistrictStatistics run with the chosen
    /// footprints added to the 2017 ones, and the outputs are byte-identical with 1 and 2 workers.
    @Test func defaultPlanEndToEnd() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try await planDefault(out: dir.appendingPathComponent("a").path, workers: 1)
        _ = try await planDefault(out: dir.appendingPathComponent("b").path, workers: 2)

        // Budget: each year's picks cost exactly what the year reports spent, never more than available;
        // available = the year's budget + what the previous year carried (carry_over: true).
        var carried = Money.zero
        for (k, ys) in plan.years.enumerated() {
            let picks = plan.steps.filter { $0.year == ys.year }
            let cost = picks.reduce(Money.zero) { $0 + plan.candidates[$1.candidate].cost }
            #expect(cost == ys.spent)
            #expect(ys.spent <= ys.available)
            #expect(ys.available == plan.settings.budgets[k].budget + carried)
            carried = ys.carried
        }
        #expect(!plan.steps.isEmpty)

        // Independent recomputation: DistrictStatistics over 2017 footprints + chosen footprints.
        let chosen = plan.steps.flatMap { plan.footprints[$0.candidate].polygons }
        let all = plan.baseline.radio.footprints.flatMap(\.polygons) + chosen
        let recomputed = try await DistrictStatistics.compute(districts: plan.study.districts, footprints: all,
                                                              population: plan.study.population, keepGeometry: false, workers: 2)
        for d in plan.study.districts.indices {
            #expect(recomputed.districts[d].coveredPopulation == plan.coveredAfterYear.last![d], "district \(plan.study.districts[d].id)")
        }
        // The summary reports the same numbers.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a/plan_summary.json"))) as! [String: Any]
        let districts = summary["districts"] as! [[String: Any]]
        for (d, entry) in districts.enumerated() {
            let years = entry["years"] as! [[String: Any]]
            #expect((years.last!["lte_pop"] as! Double) == recomputed.districts[d].coveredPopulation)
        }
        // Steps: cumulative cost adds up; the plan's new people add up to the coverage gained.
        #expect(plan.steps.last!.cumulativeCost == plan.steps.reduce(Money.zero) { $0 + plan.candidates[$1.candidate].cost })
        let gained = plan.coveredAfterYear.last!.reduce(0, +) - plan.baselineCovered.reduce(0, +)
        #expect(abs(plan.steps.reduce(0) { $0 + $1.newPeople } - gained) < 1e-6)

        for f in ["plan.csv", "plan.geojson", "plan_summary.json"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("a/\(f)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("b/\(f)"))
            #expect(!a.isEmpty)
            #expect(a == b, "\(f) differs between 1 and 2 workers")
        }
        let csv = try String(contentsOf: dir.appendingPathComponent("a/plan.csv"), encoding: .utf8)
        #expect(csv.hasPrefix(PlanOutputs.csvHeader))
        #expect(csv.split(separator: "\n").count == plan.steps.count + 1)
    }

    /// A budget too small for anything leaves every target with a gap and spends nothing.
    @Test func zeroBudgetIsAWarningAndPlansNothing() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try await planDefault(out: dir.appendingPathComponent("z").path, workers: 2) { s in
            s.planner!.budgets = s.planner!.budgets.map { YearBudget(year: $0.year, budget: .zero) }
        }
        #expect(plan.steps.isEmpty)
        #expect(plan.years.allSatisfy { $0.spent == .zero })
        let summary = PlanOutputs.summary(plan)
        #expect((summary["unmet_targets"]?.arrayValue?.count ?? 0) > 0)
    }

    @Test func zeroBudgetInScenarioWarns() throws {
        let yaml = "planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd:\n    2018: 0\n    2019: 1_000\n"
        let p = try #require(try PlannerScenario.decode(try YNode.parse(yaml, file: "/x/s.yaml").lookup(["planner"]), file: "/x/s.yaml"))
        #expect(p.budgets == [YearBudget(year: 2018, budget: .zero), YearBudget(year: 2019, budget: Money(vnd: 1000))])
        #expect(p.warnings.count == 1 && p.warnings[0].contains("2018 is 0 VND"))
        #expect(p.costsPath == "/x/c.csv")
        #expect(p.method == .greedyLocalSearch)
    }

    @Test(arguments: [
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 1}\n  metod: greedy\n", "unknown key 'metod' in planner — did you mean 'method'?"),
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: -5}\n", "negative"),
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 1.5}\n", "whole number of VND"),
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2019: 1, 2018: 1}\n", "increasing order"),
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 1}\n  method: best\n", "must be one of greedy, greedy+local, exact"),
        ("planner:\n  targets: t.csv\n  budget_vnd: {2018: 1}\n", "missing key 'planner.costs'"),
    ])
    func badPlannerSection(yaml: String, message: String) throws {
        let node = try YNode.parse(yaml, file: "/x/s.yaml").lookup(["planner"])
        #expect { _ = try PlannerScenario.decode(node, file: "/x/s.yaml") } throws: { "\($0)".contains(message) }
    }

    @Test(arguments: [
        ("new_site,-1500000000,per site,x\nlte_upgrade,400000000,per site,x\n", "costs.csv:3: cost_vnd of 'new_site' is -1500000000 VND"),
        ("new_site,1500000000.5,per site,x\nlte_upgrade,400000000,per site,x\n", "not a whole number of VND"),
        ("new_site,abc,per site,x\nlte_upgrade,400000000,per site,x\n", "is not a number"),
        ("new_site,0,per site,x\nlte_upgrade,400000000,per site,x\n", "costs must be positive"),
        ("new_site,1500000000,per site,x\n", "missing item 'lte_upgrade'"),
    ])
    func badCosts(rows: String, message: String) throws {
        let path = tempFile("costs.csv", "# comment\nitem,cost_vnd,unit,source\n" + rows)
        #expect { _ = try PlanCosts.load(path) } throws: { "\($0)".contains(message) }
    }

    @Test func costsWithScientificNotationAreExact() throws {
        let path = tempFile("costs.csv", "item,cost_vnd,unit,source\nnew_site,1.5e9,per site,x\nlte_upgrade,4e8,per site,x\n")
        let c = try PlanCosts.load(path)
        #expect(c.byItem["new_site"]!.cost == Money(vnd: 1_500_000_000))
        #expect(c.byItem["lte_upgrade"]!.cost == Money(vnd: 400_000_000))
    }

    static let twoDistricts = ["A", "B"].map { District(id: $0, name: $0, nameASCII: $0, population: 0, polygons: [], polygonsLonLat: [], environment: .rural) }

    @Test(arguments: [
        ("A,2018,101\n", "lte_pop_pct = 101 % is outside 0…100"),
        ("A,2018,-1\n", "outside 0…100"),
        ("C,2018,90\n", "district 'C' is not in the district layer"),
        ("A,2018,90\nA,2018,95\n", "two targets for 2018"),
        ("A,twenty,90\n", "must be a calendar year"),
    ])
    func badTargets(rows: String, message: String) throws {
        let path = tempFile("targets.csv", "district_id,year,lte_pop_pct\n" + rows)
        #expect { _ = try PlanTargets.load(path, districts: Self.twoDistricts, years: [2018]) } throws: { "\($0)".contains(message) }
    }

    /// A district keeps its latest earlier target; before its first row it has none.
    @Test func targetsCarryForward() throws {
        let path = tempFile("targets.csv", "district_id,year,lte_pop_pct\nA,2018,80\nA,2020,95\nB,2019,50\n")
        let t = try PlanTargets.load(path, districts: Self.twoDistricts, years: [2018, 2019, 2020])
        #expect(t.percent == [[80, nil], [80, 50], [95, 50]])
    }

    /// The CLI turns a bad cost file into one error and writes nothing.
    @Test func badInputWritesNothing() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let costs = dir.appendingPathComponent("costs.csv").path
        try "item,cost_vnd,unit,source\nnew_site,-1,per site,x\nlte_upgrade,1,per site,x\n".write(toFile: costs, atomically: true, encoding: .utf8)
        let yaml = dir.appendingPathComponent("s.yaml").path
        try "extends: \(planScenario)\nplanner:\n  costs: \(costs)\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let cmd = try PlanCommand.parse([yaml, "--out", out, "--jobs", "2"])
        await #expect(throws: ExitCode.self) { try await cmd.run() }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
