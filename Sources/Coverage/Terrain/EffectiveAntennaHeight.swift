import Foundation

/// Effective height of a base-station antenna above the terrain towards a receiver, as
/// Recommendation ITU-R P.1546-6 (08/2019), Annex 5 §3 defines it for land paths when terrain data
/// are available: the antenna's height above the average terrain height between 0.2·d and d for
/// paths shorter than 15 km (§3.1), and between 3 km and 15 km for longer paths (§3.2). Okumura's
/// curves (and so Hata's and COST-231's formulae) use the same "effective height", averaged over
/// 3–15 km (Okumura et al., Rev. Elec. Comm. Lab. 16, 1968).
public enum EffectiveAntennaHeight {
    /// Effective height for a receiver at each sample of a radial.
    ///
    /// The average is the mean of the samples whose distance from the antenna lies in the averaging
    /// range (at least the receiver's own sample).
    /// - Parameters:
    ///   - elevationsMeters: terrain along the radial at equal spacing from the antenna (sample 0), metres.
    ///   - spacingMeters: sample spacing, metres (> 0).
    ///   - antennaHeightMeters: antenna height above the ground at sample 0, metres.
    /// - Returns: effective height (metres; negative when the antenna's top is below the average
    ///   terrain) for each receiver sample; NaN at sample 0.
    /// - Complexity: O(n), with prefix sums.
    public static func alongRadial(elevationsMeters z: [Double], spacingMeters xi: Double,
                                   antennaHeightMeters: Double) -> [Double] {
        let n = z.count
        var prefix = [Double](repeating: 0, count: n + 1)
        for j in 0..<n { prefix[j + 1] = prefix[j] + z[j] }
        var result = [Double](repeating: .nan, count: n)
        guard n >= 2 else { return result }
        let top = z[0] + antennaHeightMeters
        for i in 1..<n {
            let d = Double(i) * xi
            let (lo, hi) = d < 15_000 ? (0.2 * d, d) : (3_000.0, 15_000.0)
            let first = min(max(Int((lo / xi).rounded(.up)), 1), i)
            let last = max(min(Int((hi / xi + 1e-9).rounded(.down)), i), first)
            let mean = (prefix[last + 1] - prefix[first]) / Double(last - first + 1)
            result[i] = top - mean
        }
        return result
    }
}
