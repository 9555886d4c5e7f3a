import Coverage
import Foundation
import Planner

/// What candidate generation left out, per district: the facts a binding limit is named from.
struct CandidateGeneration: Sendable, Equatable {
    /// Whether new sites came from `planner.candidate_sites` (no grid).
    var siteFile = false
    /// Grid points with uncovered people around them ranked below `planner.max_new_sites`, per district.
    var sitesCut: [Int] = []
    /// Clusters of unreached households beyond `planner.max_cable_routes_per_district`, per district.
    var clustersCut: [Int] = []
    /// Clusters with fewer households than `planner.route_min_households`, per district.
    var clustersSmall: [Int] = []
    /// Offered clusters that got no route (no served point with optical budget left, or the route's reach holds
    /// none of their households), per district.
    var clustersUnrouted: [Int] = []

    init(districts: Int = 0) {
        sitesCut = [Int](repeating: 0, count: districts)
        clustersCut = sitesCut; clustersSmall = sitesCut; clustersUnrouted = sitesCut
    }
}

/// The limit that keeps a target open after the last budget year while money may be left: the
/// scenario key and its value, and whether the adaptive candidate mode can widen it.
package struct BindingLimit: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        /// The cheapest next step costs more than the money left.
        case budget
        /// More grid points with uncovered people were ranked than `max_new_sites` lets in.
        case maxNewSites = "max_new_sites"
        /// Every ranked grid point was offered; none of them reaches the people still uncovered.
        case candidateSpacing = "candidate_spacing_m"
        /// New sites come from a file; none of them reaches the people still uncovered.
        case candidateSites = "candidate_sites"
        /// The district has more clusters of unreached households than routes allowed.
        case maxCableRoutes = "max_cable_routes_per_district"
        /// The households left are in clusters smaller than `route_min_households`.
        case routeMinHouseholds = "route_min_households"
        /// No route to the households left starts where optical budget is left (the OLTs' reach).
        case opticalReach = "reach_km"
        /// Nothing the planner can offer makes progress (e.g. every aerial cable piece is chosen).
        case none
    }

    package var kind: Kind
    /// The scenario key, e.g. `planner.max_new_sites` (empty for ``Kind/none``).
    package var key: String
    /// The key's value in this run, as written in the scenario (e.g. `150`).
    package var value: String

    /// Whether the adaptive candidate mode widens this limit.
    package var widenable: Bool { [.maxNewSites, .maxCableRoutes, .routeMinHouseholds].contains(kind) }
}

/// One widening of candidate generation by the adaptive mode.
package struct AdaptiveRound: Sendable, Equatable {
    /// The planner key widened, its value before and after.
    package var key: String
    package var from: Double
    package var to: Double
    /// Candidates offered after the widening, and the money left at the end of the plan with them.
    package var candidates: Int
    package var moneyLeft: Money
}

extension PlanRun {
    /// Money the plan leaves unspent: what the last year carries on (with carry-over), else the sum of
    /// every year's unspent budget.
    package var moneyLeft: Money {
        guard let last = years.last else { return .zero }
        if settings.carryOver { return last.carried }
        return Money(vnd: years.reduce(Int64(0)) { $0 + max(0, $1.available.vnd - $1.spent.vnd) })
    }

    /// The limit that binds on unit `d`'s target of metric `m` left open after the last year (see
    /// ``BindingLimit/Kind``). The cheapest next step (``cheapestNextStep(district:metric:)``), when there
    /// is one, is priced against ``moneyLeft``; otherwise what candidate generation cut is looked at in the
    /// district (the whole province for the province's target).
    package func bindingLimit(district d: Int, metric m: PlanMetric) -> BindingLimit {
        let p = settings, g = generation
        let inUnit = { (counts: [Int]) -> Int in d < provinceUnit ? counts[d] : counts.reduce(0, +) }
        if let next = cheapestNextStep(district: d, metric: m) {
            if candidates[next.candidate].cost > moneyLeft {
                return BindingLimit(kind: .budget, key: "planner.budget_vnd", value: String(moneyLeft.vnd))
            }
            return BindingLimit(kind: .none, key: "planner.method", value: p.method.rawValue)
        }
        switch m {
        case .lte:
            if g.siteFile { return BindingLimit(kind: .candidateSites, key: "planner.candidate_sites", value: p.candidateSitesPath ?? "") }
            if inUnit(g.sitesCut) > 0 { return BindingLimit(kind: .maxNewSites, key: "planner.max_new_sites", value: String(p.maxNewSites)) }
            return BindingLimit(kind: .candidateSpacing, key: "planner.candidate_spacing_m", value: JSONValue.format(p.candidateSpacingMeters))
        case .fbb:
            if inUnit(g.clustersCut) > 0 {
                return BindingLimit(kind: .maxCableRoutes, key: "planner.max_cable_routes_per_district", value: String(p.maxCableRoutesPerDistrict))
            }
            if inUnit(g.clustersSmall) > 0 {
                return BindingLimit(kind: .routeMinHouseholds, key: "planner.route_min_households", value: JSONValue.format(p.routeMinHouseholds))
            }
            if inUnit(g.clustersUnrouted) > 0 {
                return BindingLimit(kind: .opticalReach, key: "fixed_broadband.default_reach_km", value: JSONValue.format(study.scenario.fixed.defaultReachKm))
            }
            return BindingLimit(kind: .none, key: "", value: "")
        case .underground:
            return BindingLimit(kind: .none, key: "", value: "")
        }
    }

    /// Open targets after the last year with their binding limits, in the order of the summary (units, then metrics).
    package func bindingLimits() -> [(district: Int, metric: PlanMetric, limit: BindingLimit)] {
        guard let k = years.indices.last else { return [] }
        var out: [(district: Int, metric: PlanMetric, limit: BindingLimit)] = []
        for d in targetUnits {
            for m in targets.metrics where target(m, yearIndex: k, d) != nil {
                if met(d, m, yearIndex: k, achieved: achieved(m, d, in: achievedAfterYear[k])) { continue }
                out.append((d, m, bindingLimit(district: d, metric: m)))
            }
        }
        return out
    }

    /// The planner settings with the limits in `kinds` widened one step: counts doubled, the minimum
    /// cluster size halved (to 0 below one household). A count of 0 is the scenario saying "none of these"
    /// (e.g. only the planner's own route file) and is kept. Nil when nothing can widen further.
    static func widened(_ p: PlannerScenario, _ kinds: Set<BindingLimit.Kind>) -> (PlannerScenario, [(String, Double, Double)])? {
        var next = p, changes: [(String, Double, Double)] = []
        if kinds.contains(.maxNewSites), p.maxNewSites > 0, p.maxNewSites < PlannerScenario.maxNewSitesLimit {
            next.maxNewSites = min(PlannerScenario.maxNewSitesLimit, p.maxNewSites * 2)
            changes.append(("planner.max_new_sites", Double(p.maxNewSites), Double(next.maxNewSites)))
        }
        if kinds.contains(.maxCableRoutes), p.maxCableRoutesPerDistrict > 0, p.maxCableRoutesPerDistrict < PlannerScenario.maxRoutesLimit {
            next.maxCableRoutesPerDistrict = min(PlannerScenario.maxRoutesLimit, p.maxCableRoutesPerDistrict * 2)
            changes.append(("planner.max_cable_routes_per_district", Double(p.maxCableRoutesPerDistrict), Double(next.maxCableRoutesPerDistrict)))
        }
        if kinds.contains(.routeMinHouseholds), p.routeMinHouseholds > 0 {
            next.routeMinHouseholds = p.routeMinHouseholds >= 2 ? (p.routeMinHouseholds / 2).rounded(.down) : 0
            changes.append(("planner.route_min_households", p.routeMinHouseholds, next.routeMinHouseholds))
        }
        return changes.isEmpty ? nil : (next, changes)
    }

    /// The cheapest candidate of the kinds a widening of `kinds` would add more of (nil: none offered yet).
    func cheapestOffered(for kinds: Set<BindingLimit.Kind>) -> Money? {
        let wanted: Set<InvestmentKind> = kinds.contains(.maxNewSites) ? [.newSite] : []
        let routes: Set<InvestmentKind> = kinds.contains(.maxCableRoutes) || kinds.contains(.routeMinHouseholds) ? [.cableRoute] : []
        return candidates.filter { wanted.union(routes).contains($0.kind) }.map(\.cost).min()
    }
}

extension PlanRun {
    /// One line for the terminal: how many targets stay open after the last year and the limits that
    /// bind them (each key with its value and how many targets it holds), with the money left; nil when
    /// every target is met.
    package func bindingSummary() -> String? {
        let open = bindingLimits()
        guard let last = years.last, !open.isEmpty else { return nil }
        var counts: [String: Int] = [:], order: [String] = []
        for o in open {
            let l = o.limit
            let name = l.kind == .budget ? "planner.budget_vnd" : l.key.isEmpty ? "none (no candidate can make progress)" : "\(l.key) = \(l.value)"
            if counts[name] == nil { order.append(name) }
            counts[name, default: 0] += 1
        }
        return "open targets after \(last.year): \(open.count); limits that bind: "
            + order.map { "\($0) (\(counts[$0]!))" }.joined(separator: ", ") + "; money left \(moneyLeft)"
    }
}
