@testable import Planner

/// SplitMix64 (Steele, Lea & Flood 2014), written here independently of the module's copy
/// so the test data does not depend on code under test.
struct TestGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// The raw data of a test instance, kept so the reference value below is computed from
/// the inputs, not from `CoverageInstance`.
struct RawInstance {
    var weights: [Double]
    var groups: [Int32]
    var needs: [Double]
    var priorities: [Double]
    var costs: [Int64]
    var sets: [[Int32]]
    var overshoot: Double = 0.01

    func make() throws -> CoverageInstance {
        try CoverageInstance(
            elementWeights: weights, elementGroups: groups, groupNeeds: needs, groupPriorities: priorities,
            candidateCosts: costs.map { Money(vnd: $0) }, candidateSets: sets, overshootWeight: overshoot)
    }

    /// V(X) straight from the definition: union of the sets, per-group sums, piecewise-linear term.
    func referenceValue(_ chosen: [Int]) -> Double {
        var union = Set<Int32>()
        for j in chosen { union.formUnion(sets[j]) }
        var coverage = [Double](repeating: 0, count: needs.count)
        for e in union.sorted() { coverage[Int(groups[Int(e)])] += weights[Int(e)] }
        var total = 0.0
        for g in needs.indices {
            let c = coverage[g], t = needs[g]
            total += priorities[g] * (min(c, t) + overshoot * max(0, c - t))
        }
        return total
    }

    /// Best value over all 2ⁿ subsets within `budget` (n ≤ ~16), and one optimal subset.
    func bruteForce(budget: Int64) -> (value: Double, chosen: [Int]) {
        let n = costs.count
        var best = (value: 0.0, chosen: [Int]())
        for mask in 0..<(1 << n) {
            var cost: Int64 = 0
            var chosen = [Int]()
            for j in 0..<n where mask & (1 << j) != 0 {
                cost += costs[j]
                chosen.append(j)
            }
            guard cost <= budget else { continue }
            let value = referenceValue(chosen)
            if value > best.value { best = (value, chosen) }
        }
        return best
    }

    /// Random small instance: 6–12 candidates, 20–60 elements, 2–4 groups; weights 0–10,
    /// needs 0–60 % of each group's total (one in five groups already met, need 0),
    /// priorities 0.5–3, costs 1–9 million VND, each set 2–15 random elements; budget
    /// 25–60 % of the total cost.
    static func random(seed: UInt64) -> (raw: RawInstance, budget: Int64) {
        var rng = TestGenerator(seed: seed)
        let n = rng.int(6...12), elementCount = rng.int(20...60), groupCount = rng.int(2...4)
        let weights = (0..<elementCount).map { _ in (rng.unit() * 10 * 8).rounded() / 8 }
        let groups = (0..<elementCount).map { _ in Int32(rng.int(0...(groupCount - 1))) }
        var totals = [Double](repeating: 0, count: groupCount)
        for e in 0..<elementCount { totals[Int(groups[e])] += weights[e] }
        let needs = totals.map { total in rng.int(0...4) == 0 ? 0 : (total * rng.unit() * 0.6) }
        let priorities = (0..<groupCount).map { _ in 0.5 + rng.unit() * 2.5 }
        let costs = (0..<n).map { _ in Int64(rng.int(1...9)) * 1_000_000 }
        let sets = (0..<n).map { _ -> [Int32] in
            let size = rng.int(2...15)
            return (0..<size).map { _ in Int32(rng.int(0...(elementCount - 1))) }  // unsorted, with repeats
        }
        let total = costs.reduce(0, +)
        let budget = total * Int64(rng.int(25...60)) / 100
        return (RawInstance(weights: weights, groups: groups, needs: needs, priorities: priorities, costs: costs, sets: sets), budget)
    }
}
