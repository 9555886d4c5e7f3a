import Coverage
import Foundation
import Planner
import Testing
import TestSupport
@testable import Studies

/// Two districts side by side, A (106.8–107.0° E) and B (107.0–107.2° E), 16.6–16.8° N. People, as
/// points: 100 in A at (106.9, 16.7); 60 and 40 in B at (107.05, 16.7) and (107.15, 16.7), ≈ 10.7 km
/// apart. No existing site; `disk` radius 3 km, new sites 1 bn VND each. `cands.csv` holds one
/// candidate site on each group (CA, CB1, CB2: each covers its own group only); `planner` is the rest
/// of the planner mapping (budget, candidate file or grid keys). Writes the plan's outputs into `out`.
func twoDistrictPlan(targets: String, planner: String) async throws -> (PlanRun, URL) {
    let dir = tempDir()
    let write = { (name: String, text: String) in try! text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    func square(_ lon0: Double) -> String { "[[\(lon0),16.6],[\(lon0 + 0.2),16.6],[\(lon0 + 0.2),16.8],[\(lon0),16.8],[\(lon0),16.6]]" }
    write("districts.geojson", """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":"A","name":"A","population":100},"geometry":{"type":"Polygon","coordinates":[\(square(106.8))]}},
    {"type":"Feature","properties":{"id":"B","name":"B","population":100},"geometry":{"type":"Polygon","coordinates":[\(square(107.0))]}}]}
    """)
    write("pop.csv", "lon,lat,population\n106.9,16.7,100\n107.05,16.7,60\n107.15,16.7,40\n")
    let header = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n"
    write("cands.csv", header + "CA,106.9,16.7,30,4G,1800,43,\nCB1,107.05,16.7,30,4G,1800,43,\nCB2,107.15,16.7,30,4G,1800,43,\n")
    write("sites.csv", header)
    write("costs.csv", "item,cost_vnd,unit,source\nnew_site,1000000000,per site,unit cost (test)\nlte_upgrade,1000000000,per site,unused\n")
    write("targets.csv", targets)
    write("s.yaml", """
    extends: \(repoPath("data/scenarios/defaults.yaml"))
    name: two districts
    crs_epsg: 32648
    inputs: {districts: districts.geojson, sites: sites.csv, population: pop.csv}
    radio: {disk_radius_m: 3000, bearing_step_deg: 1}
    planner: {enabled: true, costs: costs.csv, targets: targets.csv, \(planner)}
    """)
    let study = try await Study.load(try Scenario.load(path: dir.appendingPathComponent("s.yaml").path), workers: 2)
    let run = try #require(try await ScenarioRun.execute(study, workers: 2, progress: Progress()).plan)
    let out = dir.appendingPathComponent("out")
    let folder = try OutputFolder(out.path)
    try PlanOutputs.write(run, into: folder)
    try folder.commit()
    return (run, out)
}

/// Issue 16 part 5: money left while a target is open — the limit that binds is named, and the adaptive
/// candidate mode widens candidate generation until the money or the useful candidates run out.
@Suite struct BindingLimitTests {
    static let targetB = "district_id,year,lte_pop_pct\nB,2020,100\n"

    /// Candidate file, B at 100 % (100 people), one site's budget: CB1 (60 people, 0.6 of B's gap) beats
    /// CB2 (0.4); CA helps no target. After CB1, 1 − 1 = 0 VND are left and the next step, CB2, costs
    /// 1 bn VND: the budget binds, named `planner.budget_vnd` with the 0 VND left.
    @Test func budgetBindsWhenTheNextStepCostsMoreThanWhatIsLeft() async throws {
        let (run, out) = try await twoDistrictPlan(targets: Self.targetB, planner: "candidate_sites: cands.csv, budget_vnd: {2020: 1 tỷ}")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        #expect(run.steps.map { run.candidates[$0.candidate].id } == ["CB1"])
        let open = run.bindingLimits()
        #expect(open.count == 1 && open[0].district == 1 && open[0].metric == .lte)
        #expect(open[0].limit == BindingLimit(kind: .budget, key: "planner.budget_vnd", value: "0"))
        #expect(run.moneyLeft == .zero)
        #expect(run.bindingSummary() == "open targets after 2020: 1; limits that bind: planner.budget_vnd (1); money left 0 VND")
        // plan_summary.json names it beside the cheapest next step.
        let summary = try GeoJSON.parseJSON(Data(contentsOf: out.appendingPathComponent("plan_summary.json")), file: "plan_summary.json")
        let entry = summary["unmet_targets"]?.arrayValue?.first
        #expect(entry?["binding_limit"]?["key"] == .string("planner.budget_vnd"))
        #expect(entry?["cheapest_next_step"]?["id"] == .string("CB2"))
        #expect(summary["money_left_vnd"] == .number(0))
    }

    /// A 3 km grid ranked by people within 3 km: every grid point scores 100 (near A), 60 (near B1),
    /// 40 (near B2) or 0, so with `max_new_sites: 1` the only offered site lies in A, where no target
    /// is; B's target stays open with 3 bn VND unspent. Without the adaptive mode the limit is named:
    /// `planner.max_new_sites = 1`, nothing bought, 3 bn left.
    @Test func gridCapIsNamedWithoutTheAdaptiveMode() async throws {
        let (run, out) = try await twoDistrictPlan(targets: Self.targetB,
                                                   planner: "max_new_sites: 1, adaptive_candidates: false, budget_vnd: {2020: 3 tỷ}")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        #expect(run.candidates.map(\.kind) == [.newSite] && run.candidates[0].districtIndex == 0)
        #expect(run.steps.isEmpty)
        #expect(run.bindingLimits().map(\.limit) == [BindingLimit(kind: .maxNewSites, key: "planner.max_new_sites", value: "1")])
        #expect(run.moneyLeft == Money(vnd: 3_000_000_000))
        #expect(run.adaptiveRounds.isEmpty)
        let summary = try GeoJSON.parseJSON(Data(contentsOf: out.appendingPathComponent("plan_summary.json")), file: "plan_summary.json")
        #expect(summary["unmet_targets"]?.arrayValue?.first?["binding_limit"]?["value"] == .string("1"))
    }

    /// The same with the adaptive mode (the default): max_new_sites doubles (1 → 2 → 4 …) until B's two
    /// groups each have a grid site; the plan buys two sites (B1's 60 and B2's 40 people are 10.7 km
    /// apart, farther than two 3 km disks reach), meets B's target and leaves 3 − 2 = 1 bn VND. Each
    /// round is recorded with its doubling and a warning says so.
    @Test func adaptiveModeWidensTheGridUntilTheTargetIsMet() async throws {
        let (run, out) = try await twoDistrictPlan(targets: Self.targetB, planner: "max_new_sites: 1, budget_vnd: {2020: 3 tỷ}")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        #expect(run.bindingLimits().isEmpty)
        #expect(run.steps.count == 2 && run.steps.allSatisfy { run.candidates[$0.candidate].districtIndex == 1 })
        #expect(run.moneyLeft == Money(vnd: 1_000_000_000))
        let rounds = run.adaptiveRounds
        #expect(!rounds.isEmpty && rounds.allSatisfy { $0.key == "planner.max_new_sites" && $0.to == 2 * $0.from })
        #expect(rounds.first?.from == 1)
        #expect(zip(rounds, rounds.dropFirst()).allSatisfy { $0.to == $1.from && $0.candidates < $1.candidates })
        #expect(run.warnings.contains { $0.contains("candidate generation was widened") && $0.contains("planner.max_new_sites 1 → 2") })
        let summary = try GeoJSON.parseJSON(Data(contentsOf: out.appendingPathComponent("plan_summary.json")), file: "plan_summary.json")
        #expect(summary["adaptive_rounds"]?.arrayValue?.count == rounds.count)
    }

    /// Widening one step by hand: counts double, the minimum cluster halves (rounded down, 0 below 2).
    @Test func wideningSteps() throws {
        var p = try #require(try PlannerScenario.decode(try withDefaults("planner:\n  costs: c.csv\n  targets: t.csv\n  budget_vnd: {2018: 1e9}\n"), file: "/x/s.yaml"))
        #expect(p.adaptiveCandidates)
        p.maxNewSites = 150; p.maxCableRoutesPerDistrict = 15; p.routeMinHouseholds = 20
        let (w, changes) = try #require(PlanRun.widened(p, [.maxNewSites, .maxCableRoutes, .routeMinHouseholds]))
        #expect(w.maxNewSites == 300 && w.maxCableRoutesPerDistrict == 30 && w.routeMinHouseholds == 10)
        #expect(changes.map(\.0) == ["planner.max_new_sites", "planner.max_cable_routes_per_district", "planner.route_min_households"])
        p.routeMinHouseholds = 1
        #expect(PlanRun.widened(p, [.routeMinHouseholds])?.0.routeMinHouseholds == 0)
        p.routeMinHouseholds = 0
        #expect(PlanRun.widened(p, [.routeMinHouseholds]) == nil)
        #expect(PlanRun.widened(p, [.budget, .candidateSpacing]) == nil)
        // 0 means "none generated" (the scenario's choice): kept.
        p.maxNewSites = 0; p.maxCableRoutesPerDistrict = 0
        #expect(PlanRun.widened(p, [.maxNewSites, .maxCableRoutes]) == nil)
    }
}

/// Issue 16 acceptance: "a budget curve over three budgets", by hand, through a sweep's results.csv.
@Suite struct BudgetCurveTests {
    /// The two-district study with the candidate file, targets A 100 % and B 100 % in 2020, and a sweep
    /// over the 2020 budget of 1, 2, 3 bn VND (sites cost 1 bn each). Values per VND: CA closes A's whole
    /// gap (100/100 = 1), CB1 60/100 = 0.6 of B's, CB2 0.4. So 1 bn buys CA: 100 of 200 people = 50 %,
    /// 1 of 2 targets met; 2 bn buys CA and CB1: 160/200 = 80 %, 1 met; 3 bn buys all three: 100 %, 2 met.
    @Test func budgetCurveByHand() async throws {
        let (_, out) = try await twoDistrictPlan(targets: "district_id,year,lte_pop_pct\nA,2020,100\nB,2020,100\n",
                                                 planner: "candidate_sites: cands.csv, budget_vnd: {2020: 1 tỷ}")
        let dir = out.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = dir.appendingPathComponent("sweep.yaml")
        try "base: s.yaml\naxes:\n  planner.budget_vnd.2020: [1_000_000_000, 2_000_000_000, 3_000_000_000]\n"
            .write(to: sweep, atomically: true, encoding: .utf8)
        let (outcome, text) = try await runSweep(sweep.path, out: dir.appendingPathComponent("sweep-out"), jobs: 2)
        #expect(outcome.failed.isEmpty && outcome.executed.count == 3)
        let csv = try CSVTable(text: try #require(text), file: "results.csv", required: ["run_id"])
        let rows = csv.rows.map { r in Dictionary(uniqueKeysWithValues: zip(csv.header, r.fields)) }
        let byBudget = Dictionary(uniqueKeysWithValues: rows.map { ($0["planner.budget_vnd.2020"] ?? "", $0) })
        for (budget, pct, met, spent) in [("1000000000", 50.0, 1.0, 1e9), ("2000000000", 80.0, 1.0, 2e9), ("3000000000", 100.0, 2.0, 3e9)] {
            let row = try #require(byBudget[budget], "\(byBudget.keys)")
            #expect(row["plan_2020_lte_pop_pct"].flatMap(Double.init) == pct, "\(budget)")
            #expect(row["plan_2020_targets_met"].flatMap(Double.init) == met, "\(budget)")
            #expect(row["plan_2020_spent_vnd"].flatMap(Double.init) == spent, "\(budget)")
        }
    }
}
