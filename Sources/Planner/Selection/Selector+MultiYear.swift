extension Selector {
    /// Plans several years in sequence, each year one budgeted selection on the residual
    /// problem left by the years before it (a rolling, myopic plan — not a joint optimum
    /// over all years).
    ///
    /// For year k (in the given, strictly increasing order):
    /// - candidates picked in earlier years count as built: they are not offered again,
    ///   their elements are covered (weight 0 in the residual problem, removed from the
    ///   other candidates' sets), and each group's need becomes
    ///   `max(0, needsByYear[k][g] − C_g(built))`, so V of the residual problem is exactly the
    ///   increase of the full objective with year k's needs;
    /// - candidates whose `candidateEarliestYears` entry is later than the year are skipped;
    /// - money available = `years[k].budget` + (with `carryOver`) what year k − 1 left unspent;
    ///   `carried = available − spent` with `carryOver`, else 0.
    ///
    /// - Parameters:
    ///   - instance: the problem; its own `groupNeeds` are ignored in favour of `needsByYear`.
    ///   - years: budgets per year, years strictly increasing, budgets ≥ 0 VND.
    ///   - needsByYear: per year, `T_g` for every group measured from the start of the plan
    ///     (cumulative targets: the amount missing before any pick of this plan), ≥ 0.
    ///   - carryOver: whether unspent money moves to the next year.
    ///   - method: the selector used each year.
    ///   - timeLimitSeconds: per-year time limit for ``SelectionMethod/exact``.
    ///   - priorityPerResidualNeed: when true, each year's residual problem gives every group with a
    ///     remaining need T'_g > 0 the priority λ_g = 1 / T'_g (closing what is left of a target is worth 1
    ///     that year, however little is left), and keeps the instance's λ_g for met groups (overshoot only);
    ///     when false (default) the instance's priorities are used every year.
    /// - Returns: one ``YearSelection`` per year, `chosen` as indices into `instance`.
    /// - Throws: ``SelectionError`` for mismatched lengths, bad needs, unordered years or a
    ///   negative budget; ``MoneyError`` if carried money overflows; errors of ``exact(_:budget:timeLimitSeconds:)``.
    /// - Complexity: per year O(E + Σ|S_j|) to build the residual problem, plus the method's.
    public static func multiYear(
        _ instance: CoverageInstance,
        years: [YearBudget],
        needsByYear: [[Double]],
        carryOver: Bool,
        method: SelectionMethod,
        timeLimitSeconds: Double = 60,
        priorityPerResidualNeed: Bool = false
    ) throws -> [YearSelection] {
        guard needsByYear.count == years.count else {
            throw SelectionError.lengthMismatch(field: "needsByYear", expected: years.count, actual: needsByYear.count)
        }
        try YearBudget.check(years)
        for k in years.indices {
            guard needsByYear[k].count == instance.groupCount else {
                throw SelectionError.lengthMismatch(field: "needsByYear[\(k)]", expected: instance.groupCount, actual: needsByYear[k].count)
            }
        }

        var built = [Bool](repeating: false, count: instance.candidateCount)
        var covered = [Bool](repeating: false, count: instance.elementCount)
        var carried = Money.zero
        var result = [YearSelection]()
        for (k, yearBudget) in years.enumerated() {
            let available = try yearBudget.budget.adding(carried)
            var builtCoverage = [Double](repeating: 0, count: instance.groupCount)
            for e in 0..<instance.elementCount where covered[e] {
                builtCoverage[Int(instance.elementGroups[e])] += instance.elementWeights[e]
            }
            let needs = (0..<instance.groupCount).map { max(0, needsByYear[k][$0] - builtCoverage[$0]) }
            var offered = [Int]()
            var sets = [[Int32]]()
            for j in 0..<instance.candidateCount where !built[j] {
                if let earliest = instance.candidateEarliestYears[j], earliest > yearBudget.year { continue }
                offered.append(j)
                sets.append(instance.elements(of: j).filter { !covered[Int($0)] })
            }
            let weights = (0..<instance.elementCount).map { covered[$0] ? 0 : instance.elementWeights[$0] }
            let residual = try CoverageInstance(
                elementWeights: weights,
                elementGroups: instance.elementGroups,
                groupNeeds: needs,
                groupPriorities: priorityPerResidualNeed
                    ? (0..<instance.groupCount).map { needs[$0] > 0 ? 1 / needs[$0] : instance.groupPriorities[$0] }
                    : instance.groupPriorities,
                candidateCosts: offered.map { instance.candidateCosts[$0] },
                candidateSets: sets,
                overshootWeight: instance.overshootWeight
            )
            var selection: Selection
            switch method {
            case .greedy: selection = greedy(residual, budget: available)
            case .greedyLocalSearch: selection = greedyLocalSearch(residual, budget: available)
            case .exact: selection = try exact(residual, budget: available, timeLimitSeconds: timeLimitSeconds)
            case .auto: selection = try auto(residual, budget: available)
            }
            selection.chosen = selection.chosen.map { offered[$0] }
            for j in selection.chosen {
                built[j] = true
                for e in instance.elements(of: j) { covered[Int(e)] = true }
            }
            let spent = selection.cost
            carried = carryOver ? try available.subtracting(spent) : .zero
            result.append(YearSelection(year: yearBudget.year, selection: selection, available: available, spent: spent, carried: carried))
        }
        return result
    }
}
