import Coverage
import Foundation

/// The results of one `sim run`: 4G footprints and district statistics.
package struct CoverageRun: Sendable {
    var study: Study
    var radio: RadioCoverage.Result
    /// The model behind each footprint (same order as `radio.footprints`), e.g. "cost231-hata:open" or "disk:5000 m".
    var modelNames: [String]
    /// With `radio.cell_footprints`: each cell's own footprint (its site's other cells left out), with the model
    /// names, in site then cell order; `cells[k]` names footprint k's (site index, cell).
    var cellFootprints: (radio: RadioCoverage.Result, modelNames: [String], cells: [(site: Int, cell: Cell)])? = nil
    package var stats: DistrictStatistics.Result
    /// Fixed-broadband reach, when the scenario enables it.
    package var fixed: FixedReach.Result?
    /// Prediction rasters, when the scenario enables them.
    package var prediction: PredictionRun?
    var warnings: [String]

    /// - Parameter computed: the sites' footprints and model names when they were computed elsewhere (`sim merge` of
    ///   `sim run --shard` folders); nil computes them here.
    package static func execute(_ study: Study, workers: Int, progress: Progress,
                                computed: (RadioCoverage.Result, [String])? = nil) async throws -> CoverageRun {
        let envs = study.siteEnvironments
        let radio: RadioCoverage.Result, modelNames: [String]
        if let computed {
            (radio, modelNames) = computed
        } else {
            progress.step("footprints of \(study.sites.filter { $0.technology.counts(toward: study.scenario.radio.technology) }.count) \(study.scenario.radio.technology.rawValue) sites")
            (radio, modelNames) = try await footprints(study, sites: study.sites, environments: envs, workers: workers, what: study.scenario.inputs.sites ?? study.scenario.inputs.cells ?? "sites")
        }
        var perCell: (radio: RadioCoverage.Result, modelNames: [String], cells: [(site: Int, cell: Cell)])? = nil
        if study.scenario.cellFootprints {
            // Each cell as a site of its own at the same mast: the same machinery gives its footprint, and a site's
            // footprint is the union of its cells' (a place is covered when some cell's margin is ≥ 0).
            var cells: [(site: Int, cell: Cell)] = [], singles: [Site] = [], cellEnvs: [Environment] = []
            for (si, s) in study.sites.enumerated() where s.technology.counts(toward: study.scenario.radio.technology) {
                for c in s.cells {
                    cells.append((si, c)); cellEnvs.append(envs[si])
                    singles.append(Site(id: s.id, lon: s.lon, lat: s.lat, position: s.position, technology: s.technology, cells: [c], year: s.year))
                }
            }
            progress.step("footprints of \(cells.count) cells")
            let (r, names) = try await footprints(study, sites: singles, environments: cellEnvs, workers: workers, what: study.scenario.inputs.sites ?? study.scenario.inputs.cells ?? "sites")
            perCell = (r, names, cells)
        }
        progress.step("district statistics over \(study.population.count) population cells")
        var stats = try await DistrictStatistics.compute(districts: study.districts, footprints: radio.footprints.flatMap(\.polygons),
                                                         population: study.population, workers: workers)
        var prediction: PredictionRun? = nil
        if let p = study.scenario.predictions {
            progress.step("prediction rasters at \(JSONValue.format(p.settings.cellSizeMeters)) m")
            prediction = try await PredictionRun.execute(study, p, environments: envs, workers: workers)
            if p.settings.coverageRequiresSINR, let pr = prediction { stats = pr.coverageStatistics(replacing: stats, population: study.population) }
        }
        var fixed: FixedReach.Result? = nil
        if study.scenario.fixed.enabled {
            progress.step("fixed-broadband reach over \(study.cables.count) cables from \(study.olts.count) OLTs")
            fixed = try await fixedReach(study, workers: workers)
        }
        return CoverageRun(study: study, radio: radio, modelNames: modelNames, cellFootprints: perCell, stats: stats, fixed: fixed, prediction: prediction,
                           warnings: study.warnings + CoverageRun.summarise(radio.warnings) + (fixed?.warnings ?? []))
    }

    /// Fixed-broadband reach of the study's cables and OLTs with the scenario's `fixed_broadband` settings.
    static func fixedReach(_ study: Study, workers: Int) async throws -> FixedReach.Result {
        let f = study.scenario.fixed
        do {
            return try await FixedReach.compute(cables: study.cables, olts: study.olts, districts: study.districts, population: study.population,
                                                settings: ReachSettings(snapToleranceMeters: f.snapToleranceMeters, dropDistanceMeters: f.dropDistanceMeters,
                                                                        householdSize: f.householdSize, defaultHouseholdSize: f.defaultHouseholdSize),
                                                workers: workers)
        } catch let e as CoverageError {
            throw SimError.input("\(study.scenario.inputs.cables ?? ""), \(study.scenario.inputs.olts ?? ""): \(e)")
        }
    }

    /// Footprints of `sites` (those of the scenario's technology): link budget and propagation
    /// models, or disks with the quick-study `radio.disk_radius_m`.
    /// - Parameter what: names the sites in an error (a file, or "planner candidates").
    static func footprints(_ study: Study, sites: [Site], environments: [Environment], workers: Int,
                           what: String) async throws -> (RadioCoverage.Result, [String]) {
        let radio = study.scenario.radio
        if let r = study.scenario.diskRadiusMeters {
            let result = RadioCoverage.disks(sites: sites, technology: radio.technology, radiusMeters: r, bearingStepDegrees: radio.bearingStepDegrees)
            return (result, result.footprints.map { _ in "disk:\(JSONValue.format(r)) m" })
        }
        do {
            // The elevation data come with the loaded inputs; the terrain settings from this run's scenario.
            var terrain = study.terrain
            if let t = study.scenario.terrain { terrain?.settings = t.settings }
            let result = try await RadioCoverage.footprints(sites: sites, environments: environments, settings: radio,
                                                            terrain: terrain, clutter: study.clutter, workers: workers)
            return (result, result.models.map(\.description))
        } catch let e as CoverageError {
            throw SimError.input("\(what): \(e)")
        }
    }

    /// Groups per-site warnings with the same message: "message (sites A, B, C and 40 more)".
    static func summarise(_ w: [String]) -> [String] {
        var order: [String] = []
        var sites: [String: [String]] = [:]
        for line in w {
            var site = "", message = line
            if line.hasPrefix("site "), let colon = line.range(of: ": ") {
                site = String(line[line.index(line.startIndex, offsetBy: 5)..<colon.lowerBound])
                message = String(line[colon.upperBound...])
            }
            if sites[message] == nil { order.append(message) }
            sites[message, default: []].append(site)
        }
        return order.map { m in
            let s = sites[m]!.filter { !$0.isEmpty }
            if s.isEmpty { return m }
            let shown = s.prefix(3).joined(separator: ", ")
            return "\(m) (site\(s.count > 1 ? "s" : "") \(shown)\(s.count > 3 ? " and \(s.count - 3) more" : ""))"
        }
    }
}

/// Progress of a run as timed step lines ("[  1.23 s] footprints…"), handed to a sink the front
/// end supplies (`sim` writes them to stderr when it is a terminal); without a sink, nothing.
package final class Progress: @unchecked Sendable {
    let sink: (@Sendable (String) -> Void)?
    let start = Date()
    package init(sink: (@Sendable (String) -> Void)? = nil) { self.sink = sink }
    package func step(_ what: String) {
        sink?("[\(String(format: "%6.2f", Date().timeIntervalSince(start))) s] \(what)…")
    }
}
