extension Selector {
    /// Greedy (``greedy(_:budget:)``), then exchange local search until no move improves V.
    ///
    /// Moves, tried in this order each pass; the first class with an improving move applies
    /// its best move (largest improvement, ties to the lexicographically lowest indices):
    /// 1. **add** — an affordable unchosen candidate with positive gain (largest gain per
    ///    VND, as in greedy; budget freed by earlier swaps is used this way);
    /// 2. **1-for-1** — drop a chosen `i`, add an unchosen `j`, if the cost still fits;
    /// 3. **1-for-2** — drop a chosen `i`, add two unchosen `j`, `k`, if the cost still fits.
    ///
    /// A move is improving when it raises V by more than `1e-10 · max(1, V)`, so the search
    /// terminates (V strictly increases over a finite set of solutions) and floating-point
    /// noise cannot cycle. 1-for-2 pairs are pruned with submodularity: the gain of adding
    /// j and k to X∖{i} is at most gain(j) + gain(k) measured on X∖{i}. The 1-for-1 move is
    /// the vertex substitution of Teitz & Bart (1968, "Heuristic methods for estimating the
    /// generalized vertex median of a weighted graph", Oper. Res. 16); the add and 1-for-2
    /// moves extend it to a budget instead of a fixed count.
    ///
    /// - Returns: a selection with V ≥ the greedy's, within budget; `provenOptimal == false`.
    /// - Complexity: per pass O(n · Σ|S|) for adds, O(|X| · n · s̄) for 1-for-1 and up to
    ///   O(|X| · n² · s̄) for 1-for-2 (s̄ = mean |S_j|), usually far less after pruning. Meant
    ///   for instances up to a few thousand candidates.
    public static func greedyLocalSearch(_ instance: CoverageInstance, budget: Money) -> Selection {
        let start = greedyPicks(instance, budget: budget)
        let picks = localSearch(instance, budget: budget, start: start)
        return makeSelection(instance, chosen: picks)
    }

    /// The local search of ``greedyLocalSearch(_:budget:)`` from an arbitrary feasible start.
    static func localSearch(_ instance: CoverageInstance, budget: Money, start: [Int]) -> [Int] {
        let n = instance.candidateCount
        let budgetVND = max(budget.vnd, 0)
        let costs = instance.candidateCosts.map(\.vnd)
        var state = CoverageState(instance)
        var inSet = [Bool](repeating: false, count: n)
        var order = [Int]()
        var spent: Int64 = 0
        for j in start where !inSet[j] {
            inSet[j] = true
            order.append(j)
            state.add(j)
            spent += costs[j]
        }

        while true {
            let current = state.value
            let tolerance = 1e-10 * max(1, abs(current))
            let slack = budgetVND - spent

            // 1. Add.
            var bestAdd: (index: Int, ratio: Double)? = nil
            for j in 0..<n where !inSet[j] && costs[j] <= slack {
                let gain = state.gain(of: j)
                guard gain > tolerance else { continue }
                let ratio = gain / Double(costs[j])
                if bestAdd == nil || ratio > bestAdd!.ratio { bestAdd = (j, ratio) }
            }
            if let add = bestAdd {
                inSet[add.index] = true
                order.append(add.index)
                state.add(add.index)
                spent += costs[add.index]
                continue
            }

            // 2. 1-for-1 swap.
            var bestSwap: (out: Int, inn: Int, improvement: Double)? = nil
            for i in order.sorted() {
                let snapshot = state.groupCovered
                let loss = state.loss(of: i)
                state.remove(i)
                state.resynchroniseGroups(removing: i, snapshot: snapshot)
                let room = slack + costs[i]
                for j in 0..<n where !inSet[j] && costs[j] <= room {
                    let improvement = state.gain(of: j) - loss
                    if improvement > tolerance && (bestSwap == nil || improvement > bestSwap!.improvement) {
                        bestSwap = (i, j, improvement)
                    }
                }
                state.add(i)
                state.groupCovered = snapshot
            }
            if let swap = bestSwap {
                apply(out: swap.out, in: [swap.inn], state: &state, inSet: &inSet, order: &order, spent: &spent, costs: costs)
                continue
            }

            // 3. 1-for-2 swap.
            var bestDouble: (out: Int, first: Int, second: Int, improvement: Double)? = nil
            for i in order.sorted() {
                let snapshot = state.groupCovered
                let loss = state.loss(of: i)
                state.remove(i)
                state.resynchroniseGroups(removing: i, snapshot: snapshot)
                let room = slack + costs[i]
                var options = [(index: Int, gain: Double)]()
                for j in 0..<n where !inSet[j] && costs[j] <= room {
                    options.append((j, state.gain(of: j)))
                }
                options.sort { $0.gain != $1.gain ? $0.gain > $1.gain : $0.index < $1.index }
                let innerSnapshot = state.groupCovered
                outer: for a in options.indices {
                    let threshold = loss + max(tolerance, bestDouble?.improvement ?? 0)
                    guard a + 1 < options.count, options[a].gain + options[a + 1].gain > threshold else { break outer }
                    let first = options[a]
                    state.add(first.index)
                    for b in options.indices.dropFirst(a + 1) {
                        let second = options[b]
                        let threshold = loss + max(tolerance, bestDouble?.improvement ?? 0)
                        if first.gain + second.gain <= threshold { break }
                        if costs[first.index] + costs[second.index] > room { continue }
                        let improvement = first.gain + state.gain(of: second.index) - loss
                        let pair = (min(first.index, second.index), max(first.index, second.index))
                        if improvement > max(tolerance, bestDouble?.improvement ?? 0) {
                            bestDouble = (i, pair.0, pair.1, improvement)
                        } else if let best = bestDouble, improvement == best.improvement,
                                  (i, pair.0, pair.1) < (best.out, best.first, best.second) {
                            bestDouble = (i, pair.0, pair.1, improvement)
                        }
                    }
                    state.remove(first.index)
                    state.groupCovered = innerSnapshot
                }
                state.add(i)
                state.groupCovered = snapshot
            }
            if let move = bestDouble {
                apply(out: move.out, in: [move.first, move.second], state: &state, inSet: &inSet, order: &order, spent: &spent, costs: costs)
                continue
            }
            return order
        }
    }

    private static func apply(
        out: Int, in incoming: [Int], state: inout CoverageState, inSet: inout [Bool],
        order: inout [Int], spent: inout Int64, costs: [Int64]
    ) {
        state.remove(out)
        inSet[out] = false
        order.removeAll { $0 == out }
        spent -= costs[out]
        for j in incoming {
            state.add(j)
            inSet[j] = true
            order.append(j)
            spent += costs[j]
        }
        state.resynchronise()
    }
}

extension CoverageState {
    /// After `remove(i)`, sets `groupCovered` to `snapshot` minus the weight of the elements
    /// that became uncovered, summed in ascending element order (no rounding residue from
    /// earlier removals). O(|S_i|).
    mutating func resynchroniseGroups(removing i: Int, snapshot: [Double]) {
        var covered = snapshot
        for e32 in instance.elements(of: i) where coverCount[Int(e32)] == 0 {
            let e = Int(e32)
            covered[Int(instance.elementGroups[e])] -= instance.elementWeights[e]
        }
        groupCovered = covered
    }
}
