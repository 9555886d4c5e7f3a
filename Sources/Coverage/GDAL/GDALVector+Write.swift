import CGDAL
import Foundation

extension GDALVector {
    /// Output formats written through GDAL.
    public enum Format: String, Sendable, CaseIterable {
        /// OGC GeoPackage: every layer in one SQLite file, plus a QGIS `layer_styles` table.
        case geoPackage = "gpkg"
        /// KML 2.2 for Google Earth through the LIBKML driver: one file, one `<Folder>` per layer,
        /// styles from the simplestyle properties.
        case kml = "kml"
        /// ESRI Shapefile: one .shp/.shx/.dbf/.prj/.cpg set per layer in a folder (field names cut to
        /// 10 characters by the format).
        case shapefile = "shp"
        /// FlatGeobuf: one .fgb per layer in a folder (binary, with a packed Hilbert R-tree index; streams and
        /// reads fast at national scale).
        case flatGeobuf = "fgb"

        /// GDAL's driver short name.
        var driver: String {
            switch self {
            case .geoPackage: return "GPKG"
            case .kml: return "LIBKML"
            case .shapefile: return "ESRI Shapefile"
            case .flatGeobuf: return "FlatGeobuf"
            }
        }
    }

    /// One layer to write: features in WGS 84 lon/lat with their properties, in order.
    public struct OutputLayer: Sendable {
        public var name: String
        public var features: [(geometry: Geometry2, properties: [(String, JSONValue)])]
        public init(name: String, features: [(geometry: Geometry2, properties: [(String, JSONValue)])]) {
            self.name = name; self.features = features
        }
    }

    /// The fixed timestamp GeoPackage `gpkg_contents.last_change` and `layer_styles.update_time`
    /// get (GDAL's `OGR_CURRENT_DATE`), so the same layers give a byte-identical file.
    public static let fixedTimestamp = "2000-01-01T00:00:00.000Z"

    /// Writes `layers` as one new dataset at `path` (a .gpkg or .kml file, or a folder for Shapefiles)
    /// in EPSG:4326 lon/lat.
    ///
    /// - Coordinates are rounded to `decimals` (as the GeoJSON writer does) and polygon exteriors
    ///   made counter-clockwise, so a layer read back equals the GeoJSON file written from the same
    ///   features.
    /// - Fields are typed from the values of each property over the layer: integer when every number
    ///   is whole (32-bit when all fit, else 64-bit; whole numbers ≥ 2⁵³ count as real), real
    ///   otherwise, boolean, string; lists and objects become JSON
    ///   text. JSON null is a null field. Field order is the order of first appearance.
    /// - The geometry type is the features' common type; a mix of single and Multi- forms of one
    ///   dimension is written as the Multi- form, mixed dimensions as a generic geometry column.
    /// - simplestyle properties (`fill`, `fill-opacity`, `stroke`, `stroke-width`, `marker-color`,
    ///   `marker-size`) become each feature's OGR style string (KML `<Style>`), and for GeoPackage a
    ///   default QGIS style per layer in `layer_styles` (see ``QGISStyle``).
    ///
    /// - Returns: GDAL's warnings (e.g. Shapefile field names shortened).
    /// - Throws: ``CoverageError/gdal(operation:message:)`` with GDAL's message when the file exists
    ///   already, cannot be created, or a layer, field or feature cannot be written.
    @discardableResult
    public static func write(_ layers: [OutputLayer], to path: String, format: Format, decimals: Int? = 6) throws -> [String] {
        try GDALMessages.capture { messages in
            if FileManager.default.fileExists(atPath: path) {
                throw CoverageError.gdal(operation: "write \(path)", message: "the file already exists; write into a new path")
            }
            guard let driver = GDALGetDriverByName(format.driver) else {
                throw CoverageError.gdal(operation: "GDALGetDriverByName(\(format.driver))", message: "this GDAL build has no \(format.driver) driver")
            }
            // LIBKML gives fields with certain names a KML meaning (a "model" field becomes a 3D
            // <Model>, "icon" an icon, …); only "name" keeps it (the placemark's <name>).
            let settings = [("OGR_CURRENT_DATE", fixedTimestamp)] + (format == .kml ? libkmlSpecialFields.map { ($0, "sim_no_such_field") } : [])
            for (k, v) in settings { CPLSetThreadLocalConfigOption(k, v) }
            defer { for (k, _) in settings { CPLSetThreadLocalConfigOption(k, nil) } }
            guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
                throw CoverageError.gdal(operation: "GDALCreate \(path)", message: messages.lastError)
            }
            var closed = false
            defer { if !closed { GDALClose(ds) } }
            let srs = try GDALSpatialReference.wgs84()
            let transaction = format == .geoPackage && GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE
            for layer in layers {
                try writeLayer(layer, into: ds, srs: srs, format: format, decimals: decimals, path: path, messages: messages)
            }
            if format == .geoPackage {
                try QGISStyle.writeLayerStyles(layers, into: ds, path: path, messages: messages)
            }
            if transaction, GDALDatasetCommitTransaction(ds) != OGRERR_NONE {
                throw CoverageError.gdal(operation: "GDALDatasetCommitTransaction \(path)", message: messages.lastError)
            }
            closed = true
            try messages.close(ds, writing: path)
            return messages.warnings
        }
    }

    // MARK: Layers

    /// LIBKML's configuration options naming fields with a KML meaning (GDAL LIBKML driver
    /// documentation, "Fields"), all but LIBKML_NAME_FIELD.
    static let libkmlSpecialFields = ["DESCRIPTION", "TIMESTAMP", "BEGIN", "END", "ALTITUDEMODE", "TESSELLATE", "EXTRUDE", "VISIBILITY",
                                      "DRAWORDER", "ICON", "SNIPPET", "MODEL", "HEADING", "TILT", "ROLL", "SCALE_X", "SCALE_Y", "SCALE_Z",
                                      "NETWORKLINK", "PHOTOOVERLAY", "CAMERA_LONGITUDE", "CAMERA_LATITUDE", "CAMERA_ALTITUDE"].map { "LIBKML_\($0)_FIELD" }

    enum FieldKind: Equatable { case integer, real, boolean, string, json }

    /// The field schema of a layer: (name, kind) in order of first appearance.
    static func schema(_ layer: OutputLayer) -> [(name: String, kind: FieldKind)] {
        var order: [String] = []
        var kinds: [String: FieldKind?] = [:]
        for f in layer.features {
            for (k, v) in f.properties {
                if kinds[k] == nil { order.append(k); kinds[k] = .some(nil) }
                let kind: FieldKind
                switch v {
                case .null: continue
                case .bool: kind = .boolean
                case .number(let d): kind = d == d.rounded() && abs(d) < 9_007_199_254_740_992 ? .integer : .real
                case .string: kind = .string
                case .array, .object: kind = .json
                }
                switch (kinds[k]!, kind) {
                case (nil, _): kinds[k] = kind
                case let (a?, b) where a == b: break
                case (.integer?, .real), (.real?, .integer): kinds[k] = .real
                default: kinds[k] = .string
                }
            }
        }
        return order.map { ($0, (kinds[$0] ?? nil) ?? .string) }
    }

    /// The OGR geometry type of a layer (see ``write(_:to:format:decimals:)``).
    static func geometryType(_ layer: OutputLayer) -> OGRwkbGeometryType {
        var types = Set<Int>()
        for f in layer.features {
            switch f.geometry {
            case .point: types.insert(1)
            case .lineString: types.insert(2)
            case .polygon: types.insert(3)
            case .multiPoint: types.insert(4)
            case .multiLineString: types.insert(5)
            case .multiPolygon: types.insert(6)
            }
        }
        if types.count == 1 { return [wkbPoint, wkbLineString, wkbPolygon, wkbMultiPoint, wkbMultiLineString, wkbMultiPolygon][types.first! - 1] }
        if types.isSubset(of: [1, 4]) { return wkbMultiPoint }
        if types.isSubset(of: [2, 5]) { return wkbMultiLineString }
        if types.isSubset(of: [3, 6]) { return wkbMultiPolygon }
        return wkbUnknown
    }

    static func writeLayer(_ layer: OutputLayer, into ds: GDALDatasetH, srs: GDALSpatialReference, format: Format,
                           decimals: Int?, path: String, messages: GDALMessages) throws {
        let where_ = "\(path), layer '\(layer.name)'"
        let type = geometryType(layer)
        let options = format == .shapefile ? ["ENCODING=UTF-8"] : format == .kml ? ["FOLDER=YES"] : []
        guard let ogrLayer = withMutableCStringList(options, { GDALDatasetCreateLayer(ds, layer.name, srs.handle, type, $0) }) else {
            throw CoverageError.gdal(operation: "GDALDatasetCreateLayer \(where_)", message: messages.lastError)
        }
        let fields = schema(layer)
        // Drivers may rename fields (Shapefile: 10 characters) or hold fields of their own, so each
        // of ours is found by the index it was created at.
        let defn = OGR_L_GetLayerDefn(ogrLayer)
        var index: [String: Int32] = [:]
        for f in fields {
            let ogrType: OGRFieldType
            switch f.kind {
            case .integer:
                // 32-bit when every value fits (KML and dBASE type it as an integer, not text).
                let fits = layer.features.allSatisfy { feature in
                    feature.properties.allSatisfy { $0.0 != f.name || ($0.1.doubleValue.map { abs($0) <= 2_147_483_647 } ?? true) }
                }
                ogrType = fits ? OFTInteger : OFTInteger64
            case .boolean: ogrType = OFTInteger
            case .real: ogrType = OFTReal
            case .string, .json: ogrType = OFTString
            }
            guard let fieldDefn = OGR_Fld_Create(f.name, ogrType) else { throw CoverageError.gdal(operation: "OGR_Fld_Create", message: "out of memory") }
            defer { OGR_Fld_Destroy(fieldDefn) }
            if f.kind == .boolean { OGR_Fld_SetSubType(fieldDefn, OFSTBoolean) }
            if f.kind == .json { OGR_Fld_SetSubType(fieldDefn, OFSTJSON) }
            guard OGR_L_CreateField(ogrLayer, fieldDefn, 1) == OGRERR_NONE else {
                throw CoverageError.gdal(operation: "OGR_L_CreateField \(where_), field '\(f.name)'", message: messages.lastError)
            }
            index[f.name] = OGR_FD_GetFieldCount(defn) - 1
        }
        let kinds = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.kind) })
        for (i, feature) in layer.features.enumerated() {
            guard let f = OGR_F_Create(defn) else { throw CoverageError.gdal(operation: "OGR_F_Create", message: "out of memory") }
            defer { OGR_F_Destroy(f) }
            for (k, v) in feature.properties {
                guard let j = index[k], let kind = kinds[k] else { continue }
                switch v {
                case .null: OGR_F_SetFieldNull(f, j)
                case .bool(let b): OGR_F_SetFieldInteger64(f, j, b ? 1 : 0)
                case .number(let d):
                    if kind == .integer { OGR_F_SetFieldInteger64(f, j, Int64(d)) }
                    else if kind == .real { OGR_F_SetFieldDouble(f, j, d) }
                    else { OGR_F_SetFieldString(f, j, JSONValue.format(d)) }
                case .string(let s): OGR_F_SetFieldString(f, j, s)
                case .array, .object: OGR_F_SetFieldString(f, j, v.serialized())
                }
            }
            let g = try ogrGeometry(feature.geometry, promote: type, decimals: decimals)
            OGR_F_SetGeometryDirectly(f, g)
            if let style = QGISStyle.ogrStyleString(feature.properties, geometry: feature.geometry) { OGR_F_SetStyleString(f, style) }
            guard OGR_L_CreateFeature(ogrLayer, f) == OGRERR_NONE else {
                throw CoverageError.gdal(operation: "OGR_L_CreateFeature \(where_), feature \(i)", message: messages.lastError)
            }
        }
    }

    /// A new OGR geometry (owned by the caller) for `g`, in the Multi- form when the layer's type is.
    static func ogrGeometry(_ g: Geometry2, promote layerType: OGRwkbGeometryType, decimals: Int?) throws -> OGRGeometryH {
        let scale = decimals.map { pow(10.0, Double($0)) }
        func round(_ d: Double) -> Double {
            guard let scale else { return d }
            let r = (d * scale).rounded() / scale
            return r == 0 ? 0 : r
        }
        func make(_ t: OGRwkbGeometryType) throws -> OGRGeometryH {
            guard let h = OGR_G_CreateGeometry(t) else { throw CoverageError.gdal(operation: "OGR_G_CreateGeometry", message: "out of memory") }
            return h
        }
        func withPoints(_ t: OGRwkbGeometryType, _ pts: [Point2]) throws -> OGRGeometryH {
            let h = try make(t)
            let rounded = pts.map { Point2(round($0.x), round($0.y)) }
            let stride = Int32(MemoryLayout<Point2>.stride), yOffset = MemoryLayout<Point2>.offset(of: \Point2.y)!
            rounded.withUnsafeBytes { raw in
                OGR_G_SetPoints(h, Int32(rounded.count), raw.baseAddress!, stride, raw.baseAddress! + yOffset, stride, nil, 0)
            }
            return h
        }
        func polygon(_ p: Polygon2) throws -> OGRGeometryH {
            let r = Rings.rightHanded(p)
            let h = try make(wkbPolygon)
            for ring in [r.exterior] + r.holes { OGR_G_AddGeometryDirectly(h, try withPoints(wkbLinearRing, ring)) }
            return h
        }
        func collection(_ t: OGRwkbGeometryType, _ parts: [OGRGeometryH]) throws -> OGRGeometryH {
            let h = try make(t)
            for p in parts { OGR_G_AddGeometryDirectly(h, p) }
            return h
        }
        switch g {
        case .point(let p):
            return layerType == wkbMultiPoint ? try collection(wkbMultiPoint, [try withPoints(wkbPoint, [p])]) : try withPoints(wkbPoint, [p])
        case .lineString(let l):
            let h = try withPoints(wkbLineString, l.points)
            return layerType == wkbMultiLineString ? try collection(wkbMultiLineString, [h]) : h
        case .polygon(let p):
            let h = try polygon(p)
            return layerType == wkbMultiPolygon ? try collection(wkbMultiPolygon, [h]) : h
        case .multiPoint(let ps): return try collection(wkbMultiPoint, try ps.map { try withPoints(wkbPoint, [$0]) })
        case .multiLineString(let ls): return try collection(wkbMultiLineString, try ls.map { try withPoints(wkbLineString, $0.points) })
        case .multiPolygon(let ps): return try collection(wkbMultiPolygon, try ps.map(polygon))
        }
    }
}
