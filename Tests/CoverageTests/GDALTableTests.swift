import Foundation
import Testing
@testable import Coverage

/// Excel workbooks through GDAL's XLSX driver (``GDALTable``): sheets written with typed cells and
/// read back cell by cell with their row numbers, byte-identical output, and the errors.
@Suite struct GDALTableTests {
    func tempDir() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("gdaltable-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    /// Two sheets: every kind of column (integer, 64-bit integer, real, boolean, text, a column mixing
    /// numbers and text, an all-empty column), Vietnamese text, empty cells.
    var sample: [GDALTable.Table] {
        [GDALTable.Table(name: "districts", columns: ["id", "name", "population", "cost_vnd", "lte_pop_pct", "met", "mixed", "none"], rows: [
            ["461", "Thành phố Đông Hà", 95658, 69_794_595_694, 88.21, true, 1.5, .null],
            ["471", "Huyện Cồn Cỏ", 346, 1, 0.1, false, "n/a", .null],
            ["472", .null, 0, 2, .number(1.0 / 3.0), .null, .null, .null],
         ]),
         GDALTable.Table(name: "empty", columns: ["a", "b"], rows: [])]
    }

    /// Read back as text: the header is row 1, values follow in rows 2…; numbers read as the numbers
    /// written (real cells with GDAL's 16 significant digits, which give the same Double back),
    /// booleans as 1/0, the mixed column as text; GDAL types the columns as written.
    @Test func writeAndReadBack() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.xlsx").path
        try GDALTable.writeWorkbook(sample, to: path)
        #expect(try GDALTable.sheetNames(path) == ["districts", "empty"])

        let s = try GDALTable.readSheet(path, sheet: nil)
        #expect(s.name == "districts" && s.sheetNames == ["districts", "empty"])
        #expect(s.rows.map(\.row) == [1, 2, 3, 4])
        #expect(s.rows[0].cells == ["id", "name", "population", "cost_vnd", "lte_pop_pct", "met", "mixed", "none"])
        // Real cells hold the same Double; GDAL writes them with 16 significant digits, so 88.21 reads
        // back as "88.20999999999999" (which parses to the Double 88.21; Excel shows 88.21).
        #expect(s.rows[1].cells[4] == "88.20999999999999" && Double(s.rows[1].cells[4]) == 88.21)
        var row = s.rows[1].cells
        row[4] = "88.21"
        #expect(row == ["461", "Thành phố Đông Hà", "95658", "69794595694", "88.21", "1", "1.5", ""])
        #expect(s.rows[2].cells == ["471", "Huyện Cồn Cỏ", "346", "1", "0.1", "0", "n/a", ""])
        #expect(s.rows[3].cells[0] == "472" && s.rows[3].cells[1] == "" && Double(s.rows[3].cells[4]) == 1.0 / 3.0)

        let types = try GDALTable.columnTypes(path, sheet: "districts")
        #expect(types.map(\.name) == sample[0].columns)
        #expect(types.map(\.type) == ["String", "String", "Integer", "Integer64", "Real", "Integer(Boolean)", "String", "String"])

        // A sheet without rows keeps its header (written over one blank row, which reading drops).
        let empty = try GDALTable.readSheet(path, sheet: "empty")
        #expect(empty.rows.map(\.row) == [1] && empty.rows[0].cells == ["a", "b"])
    }

    /// The same tables give the same bytes: GDAL stamps no time into the workbook.
    @Test func byteIdentical() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.xlsx").path, b = dir.appendingPathComponent("b.xlsx").path
        try GDALTable.writeWorkbook(sample, to: a)
        Thread.sleep(forTimeInterval: 2.1)   // the zip format's time resolution is 2 s
        try GDALTable.writeWorkbook(sample, to: b)
        let da = try Data(contentsOf: URL(fileURLWithPath: a)), db = try Data(contentsOf: URL(fileURLWithPath: b))
        #expect(!da.isEmpty && da == db)
    }

    /// Sheet records from key/value records: columns in order of first appearance, missing keys empty.
    @Test func tableFromRecords() {
        let t = GDALTable.Table(name: "x", records: [[("a", 1), ("b", "x")], [("b", "y"), ("c", true)]])
        #expect(t.columns == ["a", "b", "c"])
        #expect(t.rows == [[1, "x", .null], [.null, "y", true]])
        #expect(GDALTable.kind(of: [1, 2, .null]) == .integer && GDALTable.kind(of: [1, 3_000_000_000]) == .integer64)
        #expect(GDALTable.kind(of: [1, 2.5]) == .real && GDALTable.kind(of: [true, .null]) == .boolean)
        #expect(GDALTable.kind(of: [1, true]) == .text && GDALTable.kind(of: [.null]) == .text && GDALTable.kind(of: [9_007_199_254_740_992]) == .real)
    }

    @Test func errors() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.xlsx").path
        #expect(message { try GDALTable.writeWorkbook([GDALTable.Table(name: "a/b", columns: ["x"], rows: [])], to: path) }.contains("'a/b' is not a valid sheet name"))
        #expect(message { try GDALTable.writeWorkbook([GDALTable.Table(name: String(repeating: "x", count: 32), columns: ["x"], rows: [])], to: path) }.contains("not a valid sheet name"))
        #expect(message { try GDALTable.writeWorkbook([GDALTable.Table(name: "a", columns: ["x"], rows: []), GDALTable.Table(name: "A", columns: ["x"], rows: [])], to: path) }.contains("two sheets are named 'A'"))
        #expect(message { try GDALTable.writeWorkbook([GDALTable.Table(name: "a", columns: ["x", "y"], rows: [[1]])], to: path) }.contains("sheet 'a', row 2: 1 values for 2 columns"))
        #expect(!FileManager.default.fileExists(atPath: path))
        try GDALTable.writeWorkbook(sample, to: path)
        #expect(message { try GDALTable.writeWorkbook(sample, to: path) }.contains("already exists"))
        let unknown = message { _ = try GDALTable.readSheet(path, sheet: "sites") }
        #expect(unknown.contains(path) && unknown.contains("no sheet named 'sites'; its sheets are 'districts', 'empty'"), "\(unknown)")
        // A text file named .xlsx, and a missing file.
        let fake = dir.appendingPathComponent("fake.xlsx").path
        try "id,lon\n".write(toFile: fake, atomically: true, encoding: .utf8)
        let notXLSX = message { _ = try GDALTable.readSheet(fake, sheet: nil) }
        #expect(notXLSX.contains(fake) && notXLSX.contains("cannot open it as an Excel workbook") && !notXLSX.contains("\n"), "\(notXLSX)")
        #expect(message { _ = try GDALTable.readSheet(dir.appendingPathComponent("missing.xlsx").path, sheet: nil) }.contains("does it exist"))
        #expect(GDALTable.isSpreadsheet("a/B.XLSX") && GDALTable.isSpreadsheet("b.xlsm") && !GDALTable.isSpreadsheet("c.csv"))
    }
}
