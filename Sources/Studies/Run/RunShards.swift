import Coverage
import Foundation

/// One `sim run` split over several machines: `sim run --shard I/N` computes the footprints of a deterministic share
/// of the sites (the I-th of N contiguous blocks of the coverage technology's sites, in site-list order) into a shard
/// folder; `sim merge` reads the N folders and writes exactly what `sim run` writes (the footprints are the same
/// numbers, bit for bit; everything after them — statistics, reach, plan, rasters, report — is computed once by the
/// merge). Footprints are the part that grows with terrain (~0.3–0.6 s per site), so that is what is spread.
///
/// A shard folder holds `shard.json` (which shard, which inputs: a fingerprint of the sites and the radio, terrain
/// and clutter settings, each footprint's model and the warnings) and `footprints.bin` (each footprint's site index,
/// radii and polygons as little-endian IEEE 754 doubles, so nothing is rounded).
package enum RunShards {
    static let format = "sim-run-shard", version = 1
    /// Largest footprints.bin read (8 GiB: a national terrain run's share is a few hundred MB).
    static let binaryLimitBytes = 8 << 30

    /// The sites (indices into `study.sites`) of shard `index` of `count`: a contiguous block of the coverage
    /// technology's sites, the blocks as even as integer division makes them.
    package static func share(_ study: Study, index: Int, count: Int) -> [Int] {
        let chosen = study.sites.indices.filter { study.sites[$0].technology.counts(toward: study.scenario.radio.technology) }
        return Array(chosen[(index * chosen.count / count)..<((index + 1) * chosen.count / count)])
    }

    /// FNV-1a (64 bit) of everything the footprints depend on: every site (position, cells), the scenario's radio,
    /// terrain and clutter settings. Shards of other inputs are refused by the merge.
    static func fingerprint(_ study: Study) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
        for s in study.sites { add(String(describing: s)) }
        add(String(describing: study.scenario.radio)); add(String(describing: study.scenario.terrain)); add(String(describing: study.scenario.clutter))
        add(String(describing: study.scenario.diskRadiusMeters))
        return String(h, radix: 16)
    }

    /// `sim run --shard I/N`: loads the scenario (checking first that `out` may be replaced), computes the share's
    /// footprints and writes the shard folder. Returns the number of footprints.
    /// - Throws: `SimError.input` for `radio.cell_footprints` (per-cell footprints are not sharded).
    package static func run(path: String, out: String, index: Int, count: Int, workers: Int, fallbackCRSEPSG: Int? = nil,
                            progress: Progress = Progress()) async throws -> Int {
        let study = try await ScenarioRun.load(path: path, workers: workers, progress: progress, fallbackCRSEPSG: fallbackCRSEPSG, output: out)
        if study.scenario.cellFootprints {
            throw SimError.input("\(study.scenario.file): radio.cell_footprints is not sharded; run it with sim run, or set it to false")
        }
        let mine = Set(share(study, index: index, count: count))
        // The other sites are handed over as another technology: the footprint machinery skips them, and every
        // footprint keeps its index in the whole site list.
        let other = Technology.allCases.first { !$0.counts(toward: study.scenario.radio.technology) }!
        let masked = study.sites.enumerated().map { i, s -> Site in var t = s; if !mine.contains(i) { t.technology = other }; return t }
        progress.step("footprints of shard \(index)/\(count): \(mine.count) of the \(study.scenario.radio.technology.rawValue) sites")
        let (result, names) = try await CoverageRun.footprints(study, sites: masked, environments: study.siteEnvironments, workers: workers,
                                                               what: study.scenario.inputs.sites ?? study.scenario.inputs.cells ?? "sites")
        var bin = Data()
        func put(_ v: Int) { var x = Int64(v).littleEndian; withUnsafeBytes(of: &x) { bin.append(contentsOf: $0) } }
        func put(_ d: Double) { var x = d.bitPattern.littleEndian; withUnsafeBytes(of: &x) { bin.append(contentsOf: $0) } }
        for f in result.footprints {
            put(f.siteIndex)
            put(f.radiiMeters.count); for r in f.radiiMeters { put(r) }
            put(f.polygons.count)
            for p in f.polygons {
                let rings = [p.exterior] + p.holes
                put(rings.count)
                for ring in rings { put(ring.count); for q in ring { put(q.x); put(q.y) } }
            }
        }
        let meta = JSONValue.object([
            ("format", .string(format)), ("version", .number(Double(version))),
            ("scenario", .string(URL(fileURLWithPath: path).standardizedFileURL.path)), ("fingerprint", .string(fingerprint(study))),
            ("shard", .number(Double(index))), ("of", .number(Double(count))), ("sites", .number(Double(study.sites.count))),
            ("models", .array(names.map { .string($0) })), ("warnings", .array(result.warnings.map { .string($0) })),
        ])
        progress.step("writing \(out)")
        try OutputFolder.produce(out, inputs: study.scenario.inputPaths) { folder in
            try folder.write("shard.json", meta.serialized() + "\n")
            try bin.write(to: folder.temp.appendingPathComponent("footprints.bin"))
        }
        return result.footprints.count
    }

    /// The footprints of the shard folders `shards` for `study`, in site order, as one result: every shard of the
    /// same N exactly once, all from the same inputs, every site of the coverage technology exactly once.
    package static func read(_ shards: [String], for study: Study) throws -> (RadioCoverage.Result, [String]) {
        let expected = fingerprint(study)
        var seen: [Int: String] = [:]
        var total: Int? = nil
        var parts: [(index: Int, footprints: [Footprint], models: [String], warnings: [String])] = []
        for dir in shards {
            let metaPath = URL(fileURLWithPath: dir).appendingPathComponent("shard.json").path
            func bad(_ m: String) -> SimError { SimError.input("\(metaPath): \(m)") }
            guard FileManager.default.fileExists(atPath: metaPath) else { throw bad("missing; give folders written by sim run --shard") }
            let meta: JSONValue
            do { meta = try GeoJSON.parseJSON(try InputFile.read(metaPath, limitBytes: InputFile.textLimitBytes, what: "shard description"), file: metaPath) }
            catch let e as CoverageError { throw SimError.input("\(e)") }
            guard meta["format"]?.stringValue == format, meta["version"]?.doubleValue == Double(version) else { throw bad("not a shard of sim run (format \(format) version \(version))") }
            guard meta["fingerprint"]?.stringValue == expected, meta["sites"]?.doubleValue == Double(study.sites.count) else {
                throw bad("computed from other inputs (sites or radio, terrain, clutter settings differ); run every shard from the same scenario and files")
            }
            guard let i = meta["shard"]?.doubleValue.map(Int.init), let n = meta["of"]?.doubleValue.map(Int.init), (0..<n).contains(i) else { throw bad("no shard index") }
            if let t = total, t != n { throw bad("shard \(i)/\(n), but an earlier folder is a shard of \(t)") }
            total = n
            if let first = seen[i] { throw bad("shard \(i)/\(n) is also \(first)") }
            seen[i] = dir
            let models = meta["models"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let warnings = meta["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let binPath = URL(fileURLWithPath: dir).appendingPathComponent("footprints.bin").path
            let data: Data
            do { data = try InputFile.read(binPath, limitBytes: Self.binaryLimitBytes, what: "shard's footprints") }
            catch let e as CoverageError { throw SimError.input("\(e)") }
            var footprints: [Footprint] = []
            var at = 0
            func bin(_ m: String) -> SimError { SimError.input("\(binPath): \(m); write the shard again with sim run --shard") }
            func word() throws -> UInt64 {
                guard at + 8 <= data.count else { throw bin("ends early at byte \(at)") }
                var x: UInt64 = 0
                for k in 0..<8 { x |= UInt64(data[data.startIndex + at + k]) << (8 * UInt64(k)) }
                at += 8
                return x
            }
            func int(_ limit: Int) throws -> Int {
                let v = Int(Int64(bitPattern: try word()))
                guard (0...limit).contains(v) else { throw bin("a count of \(v) at byte \(at - 8) is out of range") }
                return v
            }
            func double() throws -> Double { Double(bitPattern: try word()) }
            while at < data.count {
                let si = try int(study.sites.count - 1)
                let radii = try (0..<int(data.count / 8)).map { _ in try double() }
                let polygons = try (0..<int(data.count / 8)).map { _ -> Polygon2 in
                    let rings = try (0..<int(data.count / 8)).map { _ in try (0..<int(data.count / 8)).map { _ in Point2(try double(), try double()) } }
                    guard let exterior = rings.first else { throw bin("a polygon without rings") }
                    return Polygon2(exterior: exterior, holes: Array(rings.dropFirst()))
                }
                footprints.append(Footprint(siteIndex: si, center: study.sites[si].position, radiiMeters: radii, polygons: polygons))
            }
            guard models.count == footprints.count else { throw bad("\(models.count) model names for \(footprints.count) footprints") }
            parts.append((i, footprints, models, warnings))
        }
        guard let n = total else { throw SimError.input("sim merge: give the shard folders of sim run --shard") }
        let missing = (0..<n).filter { seen[$0] == nil }
        guard missing.isEmpty else { throw SimError.input("sim merge: shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing; give all \(n) folders") }
        parts.sort { $0.index < $1.index }
        let footprints = parts.flatMap(\.footprints), names = parts.flatMap(\.models)
        let chosen = study.sites.indices.filter { study.sites[$0].technology.counts(toward: study.scenario.radio.technology) }
        guard footprints.map(\.siteIndex) == chosen else {
            throw SimError.input("sim merge: the shards' footprints are not one per \(study.scenario.radio.technology.rawValue) site in site order; write the shards again with one --shard I/\(n) each")
        }
        // Disks (quick studies) carry no model (as RadioCoverage.disks gives them); every other name parses back.
        let models = study.scenario.diskRadiusMeters != nil ? [] : try names.map { name -> FootprintModel in
            do { return try FootprintModel(parsing: name) } catch { throw SimError.input("sim merge: model '\(name)' in a shard is not a model name (\(error))") }
        }
        return (RadioCoverage.Result(merging: footprints, models: models, warnings: parts.flatMap(\.warnings)), names)
    }

    /// `sim merge`: the scenario's outputs from the shard folders, exactly as `sim run` writes them.
    package static func merge(path: String, shards: [String], out: String, planning: Bool = true, workers: Int, formats: [OutputFormat] = [.geojson],
                              fallbackCRSEPSG: Int? = nil, progress: Progress = Progress()) async throws -> ScenarioRun {
        let study = try await ScenarioRun.load(path: path, workers: workers, progress: progress, fallbackCRSEPSG: fallbackCRSEPSG, output: out)
        progress.step("reading \(shards.count) shard folders")
        let computed = try read(shards, for: study)
        let coverage = try await CoverageRun.execute(study, workers: workers, progress: progress, computed: computed)
        let plan = planning && study.scenario.planner != nil ? try await PlanRun.execute(coverage, workers: workers, progress: progress) : nil
        let result = ScenarioRun(coverage: coverage, plan: plan)
        progress.step("writing \(out)")
        try OutputFolder.produce(out, inputs: study.scenario.inputPaths) { try result.write(into: $0, formats: formats, workers: workers) }
        return result
    }
}
