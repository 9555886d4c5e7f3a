import Coverage
import Foundation
import Planner

/// What kind of investment a candidate is.
enum InvestmentKind: String, Sendable {
    /// An existing 3G site gets 4G radios on its mast (cost item `lte_upgrade`).
    case upgrade = "upgrade"
    /// A new 4G tower on a grid point (cost item `new_site`).
    case newSite = "new_site"

    /// The item name in the cost table.
    var costItem: String { self == .upgrade ? "lte_upgrade" : "new_site" }
}

/// One investment the planner may choose.
struct PlanCandidate: Sendable {
    var kind: InvestmentKind
    /// The 4G site after the investment (for an upgrade: the 3G site with the planner's LTE band).
    var site: Site
    /// District index of the site (−1 outside all districts).
    var districtIndex: Int
    var cost: Money
}

/// One pick of the plan, in plan order.
struct PlanStep: Sendable {
    var rank: Int
    var year: Int
    var candidate: Int
    /// People on cells first covered by this pick (given every earlier pick and the 2017 network).
    var newPeople: Double
    var cumulativeCost: Money
    /// Districts (indices) whose target for `year` is met after this pick.
    var targetsMetAfter: [Int]
    /// Province 4G population coverage after this pick (%).
    var provincePercentAfter: Double
}

/// Unit costs read from the cost table.
struct PlanCosts: Sendable {
    var byItem: [String: (cost: Money, unit: String, source: String)]

    static let requiredItems = ["lte_upgrade", "new_site"]

    /// Reads `item,cost_vnd,unit,source`. Lines starting with `#` are comments.
    /// - Throws: `SimError.input` naming file and line for a cost that is negative, zero, not a whole
    ///   number of VND, a duplicate item, or a missing required item.
    static func load(_ path: String) throws -> PlanCosts {
        let t = try CSVTable(path: path, required: ["item", "cost_vnd", "unit", "source"])
        let (ci, cc, cu, cs) = (t.column("item")!, t.column("cost_vnd")!, t.column("unit")!, t.column("source")!)
        var out: [String: (cost: Money, unit: String, source: String)] = [:]
        for r in t.rows {
            let item = r.fields[ci].trimmingCharacters(in: .whitespaces)
            let raw = r.fields[cc].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            let money: Money
            if let v = Int64(raw) {
                money = Money(vnd: v)
            } else if let d = Double(raw) {
                do { money = try Money(d) } catch let MoneyError.notRepresentable(_, reason) {
                    throw SimError.input("\(path):\(r.line): cost_vnd '\(raw)' of '\(item)' is \(reason.rawValue); give a whole number of VND")
                }
            } else {
                throw SimError.input("\(path):\(r.line): cost_vnd '\(raw)' of '\(item)' is not a number; give a whole number of VND")
            }
            if money.vnd <= 0 { throw SimError.input("\(path):\(r.line): cost_vnd of '\(item)' is \(money.vnd) VND; costs must be positive") }
            if out[item] != nil { throw SimError.input("\(path):\(r.line): item '\(item)' appears twice; keep one") }
            out[item] = (money, r.fields[cu], r.fields[cs])
        }
        for item in requiredItems where out[item] == nil {
            throw SimError.input("\(path): missing item '\(item)'; the planner needs \(requiredItems.joined(separator: " and "))")
        }
        return PlanCosts(byItem: out)
    }
}

/// 4G population-coverage targets per district and year.
struct PlanTargets: Sendable {
    /// `percent[k][d]`: target (%) of district d in budget year k; nil = no target.
    var percent: [[Double?]]
    var warnings: [String]

    /// Reads `district_id,year,lte_pop_pct`. A district without a row for a year keeps its latest
    /// earlier target (targets are "by year Y"); before its first row it has none.
    /// - Throws: `SimError.input` for a percentage outside 0…100, an unknown district, a bad year
    ///   or a duplicate (district, year).
    static func load(_ path: String, districts: [District], years: [Int]) throws -> PlanTargets {
        let t = try CSVTable(path: path, required: ["district_id", "year", "lte_pop_pct"])
        let (cd, cy, cp) = (t.column("district_id")!, t.column("year")!, t.column("lte_pop_pct")!)
        var rows: [String: [(year: Int, pct: Double)]] = [:]
        var warnings: [String] = []
        for r in t.rows {
            let id = r.fields[cd].trimmingCharacters(in: .whitespaces)
            guard districts.contains(where: { $0.id == id }) else {
                throw SimError.input("\(path):\(r.line): district '\(id)' is not in the district layer (ids: \(districts.map(\.id).joined(separator: ", ")))")
            }
            guard let year = Int(r.fields[cy].trimmingCharacters(in: .whitespaces)), (1900...2200).contains(year) else {
                throw SimError.input("\(path):\(r.line): year '\(r.fields[cy])' must be a calendar year")
            }
            guard let pct = Double(r.fields[cp].trimmingCharacters(in: .whitespaces)), pct.isFinite else {
                throw SimError.input("\(path):\(r.line): lte_pop_pct '\(r.fields[cp])' is not a number")
            }
            guard (0...100).contains(pct) else { throw SimError.input("\(path):\(r.line): lte_pop_pct = \(JSONValue.format(pct)) % is outside 0…100") }
            if rows[id, default: []].contains(where: { $0.year == year }) {
                throw SimError.input("\(path):\(r.line): district \(id) has two targets for \(year); keep one")
            }
            if let last = years.last, year > last { warnings.append("\(path):\(r.line): target for \(year) is after the last budget year \(last); ignored") }
            rows[id, default: []].append((year, pct))
        }
        let percent = years.map { y in
            districts.map { d in (rows[d.id] ?? []).filter { $0.year <= y }.max { $0.year < $1.year }?.pct }
        }
        return PlanTargets(percent: percent, warnings: warnings)
    }
}

/// Cell indices bucketed on a square grid, for box queries that return indices in ascending order.
struct CellBuckets: Sendable {
    let sizeMeters: Double
    let buckets: [Int64: [Int]]

    init(cells: [Int], positions: [Point2], sizeMeters: Double) {
        self.sizeMeters = sizeMeters
        var b: [Int64: [Int]] = [:]
        for c in cells { b[CellBuckets.key(Int64(floor(positions[c].x / sizeMeters)), Int64(floor(positions[c].y / sizeMeters))), default: []].append(c) }
        buckets = b
    }

    static func key(_ ix: Int64, _ iy: Int64) -> Int64 { (ix << 32) ^ (iy & 0xFFFF_FFFF) }

    /// Cells whose bucket meets the box (a superset of the cells inside it), ascending.
    func query(_ box: BoundingBox) -> [Int] {
        var out: [Int] = []
        let x0 = Int64(floor(box.minX / sizeMeters)), x1 = Int64(floor(box.maxX / sizeMeters))
        let y0 = Int64(floor(box.minY / sizeMeters)), y1 = Int64(floor(box.maxY / sizeMeters))
        for ix in x0...x1 { for iy in y0...y1 { if let c = buckets[CellBuckets.key(ix, iy)] { out += c } } }
        return out.sorted()
    }
}

/// `sim plan`: the 2017 network's coverage, the candidates (3G→4G upgrades and new grid sites),
/// what each newly covers (computed once with GEOS), the multi-year selection and the plan's steps.
struct PlanRun: Sendable {
    var baseline: CoverageRun
    var settings: PlannerScenario
    var costs: PlanCosts
    var targets: PlanTargets
    var candidates: [PlanCandidate]
    /// Footprint of each candidate (same order).
    var footprints: [Footprint]
    /// Per candidate: population cells (indices into the surface) it covers that the 2017 network does not.
    var coverageSets: [[Int]]
    var years: [YearSelection]
    var steps: [PlanStep]
    /// Per district: people covered by the 2017 network (equal to `baseline.stats`).
    var baselineCovered: [Double]
    /// `coveredAfterYear[k][d]`: people covered in district d after the picks of budget year k.
    var coveredAfterYear: [[Double]]
    var warnings: [String]

    var study: Study { baseline.study }
    var districtPopulation: [Double] { baseline.stats.districts.map(\.population) }

    /// Whether district `d`'s target (if any) is met with `covered` people.
    func met(_ d: Int, yearIndex k: Int, covered: Double) -> Bool {
        guard let pct = targets.percent[k][d] else { return true }
        return covered + 1e-6 >= pct / 100 * districtPopulation[d]
    }

    static func execute(_ study: Study, workers: Int, progress: Progress) async throws -> PlanRun {
        guard let p = study.scenario.planner else {
            throw SimError.input("\(study.scenario.file): no 'planner:' section; see data/scenarios/quang-tri-2020-plan.yaml for one")
        }
        let costs = try PlanCosts.load(p.costsPath)
        let targets = try PlanTargets.load(p.targetsPath, districts: study.districts, years: p.budgets.map(\.year))
        let baseline = try await CoverageRun.execute(study, workers: workers, progress: progress)
        let pop = study.population
        let radio = study.scenario.radio

        // Candidates (a): every existing site not of the coverage technology, upgraded on its mast.
        var candidates: [PlanCandidate] = []
        for (i, s) in study.sites.enumerated() where s.technology != radio.technology {
            var site = s
            site.technology = radio.technology
            site.bandMHz = p.lteBandMHz
            candidates.append(PlanCandidate(kind: .upgrade, site: site, districtIndex: study.siteDistrict[i], cost: costs.byItem["lte_upgrade"]!.cost))
        }

        // Candidates (b): grid points inside the districts, ranked by uncovered people within the rank radius.
        progress.step("ranking new-site grid points (\(JSONValue.format(p.candidateSpacingMeters)) m spacing)")
        let uncovered = (0..<pop.count).filter { pop.district[$0] >= 0 && !baseline.stats.cellCovered[$0] && pop.population[$0] > 0 }
        let rankBuckets = CellBuckets(cells: uncovered, positions: pop.positions, sizeMeters: p.candidateRankRadiusMeters)
        let box = study.districts.map(\.bounds).reduce(study.districts[0].bounds) { $0.union($1) }
        var grid: [Point2] = []
        var y = box.minY + p.candidateSpacingMeters / 2
        while y < box.maxY {
            var x = box.minX + p.candidateSpacingMeters / 2
            while x < box.maxX { grid.append(Point2(x, y)); x += p.candidateSpacingMeters }
            y += p.candidateSpacingMeters
        }
        let gridDistrict = try Study.locate(grid, in: study.districts, ctx: GEOSContext())
        let r = p.candidateRankRadiusMeters
        var ranked: [(index: Int, score: Double)] = []
        for (g, pt) in grid.enumerated() where gridDistrict[g] >= 0 {
            let near = rankBuckets.query(BoundingBox(minX: pt.x - r, minY: pt.y - r, maxX: pt.x + r, maxY: pt.y + r))
            let score = near.reduce(0.0) { acc, c in
                let dx = pop.positions[c].x - pt.x, dy = pop.positions[c].y - pt.y
                return dx * dx + dy * dy <= r * r ? acc + pop.population[c] : acc
            }
            if score > 0 { ranked.append((g, score)) }
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        let azimuths = p.newSiteSectors == 0 ? [] : (0..<p.newSiteSectors).map { Double($0) * 360 / Double(p.newSiteSectors) }
        let projector = try Projector(study.projection)
        for (n, g) in ranked.prefix(p.maxNewSites).enumerated() {
            let ll = try projector.inverse(grid[g.index])
            let site = Site(id: String(format: "N%04d", n + 1), lon: ll.x, lat: ll.y, position: grid[g.index], heightMeters: p.newSiteHeightMeters,
                            technology: radio.technology, bandMHz: p.lteBandMHz, powerDBm: p.newSitePowerDBm, azimuthsDegrees: azimuths, year: nil)
            candidates.append(PlanCandidate(kind: .newSite, site: site, districtIndex: gridDistrict[g.index], cost: costs.byItem["new_site"]!.cost))
        }

        // Footprints, once per candidate.
        progress.step("footprints of \(candidates.count) candidates")
        let envs = candidates.map { $0.districtIndex >= 0 ? study.districts[$0.districtIndex].environment : study.scenario.defaultEnvironment }
        let radioResult: RadioCoverage.Result
        do {
            radioResult = try await RadioCoverage.footprints(sites: candidates.map(\.site), environments: envs, settings: radio,
                                                             terrain: study.terrain, workers: workers)
        } catch let e as CoverageError { throw SimError.input("\(study.scenario.file): planner candidates: \(e)") }
        var footprintOf = [Footprint?](repeating: nil, count: candidates.count)
        for f in radioResult.footprints { footprintOf[f.siteIndex] = f }
        let footprints = footprintOf.map { $0! }

        // Coverage sets: uncovered cells each footprint covers (prepared polygon, bucketed cells).
        progress.step("coverage sets over \(uncovered.count) uncovered cells")
        let cellBuckets = CellBuckets(cells: uncovered, positions: pop.positions, sizeMeters: 1000)
        let sets = try await Parallel.map(count: candidates.count, workers: workers) { j, ctx -> [Int] in
            let f = footprints[j]
            let prepared = try GEOSPrepared(try f.geometry(in: ctx))
            var hits: [Int] = []
            for c in cellBuckets.query(f.bounds) where f.bounds.contains(pop.positions[c]) {
                if try prepared.covers(pop.positions[c]) { hits.append(c) }
            }
            return hits
        }

        // The instance: elements = uncovered cells, weight = people, group = district.
        var elementOf = [Int32](repeating: -1, count: pop.count)
        for (e, c) in uncovered.enumerated() { elementOf[c] = Int32(e) }
        let baselineCovered = baseline.stats.districts.map(\.coveredPopulation)
        let districtPop = baseline.stats.districts.map(\.population)
        let needs = targets.percent.map { row in
            row.enumerated().map { d, pct in max(0, (pct ?? 0) / 100 * districtPop[d] - baselineCovered[d]) }
        }
        let instance: CoverageInstance
        do {
            instance = try CoverageInstance(
                elementWeights: uncovered.map { pop.population[$0] }, elementGroups: uncovered.map { pop.district[$0] },
                groupNeeds: needs.last ?? [Double](repeating: 0, count: study.districts.count),
                groupPriorities: [Double](repeating: 1, count: study.districts.count),
                candidateCosts: candidates.map(\.cost), candidateSets: sets.map { $0.map { elementOf[$0] } },
                overshootWeight: p.overshootWeight)
        } catch { throw SimError.input("\(study.scenario.file): planner: \(error)") }
        progress.step("selecting (\(p.method.rawValue)) over \(candidates.count) candidates and \(p.budgets.count) years")
        let years: [YearSelection]
        do {
            years = try Selector.multiYear(instance, years: p.budgets, needsByYear: needs, carryOver: p.carryOver,
                                           method: p.method, timeLimitSeconds: p.exactTimeLimitSeconds)
        } catch { throw SimError.input("\(study.scenario.file): planner: \(error)") }

        // Replay the picks in order to report what each newly covers.
        var run = PlanRun(baseline: baseline, settings: p, costs: costs, targets: targets, candidates: candidates, footprints: footprints,
                          coverageSets: sets, years: years, steps: [], baselineCovered: baselineCovered, coveredAfterYear: [],
                          warnings: p.warnings + targets.warnings + CoverageRun.summarise(radioResult.warnings))
        var covered = baseline.stats.cellCovered
        var byDistrict = baselineCovered
        var cumulative = Money.zero
        let totalPop = districtPop.reduce(0, +)
        for (k, ys) in years.enumerated() {
            for j in ys.selection.chosen {
                var gained = 0.0
                for c in sets[j] where !covered[c] {
                    covered[c] = true
                    gained += pop.population[c]
                    byDistrict[Int(pop.district[c])] += pop.population[c]
                }
                cumulative = try cumulative.adding(candidates[j].cost)
                let met = study.districts.indices.filter { run.met($0, yearIndex: k, covered: byDistrict[$0]) }
                run.steps.append(PlanStep(rank: run.steps.count + 1, year: ys.year, candidate: j, newPeople: gained, cumulativeCost: cumulative,
                                          targetsMetAfter: met, provincePercentAfter: totalPop > 0 ? 100 * byDistrict.reduce(0, +) / totalPop : 0))
            }
            run.coveredAfterYear.append(byDistrict)
        }
        return run
    }
}
