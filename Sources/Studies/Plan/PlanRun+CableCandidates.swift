import Coverage
import Foundation
import Planner

extension PlanRun {
    /// Cable-route candidates: unreached households grouped per district on a grid; for each of the
    /// largest groups of every district with a fixed-broadband target, a route to the group's household-weighted centre from the served network (a point with
    /// optical budget left): along the road layer (``RoadRouter``, spurs up to the cluster size) or
    /// straight (length × detour factor), whichever is shorter; it reaches the unreached cells within
    /// the drop distance of the part the remaining budget covers.
    mutating func addRouteCandidates(progress: Progress) throws {
        guard let fixed = baseline.fixed else { return }
        let study = self.study, p = settings, pop = study.population
        let drop = study.scenario.fixed.dropDistanceMeters
        let perKm = try costs.cost(.newRoutes(p.newCablePlacement))
        // Households per cell are FixedReach's whole households, so the plan's household figures are
        // whole numbers that add up to the reach statistics'; a cell with none is no element.
        let hh = fixed.cellHouseholds
        let unreached = (0..<pop.count).filter { pop.district[$0] >= 0 && !fixed.cellReached[$0] && hh[$0] > 0 }
        var elementOf = [Int32](repeating: -1, count: pop.count)
        for c in unreached {
            elementOf[c] = addElement(.fbb, district: Int(pop.district[c]), weight: hh[c], people: pop.population[c])
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
            let w = hh[c]
            var v = clusters[k] ?? (0, 0, 0)
            v.households += w; v.sx += w * pop.positions[c].x; v.sy += w * pop.positions[c].y
            clusters[k] = v
        }
        var ranked: [(district: Int, centre: Point2)] = []
        for d in wantsRoutes.sorted() {
            let all = clusters.filter { $0.key.district == d }
            let large = all.filter { $0.value.households >= max(p.routeMinHouseholds, 1e-9) }
                .sorted { $0.value.households != $1.value.households ? $0.value.households > $1.value.households : $0.key.cell < $1.key.cell }
            let mine = large.prefix(p.maxCableRoutesPerDistrict)
            generation.clustersSmall[d] = all.count - large.count
            generation.clustersCut[d] = large.count - mine.count
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
            guard let route = line else { generation.clustersUnrouted[located[i]] += 1; continue }
            // The part the optical budget covers, measured along the route (the detour factor stretches a straight route).
            let scale = route.length / length
            let served = budget >= length ? route : route.substring(from: 0, to: budget * scale)
            guard served.length > 0, let box = BoundingBox(points: served.points) else { generation.clustersUnrouted[located[i]] += 1; continue }
            let near = buckets.query(BoundingBox(minX: box.minX - drop, minY: box.minY - drop, maxX: box.maxX + drop, maxY: box.maxY + drop))
            let hits = NetworkAttachment.cells(near, positions: pop.positions, within: drop, of: served)
            guard !hits.isEmpty else { generation.clustersUnrouted[located[i]] += 1; continue }
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
            let ends = try Study.locate(routes.map { $0.line.points[0] }, in: study.districts)
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
                let cost = try costs.cost(.route(r.id, r.placement ?? p.newCablePlacement))
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
        let perKm = try costs.cost(.undergrounding)
        for c in study.cables where c.placement == .aerial {
            let box = BoundingBox(points: c.line.points)!
            for (d, district) in study.districts.enumerated() where district.bounds.intersects(box) {
                let pieces = try Overlay.pieces(of: c.line, in: district.polygons)
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
}
