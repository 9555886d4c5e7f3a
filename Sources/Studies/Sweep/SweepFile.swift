import Coverage
import Foundation

/// A sweep file: a base scenario and axes of values for some of its keys, expanded into runs.
///
/// ```yaml
/// base: quang-tri-2017.yaml            # relative to the sweep file
/// axes:                                # dotted key paths of the resolved base scenario
///   radio.threshold_dbm: [-105, -110, -115]
///   radio.rx_height_m: [1.5, 3]
/// exclude:                             # partial assignments to drop (a value or a list of values)
///   - { radio.threshold_dbm: -115, radio.rx_height_m: 3 }
/// ```
///
/// Runs are the cartesian product of the axes in file order, the first axis varying slowest
/// (nested loops), minus the excluded assignments. Every variant is decoded as a scenario
/// (``Scenario/decode(_:file:)``) when the file loads, so a bad value fails before anything runs.
package struct SweepFile: Sendable {
    /// One swept key.
    package struct Axis: Sendable {
        /// The dotted key path as written, e.g. `radio.threshold_dbm`.
        package var key: String
        var path: [String]
        var values: [YNode]
        /// The values in canonical form (``SweepFile/canonical(_:)``), same order as `values`.
        var canonicalValues: [String]
        /// The column name in results.csv and the label in run ids: the shortest unique suffix of the path.
        var label: String
        /// True when the key leaves the loaded inputs alone (``SweepFile/sharesStudy(_:)``).
        var sharesStudy: Bool
        var line: Int
    }

    /// One expanded run.
    package struct Run: Sendable {
        /// Position in the expanded run list (after exclusions), 0-based; shards split on it.
        package var index: Int
        /// Stable, readable id: `label=value` per axis joined with `__` (see ``SweepFile/runIDs(_:)``).
        package var id: String
        /// Index into each axis's values, in axis order.
        var choice: [Int]
        var scenario: Scenario
        /// Runs with the same key load identical inputs and share one ``Study``.
        var studyKey: String
    }

    var file: String
    var basePath: String
    var base: YNode
    package var axes: [Axis]
    package var runs: [Run]
    /// Assignments dropped by `exclude`.
    var excludedCount: Int
    /// FNV-1a 64 (hex) of the resolved base scenario, the axes and the run list: two output folders with the
    /// same fingerprint hold results of the same sweep, on any machine.
    var fingerprint: String

    static let topKeys = ["base", "axes", "exclude"]

    /// The most runs a sweep file may expand to (the product of its axes' lengths, counted before
    /// `exclude` and before anything is built): at ~1 s a run, about three hours on one 2-core machine.
    static let maxRuns = 10_000

    /// Keys whose change leaves every loaded input (districts, sites, population, cables) as it is:
    /// they are read only when coverage, reach or the plan are computed, so runs differing only in
    /// them share one ``Study``. Found by reading ``Study/load(_:workers:)``: it reads `inputs`,
    /// `crs_epsg`, `population`, `environments`, `site_overrides`, `fixed_broadband.enabled` and
    /// `fixed_broadband.default_reach_km`, and nothing else.
    static let studySharingPrefixes: [[String]] = [
        ["name"], ["radio"], ["planner"],
        ["fixed_broadband", "snap_tolerance_m"], ["fixed_broadband", "drop_distance_m"],
        ["fixed_broadband", "household_size"], ["fixed_broadband", "default_household_size"],
        // Every terrain key but `dem`: the elevation data stay loaded, each run takes its own settings (CoverageRun).
        ["terrain", "model"], ["terrain", "models"], ["terrain", "radial_step_deg"], ["terrain", "sample_spacing_m"],
        ["terrain", "k_factor"], ["terrain", "max_edges"], ["terrain", "void_fill_max_m"], ["terrain", "median_window_m"],
        ["terrain", "itm"],
    ]

    static func sharesStudy(_ path: [String]) -> Bool {
        studySharingPrefixes.contains { p in path.count >= p.count && Array(path.prefix(p.count)) == p }
    }

    /// Loads, expands and checks a sweep file.
    /// - Throws: `SimError.input` naming the file and line for an unknown key (with the closest valid
    ///   one), an empty or non-list axis, a repeated value, an exclude naming a key or value that is not
    ///   swept, an exclude list that drops every run, or a variant that is not a valid scenario.
    package static func load(path: String) throws -> SweepFile {
        let node = try YNode.parse(try YNode.readText(path), file: path)
        let top = try YMap(node, context: "", allowed: topKeys)
        guard let baseRel = try top.optionalString("base") else {
            throw SimError.input("\(path): missing key 'base' (the scenario file to sweep, relative to the sweep file)")
        }
        let basePath = baseRel.hasPrefix("/") ? baseRel
            : URL(fileURLWithPath: node.directory).appendingPathComponent(baseRel).standardizedFileURL.path
        let base = Scenario.withoutIdleSections(try YNode.load(path: basePath))

        guard let axesNode = top.child("axes"), case .map(let axisEntries) = axesNode.value, !axisEntries.isEmpty else {
            throw SimError.input("\(path): 'axes' must map at least one dotted scenario key to a list of values, e.g. radio.threshold_dbm: [-105, -110]")
        }
        let known = keyPaths(base)
        var axes: [Axis] = []
        for e in axisEntries {
            let p = e.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !p.contains(""), lookup(base, p) != nil else {
                let near = known.min { editDistance($0, e.key) < editDistance($1, e.key) }
                let hint = near.map { editDistance($0, e.key) <= max(3, e.key.count / 3) ? " — did you mean '\($0)'?" : "" } ?? ""
                throw SimError.input("\(path):\(e.line): unknown axis key '\(e.key)'\(hint) (an axis must name a key of the resolved base scenario \(URL(fileURLWithPath: basePath).lastPathComponent))")
            }
            guard case .seq(let values) = e.value.value else {
                throw SimError.input("\(path):\(e.line): axis '\(e.key)' must be a list of values, e.g. [\(lookup(base, p)!.json.serialized())]")
            }
            if values.isEmpty { throw SimError.input("\(path):\(e.line): axis '\(e.key)' has no values; list at least one or remove the axis") }
            let canon = values.map(canonical)
            for (i, c) in canon.enumerated() where canon[..<i].contains(c) {
                throw SimError.input("\(values[i].file):\(values[i].line): axis '\(e.key)' lists the value \(c) twice; keep one")
            }
            axes.append(Axis(key: e.key, path: p, values: values, canonicalValues: canon, label: "", sharesStudy: sharesStudy(p), line: e.line))
        }
        for (i, a) in axes.enumerated() {
            for b in axes[..<i] where a.path.starts(with: b.path) || b.path.starts(with: a.path) {
                throw SimError.input("\(path):\(a.line): axes '\(b.key)' and '\(a.key)' overlap (one contains the other); keep one")
            }
        }
        let labels = Self.labels(axes.map(\.path))
        for i in axes.indices { axes[i].label = labels[i] }

        // Exclusions: each a partial assignment {axis key: value or [values]}.
        var excludes: [[(axis: Int, values: Set<Int>)]] = []
        for (n, item) in try top.list("exclude").enumerated() {
            guard case .map(let entries) = item.value, !entries.isEmpty else {
                throw SimError.input("\(item.place): exclude[\(n)] must map axis keys to a value or a list of values, e.g. { \(axes[0].key): \(axes[0].canonicalValues[0]) }")
            }
            var rule: [(axis: Int, values: Set<Int>)] = []
            for e in entries {
                guard let a = axes.firstIndex(where: { $0.key == e.key }) else {
                    let near = axes.map(\.key).min { editDistance($0, e.key) < editDistance($1, e.key) }!
                    throw SimError.input("\(path):\(e.line): exclude[\(n)] names '\(e.key)', which is not an axis — did you mean '\(near)'? (axes: \(axes.map(\.key).joined(separator: ", ")))")
                }
                let listed: [YNode]
                if case .seq(let vs) = e.value.value { listed = vs } else { listed = [e.value] }
                var set = Set<Int>()
                for v in listed {
                    guard let k = axes[a].canonicalValues.firstIndex(of: canonical(v)) else {
                        throw SimError.input("\(v.file):\(v.line): exclude[\(n)] value \(canonical(v)) of '\(e.key)' is not one of its axis values (\(axes[a].canonicalValues.joined(separator: ", ")))")
                    }
                    set.insert(k)
                }
                rule.append((a, set))
            }
            excludes.append(rule)
        }

        // Cartesian product, first axis slowest — counted before it is built.
        var product = 1
        for a in axes {
            let (p, overflow) = product.multipliedReportingOverflow(by: a.values.count)
            product = overflow ? Int.max : p
        }
        guard product <= maxRuns else {
            let sizes = axes.map { String($0.values.count) }.joined(separator: " × ")
            throw SimError.input("\(path): the axes make \(sizes) = \(product == Int.max ? "more than 9.2e18" : String(product)) runs, over the limit of \(maxRuns) per sweep file (README \"Bad input\"); split it into several sweeps or drop values")
        }
        var choices: [[Int]] = [[]]
        for a in axes { choices = choices.flatMap { c in a.values.indices.map { c + [$0] } } }
        let total = choices.count
        choices.removeAll { c in excludes.contains { rule in rule.allSatisfy { $0.values.contains(c[$0.axis]) } } }
        if choices.isEmpty { throw SimError.input("\(path): 'exclude' drops all \(total) runs; nothing would run") }

        let ids = runIDs(axes: axes, choices: choices)
        var runs: [Run] = []
        var fp = FNV1a()
        fp.add(base.json.serialized())
        for a in axes { fp.add("axis \(a.key)") }
        for (i, c) in choices.enumerated() {
            var tree = base
            for (a, k) in zip(axes, c) { tree = setting(tree, a.path, to: a.values[k]) }
            let scenario: Scenario
            do { scenario = try Scenario.decode(tree, file: basePath) } catch {
                throw SimError.input("\(error) (run \(ids[i]) of \(path))")
            }
            let key = zip(axes, c).filter { !$0.0.sharesStudy }.map { "\($0.0.key)=\($0.0.canonicalValues[$0.1])" }.joined(separator: "\n")
            runs.append(Run(index: i, id: ids[i], choice: c, scenario: scenario, studyKey: key))
            fp.add("run \(ids[i]) \(tree.json.serialized())")
        }
        return SweepFile(file: path, basePath: basePath, base: base, axes: axes, runs: runs, excludedCount: total - choices.count, fingerprint: fp.hex)
    }

    /// Parameter values of a run, in axis order (canonical form).
    package func parameters(_ run: Run) -> [(key: String, value: String)] {
        zip(axes, run.choice).map { ($0.key, $0.canonicalValues[$1]) }
    }

    // MARK: - Values, ids and key paths

    /// The canonical text of an axis value: numbers as JSON numbers without `_` separators
    /// (`8_000_000_000` → `8000000000`, `-110.0` → `-110`), other scalars as written, lists and maps as compact JSON.
    static func canonical(_ n: YNode) -> String {
        switch n.value {
        case .null: return "null"
        case .scalar(let s):
            let t = s.replacingOccurrences(of: "_", with: "")
            if let d = Double(t), d.isFinite, t.allSatisfy({ "0123456789+-.eE".contains($0) }) { return JSONValue.format(d) }
            return s
        case .seq, .map: return n.json.serialized()
        }
    }

    /// Labels of axes in run ids and results.csv: the last path component, extended to the left until it is
    /// unique among the axes and does not start with a number (`planner.budget_vnd.2020` → `budget_vnd.2020`).
    static func labels(_ paths: [[String]]) -> [String] {
        paths.map { p in
            var n = 1
            while n < p.count {
                let suffix = Array(p.suffix(n))
                let unique = paths.filter { $0 != p && Array($0.suffix(n)) == suffix }.isEmpty
                if unique && Int(suffix[0]) == nil { break }
                n += 1
            }
            return p.suffix(n).joined(separator: ".")
        }
    }

    /// Run ids: `label=value` per axis joined by `__`, with characters other than letters, digits and
    /// `.+-=` replaced by `_`. An id longer than 120 characters, or one that two runs would share after
    /// that replacement, becomes its first 100 characters plus `~` and 8 hex digits of the FNV-1a hash
    /// of the canonical assignment. Ids depend only on the axes and the values, never on execution.
    static func runIDs(axes: [Axis], choices: [[Int]]) -> [String] {
        func clean(_ s: String) -> String {
            String(s.unicodeScalars.map { u -> Character in
                (u.isASCII && (CharacterSet.alphanumerics.contains(u) || ".+-=".unicodeScalars.contains(u))) ? Character(u) : "_"
            })
        }
        let readable = choices.map { c in zip(axes, c).map { clean("\($0.label)=\($0.canonicalValues[$1])") }.joined(separator: "__") }
        var count: [String: Int] = [:]
        for r in readable { count[r, default: 0] += 1 }
        return zip(readable, choices).map { r, c in
            if r.count <= 120 && count[r] == 1 { return r }
            var h = FNV1a()
            for (a, k) in zip(axes, c) { h.add("\(a.key)=\(a.canonicalValues[k])") }
            return String(r.prefix(100)) + "~" + String(h.hex.suffix(8))
        }
    }

    /// Every dotted key path of a tree (maps by key, lists by 0-based index), for "did you mean" hints.
    static func keyPaths(_ n: YNode, prefix: String = "") -> [String] {
        switch n.value {
        case .map(let e): return e.flatMap { x in [prefix + x.key] + keyPaths(x.value, prefix: prefix + x.key + ".") }
        case .seq(let items): return items.indices.flatMap { i in [prefix + "\(i)"] + keyPaths(items[i], prefix: prefix + "\(i).") }
        default: return []
        }
    }

    /// The node at a key path; a list is indexed by a 0-based number (`site_overrides.0.height_add_m`).
    static func lookup(_ n: YNode, _ path: [String]) -> YNode? {
        guard let head = path.first else { return n }
        switch n.value {
        case .map(let e): return e.first { $0.key == head }.flatMap { lookup($0.value, Array(path.dropFirst())) }
        case .seq(let items): return Int(head).flatMap { items.indices.contains($0) ? lookup(items[$0], Array(path.dropFirst())) : nil }
        default: return nil
        }
    }

    /// The tree with the existing node at `path` replaced by `value` (which keeps its own file and line,
    /// so a bad value is reported at its place in the sweep file).
    static func setting(_ n: YNode, _ path: [String], to value: YNode) -> YNode {
        guard let head = path.first else { return value }
        var out = n
        switch n.value {
        case .map(var e):
            if let i = e.firstIndex(where: { $0.key == head }) { e[i].value = setting(e[i].value, Array(path.dropFirst()), to: value) }
            out.value = .map(e)
        case .seq(var items):
            if let i = Int(head), items.indices.contains(i) { items[i] = setting(items[i], Array(path.dropFirst()), to: value) }
            out.value = .seq(items)
        default: break
        }
        return out
    }

}

/// 64-bit FNV-1a (Fowler, Noll, Vo; IETF draft-eastlake-fnv, offset basis 14695981039346656037,
/// prime 1099511628211): a hash that is the same on every machine and run, unlike Swift's `Hasher`.
package struct FNV1a {
    private(set) var value: UInt64 = 14_695_981_039_346_656_037

    /// Adds bytes.
    mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for b in bytes { value = (value ^ UInt64(b)) &* 1_099_511_628_211 }
    }

    /// Adds the UTF-8 bytes of `s` and a separating zero byte (so "ab","c" and "a","bc" differ).
    mutating func add(_ s: String) { add(bytes: s.utf8); add(bytes: [0]) }

    /// 16 lowercase hex digits.
    var hex: String { let h = String(value, radix: 16); return String(repeating: "0", count: 16 - h.count) + h }
}
