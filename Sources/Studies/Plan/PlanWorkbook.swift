import Coverage
import Foundation
import Planner

/// plan.xlsx: the plan's tables as the sheets of one Excel workbook, written through GDAL's XLSX
/// driver (``GDALTable/writeWorkbook(_:to:)``) with typed cells — numbers as numbers (VND as whole
/// numbers), yes/no as booleans, ids and names as text. Language-independent (column names as in
/// the CSV and JSON outputs), byte-identical for the same plan.
///
/// Sheets, in order:
/// - `plan` — plan.csv, column for column and value for value;
/// - `years` — per budget year: money available, spent, carried, opex, picks, targets met and the
///   province's percentage per metric (plan_summary.json `years`);
/// - `districts_by_year` — per district (then the province) and budget year, for every metric with
///   targets: the baseline %, what is achieved (people, households, km), %, target %, met, gap;
/// - `spend` — per district and budget year: picks and VND spent, in all and per kind of investment;
/// - `open_targets` — the targets not met (plan_summary.json `unmet_targets`, the cheapest next step
///   in columns of its own);
/// - `costs` — the cost table used (`item,cost_vnd,unit,source`: the costs input format, so the sheet
///   can be given back as `planner.costs: {path: plan.xlsx, layer: costs}`);
/// - `parameters` — every parameter of the run (the merged scenario) as `key` (dotted path) and `value` (text).
enum PlanWorkbook {
    static let fileName = "plan.xlsx"

    /// Writes plan.xlsx into the output folder.
    static func write(_ run: PlanRun, into out: OutputFolder) throws {
        try out.writeWorkbook(fileName, tables(run))
    }

    /// The sheets of plan.xlsx (see the type's documentation).
    static func tables(_ run: PlanRun) -> [GDALTable.Table] {
        let summary = PlanOutputs.summary(run)
        return [plan(run), years(summary), districtsByYear(run), spend(run), openTargets(summary), costs(run),
                parameters(run.study.scenario.resolved.json)]
    }

    /// plan.csv as typed cells: the same columns (``PlanOutputs/csvHeader``) and values.
    static func plan(_ run: PlanRun) -> GDALTable.Table {
        let columns = PlanOutputs.csvHeader.trimmingCharacters(in: .newlines).split(separator: ",").map(String.init)
        let rows: [[JSONValue]] = run.steps.map { s in
            let c = run.candidates[s.candidate]
            let k = run.years.firstIndex { $0.year == s.year }!
            let before = s.rank > 1 && run.steps[s.rank - 2].year == s.year ? run.steps[s.rank - 2].targetsMetAfter : run.metAtStart(yearIndex: k)
            let newly = s.targetsMetAfter.filter { t in !before.contains { $0.district == t.district && $0.metric == t.metric } }
            let district = PlanOutputs.districtID(run, c)
            return [.number(Double(s.rank)), .number(Double(s.year)), .string(c.kind.rawValue), .string(c.id),
                    district.isEmpty ? .null : .string(district), .number(Double(c.cost.vnd)),
                    .rounded(s.newPeople, 1), .number(s.gains[PlanMetric.fbb.rawValue]),
                    .rounded(c.kind == .undergrounding ? s.gains[PlanMetric.underground.rawValue] : c.lengthKm, 3),
                    PlanOutputs.costPerPerson(c.cost, s.newPeople).map { .number(Double($0)) } ?? .null,
                    .number(Double(s.cumulativeCost.vnd)), run.costs.opexPerYear(c).map { .number(Double($0.vnd)) } ?? .null,
                    .string("\(s.targetsMetAfter.count)/\(run.targetCount(yearIndex: k))"),
                    newly.isEmpty ? .null : .string(newly.map { "\(run.unitID($0.district)):\($0.metric.name)" }.joined(separator: ";"))]
        }
        return GDALTable.Table(name: "plan", columns: columns, rows: rows)
    }

    /// plan_summary.json `years`, one row per budget year.
    static func years(_ summary: JSONValue) -> GDALTable.Table {
        GDALTable.Table(name: "years", records: (summary["years"]?.arrayValue ?? []).map(flatten))
    }

    /// Per unit (districts, then the province) and budget year, every metric with targets.
    static func districtsByYear(_ run: PlanRun) -> GDALTable.Table {
        var records: [[(String, JSONValue)]] = []
        for d in run.targetUnits {
            for (k, ys) in run.years.enumerated() {
                var r: [(String, JSONValue)] = [("district_id", .string(run.unitID(d))), ("name", .string(run.unitName(d))),
                                                ("year", .number(Double(ys.year)))]
                for m in run.targets.metrics {
                    let a = run.achieved(m, d, in: run.achievedAfterYear[k])
                    r += [("\(m.name)_baseline_pct", CoverageOutputs.pct(run.percent(m, d, run.achieved(m, d, in: run.baselineAchieved)))),
                          ("\(m.name)_\(m.unit)", .rounded(a, 3)), ("\(m.name)_pct", CoverageOutputs.pct(run.percent(m, d, a))),
                          ("\(m.name)_target_pct", run.target(m, yearIndex: k, d).map { .number($0) } ?? .null),
                          ("\(m.name)_met", .bool(run.met(d, m, yearIndex: k, achieved: a))),
                          ("\(m.name)_gap_\(m.unit)", .rounded(run.gap(m, d, yearIndex: k, achieved: a), 3))]
                }
                records.append(r)
            }
        }
        return GDALTable.Table(name: "districts_by_year", records: records)
    }

    /// Per district and budget year: picks and VND spent, in all and per kind of investment; picks
    /// outside every district (none in the default scenario) in rows with an empty district.
    static func spend(_ run: PlanRun) -> GDALTable.Table {
        let D = run.study.districts.count
        let outside = run.steps.contains { run.candidates[$0.candidate].districtIndex < 0 }
        var records: [[(String, JSONValue)]] = []
        for d in (0..<D).map(Optional.some) + (outside ? [nil] : []) {
            for ys in run.years {
                let picks = run.steps.filter { s in
                    let c = run.candidates[s.candidate]
                    return s.year == ys.year && (d.map { c.districtIndex == $0 } ?? (c.districtIndex < 0))
                }.map { run.candidates[$0.candidate] }
                func vnd(_ list: [PlanCandidate]) -> JSONValue { .number(Double(list.reduce(Int64(0)) { $0 + $1.cost.vnd })) }
                let id: JSONValue = d.map { .string(run.study.districts[$0].id) } ?? .null
                let name: JSONValue = d.map { .string(run.study.districts[$0].name) } ?? .null
                var r: [(String, JSONValue)] = [("district_id", id), ("name", name), ("year", .number(Double(ys.year))),
                                                ("picks", .number(Double(picks.count))), ("spent_vnd", vnd(picks))]
                for k in InvestmentKind.allCases { r.append(("\(k.rawValue)_vnd", vnd(picks.filter { $0.kind == k }))) }
                records.append(r)
            }
        }
        return GDALTable.Table(name: "spend", records: records)
    }

    /// The columns of `open_targets` (plan_summary.json `unmet_targets`, the cheapest next step flattened).
    static let openTargetColumns = ["district_id", "name", "year", "metric", "target_pct", "planned_pct", "gap_pct", "gap", "unit",
                                    "cheapest_next_step_kind", "cheapest_next_step_id", "cheapest_next_step_cost_vnd",
                                    "cheapest_next_step_gain", "cheapest_next_step_vnd_per_unit", "note",
                                    "binding_limit_kind", "binding_limit_key", "binding_limit_value"]

    /// plan_summary.json `unmet_targets`, one row per open target (a header alone when every target is met).
    static func openTargets(_ summary: JSONValue) -> GDALTable.Table {
        let flat = (summary["unmet_targets"]?.arrayValue ?? []).map(flatten)
        var columns = openTargetColumns
        for r in flat { for (k, v) in r where v != .null && !columns.contains(k) { columns.append(k) } }
        let rows = flat.map { r in columns.map { c in r.first { $0.0 == c }?.1 ?? .null } }
        return GDALTable.Table(name: "open_targets", columns: columns, rows: rows)
    }

    /// The cost table used, by item.
    static func costs(_ run: PlanRun) -> GDALTable.Table {
        let rows: [[JSONValue]] = run.costs.byItem.keys.sorted().map { k in
            let c = run.costs.byItem[k]!
            return [.string(k), .number(Double(c.cost.vnd)), .string(c.unit), .string(c.source)]
        }
        return GDALTable.Table(name: "costs", columns: ["item", "cost_vnd", "unit", "source"], rows: rows)
    }

    /// Every scalar of the merged scenario as `key` (its dotted path) and `value` (as text; a list as JSON).
    static func parameters(_ resolved: JSONValue) -> GDALTable.Table {
        var rows: [[JSONValue]] = []
        func walk(_ prefix: String, _ v: JSONValue) {
            if case .object(let kv) = v {
                for (k, x) in kv { walk(prefix.isEmpty ? k : "\(prefix).\(k)", x) }
            } else {
                rows.append([.string(prefix), v == .null ? .null : .string(GDALTable.text(v))])
            }
        }
        walk("", resolved)
        return GDALTable.Table(name: "parameters", columns: ["key", "value"], rows: rows)
    }

    /// An object's fields with nested objects' fields joined to their key by `_`
    /// (`{"cheapest_next_step": {"kind": …}}` → `cheapest_next_step_kind`); lists as JSON text.
    static func flatten(_ v: JSONValue) -> [(String, JSONValue)] {
        guard case .object(let kv) = v else { return [] }
        return kv.flatMap { k, x -> [(String, JSONValue)] in
            switch x {
            case .object: return flatten(x).map { ("\(k)_\($0.0)", $0.1) }
            case .array: return [(k, .string(x.serialized()))]
            default: return [(k, x)]
            }
        }
    }
}
