import Foundation

/// The fast path of ``GeoJSON/readFeatures(_:file:)``: Foundation's `JSONDecoder` straight into typed
/// features (positions as pairs of doubles, properties as ``JSONValue``), without the `Any` tree of
/// `JSONSerialization` and its bridging, which cost ~80 % of a read (641 → see README "GIS formats" for the
/// national layer's figures).
///
/// It accepts exactly the files the checked path accepts and gives the same features; on anything it does not
/// accept (malformed JSON or UTF-8 anywhere, a missing or unsupported geometry, a position out of range, an open
/// ring, a non-numeric extra ordinate, a number beyond `Double`, a member given twice) it returns nil and the caller reads the file again the
/// checked way, which names the line, column or feature and what to do. Errors therefore cost two parses; valid
/// files one.
extension GeoJSON {
    static func decodeFeatures(_ data: Data) -> [GeoFeature]? {
        // JSONSerialization keeps the last of a repeated member and JSONDecoder the first (RFC 8259 §4 leaves it to
        // the reader): such files keep today's reading.
        // JSONDecoder checks the UTF-8 of a string only when it decodes it; JSONSerialization all of it.
        guard String(validating: data, as: UTF8.self) != nil, !data.withUnsafeBytes(repeatsAKey), let root = try? JSONDecoder().decode(Collection.self, from: data), root.type == "FeatureCollection",
              let features = root.features else { return nil }
        if let crs = root.crs?["properties"]?["name"]?.stringValue, !crs.contains("CRS84"), !crs.hasSuffix("4326") { return nil }
        var out: [GeoFeature] = []
        out.reserveCapacity(features.count)
        for (i, f) in features.enumerated() {
            guard let g = f.geometry?.value else { return nil }
            out.append(GeoFeature(index: i, geometry: g, properties: f.properties))
        }
        return out
    }

    /// Whether some object in the JSON text names a member twice. Conservative: a key with an escape, or two keys
    /// with the same hash, count as repeated (the caller then takes the checked path). Malformed text: any answer.
    static func repeatsAKey(_ bytes: UnsafeRawBufferPointer) -> Bool {
        struct Level { var object: Bool; var expectsKey: Bool; var keys: Set<Int> }
        var stack: [Level] = []
        var i = 0
        let n = bytes.count
        while i < n {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                let start = i + 1
                var escaped = false
                i += 1
                while i < n, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") { escaped = true; i += 1 }
                    i += 1
                }
                if let top = stack.last, top.object, top.expectsKey {
                    if escaped { return true }
                    var h = Hasher()
                    h.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<min(i, n)]))
                    if !stack[stack.count - 1].keys.insert(h.finalize()).inserted { return true }
                    stack[stack.count - 1].expectsKey = false
                }
            case UInt8(ascii: "{"): stack.append(Level(object: true, expectsKey: true, keys: []))
            case UInt8(ascii: "["): stack.append(Level(object: false, expectsKey: false, keys: []))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ","): if stack.last?.object == true { stack[stack.count - 1].expectsKey = true }
            default: break
            }
            i += 1
        }
        return false
    }

    // Every member of the objects read is decoded, the unknown ones as ``JSONValue``: JSONDecoder checks a value's
    // syntax only when it is decoded, and the checked path refuses a file with a bad value anywhere.

    private struct Collection: Decodable {
        var type: String?
        var features: [Feature]?
        var crs: JSONValue?
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            for key in c.allKeys {
                switch key.stringValue {
                case "type": type = try c.decode(String.self, forKey: key)
                case "features": features = try c.decode([Feature].self, forKey: key)
                case "crs": crs = try c.decode(JSONValue.self, forKey: key)
                default: _ = try c.decode(JSONValue.self, forKey: key)
                }
            }
        }
    }

    private struct Feature: Decodable {
        var geometry: Geometry?
        /// As the checked path: an absent member is an empty object, an explicit null stays null.
        var properties: JSONValue = .object([])
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            for key in c.allKeys {
                switch key.stringValue {
                case "geometry": geometry = try c.decodeNil(forKey: key) ? nil : c.decode(Geometry.self, forKey: key)
                case "properties": properties = try c.decode(JSONValue.self, forKey: key)
                default: _ = try c.decode(JSONValue.self, forKey: key)
                }
            }
        }
    }

    /// A geometry that passed the checked path's rules, or nil (`value`) where that path would refuse it.
    private struct Geometry: Decodable {
        var value: Geometry2?
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            let coordinates = AnyKey(stringValue: "coordinates")
            for key in c.allKeys where key.stringValue != "type" && key.stringValue != "coordinates" {
                _ = try c.decode(JSONValue.self, forKey: key)
            }
            let type = try c.decode(String.self, forKey: AnyKey(stringValue: "type"))
            func lines() throws -> [[Position]] { try c.decode([[Position]].self, forKey: coordinates) }
            switch type {
            case "Point": value = GeoJSON.checked(try c.decode(Position.self, forKey: coordinates)).map(Geometry2.point)
            case "MultiPoint": value = GeoJSON.checked(try c.decode([Position].self, forKey: coordinates)).map(Geometry2.multiPoint)
            case "LineString":
                value = GeoJSON.checkedLine(try c.decode([Position].self, forKey: coordinates)).map { .lineString(LineString2($0)) }
            case "MultiLineString":
                let ls = try lines().map(GeoJSON.checkedLine)
                value = ls.contains(where: { $0 == nil }) ? nil : .multiLineString(ls.map { LineString2($0!) })
            case "Polygon": value = GeoJSON.checkedPolygon(try lines()).map(Geometry2.polygon)
            case "MultiPolygon":
                let ps = try c.decode([[[Position]]].self, forKey: coordinates).map(GeoJSON.checkedPolygon)
                value = ps.isEmpty || ps.contains(where: { $0 == nil }) ? nil : .multiPolygon(ps.map { $0! })
            default: value = nil
            }
        }
    }

    /// `[lon, lat, …]`: two numbers, any further ordinates numbers too (ignored).
    private struct Position: Decodable {
        var point: Point2
        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            point = Point2(try c.decode(Double.self), try c.decode(Double.self))
            while !c.isAtEnd { _ = try c.decode(Double.self) }
        }
    }

    private static func checked(_ p: Position) -> Point2? {
        let (x, y) = (p.point.x, p.point.y)
        return x.isFinite && y.isFinite && abs(y) <= 90 && abs(x) <= 180 ? p.point : nil
    }
    private static func checked(_ ps: [Position]) -> [Point2]? {
        var out: [Point2] = []
        out.reserveCapacity(ps.count)
        for p in ps { guard let q = checked(p) else { return nil }; out.append(q) }
        return out
    }
    private static func checkedLine(_ ps: [Position]) -> [Point2]? {
        guard let pts = checked(ps), pts.count >= 2 else { return nil }
        return pts
    }
    private static func checkedPolygon(_ rings: [[Position]]) -> Polygon2? {
        guard !rings.isEmpty else { return nil }
        var rs: [[Point2]] = []
        for r in rings {
            guard let pts = checkedLine(r), pts.count >= 4, pts.first == pts.last else { return nil }
            rs.append(pts)
        }
        return Polygon2(exterior: rs[0], holes: Array(rs.dropFirst()))
    }
}

/// A member name, any.
private struct AnyKey: CodingKey {
    var stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// Any JSON value, object keys sorted as ``JSONValue/init(foundation:)`` sorts them.
extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        if let o = try? decoder.container(keyedBy: AnyKey.self) {
            self = .object(try Set(o.allKeys.map(\.stringValue)).sorted().map { ($0, try o.decode(JSONValue.self, forKey: AnyKey(stringValue: $0))) })
            return
        }
        if var a = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !a.isAtEnd { values.append(try a.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else { self = .number(try c.decode(Double.self)) }
    }
}
