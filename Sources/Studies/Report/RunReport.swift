import Coverage
import Foundation
import Planner

/// report.html of `sim run`: one self-contained page (inline CSS and SVG; no script, no web font,
/// no external resource) for readers who will not open a GeoJSON — the scenario and its key
/// parameters, a map (districts shaded by 4G population coverage, 4G coverage and fixed-broadband
/// reach overlaid, cables, existing sites, planned sites and cables coloured by budget year), the
/// district table, targets against the plan (met / gap), the plan's picks, the cost-to-target
/// chart and the warnings. Deterministic: fixed number formats, input order, no timestamp.
package enum RunReport {
    /// Map canvas width and maximum height (px).
    static let mapWidthPx = 820.0
    static let mapMaxHeightPx = 900.0
    /// The map's background colour outside the districts (the CI screenshot check finds the map by it).
    static let mapBackground = "#e8eef4"
    static let coverageColour = "#2b83ba"
    static let reachColour = "#7b3294"
    /// Colours of the plan's metrics in charts: 4G, fixed broadband, undergrounding.
    static let metricColours = ["#2b83ba", "#7b3294", "#a6611a"]
    static let metricTitles = ["4G population coverage", "FBB household reach", "Cable underground"]
    /// Rows of the plan's picks table (the rest are in plan.csv).
    static let maxPickRows = 40

    static func write(_ run: ScenarioRun, into out: OutputFolder) throws {
        try out.write("report.html", try html(run))
    }

    static func html(_ run: ScenarioRun) throws -> String {
        let s = run.study.scenario
        var body = "<main>\n"
        body += "<header class=\"top\"><h1>\(HTML.escape(s.name))</h1>"
        body += "<p>Network coverage report · scenario <code>\(HTML.escape(URL(fileURLWithPath: s.file).lastPathComponent))</code> · "
        body += "\(run.study.districts.count) districts · EPSG:\(run.study.projection.epsg)</p></header>\n"
        body += cards(run)
        body += try mapSection(run)
        body += districtTable(run.coverage)
        if let plan = run.plan { body += planSections(plan) }
        body += warningsSection(run.warnings)
        body += "<footer>Written by sim \(CoverageOutputs.toolVersion) (GEOS \(HTML.escape(LibraryVersions.geos)), PROJ \(HTML.escape(LibraryVersions.proj))). "
        body += "The figures are those of summary.json, districts.csv\(run.plan == nil ? "" : ", plan.csv and plan_summary.json") in the same folder; "
        body += "the map layers are the GeoJSON files, simplified for display (Douglas–Peucker, 0.6 px).</footer>\n</main>"
        return HTML.document(title: "\(s.name) — coverage report", body: body)
    }

    // MARK: headline figures

    static func cards(_ run: ScenarioRun) -> String {
        let c = run.coverage, st = c.stats.districts
        let pop = st.reduce(0) { $0 + $1.population }, cpop = st.reduce(0) { $0 + $1.coveredPopulation }
        let area = st.reduce(0) { $0 + $1.areaKm2 }, carea = st.reduce(0) { $0 + $1.coveredAreaKm2 }
        var cards: [(String, String)] = [
            (HTML.count(pop), "population (cells)"),
            (HTML.pct(pop > 0 ? 100 * cpop / pop : 0), "\(c.study.scenario.radio.technology.rawValue) population coverage"),
            (HTML.pct(area > 0 ? 100 * carea / area : 0), "\(c.study.scenario.radio.technology.rawValue) area coverage"),
            ("\(c.radio.footprints.count) / \(c.study.sites.count)", "sites with a footprint / all sites"),
        ]
        if let f = c.fixed {
            let hh = f.districts.reduce(0) { $0 + $1.households }, r = f.districts.reduce(0) { $0 + $1.householdsReached }
            cards.append((HTML.pct(hh > 0 ? 100 * r / hh : 0), "households within fibre reach"))
        }
        if let p = run.plan {
            let total = p.steps.last?.cumulativeCost ?? .zero
            cards.append((HTML.billions(total.vnd) + " VND", "plan cost, \(p.steps.count) picks"))
            if let k = p.years.indices.last {
                let (met, all) = targetCounts(p, yearIndex: k)
                cards.append(("\(met) / \(all)", "targets met in \(p.years[k].year)"))
            }
        }
        return "<div class=\"cards\">" + cards.map { "<div class=\"card\"><b>\(HTML.escape($0.0))</b><span>\(HTML.escape($0.1))</span></div>" }.joined() + "</div>\n"
    }

    /// (met, with a target) over all districts and metrics in budget year k.
    static func targetCounts(_ p: PlanRun, yearIndex k: Int) -> (Int, Int) {
        (p.targetsMet(yearIndex: k, achieved: p.achievedAfterYear[k]).count, p.targetCount(yearIndex: k))
    }

    // MARK: map

    /// The map's frame: the districts' extent (metres) on an `mapWidthPx`-wide canvas.
    static func frame(_ study: Study) -> MapFrame {
        let b = study.districts.map(\.bounds).reduce(study.districts[0].bounds) { $0.union($1) }
        return MapFrame(bounds: b, widthPx: mapWidthPx, maxHeightPx: mapMaxHeightPx, paddingPx: 18)
    }

    static func mapSection(_ run: ScenarioRun) throws -> String {
        let c = run.coverage, study = c.study, f = frame(study), plan = run.plan
        let tech = study.scenario.radio.technology.rawValue
        let w = HTML.coord(f.widthPx), h = HTML.coord(f.heightPx)
        var svg = "<svg class=\"map\" id=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"Map of the districts\">"
        svg += "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        svg += "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(reachColour)\" stroke-width=\"2.2\" stroke-opacity=\"0.75\"/></pattern></defs>"
        svg += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"\(mapBackground)\"/>"
        // Districts, shaded by 4G population coverage.
        svg += "<g class=\"layer-districts\" stroke=\"none\">"
        for (i, d) in study.districts.enumerated() {
            let p = c.stats.districts[i].coveredPopulationPercent
            svg += "<path d=\"\(f.path(d.polygons))\" fill=\"\(shade(p))\" fill-rule=\"evenodd\"><title>\(HTML.escape(d.name)): \(tech) population coverage \(HTML.pct(p))</title></path>"
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
                svg += "<rect x=\"\(HTML.coord(p.x - 3.5))\" y=\"\(HTML.coord(p.y - 3.5))\" width=\"7\" height=\"7\" fill=\"#4d2a66\" stroke=\"#fff\" stroke-width=\"1\"><title>OLT \(HTML.escape(o.id))</title></rect>"
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
        if let plan { svg += planLayer(plan, frame: f) }
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
        svg += scaleBar(f) + northArrow(f)
        svg += "</svg>"

        var html = "<h2>Map</h2>\n<section class=\"mapsec\">"
        var toggles: [(String, String)] = [("t-cov", "\(tech) coverage")]
        if c.fixed != nil { toggles += [("t-reach", "fibre reach"), ("t-net", "cables and OLTs")] }
        toggles.append(("t-sites", "existing sites"))
        if plan != nil { toggles.append(("t-plan", "plan")) }
        for (id, label) in toggles { html += "<input type=\"checkbox\" id=\"\(id)\" checked><label for=\"\(id)\">\(HTML.escape(label))</label>" }
        html += "\n<div class=\"mapgrid\">" + svg + "<div class=\"side\">" + legend(run) + parameters(run) + "</div></div></section>\n"
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

    static func planLayer(_ plan: PlanRun, frame f: MapFrame) -> String {
        let yearIndex = Dictionary(uniqueKeysWithValues: plan.years.enumerated().map { ($1.year, $0) })
        let colour = { (year: Int) -> String in PlanOutputs.yearColours[(yearIndex[year] ?? 0) % PlanOutputs.yearColours.count] }
        var lines = "", points = ""
        for s in plan.steps {
            let cand = plan.candidates[s.candidate], col = colour(s.year)
            let tip = "<title>#\(s.rank) \(s.year) \(HTML.escape(cand.kind.rawValue)) \(HTML.escape(cand.id)) · \(HTML.millions(cand.cost.vnd)) VND</title>"
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
    static func scaleBar(_ f: MapFrame) -> String {
        let target = f.widthPx / 5 * f.metresPerPixel
        let mag = pow(10, floor(log10(target)))
        let metres = [5.0, 2, 1].map { $0 * mag }.first { $0 <= target } ?? mag
        let len = metres * f.scale, x = 18.0, y = f.heightPx - 16
        let label = metres >= 1000 ? "\(HTML.fixed(metres / 1000, metres >= 10_000 ? 0 : 1)) km" : "\(Int(metres)) m"
        var s = "<g class=\"scale\" font-size=\"11\" fill=\"#1d2733\">"
        s += "<rect x=\"\(HTML.coord(x - 4))\" y=\"\(HTML.coord(y - 17))\" width=\"\(HTML.coord(len + 8))\" height=\"26\" fill=\"#fff\" fill-opacity=\"0.8\"/>"
        s += "<rect x=\"\(HTML.coord(x))\" y=\"\(HTML.coord(y))\" width=\"\(HTML.coord(len / 2))\" height=\"4\" fill=\"#1d2733\"/>"
        s += "<rect x=\"\(HTML.coord(x + len / 2))\" y=\"\(HTML.coord(y))\" width=\"\(HTML.coord(len / 2))\" height=\"4\" fill=\"#fff\" stroke=\"#1d2733\" stroke-width=\"0.8\"/>"
        s += "<text x=\"\(HTML.coord(x))\" y=\"\(HTML.coord(y - 4))\">0</text>"
        s += "<text x=\"\(HTML.coord(x + len))\" y=\"\(HTML.coord(y - 4))\" text-anchor=\"end\">\(label)</text></g>"
        return s
    }

    /// Grid north (the projected CRS's y axis), top left.
    static func northArrow(_ f: MapFrame) -> String {
        let x = 30.0, y = 24.0
        return "<g class=\"north\"><path d=\"M\(HTML.coord(x)) \(HTML.coord(y))L\(HTML.coord(x + 7)) \(HTML.coord(y + 20))L\(HTML.coord(x)) \(HTML.coord(y + 15))L\(HTML.coord(x - 7)) \(HTML.coord(y + 20))Z\" fill=\"#1d2733\"/>"
            + "<text x=\"\(HTML.coord(x))\" y=\"\(HTML.coord(y + 34))\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1d2733\">N</text></g>"
    }

    static func legend(_ run: ScenarioRun) -> String {
        let c = run.coverage, tech = c.study.scenario.radio.technology.rawValue
        let sw = { (inner: String) -> String in "<svg width=\"26\" height=\"14\" viewBox=\"0 0 26 14\">\(inner)</svg>" }
        var rows: [(String, String)] = []
        var ramp = "<defs><linearGradient id=\"ramp\" x1=\"0\" x2=\"1\">"
        for p in stride(from: 0, through: 100, by: 25) { ramp += "<stop offset=\"\(p)%\" stop-color=\"\(shade(Double(p)))\"/>" }
        ramp += "</linearGradient></defs>"
        var html = "<div class=\"legend\"><h3>Legend</h3>"
        html += "<div>District shade: \(tech) population coverage</div>"
        html += "<svg width=\"200\" height=\"30\" viewBox=\"0 0 200 30\">\(ramp)<rect x=\"1\" y=\"1\" width=\"198\" height=\"12\" fill=\"url(#ramp)\" stroke=\"#6b7785\" stroke-width=\"0.5\"/>"
        for (i, p) in [0, 50, 100].enumerated() {
            html += "<text x=\"\([2, 100, 198][i])\" y=\"26\" font-size=\"10.5\" text-anchor=\"\(["start", "middle", "end"][i])\" fill=\"#5b6775\">\(p) %</text>"
        }
        html += "</svg>"
        rows.append((sw("<rect x=\"1\" y=\"1\" width=\"24\" height=\"12\" fill=\"\(coverageColour)\" fill-opacity=\"0.38\"/>"), "\(tech) coverage (signal ≥ \(HTML.fixed(c.study.scenario.radio.thresholdDBm, 0)) dBm)"))
        if c.fixed != nil {
            rows.append((sw("<rect x=\"1\" y=\"1\" width=\"24\" height=\"12\" fill=\"url(#hatch)\" stroke=\"\(reachColour)\" stroke-width=\"0.6\"/>"), "fibre reach (drop ≤ \(HTML.fixed(c.study.scenario.fixed.dropDistanceMeters, 0)) m)"))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#4d2a66\" stroke-width=\"1.2\"/>"), "cable, served"))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#8c8c8c\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"), "cable, beyond reach"))
            rows.append((sw("<rect x=\"9.5\" y=\"3.5\" width=\"7\" height=\"7\" fill=\"#4d2a66\"/>"), "OLT"))
        }
        rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"2.2\" fill=\"#1d2733\"/>"), "\(tech) site"))
        if c.study.sites.contains(where: { $0.technology != c.study.scenario.radio.technology }) {
            rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"2.2\" fill=\"#fff\" stroke=\"#6b7785\"/>"), "other site (not \(tech))"))
        }
        if let p = run.plan {
            for (k, y) in p.years.enumerated() {
                let col = PlanOutputs.yearColours[k % PlanOutputs.yearColours.count]
                rows.append((sw("<circle cx=\"6\" cy=\"7\" r=\"4\" fill=\"\(col)\"/><line x1=\"13\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"\(col)\" stroke-width=\"2.4\"/>"), "plan \(y.year)"))
            }
            rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"4\" fill=\"#666\"/>"), "new site"))
            rows.append((sw("<path d=\"M13 2L17.5 11L8.5 11Z\" fill=\"#666\"/>"), "upgrade to \(tech)"))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#666\" stroke-width=\"2.4\"/>"), "new fibre route"))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#666\" stroke-width=\"4\" stroke-dasharray=\"7 3\"/>"), "undergrounding"))
        }
        for (icon, text) in rows { html += "<div class=\"row\">\(icon)<span>\(HTML.escape(text))</span></div>" }
        return html + "</div>"
    }

    static func parameters(_ run: ScenarioRun) -> String {
        let s = run.study.scenario, r = s.radio
        var items: [(String, String)] = [("Scenario file", URL(fileURLWithPath: s.file).lastPathComponent),
                                         ("CRS", "EPSG:\(run.study.projection.epsg)")]
        if let disk = s.diskRadiusMeters {
            items.append(("Radio model", "disk, radius \(HTML.fixed(disk, 0)) m (quick study)"))
        } else {
            var counts: [String: Int] = [:]
            for m in run.coverage.modelNames { counts[m, default: 0] += 1 }
            items.append(("Radio models", counts.keys.sorted().map { "\($0) (\(counts[$0]!))" }.joined(separator: ", ")))
            items.append(("Threshold", "\(HTML.fixed(r.thresholdDBm, 1)) dBm, cell edge \(HTML.fixed(100 * r.cellEdgeProbability, 0)) %, σ \(HTML.fixed(r.shadowSigmaDB, 1)) dB"))
            items.append(("Max. radius", "\(HTML.fixed(r.maxRadiusMeters / 1000, 1)) km"))
        }
        items.append(("Population", s.inputs.population.map { "points from \(URL(fileURLWithPath: $0).lastPathComponent)" }
                      ?? "synthesised, \(HTML.fixed(s.population.cellSizeMeters, 0)) m cells"))
        if s.fixed.enabled {
            items.append(("Fixed broadband", "drop ≤ \(HTML.fixed(s.fixed.dropDistanceMeters, 0)) m, OLT reach \(HTML.fixed(s.fixed.defaultReachKm, 0)) km by default"))
        }
        if let p = s.planner {
            items.append(("Planner", "\(p.method.rawValue)\(p.carryOver ? ", unspent money carried over" : "")"))
            items.append(("Budgets", p.budgets.map { "\($0.year): \(HTML.billions($0.budget.vnd))" }.joined(separator: ", ") + " VND"))
            items.append(("Costs, targets", "\(URL(fileURLWithPath: p.costsPath).lastPathComponent), \(URL(fileURLWithPath: p.targetsPath).lastPathComponent)"))
        }
        return "<h3>Key parameters</h3><dl class=\"params\">" + items.map { "<dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd>" }.joined() + "</dl>"
            + "<p class=\"note\">Every parameter used is under \"parameters\" in summary.json.</p>"
    }

    // MARK: tables

    static func districtTable(_ c: CoverageRun) -> String {
        let tech = c.study.scenario.radio.technology.rawValue
        var h = "<h2>Districts</h2>\n<table><thead><tr><th class=\"l\">District</th><th class=\"l\">Id</th><th>Population</th><th>Area km²</th>"
        h += "<th>\(tech) pop. %</th><th>\(tech) area %</th>"
        if c.fixed != nil { h += "<th>Households</th><th>FBB hh. %</th><th>Cable aerial km</th><th>Cable underground km</th>" }
        h += "</tr></thead><tbody>"
        for (i, d) in c.study.districts.enumerated() {
            let s = c.stats.districts[i]
            h += "<tr><td class=\"l\">\(HTML.escape(d.name))</td><td class=\"l\">\(HTML.escape(d.id))</td><td>\(HTML.count(s.population))</td>"
            h += "<td>\(HTML.fixed(s.areaKm2, 1))</td><td>\(HTML.fixed(s.coveredPopulationPercent, 1))</td><td>\(HTML.fixed(s.coveredAreaPercent, 1))</td>"
            if let f = c.fixed?.districts[i] {
                h += "<td>\(HTML.count(f.households))</td><td>\(HTML.fixed(f.householdsPercent, 1))</td><td>\(HTML.fixed(f.cableAerialKm, 1))</td><td>\(HTML.fixed(f.cableUndergroundKm, 1))</td>"
            }
            h += "</tr>"
        }
        return h + "</tbody></table>\n"
    }

    static func planSections(_ p: PlanRun) -> String {
        var h = "<h2>Targets: plan against target per district and year</h2>\n"
        h += "<p class=\"note\">Each cell: planned % after the year's picks / target %. ✓ met, ✗ gap (red). Metrics: "
        h += p.targets.metrics.map { "\($0.name) = \(metricTitles[$0.rawValue].lowercased())" }.joined(separator: "; ") + ".</p>"
        h += "<table><thead><tr><th class=\"l\" rowspan=\"2\">District</th>"
        for y in p.years { h += "<th colspan=\"\(p.targets.metrics.count)\" style=\"text-align:center\">\(y.year)</th>" }
        h += "</tr><tr>" + String(repeating: p.targets.metrics.map { "<th>\($0.name)</th>" }.joined(), count: p.years.count) + "</tr></thead><tbody>"
        // The districts, then the province as a whole (a row of its own when it has a target).
        let hasProvinceTarget = p.targets.metrics.contains { m in p.years.indices.contains { p.target(m, yearIndex: $0, p.provinceUnit) != nil } }
        for d in p.targetUnits where d < p.provinceUnit || hasProvinceTarget {
            h += "<tr><td class=\"l\">\(d < p.provinceUnit ? HTML.escape(p.unitName(d)) : "<b>\(HTML.escape(p.unitName(d)))</b>")</td>"
            for k in p.years.indices {
                for m in p.targets.metrics {
                    let a = p.achieved(m, d, in: p.achievedAfterYear[k]), pct = p.percent(m, d, a)
                    if let t = p.target(m, yearIndex: k, d) {
                        let met = p.met(d, m, yearIndex: k, achieved: a)
                        h += "<td class=\"\(met ? "met" : "gap")\">\(met ? "✓" : "✗") \(HTML.fixed(pct, 1)) / \(HTML.fixed(t, 0))</td>"
                    } else {
                        h += "<td>\(HTML.fixed(pct, 1)) / –</td>"
                    }
                }
            }
            h += "</tr>"
        }
        h += "<tr><td class=\"l\"><b>Targets met</b></td>"
        for k in p.years.indices {
            let (met, all) = targetCounts(p, yearIndex: k)
            h += "<td colspan=\"\(p.targets.metrics.count)\" style=\"text-align:center\"><b>\(met) / \(all)</b></td>"
        }
        h += "</tr></tbody></table>\n"
        h += yearsTable(p) + costChart(p) + picksTable(p) + unmetTable(p)
        return h
    }

    static func yearsTable(_ p: PlanRun) -> String {
        var h = "<h2>Plan by year</h2>\n<table><thead><tr><th class=\"l\">Year</th><th>Available</th><th>Spent</th><th>Carried</th><th>Picks</th><th>Targets met</th>"
        for m in p.targets.metrics { h += "<th>Province \(m.name) %</th>" }
        h += "</tr></thead><tbody>"
        for (k, y) in p.years.enumerated() {
            let (met, all) = targetCounts(p, yearIndex: k)
            let col = PlanOutputs.yearColours[k % PlanOutputs.yearColours.count]
            h += "<tr><td class=\"l\"><span class=\"swatch\" style=\"background:\(col)\"></span>\(y.year)</td><td>\(HTML.billions(y.available.vnd))</td>"
            h += "<td>\(HTML.billions(y.spent.vnd))</td><td>\(HTML.billions(y.carried.vnd))</td><td>\(y.selection.chosen.count)</td><td>\(met) / \(all)</td>"
            for m in p.targets.metrics { h += "<td>\(HTML.fixed(p.provincePercent(m, in: p.achievedAfterYear[k]), 1))</td>" }
            h += "</tr>"
        }
        return h + "</tbody></table>\n<p class=\"note\">Money in billions of VND.</p>\n"
    }

    /// The cost-to-target curves: province achievement of each metric against cumulative spend
    /// (picks in plan order), one chart per metric with its own y range, the end of each budget year marked.
    static func costChart(_ p: PlanRun) -> String {
        var markers: [(x: Double, label: String)] = []
        for y in p.years {
            if let last = p.steps.last(where: { $0.year == y.year }) { markers.append((Double(last.cumulativeCost.vnd) / 1e9, "\(y.year)")) }
        }
        let width = p.targets.metrics.count >= 3 ? 376.0 : 560
        var charts = ""
        for m in p.targets.metrics {
            var pts: [(x: Double, y: Double?)] = [(0, p.provincePercent(m, in: p.baselineAchieved))]
            for s in p.steps { pts.append((Double(s.cumulativeCost.vnd) / 1e9, s.provincePercentAfter[m.rawValue])) }
            let series = LineChart.Series(name: "province \(metricTitles[m.rawValue].lowercased()) (%)", colour: metricColours[m.rawValue], points: pts)
            charts += LineChart(title: metricTitles[m.rawValue], xLabel: "cumulative cost (billion VND)", yLabel: "province %",
                                series: [series], markers: markers, steps: true, widthPx: width, heightPx: 280).svg()
        }
        return "<h2>Cost to target</h2>\n<p class=\"note\">Each pick, in plan order, moves the province figure up; the dashed lines close each budget year.</p>\n<div class=\"charts\">" + charts + "</div>\n"
    }

    static func picksTable(_ p: PlanRun) -> String {
        let yearIndex = Dictionary(uniqueKeysWithValues: p.years.enumerated().map { ($1.year, $0) })
        var h = "<h2>Plan picks</h2>\n<table><thead><tr><th>#</th><th class=\"l\">Year</th><th class=\"l\">Kind</th><th class=\"l\">Id</th><th class=\"l\">District</th>"
        h += "<th>Cost (m VND)</th><th>New people</th><th>New households</th><th>km</th><th>VND / person</th><th>Cumulative (bn VND)</th></tr></thead><tbody>"
        for s in p.steps.prefix(maxPickRows) {
            let c = p.candidates[s.candidate]
            let col = PlanOutputs.yearColours[(yearIndex[s.year] ?? 0) % PlanOutputs.yearColours.count]
            let km = c.kind == .undergrounding ? s.gains[PlanMetric.underground.rawValue] : c.lengthKm
            h += "<tr><td>\(s.rank)</td><td class=\"l\"><span class=\"swatch\" style=\"background:\(col)\"></span>\(s.year)</td>"
            h += "<td class=\"l\">\(HTML.escape(c.kind.rawValue.replacingOccurrences(of: "_", with: " ")))</td><td class=\"l\">\(HTML.escape(c.id))</td>"
            h += "<td class=\"l\">\(c.districtIndex >= 0 ? HTML.escape(p.study.districts[c.districtIndex].name) : "–")</td>"
            h += "<td>\(HTML.millions(c.cost.vnd).dropLast(2))</td><td>\(HTML.count(s.newPeople))</td><td>\(HTML.count(s.gains[PlanMetric.fbb.rawValue]))</td>"
            h += "<td>\(km > 0 ? HTML.fixed(km, 2) : "–")</td><td>\(PlanOutputs.costPerPerson(c.cost, s.newPeople).map { HTML.grouped($0) } ?? "–")</td>"
            h += "<td>\(HTML.billions(s.cumulativeCost.vnd).dropLast(3))</td></tr>"
        }
        h += "</tbody></table>\n"
        if p.steps.count > maxPickRows { h += "<p class=\"note\">The first \(maxPickRows) of \(p.steps.count) picks; all of them are in plan.csv.</p>\n" }
        if p.steps.isEmpty { h += "<p class=\"note\">The planner chose nothing.</p>\n" }
        return h
    }

    /// Targets still open after the last budget year, with the cheapest next step toward each.
    static func unmetTable(_ p: PlanRun) -> String {
        guard let k = p.years.indices.last else { return "" }
        var rows = ""
        for d in p.targetUnits {
            for m in p.targets.metrics {
                guard let t = p.target(m, yearIndex: k, d) else { continue }
                let a = p.achieved(m, d, in: p.achievedAfterYear[k])
                if p.met(d, m, yearIndex: k, achieved: a) { continue }
                let gap = max(0, t / 100 * p.total(m, d) - a)
                var next = "none: no candidate makes progress; add candidates near the gap"
                if let n = p.cheapestNextStep(district: d, metric: m) {
                    let c = p.candidates[n.candidate]
                    next = "\(c.kind.rawValue.replacingOccurrences(of: "_", with: " ")) \(c.id), \(HTML.millions(c.cost.vnd)) VND, +\(HTML.fixed(n.gain, m == .underground ? 2 : 0)) \(m.unit)"
                }
                rows += "<tr><td class=\"l\">\(HTML.escape(p.unitName(d)))</td><td class=\"l\">\(m.name)</td><td>\(HTML.fixed(t, 0))</td>"
                rows += "<td>\(HTML.fixed(p.percent(m, d, a), 1))</td><td>\(HTML.fixed(gap, m == .underground ? 2 : 0)) \(m.unit)</td><td class=\"l\">\(HTML.escape(next))</td></tr>"
            }
        }
        let year = p.years[k].year
        if rows.isEmpty { return "<h2>Open targets after \(year)</h2>\n<p>Every target is met.</p>\n" }
        return "<h2>Open targets after \(year)</h2>\n<table><thead><tr><th class=\"l\">District</th><th class=\"l\">Metric</th><th>Target %</th><th>Planned %</th><th>Gap</th><th class=\"l\">Cheapest next step</th></tr></thead><tbody>"
            + rows + "</tbody></table>\n"
    }

    static func warningsSection(_ w: [String]) -> String {
        guard !w.isEmpty else { return "<h2>Warnings</h2>\n<p>None.</p>\n" }
        return "<h2>Warnings</h2>\n<ul class=\"warnings\">" + w.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>\n"
    }
}
