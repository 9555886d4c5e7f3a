/// A uniform bucket grid over line segments for nearest-segment distance queries within a radius.
/// Segments are registered in every bucket their bounding box touches.
struct SegmentGrid: Sendable {
    private let bucket: Double
    private var buckets: [Int64: [Int]] = [:]
    private var segments: [(Point2, Point2)] = []

    init(lines: [LineString2], bucketMeters: Double) {
        bucket = bucketMeters
        for l in lines {
            for i in l.points.indices.dropFirst() {
                let a = l.points[i - 1], b = l.points[i]
                let id = segments.count
                segments.append((a, b))
                for bx in key(min(a.x, b.x))...key(max(a.x, b.x)) {
                    for by in key(min(a.y, b.y))...key(max(a.y, b.y)) { buckets[pack(bx, by), default: []].append(id) }
                }
            }
        }
    }

    private func key(_ v: Double) -> Int { Int((v / bucket).rounded(.down)) }
    private func pack(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: y))) }

    /// Distance (m) from `p` to the nearest segment closer than `radius`; +∞ when none is.
    func distance(from p: Point2, within radius: Double) -> Double {
        var best = Double.infinity
        for bx in key(p.x - radius)...key(p.x + radius) {
            for by in key(p.y - radius)...key(p.y + radius) {
                guard let ids = buckets[pack(bx, by)] else { continue }
                for id in ids { best = min(best, SegmentGrid.pointSegmentDistance(p, segments[id].0, segments[id].1)) }
            }
        }
        return best <= radius ? best : .infinity
    }

    /// Euclidean distance from `p` to segment ab.
    static func pointSegmentDistance(_ p: Point2, _ a: Point2, _ b: Point2) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
        t = min(max(t, 0), 1)
        let qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y
        return (qx * qx + qy * qy).squareRoot()
    }
}
