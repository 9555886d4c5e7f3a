import HeapModule

/// The selection algorithms for budgeted maximisation of V (see ``CoverageInstance``):
///
///     maximise V(X)  subject to  Σ_{j∈X} c_j ≤ B.
///
/// All methods are deterministic: every tie (equal ratio, equal gain, equal improvement)
/// is broken towards the lowest candidate index, and all sums run in a fixed order.
/// A negative budget is treated as zero (nothing is affordable).
public enum Selector {
    /// Lazy greedy by marginal value per VND (CELF: Leskovec et al. 2007, "Cost-effective
    /// outbreak detection in networks", KDD, §3.1 with the cost-benefit rule), compared with
    /// the best single affordable candidate (Khuller, Moss & Naor 1999, "The budgeted
    /// maximum coverage problem", IPL 70, algorithm "modified greedy"); returns the better.
    ///
    /// Each round picks the candidate with the largest `(V(X ∪ {j}) − V(X)) / c_j` among
    /// those that still fit in the remaining budget; candidates that no longer fit are
    /// dropped for good (the remaining budget only shrinks) and candidates with zero gain
    /// are dropped for good (V is submodular, so gains never grow). Stale priorities are
    /// upper bounds for the same reason, which makes the lazy evaluation exact: the result
    /// equals the plain greedy with lowest-index tie-breaking.
    ///
    /// Guarantee: the better of the two is ≥ ½(1 − 1/e) ≈ 0.316 of the optimum, the bound
    /// Leskovec et al. (2007, §3.1) give for this combination (Khuller et al. 1999 claim
    /// the stronger 1 − 1/√e for the same rule; we quote the weaker, uncontested one).
    ///
    /// - Parameters:
    ///   - instance: the problem.
    ///   - budget: B in VND.
    /// - Returns: the picks in pick order, with `provenOptimal == false` and `bound == nil`.
    /// - Complexity: O(Σ_j |S_j|) for the initial gains plus O(|S_j| + log n) per lazy
    ///   re-evaluation; in practice a few re-evaluations per pick. Memory O(E + n).
    public static func greedy(_ instance: CoverageInstance, budget: Money) -> Selection {
        let picks = greedyPicks(instance, budget: budget)
        return makeSelection(instance, chosen: picks)
    }

    /// Heap entry: the best known upper bound on a candidate's ratio, and the round it was
    /// computed in. Larger ratio first, then lower index.
    struct LazyEntry: Comparable {
        var ratio: Double
        var index: Int
        var round: Int

        static func < (lhs: LazyEntry, rhs: LazyEntry) -> Bool {
            if lhs.ratio != rhs.ratio { return lhs.ratio < rhs.ratio }
            return lhs.index > rhs.index
        }
    }

    /// The greedy picks (the better of CELF and the best single), in pick order.
    static func greedyPicks(_ instance: CoverageInstance, budget: Money) -> [Int] {
        var state = CoverageState(instance)
        var remaining = max(budget.vnd, 0)
        var entries = [LazyEntry]()
        entries.reserveCapacity(instance.candidateCount)
        var bestSingle: Int? = nil
        var bestSingleGain = 0.0
        for j in 0..<instance.candidateCount where instance.candidateCosts[j].vnd <= remaining {
            let gain = state.gain(of: j)
            guard gain > 0 else { continue }
            entries.append(LazyEntry(ratio: gain / Double(instance.candidateCosts[j].vnd), index: j, round: 0))
            if gain > bestSingleGain {
                bestSingleGain = gain
                bestSingle = j
            }
        }
        var heap = Heap(entries)
        var picks = [Int]()
        while let top = heap.popMax() {
            let j = top.index
            let cost = instance.candidateCosts[j].vnd
            if cost > remaining { continue }
            if top.round == picks.count {
                picks.append(j)
                state.add(j)
                remaining -= cost
            } else {
                let gain = state.gain(of: j)
                if gain > 0 {
                    heap.insert(LazyEntry(ratio: gain / Double(cost), index: j, round: picks.count))
                }
            }
        }
        if let single = bestSingle, picks != [single] {
            if instance.value(of: [single]) > instance.value(of: picks) { return [single] }
        }
        return picks
    }

    /// Builds a ``Selection`` for `chosen` in that order: value recomputed from scratch,
    /// marginal gains by replaying the picks. O(E + Σ_{j∈X}|S_j|).
    static func makeSelection(
        _ instance: CoverageInstance, chosen: [Int], provenOptimal: Bool = false, bound: Double? = nil
    ) -> Selection {
        var state = CoverageState(instance)
        var gains = [Double]()
        gains.reserveCapacity(chosen.count)
        for j in chosen {
            gains.append(state.gain(of: j))
            state.add(j)
        }
        return Selection(
            chosen: chosen,
            value: instance.value(of: chosen),
            cost: instance.cost(of: chosen),
            marginalGains: gains,
            provenOptimal: provenOptimal,
            bound: bound
        )
    }
}
