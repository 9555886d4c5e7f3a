import Coverage
import Foundation
import Planner

/// A planning target's metric (one column of the targets CSV).
package enum PlanMetric: Int, Sendable, CaseIterable {
    /// 4G population coverage: elements are population cells, weights people.
    case lte
    /// Fixed-broadband household reach: elements are population cells, weights households.
    case fbb
    /// Undergrounded share of cable km: elements are aerial cable pieces, weights km.
    case underground

    /// The targets CSV column (a percentage).
    var column: String { ["lte_pop_pct", "fbb_households_pct", "underground_pct"][rawValue] }
    /// Short name used in plan.csv's `targets_met_after` and the summary.
    var name: String { ["lte", "fbb", "underground"][rawValue] }
    /// The unit of the metric's element weights.
    var unit: String { ["people", "households", "km"][rawValue] }
}

/// What kind of investment a candidate is.
package enum InvestmentKind: String, Sendable, CaseIterable {
    /// The item name in the cost table (routes: `cable_<placement>_per_km`).
    var costItem: String {
        switch self {
        case .upgrade: return "lte_upgrade"
        case .newSite: return "new_site"
        case .cableRoute: return "cable_underground_per_km"
        case .undergrounding: return "undergrounding_per_km"
        }
    }

    /// An existing 3G site gets 4G radios on its mast (cost item `lte_upgrade`).
    case upgrade = "upgrade"
    /// A new 4G tower on a grid point or from the candidate file (cost item `new_site`).
    case newSite = "new_site"
    /// A new fibre route from the served network to a cluster of unreached households
    /// (cost item `cable_underground_per_km` or `cable_aerial_per_km`).
    case cableRoute = "cable_route"
    /// An existing aerial cable stretch put underground (cost item `undergrounding_per_km`).
    case undergrounding = "undergrounding"
}

/// One investment the planner may choose.
package struct PlanCandidate: Sendable {
    package var kind: InvestmentKind
    var id: String
    /// The 4G site after the investment (upgrades and new sites; for an upgrade the 3G site with the planner's LTE band).
    var site: Site?
    /// The cable (routes and undergrounding), metres.
    var lines: [LineString2] = []
    /// Length of `lines`, km (the route length with its detour factor for routes).
    var lengthKm: Double = 0
    /// District index (−1 outside all districts).
    var districtIndex: Int
    var cost: Money
    /// Placement of a new route's cable (selects its cost items).
    var placement: CablePlacement? = nil
}

/// One pick of the plan, in plan order.
package struct PlanStep: Sendable {
    var rank: Int
    var year: Int
    package var candidate: Int
    /// First-time gains given every earlier pick and the 2017 network, per ``PlanMetric``
    /// (people newly covered by 4G, households newly reached, km newly underground).
    var gains: [Double]
    /// People in the newly reached households (routes; 0 otherwise).
    var newFBBPeople: Double
    package var cumulativeCost: Money
    /// (district index, metric) targets of `year` met after this pick.
    var targetsMetAfter: [(district: Int, metric: PlanMetric)]
    /// Province achievement per metric after this pick (%).
    var provincePercentAfter: [Double]
    /// People newly covered (4G) or newly reached (fixed broadband) by this pick.
    var newPeople: Double { gains[PlanMetric.lte.rawValue] + newFBBPeople }
}

/// Unit costs read from the cost table.
package struct PlanCosts: Sendable {
    var path: String
    package var byItem: [String: (cost: Money, unit: String, source: String)]

    /// Reads `item,cost_vnd,unit,source`. Lines starting with `#` are comments.
    /// - Throws: `SimError.input` naming file and line for a cost that is negative, zero, not a whole
    ///   number of VND, or a duplicate item.
    package static func load(_ path: String) throws -> PlanCosts {
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
        return PlanCosts(path: path, byItem: out)
    }

    /// The cost of `item`, or an error saying which targets need it.
    func cost(_ item: String, neededFor why: String) throws -> Money {
        guard let c = byItem[item] else { throw SimError.input("\(path): missing item '\(item)', needed for \(why)") }
        return c.cost
    }

    /// Yearly operating cost added by a candidate once built, from the optional items
    /// `lte_upgrade_opex_per_year`, `new_site_opex_per_year` (per site), `cable_aerial_opex_per_km_year`
    /// and `cable_underground_opex_per_km_year` (per km); undergrounding changes a stretch's opex from
    /// the aerial to the underground figure (negative when underground cable is cheaper to keep).
    /// nil when an item it needs is not in the table. Opex is reported, not budgeted: budgets are capex.
    func opexPerYear(_ c: PlanCandidate) -> Money? {
        func item(_ name: String) -> Money? { byItem[name]?.cost }
        switch c.kind {
        case .upgrade: return item("lte_upgrade_opex_per_year")
        case .newSite: return item("new_site_opex_per_year")
        case .cableRoute:
            return item("cable_\((c.placement ?? .underground).rawValue)_opex_per_km_year").map { PlanCosts.perKm($0, c.lengthKm) }
        case .undergrounding:
            guard let u = item("cable_underground_opex_per_km_year"), let a = item("cable_aerial_opex_per_km_year") else { return nil }
            return Money(vnd: PlanCosts.perKm(u, c.lengthKm).vnd - PlanCosts.perKm(a, c.lengthKm).vnd)
        }
    }

    /// `perKm` × `km`, rounded to whole VND.
    static func perKm(_ perKm: Money, _ km: Double) -> Money { Money(vnd: max(1, Int64((Double(perKm.vnd) * km).rounded()))) }
}

/// Targets per metric, district and year, and for the province as a whole.
package struct PlanTargets: Sendable {
    /// `percent[m][k][d]`: target (%) of metric m for district d in budget year k; nil = no target.
    var percent: [[[Double?]]]
    /// `province[m][k]`: target (%) of metric m for the whole province (all districts together) in
    /// budget year k, from the rows whose `district_id` is `province`; nil = no target.
    var province: [[Double?]]
    /// Which metrics have a column in the file.
    package var metrics: [PlanMetric]
    var warnings: [String]

    func has(_ m: PlanMetric) -> Bool { metrics.contains(m) }

    /// Reads `district_id,year` and at least one of `lte_pop_pct`, `fbb_households_pct`,
    /// `underground_pct` (an empty cell = no target of that metric on that row). A district without a
    /// row for a year keeps its latest earlier target (targets are "by year Y"); before its first
    /// row it has none. `district_id` = `province` (any case) sets a target for the province as a
    /// whole: people covered / households reached / cable km underground over all districts together.
    /// - Throws: `SimError.input` for a percentage outside 0…100, an unknown district, a bad year,
    ///   a duplicate (district, year) or no metric column.
    static func load(_ path: String, districts: [District], years: [Int]) throws -> PlanTargets {
        let t = try CSVTable(path: path, required: ["district_id", "year"])
        let metrics = PlanMetric.allCases.filter { t.column($0.column) != nil }
        if metrics.isEmpty {
            throw SimError.input("\(path): no target column; add one or more of \(PlanMetric.allCases.map(\.column).joined(separator: ", "))")
        }
        let (cd, cy) = (t.column("district_id")!, t.column("year")!)
        var rows: [String: [(year: Int, pct: [Double?])]] = [:]
        var warnings: [String] = []
        for r in t.rows {
            var id = r.fields[cd].trimmingCharacters(in: .whitespaces)
            if id.lowercased() == provinceID, !districts.contains(where: { $0.id == id }) { id = provinceID }
            guard id == provinceID || districts.contains(where: { $0.id == id }) else {
                throw SimError.input("\(path):\(r.line): district '\(id)' is not in the district layer (ids: \(districts.map(\.id).joined(separator: ", ")), or '\(provinceID)' for the whole province)")
            }
            guard let year = Int(r.fields[cy].trimmingCharacters(in: .whitespaces)), (1900...2200).contains(year) else {
                throw SimError.input("\(path):\(r.line): year '\(r.fields[cy])' must be a calendar year")
            }
            var pcts = [Double?](repeating: nil, count: PlanMetric.allCases.count)
            for m in metrics {
                let raw = r.fields[t.column(m.column)!].trimmingCharacters(in: .whitespaces)
                if raw.isEmpty { continue }
                guard let pct = Double(raw), pct.isFinite else { throw SimError.input("\(path):\(r.line): \(m.column) '\(raw)' is not a number") }
                guard (0...100).contains(pct) else { throw SimError.input("\(path):\(r.line): \(m.column) = \(JSONValue.format(pct)) % is outside 0…100") }
                pcts[m.rawValue] = pct
            }
            if rows[id, default: []].contains(where: { $0.year == year }) {
                throw SimError.input("\(path):\(r.line): \(id == provinceID ? "the province" : "district \(id)") has two target rows for \(year); keep one")
            }
            if let last = years.last, year > last { warnings.append("\(path):\(r.line): target for \(year) is after the last budget year \(last); ignored") }
            rows[id, default: []].append((year, pcts))
        }
        // The latest row at or before year y with a figure for metric m.
        func latest(_ id: String, _ m: PlanMetric, _ y: Int) -> Double? {
            (rows[id] ?? []).filter { $0.year <= y && $0.pct[m.rawValue] != nil }.max { $0.year < $1.year }?.pct[m.rawValue] ?? nil
        }
        let percent = PlanMetric.allCases.map { m in years.map { y in districts.map { d in latest(d.id, m, y) } } }
        let province = PlanMetric.allCases.map { m in years.map { y in latest(provinceID, m, y) } }
        return PlanTargets(percent: percent, province: province, metrics: metrics, warnings: warnings)
    }

    /// The `district_id` of a province-wide target row.
    static let provinceID = "province"
}

/// Cell indices bucketed on a square grid, for box queries that return indices in ascending order.
package struct CellBuckets: Sendable {
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

    static func execute(_ baseline: CoverageRun, workers: Int, progress: Progress) async throws -> PlanRun {
        let study = baseline.study
        guard let p = study.scenario.planner else {
            throw SimError.input("\(study.scenario.file): no enabled 'planner:' section; see data/scenarios/quang-tri-2020-plan.yaml for one")
        }
        let costs = try PlanCosts.load(p.costsPath)
        let targets = try PlanTargets.load(p.targetsPath, districts: study.districts, years: p.budgets.map(\.year))
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

    /// For every metric with a province-wide target, a twin of each of its elements in the province's
    /// group (district index D, same weight, no people: the people are counted once, on the original),
    /// added to every candidate set that holds the original. Covering a cell then counts toward its
    /// district's target and the province's at once.
    mutating func addProvinceTwins() {
        let wanted = Set(targets.metrics.filter { m in targets.province[m.rawValue].contains { $0 != nil } })
        guard !wanted.isEmpty else { return }
        var twin = [Int32](repeating: -1, count: elementWeight.count)
        for e in 0..<elementWeight.count where wanted.contains(elementMetric[e]) {
            twin[e] = addElement(elementMetric[e], district: provinceUnit, weight: elementWeight[e], people: 0)
        }
        for j in sets.indices {
            let twins = sets[j].compactMap { twin[Int($0)] >= 0 ? twin[Int($0)] : nil }
            sets[j] += twins
        }
    }

    /// Adds an element and returns its index.
    mutating func addElement(_ m: PlanMetric, district: Int, weight: Double, people: Double) -> Int32 {
        elementMetric.append(m); elementDistrict.append(district); elementWeight.append(weight); elementPeople.append(people)
        return Int32(elementMetric.count - 1)
    }

    /// 4G candidates: every existing site not of the coverage technology, upgraded on its mast, and
    /// new sites from the candidate file or the best-ranked points of a regular grid; their
    /// footprints (once) and the uncovered cells each covers (prepared polygon, bucketed cells).
    mutating func addSiteCandidates(workers: Int, progress: Progress) async throws {
        let study = self.study, p = settings, pop = study.population, radio = study.scenario.radio
        var sites: [PlanCandidate] = []
        for (i, s) in study.sites.enumerated() where s.technology != radio.technology {
            var site = s
            site.technology = radio.technology
            site.bandMHz = p.lteBandMHz
            sites.append(PlanCandidate(kind: .upgrade, id: s.id, site: site, districtIndex: study.siteDistrict[i],
                                       cost: try costs.cost(InvestmentKind.upgrade.costItem, neededFor: "3G→4G upgrade candidates")))
        }
        let uncovered = (0..<pop.count).filter { pop.district[$0] >= 0 && !baseline.stats.cellCovered[$0] && pop.population[$0] > 0 }
        let newSiteCost = try costs.cost(InvestmentKind.newSite.costItem, neededFor: "new-site candidates")
        let projector = try Projector(study.projection)
        let ctx = GEOSContext()
        if let path = p.candidateSitesPath {
            var options = p.candidateSitesOptions
            options.fallbackCRSEPSG = study.scenario.inputs.fallbackCRSEPSG
            let raw = try Inputs.sites(path, options)
            let xy = try raw.map { try projector.forward(Point2($0.lon, $0.lat)) }
            let located = try Study.locate(xy, in: study.districts, ctx: ctx)
            for (i, r) in raw.enumerated() {
                if located[i] < 0 { warnings.append("\(r.place): candidate site \(r.id) is outside all districts; skipped"); continue }
                let site = Site(id: r.id, lon: r.lon, lat: r.lat, position: xy[i], heightMeters: r.heightMeters, technology: radio.technology,
                                bandMHz: r.bandMHz, powerDBm: r.powerDBm, azimuthsDegrees: r.azimuths, year: r.year)
                sites.append(PlanCandidate(kind: .newSite, id: r.id, site: site, districtIndex: located[i], cost: newSiteCost))
            }
        } else {
            progress.step("ranking new-site grid points (\(JSONValue.format(p.candidateSpacingMeters)) m spacing)")
            let rankBuckets = CellBuckets(cells: uncovered, positions: pop.positions, sizeMeters: p.candidateRankRadiusMeters)
            let box = study.districts.map(\.bounds).reduce(study.districts[0].bounds) { $0.union($1) }
            var grid: [Point2] = []
            var y = box.minY + p.candidateSpacingMeters / 2
            while y < box.maxY {
                var x = box.minX + p.candidateSpacingMeters / 2
                while x < box.maxX { grid.append(Point2(x, y)); x += p.candidateSpacingMeters }
                y += p.candidateSpacingMeters
            }
            let gridDistrict = try Study.locate(grid, in: study.districts, ctx: ctx)
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
            for (n, g) in ranked.prefix(p.maxNewSites).enumerated() {
                let ll = try projector.inverse(grid[g.index])
                let id = String(format: "N%04d", n + 1)
                let site = Site(id: id, lon: ll.x, lat: ll.y, position: grid[g.index], heightMeters: p.newSiteHeightMeters,
                                technology: radio.technology, bandMHz: p.lteBandMHz, powerDBm: p.newSitePowerDBm, azimuthsDegrees: azimuths, year: nil)
                sites.append(PlanCandidate(kind: .newSite, id: id, site: site, districtIndex: gridDistrict[g.index], cost: newSiteCost))
            }
        }

        progress.step("footprints of \(sites.count) site candidates")
        let envs = sites.map { $0.districtIndex >= 0 ? study.districts[$0.districtIndex].environment : study.scenario.defaultEnvironment }
        let (radioResult, _) = try await CoverageRun.footprints(study, sites: sites.map { $0.site! }, environments: envs, workers: workers, what: "planner candidates")
        var located = [Footprint?](repeating: nil, count: sites.count)
        for f in radioResult.footprints { located[f.siteIndex] = f }
        let footprintOf = located
        warnings += CoverageRun.summarise(radioResult.warnings).map { "planner candidate sites: \($0)" }

        progress.step("coverage sets over \(uncovered.count) uncovered cells")
        let cellBuckets = CellBuckets(cells: uncovered, positions: pop.positions, sizeMeters: 1000)
        let cellSets = try await Parallel.map(count: sites.count, workers: workers) { j, ctx -> [Int] in
            guard let f = footprintOf[j] else { return [] }
            let prepared = try GEOSPrepared(try f.geometry(in: ctx))
            var hits: [Int] = []
            for c in cellBuckets.query(f.bounds) where f.bounds.contains(pop.positions[c]) {
                if try prepared.covers(pop.positions[c]) { hits.append(c) }
            }
            return hits
        }
        var elementOf = [Int32](repeating: -1, count: pop.count)
        for c in uncovered { elementOf[c] = addElement(.lte, district: Int(pop.district[c]), weight: pop.population[c], people: pop.population[c]) }
        for (j, c) in sites.enumerated() {
            candidates.append(c)
            footprints.append(footprintOf[j])
            sets.append(cellSets[j].map { elementOf[$0] })
        }
    }

    /// Cable-route candidates: unreached households grouped per district on a grid; for each of the
    /// largest groups of every district with a fixed-broadband target, a route to the group's household-weighted centre from the served network (a point with
    /// optical budget left): along the road layer (``RoadRouter``, spurs up to the cluster size) or
    /// straight (length × detour factor), whichever is shorter; it reaches the unreached cells within
    /// the drop distance of the part the remaining budget covers.
    mutating func addRouteCandidates(progress: Progress) throws {
        guard let fixed = baseline.fixed else { return }
        let study = self.study, p = settings, pop = study.population
        let drop = study.scenario.fixed.dropDistanceMeters
        let perKm = try costs.cost("cable_\(p.newCablePlacement.rawValue)_per_km", neededFor: "cable-route candidates (fixed-broadband targets)")
        let hh = fixed.districts.map(\.householdSize)
        let unreached = (0..<pop.count).filter { pop.district[$0] >= 0 && !fixed.cellReached[$0] && pop.population[$0] > 0 }
        var elementOf = [Int32](repeating: -1, count: pop.count)
        for c in unreached {
            let d = Int(pop.district[c])
            elementOf[c] = addElement(.fbb, district: d, weight: pop.population[c] / hh[d], people: pop.population[c])
        }
        // Clusters: per district, on a grid; keyed and ordered deterministically. Only districts with a
        // fixed-broadband target get routes, at most `maxCableRoutesPerDistrict` each (the largest clusters).
        let S = p.routeClusterMeters
        let provinceWide = targets.province[PlanMetric.fbb.rawValue].contains { $0 != nil }
        let wantsRoutes = Set((0..<study.districts.count).filter { d in provinceWide || targets.percent[PlanMetric.fbb.rawValue].contains { $0[d] != nil } })
        struct ClusterKey: Hashable { var district: Int; var cell: Int64 }
        var clusters: [ClusterKey: (households: Double, sx: Double, sy: Double)] = [:]
        for c in unreached where wantsRoutes.contains(Int(pop.district[c])) {
            let d = Int(pop.district[c])
            let k = ClusterKey(district: d, cell: CellBuckets.key(Int64(floor(pop.positions[c].x / S)), Int64(floor(pop.positions[c].y / S))))
            let w = pop.population[c] / hh[d]
            var v = clusters[k] ?? (0, 0, 0)
            v.households += w; v.sx += w * pop.positions[c].x; v.sy += w * pop.positions[c].y
            clusters[k] = v
        }
        var ranked: [(district: Int, centre: Point2)] = []
        for d in wantsRoutes.sorted() {
            let mine = clusters.filter { $0.key.district == d && $0.value.households >= max(p.routeMinHouseholds, 1e-9) }
                .sorted { $0.value.households != $1.value.households ? $0.value.households > $1.value.households : $0.key.cell < $1.key.cell }
                .prefix(p.maxCableRoutesPerDistrict)
            ranked += mine.map { (d, Point2($0.value.sx / $0.value.households, $0.value.sy / $0.value.households)) }
        }
        progress.step("cable-route candidates to \(ranked.count) clusters of unreached households")
        let buckets = CellBuckets(cells: unreached, positions: pop.positions, sizeMeters: max(S, drop))
        let centres = ranked.map(\.centre)
        let located = ranked.map(\.district)
        let router = study.roads.isEmpty ? nil : RoadRouter(roads: study.roads, segments: fixed.segments, maxSpurMeters: S)
        var n = 0
        for (i, target) in centres.enumerated() {
            // The straight route (its length counted with the detour factor) and, when the road layer
            // offers one, the route along roads (counted as drawn); the shorter wins.
            var line: LineString2? = nil, budget = 0.0, length = Double.infinity
            if let a = NetworkAttachment.nearest(to: target, segments: fixed.segments), hypot(target.x - a.position.x, target.y - a.position.y) >= 1 {
                line = LineString2([a.position, target]); budget = a.budgetMeters
                length = line!.length * p.routeDetourFactor
            }
            if let r = router?.route(to: target), r.line.length < length {
                line = r.line; budget = r.budgetMeters; length = r.line.length
            }
            guard let route = line else { continue }
            // The part the optical budget covers, measured along the route (the detour factor stretches a straight route).
            let scale = route.length / length
            let served = budget >= length ? route : route.substring(from: 0, to: budget * scale)
            guard served.length > 0, let box = BoundingBox(points: served.points) else { continue }
            let near = buckets.query(BoundingBox(minX: box.minX - drop, minY: box.minY - drop, maxX: box.maxX + drop, maxY: box.maxY + drop))
            let hits = NetworkAttachment.cells(near, positions: pop.positions, within: drop, of: served)
            guard !hits.isEmpty else { continue }
            n += 1
            candidates.append(PlanCandidate(kind: .cableRoute, id: String(format: "R%04d", n), site: nil, lines: [route],
                                            lengthKm: length / 1000, districtIndex: located[i], cost: PlanCosts.perKm(perKm, length / 1000),
                                            placement: p.newCablePlacement))
            footprints.append(nil)
            sets.append(hits.map { elementOf[$0] })
        }
        if let path = p.candidateRoutesPath {
            var options = p.candidateRoutesOptions
            options.fallbackCRSEPSG = study.scenario.inputs.fallbackCRSEPSG
            let routes = try Inputs.routes(path, options, projector: try Projector(study.projection))
            let ends = try Study.locate(routes.map { $0.line.points[0] }, in: study.districts, ctx: GEOSContext())
            for (i, r) in routes.enumerated() {
                // The route joins the network at whichever end is nearer to a served point with budget left.
                let a0 = NetworkAttachment.nearest(to: r.line.points.first!, segments: fixed.segments)
                let a1 = NetworkAttachment.nearest(to: r.line.points.last!, segments: fixed.segments)
                let d0 = a0.map { hypot($0.position.x - r.line.points.first!.x, $0.position.y - r.line.points.first!.y) } ?? .infinity
                let d1 = a1.map { hypot($0.position.x - r.line.points.last!.x, $0.position.y - r.line.points.last!.y) } ?? .infinity
                let forward = d0 <= d1
                guard let a = forward ? a0 : a1, min(d0, d1) <= S else {
                    warnings.append("\(r.place): candidate route \(r.id) does not start within \(JSONValue.format(S)) m (route_cluster_m) of the served network; skipped")
                    continue
                }
                // A straight spur from the attachment point joins the route to the network (it is laid too).
                var points = forward ? r.line.points : r.line.points.reversed()
                if min(d0, d1) > 0.5 { points.insert(a.position, at: 0) }
                let line = LineString2(points)
                let length = line.length
                let budget = a.budgetMeters
                guard budget > 0 else { warnings.append("\(r.place): candidate route \(r.id) starts where no optical budget is left; skipped"); continue }
                let served = budget >= length ? line : line.substring(from: 0, to: budget)
                let box = BoundingBox(points: served.points)!
                let near = buckets.query(BoundingBox(minX: box.minX - drop, minY: box.minY - drop, maxX: box.maxX + drop, maxY: box.maxY + drop))
                let hits = NetworkAttachment.cells(near, positions: pop.positions, within: drop, of: served)
                if hits.isEmpty { warnings.append("\(r.place): candidate route \(r.id) reaches no unreached household"); continue }
                let cost = try costs.cost("cable_\((r.placement ?? p.newCablePlacement).rawValue)_per_km", neededFor: "candidate route \(r.id)")
                candidates.append(PlanCandidate(kind: .cableRoute, id: r.id, site: nil, lines: [line], lengthKm: length / 1000,
                                                districtIndex: ends[i], cost: PlanCosts.perKm(cost, length / 1000),
                                                placement: r.placement ?? p.newCablePlacement))
                footprints.append(nil)
                sets.append(hits.map { elementOf[$0] })
            }
        }
    }

    /// Undergrounding candidates: every aerial cable cut by the district boundaries (GEOS
    /// intersection), one work per (cable, district) piece, achieving its own km.
    mutating func addUndergroundingCandidates() throws {
        let study = self.study
        let perKm = try costs.cost(InvestmentKind.undergrounding.costItem, neededFor: "undergrounding candidates (underground_pct targets)")
        let ctx = GEOSContext()
        let districtGeoms = try study.districts.map { try ctx.multiPolygon($0.polygons) }
        for c in study.cables where c.placement == .aerial {
            let box = BoundingBox(points: c.line.points)!
            let g = try ctx.lineString(c.line)
            for (d, district) in study.districts.enumerated() where district.bounds.intersects(box) {
                let pieces = try districtGeoms[d].intersection(g).lineStrings().filter { $0.points.count >= 2 }
                let km = pieces.reduce(0) { $0 + $1.length } / 1000
                guard km >= 0.001 else { continue }
                let e = addElement(.underground, district: d, weight: km, people: 0)
                candidates.append(PlanCandidate(kind: .undergrounding, id: "U-\(c.id)-\(district.id)", site: nil, lines: pieces, lengthKm: km,
                                                districtIndex: d, cost: PlanCosts.perKm(perKm, km)))
                footprints.append(nil)
                sets.append([e])
            }
        }
    }

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
