/// Timing of the selectors on seeded synthetic instances (house style §5: speed is
/// measured in a benchmark, not asserted in a test). Run it from a release build.
public enum SelectionBenchmark {
    /// Builds two seeded instances and times the selectors; returns printable lines.
    ///
    /// - Large: 1,000,000 elements on a 1000 × 1000 grid (weight 0–9 people each, 10 groups
    ///   = vertical strips of 100 columns, need = 30 % of each strip), 10,000 candidates,
    ///   each covering the cells within a disk of area 300–1,500 cells around a random
    ///   centre, cost 0.5–3 billion VND in whole millions, budget 300 billion VND. Timed:
    ///   greedy only (local search and exact are not meant for this size).
    /// - Small: 20,000 elements on a 200 × 100 grid, 200 candidates with disks of area
    ///   50–300 cells, same costs, budget 20 billion VND. Timed: greedy, greedy+local and
    ///   auto (its candidate limit raised to 200) and exact (60 s limit), with the exact run's status and gap.
    ///
    /// Seed 20170101 (SplitMix64). Output is deterministic except for the times.
    public static func run() -> String {
        var lines = ["seed 20170101 (SplitMix64)"]
        let clock = ContinuousClock()
        func time<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
            let start = clock.now
            let value = try body()
            return (value, clock.now - start)
        }
        func seconds(_ d: Duration) -> String {
            let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            return String(Int((s * 1000).rounded())) + " ms"
        }

        let (large, buildLarge) = time {
            syntheticInstance(seed: 20170101, width: 1000, height: 1000, candidateCount: 10_000, areaRange: 300...1500)
        }
        lines.append("large: \(large.candidateCount) candidates, \(large.elementCount) elements, \(large.setElements.count) incidences; built in \(seconds(buildLarge))")
        let (largeGreedy, largeGreedyTime) = time { Selector.greedy(large, budget: Money(vnd: 300_000_000_000)) }
        lines.append("  greedy: \(largeGreedy.chosen.count) picks, value \(fixed(largeGreedy.value)), cost \(largeGreedy.cost), \(seconds(largeGreedyTime))")

        let small = syntheticInstance(seed: 20170102, width: 200, height: 100, candidateCount: 200, areaRange: 50...300)
        let smallBudget = Money(vnd: 20_000_000_000)
        lines.append("small: \(small.candidateCount) candidates, \(small.elementCount) elements, budget \(smallBudget)")
        let (g, gt) = time { Selector.greedy(small, budget: smallBudget) }
        lines.append("  greedy: \(g.chosen.count) picks, value \(fixed(g.value)), \(seconds(gt))")
        let (l, lt) = time { Selector.greedyLocalSearch(small, budget: smallBudget) }
        lines.append("  greedy+local: \(l.chosen.count) picks, value \(fixed(l.value)), \(seconds(lt))")
        // auto's GLPK step is meant for ≤ 150 candidates; here it is allowed for all 200 to time the node limit.
        do {
            let limits = Selector.AutoLimits(maxCandidates: 200, maxMergedElements: 20_000, nodeLimit: Selector.AutoLimits.standard.nodeLimit)
            let (a, at) = try time { try Selector.auto(small, budget: smallBudget, limits: limits) }
            lines.append("  auto (limit raised to 200 candidates): \(a.chosen.count) picks, value \(fixed(a.value)), proven optimal \(a.provenOptimal), \(seconds(at))")
        } catch {
            lines.append("  auto: failed: \(error)")
        }
        do {
            let (x, xt) = try time { try Selector.exact(small, budget: smallBudget, timeLimitSeconds: 60) }
            let gap = x.relativeGap.map { fixed($0 * 100) + " %" } ?? "unknown"
            lines.append("  exact: \(x.chosen.count) picks, value \(fixed(x.value)), bound \(x.bound.map(fixed) ?? "none"), gap \(gap), proven optimal \(x.provenOptimal), \(seconds(xt))")
        } catch {
            lines.append("  exact: failed: \(error)")
        }
        return lines.joined(separator: "\n")
    }

    private static func fixed(_ x: Double) -> String {
        let scaled = (x * 1000).rounded()
        let whole = Int(scaled / 1000)
        let fraction = Int(abs(scaled).truncatingRemainder(dividingBy: 1000))
        let sign = x < 0 && whole == 0 ? "-" : ""
        return sign + String(whole) + "." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
    }

    /// A seeded grid instance: cells are elements, groups are 10 vertical strips, each
    /// candidate covers the cells inside a disk. See ``run()``.
    static func syntheticInstance(
        seed: UInt64, width: Int, height: Int, candidateCount: Int, areaRange: ClosedRange<Double>
    ) -> CoverageInstance {
        var random = SplitMix64(seed: seed)
        let elementCount = width * height
        let stripWidth = max(1, width / 10)
        var weights = [Double](repeating: 0, count: elementCount)
        var groups = [Int32](repeating: 0, count: elementCount)
        var groupTotals = [Double](repeating: 0, count: 10)
        for y in 0..<height {
            for x in 0..<width {
                let e = y * width + x
                weights[e] = Double(random.next() % 10)
                let g = min(9, x / stripWidth)
                groups[e] = Int32(g)
                groupTotals[g] += weights[e]
            }
        }
        var costs = [Money]()
        var sets = [[Int32]]()
        for _ in 0..<candidateCount {
            let cx = random.unit() * Double(width), cy = random.unit() * Double(height)
            let area = areaRange.lowerBound + random.unit() * (areaRange.upperBound - areaRange.lowerBound)
            let r = (area / Double.pi).squareRoot()
            var set = [Int32]()
            for y in max(0, Int(cy - r))...min(height - 1, Int(cy + r)) {
                for x in max(0, Int(cx - r))...min(width - 1, Int(cx + r)) {
                    let dx = Double(x) + 0.5 - cx, dy = Double(y) + 0.5 - cy
                    if dx * dx + dy * dy <= r * r { set.append(Int32(y * width + x)) }
                }
            }
            sets.append(set)
            costs.append(Money(vnd: Int64(500 + random.next() % 2501) * 1_000_000))
        }
        // Rows are visited in increasing y, so every set is already sorted.
        return try! CoverageInstance(
            elementWeights: weights,
            elementGroups: groups,
            groupNeeds: groupTotals.map { 0.3 * $0 },
            groupPriorities: (0..<10).map { 1 + Double($0 % 3) },
            candidateCosts: costs,
            candidateSets: sets
        )
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014), the seeded generator of the benchmark.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
