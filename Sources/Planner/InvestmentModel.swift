import Coverage
import Foundation

// The investment model's values: what is measured against targets, what kinds of investment
// there are, one candidate investment and one pick of a plan. No files here: Studies reads the
// cost and target tables and generates the candidates.

/// A planning target's metric (one column of the targets CSV).
public enum PlanMetric: Int, Sendable, CaseIterable {
    /// 4G population coverage: elements are population cells, weights people.
    case lte
    /// Fixed-broadband household reach: elements are population cells, weights households.
    case fbb
    /// Undergrounded share of cable km: elements are aerial cable pieces, weights km.
    case underground

    /// The targets CSV column (a percentage).
    public var column: String { ["lte_pop_pct", "fbb_households_pct", "underground_pct"][rawValue] }
    /// Short name used in plan.csv's `targets_met_after` and the summary.
    public var name: String { ["lte", "fbb", "underground"][rawValue] }
    /// The unit of the metric's element weights.
    public var unit: String { ["people", "households", "km"][rawValue] }
}

/// What kind of investment a candidate is.
public enum InvestmentKind: String, Sendable, CaseIterable {
    /// The item name in the cost table (routes: `cable_<placement>_per_km`).
    public var costItem: String {
        switch self {
        case .upgrade: return "lte_upgrade"
        case .newSite: return "new_site"
        case .cableRoute: return "cable_underground_per_km"
        case .undergrounding: return "undergrounding_per_km"
        }
    }

    /// An existing 3G site gets 4G radios on its mast (cost item `lte_upgrade`).
    case upgrade = "upgrade"
    /// A new 4G tower on a grid point or from the candidate file (cost item `new_site`).
    case newSite = "new_site"
    /// A new fibre route from the served network to a cluster of unreached households
    /// (cost item `cable_underground_per_km` or `cable_aerial_per_km`).
    case cableRoute = "cable_route"
    /// An existing aerial cable stretch put underground (cost item `undergrounding_per_km`).
    case undergrounding = "undergrounding"
}

/// One investment the planner may choose.
public struct PlanCandidate: Sendable {
    public var kind: InvestmentKind
    public var id: String
    /// The 4G site after the investment (upgrades and new sites; for an upgrade the 3G site with the planner's LTE band).
    public var site: Site?
    /// The cable (routes and undergrounding), metres.
    public var lines: [LineString2] = []
    /// Length of `lines`, km (the route length with its detour factor for routes).
    public var lengthKm: Double = 0
    /// District index (−1 outside all districts).
    public var districtIndex: Int
    public var cost: Money
    /// Placement of a new route's cable (selects its cost items).
    public var placement: CablePlacement? = nil

    public init(kind: InvestmentKind, id: String, site: Site? = nil, lines: [LineString2] = [], lengthKm: Double = 0, districtIndex: Int,
                cost: Money, placement: CablePlacement? = nil) {
        (self.kind, self.id, self.site, self.lines, self.lengthKm, self.districtIndex, self.cost, self.placement) =
            (kind, id, site, lines, lengthKm, districtIndex, cost, placement)
    }
}

/// One pick of the plan, in plan order.
public struct PlanStep: Sendable {
    public var rank: Int
    public var year: Int
    public var candidate: Int
    /// First-time gains given every earlier pick and the 2017 network, per ``PlanMetric``
    /// (people newly covered by 4G, households newly reached, km newly underground).
    public var gains: [Double]
    /// People in the newly reached households (routes; 0 otherwise).
    public var newFBBPeople: Double
    public var cumulativeCost: Money
    /// (district index, metric) targets of `year` met after this pick.
    public var targetsMetAfter: [(district: Int, metric: PlanMetric)]
    /// Province achievement per metric after this pick (%).
    public var provincePercentAfter: [Double]

    public init(rank: Int, year: Int, candidate: Int, gains: [Double], newFBBPeople: Double, cumulativeCost: Money,
                targetsMetAfter: [(district: Int, metric: PlanMetric)], provincePercentAfter: [Double]) {
        (self.rank, self.year, self.candidate, self.gains, self.newFBBPeople, self.cumulativeCost, self.targetsMetAfter, self.provincePercentAfter) =
            (rank, year, candidate, gains, newFBBPeople, cumulativeCost, targetsMetAfter, provincePercentAfter)
    }

    /// People newly covered (4G) or newly reached (fixed broadband) by this pick.
    public var newPeople: Double { gains[PlanMetric.lte.rawValue] + newFBBPeople }
}
