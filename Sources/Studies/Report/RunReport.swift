import Coverage
import Foundation
import Planner

/// report.html of `sim run`: one self-contained page (inline CSS and SVG; no script, no web font,
/// no external resource) for readers who will not open a GeoJSON — the scenario and its key
/// parameters, a map (districts shaded by 4G population coverage, 4G coverage and fixed-broadband
/// reach overlaid, cables, existing sites, planned sites and cables coloured by budget year), the
/// district table, targets against the plan (met / gap), the plan's picks, the cost-to-target
/// chart and the warnings — and, at the top, what the figures rest on (``Provenance``). Every word
/// and number format comes from the message catalogue (``Messages``): Vietnamese by default,
/// English on request. Deterministic: fixed number formats, input order, no timestamp.
package enum RunReport {
    /// Map canvas width and maximum height (px).
    static let mapWidthPx = 820.0
    static let mapMaxHeightPx = 900.0
    /// The map's background colour outside the districts (the CI screenshot check finds the map by it).
    static let mapBackground = "#e8eef4"
    /// The coverage overlay: a mid-dark blue (ColorBrewer RdYlBu's blue end, #4575b4), the hue opposite
    /// the districts' yellow–orange ramp (``shade(_:)``) and apart from the reach hatch's purple, drawn at `coverageOpacity`.
    static let coverageColour = "#4575b4"
    static let coverageOpacity = "0.45"
    /// Roads (inputs.roads) and towns (inputs.places).
    static let roadColour = "#8a6d4b"
    static let townColour = "#3a2f26"
    static let reachColour = "#7b3294"
    /// Colours of the plan's metrics in charts: 4G, fixed broadband, undergrounding.
    static let metricColours = ["#2b83ba", "#7b3294", "#a6611a"]
    /// Rows of the plan's picks table (the rest are in plan.csv).
    static let maxPickRows = 40

    /// report.html of a run: the page, in `language` (default: ``ReportLanguage/current``, Vietnamese unless the front
    /// end binds another).
    /// - Throws: a GEOS error placing a district label (``Overlay/pointOnSurface(_:)``).
    static func html(_ run: ScenarioRun, language: ReportLanguage = ReportLanguage.current) throws -> String {
        let t = Messages(language)
        let s = run.study.scenario
        var body = "<main>\n"
        body += "<header class=\"top\"><h1>\(HTML.escape(s.name))</h1>"
        body += "<p>" + t.html(.runSubtitle, HTML.escape(t.text(.runHeading)), "<code>\(HTML.escape(URL(fileURLWithPath: s.file).lastPathComponent))</code>",
                              HTML.escape(t.text(.districtCount, t.integer(Int64(run.study.districts.count)))), "EPSG:\(run.study.projection.epsg)")
        body += "</p></header>\n"
        body += basisBox(Provenance(run.study), t)
        body += cards(run, t)
        body += try mapSection(run, t)
        if let p = run.coverage.prediction { body += try predictionSection(p, t) }
        body += districtTable(run.coverage, t)
        if let plan = run.plan { body += planSections(plan, t) }
        body += warningsSection(run.warnings, t)
        var files = ["summary.json", "districts.csv", "districts.xlsx"] + (run.plan == nil ? [] : ["plan.csv", "plan.xlsx", "plan_summary.json"])
        let last = files.removeLast()
        body += "<footer>" + t.html(.footerWritten, HTML.escape(CoverageOutputs.toolVersion), HTML.escape(LibraryVersions.geos), HTML.escape(LibraryVersions.proj)) + " "
        body += t.html(.footerFigures, t.html(.listAnd, files.joined(separator: ", "), last)) + " " + t.html(.footerMap) + "</footer>\n</main>"
        return HTML.document(title: t.text(.runTitle, s.name), body: body, language: language, style: coverageAfterYearsStyle(run))
    }

    // MARK: prediction rasters

    /// The RSRP and SINR rasters as two downsampled images embedded in the page (PNG, base64), each with its
    /// legend, and the province's people per level.
    static func predictionSection(_ p: PredictionRun, _ t: Messages) throws -> String {
        let g = p.grid, s = p.scenario.settings, province = PredictionOutputs.province(p)
        func figure(_ title: String, _ png: [UInt8], _ legend: [(String, String)]) -> String {
            var h = "<figure class=\"prediction\"><figcaption>\(HTML.escape(title))</figcaption>"
            h += "<img alt=\"\(HTML.escape(title))\" src=\"data:image/png;base64,\(Data(png).base64EncodedString())\">"
            h += "<div class=\"legend\">" + legend.map { "<span><span class=\"swatch\" style=\"background:\($0.0)\"></span>\(HTML.escape($0.1))</span>" }.joined(separator: " ") + "</div></figure>"
            return h
        }
        let none = ("#ffffff", t.text(.predictionNoSignal))
        let rsrpLegend = PredictionOutputs.rsrpClasses.map { ($0.color, $0.label) } + [none]
        let sinrLegend = PredictionOutputs.sinrStops.map { ($0.color, "\(t.decimal($0.value, 0)) dB") } + [none]
        var h = "<section><h2>\(t.html(.predictionHeading))</h2><div class=\"predictions\">"
        h += figure(t.text(.predictionRSRP), try PredictionOutputs.image(p.preview.rsrpDBm, preview: p.preview, color: PredictionOutputs.rsrpColor), rsrpLegend)
        h += figure(t.text(.predictionSINR), try PredictionOutputs.image(p.preview.sinrDB, preview: p.preview, color: PredictionOutputs.sinrColor), sinrLegend)
        h += "</div><p class=\"note\">"
        if let k = s.rsrpBandsDBm.indices.first(where: { s.rsrpBandsDBm[$0] <= -105 }) ?? s.rsrpBandsDBm.indices.last {
            h += t.html(.predictionPeople, t.decimal(s.rsrpBandsDBm[k], 0), t.percent(province.rsrpPopulationPercent(k)),
                        t.decimal(s.sinrThresholdDB, 0), t.percent(province.sinrPopulationPercent)) + " "
        }
        h += t.html(.predictionNote, t.decimal(g.cellSizeMeters, 0), t.integer(Int64(g.width)), t.integer(Int64(g.height)), t.decimal(s.loadFactor, 2))
        return h + "</p></section>\n"
    }

    // MARK: what the figures rest on

    /// The box "what these figures rest on": real inputs, synthetic or assumed ones, the user's, and the model's limits.
    static func basisBox(_ p: Provenance, _ t: Messages) -> String {
        func role(_ r: Provenance.Role) -> Message {
            switch r {
            case .boundaries: return .roleBoundaries
            case .census: return .roleCensus
            case .places: return .rolePlaces
            case .roads: return .roleRoads
            case .sites: return .roleSites
            case .cells: return .roleCells
            case .cables: return .roleCables
            case .olts: return .roleOLTs
            case .populationPoints: return .rolePopulationPoints
            case .populationSurface: return .rolePopulationSurface
            case .costs: return .roleCosts
            case .targets: return .roleTargets
            case .candidateSites: return .roleCandidateSites
            case .candidateRoutes: return .roleCandidateRoutes
            case .budgets: return .roleBudgets
            case .dem: return .roleDEM
            }
        }
        func line(_ item: Provenance.Item) -> String {
            let what: String
            switch item.origin {
            case .real(let source): what = t.html(source)
            case .synthetic: what = t.html(.originSynthetic)
            case .assumed: what = t.html(.originAssumed)
            case .user: what = t.html(.originUser)
            case .modelled(let cell): what = t.html(.populationSynthesised, t.decimal(cell, 0))
            case .scenario: what = t.html(.originScenario)
            }
            let name = item.file.map { t.html(.basisSourceFile, t.html(role(item.role)), "<code>\(HTML.escape($0))</code>") } ?? t.html(role(item.role))
            return "<li>" + t.html(.basisItem, name, what) + "</li>"
        }
        var groups = ""
        for (title, items) in [(Message.basisReal, p.real), (.basisSynthetic, p.syntheticOrAssumed), (.basisUser, p.user)] where !items.isEmpty {
            groups += "<div><h3>\(t.html(title))</h3><ul>" + items.map(line).joined() + "</ul></div>"
        }
        var limits: [String] = []
        switch p.ground {
        case .flat: limits.append(t.html(.limitFlatEarth))
        case .terrain(let dem, let models):
            limits.append(t.html(.limitTerrain, "<code>\(HTML.escape(dem))</code>", HTML.escape(models.joined(separator: ", "))))
        case .disk(let r): limits.append(t.html(.limitDisk, t.decimal(r, 0)))
        }
        let shares = p.environmentShares.map { t.text(.envShare, t.text(Message.environment($0.environment)), t.percent(100 * $0.share)) }.joined(separator: "; ")
        if case .disk = p.ground {} else if case .density(let urban, let suburban) = p.clutter {
            limits.append(t.html(.limitClutterDensity, t.integer(Int64(urban.rounded())), t.integer(Int64(suburban.rounded())))
                          + (shares.isEmpty ? "" : ": " + HTML.escape(shares)) + t.html(.limitClutterNoLandCover))
        } else if case .raster(let file, let classes) = p.clutter {
            limits.append(t.html(.limitClutterRaster, "<code>\(HTML.escape(file))</code>", t.integer(Int64(classes))) + (shares.isEmpty ? "" : ": " + HTML.escape(shares)))
        } else {
            let envs = p.environments.map { e -> String in
                let name = t.text(Message.environment(e.environment))
                if e.environment == p.defaultEnvironment && e.districts.count > 3 {
                    return t.text(p.environments.count > 1 ? .envGroupRest : .envGroupAll, name, t.integer(Int64(e.districts.count)))
                }
                return t.text(.envGroup, name, e.districts.joined(separator: ", "))
            }
            limits.append(t.html(.limitClutter, HTML.escape(envs.joined(separator: "; "))))
        }
        limits.append(p.calibrationLimitHTML(t))
        groups += "<div><h3>\(t.html(.basisLimits))</h3><ul>" + limits.map { "<li>\($0)</li>" }.joined() + "</ul></div>"
        return "<section class=\"basis\" id=\"basis\"><h2>\(t.html(.basisTitle))</h2><div class=\"groups\">" + groups + "</div></section>\n"
    }

    // MARK: headline figures

    static func cards(_ run: ScenarioRun, _ t: Messages) -> String {
        let c = run.coverage, st = c.stats.districts
        let tech = c.study.scenario.radio.technology.rawValue
        let pop = st.reduce(0) { $0 + $1.population }, cpop = st.reduce(0) { $0 + $1.coveredPopulation }
        let area = st.reduce(0) { $0 + $1.areaKm2 }, carea = st.reduce(0) { $0 + $1.coveredAreaKm2 }
        var cards: [(String, String)] = [
            (t.count(pop), t.text(.cardPopulation)),
            (t.percent(pop > 0 ? 100 * cpop / pop : 0), t.text(.cardPopulationCoverage, tech)),
            (t.percent(area > 0 ? 100 * carea / area : 0), t.text(.cardAreaCoverage, tech)),
            ("\(t.integer(Int64(c.radio.footprints.count))) / \(t.integer(Int64(c.study.sites.count)))", t.text(.cardSites)),
        ]
        if let f = c.fixed {
            let hh = f.districts.reduce(0) { $0 + $1.households }, r = f.districts.reduce(0) { $0 + $1.householdsReached }
            cards.append((t.percent(hh > 0 ? 100 * r / hh : 0), t.text(.cardHouseholdsReach)))
        }
        if let p = run.plan {
            let total = p.steps.last?.cumulativeCost ?? .zero
            cards.append((t.money(total.vnd), t.text(.cardPlanCost, t.integer(Int64(p.steps.count)))))
            if let k = p.years.indices.last {
                let (met, all) = targetCounts(p, yearIndex: k)
                cards.append(("\(met) / \(all)", t.text(.cardTargetsMet, String(p.years[k].year))))
            }
        }
        return "<div class=\"cards\">" + cards.map { "<div class=\"card\"><b>\(HTML.escape($0.0))</b><span>\(HTML.escape($0.1))</span></div>" }.joined() + "</div>\n"
    }

    /// (met, with a target) over all districts and metrics in budget year k.
    static func targetCounts(_ p: PlanRun, yearIndex k: Int) -> (Int, Int) {
        (p.targetsMet(yearIndex: k, achieved: p.achievedAfterYear[k]).count, p.targetCount(yearIndex: k))
    }

    static func parameters(_ run: ScenarioRun, _ t: Messages) -> String {
        let s = run.study.scenario, r = s.radio
        var items: [(String, String)] = [(t.text(.paramScenarioFile), URL(fileURLWithPath: s.file).lastPathComponent),
                                         (t.text(.paramCRS), "EPSG:\(run.study.projection.epsg)")]
        if let disk = s.diskRadiusMeters {
            items.append((t.text(.paramRadioModel), t.text(.paramDisk, t.decimal(disk, 0))))
        } else {
            var counts: [String: Int] = [:]
            for m in run.coverage.modelNames { counts[m, default: 0] += 1 }
            items.append((t.text(.paramRadioModels), counts.keys.sorted().map { "\($0) (\(t.integer(Int64(counts[$0]!))))" }.joined(separator: ", ")))
            items.append((t.text(.paramThreshold), t.text(.paramThresholdValue, t.decimal(r.thresholdDBm, 1), t.decimal(100 * r.cellEdgeProbability, 0), t.decimal(r.shadowSigmaDB, 1))))
            items.append((t.text(.paramMaxRadius), "\(t.decimal(r.maxRadiusMeters / 1000, 1)) km"))
        }
        items.append((t.text(.paramPopulation), s.inputs.population.map { t.text(.paramPopulationPoints, URL(fileURLWithPath: $0).lastPathComponent) }
                      ?? t.text(.paramPopulationSynthesised, t.decimal(s.population.cellSizeMeters, 0))))
        if s.fixed.enabled {
            items.append((t.text(.paramFixed), t.text(.paramFixedValue, t.decimal(s.fixed.dropDistanceMeters, 0), t.decimal(s.fixed.defaultReachKm, 0))))
        }
        if let p = s.planner {
            items.append((t.text(.paramPlanner), p.carryOver ? t.text(.paramCarryOver, p.method.rawValue) : p.method.rawValue))
            items.append((t.text(.paramBudgets), p.budgets.map { "\($0.year): \(t.money($0.budget.vnd))" }.joined(separator: "; ")))
            items.append((t.text(.paramCostsTargets), "\(URL(fileURLWithPath: p.costsPath).lastPathComponent), \(URL(fileURLWithPath: p.targetsPath).lastPathComponent)"))
        }
        return "<h3>\(t.html(.paramsHeading))</h3><dl class=\"params\">" + items.map { "<dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd>" }.joined() + "</dl>"
            + "<p class=\"note\">\(t.html(.paramsNote))</p>"
    }

    // MARK: names of the planner's categories

    /// A metric's full name, e.g. "Tỷ lệ dân số được phủ sóng 4G".
    static func metricTitle(_ m: PlanMetric, _ t: Messages) -> String {
        switch m {
        case .lte: return t.text(.metricTitleLTE)
        case .fbb: return t.text(.metricTitleFBB)
        case .underground: return t.text(.metricTitleUnderground)
        }
    }

    /// A metric's short name for table heads, e.g. "BRCĐ".
    static func metricShort(_ m: PlanMetric, _ t: Messages) -> String {
        switch m {
        case .lte: return t.text(.metricShortLTE)
        case .fbb: return t.text(.metricShortFBB)
        case .underground: return t.text(.metricShortUnderground)
        }
    }

    /// The unit of a metric's amounts (people, households, km).
    static func metricUnit(_ m: PlanMetric, _ t: Messages) -> String {
        switch m {
        case .lte: return t.text(.unitPeople)
        case .fbb: return t.text(.unitHouseholds)
        case .underground: return t.text(.unitKm)
        }
    }

    /// An investment kind's name, e.g. "ngầm hóa cáp".
    static func kindName(_ k: InvestmentKind, _ t: Messages) -> String {
        switch k {
        case .upgrade: return t.text(.kindUpgrade)
        case .newSite: return t.text(.kindNewSite)
        case .cableRoute: return t.text(.kindCableRoute)
        case .undergrounding: return t.text(.kindUndergrounding)
        }
    }

    /// A target unit's name: the district's name as in the data, or the province's in this language.
    static func unitName(_ p: PlanRun, _ d: Int, _ t: Messages) -> String {
        d < p.provinceUnit ? p.unitName(d) : t.text(.rowProvince)
    }

    // MARK: tables

    static func districtTable(_ c: CoverageRun, _ t: Messages) -> String {
        let tech = c.study.scenario.radio.technology.rawValue
        var h = "<h2>\(t.html(.districtsHeading))</h2>\n<table><thead><tr><th class=\"l\">\(t.html(.colDistrict))</th><th class=\"l\">\(t.html(.colID))</th>"
        h += "<th>\(t.html(.colPopulation))</th><th>\(t.html(.colArea))</th><th>\(t.html(.colPopPct, tech))</th><th>\(t.html(.colAreaPct, tech))</th>"
        if c.fixed != nil {
            h += "<th>\(t.html(.colHouseholds))</th><th>\(t.html(.colFBBPct))</th><th>\(t.html(.colCableAerial))</th><th>\(t.html(.colCableUnderground))</th>"
        }
        h += "</tr></thead><tbody>"
        for (i, d) in c.study.districts.enumerated() {
            let s = c.stats.districts[i]
            h += "<tr><td class=\"l\">\(HTML.escape(d.name))</td><td class=\"l\">\(HTML.escape(d.id))</td><td>\(t.count(s.population))</td>"
            h += "<td>\(t.decimal(s.areaKm2, 1))</td><td>\(t.decimal(s.coveredPopulationPercent, 1))</td><td>\(t.decimal(s.coveredAreaPercent, 1))</td>"
            if let f = c.fixed?.districts[i] {
                h += "<td>\(t.count(f.households))</td><td>\(t.decimal(f.householdsPercent, 1))</td><td>\(t.decimal(f.cableAerialKm, 1))</td><td>\(t.decimal(f.cableUndergroundKm, 1))</td>"
            }
            h += "</tr>"
        }
        return h + "</tbody></table>\n"
    }

    static func planSections(_ p: PlanRun, _ t: Messages) -> String {
        var h = "<h2>\(t.html(.targetsHeading))</h2>\n"
        let definitions = p.targets.metrics.map { t.text(.metricDefinition, metricShort($0, t), metricTitle($0, t)) }.joined(separator: "; ")
        h += "<p class=\"note\">\(t.html(.targetsNote)) \(t.html(.targetsMetricsNote, HTML.escape(definitions)))</p>"
        h += "<table><thead><tr><th class=\"l\" rowspan=\"2\">\(t.html(.colDistrict))</th>"
        for y in p.years { h += "<th colspan=\"\(p.targets.metrics.count)\" style=\"text-align:center\">\(t.html(.colYear)) \(y.year)</th>" }
        h += "</tr><tr>" + String(repeating: p.targets.metrics.map { "<th>\(HTML.escape(metricShort($0, t)))</th>" }.joined(), count: p.years.count) + "</tr></thead><tbody>"
        // The districts, then the province as a whole (a row of its own when it has a target).
        let hasProvinceTarget = p.targets.metrics.contains { m in p.years.indices.contains { p.target(m, yearIndex: $0, p.provinceUnit) != nil } }
        for d in p.targetUnits where d < p.provinceUnit || hasProvinceTarget {
            h += "<tr><td class=\"l\">\(d < p.provinceUnit ? HTML.escape(unitName(p, d, t)) : "<b>\(HTML.escape(unitName(p, d, t)))</b>")</td>"
            for k in p.years.indices {
                for m in p.targets.metrics {
                    let a = p.achieved(m, d, in: p.achievedAfterYear[k]), pct = p.percent(m, d, a)
                    if let target = p.target(m, yearIndex: k, d) {
                        let met = p.met(d, m, yearIndex: k, achieved: a)
                        h += "<td class=\"\(met ? "met" : "gap")\" title=\"\(t.html(met ? .met : .gap))\">\(met ? "✓" : "✗") \(t.decimal(pct, 1)) / \(t.trimmed(target, 1))</td>"
                    } else {
                        h += "<td>\(t.decimal(pct, 1)) / –</td>"
                    }
                }
            }
            h += "</tr>"
        }
        h += "<tr><td class=\"l\"><b>\(t.html(.rowTargetsMet))</b></td>"
        for k in p.years.indices {
            let (met, all) = targetCounts(p, yearIndex: k)
            h += "<td colspan=\"\(p.targets.metrics.count)\" style=\"text-align:center\"><b>\(met) / \(all)</b></td>"
        }
        h += "</tr></tbody></table>\n"
        h += yearsTable(p, t) + spendTable(p, t) + costChart(p, t) + picksTable(p, t) + unmetTable(p, t)
        return h
    }

    static func yearsTable(_ p: PlanRun, _ t: Messages) -> String {
        var h = "<h2>\(t.html(.yearsHeading))</h2>\n<table><thead><tr><th class=\"l\">\(t.html(.colYear))</th><th>\(t.html(.colAvailable))</th>"
        h += "<th>\(t.html(.colSpent))</th><th>\(t.html(.colCarried))</th><th>\(t.html(.colPicks))</th><th>\(t.html(.colTargetsMet))</th>"
        for m in p.targets.metrics { h += "<th>\(t.html(.colProvinceMetric, HTML.escape(metricShort(m, t))))</th>" }
        h += "</tr></thead><tbody>"
        for (k, y) in p.years.enumerated() {
            let (met, all) = targetCounts(p, yearIndex: k)
            let col = PlanOutputs.yearColours[k % PlanOutputs.yearColours.count]
            h += "<tr><td class=\"l\"><span class=\"swatch\" style=\"background:\(col)\"></span>\(y.year)</td><td>\(t.billions(y.available.vnd))</td>"
            h += "<td>\(t.billions(y.spent.vnd))</td><td>\(t.billions(y.carried.vnd))</td><td>\(t.integer(Int64(y.selection.chosen.count)))</td><td>\(met) / \(all)</td>"
            for m in p.targets.metrics { h += "<td>\(t.decimal(p.provincePercent(m, in: p.achievedAfterYear[k]), 1))</td>" }
            h += "</tr>"
        }
        return h + "</tbody></table>\n<p class=\"note\">\(t.html(.yearsNote))</p>\n"
    }

    /// VND spent per district (rows; picks outside every district in a row of their own when there
    /// are any) and budget year (columns, in `p.years` order), read from plan.xlsx's `spend` sheet
    /// (``PlanWorkbook/spend(_:)``: each pick's cost in its district and year), so both give the same numbers.
    static func spendByDistrict(_ p: PlanRun) -> [(district: Int?, vnd: [Int64])] {
        let sheet = PlanWorkbook.spend(p)
        let col = { (name: String) in sheet.columns.firstIndex(of: name)! }
        let (idCol, yearCol, vndCol) = (col("district_id"), col("year"), col("spent_vnd"))
        let districtIndex = Dictionary(p.study.districts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let yearIndex = Dictionary(uniqueKeysWithValues: p.years.enumerated().map { ($1.year, $0) })
        var rows: [(district: Int?, vnd: [Int64])] = []
        for r in sheet.rows {
            let d = r[idCol].stringValue.flatMap { districtIndex[$0] }
            if rows.last.map({ $0.district != d }) ?? true { rows.append((d, [Int64](repeating: 0, count: p.years.count))) }
            if let y = r[yearCol].doubleValue, let k = yearIndex[Int(y)], let v = r[vndCol].doubleValue { rows[rows.count - 1].vnd[k] += Int64(v) }
        }
        return rows
    }

    /// Spend by district and year: rows districts, columns the plan years and the total, a total row.
    static func spendTable(_ p: PlanRun, _ t: Messages) -> String {
        let rows = spendByDistrict(p)
        let cell = { (v: Int64) -> String in v == 0 ? "–" : HTML.escape(t.money(v)) }
        var h = "<h2>\(t.html(.spendHeading))</h2>\n<table class=\"spend\"><thead><tr><th class=\"l\">\(t.html(.colDistrict))</th>"
        for y in p.years { h += "<th>\(y.year)</th>" }
        h += "<th>\(t.html(.colTotal))</th></tr></thead><tbody>"
        for r in rows {
            let name = r.district.map { p.study.districts[$0].name } ?? t.text(.rowOutsideDistricts)
            h += "<tr><td class=\"l\">\(HTML.escape(name))</td>" + r.vnd.map { "<td>\(cell($0))</td>" }.joined() + "<td>\(cell(r.vnd.reduce(0, +)))</td></tr>"
        }
        let totals = p.years.indices.map { k in rows.reduce(Int64(0)) { $0 + $1.vnd[k] } }
        h += "<tr class=\"total\"><td class=\"l\"><b>\(t.html(.rowTotal))</b></td>" + totals.map { "<td><b>\(cell($0))</b></td>" }.joined()
        h += "<td><b>\(cell(totals.reduce(0, +)))</b></td></tr></tbody></table>\n<p class=\"note\">\(t.html(.spendNote))</p>\n"
        return h
    }

    /// The cost-to-target curves: province achievement of each metric against cumulative spend
    /// (picks in plan order), one chart per metric with its own y range, the end of each budget year marked.
    static func costChart(_ p: PlanRun, _ t: Messages) -> String {
        var markers: [(x: Double, label: String)] = []
        for y in p.years {
            if let last = p.steps.last(where: { $0.year == y.year }) { markers.append((Double(last.cumulativeCost.vnd) / 1e9, "\(y.year)")) }
        }
        let width = p.targets.metrics.count >= 3 ? 376.0 : 560
        var charts = ""
        for m in p.targets.metrics {
            var pts: [(x: Double, y: Double?)] = [(0, p.provincePercent(m, in: p.baselineAchieved))]
            for s in p.steps { pts.append((Double(s.cumulativeCost.vnd) / 1e9, s.provincePercentAfter[m.rawValue])) }
            let series = LineChart.Series(name: t.text(.costSeries), colour: metricColours[m.rawValue], points: pts)
            charts += LineChart(title: metricTitle(m, t), xLabel: t.text(.costXLabel), yLabel: t.text(.costYLabel),
                                series: [series], markers: markers, steps: true, widthPx: width, heightPx: 280, text: t).svg()
        }
        return "<h2>\(t.html(.costHeading))</h2>\n<p class=\"note\">\(t.html(.costNote))</p>\n<div class=\"charts\">" + charts + "</div>\n"
    }

    static func picksTable(_ p: PlanRun, _ t: Messages) -> String {
        let yearIndex = Dictionary(uniqueKeysWithValues: p.years.enumerated().map { ($1.year, $0) })
        var h = "<h2>\(t.html(.picksHeading))</h2>\n<table><thead><tr><th>\(t.html(.colRank))</th><th class=\"l\">\(t.html(.colYear))</th>"
        h += "<th class=\"l\">\(t.html(.colKind))</th><th class=\"l\">\(t.html(.colID))</th><th class=\"l\">\(t.html(.colDistrict))</th>"
        h += "<th>\(t.html(.colCostMillions))</th><th>\(t.html(.colNewPeople))</th><th>\(t.html(.colNewHouseholds))</th><th>\(t.html(.colKm))</th>"
        h += "<th>\(t.html(.colCostPerPerson))</th><th>\(t.html(.colCumulative))</th></tr></thead><tbody>"
        for s in p.steps.prefix(maxPickRows) {
            let c = p.candidates[s.candidate]
            let col = PlanOutputs.yearColours[(yearIndex[s.year] ?? 0) % PlanOutputs.yearColours.count]
            let km = c.kind == .undergrounding ? s.gains[PlanMetric.underground.rawValue] : c.lengthKm
            h += "<tr><td>\(s.rank)</td><td class=\"l\"><span class=\"swatch\" style=\"background:\(col)\"></span>\(s.year)</td>"
            h += "<td class=\"l\">\(HTML.escape(kindName(c.kind, t)))</td><td class=\"l\">\(HTML.escape(c.id))</td>"
            h += "<td class=\"l\">\(c.districtIndex >= 0 ? HTML.escape(p.study.districts[c.districtIndex].name) : "–")</td>"
            h += "<td>\(t.millions(c.cost.vnd))</td><td>\(t.count(s.newPeople))</td><td>\(t.count(s.gains[PlanMetric.fbb.rawValue]))</td>"
            h += "<td>\(km > 0 ? t.decimal(km, 2) : "–")</td><td>\(PlanOutputs.costPerPerson(c.cost, s.newPeople).map { t.integer($0) } ?? "–")</td>"
            h += "<td>\(t.billions(s.cumulativeCost.vnd))</td></tr>"
        }
        h += "</tbody></table>\n"
        if p.steps.count > maxPickRows { h += "<p class=\"note\">\(t.html(.picksTruncated, String(maxPickRows), t.integer(Int64(p.steps.count))))</p>\n" }
        if p.steps.isEmpty { h += "<p class=\"note\">\(t.html(.picksNone))</p>\n" }
        return h
    }

    /// Targets still open after the last budget year, with the cheapest next step toward each.
    static func unmetTable(_ p: PlanRun, _ t: Messages) -> String {
        guard let k = p.years.indices.last else { return "" }
        var rows = ""
        for d in p.targetUnits {
            for m in p.targets.metrics {
                guard let target = p.target(m, yearIndex: k, d) else { continue }
                let a = p.achieved(m, d, in: p.achievedAfterYear[k])
                if p.met(d, m, yearIndex: k, achieved: a) { continue }
                let gap = max(0, target / 100 * p.total(m, d) - a)
                let amount = { (x: Double) in m == .underground ? t.decimal(x, 2) : t.count(x) }
                var next = t.text(.nextNone)
                if let n = p.cheapestNextStep(district: d, metric: m) {
                    let c = p.candidates[n.candidate]
                    next = t.text(.nextStep, kindName(c.kind, t), c.id, t.money(c.cost.vnd), amount(n.gain), metricUnit(m, t))
                }
                rows += "<tr><td class=\"l\">\(HTML.escape(unitName(p, d, t)))</td><td class=\"l\">\(HTML.escape(metricTitle(m, t)))</td><td>\(t.trimmed(target, 1))</td>"
                rows += "<td>\(t.decimal(p.percent(m, d, a), 1))</td><td>\(amount(gap)) \(HTML.escape(metricUnit(m, t)))</td><td class=\"l\">\(HTML.escape(next))</td>"
                rows += "<td class=\"l\">\(HTML.escape(bindingText(p.bindingLimit(district: d, metric: m), t)))</td></tr>"
            }
        }
        var heading = "<h2>\(t.html(.openHeading, String(p.years[k].year)))</h2>\n"
        if !p.adaptiveRounds.isEmpty {
            let widened = p.adaptiveRounds.map { "\($0.key) \(t.trimmed($0.from, 0)) → \(t.trimmed($0.to, 0))" }.joined(separator: ", ")
            heading += "<p class=\"note\">\(t.html(.adaptiveNote, HTML.escape(widened)))</p>\n"
        }
        if rows.isEmpty { return heading + "<p>\(t.html(.openAllMet))</p>\n" }
        heading += "<p class=\"note\">\(t.html(.moneyLeftNote, HTML.escape(t.money(p.moneyLeft.vnd))))</p>\n"
        return heading + "<table><thead><tr><th class=\"l\">\(t.html(.colDistrict))</th><th class=\"l\">\(t.html(.colMetric))</th><th>\(t.html(.colTarget))</th>"
            + "<th>\(t.html(.colPlanned))</th><th>\(t.html(.colGap))</th><th class=\"l\">\(t.html(.colNextStep))</th><th class=\"l\">\(t.html(.colBinding))</th></tr></thead><tbody>"
            + rows + "</tbody></table>\n"
    }

    /// The binding limit of an open target in the report's language (``PlanRun/bindingLimit(district:metric:)``).
    static func bindingText(_ b: BindingLimit, _ t: Messages) -> String {
        switch b.kind {
        case .budget: return t.text(.bindBudget, t.money(Int64(b.value) ?? 0))
        case .none: return b.key.isEmpty ? t.text(.bindNone) : t.text(.bindMethod, b.value)
        case .maxNewSites: return t.text(.bindMaxNewSites, b.key, b.value)
        case .candidateSpacing: return t.text(.bindSpacing, b.key, b.value)
        case .candidateSites: return t.text(.bindCandidateSites, b.key)
        case .maxCableRoutes: return t.text(.bindMaxRoutes, b.key, b.value)
        case .routeMinHouseholds: return t.text(.bindMinHouseholds, b.key, b.value)
        case .opticalReach: return t.text(.bindReach, b.key, b.value)
        }
    }

    static func warningsSection(_ w: [String], _ t: Messages) -> String {
        let heading = "<h2>\(t.html(.warningsHeading))</h2>\n"
        guard !w.isEmpty else { return heading + "<p>\(t.html(.warningsNone))</p>\n" }
        return heading + "<p class=\"note\">\(t.html(.warningsNote))</p>\n<ul class=\"warnings\">" + w.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>\n"
    }
}
