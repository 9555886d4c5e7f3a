import CGDAL
import Foundation

/// Vector GIS files through GDAL/OGR's C API: any format GDAL reads (Shapefile, GeoPackage,
/// GeoJSON, KML, GML, FlatGeobuf, CSV with coordinates or WKT, …), in any CRS PROJ knows, read into
/// the same Swift values as the GeoJSON reader (``GeoFeature``: WGS 84 lon/lat geometry and JSON
/// properties); and layers written as GeoPackage, KML or Shapefile (``write(_:to:format:decimals:)``).
///
/// This folder is the only code that touches GDAL; every GDAL failure becomes a ``CoverageError``
/// naming the file, the layer and the feature.
///
/// Ownership: a dataset (`GDALOpenEx`/`GDALCreate`) is ours and closed with `GDALClose` on every
/// path; layers, layer/feature definitions and a feature's geometry (`OGR_F_GetGeometryRef`) are
/// borrowed from their parent; features (`OGR_L_GetNextFeature`, `OGR_F_Create`) are ours and
/// destroyed with `OGR_F_Destroy`; a linearised copy of a curve is ours (`OGR_G_DestroyGeometry`);
/// geometries handed to `OGR_F_SetGeometryDirectly` / `OGR_G_AddGeometryDirectly` become the
/// parent's. Strings GDAL returns (`OGR_F_GetFieldAsString`, names) are copied at once.
public enum GDALVector {
    /// GDAL's version, e.g. "3.6.2" (recorded in run summaries).
    public static var version: String { GDALLibrary.version }

    /// Where the coordinate reference system of a layer comes from.
    public struct SourceCRS: Sendable {
        /// Overrides whatever the file declares (like `ogr2ogr -s_srs`): any text
        /// `OSRSetFromUserInput` accepts, e.g. "EPSG:9212".
        public var assigned: String?
        /// Used only when the file declares no CRS (a Shapefile without .prj, a GML without srsName).
        public var fallback: String?
        /// Appended to the error for a layer with no CRS: how the user can name one.
        public var missingHint: String

        public init(assigned: String? = nil, fallback: String? = nil,
                    missingHint: String = "add the CRS to the file (e.g. the Shapefile's .prj), or reproject it with ogr2ogr -t_srs EPSG:4326") {
            self.assigned = assigned; self.fallback = fallback; self.missingHint = missingHint
        }
    }

    /// One layer as read: features in WGS 84 lon/lat, properties in field order.
    public struct Layer: Sendable {
        /// The path as given.
        public var file: String
        /// The layer's name in the file.
        public var name: String
        /// GDAL's short driver name, e.g. "ESRI Shapefile", "GPKG".
        public var driver: String
        /// The CRS the coordinates were transformed from, e.g. "EPSG:9212 (VN-2000 / TM-3 106-15)".
        public var sourceCRS: String
        /// Features in reading order; ``GeoFeature/index`` counts from 0 in that order.
        public var features: [GeoFeature]
        /// How messages name the layer: the file, plus "layer 'x'" when the file holds several.
        public var place: String
    }

    /// Spatial layers of a file (layers without geometry, such as a GeoPackage's `layer_styles`
    /// table, are left out), in the file's order.
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` when GDAL cannot open it.
    public static func layerNames(_ path: String) throws -> [String] {
        try GDALMessages.capture { messages in
            let ds = try open(path, messages)
            defer { GDALClose(ds) }
            return spatialLayers(ds).map(\.name)
        }
    }

    /// Reads one layer and transforms every geometry to WGS 84 lon/lat (EPSG:4326, lon first) with
    /// OGR/PROJ (`OCTNewCoordinateTransformation`, PROJ's best operation for the area — for VN-2000
    /// the EPSG 7-parameter Helmert shift). Curved geometries are linearised
    /// (`OGR_G_GetLinearGeometry`, GDAL's default 4° step); Z and M values are dropped.
    ///
    /// CRS: ``SourceCRS/assigned`` if given, else the layer's own, else for CSV files WGS 84 lon/lat,
    /// else ``SourceCRS/fallback``, else an error that says so.
    ///
    /// - Parameters:
    ///   - path: the file (or a GDAL virtual path such as `/vsizip/…`).
    ///   - layer: the layer's name; nil picks the only spatial layer and is an error when there are
    ///     several (the message lists them).
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` naming file, layer and
    ///   feature for: an unreadable file, an unknown layer, no CRS, an unknown CRS, a feature without
    ///   geometry, an unsupported geometry type (TIN, mixed collections, …), unclosed or short rings,
    ///   coordinates that do not transform.
    public static func read(_ path: String, layer layerName: String? = nil, crs: SourceCRS = SourceCRS()) throws -> Layer {
        try GDALMessages.capture { messages in
            let ds = try open(path, messages)
            defer { GDALClose(ds) }
            let layers = spatialLayers(ds)
            let chosen: (name: String, handle: OGRLayerH)
            if let layerName {
                guard let l = layers.first(where: { $0.name == layerName }) else {
                    let list = layers.isEmpty ? "it has no spatial layers" : "its layers are \(layers.map { "'\($0.name)'" }.joined(separator: ", "))"
                    throw CoverageError.invalidInput(file: path, location: "", message: "no layer named '\(layerName)'; \(list)")
                }
                chosen = l
            } else {
                guard let first = layers.first else { throw CoverageError.invalidInput(file: path, location: "", message: "no spatial layer (no layer with geometry)") }
                guard layers.count == 1 else {
                    throw CoverageError.invalidInput(file: path, location: "", message: "holds \(layers.count) layers (\(layers.map { "'\($0.name)'" }.joined(separator: ", "))); name the one to read (scenario: {path: …, layer: \(first.name)})")
                }
                chosen = first
            }
            let driver = GDALGetDatasetDriver(ds).map { String(cString: GDALGetDriverShortName($0)) } ?? "?"
            let place = layers.count > 1 ? "\(path), layer '\(chosen.name)'" : path
            let source = try sourceCRS(path: path, driver: driver, layer: chosen.handle, crs: crs, messages: messages)
            let target = try GDALSpatialReference.wgs84()
            var transform: GDALTransformation? = nil
            if !source.isSame(target) {
                guard let t = GDALTransformation(from: source, to: target) else {
                    throw CoverageError.invalidInput(file: place, location: "", message: "cannot transform \(source.label) to WGS 84 (\(messages.lastError))")
                }
                transform = t
            }
            let features = try readFeatures(chosen.handle, place: place, transform: transform, messages: messages)
            return Layer(file: path, name: chosen.name, driver: driver, sourceCRS: source.label, features: features, place: place)
        }
    }

    // MARK: Opening

    /// Opens a vector dataset read-only. CSV files get GDAL's CSV open options so that a `lon`/`lat`
    /// (or `x`/`y`, `longitude`/`latitude`, `easting`/`northing`) pair or a `wkt`/`geometry` column
    /// becomes the geometry, and numeric columns are typed.
    static func open(_ path: String, _ messages: GDALMessages) throws -> GDALDatasetH {
        if !path.hasPrefix("/vsi"), !FileManager.default.fileExists(atPath: path) {
            throw CoverageError.invalidInput(file: path, location: "", message: "cannot read file (does it exist?)")
        }
        let isCSV = URL(fileURLWithPath: path).pathExtension.lowercased() == "csv"
        let options = isCSV ? ["X_POSSIBLE_NAMES=lon,longitude,lng,x,easting", "Y_POSSIBLE_NAMES=lat,latitude,y,northing",
                               "GEOM_POSSIBLE_NAMES=wkt,geometry,geom", "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES"] : []
        let ds = withCStringList(isCSV ? ["CSV"] : []) { drivers in
            withCStringList(options) { opts in
                GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), drivers, opts, nil)
            }
        }
        guard let ds else {
            throw CoverageError.invalidInput(file: path, location: "", message: "GDAL cannot open it as a vector layer (\(messages.lastError)); give a GeoJSON, Shapefile, GeoPackage, KML, GML, FlatGeobuf or CSV file")
        }
        return ds
    }

    /// Layers with a geometry column, with their names.
    static func spatialLayers(_ ds: GDALDatasetH) -> [(name: String, handle: OGRLayerH)] {
        (0..<GDALDatasetGetLayerCount(ds)).compactMap { i in
            guard let l = GDALDatasetGetLayer(ds, i) else { return nil }
            if OGR_L_GetGeomType(l) == wkbNone { return nil }
            return (String(cString: OGR_L_GetName(l)), l)
        }
    }

    static func sourceCRS(path: String, driver: String, layer: OGRLayerH, crs: SourceCRS, messages: GDALMessages) throws -> GDALSpatialReference {
        func parse(_ text: String, _ origin: String) throws -> GDALSpatialReference {
            guard let s = GDALSpatialReference.userInput(text) else {
                throw CoverageError.invalidInput(file: path, location: origin, message: "'\(text)' is not a CRS PROJ knows (\(messages.lastError)); give an EPSG code such as EPSG:9212 (VN-2000 / TM-3 106°15′) or EPSG:4326")
            }
            return s
        }
        if let a = crs.assigned { return try parse(a, "crs") }
        if let own = OGR_L_GetSpatialRef(layer), let s = GDALSpatialReference.clone(own) { return s }
        if driver == "CSV" { return try GDALSpatialReference.wgs84() }
        if let f = crs.fallback { return try parse(f, "crs") }
        let what = driver == "ESRI Shapefile" ? "the Shapefile has no .prj file, so its coordinate reference system is unknown"
                                              : "the layer declares no coordinate reference system"
        throw CoverageError.invalidInput(file: path, location: "", message: "\(what); \(crs.missingHint)")
    }

    // MARK: Features

    static func readFeatures(_ layer: OGRLayerH, place: String, transform: GDALTransformation?, messages: GDALMessages) throws -> [GeoFeature] {
        let defn = OGR_L_GetLayerDefn(layer)
        let fieldCount = Int(OGR_FD_GetFieldCount(defn))
        let fields: [(name: String, type: OGRFieldType, subtype: OGRFieldSubType)] = (0..<fieldCount).map { i in
            let f = OGR_FD_GetFieldDefn(defn, Int32(i))
            return (String(cString: OGR_Fld_GetNameRef(f)), OGR_Fld_GetType(f), OGR_Fld_GetSubType(f))
        }
        var out: [GeoFeature] = []
        OGR_L_ResetReading(layer)
        var index = 0
        while let f = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(f); index += 1 }
            let fid = OGR_F_GetFID(f)
            let location = "feature \(index)" + (fid != Int64(index) && fid >= 0 ? " (FID \(fid))" : "")
            func fail(_ m: String) -> CoverageError { .invalidInput(file: place, location: location, message: m) }
            var props: [(String, JSONValue)] = []
            props.reserveCapacity(fieldCount)
            for (i, field) in fields.enumerated() {
                let k = Int32(i)
                guard OGR_F_IsFieldSetAndNotNull(f, k) != 0 else { props.append((field.name, .null)); continue }
                switch field.type {
                case OFTInteger, OFTInteger64:
                    let v = OGR_F_GetFieldAsInteger64(f, k)
                    props.append((field.name, field.subtype == OFSTBoolean ? .bool(v != 0) : .number(Double(v))))
                case OFTReal: props.append((field.name, .number(OGR_F_GetFieldAsDouble(f, k))))
                default: props.append((field.name, .string(String(cString: OGR_F_GetFieldAsString(f, k)))))
                }
            }
            guard let g = OGR_F_GetGeometryRef(f), OGR_G_IsEmpty(g) == 0 else { throw fail("feature has no geometry") }
            // Curves are linearised in the source CRS, then every coordinate is transformed.
            var work = g
            var owned: OGRGeometryH? = nil
            defer { if let owned { OGR_G_DestroyGeometry(owned) } }
            if OGR_G_HasCurveGeometry(g, 1) != 0 {
                guard let lin = OGR_G_GetLinearGeometry(g, 0, nil) else { throw fail("cannot linearise the curved geometry (\(messages.lastError))") }
                owned = lin
                work = lin
            }
            if let transform {
                guard OGR_G_Transform(work, transform.handle) == OGRERR_NONE else {
                    throw fail("coordinates could not be transformed to WGS 84 (\(messages.lastError)); check the layer's CRS")
                }
            }
            let geometry = try convert(work, fail: fail)
            out.append(GeoFeature(index: index, geometry: geometry, properties: .object(props)))
        }
        return out
    }

    /// An OGR geometry (already in lon/lat) as a ``Geometry2`` value, checked like the GeoJSON reader.
    static func convert(_ g: OGRGeometryH, fail: (String) -> CoverageError) throws -> Geometry2 {
        func coordinates(_ g: OGRGeometryH) throws -> [Point2] {
            let n = Int(OGR_G_GetPointCount(g))
            var pts = [Point2](repeating: Point2(0, 0), count: n)
            if n > 0 {
                let stride = Int32(MemoryLayout<Point2>.stride), yOffset = MemoryLayout<Point2>.offset(of: \Point2.y)!
                pts.withUnsafeMutableBytes { raw in
                    _ = OGR_G_GetPoints(g, raw.baseAddress!, stride, raw.baseAddress! + yOffset, stride, nil, 0)
                }
            }
            for p in pts {
                guard p.x.isFinite, p.y.isFinite else { throw fail("coordinate is not a finite number (outside the CRS's area of use?)") }
                guard abs(p.y) <= 90, abs(p.x) <= 180 else { throw fail("position [\(p.x), \(p.y)] is outside lon −180…180 / lat −90…90 after transformation; check the layer's CRS") }
            }
            return pts
        }
        func point(_ g: OGRGeometryH) throws -> Point2 {
            guard OGR_G_IsEmpty(g) == 0 else { throw fail("empty point") }
            let p = try coordinates(g)
            guard let first = p.first else { throw fail("empty point") }
            return first
        }
        func line(_ g: OGRGeometryH) throws -> LineString2 {
            let pts = try coordinates(g)
            guard pts.count >= 2 else { throw fail("a line needs at least 2 positions, found \(pts.count)") }
            return LineString2(pts)
        }
        func polygon(_ g: OGRGeometryH) throws -> Polygon2 {
            let n = OGR_G_GetGeometryCount(g)
            guard n > 0 else { throw fail("a polygon needs at least one ring") }
            let rings = try (0..<n).map { i -> [Point2] in
                let pts = try coordinates(OGR_G_GetGeometryRef(g, i))
                guard pts.count >= 4 else { throw fail("a polygon ring needs at least 4 positions, found \(pts.count)") }
                guard pts.first == pts.last else { throw fail("a polygon ring must end at its first position (ring not closed)") }
                return pts
            }
            return Polygon2(exterior: rings[0], holes: Array(rings.dropFirst()))
        }
        func parts(_ g: OGRGeometryH) -> [OGRGeometryH] {
            (0..<OGR_G_GetGeometryCount(g)).compactMap { OGR_G_GetGeometryRef(g, $0) }
        }
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(g))
        switch type {
        case wkbPoint: return .point(try point(g))
        case wkbLineString: return .lineString(try line(g))
        case wkbPolygon: return .polygon(try polygon(g))
        case wkbMultiPoint: return .multiPoint(try parts(g).map(point))
        case wkbMultiLineString: return .multiLineString(try parts(g).map(line))
        case wkbMultiPolygon: return .multiPolygon(try parts(g).map(polygon))
        case wkbGeometryCollection:
            // A collection of one kind (KML MultiGeometry, for instance) becomes the Multi- form.
            let members = try parts(g).filter { OGR_G_IsEmpty($0) == 0 }.map { try convert($0, fail: fail) }
            if !members.isEmpty, members.allSatisfy({ !$0.polygons.isEmpty }) { return .multiPolygon(members.flatMap(\.polygons)) }
            if !members.isEmpty, members.allSatisfy({ !$0.lineStrings.isEmpty }) { return .multiLineString(members.flatMap(\.lineStrings)) }
            if !members.isEmpty, members.allSatisfy({ if case .point = $0 { return true }; if case .multiPoint = $0 { return true }; return false }) {
                return .multiPoint(members.flatMap(\.allPoints))
            }
            throw fail("unsupported geometry: a GeometryCollection mixing points, lines and polygons; split it into one layer per kind (ogr2ogr -explodecollections)")
        default:
            let name = String(cString: OGRGeometryTypeToName(type))
            throw fail("unsupported geometry type \(name); expected Point, LineString, Polygon or their Multi- forms")
        }
    }
}

extension GDALVector {
    /// The rows of any layer (spatial or not, e.g. a GeoPackage's `layer_styles`) as field
    /// name → text (`OGR_F_GetFieldAsString`); unset and null fields are left out.
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` when the file or layer is missing.
    public static func attributeRows(_ path: String, layer name: String) throws -> [[String: String]] {
        try GDALMessages.capture { messages in
            let ds = try open(path, messages)
            defer { GDALClose(ds) }
            guard let layer = GDALDatasetGetLayerByName(ds, name) else {
                throw CoverageError.invalidInput(file: path, location: "", message: "no layer named '\(name)'")
            }
            let defn = OGR_L_GetLayerDefn(layer)
            let names = (0..<OGR_FD_GetFieldCount(defn)).map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, $0))) }
            var rows: [[String: String]] = []
            OGR_L_ResetReading(layer)
            while let f = OGR_L_GetNextFeature(layer) {
                defer { OGR_F_Destroy(f) }
                var row: [String: String] = [:]
                for (i, n) in names.enumerated() where OGR_F_IsFieldSetAndNotNull(f, Int32(i)) != 0 {
                    row[n] = String(cString: OGR_F_GetFieldAsString(f, Int32(i)))
                }
                rows.append(row)
            }
            return rows
        }
    }
}
