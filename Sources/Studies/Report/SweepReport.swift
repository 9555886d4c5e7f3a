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

    /// Distinct values of a column in first-seen order, sorted numerically when all are numbers.
    static func axisValues(_ results: [[String: String]], _ col: String) -> [String] {
        var seen: [String] = []
        for r in results { let v = r[col] ?? ""; if !seen.contains(v) { seen.append(v) } }
        if seen.allSatisfy({ Double($0) != nil }) { seen.sort { Double($0)! < Double($1)! } }
        return seen
    }

    /// The page.
    /// - Parameters:
    ///   - results: the rows of results.csv, column name → cell text.
    ///   - columns: every column, in the table's order.
    ///   - parameterColumns: the sweep's parameters (the axes).
    ///   - headlineColumns: the figures to chart; nil = every other column whose cells are all numbers
    ///     (pass the list when results.csv has numeric columns that are not figures, e.g. a run number).
    ///   - title: the page's heading (the sweep file's name).
    ///   - language: the page's language (default: ``ReportLanguage/current``).
    static func html(results: [[String: String]], columns: [String], parameterColumns: [String], headlineColumns chosen: [String]? = nil,
                     title: String = "Sweep", language: ReportLanguage = ReportLanguage.current) -> String {
        let t = Messages(language)
        let params = parameterColumns.filter { columns.contains($0) }
        let headlines = chosen.map { c in columns.filter { c.contains($0) } } ?? headlineColumns(results: results, columns: columns, parameterColumns: params)
        let axes = params.filter { axisValues(results, $0).count >= 2 }
        var body = "<main>\n<header class=\"top\"><h1>\(HTML.escape(title))</h1>"
        body += "<p>" + HTML.escape(t.text(.sweepSubtitle, t.text(.sweepHeading), t.plural(results.count, one: .sweepRunsOne, other: .sweepRuns),
                                          t.plural(axes.count, one: .sweepAxesCountOne, other: .sweepAxesCount),
                                          t.plural(headlines.count, one: .sweepFiguresOne, other: .sweepFigures))) + "</p></header>\n"
        body += "<h2>\(t.html(.sweepAxes))</h2>\n<dl class=\"params\">"
        for p in params { body += "<dt>\(HTML.escape(p))</dt><dd>\(axisValues(results, p).map { HTML.escape(t.relocalized($0)) }.joined(separator: "; "))</dd>" }
        body += "</dl>\n"
        if axes.isEmpty || headlines.isEmpty {
            body += "<p class=\"note\">\(t.html(.sweepNothing))</p>\n"
        }
        for axis in axes where !headlines.isEmpty {
            body += "<h2>\(t.html(.sweepAcross, HTML.escape(axis)))</h2>\n"
            let others = axes.filter { $0 != axis }
            if !others.isEmpty { body += "<p class=\"note\">\(t.html(.sweepLinePer, others.map(HTML.escape).joined(separator: ", ")))</p>\n" }
            body += "<div class=\"charts\">"
            var leftOut = 0
            for h in headlines {
                let (chart, dropped) = chartAcross(axis: axis, others: others, headline: h, results: results, text: t)
                body += chart.svg()
                leftOut = max(leftOut, dropped)
            }
            body += "</div>\n"
            if leftOut > 0 {
                body += "<p class=\"note\">\(t.html(leftOut == 1 ? .sweepLeftOutOne : .sweepLeftOut, t.integer(Int64(leftOut)), String(maxSeries)))</p>\n"
            }
        }
        body += "<h2>\(t.html(.sweepAllRuns))</h2>\n<div class=\"scroll\"><table><thead><tr>"
        for c in columns {
            let label = columnLabel(c, t)
            body += "<th class=\"\(headlines.contains(c) ? "" : "l")\"\(label == c ? "" : " title=\"\(HTML.escape(c))\"")>\(HTML.escape(label))</th>"
        }
        body += "</tr></thead><tbody>"
        for r in results {
            body += "<tr>" + columns.map { c in
                let v = r[c] ?? ""
                let shown = c == "status" ? statusLabel(v, t) : c == "run_id" || c == "message" ? v : t.relocalized(v)
                return "<td class=\"\(headlines.contains(c) ? "" : "l")\">\(HTML.escape(shown))</td>"
            }.joined() + "</tr>"
        }
        body += "</tbody></table></div>\n"
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
        default: return column
        }
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
        let numeric = xs.allSatisfy { Double($0) != nil }
        var groups: [String] = []
        var points: [String: [(x: Double, y: Double?)]] = [:]
        for r in results {
            let key = others.map { "\($0)=\(r[$0] ?? "")" }.joined(separator: ", ")
            if points[key] == nil { groups.append(key); points[key] = [] }
            let xv = r[axis] ?? ""
            let x = numeric ? Double(xv)! : Double(xs.firstIndex(of: xv)!)
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
