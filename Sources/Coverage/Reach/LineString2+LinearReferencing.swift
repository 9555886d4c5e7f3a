/// Linear referencing on plain line strings (the value-side counterpart of GEOS's
/// `GEOSProject_r`/`GEOSInterpolate_r`; GEOS 3.11's C API has no substring call). Distances are in
/// the line's units (metres) measured from its first point, with the same segment-length formula as
/// `LineString2.length`.
extension LineString2 {
    /// The point `distance` along the line, clamped to `0...length`.
    public func point(atDistance distance: Double) -> Point2 {
        var walked = 0.0
        for i in points.indices.dropFirst() {
            let a = points[i - 1], b = points[i]
            let seg = hypot2(a, b)
            if walked + seg >= distance, seg > 0 {
                let t = min(max((distance - walked) / seg, 0), 1)
                if t == 1 { return b }
                if t == 0 { return a }
                return Point2(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
            }
            walked += seg
        }
        return distance <= 0 ? points.first! : points.last!
    }

    /// The part of the line between `start` and `end` metres along it (0 ≤ start ≤ end ≤ length,
    /// clamped), keeping every vertex in between. Cutting at the same distance always yields the
    /// same coordinate, so consecutive pieces share their end points exactly.
    public func substring(from start: Double, to end: Double) -> LineString2 {
        let s = max(0, start), e = max(s, end)
        var out: [Point2] = [point(atDistance: s)]
        var walked = 0.0
        for i in points.indices.dropFirst() {
            walked += hypot2(points[i - 1], points[i])
            if walked > s && walked < e && points[i] != out.last! { out.append(points[i]) }
        }
        let last = point(atDistance: e)
        if last != out.last! || out.count == 1 { out.append(last) }
        return LineString2(out)
    }

    /// Midpoint along the line.
    var midpoint: Point2 { point(atDistance: length / 2) }
}

/// Euclidean distance between two points.
@inline(__always) func hypot2(_ a: Point2, _ b: Point2) -> Double {
    ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
}
