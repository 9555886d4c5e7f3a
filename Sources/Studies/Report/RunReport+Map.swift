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

    /// The map section: toggles, the map (an inline SVG) and, beside it, the legend and the parameters.
    /// Layers, bottom to top: districts shaded by population coverage, coverage (and, one toggle each,
    /// coverage after every plan year), roads, fixed-broadband reach and network, district boundaries,
    /// existing sites, the plan (footprint outlines, routes, sites), then names: towns (with their dots)
    /// and districts, placed by ``LabelPlacer`` so none is clipped or overlaps another.
    /// - Throws: a GEOS error placing a district label (``Overlay/pointOnSurface(_:)``).
    static func mapSection(_ run: ScenarioRun, _ t: Messages) throws -> String {
        let c = run.coverage, study = c.study, f = frame(study), plan = run.plan
        let tech = study.scenario.radio.technology.rawValue
        let w = HTML.coord(f.widthPx), h = HTML.coord(f.heightPx)
        let built = plan.map(builtFootprints) ?? []
        let cov = c.stats.districts.map { f.path($0.coverage) }.joined()
        var svg = "<svg class=\"map\" id=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(t.html(.mapAria))\">"
        svg += "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        svg += "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(reachColour)\" stroke-width=\"2.2\" stroke-opacity=\"0.75\"/></pattern>"
        // Shapes drawn more than once (coverage in every year's layer, a footprint there and as an outline): defined once, drawn by <use>.
        svg += "<path id=\"cov-base\" d=\"\(cov)\" fill-rule=\"evenodd\"/>"
        for b in built { svg += "<path id=\"fp-\(b.step.rank)\" d=\"\(f.path(b.footprint.polygons))\" fill-rule=\"evenodd\"/>" }
        if !built.isEmpty {
            svg += "<clipPath id=\"clip-area\"><path d=\"\(study.districts.map { f.path($0.polygons) }.joined())\" clip-rule=\"evenodd\"/></clipPath>"
        }
        svg += "</defs><rect width=\"\(w)\" height=\"\(h)\" fill=\"\(mapBackground)\"/>"
        // Districts, shaded by 4G population coverage.
        svg += "<g class=\"layer-districts\" stroke=\"none\">"
        for (i, d) in study.districts.enumerated() {
            let p = c.stats.districts[i].coveredPopulationPercent
            svg += "<path d=\"\(f.path(d.polygons))\" fill=\"\(shade(p))\" fill-rule=\"evenodd\"><title>\(t.html(.districtTooltip, HTML.escape(d.name), tech, t.percent(p)))</title></path>"
        }
        svg += "</g>"
        // 4G coverage (one path: no seams between districts).
        if !cov.isEmpty {
            svg += "<g class=\"layer-cov\" fill=\"\(coverageColour)\" fill-opacity=\"\(coverageOpacity)\" stroke=\"none\"><use href=\"#cov-base\"/></g>"
        }
        if let plan { svg += coverageAfterYears(plan, built: built) }
        // Roads (inputs.roads).
        if !study.roads.isEmpty {
            svg += "<g class=\"layer-roads\" fill=\"none\" stroke=\"\(roadColour)\" stroke-width=\"1\" stroke-linejoin=\"round\" stroke-linecap=\"round\"><path d=\"\(f.path(study.roads))\"/></g>"
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
            if s.technology.counts(toward: study.scenario.radio.technology) {
                svg += "<circle cx=\"\(HTML.coord(p.x))\" cy=\"\(HTML.coord(p.y))\" r=\"1.8\" fill=\"#1d2733\"/>"
            } else {
                svg += "<circle cx=\"\(HTML.coord(p.x))\" cy=\"\(HTML.coord(p.y))\" r=\"1.8\" fill=\"#fff\" stroke=\"#6b7785\" stroke-width=\"0.8\"/>"
            }
        }
        svg += "</g>"
        if let plan { svg += planLayer(plan, built: built, frame: f, t) }
        svg += try nameLayers(study, frame: f)
        svg += scaleBar(f, t) + northArrow(f, t)
        svg += "</svg>"

        var html = "<h2>\(t.html(.mapHeading))</h2>\n<section class=\"mapsec\">"
        var toggles: [(id: String, label: String, on: Bool)] = [("t-cov", t.text(.toggleCoverage, tech), true)]
        if let plan, !built.isEmpty {
            toggles += plan.years.indices.map { ("t-cy\($0)", t.text(.toggleCoverageAfter, tech, String(plan.years[$0].year)), false) }
        }
        if !study.roads.isEmpty { toggles.append(("t-roads", t.text(.toggleRoads), true)) }
        if !study.towns.isEmpty { toggles.append(("t-towns", t.text(.toggleTowns), true)) }
        if c.fixed != nil { toggles += [("t-reach", t.text(.toggleReach), true), ("t-net", t.text(.toggleNetwork), true)] }
        toggles.append(("t-sites", t.text(.toggleSites), true))
        if plan != nil { toggles.append(("t-plan", t.text(.togglePlan), true)) }
        for (id, label, on) in toggles { html += "<input type=\"checkbox\" id=\"\(id)\"\(on ? " checked" : "")><label for=\"\(id)\">\(HTML.escape(label))</label>" }
        html += "\n<div class=\"mapgrid\">" + svg + "<div class=\"side\">" + legend(run, t) + parameters(run, t) + "</div></div></section>\n"
        return html
    }

    /// The picks that bring a footprint (new sites and 3G→4G upgrades), in plan order, with it: the
    /// planner's own footprints (``PlanRun``'s `footprints`, one per site candidate), not computed again.
    static func builtFootprints(_ plan: PlanRun) -> [(step: PlanStep, footprint: Footprint)] {
        plan.steps.compactMap { s in s.candidate < plan.footprints.count ? plan.footprints[s.candidate].map { (s, $0) } : nil }
    }

    /// One layer per plan year k (class `layer-cy` and `layer-cy<k>`, toggle `t-cy<k>`, off at first):
    /// coverage after that year = the existing coverage ∪ the footprints of the sites built or
    /// upgraded in plan years ≤ it. The union is drawn, not computed: the shapes are painted opaque
    /// inside a group whose `opacity` is the coverage layer's, so overlaps are not darker (SVG 1.1
    /// §14.5, group opacity composites the group as one image); footprints are clipped to the
    /// districts as the existing coverage is. Style rules (``coverageAfterYearsStyle(_:)``) show the latest
    /// year ticked alone, since it includes the earlier ones and the existing coverage.
    static func coverageAfterYears(_ plan: PlanRun, built: [(step: PlanStep, footprint: Footprint)]) -> String {
        guard !built.isEmpty else { return "" }
        var svg = ""
        for (k, y) in plan.years.enumerated() {
            svg += "<g class=\"layer-cy layer-cy\(k)\" data-year=\"\(y.year)\" fill=\"\(coverageColour)\" opacity=\"\(coverageOpacity)\" clip-path=\"url(#clip-area)\">"
            svg += "<use href=\"#cov-base\"/>" + built.filter { $0.step.year <= y.year }.map { "<use href=\"#fp-\($0.step.rank)\"/>" }.joined() + "</g>"
        }
        return svg
    }

    /// The page's style rules for the year coverage toggles: a year's layer hidden unless ticked, and
    /// hidden (with the existing coverage) while a later year is ticked.
    static func coverageAfterYearsStyle(_ run: ScenarioRun) -> String {
        guard let plan = run.plan, !builtFootprints(plan).isEmpty else { return "" }
        var hide: [String] = []
        for k in plan.years.indices {
            hide.append("#t-cy\(k):not(:checked) ~ .mapgrid .layer-cy\(k)")
            hide.append("#t-cy\(k):checked ~ .mapgrid .layer-cov")
            for j in 0..<k { hide.append("#t-cy\(k):checked ~ .mapgrid .layer-cy\(j)") }
        }
        return hide.joined(separator: ",\n") + " { display: none; }"
    }

    /// Town dots and names (layer `layer-towns`) and district names (always shown), placed by a
    /// ``LabelPlacer``: obstacles first (scale bar, north arrow, every town dot), then the district
    /// names (each on a point inside its district, or the nearest free candidate; inside the canvas
    /// always), then the town names in input order beside their dots — a town name with no free
    /// candidate is left out (its dot stays, with the name as a tooltip).
    static func nameLayers(_ study: Study, frame f: MapFrame) throws -> String {
        var placer = LabelPlacer(widthPx: f.widthPx, heightPx: f.heightPx)
        for box in mapFurniture(f) { placer.reserve(box) }
        let towns = study.towns.map { (name: $0.name, at: f.pixel($0.position)) }
            .filter { $0.at.x >= 0 && $0.at.y >= 0 && $0.at.x <= f.widthPx && $0.at.y <= f.heightPx }
        let dot = 2.6
        for town in towns { placer.reserve(LabelPlacer.Box(x: town.at.x - dot, y: town.at.y - dot, width: 2 * dot, height: 2 * dot)) }
        let districtFont = 11.5, townFont = 10.5
        var districts = "<g class=\"labels\" font-size=\"\(HTML.coord(districtFont))\" font-weight=\"600\" text-anchor=\"middle\" fill=\"#1d2733\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
        for d in study.districts {
            let size = LabelPlacer.size(of: d.name, fontSizePx: districtFont, bold: true)
            let box = placer.placeAlways(size: size, centres: LabelPlacer.areaCentres(f.pixel(try Overlay.pointOnSurface(d.polygons)), size: size))
            districts += label(d.name, in: box, fontSizePx: districtFont)
        }
        districts += "</g>"
        guard !towns.isEmpty else { return districts }
        var dots = "", names = ""
        for town in towns {
            dots += "<circle cx=\"\(HTML.coord(town.at.x))\" cy=\"\(HTML.coord(town.at.y))\" r=\"\(HTML.coord(dot - 0.6))\"><title>\(HTML.escape(town.name))</title></circle>"
            let size = LabelPlacer.size(of: town.name, fontSizePx: townFont, bold: false)
            if let box = placer.place(size: size, centres: LabelPlacer.pointCentres(town.at, size: size, gap: dot + 1.5)) {
                names += label(town.name, in: box, fontSizePx: townFont)
            }
        }
        // District names last: above the towns' layer.
        return "<g class=\"layer-towns\"><g fill=\"\(townColour)\" stroke=\"#fff\" stroke-width=\"1.2\">" + dots + "</g>"
            + "<g class=\"town-labels\" font-size=\"\(HTML.coord(townFont))\" font-style=\"italic\" text-anchor=\"middle\" fill=\"\(townColour)\" stroke=\"#fff\" stroke-width=\"2.5\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
            + names + "</g></g>" + districts
    }

    /// A `<text>` centred in a placed box: x at its centre (`text-anchor="middle"`), the baseline
    /// 0.35 em below its centre (the middle of mixed-case letters sits about that far above the baseline).
    static func label(_ text: String, in box: LabelPlacer.Box, fontSizePx: Double) -> String {
        "<text x=\"\(HTML.coord(box.centre.x))\" y=\"\(HTML.coord(box.centre.y + 0.35 * fontSizePx))\">\(HTML.escape(text))</text>"
    }

    /// Boxes of the map's furniture labels must keep clear of: the scale bar's panel (bottom left) and the north arrow (top left).
    static func mapFurniture(_ f: MapFrame) -> [LabelPlacer.Box] {
        let bar = scaleBarLength(f)
        return [LabelPlacer.Box(x: 14, y: f.heightPx - 33, width: bar.px + 8, height: 26), LabelPlacer.Box(x: 20, y: 20, width: 20, height: 42)]
    }

    /// District fill by its 4G population coverage (%): a light sequential ramp, from ColorBrewer's
    /// YlOrBr (Harrower & Brewer, "ColorBrewer.org: an online tool for selecting colour schemes for
    /// maps", The Cartographic Journal 40(1), 2003; marked colour-blind safe there), its five lightest
    /// classes reversed: 0 % → #fe9929 (orange), 25 % → #fec44f, 50 % → #fee391, 75 % → #fff7bc,
    /// 100 % → #ffffe5 (near white), linear in sRGB between stops. Lightness alone carries the value,
    /// so the order survives colour-vision deficiency and the translucent coverage overlay (blending
    /// with one colour keeps each channel's order). The strong end marks the gap: districts with
    /// little coverage, mostly outside the overlay, stand out; well-covered ones, under it, stay pale
    /// so the overlay's blue reads clearly. (The GeoJSON outputs keep their own ramp, ``CoverageOutputs/fill(_:)``.)
    static func shade(_ pct: Double) -> String {
        let stops: [(Double, Int)] = [(0, 0xfe9929), (25, 0xfec44f), (50, 0xfee391), (75, 0xfff7bc), (100, 0xffffe5)]
        let p = pct.isFinite ? min(max(pct, 0), 100) : 0
        let k = min(Int(p / 25), stops.count - 2)
        let (p0, c0) = stops[k], (p1, c1) = stops[k + 1], u = (p - p0) / (p1 - p0)
        let mix = { (shift: Int) -> Int in
            let a = Double((c0 >> shift) & 255), b = Double((c1 >> shift) & 255)
            return Int((a + (b - a) * u).rounded())
        }
        return String(format: "#%02x%02x%02x", mix(16), mix(8), mix(0))
    }

    /// The plan's layer (`layer-plan`): footprint outlines of new and upgraded sites, then new cable
    /// routes and undergrounding works, then the sites (circle: new, triangle: upgrade), each in its budget year's colour.
    static func planLayer(_ plan: PlanRun, built: [(step: PlanStep, footprint: Footprint)], frame f: MapFrame, _ t: Messages) -> String {
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
        let outlines = built.map { "<use href=\"#fp-\($0.step.rank)\" stroke=\"\(colour($0.step.year))\"/>" }.joined()
        return "<g class=\"layer-plan plan-footprints\" fill=\"none\" stroke-width=\"1.1\" stroke-dasharray=\"4 2\">" + outlines + "</g>"
            + "<g class=\"layer-plan\" fill=\"none\">" + lines + "</g><g class=\"layer-plan\">" + points + "</g>"
    }

    /// The scale bar's round length (1, 2 or 5 × 10ⁿ m, about a fifth of the map wide) in metres and pixels.
    static func scaleBarLength(_ f: MapFrame) -> (metres: Double, px: Double) {
        let target = f.widthPx / 5 * f.metresPerPixel
        let mag = pow(10, floor(log10(target)))
        let metres = [5.0, 2, 1].map { $0 * mag }.first { $0 <= target } ?? mag
        return (metres, metres * f.scale)
    }

    /// A scale bar of a round length (1, 2 or 5 × 10ⁿ m) about a fifth of the map wide, bottom left.
    static func scaleBar(_ f: MapFrame, _ t: Messages) -> String {
        let (metres, len) = scaleBarLength(f)
        let x = 18.0, y = f.heightPx - 16
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
        // The ramp as drawn, then as seen under the coverage overlay.
        html += "<svg width=\"200\" height=\"44\" viewBox=\"0 0 200 44\">\(ramp)<rect x=\"1\" y=\"1\" width=\"198\" height=\"12\" fill=\"url(#ramp)\" stroke=\"#6b7785\" stroke-width=\"0.5\"/>"
        html += "<rect x=\"1\" y=\"15\" width=\"198\" height=\"12\" fill=\"url(#ramp)\"/><rect x=\"1\" y=\"15\" width=\"198\" height=\"12\" fill=\"\(coverageColour)\" fill-opacity=\"\(coverageOpacity)\" stroke=\"#6b7785\" stroke-width=\"0.5\"/>"
        for (i, p) in [0, 50, 100].enumerated() {
            html += "<text x=\"\([2, 100, 198][i])\" y=\"40\" font-size=\"10.5\" text-anchor=\"\(["start", "middle", "end"][i])\" fill=\"#5b6775\">\(t.percent(Double(p), decimals: 0))</text>"
        }
        html += "</svg><p class=\"note\">\(t.html(.legendShadeBars, tech))</p>"
        rows.append((sw("<rect x=\"1\" y=\"1\" width=\"24\" height=\"12\" fill=\"\(coverageColour)\" fill-opacity=\"\(coverageOpacity)\"/>"), t.text(.legendCoverage, tech, t.decimal(c.study.scenario.radio.thresholdDBm, 0))))
        if let p = run.plan, !builtFootprints(p).isEmpty {
            rows.append((sw("<rect x=\"1\" y=\"1\" width=\"24\" height=\"12\" fill=\"\(coverageColour)\" fill-opacity=\"\(coverageOpacity)\"/>"), t.text(.legendCoverageAfter, tech)))
        }
        if !c.study.roads.isEmpty { rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"\(roadColour)\" stroke-width=\"1.2\"/>"), t.text(.legendRoad))) }
        if !c.study.towns.isEmpty { rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"2.4\" fill=\"\(townColour)\" stroke=\"#fff\"/>"), t.text(.legendTown))) }
        if c.fixed != nil {
            rows.append((sw("<rect x=\"1\" y=\"1\" width=\"24\" height=\"12\" fill=\"url(#hatch)\" stroke=\"\(reachColour)\" stroke-width=\"0.6\"/>"), t.text(.legendReach, t.decimal(c.study.scenario.fixed.dropDistanceMeters, 0))))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#4d2a66\" stroke-width=\"1.2\"/>"), t.text(.legendCableServed)))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#8c8c8c\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"), t.text(.legendCableBeyond)))
            rows.append((sw("<rect x=\"9.5\" y=\"3.5\" width=\"7\" height=\"7\" fill=\"#4d2a66\"/>"), t.text(.legendOLT)))
        }
        rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"2.2\" fill=\"#1d2733\"/>"), t.text(.legendSite, tech)))
        if c.study.sites.contains(where: { !$0.technology.counts(toward: c.study.scenario.radio.technology) }) {
            rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"2.2\" fill=\"#fff\" stroke=\"#6b7785\"/>"), t.text(.legendOtherSite, tech)))
        }
        if let p = run.plan {
            for (k, y) in p.years.enumerated() {
                let col = PlanOutputs.yearColours[k % PlanOutputs.yearColours.count]
                rows.append((sw("<circle cx=\"6\" cy=\"7\" r=\"4\" fill=\"\(col)\"/><line x1=\"13\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"\(col)\" stroke-width=\"2.4\"/>"), t.text(.legendPlanYear, String(y.year))))
            }
            rows.append((sw("<circle cx=\"13\" cy=\"7\" r=\"4\" fill=\"#666\"/>"), t.text(.legendNewSite)))
            rows.append((sw("<path d=\"M13 2L17.5 11L8.5 11Z\" fill=\"#666\"/>"), t.text(.legendUpgrade, tech)))
            if !builtFootprints(p).isEmpty {
                rows.append((sw("<rect x=\"2\" y=\"2\" width=\"22\" height=\"10\" rx=\"4\" fill=\"none\" stroke=\"#666\" stroke-width=\"1.1\" stroke-dasharray=\"4 2\"/>"), t.text(.legendFootprint, tech)))
            }
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#666\" stroke-width=\"2.4\"/>"), t.text(.legendNewRoute)))
            rows.append((sw("<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#666\" stroke-width=\"4\" stroke-dasharray=\"7 3\"/>"), t.text(.legendUndergrounding)))
        }
        for (icon, text) in rows { html += "<div class=\"row\">\(icon)<span>\(HTML.escape(text))</span></div>" }
        return html + "</div>"
    }
}
