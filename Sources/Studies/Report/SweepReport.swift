import Foundation

/// report.html of `sim sweep`: the headline figures of every run charted across each axis of the
/// sweep, and the results table. Works on the rows of results.csv as strings, so it needs nothing
/// but the table: parameter columns are the axes (those with two or more distinct values are
/// charted), every other column whose non-empty cells are all numbers is a headline figure.
/// Along one axis, runs that share the values of the other varying parameters form one line.
/// Same rows ⇒ byte-identical page.
package enum SweepReport {
    /// Series colours (ColorBrewer Dark2, then grey).
    static let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
    /// At most this many lines per chart; further combinations are listed as left out.
    static let maxSeries = 8

    /// Writes report.html into a sweep's output folder.
    static func write(results: [[String: String]], columns: [String], parameterColumns: [String], headlineColumns: [String]? = nil,
                      title: String = "Sweep", into out: OutputFolder) throws {
        try out.write("report.html", html(results: results, columns: columns, parameterColumns: parameterColumns, headlineColumns: headlineColumns, title: title))
    }

    /// Writes the page to `path` (atomically: a temporary file renamed into place).
    /// - Throws: `SimError.output` naming the path when it cannot be written.
    static func write(results: [[String: String]], columns: [String], parameterColumns: [String], headlineColumns: [String]? = nil,
                      title: String = "Sweep", into path: String) throws {
        let text = html(results: results, columns: columns, parameterColumns: parameterColumns, headlineColumns: headlineColumns, title: title)
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
    static func html(results: [[String: String]], columns: [String], parameterColumns: [String], headlineColumns chosen: [String]? = nil,
                     title: String = "Sweep") -> String {
        let params = parameterColumns.filter { columns.contains($0) }
        let headlines = chosen.map { c in columns.filter { c.contains($0) } } ?? headlineColumns(results: results, columns: columns, parameterColumns: params)
        let axes = params.filter { axisValues(results, $0).count >= 2 }
        var body = "<main>\n<header class=\"top\"><h1>\(HTML.escape(title))</h1>"
        body += "<p>Sweep comparison · \(results.count) run\(results.count == 1 ? "" : "s") · \(axes.count) varying parameter\(axes.count == 1 ? "" : "s") · \(headlines.count) headline figure\(headlines.count == 1 ? "" : "s")</p></header>\n"
        body += "<h2>Axes</h2>\n<dl class=\"params\">"
        for p in params { body += "<dt>\(HTML.escape(p))</dt><dd>\(axisValues(results, p).map(HTML.escape).joined(separator: ", "))</dd>" }
        body += "</dl>\n"
        if axes.isEmpty || headlines.isEmpty {
            body += "<p class=\"note\">No parameter takes two or more values, or no column holds numbers: nothing to chart.</p>\n"
        }
        for axis in axes where !headlines.isEmpty {
            body += "<h2>Across \(HTML.escape(axis))</h2>\n"
            let others = axes.filter { $0 != axis }
            if !others.isEmpty { body += "<p class=\"note\">One line per combination of \(others.map(HTML.escape).joined(separator: ", ")).</p>\n" }
            body += "<div class=\"charts\">"
            var leftOut = 0
            for h in headlines {
                let (chart, dropped) = chartAcross(axis: axis, others: others, headline: h, results: results)
                body += chart.svg()
                leftOut = max(leftOut, dropped)
            }
            body += "</div>\n"
            if leftOut > 0 { body += "<p class=\"note\">\(leftOut) further combination\(leftOut == 1 ? "" : "s") left out of each chart (at most \(maxSeries) lines); see the table.</p>\n" }
        }
        body += "<h2>All runs</h2>\n<table><thead><tr>"
        for c in columns { body += "<th class=\"\(headlines.contains(c) ? "" : "l")\">\(HTML.escape(c))</th>" }
        body += "</tr></thead><tbody>"
        for r in results {
            body += "<tr>" + columns.map { "<td class=\"\(headlines.contains($0) ? "" : "l")\">\(HTML.escape(r[$0] ?? ""))</td>" }.joined() + "</tr>"
        }
        body += "</tbody></table>\n"
        body += "<footer>Written by sim \(CoverageOutputs.toolVersion) from results.csv in the same folder.</footer>\n</main>"
        return HTML.document(title: "\(title) — sweep report", body: body)
    }

    /// A chart of `headline` against `axis`, one line per combination of the `others`' values;
    /// returns how many combinations were left out beyond ``maxSeries``.
    static func chartAcross(axis: String, others: [String], headline: String, results: [[String: String]]) -> (LineChart, Int) {
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
            LineChart.Series(name: key.isEmpty ? headline : key, colour: palette[i % palette.count],
                             points: points[key]!.sorted { $0.x < $1.x })
        }
        let chart = LineChart(title: headline, xLabel: axis, yLabel: headline, series: series,
                              categories: numeric ? nil : xs, widthPx: 390,
                              heightPx: 234 + 16 * Double(LineChart.legendRows(series.map(\.name), widthPx: 390)))
        return (chart, groups.count - shown.count)
    }
}
