import Foundation
import Testing
@testable import Coverage

/// GIS formats through GDAL: round trips through GeoPackage, Shapefile and KML, reprojection from
/// VN-2000 checked against a hand calculation, and the bad-input messages.
@Suite struct GDALTests {
    func tempDir() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("gdaltests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    func write(_ text: String, _ name: String, in dir: URL) -> String {
        let p = dir.appendingPathComponent(name).path
        try! text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    /// Test features: every coordinate has at most 6 decimals and exteriors are counter-clockwise,
    /// so they survive the writers' rounding and ring orientation unchanged.
    var sample: GDALVector.OutputLayer {
        let outer = [Point2(107.0, 16.8), Point2(107.1, 16.8), Point2(107.1, 16.9), Point2(107.0, 16.9), Point2(107.0, 16.8)]
        let hole = [Point2(107.02, 16.82), Point2(107.02, 16.85), Point2(107.05, 16.85), Point2(107.05, 16.82), Point2(107.02, 16.82)]
        let second = [Point2(107.2, 16.7), Point2(107.25, 16.7), Point2(107.25, 16.75), Point2(107.2, 16.7)]
        return GDALVector.OutputLayer(name: "districts", features: [
            (.multiPolygon([Polygon2(exterior: outer, holes: [hole]), Polygon2(exterior: second)]),
             [("id", "461"), ("name", "Thành phố Đông Hà"), ("population", 95658), ("area_km2", 72.96), ("urban", true), ("note", .null)]),
            (.multiPolygon([Polygon2(exterior: second.map { Point2($0.x + 0.5, $0.y) })]),
             [("id", "471"), ("name", "Huyện Cồn Cỏ"), ("population", 346), ("area_km2", 2.2), ("urban", false), ("note", "đảo")]),
        ])
    }

    // MARK: Round trips

    /// GeoPackage keeps geometry exactly (after the writer's 6-decimal rounding, which these
    /// coordinates already satisfy), field types (integer, real, boolean, text, null) and names.
    @Test func geoPackageRoundTrip() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.gpkg").path
        try GDALVector.write([sample], to: path, format: .geoPackage)
        #expect(try GDALVector.layerNames(path) == ["districts"])   // layer_styles has no geometry
        let back = try GDALVector.read(path)
        #expect(back.driver == "GPKG")
        #expect(back.sourceCRS.hasPrefix("EPSG:4326"))
        #expect(back.features.count == 2)
        for (a, b) in zip(sample.features, back.features) {
            #expect(a.geometry == b.geometry)
            #expect(JSONValue.object(a.properties) == b.properties)
        }
    }

    /// Shapefile: geometry survives (the format stores exteriors clockwise and single polygons
    /// without the Multi- wrapper, so rings are compared after normalising); attributes keep their
    /// values, UTF-8 text included (.cpg), booleans as 1/0; field names longer than 10 characters are
    /// cut, with a warning.
    @Test func shapefileRoundTrip() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("shp").path
        var layer = sample
        layer.features = layer.features.map { f in (f.geometry, f.properties.filter { $0.0 != "note" } + [("name_vi_full", .string("x"))]) }
        let warnings = try GDALVector.write([layer], to: folder, format: .shapefile)
        #expect(warnings.contains { $0.contains("name_vi_full") })
        let shp = folder + "/districts.shp"
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] { #expect(FileManager.default.fileExists(atPath: folder + "/districts.\(ext)"), "\(ext)") }
        let back = try GDALVector.read(shp)
        #expect(back.driver == "ESRI Shapefile")
        for (a, b) in zip(layer.features, back.features) {
            #expect(a.geometry.polygons.map(Rings.rightHanded) == b.geometry.polygons.map(Rings.rightHanded))
            #expect(b.properties["name"] == a.properties.first { $0.0 == "name" }!.1)
            #expect(b.properties["population"] == a.properties.first { $0.0 == "population" }!.1)
            #expect(b.properties["area_km2"] == a.properties.first { $0.0 == "area_km2" }!.1)
            // GDAL 3.6 reads the DBF field back as an integer: true/false become 1/0.
            #expect(b.properties["urban"] == (a.properties.first { $0.0 == "urban" }!.1 == .bool(true) ? 1 : 0))
            #expect(b.properties["name_vi_fu"] == "x")
        }
    }

    /// KML through LIBKML: one file, a <Folder> per layer, styles from the simplestyle fields in
    /// KML's aabbggrr colour order (KML 2.2, OGC 07-147r2 §16.9): fill #d73027 at opacity 0.6 is
    /// alpha round(0.6·255) = 153 = 0x99, so "992730d7"; read back, points and polygons are unchanged;
    /// written twice, the text is identical.
    @Test func kmlFoldersAndStyles() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var polys = sample
        polys.features = polys.features.map { ($0.geometry, $0.properties + [("fill", "#d73027"), ("fill-opacity", 0.6), ("stroke", "#333333"), ("stroke-width", 1)]) }
        let sites = GDALVector.OutputLayer(name: "sites", features: [(.point(Point2(107.1, 16.81)), [("site_id", "S1"), ("marker-color", "#d7191c")])])
        let path = dir.appendingPathComponent("t.kml").path
        try GDALVector.write([polys, sites], to: path, format: .kml)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.components(separatedBy: "<Folder").count - 1 == 2)
        #expect(text.lowercased().contains("<color>992730d7</color>"))
        #expect(text.lowercased().contains("<color>ff1c19d7</color>"))   // marker #d7191c opaque
        #expect(try GDALVector.layerNames(path) == ["districts", "sites"])
        let back = try GDALVector.read(path, layer: "districts")
        for (a, b) in zip(polys.features, back.features) { #expect(a.geometry.polygons == b.geometry.polygons) }
        #expect(try GDALVector.read(path, layer: "sites").features.first?.geometry == .point(Point2(107.1, 16.81)))
        let again = dir.appendingPathComponent("again.kml").path
        try GDALVector.write([polys, sites], to: again, format: .kml)
        #expect(try String(contentsOfFile: again, encoding: .utf8) == text)
    }

    /// The GeoPackage gets QGIS's layer_styles table with a default QML per styled layer whose
    /// fill colour is data-defined from the `fill` field.
    @Test func geoPackageLayerStyles() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var polys = sample
        polys.features = polys.features.map { ($0.geometry, $0.properties + [("fill", "#1a9641"), ("fill-opacity", 0.35)]) }
        let plain = GDALVector.OutputLayer(name: "plain", features: [(.point(Point2(107, 16.8)), [("id", "p")])])
        let path = dir.appendingPathComponent("s.gpkg").path
        try GDALVector.write([polys, plain], to: path, format: .geoPackage)
        let rows = try GDALVector.attributeRows(path, layer: "layer_styles")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row["f_table_name"] == "districts" && row["f_geometry_column"] == "geom" && row["useAsDefault"] == "1")
        let qml = try #require(row["styleQML"])
        #expect(qml.contains("name=\"fillColor\""))
        #expect(qml.contains("set_color_part(&quot;fill&quot;, 'alpha', 255 * coalesce(&quot;fill-opacity&quot;, 1))"))
    }

    /// The same layers written twice give byte-identical GeoPackages (fixed timestamps).
    @Test func geoPackageIsDeterministic() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.gpkg").path, b = dir.appendingPathComponent("b.gpkg").path
        try GDALVector.write([sample], to: a, format: .geoPackage)
        try GDALVector.write([sample], to: b, format: .geoPackage)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
    }

    // MARK: Reprojection

    /// A point of a VN-2000 / TM-3 106°15′ layer (EPSG:9212) read as WGS 84, against a hand
    /// calculation:
    ///  1. On the central meridian (λ₀ = 106.25°, k₀ = 0.9999, E₀ = 500 km) easting is 500000 m and
    ///     northing k₀·M(φ), M the meridian arc (IOGP Guidance Note 7-2 §3.5.3.1 series to e⁶),
    ///     here for VN-2000 geodetic φ = 16.75° on the WGS 84 ellipsoid (VN-2000 uses it).
    ///  2. Geodetic → geocentric, the EPSG:6960 "VN-2000 to WGS 84 (2)" coordinate-frame Helmert
    ///     (method 9607; tX −191.90441429, tY −39.30318279, tZ −111.45032835 m; rX −0.00928836″,
    ///     rY +0.01975479″, rZ −0.00427372″; dS +0.252906278 ppm), geocentric → geodetic (GN 7-2 §4.1.1).
    /// The reader must agree within 1e-8° (≈ 1 mm); without the datum shift it would be ≈ 200 m off.
    @Test func vn2000PointMatchesHandCalculation() throws {
        let a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f)
        let phi = 16.75 * .pi / 180, lam = 106.25 * .pi / 180
        let e4 = e2 * e2, e6 = e4 * e2
        let m = a * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * phi - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * sin(2 * phi)
                     + (15 * e4 / 256 + 45 * e6 / 1024) * sin(4 * phi) - (35 * e6 / 3072) * sin(6 * phi))
        let northing = 0.9999 * m
        // Geocentric in VN-2000 (h = 0).
        let nu = a / (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        let x = nu * cos(phi) * cos(lam), y = nu * cos(phi) * sin(lam), z = nu * (1 - e2) * sin(phi)
        let sec = Double.pi / 648_000
        let rx = -0.00928836 * sec, ry = 0.01975479 * sec, rz = -0.00427372 * sec, scale = 1 + 0.252906278e-6
        let xt = scale * (x + rz * y - ry * z) - 191.90441429
        let yt = scale * (-rz * x + y + rx * z) - 39.30318279
        let zt = scale * (ry * x - rx * y + z) - 111.45032835
        // Geocentric → geodetic on WGS 84 by fixed-point iteration.
        let p = (xt * xt + yt * yt).squareRoot()
        var lat = atan2(zt, p * (1 - e2))
        for _ in 0..<10 {
            let n = a / (1 - e2 * sin(lat) * sin(lat)).squareRoot()
            let h = p / cos(lat) - n
            lat = atan2(zt, p * (1 - e2 * n / (n + h)))
        }
        let expected = Point2(atan2(yt, xt) * 180 / .pi, lat * 180 / .pi)

        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = write("name,x,y\nP,500000,\(String(format: "%.4f", northing))\n", "vn2000.csv", in: dir)
        let layer = try GDALVector.read(csv, crs: .init(assigned: "EPSG:9212"))
        #expect(layer.sourceCRS.hasPrefix("EPSG:9212"))
        guard case .point(let got) = try #require(layer.features.first).geometry else { Issue.record("not a point"); return }
        #expect(abs(got.x - expected.x) < 1e-8 && abs(got.y - expected.y) < 1e-8, "got \(got), expected \(expected)")
        // The datum shift is real: ≈ 200 m, i.e. far more than the tolerance.
        #expect(abs(got.x - 106.25) > 1e-3 || abs(got.y - 16.75) > 1e-3)
    }

    /// Every VN-2000 projected CRS is usable: UTM 48N/49N (EPSG:3405/3406) and the TM-3 zones
    /// EPSG:9205–9218. A point at easting 500 km lies on the zone's central meridian (taken from the
    /// EPSG names, e.g. "VN-2000 / TM-3 106-15" → 106°15′), so its longitude is that meridian plus
    /// the VN-2000 → WGS 84 shift, which is under 0.01° here.
    @Test(arguments: [(3405, 105.0), (3406, 111.0), (9205, 103.0), (9206, 104.0), (9207, 104.5), (9208, 104.75), (9209, 105.5),
                      (9210, 105.75), (9211, 106.0), (9212, 106.25), (9213, 106.5), (9214, 107.0), (9215, 107.25),
                      (9216, 107.5), (9217, 108.25), (9218, 108.5)])
    func vn2000Zones(epsg: Int, centralMeridian: Double) throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = write("x,y\n500000,1852455\n", "p.csv", in: dir)
        let layer = try GDALVector.read(csv, crs: .init(assigned: "EPSG:\(epsg)"))
        #expect(layer.sourceCRS.hasPrefix("EPSG:\(epsg) (VN-2000 / "))
        guard case .point(let p) = try #require(layer.features.first).geometry else { Issue.record("not a point"); return }
        #expect(abs(p.x - centralMeridian) < 0.01 && abs(p.y - 16.75) < 0.05, "\(p)")
    }

    /// A circular arc is linearised: every vertex of CIRCULARSTRING(0 0, 1 1, 2 0) lies on the
    /// circle through those points, centre (1, 0), radius 1 (within 1e-9).
    @Test func curvesAreLinearised() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = write("id,wkt\n1,\"CIRCULARSTRING (0 0,1 1,2 0)\"\n", "arc.csv", in: dir)
        let g = try GDALVector.read(csv).features[0].geometry
        let pts = g.allPoints
        #expect(pts.count > 10)
        for q in pts { #expect(abs(((q.x - 1) * (q.x - 1) + q.y * q.y).squareRoot() - 1) < 1e-9) }
    }

    // MARK: Bad input

    /// A Shapefile without .prj: the message says so and how to name the CRS; with a fallback it reads.
    @Test func shapefileWithoutPrj() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("shp").path
        try GDALVector.write([sample], to: folder, format: .shapefile)
        try FileManager.default.removeItem(atPath: folder + "/districts.prj")
        let shp = folder + "/districts.shp"
        let m = message { _ = try GDALVector.read(shp, crs: .init(missingHint: "pass --crs EPSG:NNNN")) }
        #expect(m.contains("districts.shp") && m.contains("no .prj") && m.contains("pass --crs EPSG:NNNN"))
        let ok = try GDALVector.read(shp, crs: .init(fallback: "EPSG:4326"))
        #expect(ok.features.count == 2)
    }

    /// An unknown layer name lists the layers; several layers and no name asks for one.
    @Test func unknownLayerListsLayers() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("two.gpkg").path
        var other = sample
        other.name = "roads"
        try GDALVector.write([sample, other], to: path, format: .geoPackage)
        let m = message { _ = try GDALVector.read(path, layer: "distrcts") }
        #expect(m.contains("two.gpkg") && m.contains("no layer named 'distrcts'") && m.contains("'districts', 'roads'"))
        let m2 = message { _ = try GDALVector.read(path) }
        #expect(m2.contains("holds 2 layers") && m2.contains("layer: districts"))
    }

    /// Unsupported geometries name the feature and the type: a TIN, and a collection mixing a
    /// point with a polygon. A collection of polygons only becomes a MultiPolygon.
    @Test func unsupportedGeometryTypes() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tin = write("id,wkt\n1,\"POLYGON ((0 0,1 0,1 1,0 0))\"\n2,\"TIN (((0 0 0,0 1 0,1 0 0,0 0 0)))\"\n", "tin.csv", in: dir)
        let m = message { _ = try GDALVector.read(tin) }
        #expect(m.contains("tin.csv") && m.contains("feature 1") && m.contains("unsupported geometry type TIN"))
        let mixed = write("id,wkt\n1,\"GEOMETRYCOLLECTION (POINT (1 1),POLYGON ((0 0,1 0,1 1,0 0)))\"\n", "mixed.csv", in: dir)
        let m2 = message { _ = try GDALVector.read(mixed) }
        #expect(m2.contains("feature 0") && m2.contains("GeometryCollection mixing"))
        let polys = write("id,wkt\n1,\"GEOMETRYCOLLECTION (POLYGON ((0 0,1 0,1 1,0 0)),POLYGON ((5 5,6 5,6 6,5 5)))\"\n", "polys.csv", in: dir)
        #expect(try GDALVector.read(polys).features[0].geometry.polygons.count == 2)
    }

    /// Missing files, files GDAL cannot read and unknown CRS codes are one-line errors.
    @Test func unreadableFileAndUnknownCRS() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(message { _ = try GDALVector.read(dir.appendingPathComponent("none.gpkg").path) }.contains("does it exist"))
        let junk = write("this is not GIS data", "junk.gpkg", in: dir)
        #expect(message { _ = try GDALVector.read(junk) }.contains("GDAL cannot open it"))
        let csv = write("id,lon,lat\n1,107,16.8\n", "p.csv", in: dir)
        let m = message { _ = try GDALVector.read(csv, crs: .init(assigned: "EPSG:999999")) }
        #expect(m.contains("EPSG:999999") && m.contains("not a CRS PROJ knows"))
    }
}

/// QML attribute text: a quote followed by a combining mark (one Swift Character) is still escaped.
@Test func qmlEscapesScalarByScalar() {
    #expect(QGISStyle.escapeXML("a\"\u{310}<\u{301}&>") == "a&quot;\u{310}&lt;\u{301}&amp;&gt;")
}
