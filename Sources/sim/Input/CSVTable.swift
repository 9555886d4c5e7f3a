import Foundation

/// A CSV file with a header row (RFC 4180 quoting). Every row error names the file and the
/// 1-based line number.
struct CSVTable {
    let file: String
    let header: [String]
    /// (line number, fields)
    let rows: [(line: Int, fields: [String])]

    init(path: String, required: [String]) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw SimError.input("\(path): cannot read file (does it exist?)") }
        guard let text = String(data: data, encoding: .utf8) else { throw SimError.input("\(path): not UTF-8 text; save the CSV as UTF-8") }
        try self.init(text: text, file: path, required: required)
    }

    init(text: String, file: String, required: [String]) throws {
        self.file = file
        var lines: [(Int, [String])] = []
        var n = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if n == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            lines.append((n, try CSVTable.split(line, file: file, line: n)))
        }
        guard let first = lines.first else { throw SimError.input("\(file): empty file; expected a header row with \(required.joined(separator: ","))") }
        header = first.1.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for r in required where !header.contains(r) {
            throw SimError.input("\(file):\(first.0): missing column '\(r)'; the header must name \(required.joined(separator: ", "))")
        }
        var dup = Set<String>()
        for h in header where !dup.insert(h).inserted { throw SimError.input("\(file):\(first.0): column '\(h)' appears twice") }
        rows = lines.dropFirst().map { (line: $0.0, fields: $0.1) }
        for r in rows where r.fields.count != header.count {
            throw SimError.input("\(file):\(r.line): \(r.fields.count) fields, the header has \(header.count)")
        }
    }

    static func split(_ line: String, file: String, line n: Int) throws -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var it = Array(line.unicodeScalars)[...]
        while let c = it.popFirst() {
            if quoted {
                if c == "\"" { if it.first == "\"" { cur.unicodeScalars.append("\""); it.removeFirst() } else { quoted = false } }
                else { cur.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { out.append(cur); cur = "" }
            else { cur.unicodeScalars.append(c) }
        }
        if quoted { throw SimError.input("\(file):\(n): unterminated quoted field") }
        out.append(cur)
        return out
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    func string(_ row: (line: Int, fields: [String]), _ name: String) -> String? {
        guard let i = column(name) else { return nil }
        let s = row.fields[i].trimmingCharacters(in: .whitespaces)
        return s.isEmpty ? nil : s
    }

    func double(_ row: (line: Int, fields: [String]), _ name: String, range: ClosedRange<Double>? = nil, hint: String = "") throws -> Double {
        guard let s = string(row, name) else { throw SimError.input("\(file):\(row.line): column '\(name)' is empty; give a number\(hint)") }
        guard let d = Double(s), d.isFinite else { throw SimError.input("\(file):\(row.line): column '\(name)' = '\(s)' is not a finite number\(hint)") }
        if let range, !range.contains(d) {
            throw SimError.input("\(file):\(row.line): column '\(name)' = \(s) is outside \(JSONValue.format(range.lowerBound))…\(JSONValue.format(range.upperBound))\(hint)")
        }
        return d
    }
}

import Coverage
