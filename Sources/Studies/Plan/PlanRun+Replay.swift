import Coverage
import Foundation
import Planner

extension PlanRun {
    /// Replays the picks in order: what each newly achieves, the targets met and the province figures.
    mutating func replay() {
        let D = study.districts.count
        var covered = [Bool](repeating: false, count: elementWeight.count)
        var achieved = baselineAchieved
        var cumulative = Money.zero
        for (k, ys) in years.enumerated() {
            for j in ys.selection.chosen {
                var gains = [Double](repeating: 0, count: PlanMetric.allCases.count)
                var fbbPeople = 0.0
                for e32 in sets[j] {
                    let e = Int(e32)
                    // Province twins are counted through their originals (same sets, so covered together).
                    if covered[e] || elementDistrict[e] == D { continue }
                    covered[e] = true
                    let m = elementMetric[e].rawValue
                    gains[m] += elementWeight[e]
                    achieved[m][elementDistrict[e]] += elementWeight[e]
                    if elementMetric[e] == .fbb { fbbPeople += elementPeople[e] }
                }
                cumulative = (try? cumulative.adding(candidates[j].cost)) ?? cumulative
                let met = targetsMet(yearIndex: k, achieved: achieved)
                let province = PlanMetric.allCases.map { provincePercent($0, in: achieved) }
                steps.append(PlanStep(rank: steps.count + 1, year: ys.year, candidate: j, gains: gains, newFBBPeople: fbbPeople,
                                      cumulativeCost: cumulative, targetsMetAfter: met, provincePercentAfter: province))
            }
            achievedAfterYear.append(achieved)
        }
    }

    /// The targets of budget year k met before any pick of that year (with everything built earlier).
    func metAtStart(yearIndex k: Int) -> [(district: Int, metric: PlanMetric)] {
        targetsMet(yearIndex: k, achieved: k == 0 ? baselineAchieved : achievedAfterYear[k - 1])
    }

    /// For an unmet target after the last year: the not-chosen candidate with the lowest cost per
    /// unit of progress toward it (nil when no candidate helps).
    func cheapestNextStep(district d: Int, metric m: PlanMetric) -> (candidate: Int, gain: Double)? {
        let chosen = Set(steps.map(\.candidate))
        var covered = [Bool](repeating: false, count: elementWeight.count)
        for j in chosen { for e in sets[j] { covered[Int(e)] = true } }
        var best: (candidate: Int, gain: Double, ratio: Double)? = nil
        for j in candidates.indices where !chosen.contains(j) {
            let gain = sets[j].reduce(0.0) { acc, e in
                let i = Int(e)
                return !covered[i] && elementMetric[i] == m && elementDistrict[i] == d ? acc + elementWeight[i] : acc
            }
            guard gain > 0 else { continue }
            let ratio = Double(candidates[j].cost.vnd) / gain
            if best == nil || ratio < best!.ratio { best = (j, gain, ratio) }
        }
        return best.map { ($0.candidate, $0.gain) }
    }
}
