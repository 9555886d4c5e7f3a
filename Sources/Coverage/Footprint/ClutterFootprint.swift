import Foundation

/// Flat-earth footprints over a clutter map of sites whose cells share one path loss (one height and band, no
/// vertical pattern), found exactly rather than sampled.
///
/// On bearing k the best cell allows a path loss L_k (``RadioCoverage/allowedPathLossDB(site:settings:bearings:stepDegrees:)``).
/// Where the phone stands on class c, the loss is PL_env(c)(d) + loss_c, so the bearing is covered there while
/// d ≤ r_c(k), the model of c's environment inverted at L_k − loss_c (``FootprintSolver``). The radial crosses
/// the clutter grid in segments of constant class, cut where it crosses a pixel edge; the loss grows with d
/// inside a segment, so a segment [a, b] of class c contributes [a, min(b, r_c(k))] when r_c(k) > a. Touching
/// pieces join. Cost: one inversion per class and bearing, and one step per pixel edge crossed — against one
/// model evaluation per 10 m and cell in ``CellFootprint``, which sites with a vertical pattern or cells of
/// their own height or band still take.
enum ClutterFootprint {
    static func footprint(site: Site, index: Int, environment: Environment, settings s: RadioSettings,
                          bearings: Int, context ctx: GEOSContext, clutter map: ClutterMap) throws -> (Footprint, FootprintModel, [String]) {
        do {
            let step = 360 / Double(bearings), f = site.bandMHz, h = site.heightMeters, rx = s.rxHeightMeters
            let own = try s.model(environment: environment, bandMHz: f)
            let models = try map.environments.map { try s.model(environment: $0, bandMHz: f) }
            var warnings: [String] = []
            for m in models {
                for w in try m.validate(frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx) where !warnings.contains(w) { warnings.append(w) }
            }
            let allowed = try RadioCoverage.allowedPathLossDB(site: site, settings: s, bearings: bearings, stepDegrees: step)
            // r_c(k) per class c (row) and bearing k; classes sharing an environment and a loss share a row.
            var rows: [[Double]] = []
            var rowOf: [Int] = []
            var seen: [String: Int] = [:]
            for c in map.classes.indices {
                let e = map.environmentSlot[c], loss = map.classes[c].lossDB, key = "\(e)/\(loss)"
                if let r = seen[key] { rowOf.append(r); continue }
                let m = models[e]
                rows.append(FootprintSolver.radii(maxPathLossDB: allowed.map { $0 - loss },
                                                  pathLossDB: { m.pathLossDB(distanceMeters: $0, frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx) },
                                                  minRadiusMeters: 1, maxRadiusMeters: s.maxRadiusMeters))
                seen[key] = rows.count - 1
                rowOf.append(rows.count - 1)
            }
            let grid = map.grid, size = grid.cellSizeMeters, p = site.position
            var intervals: [TerrainFootprint.Intervals] = []
            var radii: [Double] = []
            var cuts: [Double] = []
            for k in 0..<bearings {
                let reach = rows.map { $0[k] }.max()!
                let theta = Double(k) * step * .pi / 180, ux = sin(theta), uy = cos(theta)
                // Distances (0, reach) at which the ray crosses a pixel edge: x = originX + m·size, y = originY − n·size.
                cuts.removeAll(keepingCapacity: true)
                func crossings(_ from: Double, _ direction: Double, _ origin: Double) {
                    guard abs(direction) > 1e-12 else { return }
                    let u = (from - origin) / size
                    var m = direction > 0 ? u.rounded(.down) + 1 : u.rounded(.up) - 1
                    while true {
                        let t = (origin + m * size - from) / direction
                        if t >= reach { break }
                        if t > 0 { cuts.append(t) }
                        m += direction > 0 ? 1 : -1
                    }
                }
                crossings(p.x, ux, grid.originX)
                crossings(p.y, uy, grid.originY)
                cuts.sort()
                cuts.append(reach)
                var covered: TerrainFootprint.Intervals = []
                var a = 0.0
                for b in cuts where b > a {
                    let mid = (a + b) / 2
                    let r = rows[rowOf[map.classIndex(x: p.x + mid * ux, y: p.y + mid * uy)]][k]
                    if r > a {
                        let end = min(b, r)
                        if let last = covered.last, last.end == a { covered[covered.count - 1].end = end } else { covered.append((a, end)) }
                    }
                    a = b
                }
                intervals.append(covered)
                radii.append(covered.last?.end ?? 0)
            }
            let rmax = radii.max() ?? 0
            let valid = own.validDistanceMeters(frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx)
            if rmax > valid.upperBound * 1.0001 { warnings.append("footprint reaches \(Int(rmax)) m, beyond \(own)'s valid range (≤ \(Int(valid.upperBound)) m); extrapolated") }
            let located = warnings.map { "site \(site.id): \($0)" }
            return (try CellFootprint.footprint(index: index, center: p, intervals: intervals, stepDegrees: step, context: ctx), .flat(own), located)
        } catch {
            throw RadioCoverage.located(error, site: site)
        }
    }
}
