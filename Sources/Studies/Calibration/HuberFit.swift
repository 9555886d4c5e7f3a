import Foundation

/// A robust straight-line fit y ≈ a + b·x by Huber's M-estimate, computed by iteratively reweighted least
/// squares.
///
/// Sources: P. J. Huber, "Robust estimation of a location parameter", Ann. Math. Statist. 35(1), 1964,
/// 73–101 (the loss ρ(e) = e²/2 for |e| ≤ k, k·|e| − k²/2 beyond); P. W. Holland & R. E. Welsch,
/// "Robust regression using iteratively reweighted least-squares", Commun. Statist. A6(9), 1977, 813–827
/// (the weights w = min(1, k/|e|)). The tuning constant is k = 1.345·σ̂, which keeps 95 % efficiency
/// at the normal distribution; σ̂ = 1.4826·MAD of the current residuals (the median absolute deviation,
/// scaled to the standard deviation of a normal distribution), re-estimated every iteration.
///
/// Starts from ordinary least squares; stops when a and b move less than 1e-9 dB or after 100 iterations.
/// With `fitSlope` false only a is fitted (b = 0): a Huber location estimate.
package struct HuberFit: Sendable, Equatable {
    package var intercept: Double
    package var slope: Double
    /// σ̂ of the last iteration's residuals (1.4826·MAD), dB.
    package var scale: Double
    /// k = 1.345·σ̂, dB.
    package var k: Double
    package var iterations: Int

    package static let tuning = 1.345
    package static let madToSigma = 1.482_602_218_505_602   // 1 / Φ⁻¹(3/4)

    package static func fit(x: [Double], y: [Double], fitSlope: Bool = true) -> HuberFit {
        precondition(x.count == y.count && !x.isEmpty, "one x per y, at least one point")
        var w = [Double](repeating: 1, count: x.count)
        var (a, b) = weighted(x, y, w, fitSlope)
        var scale = 0.0, iterations = 0
        for it in 1...100 {
            iterations = it
            let e = zip(x, y).map { $1 - a - b * $0 }
            let center = median(e)
            scale = madToSigma * median(e.map { abs($0 - center) })
            guard scale > 0 else { break }
            let k = tuning * scale
            w = e.map { abs($0) <= k ? 1 : k / abs($0) }
            let (na, nb) = weighted(x, y, w, fitSlope)
            let moved = max(abs(na - a), abs(nb - b))
            a = na; b = nb
            if moved < 1e-9 { break }
        }
        return HuberFit(intercept: a, slope: b, scale: scale, k: tuning * scale, iterations: iterations)
    }

    /// Weighted least squares for (a, b), or a alone.
    static func weighted(_ x: [Double], _ y: [Double], _ w: [Double], _ fitSlope: Bool) -> (Double, Double) {
        var sw = 0.0, sx = 0.0, sy = 0.0
        for i in x.indices { sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i] }
        let mx = sx / sw, my = sy / sw
        guard fitSlope else { return (my, 0) }
        var sxx = 0.0, sxy = 0.0
        for i in x.indices { sxx += w[i] * (x[i] - mx) * (x[i] - mx); sxy += w[i] * (x[i] - mx) * (y[i] - my) }
        guard sxx > 0 else { return (my, 0) }
        let b = sxy / sxx
        return (my - b * mx, b)
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted(), n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}

/// Agreement of predictions with measurements: residual e = measured − predicted (dB).
package struct ErrorStatistics: Sendable, Equatable {
    package var count: Int
    /// Mean of e, dB (positive: the model predicts too little signal, i.e. too much loss).
    package var meanDB: Double
    /// Standard deviation of e about its mean (divisor n − 1), dB.
    package var stdDB: Double
    /// √(mean e²), dB.
    package var rmseDB: Double
    /// Pearson correlation of measured and predicted (NaN when either is constant).
    package var correlation: Double

    package init(measured: [Double], predicted: [Double]) {
        precondition(measured.count == predicted.count)
        let n = measured.count
        count = n
        guard n > 0 else { meanDB = .nan; stdDB = .nan; rmseDB = .nan; correlation = .nan; return }
        let e = zip(measured, predicted).map { $0 - $1 }
        let m = e.reduce(0, +) / Double(n)
        meanDB = m
        stdDB = n > 1 ? (e.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot() : .nan
        rmseDB = (e.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        let mm = measured.reduce(0, +) / Double(n), mp = predicted.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let a = measured[i] - mm, b = predicted[i] - mp
            sxy += a * b; sxx += a * a; syy += b * b
        }
        correlation = sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }
}
