import Coverage
import Foundation
import Planner
import Testing
import TestSupport
@testable import Studies

/// Province-wide targets (issue 4: "targets per district and for the province"): a `province` row in
/// the targets file is a target on all districts together, counted with the district targets.
@Suite struct ProvinceTargetTests {
    /// `province` rows (any case) load into `province[m][k]` and carry forward like a district's.
    @Test func provinceRowsLoad() throws {
        let path = tempFile("targets.csv", "district_id,year,lte_pop_pct,fbb_households_pct\nA,2018,80,\nProvince,2018,90,20\nprovince,2020,95,\n")
        let t = try PlanTargets.load(path, districts: PlanTests.twoDistricts, years: [2018, 2019, 2020])
        #expect(t.province[PlanMetric.lte.rawValue] == [90, 90, 95])
        #expect(t.province[PlanMetric.fbb.rawValue] == [20, 20, 20])
        #expect(t.percent[PlanMetric.lte.rawValue] == [[80, nil], [80, nil], [80, nil]])
        let twice = tempFile("targets.csv", "district_id,year,lte_pop_pct\nprovince,2018,90\nPROVINCE,2018,95\n")
        #expect { _ = try PlanTargets.load(twice, districts: PlanTests.twoDistricts, years: [2018]) } throws: {
            "\($0)".contains("targets.csv:3: the province has two target rows for 2018")
        }
    }

    /// The two-district study of ``twoDistrictPlan(targets:planner:)`` with the candidate file and one
    /// site's budget in 2020.
    func plan(targets: String) async throws -> (PlanRun, URL) {
        try await twoDistrictPlan(targets: targets, planner: "candidate_sites: cands.csv, budget_vnd: {2020: 1 tỷ}")
    }

    /// Province 50 % of 200 people = 100 people. CA covers 100 (meets it: value 100/100 = 1); CB1 covers 60
    /// (0.6); CB2 40 (0.4). With one site's budget the planner must pick CA, and report the province met.
    @Test func provinceTargetAloneChoosesTheSiteThatMeetsIt() async throws {
        let (run, out) = try await plan(targets: "district_id,year,lte_pop_pct\nprovince,2020,50\n")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        #expect(run.steps.map { run.candidates[$0.candidate].id } == ["CA"])
        #expect(run.met(run.provinceUnit, .lte, yearIndex: 0, achieved: run.achieved(.lte, run.provinceUnit, in: run.achievedAfterYear[0])))
        #expect(run.achieved(.lte, run.provinceUnit, in: run.achievedAfterYear[0]) == 100)
        // plan.csv: 1 of 1 targets met after the step, newly met: the province's 4G target.
        let csv = try String(contentsOf: out.appendingPathComponent("plan.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n")[1].hasSuffix(",1/1,province:lte"), "\(csv)")
        // plan_summary.json: a province entry, met, 50 % planned; no unmet target.
        let summary = try GeoJSON.parseJSON(Data(contentsOf: out.appendingPathComponent("plan_summary.json")), file: "plan_summary.json")
        let lte = summary["province"]?["years"]?.arrayValue?.first?["lte"]
        #expect(lte?["met"] == .bool(true) && lte?["pct"] == .number(50) && lte?["target_pct"] == .number(50))
        #expect(summary["unmet_targets"]?.arrayValue?.isEmpty == true)
    }

    /// District B 60 % (60 people) and province 50 % (100 people), one site: CA is worth 1 (the whole
    /// province gap, nothing for B); CB1 is worth 60/60 + 60/100 = 1.6 (B's gap closed and 60 % of the
    /// province's). The planner picks CB1; the province stays 40 people short and CA (1 VND for 100
    /// people toward it) is its cheapest next step.
    @Test func provinceAndDistrictTargetsCountTogether() async throws {
        let (run, out) = try await plan(targets: "district_id,year,lte_pop_pct\nB,2020,60\nprovince,2020,50\n")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        #expect(run.steps.map { run.candidates[$0.candidate].id } == ["CB1"])
        let summary = try GeoJSON.parseJSON(Data(contentsOf: out.appendingPathComponent("plan_summary.json")), file: "plan_summary.json")
        let unmet = try #require(summary["unmet_targets"]?.arrayValue)
        #expect(unmet.count == 1)
        #expect(unmet.first?["district_id"] == .string("province") && unmet.first?["gap"] == .number(40))
        #expect(unmet.first?["cheapest_next_step"]?["id"] == .string("CA") && unmet.first?["cheapest_next_step"]?["gain"] == .number(100))
        #expect(summary["years"]?.arrayValue?.first?["targets"] == .number(2) && summary["years"]?.arrayValue?.first?["targets_met"] == .number(1))
    }
}
