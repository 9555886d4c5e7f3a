import Coverage
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
@testable import Studies

/// report.html of `sim run` and of a sweep: self-contained, names intact, well-formed SVG,
/// deterministic; the map transform, the line simplification and the chart axes by hand.
@Suite struct ReportTests {
    // MARK: helpers

    /// Open and close tags balance (void elements excepted) — an independent, regex-level check.
    static func unbalancedTag(_ html: String) -> String? {
        let void: Set<String> = ["meta", "input", "br", "hr", "img", "link"]
        let tag = try! NSRegularExpression(pattern: "<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*?)(/?)>")
        var stack: [String] = []
        let ns = html as NSString
        for m in tag.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            let closing = ns.substring(with: m.range(at: 1)) == "/", name = ns.substring(with: m.range(at: 2)).lowercased()
            let selfClosing = ns.substring(with: m.range(at: 4)) == "/"
            if void.contains(name) || selfClosing { continue }
            if closing {
                guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")>" }
                stack.removeLast()
            } else { stack.append(name) }
        }
        return stack.isEmpty ? nil : "unclosed <\(stack.last!)>"
    }

    /// Every `<svg …>…</svg>` of the page parsed as XML (Foundation's XMLParser, libxml2): nil when all are well formed.
    static func malformedSVG(_ html: String) -> String? {
        var rest = html[...]
        var count = 0
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            let svg = String(rest[start.lowerBound..<end.upperBound])
            let parser = XMLParser(data: svg.data(using: .utf8)!)
            // swift-corelibs-foundation's parse() can return true with parserError set (an unclosed element): check both.
            if !parser.parse() || parser.parserError != nil { return "svg #\(count): \(parser.parserError.map { "\($0)" } ?? "parse error")" }
            count += 1
            rest = rest[end.upperBound...]
        }
        return count > 0 ? nil : "no <svg> in the page"
    }

    /// A remote reference: src/href to http(s) or protocol-relative, a script, an @import or a url(http…).
    static func remoteReference(_ html: String) -> String? {
        for pattern in ["(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//", "<script", "@import", "url\\(\\s*[\"']?(https?:)?//"] {
            if let r = html.range(of: pattern, options: [.regularExpression, .caseInsensitive]) { return String(html[r]) }
        }
        return nil
    }

    /// Two 0.1° squares side by side near Đông Hà, names with diacritics and characters HTML must escape,
    /// three sites (one 3G to upgrade), population points, a disk radio model and a one-year plan.
    static func smallStudy(in dir: URL) async throws -> Study {
        func square(_ lon: Double, _ lat: Double) -> String {
            "[[\(lon),\(lat)],[\(lon + 0.1),\(lat)],[\(lon + 0.1),\(lat + 0.1)],[\(lon),\(lat + 0.1)],[\(lon),\(lat)]]"
        }
        let write = { (name: String, text: String) in try! text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        write("districts.geojson", """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"461","name":"Thành phố Đông Hà","name_ascii":"Dong Ha","population":0},"geometry":{"type":"Polygon","coordinates":[\(square(107.0, 16.8))]}},
        {"type":"Feature","properties":{"id":"471","name":"Huyện Cồn Cỏ <đảo> & \\"biển\\"","name_ascii":"Con Co","population":0},"geometry":{"type":"Polygon","coordinates":[\(square(107.1, 16.8))]}}]}
        """)
        var pop = "lon,lat,population\n"
        for i in 0..<8 { for j in 0..<4 { pop += "\(107.0125 + 0.025 * Double(i)),\(16.8125 + 0.025 * Double(j)),\(10 + i + j)\n" } }
        write("pop.csv", pop)
        write("sites.csv", """
        id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg
        S1,107.03,16.83,30,4G,1800,43,
        S2,107.07,16.87,30,4G,1800,43,
        S3,107.15,16.85,30,3G,2100,43,

        """)
        write("cands.csv", "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\nN1,107.18,16.88,30,4G,1800,43,\n")
        write("costs.csv", "item,cost_vnd,unit,source\nnew_site,2000000000,per site,test\nlte_upgrade,400000000,per site,test\n")
        write("targets.csv", "district_id,year,lte_pop_pct\n461,2020,90\n471,2020,90\n")
        write("s.yaml", """
        extends: \(repoPath("data/scenarios/defaults.yaml"))
        name: Báo cáo thử <nghiệm> & kiểm tra
        crs_epsg: 32648
        inputs: {districts: districts.geojson, sites: sites.csv, population: pop.csv}
        radio: {disk_radius_m: 2500}
        planner: {enabled: true, costs: costs.csv, targets: targets.csv, candidate_sites: cands.csv, method: greedy, budget_vnd: {2020: 1000000000}}
        """)
        return try await Study.load(try Scenario.load(path: dir.appendingPathComponent("s.yaml").path), workers: 1)
    }

    // MARK: the run report

    @Test func runReportIsSelfContainedWellFormedAndDeterministic() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try await ReportTests.smallStudy(in: dir)
        let one = try await ScenarioRun.execute(study, workers: 1, progress: Progress())
        let four = try await ScenarioRun.execute(study, workers: 4, progress: Progress())
        let plan = try #require(one.plan)
        #expect(!plan.steps.isEmpty, "the test plan must pick something so the plan sections are drawn")
        let html = try RunReport.html(one)

        #expect(try RunReport.html(four) == html, "byte-identical whatever the worker count")
        #expect(try RunReport.html(one) == html, "byte-identical across calls")
        #expect(ReportTests.remoteReference(html) == nil)
        #expect(ReportTests.unbalancedTag(html) == nil)
        #expect(ReportTests.malformedSVG(html) == nil)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">"))
        // Names with diacritics as UTF-8 (not entities), markup characters escaped.
        #expect(html.contains("Thành phố Đông Hà"))
        #expect(html.contains("Huyện Cồn Cỏ &lt;đảo&gt; &amp; &quot;biển&quot;"))
        #expect(!html.contains("<đảo>") && !html.contains("<nghiệm>"))
        #expect(html.contains("<title>Báo cáo thử &lt;nghiệm&gt; &amp; kiểm tra — coverage report</title>"))
        // The parts: map, districts, targets, plan picks, cost to target, warnings.
        for part in ["id=\"map\"", "<h2>Districts</h2>", "<h2>Targets: plan against target", "<h2>Plan picks</h2>", "<h2>Cost to target</h2>", "<h2>Warnings</h2>"] {
            #expect(html.contains(part), "missing \(part)")
        }
        // One shaded path per district; one target cell per district and year (lte only).
        #expect(html.components(separatedBy: "fill-rule=\"evenodd\"><title>").count - 1 == 2)
        #expect(html.components(separatedBy: "<td class=\"met\">").count + html.components(separatedBy: "<td class=\"gap\">").count - 2 == 2)

        // Written through the output folder as report.html.
        let outPath = dir.appendingPathComponent("out").path
        try OutputFolder.produce(outPath) { try one.write(into: $0) }
        #expect(try String(contentsOfFile: outPath + "/report.html", encoding: .utf8) == html)
    }

    @Test func runReportWithoutPlanLeavesThePlanOut() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try await ReportTests.smallStudy(in: dir)
        let run = try await ScenarioRun.execute(study, planning: false, workers: 1, progress: Progress())
        let html = try RunReport.html(run)
        #expect(!html.contains("Plan picks") && !html.contains("Cost to target") && !html.contains("class=\"layer-plan\"") && !html.contains("id=\"t-plan\""))
        #expect(ReportTests.unbalancedTag(html) == nil && ReportTests.malformedSVG(html) == nil)
    }

    @Test func checkersCatchBadMarkup() {
        #expect(ReportTests.unbalancedTag("<div><p>x</div>") != nil && ReportTests.unbalancedTag("<div><p>x</p><input></div>") == nil)
        #expect(ReportTests.malformedSVG("<svg a=\"1\"><g></svg>") != nil && ReportTests.malformedSVG("<svg a=\"1\"><g/></svg>") == nil)
        #expect(ReportTests.malformedSVG("<svg a=\"1\"><text>a & b</text></svg>") != nil)
        #expect(ReportTests.remoteReference("<img src=\"https://x/y.png\">") != nil && ReportTests.remoteReference("<a href=\"#map\">") == nil)
    }

    // MARK: geometry and charts by hand

    @Test func mapFrameByHand() {
        // Wide extent: 4000 m × 2000 m into 420 px, padding 10: scale = min(400/4000, 980/2000) = 0.1 px/m,
        // height = 2·10 + 2000·0.1 = 220 px; (3000, 3000) → x = 10 + 2000·0.1 = 210, y = 10 + (4000 − 3000)·0.1 = 110.
        let wide = MapFrame(bounds: BoundingBox(minX: 1000, minY: 2000, maxX: 5000, maxY: 4000), widthPx: 420, maxHeightPx: 1000, paddingPx: 10)
        #expect(wide.scale == 0.1 && wide.heightPx == 220)
        let p = wide.pixel(Point2(3000, 3000))
        #expect(abs(p.x - 210) < 1e-9 && abs(p.y - 110) < 1e-9)
        // Tall extent: 1000 m × 4000 m into at most 420 × 420 px: scale = min(400/1000, 400/4000) = 0.1,
        // drawing 100 px wide centred: offset = 10 + (400 − 100)/2 = 160; (1000, 0) → (260, 410).
        let tall = MapFrame(bounds: BoundingBox(minX: 0, minY: 0, maxX: 1000, maxY: 4000), widthPx: 420, maxHeightPx: 420, paddingPx: 10)
        let q = tall.pixel(Point2(1000, 0))
        #expect(tall.heightPx == 420 && abs(q.x - 260) < 1e-9 && abs(q.y - 410) < 1e-9)
        // A square ring 0…1000 m in the wide frame: corners at x 10 / 110 px, y 10 + (4000 − y)·0.1.
        let frame = MapFrame(bounds: BoundingBox(minX: 0, minY: 0, maxX: 4000, maxY: 2000), widthPx: 420, maxHeightPx: 1000, paddingPx: 10)
        let sq = Polygon2(exterior: [Point2(0, 0), Point2(1000, 0), Point2(1000, 1000), Point2(0, 1000), Point2(0, 0)])
        #expect(frame.path([sq]) == "M10.0 210.0L110.0 210.0L110.0 110.0L10.0 110.0Z")
        // A ring 10 m across is 1 px: below the 1.5 px minimum, dropped.
        let tiny = Polygon2(exterior: [Point2(0, 0), Point2(10, 0), Point2(10, 10), Point2(0, 10), Point2(0, 0)])
        #expect(frame.path([tiny]).isEmpty)
    }

    @Test func douglasPeuckerByHand() {
        // Tolerance 1. Chord (0,0)–(6,0): farthest (3,3) at 3 → kept. Chord (0,0)–(3,3) (line y = x):
        // (1,0.2) at |1 − 0.2|/√2 = 0.57, (2,0) at 2/√2 = 1.41 → (2,0) kept; then (1,0.2) is 0.2 from
        // (0,0)–(2,0) → dropped. Chord (3,3)–(6,0) (x + y = 6): (4,0) at 2/√2 = 1.41 kept, (5,0.1) at
        // 0.9/√2 = 0.64, then 0.1 from (4,0)–(6,0) → dropped.
        let line = [Point2(0, 0), Point2(1, 0.2), Point2(2, 0), Point2(3, 3), Point2(4, 0), Point2(5, 0.1), Point2(6, 0)]
        #expect(DouglasPeucker.simplify(line, tolerance: 1) == [Point2(0, 0), Point2(2, 0), Point2(3, 3), Point2(4, 0), Point2(6, 0)])
        // A closed ring keeps its start and its farthest point from it, then splits as above: a square
        // with a 0.05 bump on one side loses the bump at tolerance 0.1 and keeps its four corners.
        let ring = [Point2(0, 0), Point2(2, 0), Point2(2, 1), Point2(2.05, 2), Point2(2, 3), Point2(2, 4), Point2(0, 4), Point2(0, 0)]
        #expect(DouglasPeucker.simplify(ring, tolerance: 0.1) == [Point2(0, 0), Point2(2, 0), Point2(2, 4), Point2(0, 4), Point2(0, 0)])
    }

    @Test func numberFormats() {
        #expect(HTML.grouped(1_234_567) == "1,234,567" && HTML.grouped(-1000) == "-1,000" && HTML.grouped(999) == "999")
        #expect(HTML.millions(1_250_000_000) == "1,250.0 m" && HTML.millions(51_234_567) == "51.2 m")
        #expect(HTML.billions(8_000_000_000) == "8.00 bn" && HTML.fixed(-0.04, 1) == "0.0" && HTML.pct(97.26) == "97.3 %")
        #expect(HTML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        // Ticks 0…23, about 5: raw step 4.6 → 5 → 0, 5, …, 25.
        #expect(LineChart.niceTicks(0, 23) == [0, 5, 10, 15, 20, 25])
        #expect(LineChart.niceTicks(80.6, 96.2) == [80, 85, 90, 95, 100])
        #expect(LineChart.tickLabel(2e9, step: 1e9) == "2 bn" && LineChart.tickLabel(0.25, step: 0.05) == "0.25" && LineChart.tickLabel(22.5, step: 0.5) == "22.5")
    }

    @Test func lineChartByHand() {
        // 560 × 300 px, one series (one legend row): plot left 62, top 30, width 560 − 62 − 16 = 482,
        // height 300 − 30 − (46 + 16) = 208. y ticks 0…100 step 20; x from 0 to 10.
        // (0, 0) → (62, 238); (10, 100) → (62 + 482, 30) = (544, 30).
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "s", colour: "#000", points: [(0, 0), (10, 100)])])
        let svg = chart.svg()
        #expect(svg.contains("<path d=\"M62.0 238.0L544.0 30.0\""))
        #expect(ReportTests.malformedSVG(svg) == nil)
    }

    // MARK: the sweep report

    static let sweepColumns = ["run", "out", "radio.threshold_dbm", "radio.model", "population.cell_size_m", "lte_pop_pct", "cost_vnd"]
    static let sweepRows: [[String: String]] = {
        var rows: [[String: String]] = []
        var k = 0
        for model in ["hata", "disk"] {
            for t in ["-105", "-110", "-115"] {  // written unsorted numerically: the chart sorts -115 < -110 < -105
                k += 1
                let pct = 70 + Double(-Int(t)! - 100) * 2 + (model == "disk" ? 5 : 0)
                rows.append(["run": "\(k)", "out": "runs/\(k) Đông Hà", "radio.threshold_dbm": t, "radio.model": model,
                             "population.cell_size_m": "200", "lte_pop_pct": JSONValue.format(pct), "cost_vnd": k == 3 ? "" : "\(k)000000000"])
            }
        }
        return rows
    }()

    @Test func sweepReportChartsEachAxis() {
        let params = ["radio.threshold_dbm", "radio.model", "population.cell_size_m"]
        let html = SweepReport.html(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: params,
                                    headlineColumns: ["lte_pop_pct", "cost_vnd"], title: "Ngưỡng & mô hình")
        // Two varying axes (cell size has one value) × two headline figures = 4 charts.
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 4)
        #expect(html.contains("<h2>Across radio.threshold_dbm</h2>") && html.contains("<h2>Across radio.model</h2>"))
        #expect(!html.contains("<h2>Across population.cell_size_m</h2>"))
        // Along the threshold, one line per model; along the model (categorical), one per threshold.
        #expect(html.contains(">radio.model=hata</text>") && html.contains(">radio.model=disk</text>"))
        #expect(html.contains(">radio.threshold_dbm=-115</text>"))
        #expect(html.contains("<title>Ngưỡng &amp; mô hình — sweep report</title>") && html.contains("runs/1 Đông Hà"))
        #expect(ReportTests.remoteReference(html) == nil && ReportTests.unbalancedTag(html) == nil && ReportTests.malformedSVG(html) == nil)
        #expect(SweepReport.html(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: params,
                                 headlineColumns: ["lte_pop_pct", "cost_vnd"], title: "Ngưỡng & mô hình") == html)
        // Inferred headlines: numeric non-parameter columns — "run" (numbers) is one, "out" (text) is not.
        #expect(SweepReport.headlineColumns(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: params)
                == ["run", "lte_pop_pct", "cost_vnd"])
        #expect(SweepReport.axisValues(ReportTests.sweepRows, "radio.threshold_dbm") == ["-115", "-110", "-105"])
        #expect(SweepReport.axisValues(ReportTests.sweepRows, "radio.model") == ["hata", "disk"])
    }

    @Test func sweepReportPointsByHand() {
        // Threshold axis, lte_pop_pct, hata line: (-115, 100), (-110, 90), (-105, 80); disk line +5.
        // Chart 390 × 250 px, two series (one legend row): plot left 62, width 390 − 78 = 312, top 30,
        // height 250 − 30 − 62 = 158. x −115…−105; y ticks of 80…105 (raw 5 → step 5): 80…105.
        // hata (-115, 100): x 62, y 30 + (105 − 100)/25·158 = 61.6; (-105, 80): x 374, y 188.
        let (chart, dropped) = SweepReport.chartAcross(axis: "radio.threshold_dbm", others: ["radio.model"], headline: "lte_pop_pct", results: ReportTests.sweepRows)
        #expect(dropped == 0 && chart.series.count == 2)
        #expect(chart.svg().contains("<path d=\"M62.0 61.6L218.0 124.8L374.0 188.0\" fill=\"none\" stroke=\"#1b9e77\""))
    }

    @Test func sweepReportWrittenToAPath() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report.html").path
        try SweepReport.write(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: ["radio.model"], into: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == SweepReport.html(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: ["radio.model"]))
        #expect(throws: SimError.self) {
            try SweepReport.write(results: [], columns: [], parameterColumns: [], into: dir.appendingPathComponent("no/such/dir/report.html").path)
        }
    }
}
