import Coverage
import Foundation
import Planner
import Testing
import TestSupport
@testable import Studies

@Suite(.serialized) struct PlanTests {
    /// The default 2018–2020 plan on the real Quảng Trị data (with route_detour_factor 1 so the routes
    /// can be checked by FixedReach): spend ≤ money available each year,
    /// the replayed coverage equals an independent DistrictStatistics run with the chosen
    /// footprints added to the 2017 ones, and the outputs are byte-identical with 1 and 2 workers.
    @Test func defaultPlanEndToEnd() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try await planDefault(out: dir.appendingPathComponent("a").path, workers: 1) { $0.planner!.routeDetourFactor = 1 }
        _ = try await planDefault(out: dir.appendingPathComponent("b").path, workers: 2) { $0.planner!.routeDetourFactor = 1 }

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
        let chosen = plan.steps.flatMap { plan.footprints[$0.candidate]?.polygons ?? [] }
        let all = plan.baseline.radio.footprints.flatMap(\.polygons) + chosen
        let recomputed = try await DistrictStatistics.compute(districts: plan.study.districts, footprints: all,
                                                              population: plan.study.population, keepGeometry: false, workers: 2)
        for d in plan.study.districts.indices {
            #expect(recomputed.districts[d].coveredPopulation == plan.achievedAfterYear.last![0][d], "district \(plan.study.districts[d].id)")
        }
        // The summary reports the same numbers.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a/plan_summary.json"))) as! [String: Any]
        let districts = summary["districts"] as! [[String: Any]]
        for (d, entry) in districts.enumerated() {
            let years = entry["years"] as! [[String: Any]]
            let lte = years.last!["lte"] as! [String: Any]
            #expect(abs((lte["achieved"] as! Double) - recomputed.districts[d].coveredPopulation) < 1e-3)
        }
        // Steps: cumulative cost adds up; the plan's new people add up to the coverage gained.
        #expect(plan.steps.last!.cumulativeCost == plan.steps.reduce(Money.zero) { $0 + plan.candidates[$1.candidate].cost })
        for m in PlanMetric.allCases {
            let gained = plan.achievedAfterYear.last![m.rawValue].reduce(0, +) - plan.baselineAchieved[m.rawValue].reduce(0, +)
            #expect(abs(plan.steps.reduce(0) { $0 + $1.gains[m.rawValue] } - gained) < 1e-6, "\(m)")
        }
        // The default scenario has all three kinds of target, and the plan uses cable candidates too.
        #expect(plan.targets.metrics == PlanMetric.allCases)
        #expect(plan.steps.contains { plan.candidates[$0.candidate].kind == .cableRoute })
        #expect(plan.steps.contains { plan.candidates[$0.candidate].kind == .undergrounding })

        // Fixed broadband, independently: FixedReach over the 2017 cables plus the chosen routes (laid as
        // underground distribution cable, joined to the network by its T-junction snapping) reaches at
        // least the households the plan counts, less 0.5 %: the plan tests exact point–line distances ≤ the
        // drop distance, FixedReach cell centres inside a GEOS buffer polygon (8 segments per quarter
        // circle, inscribed: its chord falls r·(1 − cos(π/32)) = 0.48 % of r short of the true circle).
        // It may reach more: the plan counts each route against the 2017 network alone, while in the
        // built network routes cross and feed each other (and a road route may pass closer to an OLT).
        let f = plan.study.scenario.fixed
        let routes = plan.steps.map { plan.candidates[$0.candidate] }.filter { $0.kind == .cableRoute }
        if plan.settings.routeDetourFactor == 1 {
            let extra = routes.map { Cable(id: $0.id, kind: .distribution, placement: .underground, line: $0.lines[0]) }
            let reach = try await FixedReach.compute(cables: plan.study.cables + extra, olts: plan.study.olts, districts: plan.study.districts,
                                                     population: plan.study.population,
                                                     settings: ReachSettings(snapToleranceMeters: f.snapToleranceMeters, dropDistanceMeters: f.dropDistanceMeters,
                                                                             householdSize: f.householdSize, defaultHouseholdSize: f.defaultHouseholdSize), workers: 2)
            let independent = reach.districts.reduce(0) { $0 + $1.householdsReached }
            let planned = plan.achievedAfterYear.last![PlanMetric.fbb.rawValue].reduce(0, +)
            #expect(independent >= 0.995 * planned, "FixedReach \(independent) vs plan \(planned) households")
        }
        // Undergrounding: a district never gets more underground km than its cable km.
        for d in plan.study.districts.indices {
            #expect(plan.achievedAfterYear.last![PlanMetric.underground.rawValue][d] <= plan.totals[PlanMetric.underground.rawValue][d] + 1e-9)
        }

        for f in ["plan.csv", "plan.geojson", "plan_summary.json"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("a/\(f)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("b/\(f)"))
            #expect(!a.isEmpty)
            #expect(a == b, "\(f) differs between 1 and 2 workers")
        }
        let data = try Data(contentsOf: dir.appendingPathComponent("a/plan.csv"))
        #expect(data.starts(with: CSVTable.fileData(PlanOutputs.csvHeader)))   // the byte-order mark, then the header
        let csv = String(decoding: data, as: UTF8.self)
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
        let yaml = "planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd:\n    2018: 0\n    2019: 1_000_000\n"
        let p = try #require(try PlannerScenario.decode(try withDefaults(yaml), file: "/x/s.yaml"))
        #expect(p.budgets == [YearBudget(year: 2018, budget: .zero), YearBudget(year: 2019, budget: Money(vnd: 1_000_000))])
        #expect(p.warnings.count == 1 && p.warnings[0].contains("2018 is 0 VND"))
        #expect(p.costsPath == "/x/c.csv")
        #expect(p.method == .auto)
    }

    /// Amounts with units, each worked out by hand: 15 tỷ = 15 × 10⁹; 1.5 bn = 1.5 × 10⁹; 250 triệu = 250 × 10⁶;
    /// 2e9 VND = 2 × 10⁹; 800 k = 800 × 10³ (under 1,000,000 VND: refused with the likely figure).
    @Test func budgetsWithUnits() throws {
        let yaml = "planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 15 tỷ, 2019: 1.5 bn, 2020: 250 triệu, 2021: 2e9 VND, 2022: 3_000_000_000}\n"
        let p = try #require(try PlannerScenario.decode(try withDefaults(yaml), file: "/x/s.yaml"))
        #expect(p.budgets.map(\.budget.vnd) == [15_000_000_000, 1_500_000_000, 250_000_000, 2_000_000_000, 3_000_000_000])
        #expect(VNDAmount.parse("800 k") == 800_000 && VNDAmount.parse("0.5 đồng") == nil && VNDAmount.parse("1.2.3 tỷ") == nil && VNDAmount.parse("tỷ") == nil)
        let small = "planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 15}\n"
        #expect { _ = try PlannerScenario.decode(try withDefaults(small), file: "/x/s.yaml") } throws: {
            "\($0)".contains("planner.budget_vnd.2018 = 15 VND is under 1,000,000 VND; did you mean 15 tỷ (15_000_000_000 VND)?")
        }
    }

    /// An extending scenario's budget map replaces its base's (2018 dropped); `null` removes a year.
    @Test func budgetMapIsReplacedWholeAndNullDropsAYear() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.yaml").path
        try "extends: \(repoPath("data/scenarios/quang-tri-2020-plan.yaml"))\nplanner:\n  budget_vnd: {2019: 20 tỷ, 2020: null, 2021: 30 tỷ}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let p = try #require(try Scenario.load(path: path).planner)
        #expect(p.budgets == [YearBudget(year: 2019, budget: Money(vnd: 20_000_000_000)), YearBudget(year: 2021, budget: Money(vnd: 30_000_000_000))])
    }

    @Test(arguments: [
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 1e9}\n  metod: greedy\n", "unknown key 'metod' in planner — did you mean 'method'?"),
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: -5}\n", "negative"),
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 1.5}\n", "whole amount of VND"),
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2019: 1e9, 2018: 1e9}\n", "increasing order"),
        ("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 1e9}\n  method: best\n", "must be one of greedy, greedy+local, exact, auto"),
        ("planner:\n  targets: t.csv\n  budget_vnd: {2018: 1e9}\n", "missing key 'planner.costs'"),
    ])
    func badPlannerSection(yaml: String, message: String) throws {
        let node = try withDefaults(yaml)
        #expect { _ = try PlannerScenario.decode(node, file: "/x/s.yaml") } throws: { "\($0)".contains(message) }
    }

    @Test(arguments: [
        ("new_site,-1500000000,per site,x\nlte_upgrade,400000000,per site,x\n", "costs.csv:3: cost_vnd of 'new_site' is -1500000000 VND"),
        ("new_site,1500000000.5,per site,x\nlte_upgrade,400000000,per site,x\n", "not a whole number of VND"),
        ("new_site,abc,per site,x\nlte_upgrade,400000000,per site,x\n", "is not a number"),
        ("new_site,0,per site,x\nlte_upgrade,400000000,per site,x\n", "costs must be positive"),
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
        ("A,2018,abc\n", "lte_pop_pct 'abc' is not a number"),
        ("A,2018,-1\n", "outside 0…100"),
        ("C,2018,90\n", "district 'C' is not in the district layer"),
        ("A,2018,90\nA,2018,95\n", "two target rows for 2018"),
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
        #expect(t.percent[PlanMetric.lte.rawValue] == [[80, nil], [80, 50], [95, 50]])
        #expect(t.metrics == [.lte])
    }

}

@Suite struct PlanInputTests {
    static let twoDistricts = PlanTests.twoDistricts

    /// Several metric columns; an empty cell means no target of that metric on that row.
    @Test func targetsWithSeveralMetrics() throws {
        let path = tempFile("targets.csv", "district_id,year,lte_pop_pct,fbb_households_pct,underground_pct\nA,2018,80,,10\nB,2018,,30,\n")
        let t = try PlanTargets.load(path, districts: Self.twoDistricts, years: [2018])
        #expect(t.metrics == [.lte, .fbb, .underground])
        #expect(t.percent[0] == [[80, nil]] && t.percent[1] == [[nil, 30]] && t.percent[2] == [[10, nil]])
    }

    @Test func targetsNeedAMetricColumn() {
        let path = tempFile("targets.csv", "district_id,year\nA,2018\n")
        #expect { _ = try PlanTargets.load(path, districts: Self.twoDistricts, years: [2018]) } throws: { "\($0)".contains("no target column") }
    }

    /// A cost item is required only by the candidates that use it, and the message says which.
    @Test func missingCostItemNamesItsUse() throws {
        let path = tempFile("costs.csv", "item,cost_vnd,unit,source\nnew_site,1,per site,x\n")
        let c = try PlanCosts.load(path)
        #expect { _ = try c.cost("cable_underground_per_km", neededFor: "cable-route candidates") } throws: {
            "\($0)".contains("missing item 'cable_underground_per_km', needed for cable-route candidates")
        }
        // 350,000,000 VND/km × 1.2345 km = 432,075,000 VND.
        #expect(PlanCosts.perKm(Money(vnd: 350_000_000), 1.2345) == Money(vnd: 432_075_000))
    }
}

/// Opex per year by hand, with aerial 3,000,000 and underground 1,000,000 VND per km and year:
/// an underground route of 1.2 km adds 1,000,000 × 1.2 = 1,200,000; undergrounding 2.5 km of aerial cable
/// changes 2.5 km from 3,000,000 to 1,000,000: 2,500,000 − 7,500,000 = −5,000,000 (a saving); an upgrade
/// adds its own item; a new site without a `new_site_opex_per_year` row has no figure.
@Test func opexPerYearByHand() throws {
    let path = tempFile("costs.csv", """
    item,cost_vnd,unit,source
    lte_upgrade_opex_per_year,30000000,per site per year,x
    cable_aerial_opex_per_km_year,3000000,per km per year,x
    cable_underground_opex_per_km_year,1000000,per km per year,x
    """)
    let c = try PlanCosts.load(path)
    let route = PlanCandidate(kind: .cableRoute, id: "R", site: nil, lengthKm: 1.2, districtIndex: 0, cost: Money(vnd: 1), placement: .underground)
    let ug = PlanCandidate(kind: .undergrounding, id: "U", site: nil, lengthKm: 2.5, districtIndex: 0, cost: Money(vnd: 1))
    let up = PlanCandidate(kind: .upgrade, id: "S", site: nil, districtIndex: 0, cost: Money(vnd: 1))
    let new = PlanCandidate(kind: .newSite, id: "N", site: nil, districtIndex: 0, cost: Money(vnd: 1))
    #expect(c.opexPerYear(route) == Money(vnd: 1_200_000))
    #expect(c.opexPerYear(ug) == Money(vnd: -5_000_000))
    #expect(c.opexPerYear(up) == Money(vnd: 30_000_000))
    #expect(c.opexPerYear(new) == nil)
}
