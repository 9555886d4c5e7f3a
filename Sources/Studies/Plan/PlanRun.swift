import Coverage
import Foundation
import Planner

/// The planner: the 2017 network's coverage and reach, the candidates (3G→4G upgrades, new sites,
/// new cable routes, undergrounding works), what each newly achieves (computed once with the
/// geometry core), the multi-year selection and the plan's steps.
///
/// The selection problem (``CoverageInstance``) has one group per (district, metric) with a target:
/// elements are uncovered population cells (weight: people) for 4G, unreached cells (households)
/// for fixed broadband and aerial cable pieces (km) for undergrounding. A province-wide target is one
/// more group per metric, whose elements are twins of every district's (``addProvinceTwins()``). Each budget year, the
/// priority of a group is λ = 1 / (what is still missing to its target at the start of the year), so
/// closing what is left of a target is worth 1 whatever its unit: the planner ranks investments by
/// "share of open target gaps closed per VND", and progress beyond a met target is worth
/// ε = `overshoot_weight` of that (λ of a met group: 1 / its largest need over the years, or 1 / its whole).
package struct PlanRun: Sendable {
    var baseline: CoverageRun
    var settings: PlannerScenario
    var costs: PlanCosts
    package var targets: PlanTargets
    package var candidates: [PlanCandidate]
    /// Footprint of each site candidate (nil for cable candidates).
    var footprints: [Footprint?]
    /// The selection instance's elements: metric, district, weight (people/households/km) and the
    /// people behind it (cells), and per candidate the elements it achieves.
    var elementMetric: [PlanMetric]
    var elementDistrict: [Int]
    var elementWeight: [Double]
    var elementPeople: [Double]
    var sets: [[Int32]]
    package var years: [YearSelection]
    package var steps: [PlanStep]
    /// `totals[m][d]`: the metric's whole (population, households, cable km).
    var totals: [[Double]]
    /// `baselineAchieved[m][d]`: what the 2017 network achieves (people covered, households reached, km underground).
    package var baselineAchieved: [[Double]]
    /// `achievedAfterYear[k][m][d]`: achieved after the picks of budget year k.
    package var achievedAfterYear: [[[Double]]]
    var warnings: [String]
    /// What candidate generation left out (for the binding limits).
    var generation = CandidateGeneration()
    /// Widenings of candidate generation by the adaptive mode, in order (empty when none was needed).
    package var adaptiveRounds: [AdaptiveRound] = []

    package var study: Study { baseline.study }
    var districtPopulation: [Double] { totals[PlanMetric.lte.rawValue] }

    // MARK: Target units — the districts (0..<D) and the province as a whole (index D)

    /// The places targets are set for: every district, then the province (index D).
    package var targetUnits: Range<Int> { 0..<(study.districts.count + 1) }
    var provinceUnit: Int { study.districts.count }

    /// The target (%) of metric m for unit d in budget year k (nil: none).
    package func target(_ m: PlanMetric, yearIndex k: Int, _ d: Int) -> Double? {
        d < provinceUnit ? targets.percent[m.rawValue][k][d] : targets.province[m.rawValue][k]
    }

    /// Unit d's whole of metric m (population, households, cable km); the province's is the sum.
    func total(_ m: PlanMetric, _ d: Int) -> Double {
        d < provinceUnit ? totals[m.rawValue][d] : totals[m.rawValue].reduce(0, +)
    }

    /// What unit d achieves of metric m in `achieved` (a `[metric][district]` table such as
    /// `baselineAchieved` or `achievedAfterYear[k]`); the province's is the sum over districts.
    package func achieved(_ m: PlanMetric, _ d: Int, in achieved: [[Double]]) -> Double {
        d < provinceUnit ? achieved[m.rawValue][d] : achieved[m.rawValue].reduce(0, +)
    }

    /// A unit's id in outputs: the district id, or `province`.
    func unitID(_ d: Int) -> String { d < provinceUnit ? study.districts[d].id : PlanTargets.provinceID }
    /// A unit's name in outputs: the district name, or "Province (all districts)".
    package func unitName(_ d: Int) -> String { d < provinceUnit ? study.districts[d].name : "Province (all districts)" }

    /// The province's percentage of metric m in `table` (a `[metric][district]` table).
    func provincePercent(_ m: PlanMetric, in table: [[Double]]) -> Double {
        percent(m, provinceUnit, achieved(m, provinceUnit, in: table))
    }

    /// Percentage of unit d's whole of the metric.
    package func percent(_ m: PlanMetric, _ d: Int, _ achieved: Double) -> Double {
        let t = total(m, d)
        return t > 0 ? 100 * achieved / t : 0
    }

    /// Whether unit `d`'s target of metric `m` (if any) for budget year k is met with `achieved`.
    package func met(_ d: Int, _ m: PlanMetric, yearIndex k: Int, achieved: Double) -> Bool {
        guard let pct = target(m, yearIndex: k, d) else { return true }
        return achieved + 1e-6 >= pct / 100 * total(m, d)
    }

    /// What unit `d` still lacks of metric `m` for its target of budget year k with `achieved`: target %
    /// × whole − achieved, at least 0 (0 without a target). Households, counted whole, are a whole
    /// number rounded up — a target is met only by whole households (``met(_:_:yearIndex:achieved:)``'s
    /// tolerance of 10⁻⁶ applies first).
    package func gap(_ m: PlanMetric, _ d: Int, yearIndex k: Int, achieved: Double) -> Double {
        guard let pct = target(m, yearIndex: k, d) else { return 0 }
        let g = max(0, pct / 100 * total(m, d) - achieved)
        return m == .fbb ? max(0, (g - 1e-6).rounded(.up)) : g
    }

    /// The targets of budget year k (unit, metric) that are met with `achieved` (a `[metric][district]` table).
    func targetsMet(yearIndex k: Int, achieved table: [[Double]]) -> [(district: Int, metric: PlanMetric)] {
        var out: [(district: Int, metric: PlanMetric)] = []
        for m in targets.metrics {
            for d in targetUnits where target(m, yearIndex: k, d) != nil && met(d, m, yearIndex: k, achieved: achieved(m, d, in: table)) {
                out.append((d, m))
            }
        }
        return out
    }

    /// How many targets (unit, metric) budget year k has.
    func targetCount(yearIndex k: Int) -> Int {
        targets.metrics.reduce(0) { acc, m in acc + targetUnits.filter { target(m, yearIndex: k, $0) != nil }.count }
    }

    /// Plans from the baseline with the scenario's planner settings. With `planner.adaptive_candidates`
    /// (default on), while money is left at the end and an open target's binding limit is one of candidate
    /// generation (``BindingLimit/widenable``), that limit is widened (``widened(_:_:)``) and the plan made
    /// again, at most ``PlannerScenario/adaptiveRoundsLimit`` times; it stops early when the widening
    /// offers no more candidates or the money left could not buy the cheapest of them. Each widening is
    /// recorded (``adaptiveRounds``) and said in a warning.
    package static func execute(_ baseline: CoverageRun, workers: Int, progress: Progress) async throws -> PlanRun {
        let study = baseline.study
        guard var p = study.scenario.planner else {
            throw SimError.input("\(study.scenario.file): no enabled 'planner:' section; see data/scenarios/quang-tri-2020-plan.yaml for one")
        }
        var run = try await executeOnce(baseline, settings: p, workers: workers, progress: progress)
        guard p.adaptiveCandidates else { return run }
        var rounds: [AdaptiveRound] = []
        while rounds.count < PlannerScenario.adaptiveRoundsLimit {
            let kinds = Set(run.bindingLimits().map(\.limit).filter(\.widenable).map(\.kind))
            guard !kinds.isEmpty, run.moneyLeft > .zero, let (next, changes) = widened(p, kinds) else { break }
            if let cheapest = run.cheapestOffered(for: kinds), cheapest > run.moneyLeft { break }
            progress.step("adaptive candidates: " + changes.map { "\($0.0) \(JSONValue.format($0.1)) → \(JSONValue.format($0.2))" }.joined(separator: ", "))
            let wider = try await executeOnce(baseline, settings: next, workers: workers, progress: progress)
            guard wider.candidates.count > run.candidates.count else { break }
            rounds += changes.map { AdaptiveRound(key: $0.0, from: $0.1, to: $0.2, candidates: wider.candidates.count, moneyLeft: wider.moneyLeft) }
            run = wider
            p = next
        }
        run.adaptiveRounds = rounds
        if !rounds.isEmpty {
            let byKey = Dictionary(grouping: rounds, by: \.key)
            let said = byKey.keys.sorted().map { key -> String in
                let r = byKey[key]!
                return "\(key) \(([r[0].from] + r.map(\.to)).map { JSONValue.format($0) }.joined(separator: " → "))"
            }
            run.warnings.append("planner: money was left while targets stayed open for want of candidates, so candidate generation was widened (planner.adaptive_candidates): "
                                + said.joined(separator: "; ") + "; \(run.candidates.count) candidates, \(run.moneyLeft) left")
        }
        return run
    }

    /// One plan with the given settings (``execute(_:workers:progress:)`` without the adaptive widening).
    static func executeOnce(_ baseline: CoverageRun, settings p: PlannerScenario, workers: Int, progress: Progress) async throws -> PlanRun {
        let study = baseline.study
        let costs = try PlanCosts.load(p.costsPath, sheet: p.costsSheet)
        let targets = try PlanTargets.load(p.targetsPath, sheet: p.targetsSheet, districts: study.districts, years: p.budgets.map(\.year))
        let D = study.districts.count
        if (targets.has(.fbb) || targets.has(.underground)) && baseline.fixed == nil {
            throw SimError.input("\(p.targetsPath): has fixed-broadband or undergrounding targets but the scenario's fixed_broadband.enabled is false; enable it (with inputs.cables and inputs.olts)")
        }

        var totals = [[Double]](repeating: [Double](repeating: 0, count: D), count: PlanMetric.allCases.count)
        var base = totals
        for d in 0..<D {
            totals[0][d] = baseline.stats.districts[d].population
            base[0][d] = baseline.stats.districts[d].coveredPopulation
            if let f = baseline.fixed?.districts[d] {
                totals[1][d] = f.households; base[1][d] = f.householdsReached
                totals[2][d] = f.cableAerialKm + f.cableUndergroundKm; base[2][d] = f.cableUndergroundKm
            }
        }

        var run = PlanRun(baseline: baseline, settings: p, costs: costs, targets: targets, candidates: [], footprints: [],
                          elementMetric: [], elementDistrict: [], elementWeight: [], elementPeople: [], sets: [], years: [], steps: [],
                          totals: totals, baselineAchieved: base, achievedAfterYear: [], warnings: p.warnings + targets.warnings)
        run.generation = CandidateGeneration(districts: D)
        if targets.has(.lte) { try await run.addSiteCandidates(workers: workers, progress: progress) }
        if targets.has(.fbb) { try run.addRouteCandidates(progress: progress) }
        if targets.has(.underground) { try run.addUndergroundingCandidates() }
        let alreadyMet = p.budgets.indices.flatMap { k in
            run.targetsMet(yearIndex: k, achieved: base).map { "\(run.unitID($0.district)):\($0.metric.name) \(p.budgets[k].year)" }
        }
        if !alreadyMet.isEmpty {
            run.warnings.append("\(p.targetsPath): \(alreadyMet.count) target(s) are already met by the baseline network and need no investment: "
                                + alreadyMet.prefix(8).joined(separator: ", ") + (alreadyMet.count > 8 ? " and \(alreadyMet.count - 8) more" : ""))
        }
        if run.candidates.isEmpty { run.warnings.append("\(study.scenario.file): the planner found no candidate investment; nothing is planned") }

        // A province-wide target counts the same cells and km as the district targets: each element of
        // such a metric gets a twin in the province's group, in every candidate set with the original.
        run.addProvinceTwins()

        // Needs per year and group g = metric·U + u over the target units u (districts, then the
        // province; U = D + 1), measured from the 2017 network.
        let metrics = PlanMetric.allCases
        let U = D + 1
        let needs: [[Double]] = p.budgets.indices.map { k in
            metrics.flatMap { m in run.targetUnits.map { u in
                max(0, (run.target(m, yearIndex: k, u) ?? 0) / 100 * run.total(m, u) - run.achieved(m, u, in: base))
            } }
        }
        let priorities: [Double] = (0..<(metrics.count * U)).map { g in
            let worst = needs.map { $0[g] }.max() ?? 0
            return worst > 0 ? 1 / worst : 1 / max(1, run.total(metrics[g / U], g % U))
        }
        let instance: CoverageInstance
        do {
            instance = try CoverageInstance(
                elementWeights: run.elementWeight, elementGroups: run.elementMetric.indices.map { Int32(run.elementMetric[$0].rawValue * U + run.elementDistrict[$0]) },
                groupNeeds: needs.last ?? [Double](repeating: 0, count: metrics.count * U), groupPriorities: priorities,
                candidateCosts: run.candidates.map(\.cost), candidateSets: run.sets, overshootWeight: p.overshootWeight)
        } catch { throw SimError.input("\(study.scenario.file): planner: \(error)") }
        progress.step("selecting (\(p.method.rawValue)) over \(run.candidates.count) candidates and \(p.budgets.count) years")
        do {
            run.years = try Selector.multiYear(instance, years: p.budgets, needsByYear: needs, carryOver: p.carryOver,
                                               method: p.method, timeLimitSeconds: p.exactTimeLimitSeconds, priorityPerResidualNeed: true)
        } catch { throw SimError.input("\(study.scenario.file): planner: \(error)") }
        run.replay()
        return run
    }
}
