import Coverage
import Foundation

/// The output folder of a sweep:
///
/// ```
/// DIR/sweep.json          the manifest: fingerprint, axes, every run's id and parameter values
/// DIR/runs/<run id>/      one folder per run: the `sim run` files and run.json (status, figures, seconds)
/// DIR/results.csv         one row per run (written when every run has a result; `sim sweep-merge` for shards)
/// DIR/sweep.sbatch        the Slurm array script (`--emit-slurm`)
/// ```
///
/// Every file and run folder is written to a temporary sibling and renamed into place, so a sweep
/// killed at any moment leaves only complete run folders behind.
package struct SweepFolder: Sendable {
    static let manifestName = "sweep.json"
    static let recordName = "run.json"
    package static let resultsName = "results.csv"

    package let root: URL
    var runs: URL { root.appendingPathComponent("runs") }
    func runFolder(_ id: String) -> URL { runs.appendingPathComponent(id) }

    package init(_ path: String) { root = URL(fileURLWithPath: path).standardizedFileURL }

    /// The manifest of a sweep (deterministic: no times, no absolute paths), so shards on several
    /// machines write identical bytes and `sim sweep-merge` needs only the output folders.
    static func manifest(_ s: SweepFile) -> JSONValue {
        .object([
            ("fingerprint", .string(s.fingerprint)),
            ("sweep_file", .string(URL(fileURLWithPath: s.file).lastPathComponent)),
            ("base", .string(URL(fileURLWithPath: s.basePath).lastPathComponent)),
            ("axes", .array(s.axes.map { a in .object([("key", .string(a.key)), ("label", .string(a.label)),
                                                      ("shares_inputs", .bool(a.sharesStudy)),
                                                      ("values", .array(a.canonicalValues.map { .string($0) }))]) })),
            ("excluded", .number(Double(s.excludedCount))),
            ("runs", .array(s.runs.map { r in .object([("index", .number(Double(r.index))), ("id", .string(r.id)),
                                                       ("parameters", .object(s.parameters(r).map { ($0.key, .string($0.value)) }))]) })),
        ])
    }

    /// Makes the folder ready for `s`: creates it with its manifest, or checks that it holds this
    /// sweep. Nothing is written when the check fails.
    /// - Parameters:
    ///   - resume: whether completed runs may already be there (`--resume`).
    ///   - ids: the runs this process will do (its shard); other shards' runs in the folder are no conflict.
    /// - Throws: `SimError.output` when the folder holds another sweep (other fingerprint), is a
    ///   non-empty folder that is not a sweep's, or holds some of `ids` and `resume` is false.
    package func prepare(for s: SweepFile, resume: Bool, ids: Set<String>? = nil) throws {
        let fm = FileManager.default
        let manifestURL = root.appendingPathComponent(Self.manifestName)
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: root.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw SimError.output("\(root.path): exists and is not a folder; choose another --out") }
            if fm.fileExists(atPath: manifestURL.path) {
                let theirs = try Self.readManifest(root)
                let fp = theirs["fingerprint"]?.stringValue ?? "?"
                if fp != s.fingerprint {
                    throw SimError.output("\(root.path): holds results of another sweep (\(theirs["sweep_file"]?.stringValue ?? "?"), fingerprint \(fp); this sweep's is \(s.fingerprint)); choose another --out or remove that folder")
                }
                let present = ((try? fm.contentsOfDirectory(atPath: runs.path)) ?? []).filter { !$0.hasPrefix(".") }
                if !resume && present.contains(where: { ids?.contains($0) ?? true }) {
                    throw SimError.output("\(root.path): already holds runs of this sweep; pass --resume to finish it (complete runs are skipped) or choose another --out")
                }
            } else if !((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).isEmpty {
                throw SimError.output("\(root.path): is not empty and holds no \(Self.manifestName); choose a new or empty folder for --out")
            }
        }
        do {
            try fm.createDirectory(at: runs, withIntermediateDirectories: true)
            if !fm.fileExists(atPath: manifestURL.path) {
                try (Self.manifest(s).serialized() + "\n").data(using: .utf8)!.write(to: manifestURL, options: .atomic)
            }
        } catch { throw SimError.output("\(root.path): cannot create the sweep folder (\(error.localizedDescription))") }
    }

    /// Removes what a killed process may have left of the given runs: OutputFolder's temporary
    /// `.<id>.tmp-<pid>` and `.<id>.old-<pid>` siblings. Only these runs' leftovers are touched,
    /// so shards sharing the folder never remove each other's work in progress.
    func removeLeftovers(of ids: Set<String>) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: runs.path)) ?? [] where name.hasPrefix(".") {
            for marker in [".tmp-", ".old-"] {
                if let r = name.range(of: marker, options: .backwards), ids.contains(String(name[name.index(after: name.startIndex)..<r.lowerBound])) {
                    try? fm.removeItem(at: runs.appendingPathComponent(name))
                }
            }
        }
    }

    static func readManifest(_ root: URL) throws -> JSONValue {
        let url = root.appendingPathComponent(manifestName)
        guard case .regular = InputFile.kind(url.path), let data = try? InputFile.read(url.path, limitBytes: InputFile.textLimitBytes) else {
            throw SimError.input("\(root.path): no \(manifestName) here; is it the --out folder of a sweep?")
        }
        do { return try GeoJSON.parseJSON(data, file: url.path) } catch { throw SimError.input("\(url.path): unreadable manifest (\(error))") }
    }

    /// The record of a finished run, or nil when the run has no complete folder.
    func record(_ id: String) -> RunRecord? {
        let url = runFolder(id).appendingPathComponent(Self.recordName)
        guard let data = try? InputFile.read(url.path, limitBytes: InputFile.textLimitBytes), let json = try? GeoJSON.parseJSON(data, file: url.path) else { return nil }
        return RunRecord(json: json)
    }
}

/// What a sweep keeps of one run (its run.json): status, headline figures and wall time.
package struct RunRecord: Sendable {
    var fingerprint: String
    package var id: String
    var index: Int
    var parameters: [(key: String, value: String)]
    package var ok: Bool
    package var message: String
    /// Wall time of the run (s): loading (or reusing) its inputs, computing, writing its output files.
    var seconds: Double
    /// Headline figures in column order (``SweepResults/figures(_:)``), values as written in results.csv.
    var figures: [(column: String, value: String)]
    var warnings: [String]

    var json: JSONValue {
        .object([("sweep_fingerprint", .string(fingerprint)), ("run_id", .string(id)), ("index", .number(Double(index))),
                 ("parameters", .object(parameters.map { ($0.key, .string($0.value)) })),
                 ("status", .string(ok ? "ok" : "failed")), ("message", .string(message)),
                 ("seconds", .rounded(seconds, 3)),
                 ("figures", .array(figures.map { .array([.string($0.column), .string($0.value)]) })),
                 ("warnings", .array(warnings.map { .string($0) }))])
    }

    init(fingerprint: String, id: String, index: Int, parameters: [(key: String, value: String)], ok: Bool, message: String,
         seconds: Double, figures: [(column: String, value: String)], warnings: [String]) {
        (self.fingerprint, self.id, self.index, self.parameters, self.ok, self.message, self.seconds, self.figures, self.warnings) =
            (fingerprint, id, index, parameters, ok, message, seconds, figures, warnings)
    }

    /// Reads a run.json (nil when a field is missing: such a folder counts as not done).
    init?(json j: JSONValue) {
        guard let fp = j["sweep_fingerprint"]?.stringValue, let id = j["run_id"]?.stringValue, let index = j["index"]?.doubleValue.flatMap({ Int(exactly: $0) }), index >= 0,
              let status = j["status"]?.stringValue, let message = j["message"]?.stringValue, let seconds = j["seconds"]?.doubleValue,
              let figs = j["figures"]?.arrayValue else { return nil }
        var figures: [(column: String, value: String)] = []
        for f in figs {
            guard let pair = f.arrayValue, pair.count == 2, let c = pair[0].stringValue, let v = pair[1].stringValue else { return nil }
            figures.append((c, v))
        }
        var params: [(key: String, value: String)] = []
        if case .object(let kv)? = j["parameters"] { params = kv.compactMap { k, v in v.stringValue.map { (k, $0) } } }
        self.init(fingerprint: fp, id: id, index: index, parameters: params, ok: status == "ok", message: message, seconds: seconds,
                  figures: figures, warnings: (j["warnings"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
