import Foundation

/// One GeoJSON feature as read: geometry in WGS 84 lon/lat degrees and its properties.
public struct GeoFeature: Sendable {
    /// Position of the feature in the file's `features` array (0-based), for messages.
    public var index: Int
    public var geometry: Geometry2
    public var properties: JSONValue
    public init(index: Int, geometry: Geometry2, properties: JSONValue) {
        self.index = index; self.geometry = geometry; self.properties = properties
    }
}

/// RFC 7946 GeoJSON reading and writing. GEOS's own GeoJSON reader drops properties, so the JSON
/// is parsed here and geometry handed to GEOS as values.
public enum GeoJSON {
    /// Parses JSON text; syntax errors name the line and column.
    public static func parseJSON(_ data: Data, file: String) throws -> JSONValue {
        do {
            return JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        } catch {
            let text = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            var location = ""
            if let r = text.range(of: #"character (\d+)"#, options: .regularExpression),
               let offset = Int(text[r].split(separator: " ")[1]) {
                let prefix = data.prefix(offset)
                let line = prefix.filter { $0 == 0x0A }.count + 1
                let col = offset - (prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                location = "line \(line), column \(col)"
            }
            throw CoverageError.invalidInput(file: file, location: location, message: "malformed JSON (\(text)); fix the syntax or re-export the file")
        }
    }

    /// Reads a FeatureCollection. Checks every coordinate is finite and a valid lon/lat (with a
    /// hint when the two look swapped), rings are closed with ≥ 4 positions, lines have ≥ 2.
    public static func readFeatures(_ data: Data, file: String) throws -> [GeoFeature] {
        if let features = decodeFeatures(data) { return features }
        return try checkedFeatures(data, file: file)
    }

    /// ``readFeatures(_:file:)`` the slow, checked way: every refusal names its place and what to do. The
    /// fast path (``decodeFeatures(_:)``) falls back to this for any file it does not accept.
    static func checkedFeatures(_ data: Data, file: String) throws -> [GeoFeature] {
        let root = try parseJSON(data, file: file)
        guard root["type"]?.stringValue == "FeatureCollection", let feats = root["features"]?.arrayValue else {
            throw CoverageError.invalidInput(file: file, location: "", message: "not a GeoJSON FeatureCollection (need \"type\": \"FeatureCollection\" and a \"features\" array)")
        }
        if let crs = root["crs"]?["properties"]?["name"]?.stringValue, !crs.contains("CRS84"), !crs.hasSuffix("4326") {
            throw CoverageError.invalidInput(file: file, location: "crs", message: "GeoJSON is in \(crs); RFC 7946 GeoJSON must be WGS 84 lon/lat — reproject it (e.g. ogr2ogr -t_srs EPSG:4326)")
        }
        return try feats.enumerated().map { i, f in
            guard let g = f["geometry"], case .object = g else {
                throw CoverageError.invalidInput(file: file, location: "feature \(i)", message: "feature has no geometry")
            }
            return GeoFeature(index: i, geometry: try geometry(g, file: file, feature: i), properties: f["properties"] ?? .object([]))
        }
    }

    static func geometry(_ g: JSONValue, file: String, feature: Int) throws -> Geometry2 {
        let loc = "feature \(feature)"
        func fail(_ m: String) -> CoverageError { .invalidInput(file: file, location: loc, message: m) }
        func position(_ v: JSONValue) throws -> Point2 {
            guard let a = v.arrayValue, a.count >= 2, let x = a[0].doubleValue, let y = a[1].doubleValue else {
                throw fail("a position must be an array [lon, lat] of numbers")
            }
            guard x.isFinite, y.isFinite else { throw fail("coordinate is not a finite number") }
            if abs(y) > 90 || abs(x) > 180 {
                let hint = abs(x) <= 90 && abs(y) <= 180 ? " — lon and lat look swapped; GeoJSON order is [lon, lat]" : ""
                throw fail("position [\(x), \(y)] is outside lon −180…180 / lat −90…90\(hint)")
            }
            return Point2(x, y)
        }
        func line(_ v: JSONValue) throws -> [Point2] {
            guard let a = v.arrayValue else { throw fail("expected an array of positions") }
            let pts = try a.map(position)
            guard pts.count >= 2 else { throw fail("a line needs at least 2 positions, found \(pts.count)") }
            return pts
        }
        func ring(_ v: JSONValue) throws -> [Point2] {
            let pts = try line(v)
            guard pts.count >= 4 else { throw fail("a polygon ring needs at least 4 positions, found \(pts.count)") }
            guard pts.first == pts.last else { throw fail("a polygon ring must end at its first position (ring not closed)") }
            return pts
        }
        func polygon(_ v: JSONValue) throws -> Polygon2 {
            guard let rings = v.arrayValue, !rings.isEmpty else { throw fail("a polygon needs at least one ring") }
            let rs = try rings.map(ring)
            return Polygon2(exterior: rs[0], holes: Array(rs.dropFirst()))
        }
        guard let type = g["type"]?.stringValue else { throw fail("geometry has no type") }
        let c = g["coordinates"] ?? .null
        switch type {
        case "Point": return .point(try position(c))
        case "MultiPoint": return .multiPoint(try (c.arrayValue ?? []).map(position))
        case "LineString": return .lineString(LineString2(try line(c)))
        case "MultiLineString": return .multiLineString(try (c.arrayValue ?? []).map { LineString2(try line($0)) })
        case "Polygon": return .polygon(try polygon(c))
        case "MultiPolygon":
            guard let ps = c.arrayValue, !ps.isEmpty else { throw fail("a MultiPolygon needs at least one polygon") }
            return .multiPolygon(try ps.map(polygon))
        default:
            throw fail("unsupported geometry type \(type); expected Point, LineString, Polygon or their Multi- forms")
        }
    }

    // MARK: Writing

    /// Serialises features as an RFC 7946 FeatureCollection: lon/lat rounded to `decimals`
    /// (6 ≈ 0.1 m), polygons right-handed (exterior counter-clockwise), one feature per line.
    /// `extra` members (e.g. a "name") go before "features". With `workers` > 1 the features are
    /// written in chunks on that many threads and joined in order: the text is the same, byte for byte.
    public static func featureCollection(_ features: [(geometry: Geometry2, properties: [(String, JSONValue)])],
                                         decimals: Int = 6, extra: [(String, JSONValue)] = [], workers: Int = 1) -> String {
        featureCollectionText(features, decimals: decimals, extra: extra).joined(workers: workers).text
    }

    /// Bytes of text a chunk of features holds (about 2 MB: a few chunks per worker in memory at once).
    static let chunkBytes = 2 << 20

    /// ``featureCollection(_:decimals:extra:workers:)`` as a ``ChunkedText``, for writing in parts as it is formatted.
    public static func featureCollectionText(_ features: [(geometry: Geometry2, properties: [(String, JSONValue)])],
                                             decimals: Int = 6, extra: [(String, JSONValue)] = []) -> ChunkedText {
        let head = TextBuffer()
        head.append("{\"type\":\"FeatureCollection\"" as StaticString)
        for (k, v) in extra {
            head.append(byte: UInt8(ascii: ",")); JSONValue.quote(k, into: head); head.append(byte: UInt8(ascii: ":")); v.write(to: head)
        }
        head.append(",\"features\":[\n" as StaticString)
        // About 2 × (decimals + 6) bytes a vertex and 256 a feature's members.
        @Sendable func size(_ i: Int) -> Int { 256 + features[i].geometry.vertexCount * 2 * (decimals + 6) }
        return ChunkedText(head: head.text, count: features.count, chunkBytes: chunkBytes, bytes: size, separator: ",\n", tail: "\n]}\n") { range, s in
            s.reserveCapacity(range.reduce(0) { $0 + size($1) })
            for i in range {
                if i > range.lowerBound { s.append(",\n" as StaticString) }
                let f = features[i]
                s.append("{\"type\":\"Feature\",\"properties\":" as StaticString)
                JSONValue.writeObject(f.properties, to: s)
                s.append(",\"geometry\":" as StaticString)
                writeGeometry(f.geometry, decimals: decimals, into: s)
                s.append(byte: UInt8(ascii: "}"))
            }
        }
    }

    /// A geometry's GeoJSON object, lon/lat rounded to `decimals` places (``TextBuffer/append(rounded:decimals:)``).
    static func writeGeometry(_ g: Geometry2, decimals: Int, into out: TextBuffer) {
        func pos(_ p: Point2) {
            out.append(byte: UInt8(ascii: "[")); out.append(rounded: p.x, decimals: decimals)
            out.append(byte: UInt8(ascii: ",")); out.append(rounded: p.y, decimals: decimals); out.append(byte: UInt8(ascii: "]"))
        }
        func list(_ ps: [Point2]) {
            out.append(byte: UInt8(ascii: "["))
            for (i, p) in ps.enumerated() { if i > 0 { out.append(byte: UInt8(ascii: ",")) }; pos(p) }
            out.append(byte: UInt8(ascii: "]"))
        }
        func poly(_ p: Polygon2) {
            let r = Rings.rightHanded(p)
            out.append(byte: UInt8(ascii: "[")); list(r.exterior)
            for h in r.holes { out.append(byte: UInt8(ascii: ",")); list(h) }
            out.append(byte: UInt8(ascii: "]"))
        }
        func lists<T>(_ items: [T], _ each: (T) -> Void) {
            out.append(byte: UInt8(ascii: "["))
            for (i, item) in items.enumerated() { if i > 0 { out.append(byte: UInt8(ascii: ",")) }; each(item) }
            out.append(byte: UInt8(ascii: "]"))
        }
        switch g {
        case .point(let p): out.append("{\"type\":\"Point\",\"coordinates\":" as StaticString); pos(p)
        case .multiPoint(let ps): out.append("{\"type\":\"MultiPoint\",\"coordinates\":" as StaticString); list(ps)
        case .lineString(let l): out.append("{\"type\":\"LineString\",\"coordinates\":" as StaticString); list(l.points)
        case .multiLineString(let ls):
            out.append("{\"type\":\"MultiLineString\",\"coordinates\":" as StaticString); lists(ls) { list($0.points) }
        case .polygon(let p): out.append("{\"type\":\"Polygon\",\"coordinates\":" as StaticString); poly(p)
        case .multiPolygon(let ps):
            out.append("{\"type\":\"MultiPolygon\",\"coordinates\":" as StaticString); lists(ps, poly)
        }
        out.append(byte: UInt8(ascii: "}"))
    }
}
