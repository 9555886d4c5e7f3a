import Coverage
import Foundation
import Studies

/// `sim serve`'s edit latency on the default province (release, both cores): 200 seeded edits — new sites at
/// random places in the districts' box, moves, height changes, deletions, 3G→4G upgrades and cable routes from the
/// served network — each timed from the request to the recomputed figures (EditSession.apply). Target (issue 19):
/// p95 ≤ 300 ms.
func serveBenchmark(scenario: String) async throws {
    let t0 = Date()
    let session = try await EditSession.open(path: scenario, workers: Parallel.defaultWorkers)
    print(String(format: "  session opened in %.2f s (load, footprints, statistics, reach)", Date().timeIntervalSince(t0)))
    let districts = session.study.districts
    let box = districts.map(\.bounds).reduce(districts[0].bounds) { $0.union($1) }
    let projector = try Projector(session.study.projection)
    var rng = SeededGenerator(seed: 19)
    var times: [String: [Double]] = [:]
    var refused = 0
    for _ in 0..<200 {
        let state = await session.viewJSON(geometry: false)
        let sites = state["sites"]?.arrayValue ?? []
        func randomLonLat() throws -> Point2 {
            try projector.inverse(Point2(box.minX + rng.unit() * (box.maxX - box.minX), box.minY + rng.unit() * (box.maxY - box.minY)))
        }
        let pick = sites.isEmpty ? nil : sites[Int(rng.unit() * Double(sites.count))]["id"]?.stringValue
        let r = rng.unit()
        let (kind, edit): (String, EditSession.Edit)
        if r < 0.4 || pick == nil { let p = try randomLonLat(); (kind, edit) = ("add site", .addSite(lon: p.x, lat: p.y, .init())) }
        else if r < 0.6 { let p = try randomLonLat(); (kind, edit) = ("move site", .moveSite(id: pick!, lon: p.x, lat: p.y)) }
        else if r < 0.75 { (kind, edit) = ("change height", .changeSite(id: pick!, .init(heightMeters: 20 + (rng.unit() * 40).rounded()))) }
        else if r < 0.85 { (kind, edit) = ("delete site", .deleteSite(id: pick!)) }
        else if r < 0.95 {
            let threeG = sites.filter { $0["upgradable"] == .bool(true) }
            guard !threeG.isEmpty, let id = threeG[Int(rng.unit() * Double(threeG.count))]["id"]?.stringValue else { continue }
            (kind, edit) = ("3G→4G upgrade", .toggleUpgrade(id: id))
        } else {
            let a = try randomLonLat(), b = Point2(a.x + (rng.unit() - 0.5) * 0.05, a.y + (rng.unit() - 0.5) * 0.05)
            (kind, edit) = ("cable route", .addCable(points: [a, b], placement: .underground, snapStart: true))
        }
        let s = Date()
        do { try await session.apply(edit) } catch { refused += 1; continue }
        times[kind, default: []].append(Date().timeIntervalSince(s) * 1000)
    }
    func pct(_ v: [Double], _ q: Double) -> Double { let s = v.sorted(); return s[max(0, Int((q * Double(s.count)).rounded(.up)) - 1)] }
    let all = times.values.flatMap { $0 }
    for (kind, v) in times.sorted(by: { $0.key < $1.key }) {
        print("  " + kind.padding(toLength: 16, withPad: " ", startingAt: 0)
              + String(format: " %3d edits  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms", v.count, pct(v, 0.5), pct(v, 0.95), v.max()!))
    }
    print(String(format: "  all              %3d edits  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms (target p95 ≤ 300 ms; %d refused as invalid, e.g. a route start > 2 km from the network)",
                 all.count, pct(all, 0.5), pct(all, 0.95), all.max()!, refused))
}
