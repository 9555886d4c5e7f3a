import Foundation

/// report.html of `sim sweep`: the headline figures of every run charted across each axis of the
/// sweep, and the results table. Works on the rows of results.csv as strings, so it needs nothing
/// but the table: parameter columns are the axes (those with two or more distinct values are
/// charted), every other column whose non-empty cells are all numbers is a headline figure.
/// Along one axis, runs that share the values of the other varying parameters form one line.
/// Words and number formats come from ``Messages`` (Vietnamese by default): numbers in the table
/// and the axis values are written with the language's separators; parameter names, run ids,
/// messages and the names of columns sim does not know are data and stay as results.csv writes
/// them. The runs table scrolls sideways when it is wider than the page. Same rows and language ⇒
/// byte-identical page.
///
/// When results.csv has plan columns (`plan_<year>_<figure>`, ``SweepResults/planYearFigures(_:)``),
/// each axis first gets the planned outcome — the budget curve for a budget axis: planned 4G
/// population, fixed-broadband and underground shares, money spent and targets met, one line per
/// plan year when the axis is the only varying one, else the last plan year with one line per
/// combination of the others. Per-district columns (`lte_pop_pct_<id>`, `plan_<year>_<metric>_<id>`)
/// go to a separate table, one row per run and district, so the runs table stays narrow.
package enum SweepReport {
    /// Series colours (ColorBrewer Dark2, then grey).
    static let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
    /// At most this many lines per chart; further combinations are listed as left out.
    static let maxSeries = 8

    /// Writes report.html into a sweep's output folder (see ``html(results:columns:parameterColumns:headlineColumns:title:language:)``).
    static func write(results: [[String: String]], columns: [String], parameterColumns: [String], headlineColumns: [String]? = nil,
                      title: String = "Sweep", language: ReportLanguage = ReportLanguage.current, into out: OutputFolder) throws {
        try out.write("report.html", html(results: results, columns: columns, parameterColumns: parameterColumns, headlineColumns: headlineColumns,
                                          title: title, language: language))
    }

    /// Writes the page to `path` (atomically: a temporary file renamed into place), in `language`
    /// (default: ``ReportLanguage/current``, which `sim sweep --lang` binds).
    /// - Throws: `SimError.output` naming the path when it cannot be written.
    static func write(results: [[String: String]], columns: [String], parameterColumns: [String], headlineColumns: [String]? = nil,
                      title: String = "Sweep", language: ReportLanguage = ReportLanguage.current, into path: String) throws {
        let text = html(results: results, columns: columns, parameterColumns: parameterColumns, headlineColumns: headlineColumns,
                        title: title, language: language)
        do { try text.data(using: .utf8)!.write(to: URL(fileURLWithPath: path), options: .atomic) }
        catch { throw SimError.output("\(path): cannot write (\(error.localizedDescription))") }
    }

    /// The columns charted as headline figures: not a parameter, at least one value, every non-empty value a finite number.
    static func headlineColumns(results: [[String: String]], columns: [String], parameterColumns: [String]) -> [String] {
        columns.filter { col in
            guard !parameterColumns.contains(col) else { return false }
            let values = results.compactMap { $0[col] }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return !values.isEmpty && values.allSatisfy { Double($0)?.isFinite == true }
        }
    }

    /// Distinct values of a column in first-seen order, sorted numerically when all are numbers
    /// (``number(_:column:)``).
    static func axisValues(_ results: [[String: String]], _ col: String) -> [String] {
        var seen: [String] = []
        for r in results { let v = r[col] ?? ""; if !seen.contains(v) { seen.append(v) } }
        if seen.allSatisfy({ number($0, column: col) != nil }) { seen.sort { number($0, column: col)! < number($1, column: col)! } }
        return seen
    }

    /// The number an axis value stands for: a plain number (`-110`, `10000000000`), or on a money
    /// axis (a key containing `vnd`, e.g. `planner.budget_vnd.2020`) an amount with a unit as a
    /// scenario accepts it (`10 bn`, `15 tỷ`, `2e9`; ``VNDAmount/parse(_:)``), in VND. Nil otherwise.
    static func number(_ value: String, column: String) -> Double? {
        if let x = Double(value) { return x }
        guard column.lowercased().contains("vnd") else { return nil }
        return VNDAmount.parse(value).map(Double.init)
    }

    /// The metrics' column names in results.csv, in ``PlanMetric`` order: the figures charted as planned shares (%).
    static let planMetricFigures = ["lte_pop_pct", "fbb_households_pct", "underground_pct"]
    /// Every figure of a plan year in results.csv (`plan_<year>_<figure>`).
    static let planYearFigures = planMetricFigures + ["spent_vnd", "targets_met", "targets"]

    /// A province plan column `plan_<year>_<figure>` (``planYearFigures``): its year and figure; nil for any other column.
    static func planColumn(_ column: String) -> (year: Int, figure: String)? {
        let parts = column.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "plan", parts[1].count == 4, let year = Int(parts[1]),
              planYearFigures.contains(String(parts[2])) else { return nil }
        return (year, String(parts[2]))
    }

    /// A per-district column: the figure it gives and the district id — `lte_pop_pct_461` →
    /// (`lte_pop_pct`, `461`), `plan_2020_fbb_households_pct_461` → (`plan_2020_fbb_households_pct`, `461`);
    /// nil for any other column.
    static func districtColumn(_ column: String) -> (figure: String, district: String)? {
        if planColumn(column) != nil { return nil }
        var prefixes = ["lte_pop_pct_"]
        let parts = column.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "plan", parts[1].count == 4, Int(parts[1]) != nil {
            prefixes = planMetricFigures.map { "plan_\(parts[1])_\($0)_" }
        }
        for p in prefixes where column.hasPrefix(p) && column.count > p.count {
            return (String(p.dropLast()), String(column.dropFirst(p.count)))
        }
        return nil
    }

    /// The page.
    /// - Parameters:
    ///   - results: the rows of results.csv, column name → cell text.
    ///   - columns: every column, in the table's order.
    ///   - parameterColumns: the sweep's parameters (the axes).
    ///   - headlineColumns: the figures to chart; nil = every other column whose cells are all numbers but
    ///     the plan-year and per-district ones (pass the list when results.csv has numeric columns that are
    ///     not figures, e.g. a run number).
    ///   - title: the page's heading (the sweep file's name).
    ///   - language: the page's language (default: ``ReportLanguage/current``).
    static func html(results: [[String: String]], columns: [String], parameterColumns: [String], headlineColumns chosen: [String]? = nil,
                     title: String = "Sweep", language: ReportLanguage = ReportLanguage.current) -> String {
        let t = Messages(language)
        let params = parameterColumns.filter { columns.contains($0) }
        // Inferred headlines leave out the plan-year and per-district columns: they have their own charts and table.
        let headlines = chosen.map { c in columns.filter { c.contains($0) } }
            ?? headlineColumns(results: results, columns: columns, parameterColumns: params).filter { planColumn($0) == nil && districtColumn($0) == nil }
        let axes = params.filter { axisValues(results, $0).count >= 2 }
        var body = "<main>\n<header class=\"top\"><h1>\(HTML.escape(title))</h1>"
        body += "<p>" + HTML.escape(t.text(.sweepSubtitle, t.text(.sweepHeading), t.plural(results.count, one: .sweepRunsOne, other: .sweepRuns),
                                          t.plural(axes.count, one: .sweepAxesCountOne, other: .sweepAxesCount),
                                          t.plural(headlines.count, one: .sweepFiguresOne, other: .sweepFigures))) + "</p></header>\n"
        body += "<h2>\(t.html(.sweepAxes))</h2>\n<dl class=\"params\">"
        for p in params { body += "<dt>\(HTML.escape(p))</dt><dd>\(axisValues(results, p).map { HTML.escape(t.relocalized($0)) }.joined(separator: "; "))</dd>" }
        body += "</dl>\n"
        let figureColumns = columns.filter { !params.contains($0) }
        let planYears = Array(Set(figureColumns.compactMap { planColumn($0)?.year })).sorted()
        let planFigures = planYearFigures.filter { f in f != "targets" && figureColumns.contains { planColumn($0)?.figure == f } }
        if axes.isEmpty || (headlines.isEmpty && planFigures.isEmpty) {
            body += "<p class=\"note\">\(t.html(.sweepNothing))</p>\n"
        }
        for axis in axes where !headlines.isEmpty || !planFigures.isEmpty {
            body += "<h2>\(t.html(.sweepAcross, HTML.escape(axis)))</h2>\n"
            let others = axes.filter { $0 != axis }
            if !others.isEmpty { body += "<p class=\"note\">\(t.html(.sweepLinePer, others.map(HTML.escape).joined(separator: ", ")))</p>\n" }
            var leftOut = 0
            // The last plan year's targets met are charted with the plan's other years: not twice.
            let charted = planFigures.contains("targets_met") ? headlines.filter { $0 != "plan_targets_met" } : headlines
            if let last = planYears.last, !planFigures.isEmpty {
                body += "<h3>\(t.html(.sweepPlanHeading))</h3>\n"
                body += "<p class=\"note\">\(others.isEmpty ? t.html(.sweepPlanYears) : t.html(.sweepPlanLastYear, String(last)))</p>\n"
                body += "<div class=\"charts\">"
                for f in planFigures {
                    if others.isEmpty {
                        body += planChartAcross(axis: axis, figure: f, years: planYears, results: results, text: t).svg()
                    } else {
                        var (chart, dropped) = chartAcross(axis: axis, others: others, headline: "plan_\(last)_\(f)", results: results, text: t)
                        (chart.title, chart.yLabel) = (planChartTitle(f, t), planYLabel(f, t))
                        body += chart.svg()
                        leftOut = max(leftOut, dropped)
                    }
                }
                body += "</div>\n"
                if !charted.isEmpty { body += "<h3>\(t.html(.sweepBaselineHeading))</h3>\n" }
            }
            if !charted.isEmpty {
                body += "<div class=\"charts\">"
                for h in charted {
                    let (chart, dropped) = chartAcross(axis: axis, others: others, headline: h, results: results, text: t)
                    body += chart.svg()
                    leftOut = max(leftOut, dropped)
                }
                body += "</div>\n"
            }
            if leftOut > 0 {
                body += "<p class=\"note\">\(t.html(leftOut == 1 ? .sweepLeftOutOne : .sweepLeftOut, t.integer(Int64(leftOut)), String(maxSeries)))</p>\n"
            }
        }
        // Numbers right-aligned: the headlines and every other column of numbers (plan, district, seconds).
        let numeric = Set(headlines + headlineColumns(results: results, columns: columns, parameterColumns: params))
        let head = { (c: String) -> String in
            let label = columnLabel(c, t)
            return "<th class=\"\(numeric.contains(c) ? "" : "l")\"\(label == c ? "" : " title=\"\(HTML.escape(c))\"")>\(HTML.escape(label))</th>"
        }
        let cell = { (c: String, v: String) -> String in
            let shown = c == "status" ? statusLabel(v, t) : c == "run_id" || c == "message" ? v : t.relocalized(v)
            return "<td class=\"\(numeric.contains(c) ? "" : "l")\">\(HTML.escape(shown))</td>"
        }
        let districtColumns = figureColumns.filter { districtColumn($0) != nil }
        let runColumns = columns.filter { !districtColumns.contains($0) }
        body += "<h2>\(t.html(.sweepAllRuns))</h2>\n<div class=\"scroll\"><table><thead><tr>"
        body += runColumns.map(head).joined()
        body += "</tr></thead><tbody>"
        for r in results { body += "<tr>" + runColumns.map { cell($0, r[$0] ?? "") }.joined() + "</tr>" }
        body += "</tbody></table></div>\n"
        if !districtColumns.isEmpty { body += districtTable(results: results, districtColumns: districtColumns, axes: axes, numeric: numeric, text: t) }
        body += "<footer>\(t.html(.sweepFooter, HTML.escape(CoverageOutputs.toolVersion)))</footer>\n</main>"
        return HTML.document(title: t.text(.sweepTitle, title), body: body, language: language)
    }

    /// The reader's name of a results.csv column: the catalogue's for the columns sim writes
    /// (run id, status, message, seconds, the province figures, the plan's cost and targets met);
    /// the column's own name for any other (parameters and figures are ids).
    static func columnLabel(_ column: String, _ t: Messages) -> String {
        switch column {
        case "run_id": return t.text(.sweepColRun)
        case "status": return t.text(.sweepColStatus)
        case "message": return t.text(.sweepColMessage)
        case "seconds": return t.text(.sweepColSeconds)
        case "lte_pop_pct": return t.text(.sweepColLTEPop)
        case "lte_area_pct": return t.text(.sweepColLTEArea)
        case "fbb_households_pct": return t.text(.sweepColFBB)
        case "plan_cost_vnd": return t.text(.sweepColPlanCost)
        case "plan_targets_met": return t.text(.sweepColPlanTargetsMet)
        case "plan_targets": return t.text(.sweepColPlanTargets)
        default:
            guard let (year, figure) = planColumn(column) ?? districtColumn(column).flatMap({ planColumn($0.figure) }) else { return column }
            let y = String(year)
            switch figure {
            case "lte_pop_pct": return t.text(.sweepColPlanLTE, y)
            case "fbb_households_pct": return t.text(.sweepColPlanFBB, y)
            case "underground_pct": return t.text(.sweepColPlanUnderground, y)
            case "spent_vnd": return t.text(.sweepColPlanSpent, y)
            case "targets_met": return t.text(.sweepColPlanYearTargetsMet, y)
            default: return t.text(.sweepColPlanYearTargets, y)
            }
        }
    }

    /// The title of the chart of a planned figure with one line per plan year (``planYearFigures``).
    static func planChartTitle(_ figure: String, _ t: Messages) -> String {
        switch figure {
        case "lte_pop_pct": return t.text(.sweepChartPlanLTE)
        case "fbb_households_pct": return t.text(.sweepChartPlanFBB)
        case "underground_pct": return t.text(.sweepChartPlanUnderground)
        case "spent_vnd": return t.text(.sweepChartPlanSpent)
        default: return t.text(.sweepColPlanTargetsMet)
        }
    }

    /// The y-axis label of the chart of a planned figure: its unit (the title says what it is).
    static func planYLabel(_ figure: String, _ t: Messages) -> String {
        planMetricFigures.contains(figure) ? "%" : figure == "spent_vnd" ? t.text(.sweepAxisVND) : planChartTitle(figure, t)
    }

    /// A planned figure against `axis`, one line per plan year (`plan_<year>_<figure>` of results.csv,
    /// the figure after that year's picks): the budget curve when `axis` is a budget. For a sweep whose
    /// only varying parameter is `axis` (with others, ``chartAcross(axis:others:headline:results:text:)``
    /// charts the last year). Charts the last ``maxSeries`` years of a longer plan.
    static func planChartAcross(axis: String, figure: String, years: [Int], results: [[String: String]], text t: Messages) -> LineChart {
        let xs = axisValues(results, axis)
        let numeric = xs.allSatisfy { number($0, column: axis) != nil }
        let shown = years.suffix(maxSeries)   // the last years matter most: the plan's outcome
        let series = shown.enumerated().map { i, year in
            var points: [(x: Double, y: Double?)] = []
            for r in results {
                let xv = r[axis] ?? ""
                let x = numeric ? number(xv, column: axis)! : Double(xs.firstIndex(of: xv)!)
                if points.contains(where: { $0.x == x }) { continue }  // a repeated run: first row wins
                points.append((x, Double((r["plan_\(year)_\(figure)"] ?? "").trimmingCharacters(in: .whitespaces))))
            }
            return LineChart.Series(name: t.text(.sweepSeriesYear, String(year)), colour: palette[i % palette.count], points: points.sorted { $0.x < $1.x })
        }
        return LineChart(title: planChartTitle(figure, t), xLabel: axis, yLabel: planYLabel(figure, t), series: series, categories: numeric ? nil : xs, widthPx: 390,
                         heightPx: 234 + 16 * Double(LineChart.legendRows(series.map(\.name), widthPx: 390)), text: t)
    }

    /// The per-district columns as a table with one row per run and district: the run id, the varying
    /// parameters, the district id and one column per figure (`lte_pop_pct`, `plan_<year>_<metric>`),
    /// in a closed `<details>` (a sweep of 100 runs over 10 districts has 1,000 rows).
    static func districtTable(results: [[String: String]], districtColumns: [String], axes: [String], numeric: Set<String>, text t: Messages) -> String {
        var figures: [String] = [], districts: [String] = []
        for c in districtColumns {
            let (f, d) = districtColumn(c)!
            if !figures.contains(f) { figures.append(f) }
            if !districts.contains(d) { districts.append(d) }
        }
        let right = { (c: String) in numeric.contains(c) ? "" : "l" }
        var s = "<h2>\(t.html(.sweepByDistrict))</h2>\n<details><summary>"
        s += t.html(.sweepByDistrictNote, t.integer(Int64(results.count * districts.count)), t.integer(Int64(districtColumns.count))) + "</summary>\n"
        s += "<div class=\"scroll\"><table><thead><tr>"
        for c in ["run_id"] + axes {
            let label = columnLabel(c, t)
            s += "<th class=\"l\"\(label == c ? "" : " title=\"\(HTML.escape(c))\"")>\(HTML.escape(label))</th>"
        }
        s += "<th class=\"l\">\(t.html(.sweepColDistrict))</th>"
        for f in figures { s += "<th class=\"\(right(f + "_" + districts[0]))\" title=\"\(HTML.escape(f))_…\">\(HTML.escape(columnLabel(f, t)))</th>" }
        s += "</tr></thead><tbody>"
        for r in results {
            for d in districts {
                s += "<tr><td class=\"l\">\(HTML.escape(r["run_id"] ?? ""))</td>"
                s += axes.map { "<td class=\"l\">\(HTML.escape(t.relocalized(r[$0] ?? "")))</td>" }.joined()
                s += "<td class=\"l\">\(HTML.escape(d))</td>"
                s += figures.map { f in "<td class=\"\(right(f + "_" + d))\">\(HTML.escape(t.relocalized(r[f + "_" + d] ?? "")))</td>" }.joined()
                s += "</tr>"
            }
        }
        return s + "</tbody></table></div>\n</details>\n"
    }

    /// A run's status ("ok" / "failed" in results.csv) in the reader's words; other text as it is.
    static func statusLabel(_ status: String, _ t: Messages) -> String {
        switch status {
        case "ok": return t.text(.sweepStatusOK)
        case "failed": return t.text(.sweepStatusFailed)
        default: return status
        }
    }

    /// A chart of `headline` against `axis`, one line per combination of the `others`' values;
    /// returns how many combinations were left out beyond ``maxSeries``.
    static func chartAcross(axis: String, others: [String], headline: String, results: [[String: String]], text t: Messages) -> (LineChart, Int) {
        let xs = axisValues(results, axis)
        let numeric = xs.allSatisfy { number($0, column: axis) != nil }
        var groups: [String] = []
        var points: [String: [(x: Double, y: Double?)]] = [:]
        for r in results {
            let key = others.map { "\($0)=\(r[$0] ?? "")" }.joined(separator: ", ")
            if points[key] == nil { groups.append(key); points[key] = [] }
            let xv = r[axis] ?? ""
            let x = numeric ? number(xv, column: axis)! : Double(xs.firstIndex(of: xv)!)
            if points[key]!.contains(where: { $0.x == x }) { continue }  // a repeated run: first row wins
            points[key]!.append((x, Double((r[headline] ?? "").trimmingCharacters(in: .whitespaces))))
        }
        let shown = groups.prefix(maxSeries)
        let series = shown.enumerated().map { i, key in
            LineChart.Series(name: key.isEmpty ? columnLabel(headline, t) : key, colour: palette[i % palette.count],
                             points: points[key]!.sorted { $0.x < $1.x })
        }
        let label = columnLabel(headline, t)
        let chart = LineChart(title: label, xLabel: axis, yLabel: label, series: series,
                              categories: numeric ? nil : xs, widthPx: 390,
                              heightPx: 234 + 16 * Double(LineChart.legendRows(series.map(\.name), widthPx: 390)), text: t)
        return (chart, groups.count - shown.count)
    }
}
