import Coverage
import Foundation

/// Fixed-broadband reach at national scale (issue 3): the 692 districts of Viet Nam (2019,
/// simplified), a synthetic 1 km population surface, and a synthetic network of about 100,000
/// noded segments — no national cable map exists, so the network is made here, deterministically:
/// - one OLT per district at its GEOS point on surface (20 km reach);
/// - a backbone tree: districts sorted west to east, each OLT joined by a straight trunk to the
///   nearest OLT already placed (691 trunks, crossing each other freely);
/// - in each district a street lattice around the OLT: 8 east–west and 8 north–south cables, 600 m
///   apart (each crosses the 8 others: 9 pieces per cable, 144 per district, ≈ 99,600 in all);
/// - placement alternating aerial / underground by cable index.
/// Prints the network size, the time of `FixedReach.compute` (noding, snapping, Dijkstra, per-district
/// reach) with its phases (`FixedReach.Result.phaseSeconds`; the "summed" district figures add up
/// the workers' wall time), and the process's peak resident memory so far.
/// `REACH_DISTRICTS=N` keeps only the first N districts (a reduced case for profiling).
/// Measured here (2 cores, shared): before the per-district reach rework 595 s and 1.1 GB peak;
/// after it about 4–6 s and 210–255 MiB.
func reachBenchmark() async throws {
    let path = "data/vietnam/vietnam_districts_2019_simplified.geojson"
    let features = try GeoJSON.readFeatures(try Data(contentsOf: URL(fileURLWithPath: path)), file: path)
    let projection = try Projection(epsg: 32648)
    let projector = try Projector(projection)
    let ctx = GEOSContext()
    var districts: [District] = []
    for f in features {
        let polys = try f.geometry.polygons.map { p in
            Polygon2(exterior: try projector.forward(p.exterior), holes: try p.holes.map { try projector.forward($0) })
        }
        let valid = try ctx.multiPolygon(polys).makeValid().polygons()
        let pop = Int(f.properties["pop_2019_census"]?.doubleValue ?? 0)
        districts.append(District(id: f.properties["gso_code"]?.stringValue ?? "\(f.index)", name: f.properties["name_vi"]?.stringValue ?? "",
                                  nameASCII: f.properties["name_ascii"]?.stringValue ?? "", population: pop, polygons: valid,
                                  polygonsLonLat: f.geometry.polygons, environment: .rural))
    }
    // REACH_DISTRICTS=N keeps the first N districts (a reduced case for profiling).
    if let n = ProcessInfo.processInfo.environment["REACH_DISTRICTS"].flatMap(Int.init), n < districts.count {
        districts = Array(districts.prefix(max(1, n)))
    }
    let t0 = Date()
    let population = try await PopulationSurface.synthesize(districts: districts, towns: [], roads: [], cellSizeMeters: 1000,
                                                            weights: AncillaryWeights(), projection: projection)
    let popSecs = Date().timeIntervalSince(t0)

    var olts: [AccessNode] = []
    for d in districts {
        let p = try ctx.multiPolygon(d.polygons).pointOnSurface()
        olts.append(AccessNode(id: "OLT-\(d.id)", technology: .gpon, position: p, reachMeters: 20_000, splitRatio: 32))
    }
    var cables: [Cable] = []
    let order = olts.indices.sorted { olts[$0].position.x != olts[$1].position.x ? olts[$0].position.x < olts[$1].position.x : $0 < $1 }
    for (k, i) in order.enumerated() where k > 0 {
        let p = olts[i].position
        let j = order[..<k].min { a, b in hypot(olts[a].position.x - p.x, olts[a].position.y - p.y) < hypot(olts[b].position.x - p.x, olts[b].position.y - p.y) }!
        cables.append(Cable(id: "T\(k)", kind: .backbone, placement: k % 2 == 0 ? .aerial : .underground,
                            line: LineString2([p, olts[j].position])))
    }
    let lines = 8, spacing = 600.0, half = spacing * Double(lines - 1) / 2 + 300
    for o in olts {
        let c = o.position
        for l in 0..<lines {
            let off = -spacing * Double(lines - 1) / 2 + spacing * Double(l)
            cables.append(Cable(id: "\(o.id)-E\(l)", kind: .distribution, placement: l % 2 == 0 ? .aerial : .underground,
                                line: LineString2([Point2(c.x - half, c.y + off), Point2(c.x + half, c.y + off)])))
            cables.append(Cable(id: "\(o.id)-N\(l)", kind: .distribution, placement: l % 2 == 0 ? .underground : .aerial,
                                line: LineString2([Point2(c.x + off, c.y - half), Point2(c.x + off, c.y + half)])))
        }
    }
    let settings = ReachSettings(snapToleranceMeters: 50, dropDistanceMeters: 400)
    let t1 = Date()
    let r = try await FixedReach.compute(cables: cables, olts: olts, districts: districts, population: population,
                                         settings: settings, workers: Parallel.defaultWorkers)
    let secs = Date().timeIntervalSince(t1)
    let hh = r.districts.reduce(0) { $0 + $1.households }, reached = r.districts.reduce(0) { $0 + $1.householdsReached }
    print(String(format: "  %d districts, %d cables → %d noded segments (%.0f km), %d population cells (synthesised in %.1f s)",
                 districts.count, cables.count, r.segments.count, r.totalKm, population.count, popSecs))
    print(String(format: "  reach area %.6f km², households reached %.3f, cable km %.6f", r.districts.reduce(0) { $0 + $1.reachAreaKm2 }, reached,
                 r.districts.reduce(0) { $0 + $1.cableAerialKm + $1.cableUndergroundKm }))
    print(String(format: "  FixedReach.compute: %.2f s on %d workers; %.1f %% of households reached; peak RSS %.0f MiB",
                 secs, Parallel.defaultWorkers, hh > 0 ? 100 * reached / hh : 0, peakResidentMiB()))
    for p in r.phaseSeconds { print("    " + p.name.padding(toLength: 45, withPad: " ", startingAt: 0) + String(format: " %8.2f s", p.seconds)) }
}

/// Peak resident set size of this process so far (Linux: VmHWM of /proc/self/status), MiB.
func peakResidentMiB() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}
