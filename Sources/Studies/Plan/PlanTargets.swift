import Coverage
import Foundation
import Planner

/// Targets per metric, district and year, and for the province as a whole.
package struct PlanTargets: Sendable {
    /// `percent[m][k][d]`: target (%) of metric m for district d in budget year k; nil = no target.
    var percent: [[[Double?]]]
    /// `province[m][k]`: target (%) of metric m for the whole province (all districts together) in
    /// budget year k, from the rows whose `district_id` is `province`; nil = no target.
    var province: [[Double?]]
    /// Which metrics have a column in the file.
    package var metrics: [PlanMetric]
    var warnings: [String]

    func has(_ m: PlanMetric) -> Bool { metrics.contains(m) }

    /// Reads `district_id,year` and at least one of `lte_pop_pct`, `fbb_households_pct`,
    /// `underground_pct` (an empty cell = no target of that metric on that row). A district without a
    /// row for a year keeps its latest earlier target (targets are "by year Y"); before its first
    /// row it has none. `district_id` = `province` (any case) sets a target for the province as a
    /// whole: people covered / households reached / cable km underground over all districts together.
    /// The table is a CSV file, or a sheet of an Excel workbook (`.xlsx`: `sheet` names it, nil = the
    /// first; see ``CSVTable``); errors name the file (and sheet) and the line (row).
    /// - Throws: `SimError.input` for a percentage outside 0…100, an unknown district, a bad year,
    ///   a duplicate (district, year) or no metric column.
    static func load(_ path: String, sheet: String? = nil, districts: [District], years: [Int]) throws -> PlanTargets {
        let t = try CSVTable(path: path, required: ["district_id", "year"], sheet: sheet)
        let metrics = PlanMetric.allCases.filter { t.column($0.column) != nil }
        if metrics.isEmpty {
            throw SimError.input("\(t.sheet.map { "\(path), sheet '\($0)'" } ?? path): no target column; add one or more of \(PlanMetric.allCases.map(\.column).joined(separator: ", "))")
        }
        let (cd, cy) = (t.column("district_id")!, t.column("year")!)
        var rows: [String: [(year: Int, pct: [Double?])]] = [:]
        var warnings: [String] = []
        for r in t.rows {
            var id = r.fields[cd].trimmingCharacters(in: .whitespaces)
            if id.lowercased() == provinceID, !districts.contains(where: { $0.id == id }) { id = provinceID }
            guard id == provinceID || districts.contains(where: { $0.id == id }) else {
                throw SimError.input("\(t.place(r.line)): district '\(id)' is not in the district layer (ids: \(districts.map(\.id).joined(separator: ", ")), or '\(provinceID)' for the whole province)")
            }
            guard let year = Int(r.fields[cy].trimmingCharacters(in: .whitespaces)), (1900...2200).contains(year) else {
                throw SimError.input("\(t.place(r.line)): year '\(r.fields[cy])' must be a calendar year")
            }
            var pcts = [Double?](repeating: nil, count: PlanMetric.allCases.count)
            for m in metrics {
                let raw = r.fields[t.column(m.column)!].trimmingCharacters(in: .whitespaces)
                if raw.isEmpty { continue }
                guard let pct = Double(raw), pct.isFinite else { throw SimError.input("\(t.place(r.line)): \(m.column) '\(raw)' is not a number") }
                guard (0...100).contains(pct) else { throw SimError.input("\(t.place(r.line)): \(m.column) = \(JSONValue.format(pct)) % is outside 0…100") }
                pcts[m.rawValue] = pct
            }
            if rows[id, default: []].contains(where: { $0.year == year }) {
                throw SimError.input("\(t.place(r.line)): \(id == provinceID ? "the province" : "district \(id)") has two target rows for \(year); keep one")
            }
            if let last = years.last, year > last { warnings.append("\(t.place(r.line)): target for \(year) is after the last budget year \(last); ignored") }
            rows[id, default: []].append((year, pcts))
        }
        // The latest row at or before year y with a figure for metric m.
        func latest(_ id: String, _ m: PlanMetric, _ y: Int) -> Double? {
            (rows[id] ?? []).filter { $0.year <= y && $0.pct[m.rawValue] != nil }.max { $0.year < $1.year }?.pct[m.rawValue] ?? nil
        }
        let percent = PlanMetric.allCases.map { m in years.map { y in districts.map { d in latest(d.id, m, y) } } }
        let province = PlanMetric.allCases.map { m in years.map { y in latest(provinceID, m, y) } }
        return PlanTargets(percent: percent, province: province, metrics: metrics, warnings: warnings)
    }

    /// The `district_id` of a province-wide target row.
    static let provinceID = "province"
}
