import Coverage
import Foundation

/// Reading and checking the scenario's input layers. Every error is one line naming the file and
/// the feature index or line.
enum Inputs {
    static func readData(_ path: String) throws -> Data {
        guard let d = FileManager.default.contents(atPath: path) else { throw SimError.input("\(path): cannot read file (does it exist?)") }
        return d
    }

    static func features(_ path: String) throws -> [GeoFeature] {
        do { return try GeoJSON.readFeatures(try readData(path), file: path) } catch let e as CoverageError { throw SimError.input(e.description) }
    }

    struct RawDistrict {
        var id: String, name: String, nameASCII: String, population: Int, polygons: [Polygon2]
    }

    /// District polygons with an id (`gso_code` or `id`), a name (`name_vi_full`, `name_vi` or
    /// `name`), an ASCII name (`name_ascii`) and a census population (`pop_2019_census` or `population`).
    static func districts(_ path: String) throws -> [RawDistrict] {
        var seen = Set<String>()
        let out = try features(path).map { f -> RawDistrict in
            let p = f.properties
            func str(_ keys: [String]) -> String? {
                for k in keys { if let v = p[k] { if let s = v.stringValue { return s }; if let d = v.doubleValue { return JSONValue.format(d) } } }
                return nil
            }
            guard let id = str(["gso_code", "id", "code"]) else {
                throw SimError.input("\(path): feature \(f.index): no district id (property gso_code or id)")
            }
            guard seen.insert(id).inserted else { throw SimError.input("\(path): feature \(f.index): duplicate district id '\(id)'; ids must be unique") }
            let polys = f.geometry.polygons
            guard !polys.isEmpty else { throw SimError.input("\(path): feature \(f.index) (district \(id)): geometry must be a Polygon or MultiPolygon") }
            var pop = 0
            if let v = p["pop_2019_census"] ?? p["population"], case .number(let d) = v {
                guard d >= 0, d == d.rounded() else { throw SimError.input("\(path): feature \(f.index) (district \(id)): population \(d) must be a whole number ≥ 0") }
                pop = Int(d)
            }
            let name = str(["name_vi_full", "name_vi", "name"]) ?? id
            return RawDistrict(id: id, name: name, nameASCII: str(["name_ascii"]) ?? name, population: pop, polygons: polys)
        }
        guard !out.isEmpty else { throw SimError.input("\(path): no district features") }
        return out
    }

    /// Point features (e.g. GeoNames places) as (name, lon/lat).
    static func places(_ path: String) throws -> [(name: String, lonLat: Point2)] {
        try features(path).compactMap { f in
            guard case .point(let p) = f.geometry else { throw SimError.input("\(path): feature \(f.index): places must be Points") }
            return (f.properties["name"]?.stringValue ?? "place \(f.index)", p)
        }
    }

    /// Line features (roads) in lon/lat.
    static func lines(_ path: String) throws -> [LineString2] {
        try features(path).flatMap { f -> [LineString2] in
            let ls = f.geometry.lineStrings
            guard !ls.isEmpty else { throw SimError.input("\(path): feature \(f.index): expected a LineString or MultiLineString") }
            return ls
        }
    }

    /// One site row as read (lon/lat; projection happens later).
    struct RawSite {
        var id: String, lon: Double, lat: Double, heightMeters: Double, technology: Technology
        var bandMHz: Double, powerDBm: Double, azimuths: [Double], year: Int?, line: Int
    }

    static let siteColumns = ["id", "lon", "lat", "height_m", "technology", "band_mhz", "power_dbm", "azimuths_deg"]

    /// Sites CSV: id, lon, lat, height_m, technology (3G/4G), band_mhz, power_dbm, azimuths_deg
    /// ("0;120;240", empty for omni), optional year.
    static func sites(_ path: String) throws -> [RawSite] {
        let t = try CSVTable(path: path, required: siteColumns)
        var seen = [String: Int]()
        return try t.rows.map { r in
            guard let id = t.string(r, "id") else { throw SimError.input("\(path):\(r.line): empty site id") }
            if let first = seen[id] { throw SimError.input("\(path):\(r.line): duplicate site id '\(id)' (first on line \(first)); ids must be unique") }
            seen[id] = r.line
            let lon = try t.double(r, "lon"), lat = try t.double(r, "lat")
            if abs(lat) > 90 || abs(lon) > 180 {
                let swapped = abs(lon) <= 90 && abs(lat) <= 180 ? " — lon and lat look swapped" : ""
                throw SimError.input("\(path):\(r.line): site \(id) position lon \(lon), lat \(lat) is out of range\(swapped)")
            }
            let h = try t.double(r, "height_m", range: 1...300, hint: " (antenna height above ground in metres)")
            let techS = t.string(r, "technology") ?? ""
            guard let tech = Technology(rawValue: techS.uppercased()) else { throw SimError.input("\(path):\(r.line): site \(id) technology '\(techS)' must be 3G or 4G") }
            let band = try t.double(r, "band_mhz", range: 100...6000)
            let power = try t.double(r, "power_dbm", range: 0...70, hint: " (total sector power in dBm, e.g. 43 for 20 W)")
            var az: [Double] = []
            if let s = t.string(r, "azimuths_deg") {
                az = try s.split(separator: ";").map { part in
                    guard let d = Double(part.trimmingCharacters(in: .whitespaces)), d.isFinite, d >= 0, d < 360 else {
                        throw SimError.input("\(path):\(r.line): site \(id) azimuth '\(part)' must be degrees in 0…360, separated by ';'")
                    }
                    return d
                }
            }
            var year: Int? = nil
            if let ys = t.string(r, "year") {
                guard let y = Int(ys), (1990...2100).contains(y) else { throw SimError.input("\(path):\(r.line): site \(id) year '\(ys)' must be a year like 2017") }
                year = y
            }
            return RawSite(id: id, lon: lon, lat: lat, heightMeters: h, technology: tech, bandMHz: band, powerDBm: power, azimuths: az, year: year, line: r.line)
        }
    }

    /// User population points: CSV lon,lat,population or GeoJSON points with a `population` property.
    static func populationPoints(_ path: String) throws -> [(lonLat: Point2, population: Double)] {
        if path.lowercased().hasSuffix(".csv") {
            let t = try CSVTable(path: path, required: ["lon", "lat", "population"])
            return try t.rows.map { r in
                let lon = try t.double(r, "lon", range: -180...180), lat = try t.double(r, "lat", range: -90...90)
                return (Point2(lon, lat), try t.double(r, "population", range: 0...1e9))
            }
        }
        return try features(path).map { f in
            guard case .point(let p) = f.geometry else { throw SimError.input("\(path): feature \(f.index): population features must be Points") }
            guard let v = f.properties["population"]?.doubleValue, v.isFinite, v >= 0 else {
                throw SimError.input("\(path): feature \(f.index): property 'population' must be a number ≥ 0")
            }
            return (p, v)
        }
    }
}

extension Inputs {
    /// Cable LineStrings: `id`, `kind` (backbone, feeder, distribution), `placement` (aerial,
    /// underground, duct), optional `year_built`, `fibres`. Projected to metres.
    static func cables(_ path: String, projector: Projector) throws -> [Cable] {
        var seen = Set<String>()
        return try features(path).flatMap { f -> [Cable] in
            let loc = "feature \(f.index)"
            func fail(_ m: String) -> SimError { SimError.input("\(path): \(loc): \(m)") }
            guard let id = f.properties["id"]?.stringValue ?? f.properties["id"]?.doubleValue.map({ JSONValue.format($0) }) else { throw fail("no 'id' property") }
            guard seen.insert(id).inserted else { throw fail("duplicate cable id '\(id)'; ids must be unique") }
            let lines = f.geometry.lineStrings
            guard !lines.isEmpty else { throw fail("cable \(id): geometry must be a LineString") }
            do {
                let kind = try CableKind(parsing: f.properties["kind"]?.stringValue ?? "", location: loc)
                let placement = try CablePlacement(parsing: f.properties["placement"]?.stringValue ?? "", location: loc)
                return try lines.enumerated().map { k, l in
                    let c = Cable(id: lines.count > 1 ? "\(id)#\(k)" : id, kind: kind, placement: placement,
                                  yearBuilt: f.properties["year_built"]?.doubleValue.map { Int($0) },
                                  fibres: f.properties["fibres"]?.doubleValue.map { Int($0) }, line: LineString2(try projector.forward(l.points)))
                    try c.validate()
                    return c
                }
            } catch let e as CoverageError { throw fail("cable \(id): \(e)") }
        }
    }

    /// OLT / POP points: `id`, `technology` (GPON, XGS-PON), optional `reach_km` (default from the
    /// scenario) and `split_ratio`.
    static func olts(_ path: String, projector: Projector, defaultReachKm: Double) throws -> [AccessNode] {
        var seen = Set<String>()
        return try features(path).map { f in
            let loc = "feature \(f.index)"
            func fail(_ m: String) -> SimError { SimError.input("\(path): \(loc): \(m)") }
            guard let id = f.properties["id"]?.stringValue else { throw fail("no 'id' property") }
            guard seen.insert(id).inserted else { throw fail("duplicate OLT id '\(id)'") }
            guard case .point(let p) = f.geometry else { throw fail("OLT \(id): geometry must be a Point") }
            let reachKm = f.properties["reach_km"]?.doubleValue ?? defaultReachKm
            guard reachKm.isFinite, reachKm >= 0 else { throw fail("OLT \(id): reach_km \(reachKm) must be ≥ 0") }
            do {
                let tech = try AccessNode.Technology(parsing: f.properties["technology"]?.stringValue ?? "GPON", location: loc)
                let n = AccessNode(id: id, technology: tech, position: try projector.forward(p), reachMeters: reachKm * 1000,
                                   splitRatio: f.properties["split_ratio"]?.doubleValue.map { Int($0) })
                try n.validate()
                return n
            } catch let e as CoverageError { throw fail("OLT \(id): \(e)") }
        }
    }
}
