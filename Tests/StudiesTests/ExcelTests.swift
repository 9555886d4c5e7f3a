import Coverage
import Foundation
import Planner
import Testing
import TestSupport
@testable import Studies

/// Excel in and out: every CSV sim writes starts with a UTF-8 byte-order mark; districts.xlsx and
/// plan.xlsx hold the CSVs' values in typed cells; every table input may be a sheet of an .xlsx
/// workbook and loads as its CSV twin does; bad cells are one line naming file, sheet, row and column.
@Suite(.serialized) struct ExcelTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// A workbook with one sheet per CSV file, cells typed as Excel types what is keyed in: a value
    /// that reads as a number is a number cell, the rest text, empty fields empty cells (a column
    /// mixing numbers and text is written as text, as ``GDALTable`` does).
    static func workbook(_ sheets: [(name: String, csv: String)], to path: String) throws {
        let tables = try sheets.map { sheet -> GDALTable.Table in
            let records = try CSVTable.fileRecords(sheet.csv, sheet: nil).records
            let rows = records.dropFirst().map { r in
                r.fields.map { f -> JSONValue in
                    let t = f.trimmingCharacters(in: .whitespaces)
                    if t.isEmpty { return .null }
                    if let d = Double(t), d.isFinite { return .number(d) }
                    return .string(t)
                }
            }
            return GDALTable.Table(name: sheet.name, columns: records[0].fields, rows: Array(rows))
        }
        try GDALTable.writeWorkbook(tables, to: path)
    }

    /// The small study of the report tests (two districts, population points, sites, a candidate site,
    /// fixed broadband and a 4G plan) run whole into `out`.
    static func smallRun(in dir: URL, out: String) async throws -> ScenarioRun {
        let study = try await ReportTests.smallStudy(in: dir, fixed: true)
        let run = try await ScenarioRun.execute(study, workers: 1, progress: Progress())
        try OutputFolder.produce(out) { try run.write(into: $0) }
        return run
    }

    /// A sheet's cell and a CSV field hold the same value: equal text, or equal numbers (a boolean
    /// cell reads back as 1/0 for the CSV's true/false).
    static func sameValue(_ cell: String, _ field: String) -> Bool {
        if cell == field { return true }
        if field == "true" || field == "false" { return cell == (field == "true" ? "1" : "0") }
        if let a = Double(cell), let b = Double(field) { return a == b }
        return false
    }

    /// Compares a sheet with a CSV file cell by cell (header included).
    static func expectSame(sheet: GDALTable.Sheet, csv path: String) throws {
        let records = try CSVTable.fileRecords(path, sheet: nil).records
        let cells = sheet.rows.map { $0.cells }
        #expect(cells.count == records.count, "\(sheet.name): \(cells.count) rows, \(path) \(records.count)")
        for (r, (row, rec)) in zip(cells, records).enumerated() {
            #expect(row.count == rec.fields.count, "\(sheet.name) row \(r + 1)")
            for (c, (a, b)) in zip(row, rec.fields).enumerated() {
                #expect(sameValue(a, b), "\(sheet.name) row \(r + 1), column \(c + 1): xlsx '\(a)', csv '\(b)'")
            }
        }
    }

    // MARK: CSV for Excel

    /// Every CSV in a run's folder starts with exactly one byte-order mark, and reads back through our
    /// reader with a clean first column; other files have none. `fileData` adds no second mark.
    @Test func everyWrittenCSVStartsWithTheBOM() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        _ = try await Self.smallRun(in: dir, out: out)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let csvs = names.filter { $0.hasSuffix(".csv") }
        #expect(csvs == ["districts.csv", "plan.csv", "population.csv"])
        for name in names where !name.hasPrefix(".") {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent(name)))
            if name.hasSuffix(".csv") {
                #expect(Array(bytes.prefix(3)) == Self.bom && Array(bytes.dropFirst(3).prefix(3)) != Self.bom, "\(name)")
                let header = try CSVTable.header("\(out)/\(name)")
                #expect(["id", "rank", "cell_id"].contains(header.first ?? ""), "\(name): \(header)")
            } else {
                #expect(Array(bytes.prefix(3)) != Self.bom, "\(name)")
            }
        }
        let plan = try String(decoding: Data(contentsOf: URL(fileURLWithPath: "\(out)/plan.csv")), as: UTF8.self)
        #expect(plan.hasPrefix(CSVTable.byteOrderMark + PlanOutputs.csvHeader))
        #expect([UInt8](CSVTable.fileData("\u{FEFF}a\n")) == Self.bom + Array("a\n".utf8))
        #expect([UInt8](CSVTable.fileData("a\n")) == Self.bom + Array("a\n".utf8))
    }

    // MARK: Excel out

    /// districts.xlsx holds districts.csv (same columns, same values) in one sheet, typed; plan.xlsx
    /// holds plan.csv as its `plan` sheet and the plan's other tables, consistent with each other;
    /// writing the run again gives byte-identical workbooks.
    @Test func workbooksHoldTheCSVValues() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path, again = dir.appendingPathComponent("again").path
        let run = try await Self.smallRun(in: dir, out: out)
        let plan = try #require(run.plan)
        try OutputFolder.produce(again) { try run.write(into: $0) }

        let districts = try GDALTable.readSheet("\(out)/districts.xlsx", sheet: nil)
        #expect(districts.sheetNames == ["districts"])
        try Self.expectSame(sheet: districts, csv: "\(out)/districts.csv")
        let types = Dictionary(uniqueKeysWithValues: try GDALTable.columnTypes("\(out)/districts.xlsx", sheet: "districts").map { ($0.name, $0.type) })
        #expect(types["id"] == "String" && types["name"] == "String" && types["population"] == "Integer")
        #expect(types["fbb_households"] == "Integer" && types["fbb_households_reached"] == "Integer" && types["plan_2020_lte_met"] == "Integer(Boolean)")
        #expect(types["area_km2"] == "Real")

        let book = "\(out)/plan.xlsx"
        #expect(try GDALTable.sheetNames(book) == ["plan", "years", "districts_by_year", "spend", "open_targets", "costs", "parameters"])
        try Self.expectSame(sheet: try GDALTable.readSheet(book, sheet: "plan"), csv: "\(out)/plan.csv")
        let planTypes = Dictionary(uniqueKeysWithValues: try GDALTable.columnTypes(book, sheet: "plan").map { ($0.name, $0.type) })
        #expect(planTypes["cost_vnd"] == "Integer" && planTypes["id"] == "String" && planTypes["kind"] == "String")

        // spend: per district and year; the sums per year are the years' spending.
        let spend = try CSVTable(records: try CSVTable.sheetRecords(try GDALTable.readSheet(book, sheet: "spend")), file: book, sheet: "spend", required: ["district_id", "year", "spent_vnd"])
        #expect(spend.rows.count == plan.study.districts.count * plan.years.count)
        for ys in plan.years {
            let sum = try spend.rows.filter { spend.string($0, "year") == String(ys.year) }.reduce(0.0) { $0 + (try spend.double($1, "spent_vnd")) }
            #expect(sum == Double(ys.spent.vnd))
        }
        // districts_by_year: every district and the province, every budget year.
        let byYear = try GDALTable.readSheet(book, sheet: "districts_by_year")
        #expect(byYear.rows.count == 1 + (plan.study.districts.count + 1) * plan.years.count)
        #expect(Array(byYear.rows[0].cells.prefix(5)) == ["district_id", "name", "year", "lte_baseline_pct", "lte_people"])
        // costs: the costs input format, loading to the same costs.
        let costs = try PlanCosts.load(book, sheet: "costs")
        #expect(costs.byItem.mapValues(\.cost) == plan.costs.byItem.mapValues(\.cost) && costs.place == "\(book), sheet 'costs'")
        let parameters = try GDALTable.readSheet(book, sheet: "parameters")
        #expect(parameters.rows.contains { $0.cells == ["planner.method", "greedy"] })

        for f in ["districts.xlsx", "plan.xlsx"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(f)")), b = try Data(contentsOf: URL(fileURLWithPath: "\(again)/\(f)"))
            #expect(!a.isEmpty && a == b, "\(f) differs between two writes of the same run")
        }
    }

    // MARK: Excel in

    /// The small study with every table input as a sheet of an .xlsx workbook (sites, population
    /// points, candidate sites and costs as named sheets of one workbook behind a first sheet of notes;
    /// targets as the first sheet of another) loads the same sites and population and plans the same
    /// plan as with the CSV files.
    @Test func xlsxInputsLoadLikeTheirCSVTwins() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csvRun = try await Self.smallRun(in: dir, out: dir.appendingPathComponent("out-csv").path)
        let p = { (name: String) in dir.appendingPathComponent(name).path }
        try "note\nthe next sheets are the inputs\n".write(toFile: p("notes.csv"), atomically: true, encoding: .utf8)
        try Self.workbook([("notes", p("notes.csv")), ("sites", p("sites.csv")), ("pop", p("pop.csv")), ("cands", p("cands.csv")),
                           ("costs", p("costs.csv"))], to: p("inputs.xlsx"))
        try Self.workbook([("targets", p("targets.csv"))], to: p("targets.xlsx"))
        try """
        extends: \(repoPath("data/scenarios/defaults.yaml"))
        name: Báo cáo thử <nghiệm> & kiểm tra
        crs_epsg: 32648
        inputs: {districts: districts.geojson, sites: {path: inputs.xlsx, layer: sites}, population: {path: inputs.xlsx, layer: pop}, cables: cables.geojson, olts: olts.geojson}
        radio: {disk_radius_m: 2500}
        fixed_broadband: {enabled: true}
        planner: {enabled: true, costs: {path: inputs.xlsx, layer: costs}, targets: targets.xlsx, candidate_sites: {path: inputs.xlsx, layer: cands}, method: greedy, budget_vnd: {2020: 1000000000}}
        """.write(toFile: p("x.yaml"), atomically: true, encoding: .utf8)
        let study = try await Study.load(try Scenario.load(path: p("x.yaml")), workers: 1)
        let xlsxRun = try await ScenarioRun.execute(study, workers: 1, progress: Progress())

        let a = csvRun.study, b = xlsxRun.study
        #expect(a.sites.count == 3 && b.sites.count == 3)
        #expect(zip(a.sites, b.sites).allSatisfy { $0.id == $1.id && $0.lon == $1.lon && $0.lat == $1.lat && $0.heightMeters == $1.heightMeters && $0.technology == $1.technology })
        // pop.csv holds coordinates printed with 17 digits (107.08749999999999); GDAL writes real cells with
        // 16, so they come back within 10⁻¹³° (a Double that prints in ≤ 16 digits comes back exactly).
        #expect(a.population.population == b.population.population)
        #expect(zip(a.population.lonLat, b.population.lonLat).allSatisfy { abs($0.x - $1.x) < 1e-12 && abs($0.y - $1.y) < 1e-12 })
        #expect(b.sites.count == a.sites.count)
        let pa = try #require(csvRun.plan), pb = try #require(xlsxRun.plan)
        #expect(!pa.steps.isEmpty)
        #expect(PlanOutputs.csv(pa) == PlanOutputs.csv(pb))
        #expect(pb.candidates.contains { $0.id == "N1" })
        #expect(CoverageOutputs.provinceProperties(csvRun.coverage).map(\.1) == CoverageOutputs.provinceProperties(xlsxRun.coverage).map(\.1))
        // Rows are named by the sheet's row numbers: the first site is on row 2.
        let raw = try Inputs.sites(p("inputs.xlsx"), LayerOptions(layer: "sites"))
        #expect(raw.first?.place == "\(p("inputs.xlsx")), sheet 'sites', row 2")
    }

    /// The project's own costs and 2020 targets through Excel load to the same tables (so the same
    /// plan): every cost item with its cost, unit and source; every target of every district and year.
    @Test func defaultCostsAndTargetsRoundTrip() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let costsCSV = repoPath("data/quang-tri/costs.csv"), targetsCSV = repoPath("data/quang-tri/targets-2020.csv")
        let book = dir.appendingPathComponent("planning.xlsx").path
        try Self.workbook([("costs", costsCSV), ("targets", targetsCSV)], to: book)
        let a = try PlanCosts.load(costsCSV), b = try PlanCosts.load(book)   // the first sheet
        #expect(a.byItem.count == 9 && a.byItem.keys.sorted() == b.byItem.keys.sorted())
        for (k, v) in a.byItem { #expect(b.byItem[k]!.cost == v.cost && b.byItem[k]!.unit == v.unit && b.byItem[k]!.source == v.source, "\(k)") }
        let ids = ["461", "462", "464", "465", "466", "467", "468", "469", "470", "471"]
        let districts = ids.map { District(id: $0, name: $0, nameASCII: $0, population: 0, polygons: [], polygonsLonLat: [], environment: .rural) }
        let ta = try PlanTargets.load(targetsCSV, districts: districts, years: [2018, 2019, 2020])
        let tb = try PlanTargets.load(book, sheet: "targets", districts: districts, years: [2018, 2019, 2020])
        #expect(ta.metrics == tb.metrics && ta.percent == tb.percent && ta.province == tb.province)
        #expect(ta.percent[PlanMetric.fbb.rawValue][2][0] == 50)
    }

    /// Sheets read like CSV files: rows whose first cell starts with `#` and blank rows are skipped
    /// (Excel's copy of costs.csv keeps its comment lines as rows), empty cells after a row's last
    /// value are empty fields, and a value right of the header is refused with its column letter.
    @Test func sheetRowsReadLikeCSVLines() throws {
        let s = GDALTable.Sheet(file: "c.xlsx", name: "costs", sheetNames: ["costs"], rows: [
            (1, ["# Unit costs, in whole VND", "", "", "", ""]),
            (2, ["item", "cost_vnd", "unit", "source", ""]),
            (3, ["new_site", "1500000000", "per site", "", ""]),
            (5, ["  ", "", "", "", ""]),
            (6, ["lte_upgrade", "400000000", "per site", "x", ""]),
        ])
        let r = try CSVTable.sheetRecords(s)
        #expect(r.map(\.line) == [2, 3, 6])
        #expect(r[1].fields == ["new_site", "1500000000", "per site", ""])
        var bad = s
        bad.rows.append((7, ["a", "1", "u", "s", "stray"]))
        #expect(throws: SimError.self) { _ = try CSVTable.sheetRecords(bad) }
        do { _ = try CSVTable.sheetRecords(bad) } catch {
            #expect("\(error)" == "c.xlsx, sheet 'costs', row 7: a value in column E, right of the header's last column D; give the column a header or clear the cell")
        }
        #expect(CSVTable.columnLetter(0) == "A" && CSVTable.columnLetter(25) == "Z" && CSVTable.columnLetter(26) == "AA" && CSVTable.columnLetter(701) == "ZZ")
    }

    /// Bad input in a workbook: one line naming the file, the sheet, the row and the column.
    @Test func badCellsAreOneLine() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = { (name: String) in dir.appendingPathComponent(name).path }
        try "item,cost_vnd,unit,source\nlte_upgrade,400000000,per site,x\nnew_site,abc,per site,x\n".write(toFile: p("costs.csv"), atomically: true, encoding: .utf8)
        try Self.workbook([("costs", p("costs.csv"))], to: p("costs.xlsx"))
        let costs = #expect(throws: SimError.self) { _ = try PlanCosts.load(p("costs.xlsx")) }
        #expect(costs?.description == "\(p("costs.xlsx")), sheet 'costs', row 3: cost_vnd 'abc' of 'new_site' is not a number; give a whole number of VND")

        let h = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n"
        try (h + "A,107.1,16.8,30,4G,1815,43,0\nB,107.2,16.8,tall,4G,1815,43,0\nA,107.3,16.8,30,4G,1815,43,0\n").write(toFile: p("sites.csv"), atomically: true, encoding: .utf8)
        try Self.workbook([("notes", p("costs.csv")), ("sites", p("sites.csv"))], to: p("sites.xlsx"))
        let height = #expect(throws: SimError.self) { _ = try Inputs.sites(p("sites.xlsx"), LayerOptions(layer: "sites")) }
        #expect(height?.description == "\(p("sites.xlsx")), sheet 'sites', row 3: column 'height_m' = 'tall' is not a finite number (antenna height above ground in metres)")
        // The first sheet is read without `layer`: here the costs, which are no site list.
        let first = #expect(throws: SimError.self) { _ = try Inputs.sites(p("sites.xlsx")) }
        #expect(first?.description.hasPrefix("\(p("sites.xlsx")), sheet 'notes', row 1: missing column 'id'") == true)
        let unknown = #expect(throws: SimError.self) { _ = try Inputs.sites(p("sites.xlsx"), LayerOptions(layer: "cells")) }
        #expect(unknown?.description.contains("no sheet named 'cells'; its sheets are 'notes', 'sites'") == true)
        let crs = #expect(throws: SimError.self) { _ = try Inputs.sites(p("sites.xlsx"), LayerOptions(layer: "sites", crsEPSG: 9212)) }
        #expect(crs?.description.contains("crs_epsg 9212 applies to GIS layers") == true)
        let sheetOfCSV = #expect(throws: SimError.self) { _ = try PlanCosts.load(p("costs.csv"), sheet: "costs") }
        #expect(sheetOfCSV?.description.contains("a CSV file has no sheets") == true)
        try (h + "A,107.1,16.8,30,4G,1815,43,0\nA,107.3,16.8,30,4G,1815,43,0\n").write(toFile: p("dup.csv"), atomically: true, encoding: .utf8)
        try Self.workbook([("sites", p("dup.csv"))], to: p("dup.xlsx"))
        let dup = #expect(throws: SimError.self) { _ = try Inputs.sites(p("dup.xlsx")) }
        #expect(dup?.description == "\(p("dup.xlsx")), sheet 'sites', row 3: duplicate site id 'A' (first on row 2); ids must be unique")
        for e in [costs, height, first, unknown, crs, sheetOfCSV, dup] { #expect(e.map { !$0.description.contains("\n") } == true) }

        // The command line: one error line, exit status 1, and `sim run` writes nothing.
        let v = try runSimBinary(["validate", "costs.xlsx"], cwd: dir)
        #expect(v.status != 0 && errorLines(v.err).count == 1 && v.err.contains("costs.xlsx, sheet 'costs', row 3"), "\(v.err)")
        let d = try runSimBinary(["validate", "dup.xlsx"], cwd: dir)
        #expect(d.status != 0 && errorLines(d.err).count == 1 && d.err.contains("dup.xlsx, sheet 'sites', row 3"), "\(d.err)")
    }
}
