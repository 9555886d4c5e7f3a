import Coverage
import Foundation
import Planner

/// The `planner:` section of a scenario: where costs and targets come from, the budgets per
/// year, the selection method and how candidates are generated.
///
/// Costs and targets live in CSV files (data/quang-tri/costs.csv, targets-2020.csv), budgets and
/// years in the scenario; nothing monetary or calendar-bound is written in code (house style §7).
/// Every technical key has its default in data/scenarios/defaults.yaml, not here: a scenario that
/// does not extend defaults.yaml must state them all.
package struct PlannerScenario: Sendable {
    /// Cost table CSV (`item,cost_vnd,unit,source`).
    var costsPath: String
    /// Target table CSV (`district_id,year[,lte_pop_pct][,fbb_households_pct][,underground_pct]`).
    var targetsPath: String
    /// The sheet of `costs` / `targets` when it is an Excel workbook given as `{path, layer}` (nil = its first sheet).
    var costsSheet: String? = nil
    var targetsSheet: String? = nil
    /// Optional candidate new sites (the sites CSV format, or a GIS point layer with its fields); nil = a grid of candidates.
    var candidateSitesPath: String?
    /// Layer / CRS of `candidate_sites` when given as `{path, layer, crs_epsg}` (LayerOptions.swift).
    var candidateSitesOptions = LayerOptions()
    /// Optional candidate fibre routes (lines with `id`, optional `placement`), besides the generated ones.
    var candidateRoutesPath: String? = nil
    var candidateRoutesOptions = LayerOptions()
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
    /// Grid spacing on which unreached households are grouped into route targets (m).
    var routeClusterMeters: Double
    /// At most this many cable-route candidates per district (the clusters with most households).
    var maxCableRoutesPerDistrict: Int
    /// Clusters with fewer unreached households get no route.
    var routeMinHouseholds: Double
    /// Route length = straight distance × this factor (≥ 1).
    var routeDetourFactor: Double
    /// Placement of new routes (selects the cost item `cable_<placement>_per_km`).
    var newCablePlacement: CablePlacement
    /// ε of ``CoverageInstance``: weight of progress beyond a met target (0 = pure least cost).
    var overshootWeight: Double
    /// Per-year time limit of the exact (GLPK) method (s).
    var exactTimeLimitSeconds: Double
    /// `adaptive_candidates`: widen candidate generation while money is left and a generation limit binds.
    var adaptiveCandidates = true
    /// Most widenings of the adaptive mode (each doubles the binding counts or halves the minimum cluster).
    static let adaptiveRoundsLimit = 4
    /// Upper ends of `max_new_sites` and `max_cable_routes_per_district` (their decoding ranges).
    static let maxNewSitesLimit = 10_000
    static let maxRoutesLimit = 10_000
    /// Non-fatal remarks about the section (e.g. a year with a zero budget).
    var warnings: [String]

    static let keys = ["enabled", "costs", "targets", "candidate_sites", "candidate_routes", "method", "budget_vnd", "carry_over", "candidate_spacing_m",
                       "candidate_rank_radius_m", "max_new_sites", "lte_band_mhz", "new_site_height_m", "new_site_power_dbm", "new_site_sectors",
                       "route_cluster_m", "max_cable_routes_per_district", "route_min_households", "route_detour_factor", "new_cable_placement",
                       "overshoot_weight", "exact_time_limit_s", "adaptive_candidates"]

    /// Reads the `planner:` mapping; nil when the scenario has none or `enabled: false`.
    /// - Throws: `SimError.input` for unknown keys, missing keys, values out of range,
    ///   a budget that is negative or not a whole number of VND.
    static func decode(_ node: YNode?, file: String) throws -> PlannerScenario? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        let m = try YMap(node, context: "planner", allowed: keys)
        if m.has("enabled"), !(try m.bool("enabled")) { return nil }
        // A table: a path, or {path, layer} naming the sheet of an Excel workbook.
        func table(_ key: String) throws -> (path: String?, sheet: String?) {
            let (path, options) = try m.layerInput(key, context: "planner.\(key)")
            if let c = options?.crsEPSG {
                throw SimError.input("\(m.child(key)!.place): planner.\(key) is a table, not a GIS layer; crs_epsg \(c) does not apply (give {path, layer} with layer naming a sheet of an .xlsx workbook)")
            }
            return (path, options?.layer)
        }
        let (costsPath, costsSheet) = try table("costs"), (targetsPath, targetsSheet) = try table("targets")
        guard let costs = costsPath else { throw SimError.input("\(file): missing key 'planner.costs' (a CSV item,cost_vnd,unit,source)") }
        guard let targets = targetsPath else {
            throw SimError.input("\(file): missing key 'planner.targets' (a CSV district_id,year[,lte_pop_pct][,fbb_households_pct][,underground_pct])")
        }
        let methodName = try m.string("method")
        guard let method = SelectionMethod(rawValue: methodName) else {
            throw SimError.input("\(m.child("method")!.place): planner.method '\(methodName)' must be one of \(SelectionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let placementName = try m.string("new_cable_placement")
        guard let placement = CablePlacement(rawValue: placementName), placement != .duct else {
            throw SimError.input("\(m.child("new_cable_placement")!.place): planner.new_cable_placement '\(placementName)' must be underground or aerial")
        }
        guard let bnode = m.child("budget_vnd") else { throw SimError.input("\(file): missing key 'planner.budget_vnd' (a mapping year: VND, e.g. 2018: 20_000_000_000)") }
        guard case .map(let allEntries) = bnode.value, !allEntries.isEmpty else {
            throw SimError.input("\(bnode.place): 'planner.budget_vnd' must map years to budgets in VND, e.g. 2018: 20_000_000_000")
        }
        var budgets: [YearBudget] = []
        var warnings: [String] = []
        let entries = allEntries.filter { if case .null = $0.value.value { return false } else { return true } }   // `2018: null` removes a year
        if entries.isEmpty { throw SimError.input("\(bnode.place): 'planner.budget_vnd' has no year left (every year is null); give at least one") }
        for e in entries {
            guard let year = Int(e.key), (1900...2200).contains(year) else {
                throw SimError.input("\(e.value.file):\(e.line): planner.budget_vnd key '\(e.key)' must be a calendar year (1900…2200)")
            }
            guard case .scalar(let s) = e.value.value, let vnd = VNDAmount.parse(s) else {
                throw SimError.input("\(e.value.file):\(e.line): planner.budget_vnd.\(year) must be a whole amount of VND (e.g. 20_000_000_000, 20e9, 20 tỷ, 20 bn), got \(e.value.json.serialized())")
            }
            if vnd > 0 && vnd < VNDAmount.smallestBudget {
                throw SimError.input("\(e.value.file):\(e.line): planner.budget_vnd.\(year) = \(vnd) VND is under 1,000,000 VND; \(VNDAmount.likelyMeant(vnd)) (write the amount in VND, or with a unit: \(vnd) tỷ, \(vnd) bn, \(vnd)e9)")
            }
            if vnd == 0 { warnings.append("\(e.value.file):\(e.line): planner.budget_vnd.\(year) is 0 VND; nothing new can be built in \(year) (carried-over money may still be spent)") }
            budgets.append(YearBudget(year: year, budget: Money(vnd: vnd)))
        }
        // The schedule's one check is the planner's own (YearBudget.check); its errors get file and line here.
        do { try YearBudget.check(budgets) } catch let error as SelectionError {
            switch error {
            case .negativeBudget(let k, let vnd):
                throw SimError.input("\(entries[k].value.file):\(entries[k].line): planner.budget_vnd.\(budgets[k].year) = \(vnd) VND is negative")
            case .yearsNotIncreasing(let k, let year):
                throw SimError.input("\(entries[k].value.file):\(entries[k].line): planner.budget_vnd years must be listed in increasing order (\(year) after \(budgets[k - 1].year))")
            default: throw error
            }
        }
        let candidates = try m.layerInput("candidate_sites", context: "planner.candidate_sites")
        let routes = try m.layerInput("candidate_routes", context: "planner.candidate_routes")
        var decoded = PlannerScenario(
            costsPath: costs, targetsPath: targets, candidateSitesPath: candidates.path, candidateSitesOptions: candidates.options ?? LayerOptions(),
            method: method, budgets: budgets,
            carryOver: try m.bool("carry_over"),
            candidateSpacingMeters: try m.double("candidate_spacing_m", range: 200...50_000),
            candidateRankRadiusMeters: try m.double("candidate_rank_radius_m", range: 100...50_000),
            maxNewSites: try m.int("max_new_sites", range: 0...maxNewSitesLimit),
            lteBandMHz: try m.double("lte_band_mhz", range: 400...6000),
            newSiteHeightMeters: try m.double("new_site_height_m", range: 1...300),
            newSitePowerDBm: try m.double("new_site_power_dbm", range: 0...70),
            newSiteSectors: try m.int("new_site_sectors", range: 0...6),
            routeClusterMeters: try m.double("route_cluster_m", range: 100...50_000),
            maxCableRoutesPerDistrict: try m.int("max_cable_routes_per_district", range: 0...maxRoutesLimit),
            routeMinHouseholds: try m.double("route_min_households", range: 0...1e9),
            routeDetourFactor: try m.double("route_detour_factor", range: 1...5),
            newCablePlacement: placement,
            overshootWeight: try m.double("overshoot_weight", range: 0...1),
            exactTimeLimitSeconds: try m.double("exact_time_limit_s", range: 1...86_400),
            warnings: warnings)
        decoded.adaptiveCandidates = try m.bool("adaptive_candidates")
        decoded.costsSheet = costsSheet
        decoded.targetsSheet = targetsSheet
        decoded.candidateRoutesPath = routes.path
        decoded.candidateRoutesOptions = routes.options ?? LayerOptions()
        return decoded
    }
}
