import Foundation
import Planner

/// The `planner:` section of a scenario: where costs and targets come from, the budgets per
/// year, the selection method and how candidate sites are generated.
///
/// Costs and targets live in CSV files (data/quang-tri/costs.csv, targets-2020.csv), budgets and
/// years in the scenario; nothing monetary or calendar-bound is written in code (house style §7).
/// The technical keys below have defaults (``Defaults``) so a scenario only states what it changes.
struct PlannerScenario: Sendable {
    /// Cost table CSV (`item,cost_vnd,unit,source`).
    var costsPath: String
    /// Target table CSV (`district_id,year,lte_pop_pct`).
    var targetsPath: String
    var method: SelectionMethod
    /// New money per year, years strictly increasing (from the `budget_vnd` mapping).
    var budgets: [YearBudget]
    /// Whether money unspent in a year moves to the next.
    var carryOver: Bool
    /// Spacing of the regular grid of new-site candidates (m).
    var candidateSpacingMeters: Double
    /// Radius within which a grid point's uncovered population ranks it (m).
    var candidateRankRadiusMeters: Double
    /// At most this many new-site candidates (the best-ranked) are offered to the selector.
    var maxNewSites: Int
    /// Carrier of upgraded and new 4G sites (MHz).
    var lteBandMHz: Double
    var newSiteHeightMeters: Double
    var newSitePowerDBm: Double
    /// Sectors of a new site (evenly spaced from 0°); 0 = omni.
    var newSiteSectors: Int
    /// ε of ``CoverageInstance``: weight of coverage beyond a met target (0 = pure least cost).
    var overshootWeight: Double
    /// Per-year time limit of the exact (GLPK) method (s).
    var exactTimeLimitSeconds: Double
    /// Non-fatal remarks about the section (e.g. a year with a zero budget).
    var warnings: [String]

    /// Defaults of the optional technical keys (reported in plan_summary.json under "parameters").
    enum Defaults {
        static let method = SelectionMethod.greedyLocalSearch
        static let carryOver = true
        static let candidateSpacingMeters = 3000.0
        static let candidateRankRadiusMeters = 3000.0
        static let maxNewSites = 150
        /// LTE band 3 downlink centre used by the synthetic 2017 network (SiteGenerator.Parameters.lteBandMHz).
        static let lteBandMHz = 1815.0
        static let newSiteHeightMeters = 40.0
        static let newSitePowerDBm = 43.0
        static let newSiteSectors = 3
        static let overshootWeight = 0.0
        static let exactTimeLimitSeconds = 60.0
    }

    static let keys = ["costs", "targets", "method", "budget_vnd", "carry_over", "candidate_spacing_m", "candidate_rank_radius_m",
                       "max_new_sites", "lte_band_mhz", "new_site_height_m", "new_site_power_dbm", "new_site_sectors",
                       "overshoot_weight", "exact_time_limit_s"]

    /// Reads the `planner:` mapping; nil when the scenario has none.
    /// - Throws: `SimError.input` for unknown keys, missing costs/targets/budget_vnd, values out of range,
    ///   a budget that is negative or not a whole number of VND.
    static func decode(_ node: YNode?, file: String) throws -> PlannerScenario? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        let m = try YMap(node, context: "planner", allowed: keys)
        guard let costs = try m.path("costs") else { throw SimError.input("\(file): missing key 'planner.costs' (a CSV item,cost_vnd,unit,source)") }
        guard let targets = try m.path("targets") else { throw SimError.input("\(file): missing key 'planner.targets' (a CSV district_id,year,lte_pop_pct)") }
        var method = Defaults.method
        if let name = try m.optionalString("method") {
            guard let parsed = SelectionMethod(rawValue: name) else {
                throw SimError.input("\(m.child("method")!.place): planner.method '\(name)' must be one of \(SelectionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            method = parsed
        }
        guard let bnode = m.child("budget_vnd") else { throw SimError.input("\(file): missing key 'planner.budget_vnd' (a mapping year: VND, e.g. 2018: 20_000_000_000)") }
        guard case .map(let entries) = bnode.value, !entries.isEmpty else {
            throw SimError.input("\(bnode.place): 'planner.budget_vnd' must map years to budgets in VND, e.g. 2018: 20_000_000_000")
        }
        var budgets: [YearBudget] = []
        var warnings: [String] = []
        for e in entries {
            guard let year = Int(e.key), (1900...2200).contains(year) else {
                throw SimError.input("\(e.value.file):\(e.line): planner.budget_vnd key '\(e.key)' must be a calendar year (1900…2200)")
            }
            guard case .scalar(let s) = e.value.value, let vnd = Int64(s.replacingOccurrences(of: "_", with: "")) else {
                throw SimError.input("\(e.value.file):\(e.line): planner.budget_vnd.\(year) must be a whole number of VND, got \(e.value.json.serialized())")
            }
            if vnd < 0 { throw SimError.input("\(e.value.file):\(e.line): planner.budget_vnd.\(year) = \(vnd) VND is negative") }
            if vnd == 0 { warnings.append("\(e.value.file):\(e.line): planner.budget_vnd.\(year) is 0 VND; nothing new can be built in \(year)\(" (carried-over money may still be spent)")") }
            if let last = budgets.last, year <= last.year {
                throw SimError.input("\(e.value.file):\(e.line): planner.budget_vnd years must be listed in increasing order (\(year) after \(last.year))")
            }
            budgets.append(YearBudget(year: year, budget: Money(vnd: vnd)))
        }
        return PlannerScenario(
            costsPath: costs, targetsPath: targets, method: method, budgets: budgets,
            carryOver: m.has("carry_over") ? try m.bool("carry_over") : Defaults.carryOver,
            candidateSpacingMeters: try m.optionalDouble("candidate_spacing_m", range: 200...50_000) ?? Defaults.candidateSpacingMeters,
            candidateRankRadiusMeters: try m.optionalDouble("candidate_rank_radius_m", range: 100...50_000) ?? Defaults.candidateRankRadiusMeters,
            maxNewSites: try m.optionalInt("max_new_sites", range: 0...10_000) ?? Defaults.maxNewSites,
            lteBandMHz: try m.optionalDouble("lte_band_mhz", range: 400...6000) ?? Defaults.lteBandMHz,
            newSiteHeightMeters: try m.optionalDouble("new_site_height_m", range: 1...300) ?? Defaults.newSiteHeightMeters,
            newSitePowerDBm: try m.optionalDouble("new_site_power_dbm", range: 0...70) ?? Defaults.newSitePowerDBm,
            newSiteSectors: try m.optionalInt("new_site_sectors", range: 0...6) ?? Defaults.newSiteSectors,
            overshootWeight: try m.optionalDouble("overshoot_weight", range: 0...1) ?? Defaults.overshootWeight,
            exactTimeLimitSeconds: try m.optionalDouble("exact_time_limit_s", range: 1...86_400) ?? Defaults.exactTimeLimitSeconds,
            warnings: warnings)
    }
}
