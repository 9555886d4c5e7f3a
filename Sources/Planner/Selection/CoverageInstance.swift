/// A weighted, grouped, budgeted maximum-coverage problem: the input of every ``Selector``.
///
/// **Elements** `e = 0..<E` carry a weight `w_e ≥ 0` (people, households or km — one unit
/// per group) and a group `g(e)`. A **group** is a (district, metric) pair with a need
/// `T_g ≥ 0` (the amount still missing to meet its target; 0 when already met) and a
/// priority `λ_g > 0`. A **candidate** `j` (a site, fibre route or undergrounding work)
/// has a cost `c_j > 0` VND, a set `S_j` of covered elements, and optionally an earliest
/// year in which it may be built.
///
/// The **value** of a chosen set X is
///
///     V(X) = Σ_g λ_g · ( min(C_g(X), T_g) + ε · max(0, C_g(X) − T_g) ),
///     C_g(X) = Σ { w_e : e ∈ ∪_{j∈X} S_j, g(e) = g },
///
/// with ε = ``overshootWeight`` ∈ [0, 1]: coverage beyond a met target still counts, at
/// weight ε (default 1 %), so that surplus coverage breaks ties instead of being free.
/// Each group term is a concave, non-decreasing, piecewise-linear function of a coverage
/// function, so V is monotone submodular (Nemhauser, Wolsey & Fisher 1978, §4); each
/// element counts once however many chosen candidates cover it.
///
/// Storage: candidate sets are held in one compressed sparse row array
/// (`setOffsets`, `setElements`), so the instance is a handful of contiguous arrays.
public struct CoverageInstance: Sendable {
    /// `w_e` for every element, ≥ 0, in the unit of its group's metric.
    public let elementWeights: [Double]
    /// `g(e)` for every element, in `0..<groupCount`.
    public let elementGroups: [Int32]
    /// `T_g` for every group, ≥ 0 (same unit as the group's element weights).
    public let groupNeeds: [Double]
    /// `λ_g` for every group, > 0.
    public let groupPriorities: [Double]
    /// `c_j` for every candidate, > 0 VND.
    public let candidateCosts: [Money]
    /// Earliest year each candidate may be built, `nil` = any year. Used by
    /// ``Selector/multiYear(_:years:needsByYear:carryOver:method:)``; the single-budget
    /// selectors ignore it.
    public let candidateEarliestYears: [Int?]
    /// ε, the weight of coverage beyond a met need, in [0, 1].
    public let overshootWeight: Double
    /// CSR offsets: `S_j` is `setElements[setOffsets[j]..<setOffsets[j + 1]]`.
    let setOffsets: [Int]
    /// CSR payload: every `S_j`, sorted ascending and deduplicated, concatenated.
    let setElements: [Int32]

    /// Number of elements `E`.
    public var elementCount: Int { elementWeights.count }
    /// Number of groups.
    public var groupCount: Int { groupNeeds.count }
    /// Number of candidates.
    public var candidateCount: Int { candidateCosts.count }

    /// `S_j`: the elements candidate `j` covers, sorted ascending, without duplicates. O(1).
    public func elements(of candidate: Int) -> ArraySlice<Int32> {
        setElements[setOffsets[candidate]..<setOffsets[candidate + 1]]
    }

    /// Validates and stores an instance.
    ///
    /// - Parameters:
    ///   - elementWeights: `w_e ≥ 0`, finite, one per element.
    ///   - elementGroups: `g(e)` in `0..<groupNeeds.count`, one per element.
    ///   - groupNeeds: `T_g ≥ 0`, finite, one per group.
    ///   - groupPriorities: `λ_g > 0`, finite, one per group.
    ///   - candidateCosts: `c_j > 0` VND, one per candidate.
    ///   - candidateSets: `S_j`, element indices in `0..<E`; sorted and deduplicated here
    ///     if they are not already.
    ///   - candidateEarliestYears: one per candidate, or `nil` for "no restriction" on all.
    ///   - overshootWeight: ε in [0, 1] (default 0.01).
    /// - Throws: ``SelectionError`` naming the first bad field and index.
    /// - Complexity: O(E + Σ|S_j|) when the sets arrive sorted; O(Σ|S_j| log|S_j|) otherwise.
    public init(
        elementWeights: [Double],
        elementGroups: [Int32],
        groupNeeds: [Double],
        groupPriorities: [Double],
        candidateCosts: [Money],
        candidateSets: [[Int32]],
        candidateEarliestYears: [Int?]? = nil,
        overshootWeight: Double = 0.01
    ) throws {
        let elementCount = elementWeights.count
        let groupCount = groupNeeds.count
        let candidateCount = candidateCosts.count
        guard elementGroups.count == elementCount else {
            throw SelectionError.lengthMismatch(field: "elementGroups", expected: elementCount, actual: elementGroups.count)
        }
        guard groupPriorities.count == groupCount else {
            throw SelectionError.lengthMismatch(field: "groupPriorities", expected: groupCount, actual: groupPriorities.count)
        }
        guard candidateSets.count == candidateCount else {
            throw SelectionError.lengthMismatch(field: "candidateSets", expected: candidateCount, actual: candidateSets.count)
        }
        if let years = candidateEarliestYears, years.count != candidateCount {
            throw SelectionError.lengthMismatch(field: "candidateEarliestYears", expected: candidateCount, actual: years.count)
        }
        guard overshootWeight.isFinite, overshootWeight >= 0, overshootWeight <= 1 else {
            throw SelectionError.overshootWeightOutOfRange(overshootWeight)
        }
        for (e, w) in elementWeights.enumerated() where !(w.isFinite && w >= 0) {
            throw SelectionError.invalidValue(field: "elementWeights", index: e, value: w)
        }
        for (e, g) in elementGroups.enumerated() where g < 0 || Int(g) >= groupCount {
            throw SelectionError.groupOutOfRange(element: e, group: g, groupCount: groupCount)
        }
        for (g, t) in groupNeeds.enumerated() where !(t.isFinite && t >= 0) {
            throw SelectionError.invalidValue(field: "groupNeeds", index: g, value: t)
        }
        for (g, p) in groupPriorities.enumerated() where !(p.isFinite && p > 0) {
            throw SelectionError.invalidValue(field: "groupPriorities", index: g, value: p)
        }
        for (j, c) in candidateCosts.enumerated() where c.vnd <= 0 {
            throw SelectionError.nonPositiveCost(candidate: j, costVND: c.vnd)
        }
        var offsets = [Int]()
        offsets.reserveCapacity(candidateCount + 1)
        offsets.append(0)
        var payload = [Int32]()
        payload.reserveCapacity(candidateSets.reduce(0) { $0 + $1.count })
        for (j, set) in candidateSets.enumerated() {
            for e in set where e < 0 || Int(e) >= elementCount {
                throw SelectionError.elementOutOfRange(candidate: j, element: e, elementCount: elementCount)
            }
            var strictlyIncreasing = true
            for k in set.indices.dropFirst() where set[k - 1] >= set[k] {
                strictlyIncreasing = false
                break
            }
            if strictlyIncreasing {
                payload.append(contentsOf: set)
            } else {
                var previous: Int32 = -1
                for e in set.sorted() where e != previous {
                    payload.append(e)
                    previous = e
                }
            }
            offsets.append(payload.count)
        }
        self.elementWeights = elementWeights
        self.elementGroups = elementGroups
        self.groupNeeds = groupNeeds
        self.groupPriorities = groupPriorities
        self.candidateCosts = candidateCosts
        self.candidateEarliestYears = candidateEarliestYears ?? Array(repeating: nil, count: candidateCount)
        self.overshootWeight = overshootWeight
        self.setOffsets = offsets
        self.setElements = payload
    }

    /// The contribution of group `g` at coverage `covered`:
    /// `λ_g · (min(C, T_g) + ε · max(0, C − T_g))`. O(1).
    @inline(__always)
    func groupValue(_ g: Int, covered: Double) -> Double {
        let need = groupNeeds[g]
        return groupPriorities[g] * (min(covered, need) + overshootWeight * max(0, covered - need))
    }

    /// The per-group coverage `C_g(X)` of a chosen set (duplicates and order ignored).
    ///
    /// - Precondition: every index is in `0..<candidateCount`.
    /// - Complexity: O(E + Σ_{j∈X} |S_j|).
    public func groupCoverage(of chosen: [Int]) -> [Double] {
        var covered = [Bool](repeating: false, count: elementCount)
        for j in chosen {
            for e in elements(of: j) { covered[Int(e)] = true }
        }
        var coverage = [Double](repeating: 0, count: groupCount)
        // Summed in ascending element order, so the result does not depend on `chosen`'s order.
        for e in 0..<elementCount where covered[e] {
            coverage[Int(elementGroups[e])] += elementWeights[e]
        }
        return coverage
    }

    /// `V(X)` as defined on ``CoverageInstance``, recomputed from scratch.
    ///
    /// Order and duplicates in `chosen` do not matter: the result is bit-identical for any
    /// permutation. This is the value every ``Selection`` reports.
    /// - Precondition: every index is in `0..<candidateCount`.
    /// - Complexity: O(E + G + Σ_{j∈X} |S_j|).
    public func value(of chosen: [Int]) -> Double {
        let coverage = groupCoverage(of: chosen)
        var total = 0.0
        for g in 0..<groupCount { total += groupValue(g, covered: coverage[g]) }
        return total
    }

    /// Σ c_j over `chosen` (duplicates counted once). Traps on overflow of `Int64` VND,
    /// which cannot happen for costs that validated instances and budgets produce in practice.
    /// - Complexity: O(|X| log |X|).
    public func cost(of chosen: [Int]) -> Money {
        var total = Money.zero
        for j in Set(chosen).sorted() { total = total + candidateCosts[j] }
        return total
    }
}
