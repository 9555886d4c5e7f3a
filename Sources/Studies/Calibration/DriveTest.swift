import Coverage
import Foundation

/// A synthetic drive test, for tests and demonstrations of `sim calibrate`: samples every `spacing` metres along
/// each road, each served by its best server under a *known* "true" model, with spatially correlated shadowing.
///
/// True median RSRP of a cell = the scenario's prediction (``Prediction/levels(at:sites:environments:radio:floorDBm:)``)
/// less `offset + slope·log10(d / 1 km)` (the correction `sim calibrate` should recover) for the cells of sites in
/// `environment` (all sites when nil). The serving cell is the best server by true median. The measured RSRP adds
/// shadowing s, one zero-mean Gaussian process per road with exponential autocorrelation
/// ρ(Δx) = exp(−Δx / d_corr) (M. Gudmundson, "Correlation model for shadow fading in mobile radio systems",
/// Electronics Letters 27(23), 1991, 2145–2146), drawn as the first-order autoregression
/// s₀ ~ N(0, σ²), s_{k+1} = ρ·s_k + √(1 − ρ²)·σ·ε_k with ρ = exp(−spacing / d_corr) and ε_k ~ N(0, 1)
/// (Box–Muller on ``SeededGenerator``), which is stationary with standard deviation σ. One process per road
/// (not per link) is a simplification: a drive hears its serving cells through the same local clutter.
/// Samples whose measured RSRP falls below `floorDBm` (what a UE would not log) or above ``ceilingDBm`` (a UE
/// saturates; `sim calibrate` refuses readings above it) are left out.
package enum DriveTest {
    /// The highest RSRP a sample may have, dBm (the top of the measurement files' accepted range).
    package static let ceilingDBm = -30.0

    package struct Parameters: Sendable, Equatable {
        package var seed: UInt64 = 1
        package var spacingMeters = 50.0
        package var sigmaDB = 8.0
        package var decorrelationMeters = 50.0
        package var offsetDB = 0.0
        package var slopeDBPerDecade = 0.0
        /// Apply the correction only to sites in this environment; nil = all sites.
        package var environment: Environment? = nil
        package var floorDBm = -140.0
        package init() {}
    }

    package struct Sample: Sendable, Equatable {
        package var position: Point2
        package var route: String
        package var cellID: String
        package var rsrpDBm: Double
        /// The true median (without shadowing), dBm.
        package var medianDBm: Double
        package var distanceMeters: Double
    }

    /// Points every `spacing` metres along a line, from its start (the last vertex's remainder is not sampled).
    package static func samplePoints(_ line: LineString2, spacing: Double) -> [Point2] {
        var out: [Point2] = []
        var next = 0.0, walked = 0.0
        for (a, b) in zip(line.points, line.points.dropFirst()) {
            let len = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            while len > 0 && next <= walked + len {
                let t = (next - walked) / len
                out.append(Point2(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                next += spacing
            }
            walked += len
        }
        return out
    }

    /// The samples along `roads` (route ids "road-1", "road-2" … in input order).
    /// With a clutter map, `p.environment` is matched against the class where each sample lies (the environment
    /// whose rule predicts it), as the calibration does.
    package static func generate(roads: [LineString2], sites: [Site], environments: [Environment], radio: RadioSettings,
                                 parameters p: Parameters, clutter: ClutterMap? = nil) throws -> [Sample] {
        var rng = SeededGenerator(seed: p.seed)
        func gaussian() -> Double {
            let u1 = max(rng.unit(), 0x1p-53), u2 = rng.unit()
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        let perRoad = roads.map { samplePoints($0, spacing: p.spacingMeters) }
        let levels = try Prediction.levels(at: perRoad.flatMap { $0 }, sites: sites, environments: environments, radio: radio, floorDBm: -400,
                                         clutter: clutter)
        let truth = ModelCorrection(offsetDB: p.offsetDB, slopeDBPerDecade: p.slopeDBPerDecade)
        let rho = exp(-p.spacingMeters / p.decorrelationMeters), innovation = (1 - rho * rho).squareRoot()
        var out: [Sample] = []
        var k = 0
        for (r, points) in perRoad.enumerated() {
            var s = p.sigmaDB * gaussian()
            for (j, pt) in points.enumerated() {
                if j > 0 { s = rho * s + innovation * p.sigmaDB * gaussian() }
                defer { k += 1 }
                var best: (cell: Int, median: Double, d: Double)? = nil
                for l in levels.levels[k] {
                    let site = levels.cells[l.cell].siteIndex
                    let here = clutter.map { $0.class(at: pt).environment } ?? environments[site]
                    let applies = p.environment == nil || here == p.environment
                    let median = l.rsrpDBm - (applies ? truth.correctionDB(distanceMeters: max(l.distanceMeters, 1)) : 0)
                    if best == nil || median > best!.median { best = (l.cell, median, l.distanceMeters) }
                }
                guard let b = best, b.median + s >= p.floorDBm, b.median + s <= ceilingDBm else { continue }
                out.append(Sample(position: pt, route: "road-\(r + 1)", cellID: levels.cells[b.cell].cellID, rsrpDBm: b.median + s,
                                  medianDBm: b.median, distanceMeters: b.d))
            }
        }
        return out
    }
}
