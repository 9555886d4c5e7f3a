import Coverage
import Foundation
import Planner
import Testing
import TestSupport
@testable import Studies

/// The quick study of issue 4: "which p of these candidate sites cover the most people?" with the
/// `disk` radio model (radius r), unit costs and budget p — the maximum covering location problem.
/// The exact method must return the proven optimum; the reference is brute force over every
/// p-subset, computed here by plain distances (independent of GEOS polygons and GLPK).
@Suite struct QuickStudyTests {
    @Test func exactMaxCoverageMatchesBruteForce() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A 0.4° × 0.4° square district near Đông Hà; projected to UTM 48N (EPSG:32648) by the scenario.
        let (lon0, lat0) = (106.8, 16.6)
        let square = "[[\(lon0),\(lat0)],[\(lon0 + 0.4),\(lat0)],[\(lon0 + 0.4),\(lat0 + 0.4)],[\(lon0),\(lat0 + 0.4)],[\(lon0),\(lat0)]]"
        let districts = """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"D1","name":"Square","name_ascii":"Square","population":0},
        "geometry":{"type":"Polygon","coordinates":[\(square)]}}]}
        """
        // Deterministic pseudo-random population points and 9 candidate sites.
        var rng = SeededGenerator(seed: 42)
        var pop = "lon,lat,population\n"
        var points: [(Point2, Double)] = []
        for _ in 0..<300 {
            let p = Point2(lon0 + 0.02 + 0.36 * Double.random(in: 0..<1, using: &rng), lat0 + 0.02 + 0.36 * Double.random(in: 0..<1, using: &rng))
            let w = Double(Int.random(in: 1...50, using: &rng))
            points.append((p, w))
            pop += "\(p.x),\(p.y),\(Int(w))\n"
        }
        var cands = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n"
        var sites: [Point2] = []
        for k in 0..<9 {
            let p = Point2(lon0 + 0.05 + 0.1 * Double(k % 3) + 0.03 * Double.random(in: 0..<1, using: &rng),
                           lat0 + 0.05 + 0.1 * Double(k / 3) + 0.03 * Double.random(in: 0..<1, using: &rng))
            sites.append(p)
            cands += "C\(k),\(p.x),\(p.y),30,4G,1800,43,\n"
        }
        let write = { (name: String, text: String) -> String in
            let u = dir.appendingPathComponent(name); try! text.write(to: u, atomically: true, encoding: .utf8); return u.path
        }
        _ = write("districts.geojson", districts)
        _ = write("pop.csv", pop)
        _ = write("cands.csv", cands)
        _ = write("sites.csv", "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n")
        _ = write("costs.csv", "item,cost_vnd,unit,source\nnew_site,1000000000,per site,unit cost 1 bn: budget p bn counts sites\nlte_upgrade,1000000000,per site,unused\n")
        _ = write("targets.csv", "district_id,year,lte_pop_pct\nD1,2020,100\n")
        let radius = 9000.0, p = 3
        let scenario = write("s.yaml", """
        extends: \(repoPath("data/scenarios/defaults.yaml"))
        name: max coverage
        crs_epsg: 32648
        inputs: {districts: districts.geojson, sites: sites.csv, population: pop.csv}
        radio: {disk_radius_m: \(Int(radius)), bearing_step_deg: 1}
        planner: {enabled: true, costs: costs.csv, targets: targets.csv, candidate_sites: cands.csv, method: exact, budget_vnd: {2020: \(p) tỷ}}
        """)
        let s = try Scenario.load(path: scenario)
        let study = try await Study.load(s, workers: 2)
        let plan = try #require(try await ScenarioRun.execute(study, workers: 2, progress: Progress()).plan)

        // Brute force on projected distances. The disk polygon (360 vertices) contains every point within
        // r·cos(π/360) and none beyond r; the data must keep clear of that 0.004 % annulus to be unambiguous.
        let projector = try Projector(study.projection)
        let xy = try points.map { try projector.forward($0.0) }
        let sxy = try sites.map { try projector.forward($0) }
        let inner = radius * cos(Double.pi / 360)
        var covers = [[Bool]](repeating: [], count: sites.count)
        for (k, c) in sxy.enumerated() {
            covers[k] = xy.map { q in
                let d = ((q.x - c.x) * (q.x - c.x) + (q.y - c.y) * (q.y - c.y)).squareRoot()
                #expect(d <= inner || d > radius, "point on the disk boundary; change the seed")
                return d <= radius
            }
        }
        var best = 0.0
        for a in 0..<9 { for b in (a + 1)..<9 { for c in (b + 1)..<9 {
            let v = points.indices.reduce(0.0) { acc, i in covers[a][i] || covers[b][i] || covers[c][i] ? acc + points[i].1 : acc }
            best = max(best, v)
        } } }
        #expect(plan.years.count == 1 && plan.years[0].selection.provenOptimal)
        #expect(plan.steps.count == p)
        #expect(plan.achievedAfterYear[0][PlanMetric.lte.rawValue][0] == best)
        #expect(best < points.reduce(0) { $0 + $1.1 }, "the instance must not let 3 sites cover everyone")
    }
}

/// `planner.candidate_routes`: user-drawn fibre routes. A 3 km route due west from the synthetic Đông Hà OLT
/// (OLT-461, on the network with its whole 20 km budget) is offered; one in the sea 60 km off the coast is
/// skipped with a warning. Independent check: FixedReach over the 2017 cables plus the route (an underground
/// distribution cable) reaches as many more households as the candidate's set holds, within 0.5 % (GEOS buffer
/// polygon vs exact point–line distance, see PlanTests).
@Suite struct CandidateRouteTests {
    @Test func userRoutesAreCandidates() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let write = { (name: String, text: String) -> String in
            let u = dir.appendingPathComponent(name); try! text.write(to: u, atomically: true, encoding: .utf8); return u.path
        }
        // 3 km west of (107.10031, 16.81625): Δlon = 3000 / (111,320 · cos 16.816°) ≈ 0.02816°.
        _ = write("routes.geojson", """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"WEST","placement":"aerial"},"geometry":{"type":"LineString","coordinates":[[107.10031,16.81625],[107.07215,16.81625]]}},
        {"type":"Feature","properties":{"id":"SEA"},"geometry":{"type":"LineString","coordinates":[[107.8,17.2],[107.9,17.2]]}}]}
        """)
        _ = write("targets.csv", "district_id,year,fbb_households_pct\n461,2020,90\n")
        let scenario = write("s.yaml", """
        extends: \(repoPath("data/scenarios/quang-tri-2020-plan.yaml"))
        population: {cell_size_m: 500}
        planner: {targets: targets.csv, candidate_routes: routes.geojson, max_cable_routes_per_district: 0, budget_vnd: {2020: 1_000_000_000}}
        """)
        let study = try await Study.load(try Scenario.load(path: scenario), workers: 2)
        let plan = try #require(try await ScenarioRun.execute(study, workers: 2, progress: Progress()).plan)
        #expect(plan.candidates.map(\.id) == ["WEST"])
        #expect(plan.warnings.contains { $0.contains("candidate route SEA") && $0.contains("skipped") })
        let route = plan.candidates[0]
        #expect(abs(route.lengthKm - 3.0) < 0.01)
        // aerial: 60,000,000 VND/km (data/quang-tri/costs.csv) × length.
        #expect(route.cost == PlanCosts.perKm(Money(vnd: 60_000_000), route.lengthKm))
        let gain = plan.sets[0].reduce(0.0) { $0 + plan.elementWeight[Int($1)] }
        #expect(gain > 0)
        let f = study.scenario.fixed
        let settings = ReachSettings(snapToleranceMeters: f.snapToleranceMeters, dropDistanceMeters: f.dropDistanceMeters,
                                     householdSize: f.householdSize, defaultHouseholdSize: f.defaultHouseholdSize)
        let before = try await FixedReach.compute(cables: study.cables, olts: study.olts, districts: study.districts, population: study.population, settings: settings, workers: 2)
        let after = try await FixedReach.compute(cables: study.cables + [Cable(id: "WEST", kind: .distribution, placement: .aerial, line: route.lines[0])],
                                                 olts: study.olts, districts: study.districts, population: study.population, settings: settings, workers: 2)
        let added = after.districts.reduce(0) { $0 + $1.householdsReached } - before.districts.reduce(0) { $0 + $1.householdsReached }
        #expect(abs(added - gain) <= 0.005 * gain, "FixedReach adds \(added) households, the candidate \(gain)")
    }
}
