import CGDAL
import Foundation

/// Styles for GIS outputs, derived from the simplestyle-spec 1.1.0 properties the GeoJSON outputs
/// carry (`fill`, `fill-opacity`, `stroke`, `stroke-opacity`, `stroke-width`, `marker-color`,
/// `marker-size`; https://github.com/mapbox/simplestyle-spec):
///
/// - per feature, an OGR feature style string (GDAL "Feature Style Specification" 0.016: `PEN`,
///   `BRUSH`, `SYMBOL`), which the LIBKML driver turns into KML `<Style>` elements;
/// - per GeoPackage layer, a default QGIS style (QML) in the `layer_styles` table that QGIS reads
///   when it opens the layer (the table and columns QGIS's OGR provider uses in
///   `QgsOgrProviderMetadata::saveStyle`/`loadStyle`). The QML draws every feature with its own
///   colours through data-defined properties bound to those fields, so districts show their
///   red-to-green fill by 4G population share, as in the GeoJSON.
public enum QGISStyle {
    /// simplestyle defaults (spec 1.1.0) used for keys a styled feature leaves out.
    static let defaultColor = "#555555", defaultMarkerColor = "#7e7e7e"
    static let defaultFillOpacity = 0.6, defaultStrokeWidth = 2.0

    /// The KML icon for point features (Google's standard white circle, tinted by `marker-color`).
    public static let pointIcon = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"

    /// "#rgb" or "#rrggbb" as "#RRGGBB"; nil when not a hex colour.
    static func hexColor(_ v: JSONValue?) -> String? {
        guard let s = v?.stringValue, s.hasPrefix("#") else { return nil }
        var hex = String(s.dropFirst())
        if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
        guard hex.count == 6, hex.allSatisfy(\.isHexDigit) else { return nil }
        return "#" + hex.uppercased()
    }

    static func alphaHex(_ opacity: Double) -> String {
        String(format: "%02X", Int((max(0, min(1, opacity)) * 255).rounded()))
    }

    /// The OGR style string of one feature, or nil when it has no simplestyle properties.
    /// Polygon: `BRUSH(fc:#RRGGBBAA);PEN(c:#RRGGBBAA,w:Npx)`; line: `PEN(…)`;
    /// point: `SYMBOL(id:"icon",c:#RRGGBBFF,s:scale)` (scale 0.8/1/1.3 for small/medium/large).
    public static func ogrStyleString(_ properties: [(String, JSONValue)], geometry: Geometry2) -> String? {
        let p = Dictionary(properties, uniquingKeysWith: { a, _ in a })
        let keys = ["fill", "fill-opacity", "stroke", "stroke-opacity", "stroke-width", "marker-color", "marker-size"]
        guard keys.contains(where: { p[$0] != nil }) else { return nil }
        let stroke = (hexColor(p["stroke"]) ?? defaultColor) + alphaHex(p["stroke-opacity"]?.doubleValue ?? 1)
        let width = JSONValue.format(p["stroke-width"]?.doubleValue ?? defaultStrokeWidth)
        let pen = "PEN(c:\(stroke),w:\(width)px)"
        switch geometry {
        case .polygon, .multiPolygon:
            let fill = (hexColor(p["fill"]) ?? defaultColor) + alphaHex(p["fill-opacity"]?.doubleValue ?? defaultFillOpacity)
            return "BRUSH(fc:\(fill));\(pen)"
        case .lineString, .multiLineString:
            return pen
        case .point, .multiPoint:
            let color = (hexColor(p["marker-color"]) ?? defaultMarkerColor) + "FF"
            let scale = ["small": "0.8", "large": "1.3"][p["marker-size"]?.stringValue ?? ""] ?? "1"
            return "SYMBOL(id:\"\(pointIcon)\",c:\(color),s:\(scale))"
        }
    }

    // MARK: QML

    enum Dimension { case point, line, polygon }

    /// The layer's one dimension; nil when it is empty or mixes points, lines and polygons.
    static func dimension(_ layer: GDALVector.OutputLayer) -> Dimension? {
        let dims = Set(layer.features.map { f -> Dimension in
            switch f.geometry {
            case .point, .multiPoint: return .point
            case .lineString, .multiLineString: return .line
            case .polygon, .multiPolygon: return .polygon
            }
        })
        return dims.count == 1 ? dims.first : nil
    }

    /// Escapes `&`, `"`, `<` and `>` (``Escaping``: scalar by scalar).
    static func escapeXML(_ s: String, apostrophes: Bool = false) -> String {
        Escaping.replacing(s, ["&": "&amp;", "\"": "&quot;", "<": "&lt;", ">": "&gt;"].merging(apostrophes ? ["'": "&apos;"] : [:]) { a, _ in a })
    }

    /// A QGIS 3 QML document for a layer whose features carry simplestyle fields (nil when they
    /// carry none, or the layer is empty or mixes dimensions): a single-symbol renderer whose
    /// colours and widths are data-defined from the fields, with the simplestyle defaults as the
    /// static values. Symbol-layer properties are written both as `<Option>` maps (QGIS ≥ 3.16)
    /// and as legacy `<prop>` elements (earlier 3.x).
    public static func qml(for layer: GDALVector.OutputLayer) -> String? {
        guard let dim = dimension(layer) else { return nil }
        let present = Set(layer.features.flatMap { $0.properties.map(\.0) })
        func field(_ name: String) -> String? { present.contains(name) ? name : nil }
        var statics: [(String, String)] = []
        var defined: [(key: String, expression: String)] = []
        let symbolType: String, layerClass: String
        func colorExpression(_ colorField: String, _ opacityField: String?) -> String {
            if let o = opacityField { return "set_color_part(\"\(colorField)\", 'alpha', 255 * coalesce(\"\(o)\", 1))" }
            return "\"\(colorField)\""
        }
        switch dim {
        case .polygon:
            guard field("fill") != nil || field("stroke") != nil else { return nil }
            symbolType = "fill"; layerClass = "SimpleFill"
            statics = [("color", "85,85,85,153"), ("style", "solid"), ("outline_color", "85,85,85,255"), ("outline_style", "solid"),
                       ("outline_width", "2"), ("outline_width_unit", "Pixel"), ("joinstyle", "bevel")]
            if let f = field("fill") { defined.append(("fillColor", colorExpression(f, field("fill-opacity")))) }
            if let s = field("stroke") { defined.append(("outlineColor", colorExpression(s, field("stroke-opacity")))) }
            if let w = field("stroke-width") { defined.append(("outlineWidth", "\"\(w)\"")) }
        case .line:
            guard field("stroke") != nil else { return nil }
            symbolType = "line"; layerClass = "SimpleLine"
            statics = [("line_color", "85,85,85,255"), ("line_style", "solid"), ("line_width", "2"), ("line_width_unit", "Pixel"),
                       ("capstyle", "round"), ("joinstyle", "round")]
            if let s = field("stroke") { defined.append(("outlineColor", colorExpression(s, field("stroke-opacity")))) }
            if let w = field("stroke-width") { defined.append(("outlineWidth", "\"\(w)\"")) }
        case .point:
            guard field("marker-color") != nil else { return nil }
            symbolType = "marker"; layerClass = "SimpleMarker"
            statics = [("name", "circle"), ("color", "126,126,126,255"), ("outline_color", "35,35,35,255"), ("outline_style", "solid"),
                       ("outline_width", "0.2"), ("outline_width_unit", "MM"), ("size", "3"), ("size_unit", "MM")]
            if let c = field("marker-color") { defined.append(("fillColor", "\"\(c)\"")) }
            if let s = field("marker-size") {
                defined.append(("size", "CASE WHEN \"\(s)\" = 'small' THEN 2 WHEN \"\(s)\" = 'large' THEN 4 ELSE 3 END"))
            }
        }
        var x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        x += "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
        x += "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n"
        x += "    <symbols>\n"
        x += "      <symbol type=\"\(symbolType)\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
        x += "        <layer class=\"\(layerClass)\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
        x += "          <Option type=\"Map\">\n"
        for (k, v) in statics { x += "            <Option name=\"\(k)\" type=\"QString\" value=\"\(escapeXML(v))\"/>\n" }
        x += "          </Option>\n"
        for (k, v) in statics { x += "          <prop k=\"\(k)\" v=\"\(escapeXML(v))\"/>\n" }
        x += "          <data_defined_properties>\n"
        x += "            <Option type=\"Map\">\n"
        x += "              <Option name=\"name\" type=\"QString\" value=\"\"/>\n"
        x += "              <Option name=\"properties\" type=\"Map\">\n"
        for d in defined {
            x += "                <Option name=\"\(d.key)\" type=\"Map\">\n"
            x += "                  <Option name=\"active\" type=\"bool\" value=\"true\"/>\n"
            x += "                  <Option name=\"expression\" type=\"QString\" value=\"\(escapeXML(d.expression))\"/>\n"
            x += "                  <Option name=\"type\" type=\"int\" value=\"3\"/>\n"
            x += "                </Option>\n"
        }
        x += "              </Option>\n"
        x += "              <Option name=\"type\" type=\"QString\" value=\"collection\"/>\n"
        x += "            </Option>\n"
        x += "          </data_defined_properties>\n"
        x += "        </layer>\n"
        x += "      </symbol>\n"
        x += "    </symbols>\n"
        x += "    <rotation/>\n"
        x += "    <sizescale/>\n"
        x += "  </renderer-v2>\n"
        x += "  <blendMode>0</blendMode>\n"
        x += "  <featureBlendMode>0</featureBlendMode>\n"
        x += "</qgis>\n"
        return x
    }

    /// Adds QGIS's `layer_styles` table (FID column `id`; columns as QGIS creates them) with one
    /// default style per styled layer, keyed by table name and geometry column.
    static func writeLayerStyles(_ layers: [GDALVector.OutputLayer], into ds: GDALDatasetH, path: String, messages: GDALMessages) throws {
        let styled = layers.compactMap { l in qml(for: l).map { (l.name, $0) } }
        guard !styled.isEmpty else { return }
        let columns: [(String, OGRFieldType, Int32)] = [
            ("f_table_catalog", OFTString, 256), ("f_table_schema", OFTString, 256), ("f_table_name", OFTString, 256),
            ("f_geometry_column", OFTString, 256), ("styleName", OFTString, 30), ("styleQML", OFTString, 0), ("styleSLD", OFTString, 0),
            ("useAsDefault", OFTInteger, 0), ("description", OFTString, 0), ("owner", OFTString, 30), ("ui", OFTString, 30),
            ("update_time", OFTDateTime, 0)]
        guard let table = withMutableCStringList(["FID=id"], { GDALDatasetCreateLayer(ds, "layer_styles", nil, wkbNone, $0) }) else {
            throw CoverageError.gdal(operation: "GDALDatasetCreateLayer \(path), layer 'layer_styles'", message: messages.lastError)
        }
        for (name, type, width) in columns {
            guard let f = OGR_Fld_Create(name, type) else { throw CoverageError.gdal(operation: "OGR_Fld_Create", message: "out of memory") }
            defer { OGR_Fld_Destroy(f) }
            if width > 0 { OGR_Fld_SetWidth(f, width) }
            if name == "useAsDefault" { OGR_Fld_SetSubType(f, OFSTBoolean) }
            guard OGR_L_CreateField(table, f, 1) == OGRERR_NONE else {
                throw CoverageError.gdal(operation: "OGR_L_CreateField \(path), layer_styles.\(name)", message: messages.lastError)
            }
        }
        let defn = OGR_L_GetLayerDefn(table)
        for (name, qml) in styled {
            let geometryColumn = GDALDatasetGetLayerByName(ds, name).map { String(cString: OGR_L_GetGeometryColumn($0)) } ?? "geom"
            guard let f = OGR_F_Create(defn) else { throw CoverageError.gdal(operation: "OGR_F_Create", message: "out of memory") }
            defer { OGR_F_Destroy(f) }
            let values: [String: String] = ["f_table_catalog": "", "f_table_schema": "", "f_table_name": name, "f_geometry_column": geometryColumn,
                                            "styleName": name, "styleQML": qml, "description": "simplestyle colours (written by sim)", "owner": ""]
            for (k, v) in values { OGR_F_SetFieldString(f, OGR_FD_GetFieldIndex(defn, k), v) }
            OGR_F_SetFieldInteger(f, OGR_FD_GetFieldIndex(defn, "useAsDefault"), 1)
            OGR_F_SetFieldDateTime(f, OGR_FD_GetFieldIndex(defn, "update_time"), 2000, 1, 1, 0, 0, 0, 100)
            guard OGR_L_CreateFeature(table, f) == OGRERR_NONE else {
                throw CoverageError.gdal(operation: "OGR_L_CreateFeature \(path), layer_styles", message: messages.lastError)
            }
        }
    }
}
