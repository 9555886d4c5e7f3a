import Coverage
import Foundation

/// How to read one input layer beyond its path: which layer of a multi-layer file (GeoPackage,
/// KML folders, …) and which CRS. Set per input in the scenario (`inputs.districts: {path, layer,
/// crs_epsg}`) and, for files that declare no CRS, by `--crs`.
package struct LayerOptions: Sendable, Equatable {
    /// Layer name inside the file; nil = the file's only spatial layer.
    package var layer: String?
    /// EPSG code the coordinates are in, overriding what the file says (`crs_epsg`).
    var crsEPSG: Int?
    /// EPSG code for a file that declares no CRS (a Shapefile without .prj), from `--crs`.
    package var fallbackCRSEPSG: Int?

    package init(layer: String? = nil, crsEPSG: Int? = nil, fallbackCRSEPSG: Int? = nil) {
        (self.layer, self.crsEPSG, self.fallbackCRSEPSG) = (layer, crsEPSG, fallbackCRSEPSG)
    }

    /// Options only GDAL honours: a GeoJSON or CSV with them is read through GDAL.
    var needsGDAL: Bool { layer != nil || crsEPSG != nil }

    /// The GDAL reader's CRS choice, with the advice shown when a layer has none.
    package var sourceCRS: GDALVector.SourceCRS {
        GDALVector.SourceCRS(assigned: crsEPSG.map { "EPSG:\($0)" }, fallback: fallbackCRSEPSG.map { "EPSG:\($0)" },
                             missingHint: "name it: in the scenario as {path: …, crs_epsg: 9212}, or with --crs EPSG:9212 (VN-2000 / TM-3 106°15′, Quảng Trị; use your file's EPSG code)")
    }
}

extension Scenario.Inputs {
    /// The options of one input (`"districts"`, `"sites"`, …) with the run's `--crs` fallback.
    func options(_ key: String) -> LayerOptions {
        var o = layerOptions[key] ?? LayerOptions()
        o.fallbackCRSEPSG = fallbackCRSEPSG
        return o
    }
}

extension YMap {
    /// An input layer: either a path, or a mapping `{path, layer, crs_epsg}` (path resolved against
    /// the YAML file that wrote it; unknown keys are errors like everywhere in the scenario).
    func layerInput(_ key: String, context: String? = nil) throws -> (path: String?, options: LayerOptions?) {
        guard let node = child(key) else { return (nil, nil) }
        guard case .map = node.value else { return (try path(key), nil) }
        let name = context ?? "inputs.\(key)"
        let m = try YMap(node, context: name, allowed: ["path", "layer", "crs_epsg"])
        guard let p = try m.path("path") else { throw SimError.input("\(node.place): '\(name)' needs a 'path' (the file to read)") }
        return (p, LayerOptions(layer: try m.optionalString("layer"), crsEPSG: try m.optionalInt("crs_epsg", range: 1024...999_999)))
    }
}
