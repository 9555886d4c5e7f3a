/// Which algorithm chooses the candidates.
public enum SelectionMethod: String, Sendable, CaseIterable {
    /// ``Selector/greedy(_:budget:)``: lazy cost-benefit greedy with the best-single check.
    case greedy
    /// ``Selector/greedyLocalSearch(_:budget:)``: greedy, then exchange local search.
    case greedyLocalSearch = "greedy+local"
    /// ``Selector/exact(_:budget:timeLimitSeconds:)``: mixed-integer program solved by GLPK.
    case exact
    /// ``Selector/auto(_:budget:limits:)``: greedy+local, then GLPK with a node limit when the
    /// problem is small (the default).
    case auto
}

/// The result of one selection: which candidates, at what cost, for what value.
public struct Selection: Sendable, Equatable {
    /// Candidate indices in the order they were picked (for local search: survivors of the
    /// greedy order first, then candidates swapped or added in, in the order they came in;
    /// for exact: ascending index).
    public var chosen: [Int]
    /// `V(chosen)`, recomputed from scratch by ``CoverageInstance/value(of:)``.
    public var value: Double
    /// Σ c_j over `chosen`, ≤ the budget.
    public var cost: Money
    /// `V(first k + 1 picks) − V(first k picks)` for each pick, in `chosen` order. Their sum
    /// equals `value` up to floating-point rounding.
    public var marginalGains: [Double]
    /// `true` only when GLPK reported the mixed-integer optimum (`GLP_OPT`).
    public var provenOptimal: Bool
    /// The best upper bound on the optimum that the exact solver proved, `nil` for the
    /// heuristics. Equal to `value` (up to solver tolerance) when `provenOptimal`.
    public var bound: Double?

    /// Creates a selection record; no validation.
    public init(chosen: [Int], value: Double, cost: Money, marginalGains: [Double], provenOptimal: Bool, bound: Double?) {
        self.chosen = chosen
        self.value = value
        self.cost = cost
        self.marginalGains = marginalGains
        self.provenOptimal = provenOptimal
        self.bound = bound
    }

    /// Relative optimality gap `(bound − value) / max(|bound|, 1e-12)`, or `nil` without a bound.
    public var relativeGap: Double? {
        guard let bound else { return nil }
        return max(0, bound - value) / max(abs(bound), 1e-12)
    }
}

/// The budget available in one planning year.
public struct YearBudget: Sendable, Equatable {
    /// The one check of a budget schedule (the scenario reader maps its errors to file and line):
    /// for each year in order, its new money must be ≥ 0 VND and its year later than the one before.
    /// - Throws: ``SelectionError/negativeBudget(index:vnd:)`` or ``SelectionError/yearsNotIncreasing(index:year:)``
    ///   for the first year that fails.
    public static func check(_ years: [YearBudget]) throws {
        for (k, y) in years.enumerated() {
            if y.budget.vnd < 0 { throw SelectionError.negativeBudget(index: k, vnd: y.budget.vnd) }
            if k > 0 && y.year <= years[k - 1].year { throw SelectionError.yearsNotIncreasing(index: k, year: y.year) }
        }
    }

    /// Calendar year, e.g. 2018.
    public var year: Int
    /// New money for that year (before any carry-over), ≥ 0 VND.
    public var budget: Money

    /// Creates a year budget.
    public init(year: Int, budget: Money) {
        self.year = year
        self.budget = budget
    }
}

/// What one year of a multi-year plan chose and how its money was used.
public struct YearSelection: Sendable, Equatable {
    /// Calendar year.
    public var year: Int
    /// The year's picks, with indices into the original instance and values measured on
    /// that year's residual problem (earlier picks already built, needs reduced).
    public var selection: Selection
    /// Money available this year: the year's budget plus what was carried in.
    public var available: Money
    /// Money spent this year, = `selection.cost` ≤ `available`.
    public var spent: Money
    /// Money carried into the next year: `available − spent` with carry-over, else zero.
    public var carried: Money

    /// Creates a year record; no validation.
    public init(year: Int, selection: Selection, available: Money, spent: Money, carried: Money) {
        self.year = year
        self.selection = selection
        self.available = available
        self.spent = spent
        self.carried = carried
    }
}
