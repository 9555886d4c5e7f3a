import Coverage
import Foundation

extension Calibration {
    /// calibration.html: a self-contained page (no script, no external file) with the fit per rule, the statistics
    /// before and after, a histogram of the residuals before and after and the residual against distance (inline SVG).
    package static func reportHTML(_ r: CalibrationResult, scenario: String, measurements: String) -> String {
        func f(_ d: Double, _ digits: Int = 2) -> String { d.isFinite ? String(format: "%.\(digits)f", d) : "–" }
        func stats(_ e: ErrorStatistics) -> String {
            "<td>\(e.count)</td><td>\(f(e.meanDB))</td><td>\(f(e.stdDB))</td><td>\(f(e.rmseDB))</td><td>\(f(e.correlation, 3))</td>"
        }
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Model calibration</title><style>"
        h += "body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}"
        h += "th{background:#eee}td.l{text-align:left}.note{color:#555}</style></head><body>\n"
        h += "<h1>Model calibration</h1>\n<p>Scenario <code>\(HTML.escape(scenario))</code>, measurements <code>\(HTML.escape(measurements))</code>: "
        h += "\(r.points.count) samples, \(r.points.filter { $0.dropped == nil }.count) kept in \(r.bins.count) bins of \(f(r.settings.binMeters, 0)) m. "
        var dropped: [String: Int] = [:]
        for p in r.points { if let w = p.dropped { dropped[w, default: 0] += 1 } }
        if !dropped.isEmpty { h += "Dropped: " + dropped.keys.sorted().map { "\($0) \(dropped[$0]!)" }.joined(separator: ", ") + ". " }
        h += "Residual = measured − predicted (dB), statistics on the bins. Fit: Huber M-estimate (Huber 1964), k = 1.345·σ̂.</p>\n"
        h += "<h2>Per model rule</h2>\n<table id=\"rules\"><tr><th>rule</th><th>bins</th><th>tuned</th><th>offset dB</th><th>slope dB/decade</th>"
        h += "<th>n</th><th>mean before</th><th>std</th><th>RMSE</th><th>corr.</th><th>n</th><th>mean after</th><th>std</th><th>RMSE</th><th>corr.</th></tr>\n"
        for c in r.classes where c.bins > 0 {
            h += "<tr><td class=\"l\">\(HTML.escape(c.label))</td><td>\(c.bins)</td><td class=\"l\">\(c.tuned ? "yes" : "no")\(c.note.map { " <span class=\"note\">(\(HTML.escape($0)))</span>" } ?? "")</td>"
            h += "<td>\(f(c.total.offsetDB))</td><td>\(f(c.total.slopeDBPerDecade))</td>\(stats(c.before))\(stats(c.after))</tr>\n"
        }
        h += "<tr><th class=\"l\">overall</th><td>\(r.bins.count)</td><td></td><td></td><td></td>\(stats(r.before))\(stats(r.after))</tr></table>\n"
        h += "<p>Cross-validated RMSE (\(r.crossValidationFolds) folds by \(r.crossValidationBy ?? "–")): \(r.crossValidatedRMSEDB.map { f($0) } ?? "not computed") dB. "
        h += "Remaining standard deviation <strong id=\"remaining-sigma\">\(f(r.after.stdDB)) dB</strong>: use this as <code>radio.shadow_sigma_db</code> "
        h += "in the calibrated scenario (now \(f(r.shadowSigmaDB)) dB).</p>\n"
        h += "<h2>Per serving cell</h2>\n"
        if r.cells.isEmpty {
            h += "<p class=\"note\">No cell has \(r.settings.minBinsPerCell) kept bins or more.</p>\n"
        } else {
            h += "<p class=\"note\">Cells with at least \(r.settings.minBinsPerCell) kept bins; the rule is that of most of their bins.</p>\n"
            h += "<table id=\"cells\"><tr><th>site</th><th>cell</th><th>rule</th><th>bins</th>"
            h += "<th>n</th><th>mean before</th><th>std</th><th>RMSE</th><th>corr.</th><th>n</th><th>mean after</th><th>std</th><th>RMSE</th><th>corr.</th></tr>\n"
            for c in r.cells {
                h += "<tr><td class=\"l\">\(HTML.escape(c.siteID))</td><td class=\"l\">\(HTML.escape(c.cellID))</td><td class=\"l\">\(HTML.escape(r.classes[c.classIndex].label))</td>"
                h += "<td>\(c.bins)</td>\(stats(c.before))\(stats(c.after))</tr>\n"
            }
            h += "</table>\n"
        }
        // Histogram of bin residuals, before (grey) and after (blue), 2 dB classes from −30 to +30.
        let edges = stride(from: -30.0, to: 30.0, by: 2.0).map { $0 }
        func counts(_ e: [Double]) -> [Int] { edges.map { lo in e.filter { $0 >= lo && $0 < lo + 2 }.count } }
        let before = r.bins.map { $0.measuredDBm - $0.predictedDBm }
        let after = r.bins.map { b in b.measuredDBm - b.predictedDBm + correction(r.classes[b.classIndex].delta, b.logDistance) }
        let cb = counts(before), ca = counts(after), top = Double(max(1, (cb + ca).max() ?? 1))
        h += "<h2>Residuals before (grey) and after (blue)</h2>\n<svg id=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"240\" role=\"img\">"
        for (i, lo) in edges.enumerated() {
            let x = 20 + Double(i) * 20, hb = 200 * Double(cb[i]) / top, ha = 200 * Double(ca[i]) / top
            h += "<rect x=\"\(f(x, 1))\" y=\"\(f(210 - hb, 1))\" width=\"9\" height=\"\(f(hb, 1))\" fill=\"#999\"/>"
            h += "<rect x=\"\(f(x + 9, 1))\" y=\"\(f(210 - ha, 1))\" width=\"9\" height=\"\(f(ha, 1))\" fill=\"#2166ac\"/>"
            if Int(lo) % 10 == 0 { h += "<text x=\"\(f(x, 1))\" y=\"228\" font-size=\"11\">\(Int(lo))</text>" }
        }
        h += "<text x=\"560\" y=\"240\" font-size=\"11\">dB</text></svg>\n"
        // Residual after against log distance.
        h += "<h2>Residual after calibration against distance</h2>\n<svg id=\"distance\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"260\" role=\"img\">"
        h += "<line x1=\"40\" y1=\"120\" x2=\"620\" y2=\"120\" stroke=\"#888\"/>"
        for (b, e) in zip(r.bins, after) {
            let x = 40 + (b.logDistance + 1) / 2.5 * 580, y = 120 - max(-30, min(30, e)) * 4
            h += "<circle cx=\"\(f(x, 1))\" cy=\"\(f(y, 1))\" r=\"1.2\" fill=\"#2166ac\" fill-opacity=\"0.4\"/>"
        }
        for (lx, label) in [(-1.0, "100 m"), (0, "1 km"), (1, "10 km")] {
            h += "<text x=\"\(f(40 + (lx + 1) / 2.5 * 580, 1))\" y=\"255\" font-size=\"11\">\(label)</text>"
        }
        h += "<text x=\"0\" y=\"10\" font-size=\"11\">+30 dB</text><text x=\"0\" y=\"245\" font-size=\"11\">−30 dB</text></svg>\n"
        h += "<p class=\"note\">Made by <code>sim calibrate</code>; method and sources: README \"Calibration\".</p></body></html>\n"
        return h
    }
}
