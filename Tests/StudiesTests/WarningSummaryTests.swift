import Testing
@testable import Studies

/// The terminal gets one line per kind of warning; the counts are worked out from the input by hand.
@Suite struct WarningSummaryTests {
    @Test func modelNotesBecomeOneLine() {
        let w = [
            "cost231-hata:open: frequency_mhz = 1815.0 is within 10 % of the upper limit 2000.0 of 1500–2000 (sites A, B, C and 85 more)", // 3 + 85 = 88
            "cost231-hata:open: tx_height_m = 30.0 is within 10 % of the lower limit 30.0 of 30–200 (sites A, B and 79 more)",             // 81 ≤ 88
            "cost231-hata:suburban: tx_height_m = 30.0 is within 10 % of the lower limit (site Q)",                                       // 1
            "planner candidate sites: cost231-hata:open: frequency_mhz = 1815.0 … (sites N1, N2 and 10 more)",                           // 12 candidates
            "2 cable piece(s) totalling 14141.7 m connect to no OLT and serve nobody",
        ]
        let lines = WarningSummary.lines(w, detailsIn: "out/summary.json")
        #expect(lines == [
            "4 notes on propagation models used near or beyond their published ranges: cost231-hata:open (88 sites, 12 planner candidates), cost231-hata:suburban (1 site); details in out/summary.json",
            "2 cable piece(s) totalling 14141.7 m connect to no OLT and serve nobody",
        ])
    }

    @Test func manyWarningsOfOneKindAreCounted() {
        let w = (1...5).map { "sites.csv: site S\($0) is outside all districts; it still covers what it reaches" } + ["ITM: distance under 1 km (site X)"]
        let lines = WarningSummary.lines(w, detailsIn: "s.json")
        #expect(lines.count == 1 + 3 + 1)   // the ITM note, three of five site lines, one count of the other two
        #expect(lines[0].hasPrefix("1 note on propagation models") && lines[0].contains("itm (1 site)"))
        #expect(lines[4] == "sites.csv: 2 more warnings like these; all in s.json")
    }
}
