import Coverage
import CSV
import Foundation

/// A CSV file with a header row, read the way spreadsheets write it (RFC 4180): LF, CRLF or CR
/// line ends, an optional UTF-8 byte-order mark, quoted fields holding commas, doubled quotes and
/// line breaks. Lines starting with `#` (outside a quoted field) and blank lines are skipped.
/// Every row error names the file and the 1-based line on which the row starts.
///
/// Fields are split and unquoted by yaslab/CSV.swift (``CSVReader``), which reads Unicode scalars —
/// so CRLF stays two characters, unlike Swift's `Character`, which makes "\r\n" one grapheme — and
/// handles every RFC 4180 case above. It keeps no line numbers and knows no comment lines, and it
/// reads on past a stray quote where we want an error, so ``records(_:file:)`` first finds where each
/// record starts and ends (and drops comments), then hands the records to the reader.
package struct CSVTable {
    let file: String
    let header: [String]
    /// (line number where the row starts, fields)
    let rows: [(line: Int, fields: [String])]

    init(path: String, required: [String]) throws {
        let text: String
        do { text = try InputFile.readText(path, limitBytes: InputFile.csvLimitBytes, what: "CSV file") }
        catch let e as CoverageError { throw SimError.input(e.description) }
        try self.init(text: text, file: path, required: required)
    }

    init(text: String, file: String, required: [String]) throws {
        self.file = file
        let lines = try Self.records(text, file: file)
        guard let first = lines.first else { throw SimError.input("\(file): empty file; expected a header row with \(required.joined(separator: ","))") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for r in required where !header.contains(r) {
            throw SimError.input("\(file):\(first.line): missing column '\(r)'; the header must name \(required.joined(separator: ", "))")
        }
        var dup = Set<String>()
        for h in header where !dup.insert(h).inserted { throw SimError.input("\(file):\(first.line): column '\(h)' appears twice") }
        rows = Array(lines.dropFirst())
        for r in rows where r.fields.count != header.count {
            throw SimError.input("\(file):\(r.line): \(r.fields.count) fields, the header has \(header.count)")
        }
    }

    /// The header of a CSV file (lowercased, trimmed), after reading the whole file as a table.
    package static func header(_ path: String) throws -> [String] { try CSVTable(path: path, required: []).header }

    /// The records of a CSV text with the line each starts on; comment (`#`) and blank lines dropped.
    /// - Throws: `SimError.input` naming the line of an unterminated quoted field, or of a quote
    ///   that closes a quoted field without a comma or line end after it (write `""` for a quote).
    static func records(_ text: String, file: String) throws -> [(line: Int, fields: [String])] {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var kept = String.UnicodeScalarView()
        var starts: [Int] = []
        var record = String.UnicodeScalarView()
        var line = 1, recordLine = 1, quoteLine = 1
        var state = State.fieldStart
        var comment = false
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        if i < scalars.endIndex, scalars[i] == "\u{FEFF}" { i = scalars.index(after: i) }

        func endRecord() {
            if !comment && record.contains(where: { $0 != " " && $0 != "\t" }) {
                kept.append(contentsOf: record)
                kept.append("\n")
                starts.append(recordLine)
            }
            record.removeAll(keepingCapacity: true)
            comment = false
            state = .fieldStart
        }
        while i < scalars.endIndex {
            let c = scalars[i]
            i = scalars.index(after: i)
            if c == "\n" || c == "\r" {
                let crlf = c == "\r" && i < scalars.endIndex && scalars[i] == "\n"
                if crlf { i = scalars.index(after: i) }
                if state == .quoted {
                    record.append(c)
                    if crlf { record.append("\n") }
                } else {
                    endRecord()
                    recordLine = line + 1
                }
                line += 1
                continue
            }
            if comment { continue }
            if record.isEmpty && state == .fieldStart && c == "#" { comment = true; continue }
            switch state {
            case .fieldStart:
                if c == "\"" { state = .quoted; quoteLine = line } else if c != "," { state = .unquoted }
            case .unquoted:
                if c == "," { state = .fieldStart }
            case .quoted:
                if c == "\"" { state = .quoteInQuoted }
            case .quoteInQuoted:
                if c == "\"" { state = .quoted } else if c == "," { state = .fieldStart } else {
                    throw SimError.input("\(file):\(line): a quoted field ends with text after its closing quote; write a quote inside a quoted field as \"\"")
                }
            }
            record.append(c)
        }
        if state == .quoted { throw SimError.input("\(file):\(quoteLine): unterminated quoted field (a \" opened here is never closed)") }
        endRecord()

        let reader: CSVReader
        do { reader = try CSVReader(string: String(kept), hasHeaderRow: false) } catch {
            throw SimError.input("\(file): cannot read as CSV (\(error))")
        }
        var out: [(line: Int, fields: [String])] = []
        out.reserveCapacity(starts.count)
        while let fields = reader.next() {
            guard out.count < starts.count else { break }
            out.append((starts[out.count], fields))
        }
        guard out.count == starts.count else { throw SimError.input("\(file): the CSV reader found \(out.count) rows where \(starts.count) were expected") }
        return out
    }

    /// One field as this project writes CSV: quoted (with doubled quotes) when it holds a comma,
    /// a quote or a line break, or starts with `#` (a comment) or a byte-order mark, so
    /// ``records(_:file:)`` and Excel read it back as it was.
    static func field(_ s: String) -> String {
        let first = s.unicodeScalars.first
        let needsQuotes = first == "#" || first == "\u{FEFF}"
            || s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        // Scalar by scalar (``Escaping``): a quote followed by a combining mark is one Character.
        return needsQuotes ? "\"" + Escaping.replacing(s, ["\"": "\"\""]) + "\"" : s
    }

    /// One row (without its line end): the fields joined by commas; a row that would read as a
    /// blank line (every field empty or spaces) has its first field quoted, so it stays a row.
    static func row(_ fields: [String]) -> String {
        var out = fields.map(field)
        if !out.isEmpty, out.allSatisfy({ $0.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" } }) { out[0] = "\"" + out[0] + "\"" }
        return out.joined(separator: ",")
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
