import Foundation

/// An inline SVG line chart: numeric or categorical x, one or more series, "nice" axis ticks,
/// optional vertical markers (e.g. the end of each budget year), a legend under the plot.
package struct LineChart: Sendable {
    struct Series: Sendable {
        var name: String
        var colour: String
        /// (x, y) in data units; a nil y leaves a gap in the line.
        var points: [(x: Double, y: Double?)]
        var dashed: Bool = false
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    /// Category names at x = 0, 1, 2…; nil for a numeric x axis.
    var categories: [String]? = nil
    /// Vertical marker lines (x in data units) with a short label.
    var markers: [(x: Double, label: String)] = []
    /// Draw steps (hold the value until the next x) instead of straight segments.
    var steps: Bool = false
    /// Fixed y range; nil = from the data (padded to nice ticks).
    var yRange: ClosedRange<Double>? = nil
    var widthPx: Double = 560
    var heightPx: Double = 300
    /// The catalogue that formats tick labels (decimal separator, thousand/million/billion words).
    var text: Messages = Messages(ReportLanguage.current)

    /// Tick values covering lo…hi at a 1-, 2- or 5-times-a-power-of-ten step, about `count` of them.
    static func niceTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [0] }
        let span = hi - lo
        if span <= 0 { return [lo] }
        let raw = span / Double(max(1, count))
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw * 0.999 }!
        let first = (lo / step).rounded(.down) * step, last = (hi / step).rounded(.up) * step
        let n = Int(((last - first) / step).rounded())
        return (0...n).map { first + Double($0) * step }
    }

    /// A tick label: as many decimals as the tick step needs (at most 3); steps of a thousand or more
    /// in thousands, millions or billions so labels stay short, e.g. 2_000_000_000 → "2 tỷ" (vi) /
    /// "2 bn" (en), 2.5 → "2,5" / "2.5".
    static func tickLabel(_ v: Double, step: Double, text: Messages) -> String {
        for (unit, key) in [(1e9, Message.tickBillions), (1e6, .tickMillions), (1e3, .tickThousands)] where step >= unit {
            return text.text(key, tickLabel(v / unit, step: step / unit, text: text))
        }
        let decimals = step >= 1 || step <= 0 ? 0 : min(3, Int((-log10(step) - 1e-9).rounded(.up)))
        return text.decimal(v, decimals)
    }

    /// Legend columns: two when every name fits half the plot width (≈ 6.2 px per character at 11 px), else one.
    static func legendColumns(_ names: [String], plotWidthPx: Double) -> Int {
        names.allSatisfy { Double($0.count) * 6.2 + 24 <= plotWidthPx / 2 } ? 2 : 1
    }

    /// Rows of the legend under a chart of `widthPx` (the plot is `widthPx − 78` px wide).
    static func legendRows(_ names: [String], widthPx: Double) -> Int {
        let cols = legendColumns(names, plotWidthPx: widthPx - 78)
        return (names.count + cols - 1) / cols
    }

    func svg() -> String {
        let left = 62.0, right = 16.0, top = 30.0
        let legendCols = LineChart.legendColumns(series.map(\.name), plotWidthPx: widthPx - 78)
        let legendRows = Double(LineChart.legendRows(series.map(\.name), widthPx: widthPx))
        let bottom = 46.0 + 16 * legendRows
        let pw = widthPx - left - right, ph = heightPx - top - bottom
        let xs = series.flatMap { $0.points.map(\.x) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.compactMap(\.y) }
        var xLo = xs.min() ?? 0, xHi = xs.max() ?? 1
        if let c = categories { xLo = -0.5; xHi = Double(max(c.count, 1)) - 0.5 }
        if xHi <= xLo { xHi = xLo + 1 }
        let yTicks: [Double]
        if let r = yRange { yTicks = LineChart.niceTicks(r.lowerBound, r.upperBound) } else {
            var lo = ys.min() ?? 0, hi = ys.max() ?? 1
            if hi <= lo { lo -= 1; hi += 1 }
            yTicks = LineChart.niceTicks(lo, hi)
        }
        let yLo = yTicks.first!, yHi = yTicks.count > 1 ? yTicks.last! : yTicks[0] + 1
        let px = { (x: Double) -> Double in left + (x - xLo) / (xHi - xLo) * pw }
        let py = { (y: Double) -> Double in top + (yHi - y) / (yHi - yLo) * ph }
        let c = HTML.coord
        var s = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(widthPx))\" height=\"\(c(heightPx))\" viewBox=\"0 0 \(c(widthPx)) \(c(heightPx))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        s += "<text x=\"\(c(left))\" y=\"18\" font-size=\"13\" font-weight=\"600\" fill=\"#1d2733\">\(HTML.escape(title))</text>"
        // grid and y axis
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        for t in yTicks {
            s += "<line x1=\"\(c(left))\" y1=\"\(c(py(t)))\" x2=\"\(c(left + pw))\" y2=\"\(c(py(t)))\" stroke=\"#e3e7eb\"/>"
            s += "<text x=\"\(c(left - 6))\" y=\"\(c(py(t) + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6775\">\(HTML.escape(LineChart.tickLabel(t, step: yStep, text: text)))</text>"
        }
        // x axis
        if let cats = categories {
            for (i, name) in cats.enumerated() {
                s += "<text x=\"\(c(px(Double(i))))\" y=\"\(c(top + ph + 15))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6775\">\(HTML.escape(name))</text>"
            }
        } else {
            let xTicks = LineChart.niceTicks(xLo, xHi).filter { $0 >= xLo - 1e-9 && $0 <= xHi + 1e-9 }
            let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
            for t in xTicks {
                s += "<line x1=\"\(c(px(t)))\" y1=\"\(c(top + ph))\" x2=\"\(c(px(t)))\" y2=\"\(c(top + ph + 4))\" stroke=\"#5b6775\"/>"
                s += "<text x=\"\(c(px(t)))\" y=\"\(c(top + ph + 15))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6775\">\(HTML.escape(LineChart.tickLabel(t, step: xStep, text: text)))</text>"
            }
        }
        s += "<line x1=\"\(c(left))\" y1=\"\(c(top + ph))\" x2=\"\(c(left + pw))\" y2=\"\(c(top + ph))\" stroke=\"#5b6775\"/>"
        s += "<line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(top + ph))\" stroke=\"#5b6775\"/>"
        s += "<text x=\"\(c(left + pw / 2))\" y=\"\(c(top + ph + 31))\" font-size=\"11.5\" text-anchor=\"middle\" fill=\"#1d2733\">\(HTML.escape(xLabel))</text>"
        s += "<text transform=\"translate(14 \(c(top + ph / 2))) rotate(-90)\" font-size=\"11.5\" text-anchor=\"middle\" fill=\"#1d2733\">\(HTML.escape(yLabel))</text>"
        for m in markers {
            s += "<line x1=\"\(c(px(m.x)))\" y1=\"\(c(top))\" x2=\"\(c(px(m.x)))\" y2=\"\(c(top + ph))\" stroke=\"#8a96a3\" stroke-dasharray=\"3 3\"/>"
            s += "<text x=\"\(c(px(m.x) - 3))\" y=\"\(c(top + 10))\" font-size=\"10.5\" text-anchor=\"end\" fill=\"#5b6775\">\(HTML.escape(m.label))</text>"
        }
        // series
        for se in series {
            var d = "", pen = false, lastY = 0.0
            for p in se.points {
                guard let y = p.y else { pen = false; continue }
                if pen && steps { d += "L\(c(px(p.x))) \(c(py(lastY)))" }
                d += (pen ? "L" : "M") + "\(c(px(p.x))) \(c(py(y)))"
                pen = true; lastY = y
            }
            if !d.isEmpty {
                s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(se.colour)\" stroke-width=\"2\"\(se.dashed ? " stroke-dasharray=\"6 3\"" : "")/>"
            }
            if se.points.count <= 40 {
                for p in se.points { if let y = p.y { s += "<circle cx=\"\(c(px(p.x)))\" cy=\"\(c(py(y)))\" r=\"2.6\" fill=\"\(se.colour)\"/>" } }
            }
        }
        // legend
        for (i, se) in series.enumerated() {
            let lx = left + Double(i % legendCols) * pw / 2, ly = top + ph + 44 + 16 * Double(i / legendCols)
            s += "<line x1=\"\(c(lx))\" y1=\"\(c(ly - 4))\" x2=\"\(c(lx + 18))\" y2=\"\(c(ly - 4))\" stroke=\"\(se.colour)\" stroke-width=\"2\"\(se.dashed ? " stroke-dasharray=\"6 3\"" : "")/>"
            s += "<text x=\"\(c(lx + 24))\" y=\"\(c(ly))\" font-size=\"11\" fill=\"#1d2733\">\(HTML.escape(se.name))</text>"
        }
        return s + "</svg>"
    }
}
