import Foundation

extension Selector {
    /// Exact budgeted maximisation by a mixed-integer program solved with GLPK
    /// (`glp_intopt` with its MIP presolver, GLPK 5.0 reference manual §2.8.2).
    ///
    /// **Reduction.** Elements covered by no affordable candidate, or of zero weight, are
    /// dropped; elements of the same group covered by exactly the same set of affordable
    /// candidates are merged into one element whose weight is the sum (ascending element
    /// order). Candidates costing more than the budget are fixed at 0.
    ///
    /// **Model** (m = merged element, g = group):
    ///
    ///     maximise    Σ_g λ_g (u_g + ε v_g)
    ///     subject to  y_m − Σ_{j : m ∈ S_j} x_j ≤ 0              for every m
    ///                 u_g + v_g − Σ_{m ∈ g} w_m y_m = 0           for every g
    ///                 Σ_j (c_j / d) x_j ≤ ⌊B / d⌋                 (d = gcd of the costs)
    ///                 x_j ∈ {0, 1},  0 ≤ y_m ≤ 1,  0 ≤ u_g ≤ T_g,  v_g ≥ 0.
    ///
    /// Because ε ≤ 1, an optimum fills u_g before v_g, so the objective equals V. Dividing
    /// the budget row by the gcd keeps it exact (GLPK works in `Double`, exact for integers
    /// below 2⁵³) and better scaled.
    ///
    /// **Warm start.** GLPK's public API has no in-memory MIP start that survives its
    /// presolver (`glp_ios_heur_sol` takes values for the *presolved* columns, which are not
    /// exposed; `iocp.use_sol` reads only a stored solution and, with presolve on, passes on
    /// just its objective). So greedy+local (``greedyLocalSearch(_:budget:)``) runs first and
    /// the better of it and GLPK's incumbent is returned: on a time-out the answer is never
    /// worse than the heuristic's.
    ///
    /// **Tolerances.** `tol_obj` is lowered from GLPK's 1e-7 to 1e-12 so branches that
    /// could improve V by more than ~1e-12·(1 + V) are not pruned; the reported value is
    /// always recomputed with ``CoverageInstance/value(of:)``.
    ///
    /// - Parameters:
    ///   - instance: the problem.
    ///   - budget: B in VND.
    ///   - timeLimitSeconds: wall-clock limit for `glp_intopt` (`iocp.tm_lim`), > 0 s; the
    ///     greedy+local run before it and the model building are not counted. A run that
    ///     hits the limit depends on machine speed, so only proven-optimal results are
    ///     reproducible across machines.
    /// - Returns: `chosen` in ascending index order, without picks that add no value
    ///   (``pruneRedundant(_:_:)``). `provenOptimal` is `true` only when
    ///   `glp_intopt` returned 0, `glp_mip_status` is `GLP_OPT` and GLPK's solution passes
    ///   the exact integer budget check; then `bound` is the
    ///   optimum. After a time-out `bound` is the best node bound GLPK had reached (the
    ///   gap is ``Selection/relativeGap``), or `nil` if the time ran out before the search
    ///   tree existed.
    /// - Throws: ``SelectionError/invalidTimeLimit(_:)``, or
    ///   ``SelectionError/solverFailed(call:code:)`` when GLPK fails (e.g. `GLP_EFAIL`).
    /// - Complexity: exponential in the worst case (the problem is NP-hard); building the
    ///   model is O(Σ|S_j| + E log E).
    public static func exact(_ instance: CoverageInstance, budget: Money, timeLimitSeconds: Double = 60) throws -> Selection {
        try exact(instance, budget: budget, timeLimitSeconds: timeLimitSeconds, combineWithHeuristic: true)
    }

    /// ``exact(_:budget:timeLimitSeconds:)`` with the heuristic optionally left out, so tests
    /// can check GLPK's own answer.
    static func exact(
        _ instance: CoverageInstance, budget: Money, timeLimitSeconds: Double, combineWithHeuristic: Bool
    ) throws -> Selection {
        guard timeLimitSeconds.isFinite, timeLimitSeconds > 0 else {
            throw SelectionError.invalidTimeLimit(timeLimitSeconds)
        }
        let heuristic = combineWithHeuristic ? greedyLocalSearch(instance, budget: budget) : makeSelection(instance, chosen: [])
        let model = MergedCoverageModel(instance, budgetVND: max(budget.vnd, 0))
        return try solve(model, instance, budget: budget, heuristic: heuristic, timeLimitSeconds: timeLimitSeconds, nodeLimit: nil)
    }

    /// GLPK on the merged model, combined with `heuristic` (the better of the two is kept).
    static func solve(
        _ model: MergedCoverageModel, _ instance: CoverageInstance, budget: Money, heuristic: Selection,
        timeLimitSeconds: Double, nodeLimit: Int?
    ) throws -> Selection {
        let outcome = try GLPKSolver.maximise(model.milp(instance), timeLimitSeconds: timeLimitSeconds, nodeLimit: nodeLimit)
        let n = instance.candidateCount
        let chosenBySolver = outcome.values.map { v in (0..<n).filter { v[$0] > 0.5 } }

        var best = makeSelection(instance, chosen: heuristic.chosen.sorted())
        // GLPK's budget row holds to its feasibility tolerance only; the cost is rechecked
        // in exact integers, and an optimum that fails the check is not claimed as proven.
        var solverSolutionFeasible = false
        if let chosen = chosenBySolver, instance.cost(of: chosen) <= budget {
            solverSolutionFeasible = true
            let candidate = makeSelection(instance, chosen: chosen)
            if candidate.value >= heuristic.value { best = candidate }
        }
        best = makeSelection(instance, chosen: pruneRedundant(instance, best.chosen))
        best.provenOptimal = outcome.optimal && solverSolutionFeasible
        if outcome.optimal {
            best.bound = max(best.value, outcome.objective ?? best.value)
        } else if let bound = outcome.bound {
            best.bound = max(best.value, bound)
        } else {
            best.bound = nil
        }
        return best
    }

    /// Drops picks that add nothing: the MIP maximises V only, so with ε = 0 it may spend money on
    /// candidates whose elements others already cover (any feasible superset of an optimum is optimal
    /// too). Tries the picks from the most to the least expensive (ties: higher index first) and drops
    /// each whose removal leaves V unchanged (within 1e-12·(1 + V)), so the result has the same value
    /// at no more cost. O(k) evaluations of V for k picks.
    static func pruneRedundant(_ instance: CoverageInstance, _ chosen: [Int]) -> [Int] {
        var kept = chosen.sorted()
        let value = instance.value(of: kept)
        let order = kept.sorted { instance.candidateCosts[$0] != instance.candidateCosts[$1] ? instance.candidateCosts[$0] > instance.candidateCosts[$1] : $0 > $1 }
        for j in order {
            let without = kept.filter { $0 != j }
            if instance.value(of: without) >= value - 1e-12 * (1 + abs(value)) { kept = without }
        }
        return kept
    }
}

/// The reduced coverage model behind ``Selector/exact(_:budget:timeLimitSeconds:)``:
/// merged elements (same group, same set of affordable covering candidates) and the
/// gcd-scaled budget row.
struct MergedCoverageModel {
    /// Whether candidate j costs at most the budget.
    var affordable: [Bool]
    /// Weight of each merged element (sum of its members' weights, ascending order).
    var weights: [Double]
    /// Group of each merged element.
    var groups: [Int]
    /// CSR offsets into `candidates`.
    var offsets: [Int]
    /// Covering candidates of each merged element, ascending.
    var candidates: [Int32]
    /// c_j / d for affordable candidates (0 for the others).
    var scaledCosts: [Int64]
    /// ⌊B / d⌋.
    var scaledBudget: Int64

    func coveringCandidates(of m: Int) -> ArraySlice<Int32> { candidates[offsets[m]..<offsets[m + 1]] }

    /// - Complexity: O(E + Σ|S_j|) plus hashing of the signatures.
    init(_ instance: CoverageInstance, budgetVND: Int64) {
        let n = instance.candidateCount, elementCount = instance.elementCount
        let affordable = instance.candidateCosts.map { $0.vnd <= budgetVND }
        self.affordable = affordable
        // Inverted index, element → affordable covering candidates (ascending j).
        var counts = [Int](repeating: 0, count: elementCount + 1)
        for j in 0..<n where affordable[j] {
            for e in instance.elements(of: j) { counts[Int(e) + 1] += 1 }
        }
        for e in 0..<elementCount { counts[e + 1] += counts[e] }
        var fill = counts
        var inverted = [Int32](repeating: 0, count: counts[elementCount])
        for j in 0..<n where affordable[j] {
            for e in instance.elements(of: j) {
                inverted[fill[Int(e)]] = Int32(j)
                fill[Int(e)] += 1
            }
        }
        var index = [[Int32]: Int]()
        weights = []; groups = []; offsets = [0]; candidates = []
        for e in 0..<elementCount {
            let covering = inverted[counts[e]..<counts[e + 1]]
            let weight = instance.elementWeights[e]
            guard !covering.isEmpty, weight > 0 else { continue }
            let key = [instance.elementGroups[e]] + covering
            if let m = index[key] {
                weights[m] += weight
            } else {
                index[key] = weights.count
                weights.append(weight)
                groups.append(Int(instance.elementGroups[e]))
                candidates.append(contentsOf: covering)
                offsets.append(candidates.count)
            }
        }
        var divisor: Int64 = 0
        for j in 0..<n where affordable[j] { divisor = gcd(divisor, instance.candidateCosts[j].vnd) }
        if divisor == 0 { divisor = 1 }
        scaledCosts = (0..<n).map { affordable[$0] ? instance.candidateCosts[$0].vnd / divisor : 0 }
        scaledBudget = budgetVND / divisor
    }
}

private func gcd(_ a: Int64, _ b: Int64) -> Int64 {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
}

extension MergedCoverageModel {
    /// The model of ``Selector/exact(_:budget:timeLimitSeconds:)`` as a ``MILP`` (m = merged element,
    /// g = group). Columns: x_j (binary; fixed at 0 when unaffordable), y_m ∈ [0, 1], u_g ∈ [0, T_g]
    /// (fixed at 0 when T_g = 0) with objective λ_g, v_g ≥ 0 with objective λ_g ε. Rows, in order:
    /// covering y_m − Σ x_j ≤ 0, group balance u_g + v_g − Σ w_m y_m = 0, budget Σ (c_j / d) x_j ≤ ⌊B / d⌋.
    func milp(_ instance: CoverageInstance) -> MILP {
        var p = MILP()
        let n = instance.candidateCount, mergedCount = weights.count, groupCount = instance.groupCount
        for j in 0..<n { p.addColumn(binary: true, bounds: affordable[j] ? nil : .fixed(0)) }
        let yBase = p.columns.count
        for _ in 0..<mergedCount { p.addColumn(bounds: .between(0, 1)) }
        let uBase = p.columns.count
        for g in 0..<groupCount {
            let need = instance.groupNeeds[g]
            p.addColumn(bounds: need > 0 ? .between(0, need) : .fixed(0), objective: instance.groupPriorities[g])
        }
        let vBase = p.columns.count
        for g in 0..<groupCount { p.addColumn(bounds: .lower(0), objective: instance.groupPriorities[g] * instance.overshootWeight) }

        for m in 0..<mergedCount {
            let row = p.addRow(.upper(0))
            p.set(row: row, column: yBase + m, 1)
            for j in coveringCandidates(of: m) { p.set(row: row, column: Int(j), -1) }
        }
        for g in 0..<groupCount {
            let row = p.addRow(.fixed(0))
            p.set(row: row, column: uBase + g, 1)
            p.set(row: row, column: vBase + g, 1)
        }
        for m in 0..<mergedCount { p.set(row: mergedCount + groups[m], column: yBase + m, -weights[m]) }
        let budgetRow = p.addRow(.upper(Double(scaledBudget)))
        for j in 0..<n where affordable[j] { p.set(row: budgetRow, column: j, Double(scaledCosts[j])) }
        return p
    }
}
