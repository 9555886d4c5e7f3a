import Coverage
import Foundation
import Planner

/// The state behind `sim serve`: a scenario loaded once, its network edited one step at a time (add, move,
/// change or delete a site, upgrade a 3G site to 4G, add or delete a cable route), each step recomputing only
/// what it touches — the edited site's footprint, the districts whose statistics that footprint (before or
/// after) reaches, and their population cells; fixed-broadband reach (a network property, ~30 ms on the
/// province) whole after a cable edit. The figures equal a full `sim run` of ``saveScenario(into:)``'s
/// scenario exactly (tests: EditSessionTests).
///
/// An actor: concurrent clients' edits run one after another. Every edit validates first and changes nothing
/// when it throws. Undo and redo restore whole earlier states (values, so exactly).
package actor EditSession {
    /// What one edit changes.
    package enum Edit: Sendable {
        /// A new site at lon/lat (WGS 84 degrees) with ``SiteSettings`` (missing values from the session's defaults).
        case addSite(lon: Double, lat: Double, SiteSettings)
        case moveSite(id: String, lon: Double, lat: Double)
        /// Changes the given values of a site (nil: unchanged).
        case changeSite(id: String, SiteSettings)
        case deleteSite(id: String)
        /// A 3G site becomes 4G on its mast with the planner's LTE band (as the planner's upgrade candidates); again: back.
        case toggleUpgrade(id: String)
        /// A new cable route through lon/lat points; with `snapStart` its first point moves onto the nearest served cable.
        case addCable(points: [Point2], placement: CablePlacement, snapStart: Bool)
        case deleteCable(id: String)
    }

    /// Radio values of an added or changed site; nil keeps the current (or default) value.
    package struct SiteSettings: Sendable, Equatable {
        package var heightMeters: Double?
        package var bandMHz: Double?
        package var powerDBm: Double?
        package var azimuthsDegrees: [Double]?
        package init(heightMeters: Double? = nil, bandMHz: Double? = nil, powerDBm: Double? = nil, azimuthsDegrees: [Double]? = nil) {
            (self.heightMeters, self.bandMHz, self.powerDBm, self.azimuthsDegrees) = (heightMeters, bandMHz, powerDBm, azimuthsDegrees)
        }
    }

    /// An edit refused: the state is unchanged. `notFound` names an unknown site or cable id (HTTP 404), `invalid` anything else (400).
    package enum EditError: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        case notFound(String)
        package var description: String { switch self { case .invalid(let m), .notFound(let m): return m } }
    }

    /// One network state; undo/redo keep whole copies (value types: copies share storage until changed).
    struct State: Sendable {
        var raw: [Inputs.RawSite]
        var sites: [Site]
        var siteDistrict: [Int]
        /// Footprint polygons per site (nil: not of the coverage technology).
        var footprints: [[Polygon2]?]
        /// Cables as written to a saved file: lon/lat geometry and properties, in file order.
        var cableFeatures: [GeoFeature]
        var cables: [Cable]
        var stats: DistrictStatistics.Result
        var fixed: FixedReach.Result?
        var nextSiteNumber = 1
        var nextCableNumber = 1
        /// Districts whose figures the last step recomputed.
        var touched: [Int] = []
    }

    package nonisolated let study: Study
    let projector: Projector
    let cellsByDistrict: [[Int]]
    let districtBounds: [BoundingBox]
    /// Area the study covers, grown by 50 km: positions outside are refused.
    let area: BoundingBox
    let costTable: PlanCosts?
    let defaults: SiteDefaults
    let workers: Int
    private(set) var state: State
    let initial: State
    private var undoStack: [State] = [], redoStack: [State] = []
    /// Edits, undos and redos so far (a plan started at another count is stale).
    private(set) var editCount = 0
    /// Milliseconds each applied edit took (recomputation included), for the page's p50/p95.
    private(set) var editMilliseconds: [Double] = []
    var planStatus: PlanStatus = .idle
    var planTask: Task<Void, Never>? = nil
    /// Undo depth kept (older steps are forgotten).
    static let undoLimit = 200
    /// Sites a session may hold, and points of one drawn cable (bounds on what a client can ask for).
    static let siteLimit = 20_000, cablePointLimit = 2_000

    /// Values of a site added without them: the planner's new-site settings (`new_site_height_m`,
    /// `lte_band_mhz`, `new_site_power_dbm`, `new_site_sectors`), or defaults.yaml's when the planner is off.
    package struct SiteDefaults: Sendable {
        package var heightMeters = 40.0, bandMHz = 1815.0, powerDBm = 43.0, sectors = 3
        package var azimuths: [Double] { sectors == 0 ? [] : (0..<sectors).map { Double($0) * 360 / Double(sectors) } }
    }

    /// Loads `path` as `sim run` does and computes its coverage and reach once.
    /// - Throws: `SimError.input` for a scenario the session cannot edit: a cell list (`inputs.cells`) or
    ///   prediction rasters that decide coverage (`coverage_requires_sinr`).
    package static func open(path: String, workers: Int, progress: Progress = Progress()) async throws -> EditSession {
        let study = try await ScenarioRun.load(path: path, workers: workers, progress: progress)
        let s = study.scenario
        if s.inputs.cells != nil {
            throw SimError.input("\(s.file): sim serve edits a site list (inputs.sites); this scenario has a cell list (inputs.cells) — run it with sim run")
        }
        if s.predictions?.settings.coverageRequiresSINR == true {
            throw SimError.input("\(s.file): predictions.coverage_requires_sinr makes coverage come from the rasters, which sim serve does not recompute; set it to false to edit")
        }
        let raw = try s.inputs.sites.map { try Inputs.sites($0, s.inputs.options("sites")) } ?? []
        let cableFeatures = try s.fixed.enabled ? s.inputs.cables.map { try Inputs.layer($0, s.inputs.options("cables")).features } ?? [] : []
        progress.step("coverage and reach of \(study.sites.count) sites")
        let run = try await CoverageRun.execute(study, workers: workers, progress: progress)
        var fps = [[Polygon2]?](repeating: nil, count: study.sites.count)
        for f in run.radio.footprints { fps[f.siteIndex] = f.polygons }
        let state = State(raw: raw, sites: study.sites, siteDistrict: study.siteDistrict, footprints: fps, cableFeatures: cableFeatures,
                          cables: study.cables, stats: run.stats, fixed: run.fixed)
        var defaults = SiteDefaults()
        if let p = s.planner {
            defaults = SiteDefaults(heightMeters: p.newSiteHeightMeters, bandMHz: p.lteBandMHz, powerDBm: p.newSitePowerDBm, sectors: p.newSiteSectors)
        }
        let costs = try s.planner.map { try PlanCosts.load($0.costsPath, sheet: $0.costsSheet) }
        return try EditSession(study: study, state: state, costs: costs, defaults: defaults, workers: workers)
    }

    init(study: Study, state: State, costs: PlanCosts?, defaults: SiteDefaults, workers: Int) throws {
        self.study = study
        self.projector = try Projector(study.projection)
        self.cellsByDistrict = study.population.cellsByDistrict(districtCount: study.districts.count)
        self.districtBounds = study.districts.map(\.bounds)
        let box = districtBounds.reduce(districtBounds[0]) { $0.union($1) }
        self.area = BoundingBox(minX: box.minX - 50_000, minY: box.minY - 50_000, maxX: box.maxX + 50_000, maxY: box.maxY + 50_000)
        self.costTable = costs; self.defaults = defaults; self.workers = workers
        self.state = state; self.initial = state
    }

    // MARK: Edits

    /// Applies one edit; returns the districts it recomputed. Throws ``EditError`` (state unchanged).
    @discardableResult
    package func apply(_ edit: Edit) async throws -> [Int] {
        let clock = ContinuousClock(), t0 = clock.now
        let touched = try await applying(edit)
        let d = clock.now - t0
        editMilliseconds.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        return touched
    }

    /// Median and 95th percentile (nearest rank) of the edits' times so far, ms; nil before the first edit.
    package var editLatency: (p50: Double, p95: Double, count: Int)? {
        guard !editMilliseconds.isEmpty else { return nil }
        let s = editMilliseconds.sorted()
        func rank(_ q: Double) -> Double { s[max(0, Int((q * Double(s.count)).rounded(.up)) - 1)] }
        return (rank(0.5), rank(0.95), s.count)
    }

    private func applying(_ edit: Edit) async throws -> [Int] {
        var next = state
        var changedSites: [(old: BoundingBox?, index: Int?)] = []   // old footprint box; index of the new/changed site
        var cablesChanged = false
        switch edit {
        case .addSite(let lon, let lat, let v):
            guard next.sites.count < Self.siteLimit else { throw EditError.invalid("the session holds \(Self.siteLimit) sites, the most it takes; delete one first") }
            let (lon, lat) = try checkedPosition(lon, lat)
            var id: String
            repeat { id = String(format: "WEB%03d", next.nextSiteNumber); next.nextSiteNumber += 1 } while next.raw.contains { $0.id == id }
            let r = Inputs.RawSite(id: id, lon: lon, lat: lat, heightMeters: v.heightMeters ?? defaults.heightMeters, technology: study.scenario.radio.technology,
                                   bandMHz: v.bandMHz ?? defaults.bandMHz, powerDBm: v.powerDBm ?? defaults.powerDBm,
                                   azimuths: v.azimuthsDegrees ?? defaults.azimuths, year: nil, place: "sim serve: site \(id)")
            try checkSettings(r)
            next.raw.append(r); next.sites.append(try placeholderSite(r)); next.siteDistrict.append(-1); next.footprints.append(nil)
            changedSites.append((nil, next.raw.count - 1))
        case .moveSite(let id, let lon, let lat):
            let i = try siteIndex(id, in: next)
            let (lon, lat) = try checkedPosition(lon, lat)
            next.raw[i].lon = lon; next.raw[i].lat = lat
            changedSites.append((box(next.footprints[i]), i))
        case .changeSite(let id, let v):
            let i = try siteIndex(id, in: next)
            if let h = v.heightMeters { next.raw[i].heightMeters = h }
            if let b = v.bandMHz { next.raw[i].bandMHz = b }
            if let p = v.powerDBm { next.raw[i].powerDBm = p }
            if let a = v.azimuthsDegrees { next.raw[i].azimuths = a }
            try checkSettings(next.raw[i])
            changedSites.append((box(next.footprints[i]), i))
        case .deleteSite(let id):
            let i = try siteIndex(id, in: next)
            changedSites.append((box(next.footprints[i]), nil))
            next.raw.remove(at: i); next.sites.remove(at: i); next.siteDistrict.remove(at: i); next.footprints.remove(at: i)
        case .toggleUpgrade(let id):
            let i = try siteIndex(id, in: next)
            let coverageTech = study.scenario.radio.technology
            if let original = initial.raw.first(where: { $0.id == id }), original.technology != coverageTech, next.raw[i].technology == coverageTech {
                next.raw[i].technology = original.technology; next.raw[i].bandMHz = original.bandMHz
            } else if next.raw[i].technology != coverageTech {
                next.raw[i].technology = coverageTech; next.raw[i].bandMHz = defaults.bandMHz
            } else {
                throw EditError.invalid("site \(id) is a \(coverageTech.rawValue) site of the scenario; only 3G sites (and their upgrades) toggle")
            }
            changedSites.append((box(next.footprints[i]), i))
        case .addCable(let points, let placement, let snapStart):
            guard study.scenario.fixed.enabled else { throw EditError.invalid("fixed broadband is off in this scenario (fixed_broadband.enabled); cables change nothing") }
            guard (2...Self.cablePointLimit).contains(points.count) else { throw EditError.invalid("a cable route needs 2 to \(Self.cablePointLimit) points; got \(points.count)") }
            guard placement != .duct else { throw EditError.invalid("placement must be aerial or underground") }
            var lonLat = try points.map { p -> Point2 in let (x, y) = try checkedPosition(p.x, p.y); return Point2(x, y) }
            if snapStart { lonLat[0] = try snapToServed(lonLat[0], in: next) }
            var id: String
            repeat { id = "WEB-C\(next.nextCableNumber)"; next.nextCableNumber += 1 } while next.cables.contains { $0.id == id }
            let cable = Cable(id: id, kind: .distribution, placement: placement, line: LineString2(try projector.forward(lonLat)))
            do { try cable.validate() } catch { throw EditError.invalid("cable route: \(error)") }
            next.cables.append(cable)
            next.cableFeatures.append(GeoFeature(index: next.cableFeatures.count, geometry: .lineString(LineString2(lonLat)),
                                                 properties: .object([("id", .string(id)), ("kind", .string("distribution")), ("placement", .string(placement.rawValue))])))
            cablesChanged = true
        case .deleteCable(let id):
            guard let k = next.cables.firstIndex(where: { $0.id == id }) else { throw EditError.notFound("no cable '\(id)' in this session") }
            // A cable feature read from a MultiLineString became "id#k" cables; only whole features are deleted.
            guard let f = next.cableFeatures.firstIndex(where: { $0.properties["id"]?.stringValue == id }) else {
                throw EditError.invalid("cable '\(id)' is part of a multi-part feature; edit that file instead")
            }
            next.cables.remove(at: k); next.cableFeatures.remove(at: f)
            cablesChanged = true
        }

        // The changed site: built as a run builds it, located, its footprint computed alone.
        var boxes: [BoundingBox] = []
        for (old, index) in changedSites {
            if let old { boxes.append(old) }
            guard let i = index else { continue }
            let r = next.raw[i]
            let pos = try projector.forward(Point2(r.lon, r.lat))
            let d = try Study.locate([pos], in: study.districts)[0]
            let site: Site
            do { site = try Study.site(r, position: pos, districtID: d >= 0 ? study.districts[d].id : nil, scenario: study.scenario) }
            catch let e as SimError { throw EditError.invalid(e.message) }
            next.sites[i] = site; next.siteDistrict[i] = d
            if site.technology.counts(toward: study.scenario.radio.technology) {
                let env = study.environments(of: [site], districtIndex: [d])
                let (result, _) = try await CoverageRun.footprints(study, sites: [site], environments: env, workers: 1, what: "sim serve")
                next.footprints[i] = result.footprints.first?.polygons ?? []
            } else {
                next.footprints[i] = nil
            }
            if let b = box(next.footprints[i]) { boxes.append(b) }
        }
        var touched: [Int] = []
        if !boxes.isEmpty {
            touched = districtBounds.indices.filter { d in boxes.contains { $0.intersects(districtBounds[d]) } }
            let flat = next.footprints.compactMap { $0 }.flatMap { $0 }
            let fresh = try await DistrictStatistics.compute(touched, districts: study.districts, footprints: flat, population: study.population, workers: workers)
            for (k, d) in touched.enumerated() {
                next.stats.districts[d] = fresh[k].coverage
                for c in cellsByDistrict[d] { next.stats.cellCovered[c] = false }
                for c in fresh[k].coveredCells { next.stats.cellCovered[c] = true }
            }
        }
        if cablesChanged {
            var changedStudy = study
            changedStudy.cables = next.cables
            next.fixed = try await CoverageRun.fixedReach(changedStudy, workers: workers)
            touched = Array(study.districts.indices)
        }
        next.touched = touched
        editCount += 1
        undoStack.append(state)
        if undoStack.count > Self.undoLimit { undoStack.removeFirst() }
        redoStack.removeAll()
        state = next
        return touched
    }

    /// Undoes the last edit; false when there is none.
    @discardableResult
    package func undo() -> Bool {
        guard let previous = undoStack.popLast() else { return false }
        redoStack.append(state); state = previous
        editCount += 1
        state.touched = Array(study.districts.indices)
        return true
    }

    /// Redoes the last undone edit; false when there is none.
    @discardableResult
    package func redo() -> Bool {
        guard let next = redoStack.popLast() else { return false }
        undoStack.append(state); state = next
        editCount += 1
        state.touched = Array(study.districts.indices)
        return true
    }

    package var canUndo: Bool { !undoStack.isEmpty }
    package var canRedo: Bool { !redoStack.isEmpty }

    // MARK: Checks

    func siteIndex(_ id: String, in s: State) throws -> Int {
        guard let i = s.raw.firstIndex(where: { $0.id == id }) else { throw EditError.notFound("no site '\(id)' in this session") }
        return i
    }

    /// lon/lat finite, inside the study area grown by 50 km, rounded to 10⁻⁷° (1 cm) as the saved files write them.
    func checkedPosition(_ lon: Double, _ lat: Double) throws -> (Double, Double) {
        guard lon.isFinite, lat.isFinite, abs(lon) <= 180, abs(lat) <= 90 else {
            throw EditError.invalid("position lon \(lon), lat \(lat) is not a WGS 84 position in degrees")
        }
        let (x, y) = ((lon * 1e7).rounded() / 1e7, (lat * 1e7).rounded() / 1e7)
        let p = try projector.forward(Point2(x, y))
        guard area.contains(p) else { throw EditError.invalid("position lon \(x), lat \(y) is more than 50 km outside the study's districts") }
        return (x, y)
    }

    /// The site table's own ranges (``Inputs/sites(_:_:)``).
    func checkSettings(_ r: Inputs.RawSite) throws {
        func check(_ v: Double, _ name: String, _ range: ClosedRange<Double>) throws {
            guard v.isFinite, range.contains(v) else {
                throw EditError.invalid("\(name) = \(v) is outside \(JSONValue.format(range.lowerBound))…\(JSONValue.format(range.upperBound))")
            }
        }
        try check(r.heightMeters, "height_m", 1...300)
        try check(r.bandMHz, "band_mhz", 100...6000)
        try check(r.powerDBm, "power_dbm", 0...70)
        guard r.azimuths.count <= 12 else { throw EditError.invalid("azimuths_deg: at most 12 sectors; got \(r.azimuths.count)") }
        for a in r.azimuths { guard a.isFinite, a >= 0, a < 360 else { throw EditError.invalid("azimuth \(a) must be degrees in 0…360") } }
    }

    /// A stand-in replaced in ``apply(_:)`` once the record is located.
    func placeholderSite(_ r: Inputs.RawSite) throws -> Site {
        Site(id: r.id, lon: r.lon, lat: r.lat, position: Point2(0, 0), heightMeters: r.heightMeters, technology: r.technology,
             bandMHz: r.bandMHz, powerDBm: r.powerDBm, azimuthsDegrees: r.azimuths, year: nil)
    }

    func box(_ polygons: [Polygon2]?) -> BoundingBox? {
        guard let polygons, !polygons.isEmpty else { return nil }
        return BoundingBox(points: polygons.flatMap(\.exterior))
    }

    /// The nearest point (lon/lat, rounded as positions are) of a served cable piece within 2 km of `lonLat`.
    func snapToServed(_ lonLat: Point2, in s: State) throws -> Point2 {
        let p = try projector.forward(lonLat)
        var best: (d: Double, q: Point2)? = nil
        for seg in s.fixed?.segments ?? [] {
            for part in seg.servedParts {
                for (a, b) in zip(part.points, part.points.dropFirst()) {
                    // The closest point of segment ab to p: the projection clamped to the segment.
                    let (dx, dy) = (b.x - a.x, b.y - a.y), len2 = dx * dx + dy * dy
                    let t = len2 > 0 ? min(1, max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0
                    let q = Point2(a.x + t * dx, a.y + t * dy)
                    let d = ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
                    if best == nil || d < best!.d { best = (d, q) }
                }
            }
        }
        guard let b = best, b.d <= 2_000 else { throw EditError.invalid("start the route within 2 km of a served cable (none is that close)") }
        let ll = try projector.inverse(b.q)
        let (x, y) = try checkedPosition(ll.x, ll.y)
        return Point2(x, y)
    }
}
