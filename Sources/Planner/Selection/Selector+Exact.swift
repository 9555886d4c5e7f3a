import CGLPK
import Foundation

/// GLPK's environment (terminal hook, memory accounting) is per process unless the library
/// was built with thread-local storage, so solves are serialised through this lock.
private let glpkLock = NSLock()

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
        let outcome = try glpkLock.withLock {
            try solveWithGLPK(model, instance: instance, timeLimitSeconds: timeLimitSeconds)
        }

        var best = makeSelection(instance, chosen: heuristic.chosen.sorted())
        // GLPK's budget row holds to its feasibility tolerance only; the cost is rechecked
        // in exact integers, and an optimum that fails the check is not claimed as proven.
        var solverSolutionFeasible = false
        if let chosen = outcome.chosen, instance.cost(of: chosen) <= budget {
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

    private struct GLPKOutcome {
        var chosen: [Int]?
        var objective: Double?
        var bound: Double?
        var optimal: Bool
    }

    /// Records the best node bound seen by the branch-and-bound callback.
    private final class BoundTracker {
        var bound: Double?
    }

    /// Builds the model in a fresh `glp_prob`, which this function owns and frees with
    /// `glp_delete_prob` on every path (`defer`). Must run under `glpkLock`.
    private static func solveWithGLPK(
        _ model: MergedCoverageModel, instance: CoverageInstance, timeLimitSeconds: Double
    ) throws -> GLPKOutcome {
        let previousTerminal = glp_term_out(GLP_OFF)
        defer { glp_term_out(previousTerminal) }
        guard let problem = glp_create_prob() else { throw SelectionError.solverFailed(call: "glp_create_prob", code: 0) }
        defer { glp_delete_prob(problem) }

        let n = instance.candidateCount
        let mergedCount = model.weights.count
        let groupCount = instance.groupCount
        glp_set_obj_dir(problem, GLP_MAX)

        // Columns: x_j (1...n), y_m, u_g, v_g.
        let yBase = n, uBase = n + mergedCount, vBase = n + mergedCount + groupCount
        let columnCount = vBase + groupCount
        if columnCount > 0 { glp_add_cols(problem, Int32(columnCount)) }
        for j in 0..<n {
            let column = Int32(j + 1)
            glp_set_col_kind(problem, column, GLP_BV)
            if !model.affordable[j] { glp_set_col_bnds(problem, column, GLP_FX, 0, 0) }
        }
        for m in 0..<mergedCount { glp_set_col_bnds(problem, Int32(yBase + m + 1), GLP_DB, 0, 1) }
        for g in 0..<groupCount {
            let need = instance.groupNeeds[g]
            glp_set_col_bnds(problem, Int32(uBase + g + 1), need > 0 ? GLP_DB : GLP_FX, 0, need)
            glp_set_col_bnds(problem, Int32(vBase + g + 1), GLP_LO, 0, 0)
            glp_set_obj_coef(problem, Int32(uBase + g + 1), instance.groupPriorities[g])
            glp_set_obj_coef(problem, Int32(vBase + g + 1), instance.groupPriorities[g] * instance.overshootWeight)
        }

        // Rows: covering (1...M), group balance, budget. Triplets are 1-based; index 0 unused.
        let budgetRow = mergedCount + groupCount + 1
        glp_add_rows(problem, Int32(budgetRow))
        var rowIndex: [Int32] = [0], columnIndex: [Int32] = [0], coefficient: [Double] = [0]
        func entry(_ row: Int, _ column: Int, _ value: Double) {
            rowIndex.append(Int32(row)); columnIndex.append(Int32(column)); coefficient.append(value)
        }
        for m in 0..<mergedCount {
            let row = m + 1
            glp_set_row_bnds(problem, Int32(row), GLP_UP, 0, 0)
            entry(row, yBase + m + 1, 1)
            for j in model.coveringCandidates(of: m) { entry(row, Int(j) + 1, -1) }
        }
        for g in 0..<groupCount {
            let row = mergedCount + g + 1
            glp_set_row_bnds(problem, Int32(row), GLP_FX, 0, 0)
            entry(row, uBase + g + 1, 1)
            entry(row, vBase + g + 1, 1)
        }
        for m in 0..<mergedCount {
            entry(mergedCount + model.groups[m] + 1, yBase + m + 1, -model.weights[m])
        }
        glp_set_row_bnds(problem, Int32(budgetRow), GLP_UP, 0, Double(model.scaledBudget))
        for j in 0..<n where model.affordable[j] {
            entry(budgetRow, j + 1, Double(model.scaledCosts[j]))
        }
        glp_load_matrix(problem, Int32(rowIndex.count - 1), rowIndex, columnIndex, coefficient)

        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_ON
        parameters.tol_obj = 1e-12
        parameters.tm_lim = Int32(min(timeLimitSeconds * 1000, Double(Int32.max)).rounded(.up))
        let tracker = BoundTracker()
        let trackerPointer = Unmanaged.passUnretained(tracker).toOpaque()
        parameters.cb_info = trackerPointer
        parameters.cb_func = { tree, info in
            guard let tree, let info else { return }
            let tracker = Unmanaged<BoundTracker>.fromOpaque(info).takeUnretainedValue()
            let node = glp_ios_best_node(tree)
            guard node != 0 else { return }
            let bound = glp_ios_node_bound(tree, node)
            tracker.bound = min(tracker.bound ?? bound, bound)
        }
        let code = withExtendedLifetime(tracker) { glp_intopt(problem, &parameters) }
        switch code {
        case 0, GLP_ETMLIM, GLP_EMIPGAP, GLP_ESTOP:
            break
        default:
            throw SelectionError.solverFailed(call: "glp_intopt", code: code)
        }
        let status = glp_mip_status(problem)
        var outcome = GLPKOutcome(chosen: nil, objective: nil, bound: tracker.bound, optimal: code == 0 && status == GLP_OPT)
        if status == GLP_OPT || status == GLP_FEAS {
            outcome.chosen = (0..<n).filter { glp_mip_col_val(problem, Int32($0 + 1)) > 0.5 }
            outcome.objective = glp_mip_obj_val(problem)
        }
        return outcome
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
