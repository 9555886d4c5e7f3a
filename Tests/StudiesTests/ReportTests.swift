import Coverage
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
@testable import Studies

/// report.html of `sim run` and of a sweep: self-contained, names intact, well-formed SVG,
/// deterministic; the map transform, the line simplification and the chart axes by hand; the two
/// languages (no label of one left in the other, numbers formatted by hand) and the box of what the
/// figures rest on.
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
    /// three sites (one 3G to upgrade), population points, a disk radio model and a one-year plan;
    /// with `fixed`, also one aerial cable and an OLT in the first square (fixed broadband on).
    static func smallStudy(in dir: URL, fixed: Bool = false) async throws -> Study {
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
        write("cables.geojson", """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"C1","kind":"backbone","placement":"aerial"},
        "geometry":{"type":"LineString","coordinates":[[107.01,16.85],[107.09,16.85]]}}]}
        """)
        write("olts.geojson", """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"OLT-1"},"geometry":{"type":"Point","coordinates":[107.05,16.85]}}]}
        """)
        write("s.yaml", """
        extends: \(repoPath("data/scenarios/defaults.yaml"))
        name: Báo cáo thử <nghiệm> & kiểm tra
        crs_epsg: 32648
        inputs: {districts: districts.geojson, sites: sites.csv, population: pop.csv\(fixed ? ", cables: cables.geojson, olts: olts.geojson" : "")}
        radio: {disk_radius_m: 2500}
        fixed_broadband: {enabled: \(fixed)}
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
        let html = try RunReport.html(one, language: .en)

        #expect(try RunReport.html(four, language: .en) == html, "byte-identical whatever the worker count")
        #expect(try RunReport.html(one, language: .en) == html, "byte-identical across calls")
        #expect(try RunReport.html(four, language: .vi) == RunReport.html(one, language: .vi))
        #expect(ReportTests.remoteReference(html) == nil)
        #expect(ReportTests.unbalancedTag(html) == nil)
        #expect(ReportTests.malformedSVG(html) == nil)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">"))
        // Names with diacritics as UTF-8 (not entities), markup characters escaped.
        #expect(html.contains("Thành phố Đông Hà"))
        #expect(html.contains("Huyện Cồn Cỏ &lt;đảo&gt; &amp; &quot;biển&quot;"))
        #expect(!html.contains("<đảo>") && !html.contains("<nghiệm>"))
        #expect(html.contains("<title>Báo cáo thử &lt;nghiệm&gt; &amp; kiểm tra — coverage report</title>"))
        #expect(html.contains("<html lang=\"en\">"))
        // The parts: what the figures rest on, map, districts, targets, plan picks, cost to target, warnings.
        for part in ["id=\"basis\"", "id=\"map\"", "<h2>Districts</h2>", "<h2>Targets: plan against target", "<h2>Plan picks</h2>", "<h2>Cost to target</h2>", "<h2>Warnings</h2>"] {
            #expect(html.contains(part), "missing \(part)")
        }
        // The same parts in Vietnamese, the default.
        let vi = try RunReport.html(one, language: .vi)
        #expect(vi.contains("<html lang=\"vi\">"))
        #expect(vi.contains("<title>Báo cáo thử &lt;nghiệm&gt; &amp; kiểm tra — báo cáo vùng phủ sóng và hạ tầng mạng</title>"))
        for part in ["<h2>Số liệu dựa trên gì</h2>", "<h2>Bản đồ</h2>", "<h2>Số liệu theo huyện, thị xã, thành phố</h2>", "<h2>Chỉ tiêu: kết quả kế hoạch",
                     "<h2>Các hạng mục đầu tư</h2>", "<h2>Chi phí để đạt chỉ tiêu</h2>", "<h2>Cảnh báo</h2>"] {
            #expect(vi.contains(part), "missing \(part)")
        }
        #expect(ReportTests.unbalancedTag(vi) == nil && ReportTests.malformedSVG(vi) == nil && ReportTests.remoteReference(vi) == nil)
        // One shaded path per district; one target cell per district and year (lte only).
        #expect(html.components(separatedBy: "fill-rule=\"evenodd\"><title>").count - 1 == 2)
        #expect(html.components(separatedBy: "<td class=\"met\" title=\"Met\">").count + html.components(separatedBy: "<td class=\"gap\" title=\"Gap\">").count - 2 == 2)

        // Written through the output folder as report.html: Vietnamese by default, English when the
        // front end binds the task's language (as `sim run --lang en` does); the other files alike.
        let outPath = dir.appendingPathComponent("out").path, enPath = dir.appendingPathComponent("out-en").path
        try OutputFolder.produce(outPath) { try one.write(into: $0) }
        try ReportLanguage.$current.withValue(.en) { try OutputFolder.produce(enPath) { try one.write(into: $0) } }
        #expect(try String(contentsOfFile: outPath + "/report.html", encoding: .utf8) == vi)
        #expect(try String(contentsOfFile: enPath + "/report.html", encoding: .utf8) == html)
        // With workers to spare the page is made on a thread of its own beside the other files: the same page, in the
        // language bound by the caller's task.
        let threadedEn = dir.appendingPathComponent("out-en-2").path
        try ReportLanguage.$current.withValue(.en) { try OutputFolder.produce(threadedEn) { try one.write(into: $0, workers: 2) } }
        #expect(try String(contentsOfFile: threadedEn + "/report.html", encoding: .utf8) == html)
        for f in try FileManager.default.contentsOfDirectory(atPath: outPath) where f != "report.html" {
            #expect(FileManager.default.contents(atPath: "\(outPath)/\(f)") == FileManager.default.contents(atPath: "\(enPath)/\(f)"),
                    "\(f) must not depend on the report's language")
        }
    }

    @Test func runReportWithoutPlanLeavesThePlanOut() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try await ReportTests.smallStudy(in: dir)
        let run = try await ScenarioRun.execute(study, planning: false, workers: 1, progress: Progress())
        let html = try RunReport.html(run, language: .en)
        #expect(!html.contains("Plan picks") && !html.contains("Cost to target") && !html.contains("class=\"layer-plan\"") && !html.contains("id=\"t-plan\""))
        #expect(ReportTests.unbalancedTag(html) == nil && ReportTests.malformedSVG(html) == nil)
        let vi = try RunReport.html(run, language: .vi)
        #expect(!vi.contains("Các hạng mục đầu tư") && !vi.contains("Chi phí để đạt chỉ tiêu") && !vi.contains("id=\"t-plan\""))
    }

    /// Spend by district and year on the small study: the plan (greedy, VND 1 bn for 2020) can afford
    /// the 3G→4G upgrade of S3 (VND 400 m, in the second square, "471") and not the new site N1 (VND 2 bn):
    /// 461 spends 0, 471 spends 400 000 000; the rows add up to the year's spend. The map has a coverage
    /// layer and toggle for 2020 (S3's footprint in it), the outline of that footprint, and the table.
    @Test func spendTableAndYearCoverage() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try await ReportTests.smallStudy(in: dir)
        let run = try await ScenarioRun.execute(study, workers: 1, progress: Progress())
        let plan = try #require(run.plan)
        let rows = RunReport.spendByDistrict(plan)
        #expect(rows.map(\.district) == [0, 1])
        #expect(rows.map(\.vnd) == [[0], [400_000_000]])
        for (k, y) in plan.years.enumerated() {
            #expect(rows.reduce(Int64(0)) { $0 + $1.vnd[k] } == y.spent.vnd, "year \(y.year)")
        }
        #expect(plan.years.map(\.spent.vnd) == [400_000_000])
        let html = try RunReport.html(run, language: .en)
        #expect(html.contains("<table class=\"spend\">") && html.contains("<h2>Spend by district and year</h2>"))
        // Row 471: VND 400 million in 2020 and in total; the total row the same.
        #expect(html.contains("<td>VND 400 million</td><td>VND 400 million</td></tr>"))
        #expect(html.contains("<td><b>VND 400 million</b></td><td><b>VND 400 million</b></td></tr>"))
        let rank = try #require(plan.steps.first { plan.candidates[$0.candidate].kind == .upgrade }?.rank)
        #expect(html.contains("<g class=\"layer-cy layer-cy0\" data-year=\"2020\""))
        #expect(html.contains("<use href=\"#cov-base\"/><use href=\"#fp-\(rank)\"/></g>"))
        #expect(html.contains("<input type=\"checkbox\" id=\"t-cy0\"><label for=\"t-cy0\">4G coverage after 2020</label>"))
        #expect(html.contains("#t-cy0:not(:checked) ~ .mapgrid .layer-cy0"))
        #expect(html.contains("<g class=\"layer-plan plan-footprints\""))
        let vi = try RunReport.html(run, language: .vi)
        #expect(vi.contains("<h2>Chi tiêu theo huyện và năm</h2>") && vi.contains("<td>400 triệu đồng</td>"))
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

    /// The label placer on a 200 × 100 px canvas with the scale bar's panel (0, 80, 60 × 20) taken.
    /// Sizes: width = characters · font · em + 2 · 1.5 halo, height = 1.2 · font + 3 —
    /// "Alpha" bold 10 px: 5 · 10 · 0.64 + 3 = 35 × 15; "Beta" bold: 4 · 6.4 + 3 = 28.6 × 15;
    /// "Town" regular: 4 · 10 · 0.58 + 3 = 26.2 × 15; "Corner" regular: 6 · 5.8 + 3 = 37.8 × 15.
    @Test func labelPlacerByHand() {
        let close = { (a: LabelPlacer.Box, b: LabelPlacer.Box) -> Bool in
            abs(a.x - b.x) < 1e-9 && abs(a.y - b.y) < 1e-9 && abs(a.width - b.width) < 1e-9 && abs(a.height - b.height) < 1e-9
        }
        var placer = LabelPlacer(widthPx: 200, heightPx: 100)
        placer.reserve(LabelPlacer.Box(x: 0, y: 80, width: 60, height: 20))
        let alpha = LabelPlacer.size(of: "Alpha", fontSizePx: 10, bold: true), beta = LabelPlacer.size(of: "Beta", fontSizePx: 10, bold: true)
        #expect(abs(alpha.width - 35) < 1e-9 && abs(alpha.height - 15) < 1e-9 && abs(beta.width - 28.6) < 1e-9)
        // Alpha on its anchor (100, 50): (100 − 17.5, 50 − 7.5).
        let a = placer.placeAlways(size: alpha, centres: LabelPlacer.areaCentres((100, 50), size: alpha))
        #expect(close(a, LabelPlacer.Box(x: 82.5, y: 42.5, width: 35, height: 15)))
        // Beta's anchor (110, 50) would overlap Alpha (95.7 … 124.3 against 82.5 … 117.5); one line up, centre
        // (110, 35), its bottom 42.5 touches Alpha's top without overlapping.
        let b = placer.placeAlways(size: beta, centres: LabelPlacer.areaCentres((110, 50), size: beta))
        #expect(close(b, LabelPlacer.Box(x: 110 - 14.3, y: 27.5, width: 28.6, height: 15)))
        // Town at (190, 50), gap 4: right of it would end at 190 + 4 + 26.2 = 220.2 > 200; left: centre 190 − 4 − 13.1 = 172.9.
        let town = LabelPlacer.size(of: "Town", fontSizePx: 10, bold: false)
        let c = placer.place(size: town, centres: LabelPlacer.pointCentres((190, 50), size: town, gap: 4))
        #expect(c.map { close($0, LabelPlacer.Box(x: 159.8, y: 42.5, width: 26.2, height: 15)) } == true)
        // A town at (10, 90), on the scale bar: to the right (14 … 51.8) and upper right (y 71 … 86) hit the
        // panel; left, above, below and the other diagonals leave the canvas: skipped.
        let corner = LabelPlacer.size(of: "Corner", fontSizePx: 10, bold: false)
        #expect(abs(corner.width - 37.8) < 1e-9)
        #expect(placer.place(size: corner, centres: LabelPlacer.pointCentres((10, 90), size: corner, gap: 4)) == nil)
        // The placed labels: inside the canvas, pairwise apart, and clear of the panel.
        let placed = [a, b, c!]
        for (i, p) in placed.enumerated() {
            #expect(p.isInside(width: 200, height: 100))
            #expect(!p.overlaps(LabelPlacer.Box(x: 0, y: 80, width: 60, height: 20)))
            for q in placed[(i + 1)...] { #expect(!p.overlaps(q)) }
        }
        // A district name with no free candidate is still drawn, moved inside the canvas: anchor (195, 95)
        // for "Alpha" (35 × 15) → left 200 − 35 = 165, top 100 − 15 = 85.
        #expect(close(placer.placeAlways(size: alpha, centres: [(195, 95)]), LabelPlacer.Box(x: 165, y: 85, width: 35, height: 15)))
    }

    /// The district ramp's stops (ColorBrewer YlOrBr, reversed) and a midpoint by hand: 12.5 % is halfway
    /// from #fe9929 to #fec44f: (254, (153 + 196) / 2 = 174.5 → 175, (41 + 79) / 2 = 60) = #feaf3c.
    @Test func districtRampByHand() {
        #expect(RunReport.shade(0) == "#fe9929" && RunReport.shade(25) == "#fec44f" && RunReport.shade(50) == "#fee391")
        #expect(RunReport.shade(75) == "#fff7bc" && RunReport.shade(100) == "#ffffe5")
        #expect(RunReport.shade(12.5) == "#feaf3c")
        #expect(RunReport.shade(-5) == "#fe9929" && RunReport.shade(140) == "#ffffe5" && RunReport.shade(.nan) == "#fe9929")
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

    /// Number formats by hand. Vietnamese: decimal comma, thousands grouped with a dot
    /// (1234567.89 → "1.234.567,9"); English: "1,234,567.9". Money: "41,8 tỷ đồng" / "VND 41.8 bn".
    @Test func numberFormats() {
        let vi = Messages(.vi), en = Messages(.en)
        #expect(vi.decimal(1_234_567.89, 1) == "1.234.567,9" && en.decimal(1_234_567.89, 1) == "1,234,567.9")
        #expect(vi.decimal(999.95, 2) == "999,95" && vi.decimal(1000, 0) == "1.000" && vi.decimal(-1234.5, 1) == "-1.234,5")
        #expect(vi.decimal(-0.04, 1) == "0,0" && en.decimal(-0.04, 1) == "0.0" && vi.decimal(.nan, 1) == "–")
        #expect(vi.integer(27_331) == "27.331" && en.integer(-1000) == "-1,000" && vi.integer(999) == "999")
        // 27,330.9 households round to 27,331; 89.84 % to one decimal.
        #expect(vi.count(27_330.9) == "27.331" && en.count(27_330.9) == "27,331")
        #expect(vi.percent(89.84) == "89,8 %" && en.percent(89.84) == "89.8 %" && vi.percent(50, decimals: 0) == "50 %")
        // Money: 41.8 bn; 15 bn drops ",0"; 1.25 bn keeps two decimals; 245,393,843 đồng = 245.4 million.
        #expect(vi.money(41_800_000_000) == "41,8 tỷ đồng" && en.money(41_800_000_000) == "VND 41.8 bn")
        #expect(vi.money(15_000_000_000) == "15 tỷ đồng" && vi.money(1_250_000_000) == "1,25 tỷ đồng")
        #expect(vi.money(245_393_843) == "245,4 triệu đồng" && en.money(245_393_843) == "VND 245.4 million")
        #expect(vi.money(500_000) == "500.000 đồng" && en.money(0) == "VND 0")
        #expect(vi.billions(15_000_000_000) == "15,00" && vi.millions(1_250_000_000) == "1.250,0" && en.millions(51_234_567) == "51.2")
        #expect(vi.trimmed(97, 1) == "97" && vi.trimmed(97.5, 1) == "97,5")
        // Cells written by another program in C notation, decimals kept.
        #expect(vi.relocalized("80.64") == "80,64" && vi.relocalized("41800000000") == "41.800.000.000" && vi.relocalized("-110") == "-110")
        #expect(vi.relocalized("12/20") == "12/20" && vi.relocalized("") == "" && en.relocalized("1234.5") == "1,234.5")
        #expect(HTML.fixed(-0.04, 1) == "0.0" && HTML.coord(12.34) == "12.3", "SVG coordinates stay in C notation")
        #expect(HTML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        // Ticks 0…23, about 5: raw step 4.6 → 5 → 0, 5, …, 25.
        #expect(LineChart.niceTicks(0, 23) == [0, 5, 10, 15, 20, 25])
        #expect(LineChart.niceTicks(80.6, 96.2) == [80, 85, 90, 95, 100])
        #expect(LineChart.tickLabel(2e9, step: 1e9, text: en) == "2 bn" && LineChart.tickLabel(2e9, step: 1e9, text: vi) == "2 tỷ")
        #expect(LineChart.tickLabel(0.25, step: 0.05, text: en) == "0.25" && LineChart.tickLabel(22.5, step: 0.5, text: vi) == "22,5")
        #expect(LineChart.tickLabel(2500, step: 500, text: vi) == "2.500" && LineChart.tickLabel(1.5e9, step: 5e8, text: vi) == "1.500 triệu")
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
                                    headlineColumns: ["lte_pop_pct", "cost_vnd"], title: "Ngưỡng & mô hình", language: .en)
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
                                 headlineColumns: ["lte_pop_pct", "cost_vnd"], title: "Ngưỡng & mô hình", language: .en) == html)
        // Vietnamese: headings, the known column's name, numbers with a decimal comma and grouped thousands.
        let vi = SweepReport.html(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: params,
                                  headlineColumns: ["lte_pop_pct", "cost_vnd"], title: "Ngưỡng & mô hình", language: .vi)
        #expect(vi.contains("<html lang=\"vi\">") && vi.contains("<h2>Theo radio.threshold_dbm</h2>") && vi.contains("<h2>Tất cả các lượt chạy</h2>"))
        #expect(vi.contains("<title>Ngưỡng &amp; mô hình — báo cáo so sánh phương án</title>"))
        #expect(vi.contains("title=\"lte_pop_pct\">Tỷ lệ dân số được phủ sóng 4G (%)</th>") && vi.contains(">1.000.000.000</td>"))
        #expect(vi.contains("<p>So sánh phương án · 6 lượt chạy · 2 tham số thay đổi · 2 chỉ số chính</p>"))
        #expect(html.contains("<p>Sweep comparison · 6 runs · 2 varying parameters · 2 headline figures</p>"))
        #expect(ReportTests.unbalancedTag(vi) == nil && ReportTests.malformedSVG(vi) == nil)
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
        let (chart, dropped) = SweepReport.chartAcross(axis: "radio.threshold_dbm", others: ["radio.model"], headline: "lte_pop_pct", results: ReportTests.sweepRows,
                                                       text: Messages(.en))
        #expect(dropped == 0 && chart.series.count == 2)
        #expect(chart.svg().contains("<path d=\"M62.0 61.6L218.0 124.8L374.0 188.0\" fill=\"none\" stroke=\"#1b9e77\""))
    }

    @Test func sweepReportWrittenToAPath() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report.html").path
        try SweepReport.write(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: ["radio.model"], into: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == SweepReport.html(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: ["radio.model"], language: .vi))
        // `sim sweep --lang en` binds the task's language; the page follows it.
        try ReportLanguage.$current.withValue(.en) {
            try SweepReport.write(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: ["radio.model"], into: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8)
                == SweepReport.html(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: ["radio.model"], language: .en))
        #expect(throws: SimError.self) {
            try SweepReport.write(results: [], columns: [], parameterColumns: [], into: dir.appendingPathComponent("no/such/dir/report.html").path)
        }
    }

    // MARK: the two languages

    /// What a reader sees: element text and `title` / `aria-label` values, entities decoded; the
    /// style sheet and the run's warnings (engine messages, word for word in English) left out.
    static func visibleText(_ html: String) -> String {
        var t = html.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
        t = t.replacingOccurrences(of: "<ul class=\"warnings\">[\\s\\S]*?</ul>", with: " ", options: .regularExpression)
        t = t.replacingOccurrences(of: "(title|aria-label)=\"([^\"]*)\"", with: ">$2<", options: .regularExpression)
        t = t.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, ch) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            t = t.replacingOccurrences(of: entity, with: ch)
        }
        return t
    }

    /// `text` without the data it shows: the given names and every file name (x.csv, x.yaml, …).
    static func withoutData(_ text: String, names: [String]) -> String {
        var t = text
        for n in names.sorted(by: { $0.count > $1.count }) { t = t.replacingOccurrences(of: n, with: " ") }
        return t.replacingOccurrences(of: "[\\w.-]+\\.(csv|xlsx|yaml|json|geojson|html)", with: " ", options: .regularExpression)
    }

    /// The pieces of a template between its placeholders that have three or more letters and are not
    /// also in `other` (the same key's text in the other language), trimmed: what only this language says.
    static func ownFragments(_ template: String, other: String) -> [String] {
        template.components(separatedBy: .init(charactersIn: "{}")).enumerated()
            .filter { i, piece in !(i % 2 == 1 && Int(piece) != nil) }
            .map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: ".,;:()·—#/+=%"))) }
            .filter { piece in piece.filter(\.isLetter).count >= 3 && !other.contains(piece) }
    }

    /// Catalogue fragments of `language` found in `page` (whole words at letter ends), with their keys.
    static func leftovers(of language: ReportLanguage, in page: String) -> [String] {
        let mine = Messages(language), other = Messages(language == .vi ? .en : .vi)
        var found: [String] = []
        for key in Message.allCases {
            for piece in ownFragments(mine.template(key), other: other.template(key)) {
                let escaped = NSRegularExpression.escapedPattern(for: piece)
                let pattern = (piece.first!.isLetter ? "(?<![\\p{L}\\p{N}])" : "") + escaped + (piece.last!.isLetter ? "(?![\\p{L}\\p{N}])" : "")
                if page.range(of: pattern, options: .regularExpression) != nil { found.append("\(key.rawValue): \(piece)") }
            }
        }
        return found
    }

    /// The Vietnamese page has no English label from the catalogue, the English one no Vietnamese
    /// label, on a run with fixed broadband and a plan (every section drawn); data (district and
    /// scenario names, file names, ids) excepted. Also a hand-written list of English words.
    @Test func noLabelOfTheOtherLanguage() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try await ReportTests.smallStudy(in: dir, fixed: true)
        let run = try await ScenarioRun.execute(study, workers: 1, progress: Progress())
        #expect(run.coverage.fixed != nil && !(run.plan?.steps.isEmpty ?? true))
        let data = study.districts.map(\.name) + [study.scenario.name] + study.districts.map(\.id)
        let vi = ReportTests.withoutData(ReportTests.visibleText(try RunReport.html(run, language: .vi)), names: data)
        let en = ReportTests.withoutData(ReportTests.visibleText(try RunReport.html(run, language: .en)), names: data)
        #expect(vi.contains("Huyện/Thị xã/Thành phố") && en.contains("District"), "the checks look at the right pages")
        #expect(ReportTests.leftovers(of: .vi, in: vi).count > 50 && ReportTests.leftovers(of: .en, in: en).count > 50, "the check finds a page's own labels")
        #expect(ReportTests.leftovers(of: .en, in: vi) == [], "English labels in the Vietnamese page")
        #expect(ReportTests.leftovers(of: .vi, in: en) == [], "Vietnamese labels in the English page")
        for word in ["Population", "Coverage", "coverage", "Budget", "Budgets", "District", "Districts", "Households", "Targets", "Target",
                     "Legend", "Map", "Warnings", "Year", "Cost", "Spent", "Available", "picks", "households", "people", "VND", "bn", "site", "cable"] {
            #expect(vi.range(of: "(?<![\\p{L}])\(word)(?![\\p{L}])", options: .regularExpression) == nil, "'\(word)' in the Vietnamese page")
        }
        for word in ["Huyện/Thị xã/Thành phố", "Năm", "Chi phí", "Chỉ tiêu", "Đạt", "Chưa đạt", "tỷ đồng", "triệu đồng", "Dân số", "hộ", "Bản đồ"] {
            #expect(!en.contains(word), "'\(word)' in the English page")
        }
        // Numbers: the Vietnamese page writes a decimal comma (no "12.3"-style decimal in its text).
        let viBody = ReportTests.withoutData(ReportTests.visibleText(try RunReport.html(run, language: .vi)
            .replacingOccurrences(of: "<footer>[\\s\\S]*?</footer>", with: "", options: .regularExpression)), names: data)   // the footer's library versions
        #expect(viBody.range(of: "(?<![\\d.])\\d+\\.\\d(?!\\d)", options: .regularExpression) == nil, "a decimal point in the Vietnamese page")

        // The sweep page too.
        let params = ["radio.threshold_dbm", "radio.model", "population.cell_size_m"]
        let page = { (l: ReportLanguage) in
            ReportTests.withoutData(ReportTests.visibleText(SweepReport.html(results: ReportTests.sweepRows, columns: ReportTests.sweepColumns, parameterColumns: params,
                                                                             headlineColumns: ["lte_pop_pct", "cost_vnd"], title: "Ngưỡng", language: l)),
                                    names: ["Ngưỡng", "Đông Hà"] + ReportTests.sweepColumns)
        }
        #expect(ReportTests.leftovers(of: .en, in: page(.vi)) == [])
        #expect(ReportTests.leftovers(of: .vi, in: page(.en)) == [])
    }

    /// Every key has a text in both languages (the two `switch`es are exhaustive: a missing one does
    /// not compile), non-empty, with the same placeholders; and every key is used by the report code.
    @Test func catalogueIsCompleteAndUsed() throws {
        for key in Message.allCases {
            let vi = Messages(.vi).template(key), en = Messages(.en).template(key)
            #expect(!vi.isEmpty && !en.isEmpty, "\(key.rawValue)")
            #expect(Messages.placeholders(vi) == Messages.placeholders(en), "\(key.rawValue): \(vi) / \(en)")
        }
        #expect(Messages.placeholders("{0} và {1}") == ["{0}", "{1}"])
        #expect(Messages(.vi).text(.listAnd, "a", "b") == "a và b" && Messages(.en).html(.listAnd, "<b>a</b>", "b") == "<b>a</b> and b")
        #expect(Messages.fill("x {1} {0} {2}", ["A", "B"], escape: false) == "x B A {2}", "placeholders fill in any order; a missing argument stays visible")
        // Used: each key appears as `.key` in the report sources outside the catalogue's two tables.
        let folder = repoPath("Sources/Studies/Report")
        var code = ""
        for f in FileManager.default.enumerator(atPath: folder)!.compactMap({ $0 as? String }) where f.hasSuffix(".swift") {
            let text = try String(contentsOfFile: folder + "/" + f, encoding: .utf8)
            code += f.hasSuffix("Messages.swift") ? String(text[..<text.range(of: "// MARK: the tables")!.lowerBound]) : text
        }
        // The keys of the year coverage, roads, towns, footprint and spend additions: in both languages, and told apart.
        let added: [Message] = [.toggleCoverageAfter, .toggleRoads, .toggleTowns, .legendShadeBars, .legendCoverageAfter, .legendRoad,
                                .legendTown, .legendFootprint, .spendHeading, .spendNote, .colTotal, .rowTotal, .rowOutsideDistricts]
        for key in added {
            let vi = Messages(.vi).template(key), en = Messages(.en).template(key)
            #expect(!vi.isEmpty && !en.isEmpty && vi != en, "\(key.rawValue): \(vi) / \(en)")
        }
        let unused = Message.allCases.filter { code.range(of: "\\.\($0.rawValue)(?![A-Za-z0-9])", options: .regularExpression) == nil }
        #expect(unused == [], "catalogue keys no report uses")
    }

    /// `--lang`: vi or en (case and blanks ignored); anything else is one line naming the value and the choices.
    @Test func languageOption() throws {
        #expect(try ReportLanguage(option: "vi") == .vi && ReportLanguage(option: " EN ") == .en)
        #expect(ReportLanguage.current == .vi, "Vietnamese unless a front end binds another")
        do { _ = try ReportLanguage(option: "fr"); Issue.record("fr accepted") } catch let e as SimError {
            #expect(e.message == "--lang 'fr': give vi (Vietnamese, the default) or en (English)")
        }
    }

    // MARK: what the figures rest on

    /// The default scenario (2020 plan): real boundaries, census, places and roads recognised by
    /// content; sites, cables and OLTs marked SYNTHETIC; costs and targets marked ASSUMPTION; the
    /// population spread with assumed weights; budgets from the scenario; flat earth, environment per place from density
    /// (Đông Hà urban, Quảng Trị town suburban, eight rural), not calibrated. The box says so in both languages.
    @Test func basisOfTheDefaultRun() throws {
        let s = try Scenario.load(path: repoPath("data/scenarios/quang-tri-2020-plan.yaml"))
        let districts = try Inputs.districts(s.inputs.districts).map { (name: $0.name, environment: s.environment(ofDistrict: $0.id)) }
        let p = Provenance(scenario: s, districts: districts)
        let origin = { (r: Provenance.Role) in p.items.first { $0.role == r }?.origin }
        #expect(origin(.boundaries) == .real(.sourceBoundaries2019) && origin(.census) == .real(.sourceCensus2019))
        #expect(origin(.places) == .real(.sourceGeoNames) && origin(.roads) == .real(.sourceRoads))
        #expect(origin(.sites) == .synthetic && origin(.cables) == .synthetic && origin(.olts) == .synthetic)
        #expect(origin(.costs) == .assumed && origin(.targets) == .assumed && origin(.budgets) == .scenario)
        #expect(origin(.populationSurface) == .modelled(cellSizeMeters: 200) && origin(.dem) == nil)
        #expect(p.user.isEmpty && p.ground == .flat && !p.calibrated)
        #expect(p.clutter == .density(urbanPerKm2: 1500, suburbanPerKm2: 300))

        let vi = RunReport.basisBox(p, Messages(.vi)), en = RunReport.basisBox(p, Messages(.en))
        for line in ["<h2>Số liệu dựa trên gì</h2>", "<h3>Dữ liệu thực</h3>", "<h3>Mô phỏng hoặc giả định</h3>", "<h3>Giới hạn của mô hình</h3>",
                     "<li>Ranh giới huyện (<code>quang_tri_districts_simplified.geojson</code>): bản đồ hành chính năm 2019 của Chính phủ (gis.chinhphu.vn, qua dvhcvn)</li>",
                     "<li>Dân số huyện (<code>quang_tri_districts_simplified.geojson</code>): Tổng điều tra dân số và nhà ở 2019 (Tổng cục Thống kê)</li>",
                     "<li>Trạm BTS hiện có (<code>sites-2017.csv</code>): mô phỏng (tệp ghi SYNTHETIC), không phải dữ liệu của nhà mạng</li>",
                     "<li>Mạng cáp quang hiện có (<code>cables-2017.geojson</code>): mô phỏng (tệp ghi SYNTHETIC), không phải dữ liệu của nhà mạng</li>",
                     "<li>Đơn giá đầu tư (<code>costs.csv</code>): giả định (tệp ghi ASSUMPTION)</li>",
                     "<li>Chỉ tiêu (<code>targets-2020.csv</code>): giả định (tệp ghi ASSUMPTION)</li>",
                     "<li>Ngân sách theo năm: do kịch bản đặt, không phải ngân sách được duyệt</li>",
                     "<li>Địa hình: không tính (coi mặt đất phẳng, không có DEM)</li>",
                     "<li>Môi trường tại từng nơi theo mật độ dân số (đô thị ≥ 1.500 người/km², ven đô ≥ 300, còn lại nông thôn); không có bản đồ lớp phủ nên chưa phân biệt ruộng với rừng</li>",
                     "<li>Hiệu chỉnh mô hình bằng số liệu đo kiểm thực tế (drive test): chưa</li>"] {
            #expect(vi.contains(line), "missing \(line)")
        }
        for line in ["<h2>What these figures rest on</h2>", "<li>Existing sites (<code>sites-2017.csv</code>): synthetic (marked SYNTHETIC), not operator data</li>",
                     "<li>Terrain: none (flat earth, no DEM)</li>", "<li>Calibrated against drive tests: no</li>",
                     "<li>Environment per place from population density (urban ≥ 1,500 /km², suburban ≥ 300, rural below); no land-cover map, so fields and forest are not told apart</li>"] {
            #expect(en.contains(line), "missing \(line)")
        }
        #expect(!vi.contains("Do người dùng cung cấp"), "no group for the user's data when there is none")
    }

    /// A scenario with a DEM says terrain (and which models); the quick-study disk says so.
    @Test func basisWithTerrainOrDisk() throws {
        let s = try Scenario.load(path: repoPath("data/scenarios/quang-tri-2017-terrain.yaml"))
        let p = Provenance(scenario: s, districts: [("A", .urban)])
        guard case .terrain(let dem, let models) = p.ground else { Issue.record("\(p.ground)"); return }
        #expect(dem == "quang-tri" && Set(models) == ["itm", "deygout-correction"])
        #expect(p.items.contains { $0.role == .dem && $0.origin == .user })
        let vi = RunReport.basisBox(p, Messages(.vi))
        #expect(vi.contains("<li>Địa hình: có tính, DEM <code>quang-tri</code>, mô hình ") && !vi.contains("mặt đất phẳng"))
        var byDistrict = s
        byDistrict.clutter.source = .districts
        #expect(RunReport.basisBox(Provenance(scenario: byDistrict, districts: [("A", .urban)]), Messages(.vi))
            .contains("<li>Lớp phủ bề mặt (clutter): không có; mỗi huyện một loại môi trường: đô thị — A</li>"))
        #expect(RunReport.basisBox(p, Messages(.en)).contains("<li>Terrain: included, DEM <code>quang-tri</code>, model "))

        var disk = s
        disk.diskRadiusMeters = 2500
        let d = Provenance(scenario: disk, districts: [("A", .urban)])
        #expect(d.ground == .disk(radiusMeters: 2500))
        #expect(RunReport.basisBox(d, Messages(.vi)).contains("<li>Vùng phủ: hình tròn bán kính 2.500 m quanh mỗi trạm"))
    }

    /// Files are classified from their own content: the published layers by size and digest (a
    /// copy elsewhere is still real, an edited one is the user's), marks only in a CSV's leading
    /// comments or a GeoJSON's header, anything else supplied by the user.
    @Test func basisClassifiesFiles() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ text: String) -> String {
            let path = dir.appendingPathComponent(name).path
            try! text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        // FNV-1a 64 test vectors (draft-eastlake-fnv): "" and "a".
        #expect(Provenance.fnv1a64(Data()) == 0xcbf2_9ce4_8422_2325 && Provenance.fnv1a64(Data("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        let real = try String(contentsOfFile: wgs84Districts, encoding: .utf8)
        #expect(Provenance.origin(of: file("copy.geojson", real)) == .real(.sourceBoundaries2019))
        #expect(Provenance.origin(of: file("edited.geojson", real.replacingOccurrences(of: "95658", with: "95659"))) == .user)
        #expect(Provenance.origin(of: vn2000Districts) == .real(.sourceBoundaries2019))
        #expect(Provenance.knownLayer(vn2000Districts)?.census == .sourceCensus2019)
        let sites = try String(contentsOfFile: repoPath("data/quang-tri/sites-2017.csv"), encoding: .utf8)
        #expect(Provenance.origin(of: file("sites.csv", sites)) == .synthetic)
        let own = sites.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        #expect(Provenance.origin(of: file("own-sites.csv", own)) == .user, "the same rows without the SYNTHETIC line are the user's")
        #expect(Provenance.origin(of: file("row.csv", "id,note\nA,SYNTHETIC\n")) == .user, "a mark in a data row does not count")
        #expect(Provenance.origin(of: file("c.csv", "# ASSUMPTIONS: round figures\nitem,cost_vnd\n")) == .assumed)
        #expect(Provenance.origin(of: file("n.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{\"note\":\"SYNTHETIC\"}}]}")) == .user)
        #expect(Provenance.origin(of: repoPath("data/quang-tri/olts-2017.geojson")) == .synthetic)
        #expect(Provenance.origin(of: dir.appendingPathComponent("missing.csv").path) == .user)
        #expect(Provenance.origin(of: "/vsizip/x.zip/a.shp") == .user)
    }

    /// The small study's own files carry no mark: the box lists them as supplied by the user, and
    /// population points instead of the synthesised surface.
    @Test func basisOfAUsersStudy() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try await ReportTests.smallStudy(in: dir)
        let p = Provenance(study)
        #expect(p.real.isEmpty && p.user.map(\.role) == [.boundaries, .census, .populationPoints, .sites, .costs, .targets, .candidateSites])
        #expect(p.syntheticOrAssumed.map(\.role) == [.budgets] && p.ground == .disk(radiusMeters: 2500))
        let vi = RunReport.basisBox(p, Messages(.vi))
        #expect(vi.contains("<h3>Do người dùng cung cấp</h3>") && vi.contains("<li>Trạm BTS hiện có (<code>sites.csv</code>): do người dùng cung cấp</li>"))
        #expect(!vi.contains("Dữ liệu thực"))
    }
}
