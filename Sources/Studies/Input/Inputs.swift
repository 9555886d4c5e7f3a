import Coverage
import Foundation

/// Reading and checking the scenario's input layers. Every error is one line naming the file and
/// the feature index or line.
///
/// GeoJSON (.geojson, .json) goes through our RFC 7946 reader and site/population CSVs through
/// ``CSVTable``, as before; every other vector format (Shapefile, GeoPackage, KML, GML, FlatGeobuf,
/// CSV layers of other inputs, …) and any input with a `layer` or `crs_epsg` goes through GDAL
/// (``GDALVector``), which hands back the same WGS 84 features.
package enum Inputs {
    /// A GeoJSON file's bytes (a regular file within ``InputFile/geoJSONLimitBytes``).
    static func readData(_ path: String) throws -> Data {
        do { return try InputFile.read(path, limitBytes: InputFile.geoJSONLimitBytes, what: "GeoJSON layer") }
        catch let e as CoverageError { throw SimError.input(e.description) }
    }

    /// Checks a file GDAL is about to open: a regular file within ``InputFile/gdalVectorLimitBytes``
    /// (a FIFO would block GDAL forever). GDAL's virtual paths (`/vsizip/…`, `/vsicurl/…`) are GDAL's to check.
    package static func checkGDALInput(_ path: String) throws {
        guard !path.hasPrefix("/vsi") else { return }
        do { try InputFile.check(path, limitBytes: InputFile.gdalVectorLimitBytes, what: "GIS layer") }
        catch let e as CoverageError { throw SimError.input(e.description) }
    }

    /// Whether `path` is read as a table — a header row naming the columns, one row per record —
    /// rather than as a GIS layer: a `.csv` without `layer` or `crs_epsg` (``CSVTable``), or an
    /// Excel workbook (`.xlsx`, `.xlsm`), whose `layer` names the sheet (default: the first).
    /// - Throws: `SimError.input` for `crs_epsg` on a workbook (its lon/lat columns are WGS 84 degrees).
    package static func isTable(_ path: String, _ options: LayerOptions) throws -> Bool {
        if GDALTable.isSpreadsheet(path) {
            if let c = options.crsEPSG {
                throw SimError.input("\(path): crs_epsg \(c) applies to GIS layers; the lon/lat columns of an Excel sheet are WGS 84 degrees (leave crs_epsg out)")
            }
            return true
        }
        return URL(fileURLWithPath: path).pathExtension.lowercased() == "csv" && !options.needsGDAL
    }

    /// Whether `path` is read by our own GeoJSON reader (otherwise GDAL reads it).
    package static func isGeoJSON(_ path: String, _ options: LayerOptions) -> Bool {
        ["geojson", "json"].contains(URL(fileURLWithPath: path).pathExtension.lowercased()) && !options.needsGDAL
    }

    /// The features of an input layer in WGS 84 lon/lat, and how messages name it ("file" or
    /// "file, layer 'x'" for a file with several layers).
    static func layer(_ path: String, _ options: LayerOptions = LayerOptions()) throws -> (place: String, features: [GeoFeature]) {
        do {
            if isGeoJSON(path, options) {
                let data = try readData(path)
                try InputFile.checkVertexCount(InputFile.geoJSONPositionCount(data), place: path)
                return (path, try GeoJSON.readFeatures(data, file: path))
            }
            try checkGDALInput(path)
            let l = try GDALVector.read(path, layer: options.layer, crs: options.sourceCRS)
            try InputFile.checkVertexCount(l.features.reduce(0) { $0 + $1.geometry.vertexCount }, place: l.place)
            return (l.place, l.features)
        } catch let e as CoverageError { throw SimError.input(e.description) }
    }

    package static func features(_ path: String, _ options: LayerOptions = LayerOptions()) throws -> [GeoFeature] {
        try layer(path, options).features
    }

    package struct RawDistrict {
        var id: String, name: String, nameASCII: String, population: Int, polygons: [Polygon2]
    }

    /// District polygons with an id (`gso_code` or `id`), a name (`name_vi_full`, `name_vi` or
    /// `name`), an ASCII name (`name_ascii`) and a census population (`pop_2019_census` or `population`).
    static func districts(_ path: String, _ options: LayerOptions = LayerOptions()) throws -> [RawDistrict] {
        let (place, feats) = try layer(path, options)
        return try districts(place: place, features: feats)
    }

    /// District records from features already read (`place` names the layer in messages).
    package static func districts(place: String, features feats: [GeoFeature]) throws -> [RawDistrict] {
        var seen = Set<String>()
        let out = try feats.map { f -> RawDistrict in
            let p = f.properties
            func str(_ keys: [String]) -> String? {
                for k in keys { if let v = property(p, k) { if let s = v.stringValue { return s }; if let d = v.doubleValue { return JSONValue.format(d) } } }
                return nil
            }
            guard let id = str(["gso_code", "id", "code"]) else {
                throw SimError.input("\(place): feature \(f.index): no district id (property gso_code or id)")
            }
            guard seen.insert(id).inserted else { throw SimError.input("\(place): feature \(f.index): duplicate district id '\(id)'; ids must be unique") }
            let polys = f.geometry.polygons
            guard !polys.isEmpty else { throw SimError.input("\(place): feature \(f.index) (district \(id)): geometry must be a Polygon or MultiPolygon") }
            let popKey = property(p, "pop_2019_census") != nil ? "pop_2019_census" : "population"
            let pop = try wholeNumber(property(p, popKey), key: popKey, in: 0...2_000_000_000) {
                SimError.input("\(place): feature \(f.index) (district \(id)): \($0)")
            } ?? 0
            let name = str(["name_vi_full", "name_vi", "name"]) ?? id
            return RawDistrict(id: id, name: name, nameASCII: str(["name_ascii"]) ?? name, population: pop, polygons: polys)
        }
        guard !out.isEmpty else { throw SimError.input("\(place): no district features") }
        return out
    }

    /// A whole-number property (a count, a year, a split ratio) as an `Int`, or nil when absent or
    /// not a number. A fraction, or a value outside `range` (which also keeps 1e30 from overflowing
    /// the conversion), is an error naming the key.
    static func wholeNumber(_ v: JSONValue?, key: String, in range: ClosedRange<Int>, fail: (String) -> SimError) throws -> Int? {
        guard let d = v?.doubleValue else { return nil }
        guard d == d.rounded(), d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
            throw fail("'\(key)' is \(JSONValue.format(d)); it must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(d)
    }

    /// A property by name, or by its first 10 characters — the dBASE limit that cuts Shapefile field
    /// names (`pop_2019_census` is stored as `pop_2019_c`).
    static func property(_ p: JSONValue, _ key: String) -> JSONValue? {
        if let v = p[key], v != .null { return v }
        if key.count > 10, let v = p[String(key.prefix(10))], v != .null { return v }
        return nil
    }

    /// Point features (e.g. GeoNames places) as (name, lon/lat).
    static func places(_ path: String, _ options: LayerOptions = LayerOptions()) throws -> [(name: String, lonLat: Point2)] {
        let (place, feats) = try layer(path, options)
        return try feats.compactMap { f in
            guard case .point(let p) = f.geometry else { throw SimError.input("\(place): feature \(f.index): places must be Points") }
            return (f.properties["name"]?.stringValue ?? "place \(f.index)", p)
        }
    }

    /// Line features (roads) in lon/lat.
    static func lines(_ path: String, _ options: LayerOptions = LayerOptions()) throws -> [LineString2] {
        let (place, feats) = try layer(path, options)
        return try feats.flatMap { f -> [LineString2] in
            let ls = f.geometry.lineStrings
            guard !ls.isEmpty else { throw SimError.input("\(place): feature \(f.index): expected a LineString or MultiLineString") }
            return ls
        }
    }

    /// One site row as read (lon/lat; projection happens later).
    package struct RawSite {
        var id: String, lon: Double, lat: Double, heightMeters: Double, technology: Technology
        var bandMHz: Double, powerDBm: Double, azimuths: [Double], year: Int?
        /// Where the row is, for messages: "sites.csv:12" or "sites.gpkg: feature 11".
        var place: String
        /// The site's cells when it comes from a cell list (``cellSites(_:file:antennas:settings:)``).
        var cells: [Cell]? = nil
    }

    package static let siteColumns = ["id", "lon", "lat", "height_m", "technology", "band_mhz", "power_dbm", "azimuths_deg"]

    /// Sites: a table (a CSV, or a sheet of an Excel workbook: ``isTable(_:_:)``) `id, lon, lat,
    /// height_m, technology (3G/4G), band_mhz, power_dbm, azimuths_deg ("0;120;240", empty for omni),
    /// optional year`; or any GIS point layer with those fields (the point gives lon/lat).
    package static func sites(_ path: String, _ options: LayerOptions = LayerOptions()) throws -> [RawSite] {
        if try isTable(path, options) {
            let t = try CSVTable(path: path, required: siteColumns, sheet: options.layer)
            return try sites(t.rows.map { r in
                SiteRecord(place: t.place(r.line), ref: t.ref(r.line), noun: "column", value: { t.string(r, $0) },
                           position: { (try t.double(r, "lon"), try t.double(r, "lat")) })
            })
        }
        let (place, feats) = try layer(path, options)
        return try sites(feats.map { f in
            SiteRecord(place: "\(place): feature \(f.index)", ref: "feature \(f.index)", noun: "field",
                       value: { fieldText(f, $0) },
                       position: {
                           guard case .point(let p) = f.geometry else { throw SimError.input("\(place): feature \(f.index): sites must be Points") }
                           return (p.x, p.y)
                       })
        })
    }

    /// A feature's field as text, as a table cell reads: a string trimmed (nil when empty), a number as JSON writes it,
    /// anything else nil.
    static func fieldText(_ f: GeoFeature, _ name: String) -> String? {
        switch f.properties[name] {
        case .string(let s)?: let t = s.trimmingWhitespace; return t.isEmpty ? nil : t
        case .number(let d)?: return JSONValue.format(d)
        default: return nil
        }
    }

    /// One site record of either source: its place for messages and its values as text.
    struct SiteRecord {
        var place: String, ref: String, noun: String
        var value: (String) -> String?
        var position: () throws -> (lon: Double, lat: Double)

        func double(_ name: String, range: ClosedRange<Double>, hint: String = "") throws -> Double {
            guard let s = value(name) else { throw SimError.input("\(place): \(noun) '\(name)' is empty; give a number\(hint)") }
            guard let d = Double(s), d.isFinite else { throw SimError.input("\(place): \(noun) '\(name)' = '\(s)' is not a finite number\(hint)") }
            guard range.contains(d) else {
                throw SimError.input("\(place): \(noun) '\(name)' = \(s) is outside \(JSONValue.format(range.lowerBound))…\(JSONValue.format(range.upperBound))\(hint)")
            }
            return d
        }
    }

    /// True when `id` holds a control character (a line break, a tab …): such an id would split the
    /// one-line messages and the rows of the outputs that name it.
    static func hasControlCharacter(_ id: String) -> Bool {
        id.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    static func sites(_ records: [SiteRecord]) throws -> [RawSite] {
        var seen = [String: String]()
        return try records.map { r in
            guard let id = r.value("id") else { throw SimError.input("\(r.place): empty site id") }
            if hasControlCharacter(id) { throw SimError.input("\(r.place): site id holds a line break or another control character; write the id on one line") }
            if let first = seen[id] { throw SimError.input("\(r.place): duplicate site id '\(id)' (first on \(first)); ids must be unique") }
            seen[id] = r.ref
            let (lon, lat) = try r.position()
            if abs(lat) > 90 || abs(lon) > 180 {
                let swapped = abs(lon) <= 90 && abs(lat) <= 180 ? " — lon and lat look swapped" : ""
                throw SimError.input("\(r.place): site \(id) position lon \(lon), lat \(lat) is out of range\(swapped)")
            }
            let h = try r.double("height_m", range: 1...300, hint: " (antenna height above ground in metres)")
            let techS = r.value("technology") ?? ""
            guard let tech = Technology(rawValue: techS.uppercased()), tech != .nr else {
                let nr = RadioAccess(spelling: techS) == .nr ? " — 5G NR sites need a cell list (inputs.cells) with each cell's bandwidth and subcarrier spacing" : ""
                throw SimError.input("\(r.place): site \(id) technology '\(techS)' must be 3G or 4G\(nr)")
            }
            let band = try r.double("band_mhz", range: 100...6000)
            let power = try r.double("power_dbm", range: 0...70, hint: " (total sector power in dBm, e.g. 43 for 20 W)")
            var az: [Double] = []
            if let s = r.value("azimuths_deg") {
                az = try s.split(separator: ";").map { part in
                    guard let d = Double(part.trimmingWhitespace), d.isFinite, d >= 0, d < 360 else {
                        throw SimError.input("\(r.place): site \(id) azimuth '\(part)' must be degrees in 0…360, separated by ';'")
                    }
                    return d
                }
            }
            var year: Int? = nil
            if let ys = r.value("year") {
                guard let y = Int(ys), (1990...2100).contains(y) else { throw SimError.input("\(r.place): site \(id) year '\(ys)' must be a year like 2017") }
                year = y
            }
            return RawSite(id: id, lon: lon, lat: lat, heightMeters: h, technology: tech, bandMHz: band, powerDBm: power, azimuths: az, year: year, place: r.place)
        }
    }

    /// User population points: a table (CSV or Excel sheet, ``isTable(_:_:)``) lon,lat,population, or
    /// GeoJSON (any GIS) points with a `population` property.
    package static func populationPoints(_ path: String, _ options: LayerOptions = LayerOptions()) throws -> [(lonLat: Point2, population: Double)] {
        if try isTable(path, options) {
            let t = try CSVTable(path: path, required: ["lon", "lat", "population"], sheet: options.layer)
            return try t.rows.map { r in
                let lon = try t.double(r, "lon", range: -180...180), lat = try t.double(r, "lat", range: -90...90)
                return (Point2(lon, lat), try t.double(r, "population", range: 0...1e9))
            }
        }
        let (place, feats) = try layer(path, options)
        return try feats.map { f in
            guard case .point(let p) = f.geometry else { throw SimError.input("\(place): feature \(f.index): population features must be Points") }
            guard let v = f.properties["population"]?.doubleValue, v.isFinite, v >= 0 else {
                throw SimError.input("\(place): feature \(f.index): property 'population' must be a number ≥ 0")
            }
            return (p, v)
        }
    }
}

extension Inputs {
    /// A line feature's unique `id` (string or number) and its LineStrings.
    /// - Throws: `fail(…)` for a missing or repeated id, or a geometry without lines.
    static func identifiedLines(_ f: GeoFeature, what: String, seen: inout Set<String>, fail: (String) -> SimError) throws -> (String, [LineString2]) {
        guard let id = f.properties["id"]?.stringValue ?? f.properties["id"]?.doubleValue.map({ JSONValue.format($0) }) else { throw fail("no 'id' property") }
        guard seen.insert(id).inserted else { throw fail("duplicate \(what) id '\(id)'; ids must be unique") }
        let lines = f.geometry.lineStrings
        guard !lines.isEmpty else { throw fail("\(what) \(id): geometry must be a LineString") }
        return (id, lines)
    }

    /// Cable LineStrings: `id`, `kind` (backbone, feeder, distribution), `placement` (aerial,
    /// underground, duct), optional `year_built`, `fibres`. Projected to metres.
    static func cables(_ path: String, _ options: LayerOptions = LayerOptions(), projector: Projector) throws -> [Cable] {
        var seen = Set<String>()
        let (place, feats) = try layer(path, options)
        return try feats.flatMap { f -> [Cable] in
            let loc = "feature \(f.index)"
            func fail(_ m: String) -> SimError { SimError.input("\(place): \(loc): \(m)") }
            let (id, lines) = try identifiedLines(f, what: "cable", seen: &seen, fail: fail)
            do {
                let yearBuilt = try wholeNumber(f.properties["year_built"], key: "year_built", in: 1900...2100, fail: fail)
                let fibres = try wholeNumber(f.properties["fibres"], key: "fibres", in: 1...100_000, fail: fail)
                let kind = try CableKind(parsing: f.properties["kind"]?.stringValue ?? "", location: loc)
                let placement = try CablePlacement(parsing: f.properties["placement"]?.stringValue ?? "", location: loc)
                return try lines.enumerated().map { k, l in
                    let c = Cable(id: lines.count > 1 ? "\(id)#\(k)" : id, kind: kind, placement: placement,
                                  yearBuilt: yearBuilt, fibres: fibres, line: LineString2(try projector.forward(l.points)))
                    try c.validate()
                    return c
                }
            } catch let e as CoverageError { throw fail("cable \(id): \(e)") }
        }
    }

    /// Candidate fibre routes for the planner: LineStrings with a unique `id` and an optional
    /// `placement` (aerial / underground; default: the planner's `new_cable_placement`), projected.
    static func routes(_ path: String, _ options: LayerOptions = LayerOptions(), projector: Projector) throws -> [(id: String, placement: CablePlacement?, line: LineString2, place: String)] {
        var seen = Set<String>()
        let (place, feats) = try layer(path, options)
        return try feats.flatMap { f -> [(id: String, placement: CablePlacement?, line: LineString2, place: String)] in
            let loc = "feature \(f.index)"
            func fail(_ m: String) -> SimError { SimError.input("\(place): \(loc): \(m)") }
            let (id, lines) = try identifiedLines(f, what: "route", seen: &seen, fail: fail)
            var placement: CablePlacement? = nil
            if let text = f.properties["placement"]?.stringValue {
                do { placement = try CablePlacement(parsing: text, location: loc) } catch let e as CoverageError { throw fail("route \(id): \(e)") }
                if placement == .duct { placement = .underground }
            }
            return try lines.enumerated().map { k, l in
                let projected = LineString2(try projector.forward(l.points))
                guard projected.points.count >= 2, projected.length > 0 else { throw fail("route \(id): needs two distinct points") }
                return (lines.count > 1 ? "\(id)#\(k)" : id, placement, projected, "\(place): \(loc)")
            }
        }
    }

    /// OLT / POP points: `id`, `technology` (GPON, XGS-PON), optional `reach_km` (default from the
    /// scenario) and `split_ratio`.
    static func olts(_ path: String, _ options: LayerOptions = LayerOptions(), projector: Projector, defaultReachKm: Double) throws -> [AccessNode] {
        var seen = Set<String>()
        let (place, feats) = try layer(path, options)
        return try feats.map { f in
            let loc = "feature \(f.index)"
            func fail(_ m: String) -> SimError { SimError.input("\(place): \(loc): \(m)") }
            guard let id = f.properties["id"]?.stringValue else { throw fail("no 'id' property") }
            guard seen.insert(id).inserted else { throw fail("duplicate OLT id '\(id)'") }
            guard case .point(let p) = f.geometry else { throw fail("OLT \(id): geometry must be a Point") }
            let reachKm = f.properties["reach_km"]?.doubleValue ?? defaultReachKm
            guard reachKm.isFinite, reachKm >= 0 else { throw fail("OLT \(id): reach_km \(reachKm) must be ≥ 0") }
            let splitRatio = try wholeNumber(f.properties["split_ratio"], key: "split_ratio", in: 1...1024, fail: fail)
            do {
                let tech = try AccessNode.Technology(parsing: f.properties["technology"]?.stringValue ?? "GPON", location: loc)
                let n = AccessNode(id: id, technology: tech, position: try projector.forward(p), reachMeters: reachKm * 1000,
                                   splitRatio: splitRatio)
                try n.validate()
                return n
            } catch let e as CoverageError { throw fail("OLT \(id): \(e)") }
        }
    }
}
