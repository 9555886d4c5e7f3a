import Coverage
import Foundation

/// Everything a run needs, loaded, checked and projected once (shared by the runs of a sweep
/// whose axes leave the inputs alone).
package struct Study: Sendable {
    package var scenario: Scenario
    package var projection: Projection
    package var districts: [District]
    package var sites: [Site]
    /// District index of each site (−1 outside all districts).
    package var siteDistrict: [Int]
    package var towns: [(name: String, position: Point2)]
    package var roads: [LineString2]
    package var population: PopulationSurface
    /// The cable network and access nodes (empty unless fixed broadband is enabled).
    var cables: [Cable] = []
    var olts: [AccessNode] = []
    /// Elevation data and terrain settings when the scenario has a `terrain:` section.
    var terrain: TerrainCoverage? = nil
    /// The receiver's land class per place (nil with `clutter.source: districts`).
    package var clutter: ClutterMap? = nil
    /// Per class of ``clutter``, its share (0–1) of the clutter pixels whose centre lies in a district; nil without a map.
    package var clutterShares: [Double]? = nil
    package var warnings: [String]

    package static func load(_ s: Scenario, workers: Int) async throws -> Study {
        // The site list is read (parsed and checked, not yet placed) beside the district layer; its errors are still
        // reported where they were, after those of the districts, terrain, places and roads.
        async let sitesRead = s.inputs.sites.map { try Inputs.sites($0, s.inputs.options("sites")) } ?? []
        var (projection, districts, warnings) = try loadDistricts(s.inputs.districts, s.inputs.options("districts"), crsEPSG: s.crsEPSG,
                                                                  scenarioFile: s.file, environment: s.environment(ofDistrict:))
        let terrain = try s.terrain.map { try loadTerrain($0, projection: projection, file: s.file) }
        warnings += terrain?.dem.warnings ?? []
        let projector = try Projector(projection)
        for key in s.environments.keys.sorted() where !districts.contains(where: { $0.id == key }) {
            throw SimError.input("\(s.file): environments names district '\(key)', which is not in \(s.inputs.districts) (ids: \(districts.map(\.id).joined(separator: ", ")))")
        }

        let towns = try s.inputs.places.map { try Inputs.places($0, s.inputs.options("places")).map { (name: $0.name, position: try projector.forward($0.lonLat)) } } ?? []
        let roads = try s.inputs.roads.map { try Inputs.lines($0, s.inputs.options("roads")).map { LineString2(try projector.forward($0.points)) } } ?? []

        // Sites: project, locate in a district, apply overrides.
        var rawSites = try await sitesRead
        if let path = s.inputs.sites, rawSites.isEmpty { warnings.append("\(path): no sites: 4G coverage will be 0 %") }
        if let path = s.inputs.cells {
            let (cells, ignored) = try Inputs.cells(path, s.inputs.options("cells"))
            if cells.isEmpty { warnings.append("\(path): no cells: they add no coverage") }
            if !ignored.isEmpty { warnings.append("\(path): columns not read: \(ignored.joined(separator: ", ")) (README \"Cells\" lists the columns and their spellings)") }
            let (cellSites, notes) = try Inputs.cellSites(cells, file: path, antennas: AntennaLibrary(folder: s.inputs.antennas, cellsFile: path), settings: s.radio)
            warnings += notes
            var ids = Dictionary(rawSites.map { ($0.id, $0.place) }, uniquingKeysWith: { a, _ in a })
            for c in cellSites {
                if let first = ids[c.id] { throw SimError.input("\(c.place): site id '\(c.id)' is also on \(first); a site comes from the site list or the cell list, not both") }
                ids[c.id] = c.place
            }
            rawSites += cellSites
        }
        let located = try locate(rawSites.map { try projector.forward(Point2($0.lon, $0.lat)) }, in: districts)
        let province = districts.map(\.bounds).reduce(districts[0].bounds) { $0.union($1) }
        var sites: [Site] = []
        for (i, r) in rawSites.enumerated() {
            let pos = try projector.forward(Point2(r.lon, r.lat))
            if located[i] < 0 {
                let swapped = try? projector.forward(Point2(r.lat, r.lon))
                if let sw = swapped, province.contains(sw) {
                    throw SimError.input("\(r.place): site \(r.id) at lon \(r.lon), lat \(r.lat) looks like lon and lat are swapped; swap the columns")
                }
                warnings.append("\(r.place): site \(r.id) is outside all districts; it still covers what it reaches")
            }
            sites.append(try site(r, position: pos, districtID: located[i] >= 0 ? districts[located[i]].id : nil, scenario: s))
        }
        for o in s.overrides { if let d = o.district, !districts.contains(where: { $0.id == d }) { throw SimError.input("\(s.file): site_overrides names district '\(d)', which is not in the district layer") } }

        let population: PopulationSurface
        if let p = s.inputs.population {
            let pts = try Inputs.populationPoints(p, s.inputs.options("population"))
            let xy = try projector.forward(pts.map(\.lonLat))
            let where_ = try locate(xy, in: districts)
            population = PopulationSurface(positions: xy, lonLat: pts.map(\.lonLat), district: where_.map { Int32($0) },
                                           population: pts.map(\.population), cellSizeMeters: nil)
            let outside = where_.filter { $0 < 0 }.count
            if outside > 0 { warnings.append("\(p): \(outside) population points lie outside all districts and are not counted") }
        } else {
            population = try await PopulationSurface.synthesize(districts: districts, towns: towns.map(\.position), roads: roads,
                                                                cellSizeMeters: s.population.cellSizeMeters, weights: s.population.weights,
                                                                origin: s.population.gridOrigin == .districtsBounds ? PopulationSurface.gridOrigin(districtsBounds: districts) : Point2(0, 0),
                                                                projection: projection, workers: workers)
        }
        var cables: [Cable] = [], olts: [AccessNode] = []
        if s.fixed.enabled {
            guard let cp = s.inputs.cables, let op = s.inputs.olts else {
                throw SimError.input("\(s.file): fixed_broadband.enabled is true but inputs.cables or inputs.olts is missing")
            }
            cables = try Inputs.cables(cp, s.inputs.options("cables"), projector: projector)
            olts = try Inputs.olts(op, s.inputs.options("olts"), projector: projector, defaultReachKm: s.fixed.defaultReachKm)
        }
        let clutter = try loadClutter(s, districts: districts, population: population, epsg: projection.epsg)
        var clutterShares: [Double]? = nil
        if let map = clutter {
            // A district's `environment` (districts.* outputs) becomes the one most of its clutter pixels have; the
            // classes' shares of the districts' pixels go to summary.json and the report.
            let inside = try Rasterize.polygonIndex(districts.map(\.polygons), grid: map.grid)
            var counts = [[Int]](repeating: [Int](repeating: 0, count: Environment.allCases.count), count: districts.count)
            var perClass = [Int](repeating: 0, count: map.classes.count)
            let envIndex = map.classes.map { Environment.allCases.firstIndex(of: $0.environment)! }
            for (i, d) in inside.enumerated() where d >= 0 {
                let c = Int(map.slots[i])
                counts[Int(d)][envIndex[c]] += 1; perClass[c] += 1
            }
            let total = perClass.reduce(0, +)
            clutterShares = perClass.map { total == 0 ? 0 : Double($0) / Double(total) }
            for d in districts.indices {
                let best = counts[d].indices.max { counts[d][$0] < counts[d][$1] || (counts[d][$0] == counts[d][$1] && $0 > $1) }!
                if counts[d][best] > 0 { districts[d].environment = Environment.allCases[best] }
            }
        }
        return Study(scenario: s, projection: projection, districts: districts, sites: sites, siteDistrict: located,
                     towns: towns, roads: roads, population: population, cables: cables, olts: olts, terrain: terrain, clutter: clutter,
                     clutterShares: clutterShares, warnings: warnings)
    }

    /// One site of a record as a run builds it: at `position` (the record's lon/lat projected), with the scenario's
    /// `site_overrides` for its district (`districtID`, nil outside every district) and technology applied.
    /// `sim serve` builds the sites it adds or edits through this too, so they equal a run's.
    /// - Throws: `SimError.input` when the overrides leave an antenna below 1 m.
    package static func site(_ r: Inputs.RawSite, position pos: Point2, districtID: String?, scenario s: Scenario) throws -> Site {
        var site = r.cells.map { Site(id: r.id, lon: r.lon, lat: r.lat, position: pos, technology: r.technology, cells: $0, year: r.year) }
            ?? Site(id: r.id, lon: r.lon, lat: r.lat, position: pos, heightMeters: r.heightMeters, technology: r.technology,
                    bandMHz: r.bandMHz, powerDBm: r.powerDBm, azimuthsDegrees: r.azimuths, year: r.year)
        for o in s.overrides where (o.district == nil || o.district == districtID) && (o.technology == nil || o.technology == site.technology) {
            site.updateCells { c in
                if let h = o.heightMeters { c.heightMeters = h }
                c.heightMeters += o.heightAddMeters
                if let p = o.powerDBm { c.powerDBm = p }
                if let b = o.bandMHz { c.bandMHz = b }
            }
        }
        if site.cells.contains(where: { $0.heightMeters < 1 }) { throw SimError.input("\(s.file): site_overrides leave site \(r.id) at \(site.heightMeters) m; heights must stay ≥ 1 m") }
        return site
    }

    /// The clutter map of `clutter:`: nil for `districts`; by density on the population cells' grid (or
    /// `resolution_m`) over the districts; or the land-cover raster read over the districts grown by `margin_m`.
    static func loadClutter(_ s: Scenario, districts: [District], population: PopulationSurface, epsg: Int) throws -> ClutterMap? {
        let c = s.clutter
        let box = districts.map(\.bounds).reduce(districts[0].bounds) { $0.union($1) }
        switch c.source {
        case .districts:
            return nil
        case .density:
            let grid = RasterGrid(covering: box, marginMeters: 0, cellSizeMeters: c.resolutionMeters ?? population.cellSizeMeters ?? s.population.cellSizeMeters, epsg: epsg)
            do {
                return try ClutterMap.fromDensity(population: population, grid: grid, thresholds: c.thresholds, fallback: c.fallback)
            } catch let e as CoverageError { throw SimError.input("\(s.file): \(e)") }
        case .raster:
            let path = s.inputs.clutter!
            let grid = RasterGrid(covering: box, marginMeters: c.marginMeters, cellSizeMeters: c.resolutionMeters ?? 50, epsg: epsg)
            do {
                return try ClutterMap.read(path: path, classes: c.classes, fallback: c.fallback, grid: grid)
            } catch let e as CoverageError { throw SimError.input("\(e)") }
        }
    }

    /// The environment of each of `sites`: the clutter class at its mast, or (`clutter.source: districts`) its
    /// district's, `environments.default` outside every district. `districtIndex` has one entry per site (−1 outside).
    package func environments(of sites: [Site], districtIndex: [Int]) -> [Environment] {
        if let clutter { return sites.map { clutter.class(at: $0.position).environment } }
        return districtIndex.map { $0 >= 0 ? districts[$0].environment : scenario.defaultEnvironment }
    }

    /// ``environments(of:districtIndex:)`` of the study's own sites.
    package var siteEnvironments: [Environment] { environments(of: sites, districtIndex: siteDistrict) }

    /// Reads a district layer as a run does: ids, names and census population checked
    /// (``Inputs/districts(_:_:)``), projected (to `crsEPSG`, or the UTM zone of the layer's centre),
    /// invalid polygons repaired with GEOS make-valid (a warning each) and refused when nothing is left.
    /// `sim validate` gives a district file these same checks.
    package static func loadDistricts(_ path: String, _ options: LayerOptions, crsEPSG: Int?, scenarioFile: String,
                              environment: (String) -> Environment) throws -> (Projection, [District], [String]) {
        try projectDistricts(try Inputs.districts(path, options), path: path, crsEPSG: crsEPSG, scenarioFile: scenarioFile, environment: environment)
    }

    /// Projects district records (to `crsEPSG`, or the UTM zone of their centre), repairing invalid polygons.
    package static func projectDistricts(_ raw: [Inputs.RawDistrict], path: String, crsEPSG: Int?, scenarioFile: String,
                                  environment: (String) -> Environment) throws -> (Projection, [District], [String]) {
        var warnings: [String] = []
        let projection: Projection
        do {
            if let epsg = crsEPSG { projection = try Projection(epsg: epsg) } else {
                let b = BoundingBox(points: raw.flatMap { $0.polygons.flatMap(\.exterior) })!
                projection = try Projection.utm(lon: (b.minX + b.maxX) / 2, lat: (b.minY + b.maxY) / 2)
            }
        } catch { throw SimError.input("\(scenarioFile): crs_epsg: \(error)") }
        let projector = try Projector(projection)
        var districts: [District] = []
        for (i, d) in raw.enumerated() {
            var polys = try d.polygons.map { p in Polygon2(exterior: try projector.forward(p.exterior), holes: try p.holes.map { try projector.forward($0) }) }
            let checked = try Overlay.validated(polys)
            if let reason = checked.invalidReason {
                polys = checked.polygons
                warnings.append("\(path): feature \(i) (district \(d.id)) is invalid (\(reason)); repaired with GEOS make-valid")
                if polys.isEmpty { throw SimError.input("\(path): feature \(i) (district \(d.id)) has no area after repair; fix its polygon") }
            }
            districts.append(District(id: d.id, name: d.name, nameASCII: d.nameASCII, population: d.population, polygons: polys,
                                      polygonsLonLat: d.polygons, environment: environment(d.id)))
        }
        return (projection, districts, warnings)
    }

    /// Loads the DEM of a `terrain:` section.
    static func loadTerrain(_ t: TerrainScenario, projection: Projection, file: String) throws -> TerrainCoverage {
        do {
            return TerrainCoverage(dem: try DEM.load(path: t.demPath), projection: projection, settings: t.settings)
        } catch let e as CoverageError {
            throw SimError.input("\(file): terrain.dem: \(e)")
        }
    }

    /// District index holding each point (first district covering it), −1 for none.
    static func locate(_ points: [Point2], in districts: [District]) throws -> [Int] {
        try RegionIndex(districts.map(\.polygons)).locate(points)
    }
}
