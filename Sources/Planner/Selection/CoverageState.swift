/// Incremental coverage bookkeeping for the heuristics: how many chosen candidates cover
/// each element, and the covered weight `C_g` of each group.
///
/// Gains are summed per group in ascending element order, then over groups in order of
/// first touch, so every number is a deterministic function of the state.
struct CoverageState {
    let instance: CoverageInstance
    /// Number of chosen candidates covering each element.
    private(set) var coverCount: [Int32]
    /// `C_g` of the current set.
    var groupCovered: [Double]
    /// Scratch: per-group weight change of the move being evaluated (zero between calls).
    private var delta: [Double]
    private var touched: [Int]
    private var isTouched: [Bool]

    init(_ instance: CoverageInstance) {
        self.instance = instance
        coverCount = [Int32](repeating: 0, count: instance.elementCount)
        groupCovered = [Double](repeating: 0, count: instance.groupCount)
        delta = [Double](repeating: 0, count: instance.groupCount)
        touched = []
        isTouched = [Bool](repeating: false, count: instance.groupCount)
    }

    /// Σ_g λ_g (min(C_g, T_g) + ε max(0, C_g − T_g)) of the current set. O(G).
    var value: Double {
        var total = 0.0
        for g in 0..<instance.groupCount { total += instance.groupValue(g, covered: groupCovered[g]) }
        return total
    }

    @inline(__always)
    private mutating func accumulate(_ e: Int, sign: Double) {
        let g = Int(instance.elementGroups[e])
        if !isTouched[g] {
            isTouched[g] = true
            touched.append(g)
        }
        delta[g] += sign * instance.elementWeights[e]
    }

    /// Value change from the accumulated `delta`, then clears the scratch.
    private mutating func settle() -> Double {
        var change = 0.0
        for g in touched {
            let before = groupCovered[g]
            change += instance.groupValue(g, covered: before + delta[g]) - instance.groupValue(g, covered: before)
            delta[g] = 0
            isTouched[g] = false
        }
        touched.removeAll(keepingCapacity: true)
        return change
    }

    /// `V(X ∪ {j}) − V(X)`, ≥ 0. O(|S_j| + touched groups).
    mutating func gain(of j: Int) -> Double {
        let set = instance.elements(of: j)
        for e32 in set where coverCount[Int(e32)] == 0 { accumulate(Int(e32), sign: 1) }
        return settle()
    }

    /// `V(X) − V(X \ {i})` for a chosen `i`, ≥ 0. O(|S_i| + touched groups).
    mutating func loss(of i: Int) -> Double {
        for e32 in instance.elements(of: i) where coverCount[Int(e32)] == 1 { accumulate(Int(e32), sign: -1) }
        return -settle()
    }

    /// Adds candidate `j` to the set. O(|S_j|).
    mutating func add(_ j: Int) {
        for e32 in instance.elements(of: j) {
            let e = Int(e32)
            if coverCount[e] == 0 {
                groupCovered[Int(instance.elementGroups[e])] += instance.elementWeights[e]
            }
            coverCount[e] += 1
        }
    }

    /// Removes a chosen candidate `i`. Weights are subtracted, so `groupCovered` may carry
    /// rounding residue; callers that undo a removal restore a snapshot instead. O(|S_i|).
    mutating func remove(_ i: Int) {
        for e32 in instance.elements(of: i) {
            let e = Int(e32)
            coverCount[e] -= 1
            if coverCount[e] == 0 {
                groupCovered[Int(instance.elementGroups[e])] -= instance.elementWeights[e]
            }
        }
    }

    /// Recomputes `groupCovered` from `coverCount` in ascending element order (drops the
    /// rounding residue of removals). O(E).
    mutating func resynchronise() {
        for g in 0..<instance.groupCount { groupCovered[g] = 0 }
        for e in 0..<instance.elementCount where coverCount[e] > 0 {
            groupCovered[Int(instance.elementGroups[e])] += instance.elementWeights[e]
        }
    }
}
