import CGDAL

/// An owned OGR spatial reference (`OGRSpatialReferenceH`), always in the traditional GIS axis
/// order (longitude/easting first, `OAMS_TRADITIONAL_GIS_ORDER`), so that EPSG:4326 coordinates are
/// lon/lat as in GeoJSON rather than EPSG's lat/lon. Released with `OSRRelease` in `deinit`.
/// Not `Sendable`: it lives inside one read or write.
final class GDALSpatialReference {
    let handle: OGRSpatialReferenceH

    /// Takes ownership of `handle` (a new or cloned reference) and sets the axis order.
    private init(owning handle: OGRSpatialReferenceH) {
        self.handle = handle
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    deinit { OSRRelease(handle) }

    /// WGS 84 geographic (EPSG:4326) in lon/lat order.
    static func wgs84() throws -> GDALSpatialReference {
        guard let h = OSRNewSpatialReference(nil) else { throw CoverageError.gdal(operation: "OSRNewSpatialReference", message: "out of memory") }
        let srs = GDALSpatialReference(owning: h)
        guard OSRImportFromEPSG(h, 4326) == OGRERR_NONE else {
            throw CoverageError.gdal(operation: "OSRImportFromEPSG(4326)", message: "PROJ's database has no EPSG:4326 — is proj-data installed?")
        }
        return srs
    }

    /// A CRS from any text `OSRSetFromUserInput` accepts: "EPSG:9212", a PROJ string, WKT.
    /// Returns nil (with GDAL's message in the current capture) when PROJ does not know it.
    static func userInput(_ text: String) -> GDALSpatialReference? {
        guard let h = OSRNewSpatialReference(nil) else { return nil }
        let srs = GDALSpatialReference(owning: h)
        return OSRSetFromUserInput(h, text) == OGRERR_NONE ? srs : nil
    }

    /// A copy of a borrowed reference (e.g. a layer's, owned by the layer).
    static func clone(_ borrowed: OGRSpatialReferenceH) -> GDALSpatialReference? {
        OSRClone(borrowed).map { GDALSpatialReference(owning: $0) }
    }

    /// "EPSG:9212 (VN-2000 / TM-3 106-15)" when the CRS carries an authority code, else its name.
    var label: String {
        let name = OSRGetName(handle).map { String(cString: $0) } ?? "unnamed CRS"
        if let auth = OSRGetAuthorityName(handle, nil), let code = OSRGetAuthorityCode(handle, nil) {
            return "\(String(cString: auth)):\(String(cString: code)) (\(name))"
        }
        return name
    }

    func isSame(_ other: GDALSpatialReference) -> Bool { OSRIsSame(handle, other.handle) != 0 }
}

/// An owned OGR coordinate transformation (`OCTNewCoordinateTransformation`, through PROJ's
/// best operation for the area), destroyed with `OCTDestroyCoordinateTransformation`.
final class GDALTransformation {
    let handle: OGRCoordinateTransformationH

    init?(from source: GDALSpatialReference, to target: GDALSpatialReference) {
        guard let h = OCTNewCoordinateTransformation(source.handle, target.handle) else { return nil }
        handle = h
    }

    deinit { OCTDestroyCoordinateTransformation(handle) }
}
