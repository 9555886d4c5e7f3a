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
        featureCollectionParts(features, decimals: decimals, extra: extra, workers: workers).joined()
    }

    /// ``featureCollection(_:decimals:extra:workers:)`` as consecutive parts of its text (not joined: see
    /// ``Parallel/textParts(count:workers:minimumChunk:separator:_:)``).
    public static func featureCollectionParts(_ features: [(geometry: Geometry2, properties: [(String, JSONValue)])],
                                              decimals: Int = 6, extra: [(String, JSONValue)] = [], workers: Int = 1) -> [String] {
        var out = "{\"type\":\"FeatureCollection\""
        for (k, v) in extra { out += ","; JSONValue.quote(k, into: &out); out += ":"; v.write(into: &out) }
        out += ",\"features\":[\n"
        @Sendable func write(_ range: Range<Int>, into s: inout String) {
            for i in range {
                if i > range.lowerBound { s += ",\n" }
                let f = features[i]
                s += "{\"type\":\"Feature\",\"properties\":"
                JSONValue.object(f.properties).write(into: &s)
                s += ",\"geometry\":"
                writeGeometry(f.geometry, decimals: decimals, into: &s)
                s += "}"
            }
        }
        // Chunks of ≥ 256 features joined by ",\n" (the separator inside a chunk), in order.
        return [out] + Parallel.textParts(count: features.count, workers: workers, minimumChunk: 256, separator: ",\n", write) + ["\n]}\n"]
    }

    static func writeGeometry(_ g: Geometry2, decimals: Int, into out: inout String) {
        let scale = pow(10.0, Double(decimals))
        /// ``JSONValue/format(_:)`` of the rounded value, appended without an intermediate string.
        func num(_ d: Double) {
            var r = (d * scale).rounded() / scale
            if r == 0 { r = 0 }
            if r == r.rounded(), abs(r) < 1e15 { out += String(Int64(r)) } else if r.isFinite { r.write(to: &out) } else { out += "null" }
        }
        func pos(_ p: Point2) { out += "["; num(p.x); out += ","; num(p.y); out += "]" }
        func list(_ ps: [Point2]) { out += "["; for (i, p) in ps.enumerated() { if i > 0 { out += "," }; pos(p) }; out += "]" }
        func poly(_ p: Polygon2) {
            let r = Rings.rightHanded(p)
            out += "["; list(r.exterior); for h in r.holes { out += ","; list(h) }; out += "]"
        }
        switch g {
        case .point(let p): out += "{\"type\":\"Point\",\"coordinates\":"; pos(p)
        case .multiPoint(let ps): out += "{\"type\":\"MultiPoint\",\"coordinates\":"; list(ps)
        case .lineString(let l): out += "{\"type\":\"LineString\",\"coordinates\":"; list(l.points)
        case .multiLineString(let ls):
            out += "{\"type\":\"MultiLineString\",\"coordinates\":["
            for (i, l) in ls.enumerated() { if i > 0 { out += "," }; list(l.points) }
            out += "]"
        case .polygon(let p): out += "{\"type\":\"Polygon\",\"coordinates\":"; poly(p)
        case .multiPolygon(let ps):
            out += "{\"type\":\"MultiPolygon\",\"coordinates\":["
            for (i, p) in ps.enumerated() { if i > 0 { out += "," }; poly(p) }
            out += "]"
        }
        out += "}"
    }
}
