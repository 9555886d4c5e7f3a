import Coverage
import Foundation

/// results.csv: one row per run, built from the manifest and the runs' run.json records, so a
/// single-machine sweep and `sim sweep-merge` of its shards write the same bytes.
///
/// Columns: `run_id`, one column per axis (its dotted key, the canonical value), `status` (ok or
/// failed), the headline figures (``figures(_:)``: the same columns on every row, ``figureColumns(_:)``;
/// a cell is empty where a run has no such figure — a failed run, a run without a plan), `message` (the error of
/// a failed run) and last `seconds`, the run's wall time — the only column that differs between
/// two sweeps of the same file (compare the files without their last column).
package enum SweepResults {
    /// The headline figures of a run, in column order: province 4G population and area coverage (%),
    /// fixed-broadband household reach (%, when enabled), the plan's total cost (VND) and the targets
    /// of its last year met and set (when planning), the planned outcome of every plan year
    /// (``planYearFigures(_:)``), then 4G population coverage (%) of each district as
    /// `lte_pop_pct_<district id>` and the planned figures of each district
    /// (``planDistrictFigures(_:)``). The province and district figures before the plan are those of
    /// the network as loaded (the 2017 baseline). Values are rounded as in summary.json.
    static func figures(_ r: ScenarioRun) -> [(column: String, value: String)] {
        let p = CoverageOutputs.provinceProperties(r.coverage)
        let get = { (k: String) in p.first { $0.0 == k }?.1.serialized() ?? "" }
        var out: [(column: String, value: String)] = [("lte_pop_pct", get("lte_pop_pct")), ("lte_area_pct", get("lte_area_pct"))]
        if r.coverage.fixed != nil { out.append(("fbb_households_pct", get("fbb_households_pct"))) }
        if let plan = r.plan {
            var met = 0, total = 0
            if let k = plan.years.indices.last {
                met = plan.targetsMet(yearIndex: k, achieved: plan.achievedAfterYear[k]).count
                total = plan.targetCount(yearIndex: k)
            }
            out += [("plan_cost_vnd", String((plan.steps.last?.cumulativeCost ?? .zero).vnd)), ("plan_targets_met", String(met)),
                    ("plan_targets", String(total))]
            out += planYearFigures(plan)
        }
        for (i, d) in r.study.districts.enumerated() {
            out.append(("lte_pop_pct_\(d.id)", CoverageOutputs.pct(r.coverage.stats.districts[i].coveredPopulationPercent).serialized()))
        }
        if let plan = r.plan { out += planDistrictFigures(plan) }
        return out
    }

    /// The planned outcome of the province after each plan year Y, in year order: for every metric
    /// with targets, `plan_Y_lte_pop_pct`, `plan_Y_fbb_households_pct` and `plan_Y_underground_pct`
    /// (% of the province's people, households and cable km; the metric's targets CSV column after
    /// `plan_Y_`), then `plan_Y_spent_vnd` (money spent in that year), `plan_Y_targets_met` and
    /// `plan_Y_targets` (that year's targets met after its picks, and set). The values are those of
    /// plan_summary.json's `years` (`province_<metric>_pct`, `spent_vnd`, `targets_met`, `targets`),
    /// computed with the same functions and rounded the same way.
    static func planYearFigures(_ plan: PlanRun) -> [(column: String, value: String)] {
        var out: [(column: String, value: String)] = []
        for (k, ys) in plan.years.enumerated() {
            let achieved = plan.achievedAfterYear[k]
            for m in plan.targets.metrics {
                out.append(("plan_\(ys.year)_\(m.column)", CoverageOutputs.pct(plan.provincePercent(m, in: achieved)).serialized()))
            }
            out += [("plan_\(ys.year)_spent_vnd", String(ys.spent.vnd)),
                    ("plan_\(ys.year)_targets_met", String(plan.targetsMet(yearIndex: k, achieved: achieved).count)),
                    ("plan_\(ys.year)_targets", String(plan.targetCount(yearIndex: k)))]
        }
        return out
    }

    /// The planned outcome of each district after each plan year Y, for every metric with targets:
    /// `plan_Y_<metric column>_<district id>` (e.g. `plan_2020_lte_pop_pct_461`), grouped by year,
    /// then metric, then district in the order of `lte_pop_pct_<district id>`. The values are the
    /// `plan_Y_<metric>_pct` fields `sim run` writes to districts.csv (``PlanOutputs/districtFields(_:_:)``)
    /// and plan_summary.json's `districts[].years[].<metric>.pct`.
    static func planDistrictFigures(_ plan: PlanRun) -> [(column: String, value: String)] {
        var out: [(column: String, value: String)] = []
        for (k, ys) in plan.years.enumerated() {
            for m in plan.targets.metrics {
                for (d, district) in plan.study.districts.enumerated() {
                    let a = plan.achievedAfterYear[k][m.rawValue][d]
                    out.append(("plan_\(ys.year)_\(m.column)_\(district.id)", CoverageOutputs.pct(plan.percent(m, d, a)).serialized()))
                }
            }
        }
        return out
    }

    /// Builds results.csv from the output folders of one sweep (one folder, or the folders of its
    /// shards on several machines). A run found in several folders counts once, ok preferred.
    /// - Returns: the CSV text and the records in run order.
    /// - Throws: `SimError.input` when the folders hold different sweeps, or when a run has no
    ///   result in any of them (naming how many and the first few ids).
    package static func collect(_ folders: [SweepFolder]) throws -> (csv: String, records: [RunRecord]) {
        precondition(!folders.isEmpty)
        let manifest = try SweepFolder.readManifest(folders[0].root)
        let fp = manifest["fingerprint"]?.stringValue ?? ""
        for f in folders.dropFirst() {
            let other = try SweepFolder.readManifest(f.root)
            if other["fingerprint"]?.stringValue != fp {
                throw SimError.input("\(f.root.path): holds another sweep (fingerprint \(other["fingerprint"]?.stringValue ?? "?")) than \(folders[0].root.path) (\(fp)); merge only shards of one sweep")
            }
        }
        let axes = (manifest["axes"]?.arrayValue ?? []).compactMap { $0["key"]?.stringValue }
        let runs = manifest["runs"]?.arrayValue ?? []
        var records: [RunRecord] = []
        var missing: [String] = []
        for run in runs {
            guard let id = run["id"]?.stringValue else { continue }
            let found = folders.compactMap { $0.record(id) }.filter { $0.fingerprint == fp }
            if let r = found.first(where: \.ok) ?? found.first { records.append(r) } else { missing.append(id) }
        }
        if !missing.isEmpty {
            throw SimError.input("\(folders.map(\.root.path).joined(separator: ", ")): \(missing.count) of \(runs.count) runs have no result (e.g. \(missing.prefix(3).joined(separator: ", "))); run the missing shards (sim sweep … --shard I/N --resume) and merge again")
        }
        let columns = figureColumns(records)
        var csv = CSVTable.row(["run_id"] + axes + ["status"] + columns + ["message", "seconds"]) + "\n"
        for (r, run) in zip(records, runs.filter { $0["id"]?.stringValue != nil }) {
            let params = axes.map { run["parameters"]?[$0]?.stringValue ?? "" }
            let figs = Dictionary(r.figures.map { ($0.column, $0.value) }, uniquingKeysWith: { a, _ in a })
            let row = [r.id] + params + [r.ok ? "ok" : "failed"] + columns.map { figs[$0] ?? "" } + [r.message, String(format: "%.3f", r.seconds)]
            csv += CSVTable.row(row) + "\n"
        }
        return (csv, records)
    }

    /// The figure columns of results.csv: every column of any record, once. A column first seen in a
    /// later record (e.g. the plan columns when the first runs have no plan, or a run that failed
    /// first) goes right after the column that precedes it in that record, so related columns stay
    /// together; the order depends only on the records in run order, so every machine writes the same.
    /// - Complexity: O(R·F) for R records with the same F columns; a distinct column list costs O(F·C) once.
    static func figureColumns(_ records: [RunRecord]) -> [String] {
        var columns: [String] = []
        var merged = Set<[String]>()
        for r in records {
            let own = r.figures.map(\.column)
            guard merged.insert(own).inserted else { continue }
            var at = 0
            for c in own {
                if let i = columns.firstIndex(of: c) { at = max(at, i + 1) } else { columns.insert(c, at: at); at += 1 }
            }
        }
        return columns
    }

    /// The comparison page report.html beside results.csv: the headline figures charted across
    /// every axis (``SweepReport``). Parameter columns are the sweep's axes; headline columns are the
    /// province figures and the plan's cost and targets met when present.
    package static func writeReport(_ csv: String, sweepName: String, nextTo resultsPath: String) throws {
        let t = try CSVTable(text: csv, file: resultsPath, required: ["run_id", "status"])
        let rows = t.rows.map { r in Dictionary(t.header.enumerated().map { ($1, $0 < r.fields.count ? r.fields[$0] : "") }, uniquingKeysWith: { a, _ in a }) }
        let statusIndex = t.header.firstIndex(of: "status")!
        let axes = Array(t.header[1..<statusIndex])
        let headline = ["lte_pop_pct", "lte_area_pct", "fbb_households_pct", "plan_cost_vnd", "plan_targets_met"].filter(t.header.contains)
        let path = URL(fileURLWithPath: resultsPath).deletingLastPathComponent().appendingPathComponent("report.html").path
        try SweepReport.write(results: rows, columns: t.header, parameterColumns: axes, headlineColumns: headline, title: sweepName, into: path)
    }

    /// Writes results.csv atomically (a temporary sibling renamed into place), with the byte-order mark
    /// Excel needs to read it as UTF-8 (``CSVTable/fileData(_:)``).
    package static func write(_ csv: String, to path: String) throws {
        do { try CSVTable.fileData(csv).write(to: URL(fileURLWithPath: path), options: .atomic) }
        catch { throw SimError.output("\(path): cannot write (\(error.localizedDescription))") }
    }
}
