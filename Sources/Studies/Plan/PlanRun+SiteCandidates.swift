import Coverage
import Foundation
import Planner

extension PlanRun {
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
        for (i, s) in study.sites.enumerated() where !s.technology.counts(toward: radio.technology) {
            var site = s
            site.technology = radio.technology
            site.updateCells { $0.bandMHz = p.lteBandMHz }
            sites.append(PlanCandidate(kind: .upgrade, id: s.id, site: site, districtIndex: study.siteDistrict[i],
                                       cost: try costs.cost(.upgrade)))
        }
        let uncovered = (0..<pop.count).filter { pop.district[$0] >= 0 && !baseline.stats.cellCovered[$0] && pop.population[$0] > 0 }
        let newSiteCost = try costs.cost(.newSite)
        let projector = try Projector(study.projection)
        if let path = p.candidateSitesPath {
            generation.siteFile = true
            var options = p.candidateSitesOptions
            options.fallbackCRSEPSG = study.scenario.inputs.fallbackCRSEPSG
            let raw = try Inputs.sites(path, options)
            let xy = try raw.map { try projector.forward(Point2($0.lon, $0.lat)) }
            let located = try Study.locate(xy, in: study.districts)
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
            let gridDistrict = try Study.locate(grid, in: study.districts)
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
            for g in ranked.dropFirst(p.maxNewSites) { generation.sitesCut[gridDistrict[g.index]] += 1 }
            for (n, g) in ranked.prefix(p.maxNewSites).enumerated() {
                let ll = try projector.inverse(grid[g.index])
                let id = String(format: "N%04d", n + 1)
                let site = Site(id: id, lon: ll.x, lat: ll.y, position: grid[g.index], heightMeters: p.newSiteHeightMeters,
                                technology: radio.technology, bandMHz: p.lteBandMHz, powerDBm: p.newSitePowerDBm, azimuthsDegrees: azimuths, year: nil)
                sites.append(PlanCandidate(kind: .newSite, id: id, site: site, districtIndex: gridDistrict[g.index], cost: newSiteCost))
            }
        }

        progress.step("footprints of \(sites.count) site candidates")
        let envs = study.environments(of: sites.map { $0.site! }, districtIndex: sites.map(\.districtIndex))
        let (radioResult, _) = try await CoverageRun.footprints(study, sites: sites.map { $0.site! }, environments: envs, workers: workers, what: "planner candidates")
        var located = [Footprint?](repeating: nil, count: sites.count)
        for f in radioResult.footprints { located[f.siteIndex] = f }
        let footprintOf = located
        warnings += CoverageRun.summarise(radioResult.warnings).map { "planner candidate sites: \($0)" }

        progress.step("coverage sets over \(uncovered.count) uncovered cells")
        let cellBuckets = CellBuckets(cells: uncovered, positions: pop.positions, sizeMeters: 1000)
        let cellSets = try await Parallel.map(count: sites.count, workers: workers) { j -> [Int] in
            guard let f = footprintOf[j] else { return [] }
            return try Overlay.covered(pop.positions, candidates: cellBuckets.query(f.bounds), by: f)
        }
        var elementOf = [Int32](repeating: -1, count: pop.count)
        for c in uncovered { elementOf[c] = addElement(.lte, district: Int(pop.district[c]), weight: pop.population[c], people: pop.population[c]) }
        for (j, c) in sites.enumerated() {
            candidates.append(c)
            footprints.append(footprintOf[j])
            sets.append(cellSets[j].map { elementOf[$0] })
        }
    }
}
