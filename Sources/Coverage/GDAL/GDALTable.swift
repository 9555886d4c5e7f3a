import CGDAL
import Foundation

/// Attribute tables — named columns and rows, no geometry — through GDAL/OGR's C API and its XLSX
/// driver (Office Open XML spreadsheets; one OGR layer is one sheet): written as the sheets of one
/// workbook with typed cells (``writeWorkbook(_:to:)``), and read back a sheet at a time as text
/// cells with their spreadsheet row numbers (``readSheet(_:sheet:)``) for the table readers of the
/// studies library, which parse a spreadsheet's cells exactly as they parse a CSV's fields.
///
/// Ownership as in ``GDALVector``: a dataset (`GDALOpenEx`/`GDALCreate`) is ours and closed with
/// `GDALClose` on every path (the XLSX driver writes the file when the dataset is closed); layers and
/// layer definitions are borrowed from the dataset; features (`OGR_F_Create`,
/// `OGR_L_GetNextFeature`) and field definitions (`OGR_Fld_Create`) are ours and destroyed at once
/// after use. Strings GDAL returns are copied at once.
public enum GDALTable {
    /// One sheet to write: a header row of `columns`, then `rows` (each exactly `columns.count` values).
    public struct Table: Sendable {
        /// The sheet name: 1…31 characters, none of `[ ] : * ? / \` (Excel's rules), unique in its workbook.
        public var name: String
        /// Column headers, in order.
        public var columns: [String]
        /// Values per row, in column order. JSON null is an empty cell. A table without rows is
        /// written as its header and one blank row.
        public var rows: [[JSONValue]]

        public init(name: String, columns: [String], rows: [[JSONValue]]) {
            self.name = name; self.columns = columns; self.rows = rows
        }

        /// A sheet from records of (column, value) pairs, such as a layer's feature properties: the
        /// columns are the keys in order of first appearance; a record without a key leaves that cell empty.
        public init(name: String, records: [[(String, JSONValue)]]) {
            var columns: [String] = [], seen = Set<String>()
            for r in records { for (k, _) in r where seen.insert(k).inserted { columns.append(k) } }
            let position = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
            let rows = records.map { r -> [JSONValue] in
                var row = [JSONValue](repeating: .null, count: columns.count)
                for (k, v) in r { row[position[k]!] = v }
                return row
            }
            self.init(name: name, columns: columns, rows: rows)
        }
    }

    /// A sheet as read: every cell as text, by spreadsheet row.
    public struct Sheet: Sendable {
        /// The path as given.
        public var file: String
        /// The sheet's name.
        public var name: String
        /// Every sheet of the workbook, in order.
        public var sheetNames: [String]
        /// The rows GDAL reports, in order, with their 1-based spreadsheet row number and their cells
        /// by column (column A first) as text (`""` for an empty cell; a numeric cell as the number
        /// written in the file, e.g. `947.5`, `15000000000`, `1E+21` — GDAL writes real cells with 16
        /// significant digits, so 88.21 reads back as `88.20999999999999`, the same Double —; a
        /// boolean cell as `1` or `0`).
        /// Rows without a value are left out.
        public var rows: [(row: Int, cells: [String])]

        public init(file: String, name: String, sheetNames: [String], rows: [(row: Int, cells: [String])]) {
            self.file = file; self.name = name; self.sheetNames = sheetNames; self.rows = rows
        }
    }

    /// The kind of one written column (see ``writeWorkbook(_:to:)``).
    enum ColumnKind: Equatable { case integer, integer64, real, boolean, text }

    /// The kind of a column from its values: boolean when every value is a boolean; integer when
    /// every value is a whole number below 2⁵³ in magnitude (32-bit when all fit); real when every
    /// value is a number; text otherwise and for a column of empty cells only.
    static func kind(of values: [JSONValue]) -> ColumnKind {
        var bools = 0, numbers = 0, whole = 0, wide = 0, others = 0
        for v in values {
            switch v {
            case .null: continue
            case .bool: bools += 1
            case .number(let d):
                numbers += 1
                if d == d.rounded(), abs(d) < 9_007_199_254_740_992 {
                    whole += 1
                    if abs(d) > 2_147_483_647 { wide += 1 }
                }
            default: others += 1
            }
        }
        if others > 0 || (bools > 0 && numbers > 0) || bools + numbers == 0 { return .text }
        if bools > 0 { return .boolean }
        if whole == numbers { return wide > 0 ? .integer64 : .integer }
        return .real
    }

    /// A value as a text cell: strings as they are, numbers as ``JSONValue/format(_:)`` writes them,
    /// booleans `true`/`false`, lists and objects as JSON, null as the empty string.
    public static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .number(let d): return JSONValue.format(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .array, .object: return v.serialized()
        }
    }

    /// Whether Excel accepts `name` as a sheet name: 1…31 characters, none of `[ ] : * ? / \`, not
    /// starting or ending with an apostrophe.
    public static func isValidSheetName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 31 && !name.contains(where: { "[]:*?/\\".contains($0) })
            && !name.hasPrefix("'") && !name.hasSuffix("'")
    }

    /// Writes `tables` as the sheets of one new Office Open XML workbook (`.xlsx`) at `path`, in order,
    /// through GDAL's XLSX driver: each sheet's first row holds the column names, each further row one
    /// row of values. Cells are typed per column (``kind(of:)``): whole numbers as integer cells, other
    /// numbers as real cells, booleans as boolean cells, everything else as text (numbers in a column
    /// that also holds text are written as text, as ``JSONValue/format(_:)`` writes them). Null is an
    /// empty cell. GDAL writes real cells with 16 significant digits: a Double that prints in 16
    /// digits or fewer (every rounded figure sim writes) reads back exactly, one that needs 17 within
    /// 10⁻¹⁵ of itself.
    ///
    /// The same tables give a byte-identical file: GDAL 3.6 writes no creation or modification time
    /// into the workbook (docProps/core.xml holds only a revision number) and stamps every zip entry
    /// with the fixed DOS time of 1980 (checked in the tests by writing twice).
    ///
    /// - Returns: GDAL's warnings.
    /// - Throws: ``CoverageError/gdal(operation:message:)`` when the file exists already, a sheet name
    ///   is invalid or repeated, a row's length differs from its header's, or GDAL fails (its message).
    @discardableResult
    public static func writeWorkbook(_ tables: [Table], to path: String) throws -> [String] {
        try GDALMessages.capture { messages in
            func fail(_ m: String) -> CoverageError { .gdal(operation: "write \(path)", message: m) }
            if FileManager.default.fileExists(atPath: path) { throw fail("the file already exists; write into a new path") }
            guard !tables.isEmpty else { throw fail("a workbook needs at least one sheet") }
            var names = Set<String>()
            for t in tables {
                guard isValidSheetName(t.name) else { throw fail("'\(t.name)' is not a valid sheet name (1–31 characters, none of [ ] : * ? / \\)") }
                guard names.insert(t.name.lowercased()).inserted else { throw fail("two sheets are named '\(t.name)'") }
                if let k = t.rows.firstIndex(where: { $0.count != t.columns.count }) {
                    throw fail("sheet '\(t.name)', row \(k + 2): \(t.rows[k].count) values for \(t.columns.count) columns")
                }
            }
            guard let driver = GDALGetDriverByName("XLSX") else {
                throw CoverageError.gdal(operation: "GDALGetDriverByName(XLSX)", message: "this GDAL build has no XLSX driver")
            }
            guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
                throw CoverageError.gdal(operation: "GDALCreate \(path)", message: messages.lastError)
            }
            var closed = false
            defer { if !closed { GDALClose(ds) } }
            for t in tables { try writeSheet(t, into: ds, path: path, messages: messages) }
            closed = true
            try messages.close(ds, writing: path)
            return messages.warnings
        }
    }

    static func writeSheet(_ table: Table, into ds: GDALDatasetH, path: String, messages: GDALMessages) throws {
        let place = "\(path), sheet '\(table.name)'"
        guard let layer = GDALDatasetCreateLayer(ds, table.name, nil, wkbNone, nil) else {
            throw CoverageError.gdal(operation: "GDALDatasetCreateLayer \(place)", message: messages.lastError)
        }
        let kinds = table.columns.indices.map { c in kind(of: table.rows.map { $0[c] }) }
        for (name, kind) in zip(table.columns, kinds) {
            let type: OGRFieldType
            switch kind {
            case .integer, .boolean: type = OFTInteger
            case .integer64: type = OFTInteger64
            case .real: type = OFTReal
            case .text: type = OFTString
            }
            guard let defn = OGR_Fld_Create(name, type) else { throw CoverageError.gdal(operation: "OGR_Fld_Create", message: "out of memory") }
            defer { OGR_Fld_Destroy(defn) }
            if kind == .boolean { OGR_Fld_SetSubType(defn, OFSTBoolean) }
            guard OGR_L_CreateField(layer, defn, 0) == OGRERR_NONE else {
                throw CoverageError.gdal(operation: "OGR_L_CreateField \(place), column '\(name)'", message: messages.lastError)
            }
        }
        let defn = OGR_L_GetLayerDefn(layer)
        guard Int(OGR_FD_GetFieldCount(defn)) == table.columns.count else {
            throw CoverageError.gdal(operation: "OGR_L_CreateField \(place)", message: "GDAL made \(OGR_FD_GetFieldCount(defn)) columns of \(table.columns.count)")
        }
        // GDAL 3.6 writes a sheet's header row with its first row: a table without rows gets one
        // empty row, so the sheet still shows its column names (readers see a blank row 2).
        let rows = table.rows.isEmpty ? [[JSONValue](repeating: .null, count: table.columns.count)] : table.rows
        for (r, row) in rows.enumerated() {
            guard let f = OGR_F_Create(defn) else { throw CoverageError.gdal(operation: "OGR_F_Create", message: "out of memory") }
            defer { OGR_F_Destroy(f) }
            for (c, v) in row.enumerated() {
                let j = Int32(c)
                switch (kinds[c], v) {
                case (_, .null): OGR_F_SetFieldNull(f, j)
                case (.boolean, .bool(let b)): OGR_F_SetFieldInteger64(f, j, b ? 1 : 0)
                case (.integer, .number(let d)), (.integer64, .number(let d)): OGR_F_SetFieldInteger64(f, j, Int64(d))
                case (.real, .number(let d)): OGR_F_SetFieldDouble(f, j, d)
                default: OGR_F_SetFieldString(f, j, text(v))
                }
            }
            guard OGR_L_CreateFeature(layer, f) == OGRERR_NONE else {
                throw CoverageError.gdal(operation: "OGR_L_CreateFeature \(place), row \(r + 2)", message: messages.lastError)
            }
        }
    }

    // MARK: Reading

    /// Whether GDAL reads `path` as a spreadsheet through this type: `.xlsx` or `.xlsm` (any case).
    public static func isSpreadsheet(_ path: String) -> Bool {
        ["xlsx", "xlsm"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// Opens a workbook read-only with the XLSX driver and runs `body` with it. `headers` and
    /// `types` are GDAL's XLSX configuration options `OGR_XLSX_HEADERS` (`DISABLE`: the first row is
    /// a row like any other; `FORCE`: it is the header) and `OGR_XLSX_FIELD_TYPES` (`STRING`: every
    /// cell as text; `AUTO`: columns typed from their cells), set for this thread only.
    static func withWorkbook<T>(_ path: String, headers: String, types: String, _ body: (GDALDatasetH, GDALMessages) throws -> T) throws -> T {
        try GDALMessages.capture { messages in
            if !path.hasPrefix("/vsi"), !FileManager.default.fileExists(atPath: path) {
                throw CoverageError.invalidInput(file: path, location: "", message: "cannot read file (does it exist?)")
            }
            let settings = [("OGR_XLSX_HEADERS", headers), ("OGR_XLSX_FIELD_TYPES", types)]
            for (k, v) in settings { CPLSetThreadLocalConfigOption(k, v) }
            defer { for (k, _) in settings { CPLSetThreadLocalConfigOption(k, nil) } }
            let ds = withCStringList(["XLSX"]) { drivers in
                GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), drivers, nil, nil)
            }
            guard let ds else {
                throw CoverageError.invalidInput(file: path, location: "", message: "GDAL cannot open it as an Excel workbook (\(messages.lastError)); save it from Excel as .xlsx, or as CSV UTF-8")
            }
            defer { GDALClose(ds) }
            return try body(ds, messages)
        }
    }

    /// Every layer (sheet) of an open dataset with its name, in order.
    static func sheets(_ ds: GDALDatasetH) -> [(name: String, handle: OGRLayerH)] {
        (0..<GDALDatasetGetLayerCount(ds)).compactMap { i in
            guard let l = GDALDatasetGetLayer(ds, i) else { return nil }
            return (String(cString: OGR_L_GetName(l)), l)
        }
    }

    /// The sheet named `name`, or the first one when nil.
    static func sheet(_ ds: GDALDatasetH, _ name: String?, path: String) throws -> (name: String, handle: OGRLayerH, all: [String]) {
        let all = sheets(ds)
        let names = all.map(\.name)
        if let name {
            guard let s = all.first(where: { $0.name == name }) else {
                let list = names.isEmpty ? "it has none" : "its sheets are \(names.map { "'\($0)'" }.joined(separator: ", "))"
                throw CoverageError.invalidInput(file: path, location: "", message: "no sheet named '\(name)'; \(list)")
            }
            return (s.name, s.handle, names)
        }
        guard let first = all.first else { throw CoverageError.invalidInput(file: path, location: "", message: "the workbook holds no sheet") }
        return (first.name, first.handle, names)
    }

    /// The sheet names of a workbook, in order.
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` when GDAL cannot open it.
    public static func sheetNames(_ path: String) throws -> [String] {
        try withWorkbook(path, headers: "DISABLE", types: "STRING") { ds, _ in sheets(ds).map(\.name) }
    }

    /// Reads one sheet of a workbook cell by cell as text, every row (the header too) as a row of
    /// cells, with the 1-based spreadsheet row number (GDAL's feature id for this driver).
    ///
    /// - Parameters:
    ///   - path: an `.xlsx` file (or a GDAL virtual path).
    ///   - sheet: the sheet's name; nil reads the first sheet.
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` for a file GDAL cannot open as
    ///   a workbook, or an unknown sheet (the message lists the sheets).
    public static func readSheet(_ path: String, sheet name: String?) throws -> Sheet {
        try withWorkbook(path, headers: "DISABLE", types: "STRING") { ds, _ in
            let s = try sheet(ds, name, path: path)
            let defn = OGR_L_GetLayerDefn(s.handle)
            let columns = Int(OGR_FD_GetFieldCount(defn))
            var rows: [(row: Int, cells: [String])] = []
            OGR_L_ResetReading(s.handle)
            var index = 0
            while let f = OGR_L_GetNextFeature(s.handle) {
                defer { OGR_F_Destroy(f); index += 1 }
                let fid = OGR_F_GetFID(f)
                var cells = [String](repeating: "", count: columns)
                var any = false
                for c in 0..<columns where OGR_F_IsFieldSetAndNotNull(f, Int32(c)) != 0 {
                    cells[c] = String(cString: OGR_F_GetFieldAsString(f, Int32(c)))
                    any = any || !cells[c].isEmpty
                }
                if any { rows.append((fid >= 1 ? Int(fid) : index + 1, cells)) }
            }
            return Sheet(file: path, name: s.name, sheetNames: s.all, rows: rows)
        }
    }

    /// The columns of a sheet as GDAL types them when it takes the first row as the header and types
    /// each column from its cells (`OGR_XLSX_HEADERS=FORCE`, `OGR_XLSX_FIELD_TYPES=AUTO`): name and
    /// OGR type name (`Integer`, `Integer64`, `Real`, `String`, `Integer(Boolean)`, …). For checking
    /// that a written workbook holds typed cells.
    /// - Throws: as ``readSheet(_:sheet:)``.
    public static func columnTypes(_ path: String, sheet name: String) throws -> [(name: String, type: String)] {
        try withWorkbook(path, headers: "FORCE", types: "AUTO") { ds, _ in
            let s = try sheet(ds, name, path: path)
            let defn = OGR_L_GetLayerDefn(s.handle)
            return (0..<OGR_FD_GetFieldCount(defn)).map { i in
                let f = OGR_FD_GetFieldDefn(defn, i)
                let type = String(cString: OGR_GetFieldTypeName(OGR_Fld_GetType(f)))
                let sub = OGR_Fld_GetSubType(f)
                return (String(cString: OGR_Fld_GetNameRef(f)), sub == OFSTNone ? type : "\(type)(\(String(cString: OGR_GetFieldSubTypeName(sub))))")
            }
        }
    }
}
