import Testing
@testable import Coverage

/// Channel numbers against 3GPP's formulas, each worked out by hand from the table rows cited in
/// Carrier.swift (TS 36.101 Table 5.7.3-1, TS 25.101 §5.4.4, TS 38.104 Table 5.4.2.1-1).
@Suite struct CarrierTests {
    @Test func earfcnToFrequency() throws {
        // (EARFCN, band, MHz): F_DL = F_DL_low + 0.1·(N − N_Offs)
        let cases: [(Int, Int, Double, Bool)] = [
            (300, 1, 2110 + 0.1 * 300, true),           // 2140.0: band 1's usual 20 MHz carrier centre
            (1275, 3, 1805 + 0.1 * (1275 - 1200), true), // 1812.5
            (1850, 3, 1805 + 0.1 * (1850 - 1200), true), // 1870.0
            (3100, 7, 2620 + 0.1 * (3100 - 2750), true), // 2655.0
            (3625, 8, 925 + 0.1 * (3625 - 3450), true),  // 942.5
            (9360, 28, 758 + 0.1 * (9360 - 9210), true), // 773.0
            (19575, 3, 1710 + 0.1 * (19575 - 19200), false), // uplink of 1850: 1747.5 = 1842.5 − 95 (band 3 duplex spacing)
        ]
        for (n, band, mhz, dl) in cases {
            let c = try #require(ChannelNumber.lte(earfcn: n), "EARFCN \(n)")
            #expect(c.band == band && abs(c.frequencyMHz - mhz) < 1e-9 && c.isDownlink == dl, "EARFCN \(n): \(c)")
        }
        #expect(ChannelNumber.lte(earfcn: 65000) == nil)
        #expect(ChannelNumber.lte(earfcn: 2700) == nil)   // band 6 (not listed) lies between 5 and 7
    }

    @Test func uarfcnAndNRARFCN() throws {
        #expect(ChannelNumber.umts(uarfcn: 10700)?.frequencyMHz == 2140)          // 10700 / 5
        #expect(ChannelNumber.umts(uarfcn: 3011)?.frequencyMHz == 340 + 602.2)    // band VIII: 942.2
        #expect(ChannelNumber.umts(uarfcn: 9000) == nil)
        // n78 carrier at 3500 MHz: N = 600000 + (3500 − 3000) / 0.015 = 633333.33 → 633334 gives 3500.01 MHz
        let n78 = try #require(ChannelNumber.nr(arfcn: 633_334))
        #expect(abs(n78.frequencyMHz - 3500.01) < 1e-6)
        #expect(abs(try #require(ChannelNumber.nr(arfcn: 151_600)).frequencyMHz - 758) < 1e-9)  // n28: 151600 × 5 kHz
    }

    @Test func technologySpellings() {
        for s in ["LTE", "4G", "E-UTRA", "lte-fdd", "LTE TDD", "EUTRAN"] { #expect(RadioAccess(spelling: s) == .lte, "\(s)") }
        for s in ["UMTS", "WCDMA", "3G", "UTRA FDD", "hspa"] { #expect(RadioAccess(spelling: s) == .umts, "\(s)") }
        for s in ["NR", "5G", "5G NR", "NR-SA"] { #expect(RadioAccess(spelling: s) == .nr, "\(s)") }
        for s in ["GSM", "", "4.5G"] { #expect(RadioAccess(spelling: s) == nil, "\(s)") }
    }
}
