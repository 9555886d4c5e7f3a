import Coverage
import Foundation

/// Vector output formats of `sim run` (`--format`).
package enum OutputFormat: String, CaseIterable, Sendable {
    /// One RFC 7946 .geojson per layer (the default).
    case geojson
    /// All layers in one GeoPackage, `run.gpkg`, with QGIS default styles.
    case gpkg
    /// All layers in one KML, `run.kml` (a folder per layer), styled for Google Earth.
    case kml
    /// One FlatGeobuf file per layer in the folder `fgb/` (`fgb/coverage.fgb` …): the scale format — binary,
    /// spatially indexed, read by QGIS and GDAL without loading the whole layer.
    case fgb

    /// Parses `--format` values: repeatable and/or comma-separated, e.g. `gpkg,kml`.
    /// - Throws: `SimError.input` naming the unknown value and the valid ones.
    package static func parse(_ values: [String]) throws -> [OutputFormat] {
        var out: [OutputFormat] = []
        for part in values.flatMap({ $0.split(separator: ",") }) {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let f = OutputFormat(rawValue: name) else {
                throw SimError.input("--format: unknown format '\(name)'; choose from \(allCases.map(\.rawValue).joined(separator: ", ")) (comma-separated or repeated)")
            }
            if !out.contains(f) { out.append(f) }
        }
        return out.isEmpty ? [.geojson] : out
    }
}

/// Collects the vector layers of a run and writes them in the chosen formats: each GeoJSON as the
/// layer is added, the GeoPackage and KML (all layers in one file) at ``finish(into:)``. Both come
/// from the same feature lists, so they carry exactly the GeoJSON's geometry (6 decimals) and fields.
package final class LayerOutputs {
    let formats: [OutputFormat]
    /// Threads that write a GeoJSON layer (the text does not depend on it).
    let workers: Int
    private(set) var layers: [GDALVector.OutputLayer] = []

    init(formats: [OutputFormat], workers: Int = 1) { self.formats = formats; self.workers = workers }

    /// Adds a layer; writes `name.geojson` now when GeoJSON is chosen, and keeps the features for ``finish(into:)``
    /// only when a format written there is chosen (a national run's layers are hundreds of MB).
    func add(_ name: String, _ features: [(geometry: Geometry2, properties: [(String, JSONValue)])], into out: OutputFolder) throws {
        if formats.contains(.geojson) { try out.write("\(name).geojson", GeoJSON.featureCollectionText(features, extra: [("name", .string(name))]), workers: workers) }
        if formats.contains(where: { $0 != .geojson }) { layers.append(GDALVector.OutputLayer(name: name, features: features)) }
    }

    /// Writes `run.gpkg` / `run.kml` when chosen. Returns GDAL's warnings.
    @discardableResult
    func finish(into out: OutputFolder) throws -> [String] {
        var warnings: [String] = []
        for (format, gdal) in [(OutputFormat.gpkg, GDALVector.Format.geoPackage), (.kml, .kml), (.fgb, .flatGeobuf)] where formats.contains(format) {
            let name = format == .fgb ? "fgb" : "run.\(format.rawValue)"
            do { warnings += try GDALVector.write(layers, to: out.temp.appendingPathComponent(name).path, format: gdal) }
            catch { throw SimError.output("\(out.final.path)/\(name): cannot write (\(error))") }
        }
        return warnings
    }
}
