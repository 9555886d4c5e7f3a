import ArgumentParser
import Foundation
import Studies

/// `--crs`: the CRS of input layers whose files declare none (a Shapefile without .prj).
struct InputCRSOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("CRS of input layers that declare none (a Shapefile without .prj), e.g. EPSG:9212 (VN-2000 / TM-3 106°15′).",
                                            valueName: "EPSG:code"))
    var crs: String?

    /// The EPSG code of `--crs` ("EPSG:9212" or "9212"), nil when not given.
    var epsg: Int? {
        get throws {
            guard let crs else { return nil }
            let digits = crs.uppercased().hasPrefix("EPSG:") ? String(crs.dropFirst(5)) : crs
            guard let code = Int(digits), (1024...999_999).contains(code) else {
                throw SimError.input("--crs '\(crs)': give an EPSG code such as EPSG:9212 (VN-2000 / TM-3 106°15′) or EPSG:4326")
            }
            return code
        }
    }
}

/// `--format`: which vector formats `sim run` writes.
struct OutputFormatOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Vector output formats: geojson (one file per layer, default), gpkg (all layers in run.gpkg), kml (run.kml), fgb (one FlatGeobuf per layer in fgb/); repeat or comma-separate.",
                                            valueName: "geojson|gpkg|kml|fgb"))
    var format: [String] = []

    var formats: [OutputFormat] { get throws { try OutputFormat.parse(format) } }
}
