import Coverage
import CSV
import Foundation

/// A table with a header row: a CSV file, read the way spreadsheets write it (RFC 4180): LF, CRLF or
/// CR line ends, an optional UTF-8 byte-order mark, quoted fields holding commas, doubled quotes and
/// line breaks; or one sheet of an Excel workbook (`.xlsx`, `.xlsm`), read through GDAL
/// (``GDALTable/readSheet(_:sheet:)``) cell by cell as text, so its cells are parsed exactly as a
/// CSV's fields. Lines (rows) starting with `#` (outside a quoted field; in a sheet, a first cell
/// starting with `#`) and blank lines (rows) are skipped. Every row error names the file and the
/// 1-based line on which the row starts (`costs.csv:12`), or the file, the sheet and the
/// spreadsheet's row number (`costs.xlsx, sheet 'costs', row 12`): ``place(_:)``.
///
/// Fields are split and unquoted by yaslab/CSV.swift (``CSVReader``), which reads Unicode scalars —
/// so CRLF stays two characters, unlike Swift's `Character`, which makes "\r\n" one grapheme — and
/// handles every RFC 4180 case above. It keeps no line numbers and knows no comment lines, and it
/// reads on past a stray quote where we want an error, so ``records(_:file:)`` first finds where each
/// record starts and ends (and drops comments), then hands the records to the reader.
package struct CSVTable {
    let file: String
    /// The sheet the table was read from when `file` is an Excel workbook; nil for a CSV file.
    let sheet: String?
    let header: [String]
    /// (line number where the row starts — a workbook's row number —, fields)
    let rows: [(line: Int, fields: [String])]

    /// Reads a CSV file, or a sheet of an Excel workbook (`.xlsx`, `.xlsm`: `sheet` names it, nil
    /// reads the first).
    /// - Throws: `SimError.input`, one line naming the file (and sheet) and the row: an unreadable
    ///   file, an unknown sheet (the message lists the sheets), a `sheet` for a CSV file, a missing
    ///   or repeated column, a row with more or fewer fields than the header.
    init(path: String, required: [String], sheet: String? = nil) throws {
        let (records, sheetName) = try Self.fileRecords(path, sheet: sheet)
        try self.init(records: records, file: path, sheet: sheetName, required: required)
    }

    init(text: String, file: String, required: [String]) throws {
        try self.init(records: try Self.records(text, file: file), file: file, sheet: nil, required: required)
    }

    init(records lines: [(line: Int, fields: [String])], file: String, sheet: String?, required: [String]) throws {
        self.file = file
        self.sheet = sheet
        let whole = sheet.map { "\(file), sheet '\($0)'" } ?? file
        guard let first = lines.first else {
            throw SimError.input("\(whole): empty \(sheet == nil ? "file" : "sheet"); expected a header row with \(required.joined(separator: ","))")
        }
        header = first.fields.map { $0.trimmingWhitespace.lowercased() }
        let headPlace = Self.place(file: file, sheet: sheet, line: first.line)
        for r in required where !header.contains(r) {
            throw SimError.input("\(headPlace): missing column '\(r)'; the header must name \(required.joined(separator: ", "))")
        }
        var dup = Set<String>()
        for h in header where !dup.insert(h).inserted { throw SimError.input("\(headPlace): column '\(h)' appears twice") }
        rows = Array(lines.dropFirst())
        for r in rows where r.fields.count != header.count {
            throw SimError.input("\(Self.place(file: file, sheet: sheet, line: r.line)): \(r.fields.count) fields, the header has \(header.count)")
        }
    }

    /// The header of a CSV file or of a workbook's first sheet (lowercased, trimmed), after reading
    /// the whole table.
    package static func header(_ path: String) throws -> [String] { try CSVTable(path: path, required: []).header }

    /// Where row `line` is, for messages: `file:line` for a CSV file, `file, sheet 'S', row N` for a workbook.
    func place(_ line: Int) -> String { Self.place(file: file, sheet: sheet, line: line) }

    /// How a message about another row names this one: `line N` (CSV) or `row N` (workbook).
    func ref(_ line: Int) -> String { sheet == nil ? "line \(line)" : "row \(line)" }

    static func place(file: String, sheet: String?, line: Int) -> String {
        sheet.map { "\(file), sheet '\($0)', row \(line)" } ?? "\(file):\(line)"
    }

    /// The records of a table file with the line (row) each starts on, comments and blank rows
    /// dropped, and the sheet read (nil for a CSV file): a CSV file through ``records(_:file:)``, or a
    /// sheet of an Excel workbook through ``sheetRecords(_:)``.
    /// - Throws: `SimError.input` naming the file: unreadable, too large (``InputFile/csvLimitBytes``),
    ///   not a workbook GDAL opens, no such sheet, or a `sheet` given for a CSV file.
    static func fileRecords(_ path: String, sheet: String?) throws -> (records: [(line: Int, fields: [String])], sheet: String?) {
        if GDALTable.isSpreadsheet(path) {
            do {
                if !path.hasPrefix("/vsi") { try InputFile.check(path, limitBytes: InputFile.csvLimitBytes, what: "Excel workbook") }
                let s = try GDALTable.readSheet(path, sheet: sheet)
                return (try sheetRecords(s), s.name)
            } catch let e as CoverageError { throw SimError.input(e.description) }
        }
        if let sheet {
            throw SimError.input("\(path): a CSV file has no sheets; 'layer: \(sheet)' names a sheet of an Excel workbook (.xlsx)")
        }
        let text: String
        do { text = try InputFile.readText(path, limitBytes: InputFile.csvLimitBytes, what: "CSV file") }
        catch let e as CoverageError { throw SimError.input(e.description) }
        return (try records(text, file: path), nil)
    }

    /// The records of a sheet, as ``records(_:file:)`` gives a CSV's: rows whose first cell starts
    /// with `#` and rows of blank cells dropped; each row as many fields as the header has cells up
    /// to its last non-blank one (empty cells after a row's last value read as empty fields).
    /// - Throws: `SimError.input` naming the row and the column letter of a value right of the
    ///   header's last column.
    static func sheetRecords(_ s: GDALTable.Sheet) throws -> [(line: Int, fields: [String])] {
        func blank(_ c: String) -> Bool { c.allSatisfy { $0 == " " || $0 == "\t" } }
        var out: [(line: Int, fields: [String])] = []
        var width = 0
        for r in s.rows {
            if r.cells.allSatisfy(blank) || r.cells.first?.hasPrefix("#") == true { continue }
            if out.isEmpty { width = (r.cells.lastIndex { !blank($0) } ?? 0) + 1 }
            if let extra = r.cells.indices.first(where: { $0 >= width && !blank(r.cells[$0]) }) {
                throw SimError.input("\(place(file: s.file, sheet: s.name, line: r.row)): a value in column \(columnLetter(extra)), right of the header's last column \(columnLetter(width - 1)); give the column a header or clear the cell")
            }
            var fields = Array(r.cells.prefix(width))
            if fields.count < width { fields += [String](repeating: "", count: width - fields.count) }
            out.append((r.row, fields))
        }
        return out
    }

    /// A spreadsheet's column letter for a 0-based column index: 0 → A, 25 → Z, 26 → AA.
    static func columnLetter(_ index: Int) -> String {
        var n = index + 1, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    /// The UTF-8 byte-order mark, U+FEFF (bytes EF BB BF), that starts every CSV file sim writes.
    ///
    /// Excel for Windows opens a CSV by double-click (or File › Open) in the system's legacy code page
    /// unless the file starts with this mark, so every Vietnamese letter of a UTF-8 "Đông Hà" shows as
    /// two wrong characters ("ô" as "Ã´"); with it, Excel
    /// (2007 and later) reads the file as UTF-8, and Excel's own "CSV UTF-8" format starts with the
    /// same three bytes. Our reader (``records(_:file:)``), GDAL's CSV driver and Python's `utf-8-sig`
    /// codec skip it; a reader that does not (Python's plain `utf-8`) sees it as part of the first
    /// column's name. Line ends stay LF: Excel reads them, and CRLF would change every line of every
    /// CSV for no reader's benefit.
    package static let byteOrderMark = "\u{FEFF}"

    /// The bytes of a CSV file as sim writes it: ``byteOrderMark`` and then `text`, in UTF-8 (no
    /// second mark when `text` starts with one). Every CSV file sim writes goes through this, by
    /// ``OutputFolder/write(_:_:)`` for names ending in `.csv`.
    package static func fileData(_ text: String) -> Data {
        Data(((text.hasPrefix(byteOrderMark) ? "" : byteOrderMark) + text).utf8)
    }

    /// The records of a CSV text with the line each starts on; comment (`#`) and blank lines dropped.
    /// - Throws: `SimError.input` naming the line of an unterminated quoted field, or of a quote
    ///   that closes a quoted field without a comma or line end after it (write `""` for a quote).
    static func records(_ text: String, file: String) throws -> [(line: Int, fields: [String])] {
        var text = text
        let (kept, starts) = try text.withUTF8 { try keptRecords($0, file: file) }
        let reader: CSVReader
        do { reader = try CSVReader(string: kept, hasHeaderRow: false) } catch {
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

    /// The records of CSV bytes worth reading, each followed by a line feed, and the line each starts on: comment
    /// (`#`) and blank lines dropped, a leading byte-order mark skipped. A record is its bytes as they are in the file
    /// (line breaks inside a quoted field kept); the syntax is all ASCII, so the bytes are scanned directly (every
    /// byte of a multi-byte UTF-8 character is ≥ 0x80 and matches none of it).
    /// - Throws: `SimError.input` naming the line of an unterminated quoted field, or of text after a closing quote.
    static func keptRecords(_ b: UnsafeBufferPointer<UInt8>, file: String) throws -> (kept: String, starts: [Int]) {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var kept: [UInt8] = []
        kept.reserveCapacity(b.count + 1)
        var starts: [Int] = []
        var line = 1, recordLine = 1, quoteLine = 1
        var state = State.fieldStart
        var comment = false, blank = true
        var i = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        var recordStart = i
        func endRecord(_ end: Int) {
            if !comment && !blank {
                kept.append(contentsOf: UnsafeBufferPointer(rebasing: b[recordStart..<end]))
                kept.append(lf)
                starts.append(recordLine)
            }
            comment = false; blank = true
            state = .fieldStart
        }
        while i < b.count {
            let c = b[i]
            i += 1
            if c == lf || c == cr {
                let end = i - 1
                if c == cr && i < b.count && b[i] == lf { i += 1 }
                if state != .quoted {
                    endRecord(end)
                    recordStart = i
                    recordLine = line + 1
                }
                line += 1
                continue
            }
            if comment { continue }
            if i - 1 == recordStart && c == UInt8(ascii: "#") { comment = true; continue }
            if c != UInt8(ascii: " ") && c != UInt8(ascii: "\t") { blank = false }
            switch state {
            case .fieldStart:
                if c == quote { state = .quoted; quoteLine = line } else if c != comma { state = .unquoted }
            case .unquoted:
                if c == comma { state = .fieldStart }
            case .quoted:
                if c == quote { state = .quoteInQuoted }
            case .quoteInQuoted:
                if c == quote { state = .quoted } else if c == comma { state = .fieldStart } else {
                    throw SimError.input("\(file):\(line): a quoted field ends with text after its closing quote; write a quote inside a quoted field as \"\"")
                }
            }
        }
        if state == .quoted { throw SimError.input("\(file):\(quoteLine): unterminated quoted field (a \" opened here is never closed)") }
        endRecord(b.count)
        return (String(decoding: kept, as: UTF8.self), starts)
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
        let s = row.fields[i].trimmingWhitespace
        return s.isEmpty ? nil : s
    }

    func double(_ row: (line: Int, fields: [String]), _ name: String, range: ClosedRange<Double>? = nil, hint: String = "") throws -> Double {
        guard let s = string(row, name) else { throw SimError.input("\(place(row.line)): column '\(name)' is empty; give a number\(hint)") }
        guard let d = Double(s), d.isFinite else { throw SimError.input("\(place(row.line)): column '\(name)' = '\(s)' is not a finite number\(hint)") }
        if let range, !range.contains(d) {
            throw SimError.input("\(place(row.line)): column '\(name)' = \(s) is outside \(JSONValue.format(range.lowerBound))…\(JSONValue.format(range.upperBound))\(hint)")
        }
        return d
    }
}

extension Substring {
    /// The text without leading and trailing white space: the same as `trimmingCharacters(in: .whitespaces)`
    /// (Unicode general category Zs and the tab, U+0009), without Foundation's round trip through UTF-16 (a national
    /// sites file trims every field).
    package var trimmingWhitespace: String {
        let u = unicodeScalars
        guard let first = u.first, let last = u.last else { return "" }
        if !first.isWhitespaceToTrim && !last.isWhitespaceToTrim { return String(self) }
        guard let f = u.firstIndex(where: { !$0.isWhitespaceToTrim }), let l = u.lastIndex(where: { !$0.isWhitespaceToTrim }) else { return "" }
        return String(u[f...l])
    }
}

extension String {
    /// ``Substring/trimmingWhitespace`` of the whole text.
    package var trimmingWhitespace: String { self[...].trimmingWhitespace }
}

extension Unicode.Scalar {
    /// Whether `CharacterSet.whitespaces` holds this scalar: the tab, a space separator (general category Zs), and —
    /// as Foundation's set still does — the zero width space U+200B (Zs in Unicode 3.x, a format character since).
    package var isWhitespaceToTrim: Bool {
        value < 0x80 ? value == 0x20 || value == 0x09 : value == 0x200B || properties.generalCategory == .spaceSeparator
    }
}
