import Foundation

/// QGIS layer styles for single-band rasters: QML documents as QGIS 3 writes them ("Save Style…"
/// on a raster layer; `QgsSingleBandPseudoColorRenderer`/`QgsColorRampShader::writeXml` and
/// `QgsPalettedRasterRenderer::writeXml` in QGIS's src/core/raster). QGIS applies a .qml that
/// shares the raster's file name (e.g. `rsrp.qml` beside `rsrp.tif`) when it opens the raster,
/// and "Load Style…" takes any. Colours are "#rrggbb"; every item is opaque (alpha 255); the
/// renderer draws band 1; no-data pixels stay transparent.
public enum RasterStyle {
    /// A pseudocolour renderer with a DISCRETE ramp: a value takes the colour of the first class
    /// whose upper bound is ≥ the value (QGIS's DISCRETE rule: each item's value is the inclusive
    /// upper bound of its class). `classes` go from low to high; the last class is open-ended — its
    /// item is written with value "inf", as QGIS writes discrete ramps, so every higher value is
    /// drawn in its colour — and its `upperBound` only sets the top of the classification range.
    public static func discrete(classes: [(upperBound: Double, color: String, label: String)]) -> String {
        let items = classes.enumerated().map { i, c in
            (value: i == classes.count - 1 ? .infinity : c.upperBound, c.color, c.label)
        }
        return pseudocolor(type: "DISCRETE", items: items, min: classes.first?.upperBound ?? 0, max: classes.last?.upperBound ?? 0)
    }

    /// A pseudocolour renderer with an INTERPOLATED ramp: colours are blended linearly between
    /// consecutive `stops` (low to high); values below the first or above the last stop take
    /// that stop's colour (`clip="0"`).
    public static func interpolated(stops: [(value: Double, color: String, label: String)]) -> String {
        pseudocolor(type: "INTERPOLATED", items: stops, min: stops.first?.value ?? 0, max: stops.last?.value ?? 0)
    }

    /// A paletted (unique values) renderer for categorical rasters: each entry's integer pixel
    /// value gets its colour and legend label; other values are not drawn.
    public static func paletted(entries: [(value: Int, color: String, label: String)]) -> String {
        var x = "    <rasterrenderer type=\"paletted\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" nodataColor=\"\">\n"
        x += commonRendererChildren
        x += "      <colorPalette>\n"
        for e in entries {
            x += "        <paletteEntry value=\"\(e.value)\" color=\"\(QGISStyle.escapeXML(e.color, apostrophes: true))\" label=\"\(QGISStyle.escapeXML(e.label, apostrophes: true))\" alpha=\"255\"/>\n"
        }
        x += "      </colorPalette>\n"
        x += "    </rasterrenderer>\n"
        return document(renderer: x)
    }

    /// A colour for category `index`, distinct from its neighbours' and the same on every run:
    /// hue = index × 137.507764° (the golden angle, 360°·(1 − 1/φ)) modulo 360°, at HSV saturation
    /// 0.65 and value 0.90, as "#rrggbb". Hues of indices 1–7 apart differ by at least 32°
    /// (consecutive ones by 137.5°), 8–12 apart by at least 20°, 13–20 apart by at least 12°, so
    /// categories with close indices stay apart; the hue never repeats exactly.
    public static func categoricalColor(_ index: Int) -> String {
        let goldenAngle = 360 * (1 - 2 / (1 + 5.0.squareRoot()))
        var hue = (Double(index) * goldenAngle).truncatingRemainder(dividingBy: 360)
        if hue < 0 { hue += 360 }
        let s = 0.65, v = 0.90
        let c = v * s, x = c * (1 - abs((hue / 60).truncatingRemainder(dividingBy: 2) - 1)), m = v - c
        let (r, g, b): (Double, Double, Double)
        switch Int(hue / 60) {
        case 0: (r, g, b) = (c, x, 0)
        case 1: (r, g, b) = (x, c, 0)
        case 2: (r, g, b) = (0, c, x)
        case 3: (r, g, b) = (0, x, c)
        case 4: (r, g, b) = (x, 0, c)
        default: (r, g, b) = (c, 0, x)
        }
        return "#" + [r, g, b].map { String(format: "%02x", Int((($0 + m) * 255).rounded())) }.joined()
    }

    // MARK: Document

    static func pseudocolor(type: String, items: [(value: Double, color: String, label: String)], min: Double, max: Double) -> String {
        var x = "    <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" "
        x += "classificationMin=\"\(number(min))\" classificationMax=\"\(number(max))\" nodataColor=\"\">\n"
        x += commonRendererChildren
        x += "      <rastershader>\n"
        x += "        <colorrampshader colorRampType=\"\(type)\" classificationMode=\"1\" clip=\"0\" "
        x += "minimumValue=\"\(number(min))\" maximumValue=\"\(number(max))\" labelPrecision=\"4\">\n"
        for i in items {
            x += "          <item alpha=\"255\" value=\"\(number(i.value))\" label=\"\(QGISStyle.escapeXML(i.label, apostrophes: true))\" color=\"\(QGISStyle.escapeXML(i.color, apostrophes: true))\"/>\n"
        }
        x += "        </colorrampshader>\n"
        x += "      </rastershader>\n"
        x += "    </rasterrenderer>\n"
        return document(renderer: x)
    }

    /// The transparency and min/max elements every QGIS raster renderer writes; limits "None"
    /// keeps the classes as given instead of recomputing them from the raster's statistics.
    static let commonRendererChildren = """
              <rasterTransparency/>
              <minMaxOrigin>
                <limits>None</limits>
                <extent>WholeRaster</extent>
                <statAccuracy>Estimated</statAccuracy>
                <cumulativeCutLower>0.02</cumulativeCutLower>
                <cumulativeCutUpper>0.98</cumulativeCutUpper>
                <stdDevFactor>2</stdDevFactor>
              </minMaxOrigin>

        """

    /// The QML document around a `<rasterrenderer>` element: the raster pipe with its default
    /// brightness/contrast, hue/saturation and resampler stages.
    static func document(renderer: String) -> String {
        var x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        x += "<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"1e+08\" maxScale=\"0\">\n"
        x += "  <pipe>\n"
        x += renderer
        x += "    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
        x += "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" invertColors=\"0\" colorizeOn=\"0\" colorizeRed=\"255\" "
        x += "colorizeGreen=\"128\" colorizeBlue=\"128\" colorizeStrength=\"100\"/>\n"
        x += "    <rasterresampler maxOversampling=\"2\"/>\n"
        x += "  </pipe>\n"
        x += "  <blendMode>0</blendMode>\n"
        x += "</qgis>\n"
        return x
    }

    /// A value as QGIS prints one (`QgsRasterBlock::printValue`): "inf", "-inf", "nan", whole
    /// numbers without a decimal point, else the shortest text that reads back the same double.
    static func number(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
    }
}
