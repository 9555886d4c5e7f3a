import Testing
@testable import Planner

@Suite("Selector")
struct SelectorTests {
    /// Seeded random instances against brute force over all subsets (≤ 2¹² = 4,096).
    /// Tolerance 1e-9 on values of order 10²–10³: far above summation rounding (~1e-13),
    /// far below any real difference between two subsets' values.
    @Test("random small instances: exact = brute force; heuristics feasible and never above it",
          arguments: 1...40)
    func randomAgainstBruteForce(seed: Int) throws {
        let (raw, budgetVND) = RawInstance.random(seed: UInt64(seed))
        let instance = try raw.make()
        let budget = Money(vnd: budgetVND)
        let optimum = raw.bruteForce(budget: budgetVND)

        let exact = try Selector.exact(instance, budget: budget)
        #expect(abs(exact.value - optimum.value) <= 1e-9, "exact \(exact.value) vs brute force \(optimum.value) \(optimum.chosen)")
        #expect(exact.provenOptimal)
        #expect(exact.cost <= budget)
        #expect((exact.bound ?? -1) >= exact.value - 1e-9)
        #expect(exact.chosen == exact.chosen.sorted())

        // GLPK's own answer, without the greedy+local incumbent.
        let glpkOnly = try Selector.exact(instance, budget: budget, timeLimitSeconds: 60, combineWithHeuristic: false)
        #expect(abs(glpkOnly.value - optimum.value) <= 1e-9)
        #expect(glpkOnly.provenOptimal)

        let greedy = Selector.greedy(instance, budget: budget)
        let local = Selector.greedyLocalSearch(instance, budget: budget)
        for selection in [greedy, local, exact] {
            #expect(selection.cost <= budget)
            #expect(selection.cost.vnd == selection.chosen.reduce(0) { $0 + raw.costs[$1] })
            #expect(Set(selection.chosen).count == selection.chosen.count)
            #expect(selection.value <= optimum.value + 1e-9)
            #expect(abs(selection.value - raw.referenceValue(selection.chosen)) <= 1e-9)
            #expect(abs(selection.marginalGains.reduce(0, +) - selection.value) <= 1e-9)
            #expect(selection.marginalGains.allSatisfy { $0 >= 0 })
        }
        #expect(greedy.bound == nil && !greedy.provenOptimal)
        #expect(local.value >= greedy.value - 1e-12)

        // Same input, same output, bit for bit.
        #expect(Selector.greedy(instance, budget: budget) == greedy)
        #expect(Selector.greedyLocalSearch(instance, budget: budget) == local)
        #expect(try Selector.exact(instance, budget: budget) == exact)
    }

    /// Hand-built: one group, unit weights, need 100 (never met), so V = number of covered
    /// elements. B = {0…4} costs 2, C = {5…9} costs 2, A = {0, 1, 5} costs 1; budget 4.
    /// Greedy: A (ratio 3/1) beats B, C (5/2); then C (gain 4, ratio 2) beats B (gain 3,
    /// ratio 1.5); then 1 VND-unit left, B does not fit. Greedy = {A, C}, V = 7; best single
    /// = 5. Optimum = {B, C}, V = 10 (all elements).
    @Test("greedy is provably suboptimal here; exact and local search find the optimum 10")
    func greedySuboptimal() throws {
        let unit: Int64 = 1_000_000
        let raw = RawInstance(
            weights: Array(repeating: 1, count: 10), groups: Array(repeating: 0, count: 10),
            needs: [100], priorities: [1], costs: [1 * unit, 2 * unit, 2 * unit],
            sets: [[0, 1, 5], [0, 1, 2, 3, 4], [5, 6, 7, 8, 9]])
        let instance = try raw.make()
        let budget = Money(vnd: 4 * unit)
        let greedy = Selector.greedy(instance, budget: budget)
        #expect(greedy.chosen == [0, 2])
        #expect(greedy.value == 7)
        #expect(greedy.marginalGains == [3, 4])
        let exact = try Selector.exact(instance, budget: budget)
        #expect(exact.chosen == [1, 2])
        #expect(exact.value == 10)
        #expect(exact.provenOptimal)
        #expect(try Selector.exact(instance, budget: budget, timeLimitSeconds: 60, combineWithHeuristic: false).chosen == [1, 2])
        #expect(Selector.greedyLocalSearch(instance, budget: budget).value == 10)
        #expect(raw.bruteForce(budget: 4 * unit).value == 10)
    }

    /// Maximal covering location problem (Church & ReVelle 1974, "The maximal covering
    /// location problem", Papers Reg. Sci. Assoc. 32): p facilities among 30 sites, unit
    /// cost, budget p; demand points covered within a service radius. Brute force over all
    /// C(30, 4) = 27,405 four-subsets (V is monotone, so an optimum uses the full budget).
    @Test("maximum coverage location problem, 30 candidates, p = 4: exact = brute force", arguments: [7, 8, 9])
    func maximalCoveringLocation(seed: Int) throws {
        var rng = TestGenerator(seed: UInt64(1000 + seed))
        let points = (0..<120).map { _ in (x: rng.unit(), y: rng.unit()) }
        let sites = (0..<30).map { _ in (x: rng.unit(), y: rng.unit()) }
        let radius = 0.18
        let sets = sites.map { s in
            points.indices.filter { let p = points[$0]; return (p.x - s.x) * (p.x - s.x) + (p.y - s.y) * (p.y - s.y) <= radius * radius }
                .map { Int32($0) }
        }
        let weights = (0..<120).map { _ in Double(rng.int(1...50)) }
        let total = weights.reduce(0, +)
        let raw = RawInstance(weights: weights, groups: Array(repeating: 0, count: 120), needs: [total],
                              priorities: [1], costs: Array(repeating: 1, count: 30), sets: sets)
        let instance = try raw.make()
        var best = 0.0
        for a in 0..<30 { for b in (a + 1)..<30 { for c in (b + 1)..<30 { for d in (c + 1)..<30 {
            best = max(best, raw.referenceValue([a, b, c, d]))
        } } } }
        let exact = try Selector.exact(instance, budget: Money(vnd: 4))
        #expect(abs(exact.value - best) <= 1e-9)
        let glpkOnly = try Selector.exact(instance, budget: Money(vnd: 4), timeLimitSeconds: 60, combineWithHeuristic: false)
        #expect(abs(glpkOnly.value - best) <= 1e-9)
        #expect(exact.chosen.count <= 4)
        #expect(exact.provenOptimal)
        let local = Selector.greedyLocalSearch(instance, budget: Money(vnd: 4))
        #expect(local.value <= best + 1e-9 && local.chosen.count <= 4)
    }

    /// Hand calculation: one group, need 5, λ = 2, ε = 0.1. Candidate 0 covers weights
    /// 3 + 4 = 7 → V = 2 · (5 + 0.1 · 2) = 10.4. Candidate 1 covers the weight-4 element and
    /// a weight-1 element → together 8 → V = 2 · (5 + 0.1 · 3) = 10.6.
    @Test("value follows the definition, independent of order and duplicates")
    func valueByHand() throws {
        let instance = try CoverageInstance(
            elementWeights: [3, 4, 1], elementGroups: [0, 0, 0], groupNeeds: [5], groupPriorities: [2],
            candidateCosts: [Money(vnd: 1), Money(vnd: 1)], candidateSets: [[1, 0], [2, 1, 1]], overshootWeight: 0.1)
        #expect(instance.elements(of: 0) == [0, 1])
        #expect(instance.elements(of: 1) == [1, 2])
        #expect(abs(instance.value(of: [0]) - 10.4) <= 1e-12)
        #expect(abs(instance.value(of: [0, 1]) - 10.6) <= 1e-12)
        #expect(instance.value(of: [1, 0, 1]) == instance.value(of: [0, 1]))
        #expect(instance.value(of: []) == 0)
    }

    /// The benchmark's 200-candidate instance needs ~3 s of branch and bound in release; with a
    /// 0.2 s limit GLPK stops early. The answer must still be feasible, at least the
    /// greedy+local value, not claimed optimal, and any bound must lie above it.
    @Test("time-out returns the incumbent with its bound, never worse than greedy+local")
    func timeOut() throws {
        let instance = SelectionBenchmark.syntheticInstance(seed: 20170102, width: 200, height: 100, candidateCount: 200, areaRange: 50...300)
        let budget = Money(vnd: 20_000_000_000)
        let local = Selector.greedyLocalSearch(instance, budget: budget)
        let exact = try Selector.exact(instance, budget: budget, timeLimitSeconds: 0.2)
        #expect(!exact.provenOptimal)
        #expect(exact.cost <= budget)
        #expect(exact.value >= local.value)
        #expect(exact.value == instance.value(of: exact.chosen))
        #expect(exact.chosen == exact.chosen.sorted())
        if let bound = exact.bound { #expect(bound >= exact.value) }
        #expect(exact.bound != nil)
    }

    @Test("empty and zero-budget problems give empty selections")
    func degenerate() throws {
        let empty = try CoverageInstance(elementWeights: [], elementGroups: [], groupNeeds: [], groupPriorities: [],
                                         candidateCosts: [], candidateSets: [])
        for selection in [Selector.greedy(empty, budget: Money(vnd: 10)), Selector.greedyLocalSearch(empty, budget: Money(vnd: 10)),
                          try Selector.exact(empty, budget: Money(vnd: 10))] {
            #expect(selection.chosen.isEmpty && selection.value == 0 && selection.cost == .zero)
        }
        let (raw, _) = RawInstance.random(seed: 3)
        let instance = try raw.make()
        #expect(Selector.greedy(instance, budget: .zero).chosen.isEmpty)
        #expect(try Selector.exact(instance, budget: Money(vnd: -5)).chosen.isEmpty)
    }

    @Test("invalid inputs are rejected with the offending field")
    func validation() {
        func make(weights: [Double] = [1, 2], groups: [Int32] = [0, 0], needs: [Double] = [1], priorities: [Double] = [1],
                  costs: [Money] = [Money(vnd: 1)], sets: [[Int32]] = [[0, 1]], overshoot: Double = 0.01) throws {
            _ = try CoverageInstance(elementWeights: weights, elementGroups: groups, groupNeeds: needs, groupPriorities: priorities,
                                     candidateCosts: costs, candidateSets: sets, overshootWeight: overshoot)
        }
        #expect(throws: SelectionError.lengthMismatch(field: "elementGroups", expected: 2, actual: 1)) { try make(groups: [0]) }
        #expect(throws: SelectionError.lengthMismatch(field: "candidateSets", expected: 1, actual: 2)) { try make(sets: [[0], [1]]) }
        #expect(throws: SelectionError.invalidValue(field: "elementWeights", index: 1, value: -2)) { try make(weights: [1, -2]) }
        #expect(throws: SelectionError.self) { try make(weights: [1, .nan]) }
        #expect(throws: SelectionError.self) { try make(needs: [.infinity]) }
        #expect(throws: SelectionError.invalidValue(field: "groupPriorities", index: 0, value: 0)) { try make(priorities: [0]) }
        #expect(throws: SelectionError.groupOutOfRange(element: 1, group: 1, groupCount: 1)) { try make(groups: [0, 1]) }
        #expect(throws: SelectionError.elementOutOfRange(candidate: 0, element: 2, elementCount: 2)) { try make(sets: [[0, 2]]) }
        #expect(throws: SelectionError.elementOutOfRange(candidate: 0, element: -1, elementCount: 2)) { try make(sets: [[-1]]) }
        #expect(throws: SelectionError.nonPositiveCost(candidate: 0, costVND: 0)) { try make(costs: [.zero]) }
        #expect(throws: SelectionError.overshootWeightOutOfRange(1.5)) { try make(overshoot: 1.5) }
        #expect(throws: SelectionError.invalidTimeLimit(0)) {
            try Selector.exact(try CoverageInstance(elementWeights: [], elementGroups: [], groupNeeds: [], groupPriorities: [],
                                                     candidateCosts: [], candidateSets: []), budget: .zero, timeLimitSeconds: 0)
        }
    }

    /// Elements 0 and 1 (group 0) are covered by exactly {0, 1}: merged into weight 5;
    /// element 2 (group 1) by {0, 1} too but another group: separate; element 3 by {1};
    /// element 4 by nothing: dropped; element 5 has weight 0: dropped. Candidate 2 costs more
    /// than the budget and is left out of every signature. gcd(6, 4) = 2 → costs 3, 2; budget ⌊11/2⌋ = 5.
    @Test("exact model merges identical signatures and scales the budget row by the gcd")
    func mergedModel() throws {
        let instance = try CoverageInstance(
            elementWeights: [2, 3, 1, 1, 7, 0], elementGroups: [0, 0, 1, 0, 0, 0], groupNeeds: [1, 1], groupPriorities: [1, 1],
            candidateCosts: [Money(vnd: 6), Money(vnd: 4), Money(vnd: 20)], candidateSets: [[0, 1, 2], [0, 1, 2, 3, 5], [4]])
        let model = MergedCoverageModel(instance, budgetVND: 11)
        #expect(model.weights == [5, 1, 1])
        #expect(model.groups == [0, 1, 0])
        #expect(Array(model.coveringCandidates(of: 0)) == [0, 1])
        #expect(Array(model.coveringCandidates(of: 2)) == [1])
        #expect(model.scaledCosts == [3, 2, 0])
        #expect(model.scaledBudget == 5)
    }
}

/// The exact method drops picks that add nothing. By hand: elements e0 (weight 5) and e1 (weight 5) in
/// one group with need 10, ε = 0; A covers {e0, e1} for 10 VND, B covers {e0} for 3 VND, C covers {e1}
/// for 3 VND; budget 20. V(A) = 10 = V(B, C) = V(A, B) = V(A, B, C): every set holding A or both B and C is
/// optimal, and the cheapest optimum is {B, C} at 6 VND. After pruning the exact answer has value 10 and
/// contains no pick whose removal keeps V = 10.
@Test func exactDropsPicksThatAddNothing() throws {
    let instance = try CoverageInstance(elementWeights: [5, 5], elementGroups: [0, 0], groupNeeds: [10], groupPriorities: [1],
                                        candidateCosts: [Money(vnd: 10), Money(vnd: 3), Money(vnd: 3)],
                                        candidateSets: [[0, 1], [0], [1]], overshootWeight: 0)
    let s = try Selector.exact(instance, budget: Money(vnd: 20))
    #expect(s.provenOptimal)
    #expect(abs(s.value - 10) < 1e-9)
    for j in s.chosen { #expect(instance.value(of: s.chosen.filter { $0 != j }) < 10 - 1e-9, "pick \(j) adds nothing") }
    // Pruning itself, from the wasteful superset {A, B, C}: A (most expensive) goes first, then B and C stay.
    #expect(Selector.pruneRedundant(instance, [0, 1, 2]) == [1, 2])
}
