import Coverage
import Foundation

/// What a run's figures rest on, read from the run's own scenario and input files — the box at the
/// top of report.html ("Số liệu dựa trên gì" / "What these figures rest on"):
///
/// - **real**: a layer the project publishes as real data (data/README.md, data/SOURCES.md),
///   recognised by its content — byte size and FNV-1a 64-bit digest of the file (``KnownLayer``) —
///   so a copy anywhere counts and an edited file does not;
/// - **synthetic or assumed**: a file whose header marks it — the word `SYNTHETIC` (what `sim
///   generate` writes into the first comment line of a site list and the `description` of a cable
///   or OLT layer) or `ASSUMPTION`/`ASSUMPTIONS` (the comment lines of the project's costs and
///   targets); the population surface sim spreads over a grid with assumed weights; the budgets,
///   which the scenario sets;
/// - **supplied by the user**: any other file (no mark, not a published layer), and the DEM;
/// - **model limits**: flat earth or terrain (the scenario's `terrain.dem`), or the quick-study disk;
///   clutter: the scenario's `clutter.source` — environment per place from population density (with the
///   districts' area share of each environment when the map was built), a land-cover raster, or one class per
///   district (`environments:`); calibration against drive tests: the scenario's `calibration_result:` (what
///   `sim calibrate` writes into calibrated.yaml: the measurement file, bins and RMSE), or none.
///
/// Nothing here is claimed without looking: a scenario that swaps in its own sites gets "supplied
/// by the user", one with a DEM gets "terrain".
package struct Provenance: Sendable {
    /// What an input is for.
    package enum Role: Sendable, Equatable {
        case boundaries, census, places, roads, sites, cells, cables, olts
        case populationPoints, populationSurface, costs, targets, candidateSites, candidateRoutes, budgets, dem
    }

    /// Where an input comes from.
    package enum Origin: Sendable, Equatable {
        /// A layer the project publishes as real data; the text names its source.
        case real(Message)
        /// The file is marked `SYNTHETIC`.
        case synthetic
        /// The file is marked `ASSUMPTION` (or `ASSUMPTIONS`).
        case assumed
        /// No mark and not a published layer: the user's own data.
        case user
        /// Computed by sim from other inputs with assumed weights on a grid of this spacing (m).
        case modelled(cellSizeMeters: Double)
        /// Set in the scenario file itself (the budgets).
        case scenario
    }

    /// One line of the box: an input's role, its file name (nil when it has none) and its origin.
    package struct Item: Sendable, Equatable {
        package var role: Role
        package var file: String?
        package var origin: Origin
    }

    /// How coverage treats the ground.
    package enum Ground: Sendable, Equatable {
        /// No DEM: path loss over flat earth.
        case flat
        /// Terrain from a DEM (its file or folder name), with these terrain models.
        case terrain(dem: String, models: [String])
        /// The quick-study disk: every site covers a disk of this radius (m).
        case disk(radiusMeters: Double)
    }

    /// Every input the run read, in the order of the scenario's keys.
    package var items: [Item]
    /// Flat earth, terrain or disk.
    package var ground: Ground
    /// District names per environment class (urban, suburban, rural; empty classes left out), and the default class.
    package var environments: [(environment: Environment, districts: [String])]
    package var defaultEnvironment: Environment
    /// Where the receiver's environment comes from (`clutter.source`).
    package enum ClutterBasis: Sendable, Equatable {
        case districts
        case density(urbanPerKm2: Double, suburbanPerKm2: Double)
        case raster(file: String, classes: Int)
    }
    package var clutter: ClutterBasis
    /// Share of the districts' area (0–1) per environment of the clutter map, largest first; empty without a map.
    package var environmentShares: [(environment: Environment, share: Double)] = []
    /// What the propagation model was calibrated on (the scenario's `calibration_result:`); nil when it was not.
    package var calibration: CalibrationRecord? = nil
    /// Whether the propagation model is calibrated against drive tests (the scenario has a `calibration_result:`).
    package var calibrated: Bool { calibration != nil }

    /// The box's calibration line, HTML: "Calibrated against drive tests: yes — RMSE 7.27 dB over 5164 bins (dt.csv);
    /// remaining standard deviation 7.27 dB", or "…: no".
    package func calibrationLimitHTML(_ t: Messages) -> String {
        guard let c = calibration else { return t.html(.limitCalibration) }
        return t.html(.limitCalibrated, t.decimal(c.rmseAfterDB, 2), t.integer(Int64(c.bins)), "<code>\(HTML.escape(c.measurements))</code>",
                      t.decimal(c.stdAfterDB, 2))
    }

    /// The box's first group: inputs from published real layers.
    package var real: [Item] { items.filter { if case .real = $0.origin { return true } else { return false } } }
    /// The second group: marked synthetic or assumed, modelled with assumed weights, or set by the scenario.
    package var syntheticOrAssumed: [Item] {
        items.filter { switch $0.origin { case .synthetic, .assumed, .modelled, .scenario: return true; default: return false } }
    }
    /// The third group: the user's own files.
    package var user: [Item] { items.filter { $0.origin == .user } }

    /// The provenance of a study's scenario (its files are read again, only their first kilobytes
    /// unless the size matches a published layer).
    package init(_ study: Study) {
        self.init(scenario: study.scenario, districts: study.districts.map { ($0.name, $0.environment) })
        if let map = study.clutter, let shares = study.clutterShares {
            var byEnv: [Environment: Double] = [:]
            for (i, c) in map.classes.enumerated() { byEnv[c.environment, default: 0] += shares[i] }
            environmentShares = Environment.allCases.compactMap { e in byEnv[e].flatMap { $0 > 0 ? (e, $0) : nil } }
                .sorted { $0.share > $1.share }
        }
    }

    /// - Parameters:
    ///   - scenario: the run's scenario (paths absolute, as loaded).
    ///   - districts: each district's name and environment class, in the district layer's order.
    package init(scenario s: Scenario, districts: [(name: String, environment: Environment)]) {
        var items: [Item] = []
        func add(_ role: Role, _ path: String?) {
            guard let path else { return }
            items.append(Item(role: role, file: Provenance.displayName(path), origin: Provenance.origin(of: path)))
        }
        // Districts: boundaries and census population from the same file.
        let known = Provenance.knownLayer(s.inputs.districts)
        let districtsOrigin = known.map { .real($0.source) } ?? Provenance.origin(of: s.inputs.districts)
        let name = Provenance.displayName(s.inputs.districts)
        items.append(Item(role: .boundaries, file: name, origin: districtsOrigin))
        items.append(Item(role: .census, file: name, origin: known?.census.map { .real($0) } ?? districtsOrigin))
        if let p = s.inputs.population {
            add(.populationPoints, p)
        } else {
            items.append(Item(role: .populationSurface, file: nil, origin: .modelled(cellSizeMeters: s.population.cellSizeMeters)))
        }
        add(.places, s.inputs.places)
        add(.roads, s.inputs.roads)
        add(.sites, s.inputs.sites)
        add(.cells, s.inputs.cells)
        if s.fixed.enabled {
            add(.cables, s.inputs.cables)
            add(.olts, s.inputs.olts)
        }
        if let p = s.planner {
            add(.costs, p.costsPath)
            add(.targets, p.targetsPath)
            add(.candidateSites, p.candidateSitesPath)
            add(.candidateRoutes, p.candidateRoutesPath)
            items.append(Item(role: .budgets, file: nil, origin: .scenario))
        }
        if let t = s.terrain, s.diskRadiusMeters == nil {
            items.append(Item(role: .dem, file: Provenance.displayName(t.demPath), origin: .user))
        }
        self.items = items
        calibration = s.calibrationResult

        if let r = s.diskRadiusMeters {
            ground = .disk(radiusMeters: r)
        } else if let t = s.terrain {
            var models: [String] = []
            for m in t.settings.modelRules.map(\.model.rawValue) where !models.contains(m) { models.append(m) }
            ground = .terrain(dem: Provenance.displayName(t.demPath), models: models)
        } else {
            ground = .flat
        }
        environments = Environment.allCases.compactMap { e in
            let names = districts.filter { $0.environment == e }.map(\.name)
            return names.isEmpty ? nil : (e, names)
        }
        defaultEnvironment = s.defaultEnvironment
        switch s.clutter.source {
        case .districts: clutter = .districts
        case .density: clutter = .density(urbanPerKm2: s.clutter.thresholds.urbanPerKm2, suburbanPerKm2: s.clutter.thresholds.suburbanPerKm2)
        case .raster: clutter = .raster(file: Provenance.displayName(s.inputs.clutter ?? ""), classes: s.clutter.classes.count)
        }
    }

    /// The file or folder name shown for a path (GDAL virtual paths shown whole).
    static func displayName(_ path: String) -> String {
        path.hasPrefix("/vsi") ? path : URL(fileURLWithPath: path).lastPathComponent
    }

    // MARK: classifying a file

    /// A real layer the project publishes (data/README.md): recognised by size and digest.
    struct KnownLayer: Sendable {
        var sizeBytes: Int
        var fnv1a64: UInt64
        /// A second file that must match too (a Shapefile's .dbf holds the census figures).
        var companion: (suffix: String, sizeBytes: Int, fnv1a64: UInt64)? = nil
        /// The source of what the file itself holds (boundaries, places, roads).
        var source: Message
        /// The source of the census population it carries, for district layers.
        var census: Message? = nil
    }

    /// The project's real input layers as published in data/ (FNV-1a 64 of the whole file). Editing
    /// such a file makes it the user's; regenerating one from data/SOURCES.md's scripts needs its
    /// digest updated here (ReportTests checks that the default scenario's layers are recognised).
    static let knownLayers: [KnownLayer] = [
        // quang-tri/quang_tri_districts.geojson, quang_tri_districts_simplified.geojson
        KnownLayer(sizeBytes: 151_725, fnv1a64: 0xa308_7fce_dd8e_7dee, source: .sourceBoundaries2019, census: .sourceCensus2019),
        KnownLayer(sizeBytes: 41_348, fnv1a64: 0x1464_5d3b_4dc8_41cc, source: .sourceBoundaries2019, census: .sourceCensus2019),
        // quang-tri/vn2000/quang_tri_districts_vn2000.shp (+ .dbf): the simplified districts reprojected
        KnownLayer(sizeBytes: 29_172, fnv1a64: 0x8420_068c_6e1d_4141, companion: ("dbf", 7_732, 0xb529_4d50_7bc6_e2c4),
                   source: .sourceBoundaries2019, census: .sourceCensus2019),
        // vietnam/vietnam_districts_2019_simplified.geojson
        KnownLayer(sizeBytes: 1_960_739, fnv1a64: 0xd1a7_2317_aeff_2729, source: .sourceBoundariesNational2019, census: .sourceCensusNational2019),
        // quang-tri/quang_tri_places_geonames.geojson
        KnownLayer(sizeBytes: 3_435, fnv1a64: 0xd4b7_4be5_13eb_7c1c, source: .sourceGeoNames),
        // quang-tri/quang_tri_major_roads.geojson
        KnownLayer(sizeBytes: 16_754, fnv1a64: 0xc215_f8a1_cb18_90a4, source: .sourceRoads),
    ]

    /// Where the file at `path` comes from: a published real layer, marked synthetic or assumed, or the user's.
    static func origin(of path: String) -> Origin {
        if let k = knownLayer(path) { return .real(k.source) }
        switch mark(path) {
        case .synthetic?: return .synthetic
        case .assumed?: return .assumed
        default: return .user
        }
    }

    /// The published layer the file is, if any.
    static func knownLayer(_ path: String) -> KnownLayer? {
        guard !path.hasPrefix("/vsi"), let size = fileSize(path) else { return nil }
        let candidates = knownLayers.filter { $0.sizeBytes == size }
        guard !candidates.isEmpty, let digest = fnv1a64(file: path) else { return nil }
        return candidates.first { k in
            guard k.fnv1a64 == digest else { return false }
            guard let c = k.companion else { return true }
            let other = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension(c.suffix).path
            return fileSize(other) == c.sizeBytes && fnv1a64(file: other) == c.fnv1a64
        }
    }

    /// The mark in a file's header: for a CSV the comment lines (`#`) before its header row; for
    /// other text files the first 4 KiB before a GeoJSON's `"features"` member. Nil when unmarked
    /// or unreadable (a folder, a binary file without the word).
    static func mark(_ path: String) -> Origin? {
        guard !path.hasPrefix("/vsi"), case .regular = InputFile.kind(path),
              let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        var head = String(decoding: (try? h.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        if URL(fileURLWithPath: path).pathExtension.lowercased() == "csv" {
            head = head.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .prefix { $0.isEmpty || $0.hasPrefix("#") || $0.hasPrefix("\u{FEFF}#") }
                .joined(separator: "\n")
        } else if let r = head.range(of: "\"features\"") {
            head = String(head[..<r.lowerBound])
        }
        if head.range(of: "\\bSYNTHETIC\\b", options: .regularExpression) != nil { return .synthetic }
        if head.range(of: "\\bASSUMPTIONS?\\b", options: .regularExpression) != nil { return .assumed }
        return nil
    }

    /// The size of a regular file (nil for anything else: a FIFO is never opened).
    static func fileSize(_ path: String) -> Int? {
        guard case .regular(let bytes) = InputFile.kind(path) else { return nil }
        return bytes
    }

    /// FNV-1a, 64 bit (Fowler, Noll, Vo; IETF draft-eastlake-fnv §2: offset basis 0xcbf29ce484222325,
    /// prime 0x100000001b3) of a whole file — a fingerprint for recognising published files, not a
    /// security check. Nil when the file cannot be read.
    static func fnv1a64(file path: String) -> UInt64? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return fnv1a64(data)
    }

    /// FNV-1a 64 of bytes; "" → 0xcbf29ce484222325, "a" → 0xaf63dc4c8601ec8c (the draft's test vectors).
    static func fnv1a64(_ data: Data) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
