import ArgumentParser
import Coverage
import Foundation

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check input files without running: scenarios (.yaml), GIS layers (.geojson, .shp, .gpkg, .kml, …), sites (.csv).",
        discussion: "Example: sim validate data/scenarios/quang-tri-2017.yaml data/quang-tri/sites-2017.csv"
    )

    @Argument(help: "Files to check.") var files: [String]
    @OptionGroup var inputCRS: InputCRSOption

    func run() async throws {
        try await reportingErrors {
            for f in files {
                let lower = f.lowercased()
                if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
                    var s = try Scenario.load(path: f)
                    s.inputs.fallbackCRSEPSG = try inputCRS.epsg
                    let study = try await Study.load(s, workers: Parallel.defaultWorkers)
                    warn(study.warnings)
                    print("\(f): ok — scenario '\(s.name)', \(study.districts.count) districts, \(study.sites.count) sites, \(study.population.count) population cells")
                } else if lower.hasSuffix(".csv") {
                    let header = (try? String(contentsOfFile: f, encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? ""
                    if header.contains("population") && !header.contains("height_m") {
                        print("\(f): ok — \(try Inputs.populationPoints(f).count) population points")
                    } else {
                        print("\(f): ok — \(try Inputs.sites(f).count) sites")
                    }
                } else if Inputs.isGeoJSON(f, LayerOptions()) {
                    try check(f, try Inputs.features(f), note: "")
                } else {
                    // Any other GIS file: every spatial layer, through GDAL.
                    let options = LayerOptions(fallbackCRSEPSG: try inputCRS.epsg)
                    for name in try GDALVector.layerNames(f) {
                        let l = try GDALVector.read(f, layer: name, crs: options.sourceCRS)
                        try check(l.place, l.features, note: " (\(l.driver), from \(l.sourceCRS))")
                    }
                }
            }
        }
    }

    /// Counts invalid polygons (runs repair them) and prints one line for a layer.
    func check(_ place: String, _ feats: [GeoFeature], note: String) throws {
        let ctx = GEOSContext()
        var invalid = 0
        for feat in feats where !feat.geometry.polygons.isEmpty {
            let g = try ctx.multiPolygon(feat.geometry.polygons)
            if !(try g.isValid()) { invalid += 1; warn(["\(place): feature \(feat.index): invalid polygon (\(g.validReason())); runs repair it with make-valid"]) }
        }
        print("\(place): ok — \(feats.count) features\(note)\(invalid > 0 ? ", \(invalid) invalid polygons (repairable)" : "")")
    }
}
