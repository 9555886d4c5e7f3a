import Coverage
import Foundation
import Yams

/// A YAML node with its source position, so every message can name file, line and column.
package struct YNode: Sendable {
    indirect enum Value: Sendable {
        case scalar(String)
        case map([(key: String, line: Int, value: YNode)])
        case seq([YNode])
        case null
    }
    var value: Value
    var file: String
    var line: Int
    var column: Int

    var place: String { "\(file):\(line):\(column)" }

    /// The most nodes (scalars, mappings, lists) one YAML document may hold: the default scenario
    /// with defaults.yaml has ~300; a sweep of many axes a few thousand.
    static let maxNodes = 100_000

    /// Parses YAML text (first document).
    ///
    /// Hostile input is refused before it is built: text over ``InputFile/yamlLimitBytes``; any
    /// alias (`*name`), found by ``aliasLine(_:)`` on the text before Yams composes it — an alias
    /// repeats the node it names, so nine nested ones turn a few hundred bytes into billions of
    /// nodes (the "billion laughs"); and documents of more than ``maxNodes`` nodes.
    package static func parse(_ text: String, file: String) throws -> YNode {
        guard text.utf8.count <= InputFile.yamlLimitBytes else {
            throw SimError.input("\(file): \(text.utf8.count / 1024) kB is over the \(InputFile.yamlLimitBytes >> 20) MB limit for a YAML file (README \"Bad input\")")
        }
        if let line = aliasLine(text) {
            throw SimError.input("\(file):\(line): YAML aliases (*name) are not supported; write the value out")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            throw SimError.input("\(file): malformed YAML: \(String(describing: e).split(separator: "\n").first ?? "")")
        } catch {
            throw SimError.input("\(file): malformed YAML: \(error)")
        }
        guard let node else { return YNode(value: .map([]), file: file, line: 1, column: 1) }
        var budget = Budget()
        return try convert(node, file: file, budget: &budget)
    }

    /// What ``convert(_:file:budget:)`` has built so far.
    private struct Budget {
        var nodes = 0
        var anchors = Set<String>()
    }

    /// The 1-based line of the first alias (`*name`) in YAML text, or nil. An alias starts a node: it
    /// follows `: `, `- `, `? `, `[`, `{`, `,` or the indentation of a line, outside quoted scalars
    /// and comments. The scan errs towards finding one (a line of a literal block scalar that starts
    /// with "*word" counts too), never towards missing one.
    static func aliasLine(_ text: String) -> Int? {
        var line = 1
        var quote: Unicode.Scalar? = nil
        var comment = false
        var previous: Unicode.Scalar = "\n"      // the scalar before this one
        var significant: Unicode.Scalar = "\n"   // the last one that is not a space or tab
        var it = text.unicodeScalars.makeIterator()
        while let c = it.next() {
            if c == "\n" { line += 1; comment = false }
            defer { previous = c; if c != " " && c != "\t" { significant = c } }
            if comment { continue }
            if let q = quote {
                if c == q { quote = nil }          // a '' inside '…' closes and reopens below
                else if q == "\"" && c == "\\" { if it.next() == "\n" { line += 1 } }
                continue
            }
            let spaced = previous == " " || previous == "\t" || previous == "\n"
            let nodeStart = "\n[{,".unicodeScalars.contains(previous) || (spaced && ":-?\n[{,".unicodeScalars.contains(significant))
            if c == "#" && (spaced || previous == "\r") { comment = true }
            else if c == "'" && previous == "'" && significant == "'" { quote = c }
            else if (c == "\"" || c == "'") && nodeStart { quote = c }
            else if c == "*" && nodeStart { return line }
        }
        return nil
    }

    private static func convert(_ n: Node, file: String, budget: inout Budget) throws -> YNode {
        let line = (n.mark?.line ?? 0), col = (n.mark?.column ?? 0)
        budget.nodes += 1
        if budget.nodes > maxNodes {
            throw SimError.input("\(file):\(line): more than \(maxNodes) YAML nodes (README \"Bad input\"); a scenario or sweep holds a few thousand at most")
        }
        if let anchor = n.anchor?.rawValue, !budget.anchors.insert(anchor).inserted {
            throw SimError.input("\(file):\(line): YAML aliases (*\(anchor)) are not supported; write the value out")
        }
        switch n {
        case .scalar(let s):
            if s.style == .plain && ["~", "null", "Null", "NULL", ""].contains(s.string) { return YNode(value: .null, file: file, line: line, column: col) }
            return YNode(value: .scalar(s.string), file: file, line: line, column: col)
        case .mapping(let m):
            var entries: [(key: String, line: Int, value: YNode)] = []
            for (k, v) in m {
                guard case .scalar(let ks) = k else { throw SimError.input("\(file):\(k.mark?.line ?? 0): a mapping key must be a plain string") }
                if entries.contains(where: { $0.key == ks.string }) {
                    throw SimError.input("\(file):\(k.mark?.line ?? 0): duplicate key '\(ks.string)'; keep one")
                }
                entries.append((ks.string, k.mark?.line ?? line, try convert(v, file: file, budget: &budget)))
            }
            return YNode(value: .map(entries), file: file, line: line, column: col)
        case .sequence(let s):
            var items: [YNode] = []
            for item in s { items.append(try convert(item, file: file, budget: &budget)) }
            return YNode(value: .seq(items), file: file, line: line, column: col)
        case .alias:
            throw SimError.input("\(file):\(line): YAML aliases are not supported; write the value out")
        }
    }

    /// Loads a file and resolves `extends:` (a path relative to the file), merging maps deeply:
    /// the extending file's values win; lists and scalars replace whole. Chains are followed up to
    /// 32 levels; a cycle is an error.
    static func load(path: String, seen: [String] = []) throws -> YNode {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if seen.contains(url.path) { throw SimError.input("\(path): 'extends' cycle: \((seen + [url.path]).joined(separator: " → "))") }
        if seen.count >= 32 { throw SimError.input("\(path): 'extends' chain deeper than 32 files") }
        var node = try parse(try readText(path), file: path)
        guard case .map(var entries) = node.value else { throw SimError.input("\(path):\(node.line): the top level must be a mapping of keys") }
        if let i = entries.firstIndex(where: { $0.key == "extends" }) {
            guard case .scalar(let basePath) = entries[i].value.value else { throw SimError.input("\(path):\(entries[i].line): 'extends' must be a file path") }
            let resolved = basePath.hasPrefix("/") ? basePath : url.deletingLastPathComponent().appendingPathComponent(basePath).path
            entries.remove(at: i)
            node.value = .map(entries)
            let base = try load(path: resolved, seen: seen + [url.path])
            return base.merged(with: node)
        }
        return node
    }

    /// A YAML file's text, through ``InputFile`` (a regular file within the size limit).
    package static func readText(_ path: String) throws -> String {
        do { return try InputFile.readText(path, limitBytes: InputFile.yamlLimitBytes, what: "YAML file") }
        catch let e as CoverageError { throw SimError.input(e.description) }
    }

    /// Maps an extending file replaces whole instead of merging: a budget schedule is one decision
    /// (a scenario that lists 2019–2021 must not keep its base's 2018 money).
    static let replacedWhole: Set<[String]> = [["planner", "budget_vnd"]]

    /// Deep merge: `other` wins; maps at ``replacedWhole`` paths are replaced, not merged.
    func merged(with other: YNode, path: [String] = []) -> YNode {
        guard case .map(var mine) = value, case .map(let theirs) = other.value, !Self.replacedWhole.contains(path) else { return other }
        for e in theirs {
            if let i = mine.firstIndex(where: { $0.key == e.key }) { mine[i] = (e.key, e.line, mine[i].value.merged(with: e.value, path: path + [e.key])) }
            else { mine.append(e) }
        }
        var out = other
        out.value = .map(mine)
        return out
    }

    /// This map without the top-level `key` (unchanged when it has none).
    func removing(_ key: String) -> YNode {
        guard case .map(let entries) = value else { return self }
        var out = self
        out.value = .map(entries.filter { $0.key != key })
        return out
    }

    /// Path values are resolved relative to the directory of the file that wrote them.
    var directory: String { URL(fileURLWithPath: file).deletingLastPathComponent().path }

    /// Sets the value at a dotted key path (creating maps on the way), e.g. "radio.threshold_dbm".
    func setting(_ path: [String], to newValue: YNode) -> YNode {
        guard let head = path.first else { return newValue }
        var entries: [(key: String, line: Int, value: YNode)] = []
        if case .map(let e) = value { entries = e }
        let child = entries.first(where: { $0.key == head })?.value ?? YNode(value: .map([]), file: newValue.file, line: newValue.line, column: newValue.column)
        let updated = child.setting(Array(path.dropFirst()), to: newValue)
        if let i = entries.firstIndex(where: { $0.key == head }) { entries[i].value = updated } else { entries.append((head, newValue.line, updated)) }
        var out = self
        out.value = .map(entries)
        return out
    }

    /// The value at a dotted path, if present.
    package func lookup(_ path: [String]) -> YNode? {
        guard let head = path.first else { return self }
        guard case .map(let e) = value, let child = e.first(where: { $0.key == head })?.value else { return nil }
        return child.lookup(Array(path.dropFirst()))
    }

    /// The node as JSON (scalars typed as YAML would: numbers, booleans, strings).
    var json: JSONValue {
        switch value {
        case .null: return .null
        case .scalar(let s):
            if let d = Double(s), s.lowercased() != "nan", s.lowercased() != "inf" { return .number(d) }
            if s == "true" || s == "false" { return .bool(s == "true") }
            return .string(s)
        case .seq(let a): return .array(a.map(\.json))
        case .map(let e): return .object(e.map { ($0.key, $0.value.json) })
        }
    }
}


/// Strict reading of one YAML mapping: unknown keys are errors that name the closest valid key.
package struct YMap {
    let node: YNode
    let context: String
    let entries: [(key: String, line: Int, value: YNode)]

    init(_ node: YNode, context: String, allowed: [String]) throws {
        self.node = node
        self.context = context
        switch node.value {
        case .map(let e): entries = e
        case .null: entries = []
        default: throw SimError.input("\(node.place): '\(context)' must be a mapping of keys (\(allowed.joined(separator: ", ")))")
        }
        for e in entries where !allowed.contains(e.key) {
            let near = allowed.min { editDistance($0, e.key) < editDistance($1, e.key) }
            let hint = near.map { editDistance($0, e.key) <= max(3, e.key.count / 2) ? " — did you mean '\($0)'?" : "" } ?? ""
            throw SimError.input("\(e.value.file):\(e.line): unknown key '\(e.key)' in \(context.isEmpty ? "the top level" : context)\(hint) (valid keys: \(allowed.joined(separator: ", ")))")
        }
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }
    func child(_ key: String) -> YNode? {
        guard let v = entries.first(where: { $0.key == key })?.value else { return nil }
        if case .null = v.value { return nil }
        return v
    }
    private func name(_ key: String) -> String { context.isEmpty ? key : "\(context).\(key)" }
    private func missing(_ key: String) -> SimError {
        SimError.input("\(node.file): missing key '\(name(key))'; add it (data/scenarios/defaults.yaml lists every key with its default)")
    }

    func string(_ key: String) throws -> String {
        guard let v = child(key) else { throw missing(key) }
        guard case .scalar(let s) = v.value else { throw SimError.input("\(v.place): '\(name(key))' must be a text value") }
        return s
    }
    func optionalString(_ key: String) throws -> String? { child(key) == nil ? nil : try string(key) }

    func double(_ key: String, range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
        guard let v = child(key) else { throw missing(key) }
        guard case .scalar(let s) = v.value, let d = Double(s.replacingOccurrences(of: "_", with: "")), d.isFinite else {
            throw SimError.input("\(v.place): '\(name(key))' must be a finite number, got \(v.json.serialized())")
        }
        guard range.contains(d) else {
            throw SimError.input("\(v.place): '\(name(key))' = \(JSONValue.format(d)) is outside \(JSONValue.format(range.lowerBound))…\(JSONValue.format(range.upperBound))")
        }
        return d
    }
    func optionalDouble(_ key: String, range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double? {
        child(key) == nil ? nil : try double(key, range: range)
    }

    func int(_ key: String, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let v = child(key) else { throw missing(key) }
        guard case .scalar(let s) = v.value, let i = Int(s.replacingOccurrences(of: "_", with: "")) else {
            throw SimError.input("\(v.place): '\(name(key))' must be a whole number, got \(v.json.serialized())")
        }
        guard range.contains(i) else { throw SimError.input("\(v.place): '\(name(key))' = \(i) is outside \(range.lowerBound)…\(range.upperBound)") }
        return i
    }
    func optionalInt(_ key: String, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? { child(key) == nil ? nil : try int(key, range: range) }

    func bool(_ key: String) throws -> Bool {
        let s = try string(key)
        guard s == "true" || s == "false" else { throw SimError.input("\(child(key)!.place): '\(name(key))' must be true or false") }
        return s == "true"
    }

    func list(_ key: String) throws -> [YNode] {
        guard let v = child(key) else { return [] }
        guard case .seq(let items) = v.value else { throw SimError.input("\(v.place): '\(name(key))' must be a list") }
        return items
    }

    /// A file path, resolved against the directory of the YAML file that wrote it.
    func path(_ key: String) throws -> String? {
        guard let s = try optionalString(key) else { return nil }
        if s.hasPrefix("/") { return s }
        return URL(fileURLWithPath: child(key)!.directory).appendingPathComponent(s).standardizedFileURL.path
    }

    func map(_ key: String, allowed: [String]) throws -> YMap {
        try YMap(child(key) ?? YNode(value: .null, file: node.file, line: node.line, column: node.column), context: name(key), allowed: allowed)
    }
}

/// Levenshtein distance, for "did you mean" hints.
package func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + [Int](repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}
