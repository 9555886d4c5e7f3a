import ArgumentParser
import Coverage
import Foundation
import Studies

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check input files without running: scenarios and sweeps (.yaml), GIS layers (.geojson, .shp, .gpkg, .kml, …), CSV and Excel tables.",
        discussion: """
        Each file is checked by its role, with the checks a run gives it:
          scenario (.yaml)     every key, every input layer, and with a planner: section the costs, targets
                               (against the districts and budget years) and candidate files
          sweep (.yaml with axes:)   the base scenario and every variant
          polygon layer        as a district layer (ids, names, census population, polygons repaired)
          other GIS layers     geometry and features
          CSV                  sites (id,lon,lat,height_m,…), population points (lon,lat,population) or
                               costs (item,cost_vnd,unit,source), told apart by the header; a targets
                               CSV is checked with the scenario that uses it
          Excel (.xlsx)        its first sheet, as a CSV

        Example: sim validate data/scenarios/quang-tri-2020-plan.yaml data/quang-tri/sites-2017.csv
        """
    )

    @Argument(help: "Files to check.") var files: [String]
    @OptionGroup var inputCRS: InputCRSOption

    func run() async throws {
        try await reportingErrors {
            for f in files {
                let lower = f.lowercased()
                if !f.hasPrefix("/vsi") {
                    // Before anything opens it (a FIFO would block); each reader then applies its own size limit.
                    do { try InputFile.check(f, limitBytes: Int.max, what: "file") } catch let e as CoverageError { throw SimError.input(e.description) }
                }
                if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
                    try await yaml(f)
                } else if lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
                    try csv(f)
                } else {
                    try gis(f)
                }
            }
        }
    }

    /// A scenario (every input, the planner's files) or a sweep file (every variant).
    func yaml(_ f: String) async throws {
        let top = try YNode.parse(try YNode.readText(f), file: f)
        if top.lookup(["axes"]) != nil && top.lookup(["base"]) != nil {
            let sweep = try SweepFile.load(path: f)
            print("\(f): ok — sweep of \(sweep.runs.count) runs over \(sweep.axes.map(\.key).joined(separator: ", "))")
            return
        }
        var s = try Scenario.load(path: f)
        s.inputs.fallbackCRSEPSG = try inputCRS.epsg
        let study = try await Study.load(s, workers: Parallel.defaultWorkers)
        let plan = try PlanRun.checkInputs(study)
        warn(study.warnings + plan.warnings)
        print("\(f): ok — scenario '\(s.name)', \(study.districts.count) districts, \(study.sites.count) sites, \(study.population.count) population cells"
              + (s.planner != nil ? "; \(plan.summary)" : ""))
    }

    /// A table — a CSV file, or the first sheet of an Excel workbook — by its header: sites,
    /// population points or costs.
    func csv(_ f: String) throws {
        let header = try CSVTable.header(f)
        if Set(["item", "cost_vnd"]).isSubset(of: header) {
            print("\(f): ok — \(try PlanCosts.load(f).byItem.count) cost items")
        } else if header.contains("district_id") && header.contains("year") {
            throw SimError.input("\(f): a targets table is checked against the districts and budget years of its scenario; validate the scenario that names it (planner.targets)")
        } else if header.contains("population") && !header.contains("height_m") {
            print("\(f): ok — \(try Inputs.populationPoints(f).count) population points")
        } else {
            let sites = try Inputs.sites(f)
            if sites.isEmpty { warn(["\(f): no sites: 4G coverage will be 0 %"]) }
            print("\(f): ok — \(sites.count) sites")
        }
    }

    /// A GIS file: a polygon layer gets the district checks of a run; any other layer its features read.
    func gis(_ f: String) throws {
        let options = LayerOptions(fallbackCRSEPSG: try inputCRS.epsg)
        let layers: [(place: String, features: [GeoFeature], note: String, options: LayerOptions)]
        if Inputs.isGeoJSON(f, options) {
            layers = [(f, try Inputs.features(f), "", options)]
        } else {
            try Inputs.checkGDALInput(f)
            layers = try GDALVector.layerNames(f).map { name in
                let l = try GDALVector.read(f, layer: name, crs: options.sourceCRS)
                do { try InputFile.checkVertexCount(l.features.reduce(0) { $0 + $1.geometry.vertexCount }, place: l.place) }
                catch let e as CoverageError { throw SimError.input(e.description) }
                var o = options
                o.layer = name
                return (l.place, l.features, " (\(l.driver), from \(l.sourceCRS))", o)
            }
        }
        for l in layers {
            if !l.features.isEmpty && l.features.allSatisfy({ !$0.geometry.polygons.isEmpty }) {
                let raw = try Inputs.districts(place: l.place, features: l.features)
                let (_, districts, warnings) = try Study.projectDistricts(raw, path: l.place, crsEPSG: nil, scenarioFile: f, environment: { _ in .rural })
                warn(warnings)
                print("\(l.place): ok — \(districts.count) districts\(l.note)\(warnings.isEmpty ? "" : ", \(warnings.count) invalid polygons (repaired in a run)")")
            } else {
                print("\(l.place): ok — \(l.features.count) features\(l.note)")
            }
        }
    }
}
