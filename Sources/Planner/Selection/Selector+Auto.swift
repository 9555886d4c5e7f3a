extension Selector {
    /// Size and search limits of ``auto(_:budget:)``.
    public struct AutoLimits: Sendable, Equatable {
        /// Largest number of affordable candidates for which GLPK is tried.
        public var maxCandidates: Int
        /// Largest number of merged elements (``MergedCoverageModel``) for which GLPK is tried.
        public var maxMergedElements: Int
        /// Branch-and-bound subproblems GLPK may create before it stops with its best answer.
        public var nodeLimit: Int

        public init(maxCandidates: Int, maxMergedElements: Int, nodeLimit: Int) {
            self.maxCandidates = maxCandidates
            self.maxMergedElements = maxMergedElements
            self.nodeLimit = nodeLimit
        }

        /// 150 candidates, 20,000 merged elements, 20,000 subproblems (see ``Selector/auto(_:budget:limits:)``).
        public static let standard = AutoLimits(maxCandidates: 150, maxMergedElements: 20_000, nodeLimit: 20_000)
    }

    /// Greedy + local search, then — when the problem is small — GLPK's branch and bound
    /// (``exact(_:budget:timeLimitSeconds:)``'s model) bounded by a count of subproblems instead
    /// of a clock, so the answer is the same on every machine and with any number of workers.
    ///
    /// Why: on maximum coverage under a budget, exchange local search stops 0.5–2.6 % below the
    /// optimum on some instances (measured on the project's test instances, see
    /// Tests/PlannerTests/AutoMethodTests.swift), while GLPK proves the optimum of instances of
    /// ~60 candidates in a tenth of a second. Larger problems (the province's plan has ~600
    /// candidates) keep the local search's answer: there the MIP needs minutes.
    ///
    /// - Returns: the better of greedy+local and GLPK's incumbent (redundant picks pruned);
    ///   `provenOptimal` and `bound` as for ``exact(_:budget:timeLimitSeconds:)`` when GLPK ran,
    ///   `false`/`nil` when the problem was above the limits.
    /// - Throws: ``SelectionError/solverFailed(call:code:)`` when GLPK fails.
    public static func auto(_ instance: CoverageInstance, budget: Money, limits: AutoLimits = .standard) throws -> Selection {
        let heuristic = greedyLocalSearch(instance, budget: budget)
        let model = MergedCoverageModel(instance, budgetVND: max(budget.vnd, 0))
        let affordable = model.affordable.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard affordable <= limits.maxCandidates, model.weights.count <= limits.maxMergedElements else { return heuristic }
        // GLPK's clock limit (iocp.tm_lim, an Int32 of milliseconds) is set to its largest value:
        // the node limit, not the clock, ends the search.
        return try solve(model, instance, budget: budget, heuristic: heuristic,
                         timeLimitSeconds: Double(Int32.max) / 1000, nodeLimit: limits.nodeLimit)
    }
}
