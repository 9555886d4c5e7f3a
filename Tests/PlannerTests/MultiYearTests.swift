import Testing
@testable import Planner

@Suite("Multi-year selection")
struct MultiYearTests {
    /// One group, unit weights, need given per year. Candidates (cost in million VND):
    /// 0: {0, 1, 2} cost 3; 1: {3, 4, 5, 6} cost 5; 2: {2, 3} cost 1, earliest 2019.
    static let unit: Int64 = 1_000_000
    static func instance() throws -> CoverageInstance {
        try CoverageInstance(
            elementWeights: Array(repeating: 1, count: 7), elementGroups: Array(repeating: 0, count: 7),
            groupNeeds: [0], groupPriorities: [1],
            candidateCosts: [Money(vnd: 3 * unit), Money(vnd: 5 * unit), Money(vnd: 1 * unit)],
            candidateSets: [[0, 1, 2], [3, 4, 5, 6], [2, 3]],
            candidateEarliestYears: [nil, nil, 2019])
    }

    /// Hand calculation with carry-over, budgets 4, 4, 2 (million), needs 3, 7, 7:
    /// - 2018: available 4. Candidate 2 is not yet allowed; 0 (gain 3, cost 3) fits, 1 (cost 5)
    ///   does not. Spent 3, carried 1.
    /// - 2019: available 4 + 1 = 5; built coverage 3, residual need 7 − 3 = 4. Candidate 1
    ///   newly covers 4 (ratio 4/5), candidate 2 newly covers {3} only (ratio 1/1) → greedy
    ///   takes 2 first (spent 1, 4 left), then 1 costs 5 > 4: stop. Best single: 1 (value 4)
    ///   beats {2} (value 1) → picks {1}. Spent 5, carried 0.
    /// - 2020: available 2; candidate 2 adds nothing new (elements 2, 3 covered) → picks
    ///   nothing, carried 2.
    @Test("carry-over arithmetic, residual needs and earliest years, by hand")
    func carryOver() throws {
        let u = Self.unit
        let years = [YearBudget(year: 2018, budget: Money(vnd: 4 * u)), YearBudget(year: 2019, budget: Money(vnd: 4 * u)),
                     YearBudget(year: 2020, budget: Money(vnd: 2 * u))]
        let plan = try Selector.multiYear(try Self.instance(), years: years, needsByYear: [[3], [7], [7]], carryOver: true, method: .greedy)
        #expect(plan.map(\.year) == [2018, 2019, 2020])
        #expect(plan.map(\.selection.chosen) == [[0], [1], []])
        #expect(plan.map(\.available) == [Money(vnd: 4 * u), Money(vnd: 5 * u), Money(vnd: 2 * u)])
        #expect(plan.map(\.spent) == [Money(vnd: 3 * u), Money(vnd: 5 * u), .zero])
        #expect(plan.map(\.carried) == [Money(vnd: 1 * u), .zero, Money(vnd: 2 * u)])
        // 2019's value is measured on the residual problem: min(4, 4) = 4.
        #expect(plan[1].selection.value == 4)
    }

    /// Same data without carry-over: 2019 has only 4, candidate 1 (cost 5) never fits;
    /// candidate 2 (cost 1) newly covers {3} → picked in 2019. 2020: nothing affordable adds value.
    @Test("without carry-over each year sees only its own budget")
    func noCarryOver() throws {
        let u = Self.unit
        let years = [YearBudget(year: 2018, budget: Money(vnd: 4 * u)), YearBudget(year: 2019, budget: Money(vnd: 4 * u)),
                     YearBudget(year: 2020, budget: Money(vnd: 2 * u))]
        let plan = try Selector.multiYear(try Self.instance(), years: years, needsByYear: [[3], [7], [7]], carryOver: false, method: .exact)
        #expect(plan.map(\.selection.chosen) == [[0], [2], []])
        #expect(plan.map(\.carried) == [.zero, .zero, .zero])
        #expect(plan.map(\.available) == years.map(\.budget))
    }

    @Test("seeded sweep: budget per year never exceeded, nothing built twice, carry-over adds up",
          arguments: SelectionMethod.allCases)
    func sweep(method: SelectionMethod) throws {
        for seed in UInt64(50)..<UInt64(58) {
            let (raw, budget) = RawInstance.random(seed: seed)
            var rng = TestGenerator(seed: seed &* 31)
            let years = (2017...2020).map { YearBudget(year: $0, budget: Money(vnd: budget / 3 + Int64(rng.int(0...3)) * 1_000_000)) }
            let needs = (0..<4).map { k in raw.needs.map { $0 * Double(k + 1) / 2 } }
            let earliest = raw.costs.indices.map { _ in rng.int(0...3) == 0 ? 2019 : nil as Int? }
            let instance = try CoverageInstance(
                elementWeights: raw.weights, elementGroups: raw.groups, groupNeeds: raw.needs, groupPriorities: raw.priorities,
                candidateCosts: raw.costs.map { Money(vnd: $0) }, candidateSets: raw.sets, candidateEarliestYears: earliest)
            for carry in [false, true] {
                let plan = try Selector.multiYear(instance, years: years, needsByYear: needs, carryOver: carry, method: method)
                var carried = Money.zero
                var built = Set<Int>()
                for (k, year) in plan.enumerated() {
                    #expect(year.available == years[k].budget + carried)
                    #expect(year.spent <= year.available)
                    #expect(year.spent.vnd == year.selection.chosen.reduce(0) { $0 + raw.costs[$1] })
                    #expect(year.carried == (carry ? year.available - year.spent : .zero))
                    for j in year.selection.chosen {
                        #expect(!built.contains(j))
                        #expect(earliest[j].map { $0 <= year.year } ?? true)
                        built.insert(j)
                    }
                    carried = year.carried
                }
                if !carry {
                    for (year, budget) in zip(plan, years) { #expect(year.spent <= budget.budget) }
                }
            }
        }
    }

    @Test("bad year lists are rejected")
    func validation() throws {
        let instance = try Self.instance()
        let years = [YearBudget(year: 2019, budget: .zero), YearBudget(year: 2018, budget: .zero)]
        #expect(throws: SelectionError.yearsNotIncreasing(index: 1, year: 2018)) {
            try Selector.multiYear(instance, years: years, needsByYear: [[1], [1]], carryOver: true, method: .greedy)
        }
        #expect(throws: SelectionError.lengthMismatch(field: "needsByYear", expected: 2, actual: 1)) {
            try Selector.multiYear(instance, years: years, needsByYear: [[1]], carryOver: true, method: .greedy)
        }
        #expect(throws: SelectionError.negativeBudget(index: 0, vnd: -1)) {
            try Selector.multiYear(instance, years: [YearBudget(year: 2018, budget: Money(vnd: -1))], needsByYear: [[1]], carryOver: true, method: .greedy)
        }
    }
}
