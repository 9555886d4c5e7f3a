/// Planar geometry values: plain Swift coordinates in one CRS (metres in the scenario's projected
/// CRS, or degrees for WGS84 lon/lat at the edges of the program). `Sendable`, so they cross task
/// boundaries freely; GEOS handles never do.

/// A point. `x` is easting (or longitude), `y` northing (or latitude).
public struct Point2: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    @inlinable public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A polygon: a closed exterior ring and zero or more closed holes. Rings repeat their first point at the end.
public struct Polygon2: Sendable, Hashable {
    public var exterior: [Point2]
    public var holes: [[Point2]]
    public init(exterior: [Point2], holes: [[Point2]] = []) { self.exterior = exterior; self.holes = holes }

    /// Number of vertices over all rings.
    public var vertexCount: Int { exterior.count + holes.reduce(0) { $0 + $1.count } }
}

/// A line string of two or more points.
public struct LineString2: Sendable, Hashable {
    public var points: [Point2]
    public init(_ points: [Point2]) { self.points = points }

    /// Planar length in the units of the coordinates.
    public var length: Double {
        var total = 0.0
        for i in points.indices.dropFirst() {
            let a = points[i - 1], b = points[i]
            total += ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
        }
        return total
    }
}

/// Any geometry the program reads or writes, as plain values.
public enum Geometry2: Sendable, Hashable {
    case point(Point2)
    case lineString(LineString2)
    case polygon(Polygon2)
    case multiPoint([Point2])
    case multiLineString([LineString2])
    case multiPolygon([Polygon2])

    /// The polygons of a polygonal geometry (empty for points and lines).
    public var polygons: [Polygon2] {
        switch self {
        case .polygon(let p): return [p]
        case .multiPolygon(let ps): return ps
        default: return []
        }
    }

    /// The line strings of a linear geometry (empty otherwise).
    public var lineStrings: [LineString2] {
        switch self {
        case .lineString(let l): return [l]
        case .multiLineString(let ls): return ls
        default: return []
        }
    }

    /// Applies `transform` to every coordinate.
    public func mapPoints(_ transform: (Point2) throws -> Point2) rethrows -> Geometry2 {
        func ring(_ r: [Point2]) throws -> [Point2] { try r.map(transform) }
        func poly(_ p: Polygon2) throws -> Polygon2 { Polygon2(exterior: try ring(p.exterior), holes: try p.holes.map(ring)) }
        switch self {
        case .point(let p): return .point(try transform(p))
        case .lineString(let l): return .lineString(LineString2(try ring(l.points)))
        case .polygon(let p): return .polygon(try poly(p))
        case .multiPoint(let ps): return .multiPoint(try ring(ps))
        case .multiLineString(let ls): return .multiLineString(try ls.map { LineString2(try ring($0.points)) })
        case .multiPolygon(let ps): return .multiPolygon(try ps.map(poly))
        }
    }

    /// The number of coordinates (``allPoints``' count, without building the array).
    public var vertexCount: Int {
        switch self {
        case .point: return 1
        case .lineString(let l): return l.points.count
        case .multiPoint(let ps): return ps.count
        case .multiLineString(let ls): return ls.reduce(0) { $0 + $1.points.count }
        case .polygon, .multiPolygon: return polygons.reduce(0) { $0 + $1.vertexCount }
        }
    }

    /// Every coordinate, in order.
    public var allPoints: [Point2] {
        switch self {
        case .point(let p): return [p]
        case .lineString(let l): return l.points
        case .multiPoint(let ps): return ps
        case .multiLineString(let ls): return ls.flatMap(\.points)
        case .polygon, .multiPolygon: return polygons.flatMap { [$0.exterior] + $0.holes }.flatMap { $0 }
        }
    }
}

/// An axis-aligned bounding box.
public struct BoundingBox: Sendable, Hashable {
    public var minX, minY, maxX, maxY: Double
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }
    /// The box of a set of points; nil when empty.
    public init?<S: Sequence>(points: S) where S.Element == Point2 {
        var it = points.makeIterator()
        guard let first = it.next() else { return nil }
        var b = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let p = it.next() { b.minX = min(b.minX, p.x); b.maxX = max(b.maxX, p.x); b.minY = min(b.minY, p.y); b.maxY = max(b.maxY, p.y) }
        self = b
    }
    public func intersects(_ o: BoundingBox) -> Bool {
        minX <= o.maxX && o.minX <= maxX && minY <= o.maxY && o.minY <= maxY
    }
    /// The box as a closed counter-clockwise polygon.
    public var polygon: Polygon2 {
        Polygon2(exterior: [Point2(minX, minY), Point2(maxX, minY), Point2(maxX, maxY), Point2(minX, maxY), Point2(minX, minY)])
    }
    public func contains(_ p: Point2) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }
    public func union(_ o: BoundingBox) -> BoundingBox {
        BoundingBox(minX: min(minX, o.minX), minY: min(minY, o.minY), maxX: max(maxX, o.maxX), maxY: max(maxY, o.maxY))
    }
}

/// Ring utilities.
public enum Rings {
    /// Whether `p` lies inside the closed ring (first point repeated last), by the even–odd crossing
    /// count of a ray from p towards +x; a point on the ring may count either way.
    public static func contains(_ ring: [Point2], _ p: Point2) -> Bool {
        var inside = false
        var a = ring.last ?? p
        for b in ring {
            if crosses(a, b, p) { inside.toggle() }
            a = b
        }
        return inside
    }

    /// Whether the edge a→b crosses the ray from p towards +x (one step of the even–odd count).
    @inline(__always)
    public static func crosses(_ a: Point2, _ b: Point2, _ p: Point2) -> Bool {
        (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)
    }

    /// Twice the signed area (shoelace); positive for counter-clockwise rings.
    public static func signedArea2(_ ring: [Point2]) -> Double {
        guard ring.count > 2 else { return 0 }
        var s = 0.0
        for i in 0..<(ring.count - 1) { s += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return s
    }

    /// RFC 7946 §3.1.6 right-hand rule: exterior counter-clockwise, holes clockwise.
    public static func rightHanded(_ p: Polygon2) -> Polygon2 {
        let ext = signedArea2(p.exterior) < 0 ? Array(p.exterior.reversed()) : p.exterior
        let holes = p.holes.map { signedArea2($0) > 0 ? Array($0.reversed()) : $0 }
        return Polygon2(exterior: ext, holes: holes)
    }
}
