import Coverage
import Foundation
import Planner

/// The map of report.html: frame, layers, labels, scale bar, north arrow and legend.
extension RunReport {
    // MARK: map

    /// The map's frame: the districts' extent (metres) on an `mapWidthPx`-wide canvas.
    static func frame(_ study: Study) -> MapFrame {
        let b = study.districts.map(\.bounds).reduce(study.districts[0].bounds) { $0.union($1) }
        return MapFrame(bounds: b, widthPx: mapWidthPx, maxHeightPx: mapMaxHeightPx, paddingPx: 18)
    }

    static func mapSection(_ run: ScenarioRun, _ t: Messages) throws -> String {
        let c = run.coverage, study = c.study, f = frame(study), plan = run.plan
        let tech = study.scenario.radio.technology.rawValue
        let w = HTML.coord(f.widthPx), h = HTML.coord(f.heightPx)
        var svg = "<svg class=\"map\" id=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(t.html(.mapAria))\">"
        svg += "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        svg += "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(reachColour)\" stroke-width=\"2.2\" stroke-opacity=\"0.75\"/></pattern></defs>"
        svg += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"\(mapBackground)\"/>"
        // Districts, shaded by 4G population coverage.
        svg += "<g class=\"layer-districts\" stroke=\"none\">"
        for (i, d) in study.districts.enumerated() {
            let p = c.stats.districts[i].coveredPopulationPercent
            svg += "<path d=\"\(f.path(d.polygons))\" fill=\"\(shade(p))\" fill-rule=\"evenodd\"><title>\(t.html(.districtTooltip, HTML.escape(d.name), tech, t.percent(p)))</title></path>"
        }
        svg += "</g>"
        // 4G coverage (one path: no seams between districts).
        let cov = c.stats.districts.map { f.path($0.coverage) }.joined()
        if !cov.isEmpty {
            svg += "<g class=\"layer-cov\"><path d=\"\(cov)\" fill=\"\(coverageColour)\" fill-opacity=\"0.38\" fill-rule=\"evenodd\" stroke=\"none\"/></g>"
        }
        if let fx = c.fixed {
            let reach = fx.districts.map { f.path($0.reach) }.joined()
            if !reach.isEmpty {
                svg += "<g class=\"layer-reach\"><path d=\"\(reach)\" fill=\"url(#hatch)\" fill-rule=\"evenodd\" stroke=\"\(reachColour)\" stroke-width=\"0.6\"/></g>"
            }
            let served = f.path(fx.segments.filter(\.isServed).map(\.line)), unserved = f.path(fx.segments.filter { !$0.isServed }.map(\.line))
            svg += "<g class=\"layer-net\" fill=\"none\">"
            if !unserved.isEmpty { svg += "<path d=\"\(unserved)\" stroke=\"#8c8c8c\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\"/>" }
            if !served.isEmpty { svg += "<path d=\"\(served)\" stroke=\"#4d2a66\" stroke-width=\"0.9\"/>" }
            for o in study.olts {
                let p = f.pixel(o.position)
                svg += "<rect x=\"\(HTML.coord(p.x - 3.5))\" y=\"\(HTML.coord(p.y - 3.5))\" width=\"7\" height=\"7\" fill=\"#4d2a66\" stroke=\"#fff\" stroke-width=\"1\"><title>\(t.html(.oltTooltip, HTML.escape(o.id)))</title></rect>"
            }
            svg += "</g>"
        }
        // District boundaries above the fills.
        svg += "<g class=\"layer-bounds\" fill=\"none\" stroke=\"#2f3b48\" stroke-width=\"1\" stroke-linejoin=\"round\">"
        for d in study.districts { svg += "<path d=\"\(f.path(d.polygons))\"/>" }
        svg += "</g>"
        // Existing sites.
        svg += "<g class=\"layer-sites\">"
        for s in study.sites {
            let p = f.pixel(s.position)
            if s.technology == study.scenario.radio.technology {
                svg += "<circle cx=\"\(HTML.coord(p.x))\" cy=\"\(HTML.coord(p.y))\" r=\"1.8\" fill=\"#1d2733\"/>"
            } else {
                svg += "<circle cx=\"\(HTML.coord(p.x))\" cy=\"\(HTML.coord(p.y))\" r=\"1.8\" fill=\"#fff\" stroke=\"#6b7785\" stroke-width=\"0.8\"/>"
            }
        }
        svg += "</g>"
        if let plan { svg += planLayer(plan, frame: f, t) }
        // District names.
        svg += "<g class=\"labels\" font-size=\"11.5\" font-weight=\"600\" text-anchor=\"middle\" fill=\"#1d2733\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
        for d in study.districts {
            let at = f.pixel(try Overlay.pointOnSurface(d.polygons))
            // Keep the label on the canvas (≈ 6.8 px per character at 11.5 px bold).
            let half = 3.4 * Double(d.name.count) + 4
            let x = min(max(at.x, half), f.widthPx - half), y = min(max(at.y + 4, 14), f.heightPx - 6)
            svg += "<text x=\"\(HTML.coord(x))\" y=\"\(HTML.coord(y))\">\(HTML.escape(d.name))</text>"
        }
        svg += "</g>"
        svg += scaleBar(f, t) + northArrow(f, t)
        svg += "</svg>"

        var html = "<h2>\(t.html(.mapHeading))</h2>\n<section class=\"mapsec\">"
        var toggles: [(String, String)] = [("t-cov", t.text(.toggleCoverage, tech))]
        if c.fixed != nil { toggles += [("t-reach", t.text(.toggleReach)), ("t-net", t.text(.toggleNetwork))] }
        toggles.append(("t-sites", t.text(.toggleSites)))
        if plan != nil { toggles.append(("t-plan", t.text(.togglePlan))) }
        for (id, label) in toggles { html += "<input type=\"checkbox\" id=\"\(id)\" checked><label for=\"\(id)\">\(HTML.escape(label))</label>" }
        html += "\n<div class=\"mapgrid\">" + svg + "<div class=\"side\">" + legend(run, t) + parameters(run, t) + "</div></div></section>\n"
        return html
    }

    /// Fill of a district by its 4G population coverage (%): the red → green ramp of the GeoJSON
    /// outputs (``CoverageOutputs/fill(_:)``), mixed 35 % with white so overlays stay legible.
    static func shade(_ pct: Double) -> String {
        let hex = CoverageOutputs.fill(pct)
        let v = Int(hex.dropFirst(), radix: 16)!
        let mix = { (c: Int) -> Int in Int((Double(c) * 0.65 + 255 * 0.35).rounded()) }
        return String(format: "#%02x%02x%02x", mix((v >> 16) & 255), mix((v >> 8) & 255), mix(v & 255))
    }

    static func planLayer(_ plan: PlanRun, frame f: MapFrame, _ t: Messages) -> String {
        let yearIndex = Dictionary(uniqueKeysWithValues: plan.years.enumerated().map { ($1.year, $0) })
        let colour = { (year: Int) -> String in PlanOutputs.yearColours[(yearIndex[year] ?? 0) % PlanOutputs.yearColours.count] }
        var lines = "", points = ""
        for s in plan.steps {
            let cand = plan.candidates[s.candidate], col = colour(s.year)
            let tip = "<title>" + t.html(.planTooltip, String(s.rank), String(s.year), HTML.escape(kindName(cand.kind, t)), HTML.escape(cand.id), HTML.escape(t.money(cand.cost.vnd))) + "</title>"
            if let site = cand.site {
                let p = f.pixel(site.position), x = p.x, y = p.y
                if cand.kind == .upgrade {
                    let d = "M\(HTML.coord(x)) \(HTML.coord(y - 5))L\(HTML.coord(x + 4.5)) \(HTML.coord(y + 3.5))L\(HTML.coord(x - 4.5)) \(HTML.coord(y + 3.5))Z"
                    points += "<path d=\"\(d)\" fill=\"\(col)\" stroke=\"#fff\" stroke-width=\"1\">\(tip)</path>"
                } else {
                    points += "<circle cx=\"\(HTML.coord(x))\" cy=\"\(HTML.coord(y))\" r=\"4.2\" fill=\"\(col)\" stroke=\"#fff\" stroke-width=\"1\">\(tip)</circle>"
                }
            } else if !cand.lines.isEmpty {
                let width = cand.kind == .undergrounding ? "4" : "2.4"
                let dash = cand.kind == .undergrounding ? " stroke-dasharray=\"7 3\"" : ""
                lines += "<path d=\"\(f.path(cand.lines))\" stroke=\"\(col)\" stroke-width=\"\(width)\"\(dash) stroke-linecap=\"round\">\(tip)</path>"
            }
        }
        return "<g class=\"layer-plan\" fill=\"none\">" + lines + "</g><g class=\"layer-plan\">" + points + "</g>"
    }

    /// A scale bar of a round length (1, 2 or 5 × 10ⁿ m) about a fifth of the map wide, bottom left.
    static func scaleBar(_ f: MapFrame, _ t: Messages) -> String {
        let target = f.widthPx / 5 * f.metresPerPixel
        let mag = pow(10, floor(log10(target)))
        let metres = [5.0, 2, 1].map { $0 * mag }.first { $0 <= target } ?? mag
        let len = metres * f.scale, x = 18.0, y = f.heightPx - 16
        let label = metres >= 1000 ? "\(t.decimal(metres / 1000, metres >= 10_000 ? 0 : 1)) km" : "\(t.decimal(metres, 0)) m"
        var s = "<g class=\"scale\" font-size=\"11\" fill=\"#1d2733\">"
        s += "<rect x=\"\(HTML.coord(x - 4))\" y=\"\(HTML.coord(y - 17))\" width=\"\(HTML.coord(len + 8))\" height=\"26\" fill=\"#fff\" fill-opacity=\"0.8\"/>"
        s += "<rect x=\"\(HTML.coord(x))\" y=\"\(HTML.coord(y))\" width=\"\(HTML.coord(len / 2))\" height=\"4\" fill=\"#1d2733\"/>"
        s += "<rect x=\"\(HTML.coord(x + len / 2))\" y=\"\(HTML.coord(y))\" width=\"\(HTML.coord(len / 2))\" height=\"4\" fill=\"#fff\" stroke=\"#1d2733\" stroke-width=\"0.8\"/>"
        s += "<text x=\"\(HTML.coord(x))\" y=\"\(HTML.coord(y - 4))\">0</text>"
        s += "<text x=\"\(HTML.coord(x + len))\" y=\"\(HTML.coord(y - 4))\" text-anchor=\"end\">\(label)</text></g>"
        return s
    }

    /// Grid north (the projected CRS's y axis), top left.
    static func northArrow(_ f: MapFrame, _ t: Messages) -> String {
        let x = 30.0, y = 24.0
        return "<g class=\"north\"><path d=\"M\(HTML.coord(x)) \(HTML.coord(y))L\(HTML.coord(x + 7)) \(HTML.coord(y + 20))L\(HTML.coord(x)) \(HTML.coord(y + 15))L\(HTML.coord(x - 7)) \(HTML.coord(y + 20))Z\" fill=\"#1d2733\"/>"
            + "<text x=\"\(HTML.coord(x))\" y=\"\(HTML.coord(y + 34))\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1d2733\">\(t.html(.northLetter))</text></g>"
    }

    static func legend(_ run: ScenarioRun, _ t: Messages) -> String {
        let c = run.coverage, tech = c.study.scenario.radio.technology.rawValue
        let sw = { (inner: String) -> String in "<svg width=\"26\" height=\"14\" viewBox=\"0 0 26 14\">\(inner)</svg>" }
        var rows: [(String, String)] = []
        var ramp = "<defs><linearGradient id=\"ramp\" x1=\"0\" x2=\"1\">"
        for p in stride(from: 0, through: 100, by: 25) { ramp += "<stop offset=\"\(p)%\" stop-color=\"\(shade(Double(p)))\"/>" }
        ramp += "</linearGradient></defs>"
        var html = "<div class=\"legend\"><h3>\(t.html(.legendHeading))</h3>"
        html += "<div>\(t.html(.legendShade, tech))</div>"
        html += "<svg width=\"200\" height=\"30\" viewBox=\"0 0 200 30\">\(ramp)<rect x=\"1\" y=\"1\" width=\"198\" height=\"12\" fill=\"url(#ramp)\" stroke=\"#6b7785\" stroke-width=\"0.5\"/>"
        for (i, p) in [0, 50, 100].enumerated() {
            html += "<text x=\"\([2, 100, 198][i])\" y=\"26\" font-size=\"10.5\" text-anchor=\"\(["start", "middle", "end"][i])\" fill=\"#5b6775\">\(t.percent(Double(p), decimals: 0))</text>"
        }
        html += "</svg>"
        rows.append((sw("<rect x=\"1\" y=\"1\" width=\"24\" height=\"12\" fill=\"\(coverageColour)\" fill-opacity=\"0.38\"/>"), t.text(.legendCoverage, tech, t.decimal(c.study.scenario.radio.thresholdDBm, 0))))
        if c.fixed != nil {
            rows.append((sw("<rect x=\"1\" y=\"1\" width=\"24\" height=\"12\" fill=\"url(#hatch)\" stroke=\"\(reachColour)\" stroke-width=\"0.6\"/>"), t.text(.legendReach, t.decimal(c.study.scenario.fixed.dropDistanceMeters, 0))))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#4d2a66\" stroke-width=\"1.2\"/>"), t.text(.legendCableServed)))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#8c8c8c\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"), t.text(.legendCableBeyond)))
            rows.append((sw("<rect x=\"9.5\" y=\"3.5\" width=\"7\" height=\"7\" fill=\"#4d2a66\"/>"), t.text(.legendOLT)))
        }
        rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"2.2\" fill=\"#1d2733\"/>"), t.text(.legendSite, tech)))
        if c.study.sites.contains(where: { $0.technology != c.study.scenario.radio.technology }) {
            rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"2.2\" fill=\"#fff\" stroke=\"#6b7785\"/>"), t.text(.legendOtherSite, tech)))
        }
        if let p = run.plan {
            for (k, y) in p.years.enumerated() {
                let col = PlanOutputs.yearColours[k % PlanOutputs.yearColours.count]
                rows.append((sw("<circle cx=\"6\" cy=\"7\" r=\"4\" fill=\"\(col)\"/><line x1=\"13\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"\(col)\" stroke-width=\"2.4\"/>"), t.text(.legendPlanYear, String(y.year))))
            }
            rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"4\" fill=\"#666\"/>"), t.text(.legendNewSite)))
            rows.append((sw("<path d=\"M13 2L17.5 11L8.5 11Z\" fill=\"#666\"/>"), t.text(.legendUpgrade, tech)))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#666\" stroke-width=\"2.4\"/>"), t.text(.legendNewRoute)))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#666\" stroke-width=\"4\" stroke-dasharray=\"7 3\"/>"), t.text(.legendUndergrounding)))
        }
        for (icon, text) in rows { html += "<div class=\"row\">\(icon)<span>\(HTML.escape(text))</span></div>" }
        return html + "</div>"
    }
}
