/// Carriers as planners write them in cell lists: a channel number (EARFCN, UARFCN, NR-ARFCN) or a
/// frequency, and a technology in one of its usual spellings.

/// A radio access technology, from the spellings cell exports use ("LTE", "4G", "E-UTRA", "LTE-FDD",
/// "UMTS", "WCDMA", "3G", "NR", "5G NR" …). Matching ignores case, spaces, '-', '_' and '/'.
public enum RadioAccess: String, Sendable, CaseIterable {
    case umts = "3G"
    case lte = "4G"
    case nr = "5G"

    static let spellings: [String: RadioAccess] = [
        "3g": .umts, "umts": .umts, "wcdma": .umts, "utra": .umts, "utrafdd": .umts, "hspa": .umts, "hspa+": .umts, "umtsfdd": .umts,
        "4g": .lte, "lte": .lte, "eutra": .lte, "eutran": .lte, "ltefdd": .lte, "ltetdd": .lte, "lteadvanced": .lte, "ltea": .lte, "fddlte": .lte, "tddlte": .lte,
        "5g": .nr, "nr": .nr, "5gnr": .nr, "newradio": .nr, "nrsa": .nr, "nrnsa": .nr, "5gsa": .nr, "5gnsa": .nr,
    ]

    /// Parses a spelling; nil when it names no known technology.
    public init?(spelling: String) {
        let key = String(spelling.lowercased().unicodeScalars.filter { !" -_/\t".unicodeScalars.contains($0) }.map(Character.init))
        guard let t = Self.spellings[key] else { return nil }
        self = t
    }

    /// Every accepted spelling, for messages.
    public static var spellingList: String { "LTE/4G/E-UTRA, UMTS/WCDMA/3G, NR/5G/5G NR/New Radio" }
}

/// Channel numbers to carrier frequencies.
public enum ChannelNumber {
    /// One E-UTRA operating band's downlink and uplink channel-number ranges (3GPP TS 36.101 Table 5.7.3-1).
    public struct LTEBand: Sendable, Hashable {
        public var band: Int
        /// F_DL_low, MHz; N_Offs-DL; the band's N_DL range.
        public var downlinkLowMHz: Double
        public var downlinkOffset: Int
        public var downlinkRange: ClosedRange<Int>
        /// F_UL_low, MHz; N_Offs-UL; the band's N_UL range (nil for TDD bands, whose one range is the downlink's).
        public var uplinkLowMHz: Double?
        public var uplinkOffset: Int?
        public var uplinkRange: ClosedRange<Int>?
    }

    /// The bands of 3GPP TS 36.101 Table 5.7.3-1 (Rel-15) used in Viet Nam and its neighbours, plus the common
    /// TDD bands: F_DL = F_DL_low + 0.1·(N_DL − N_Offs-DL), F_UL = F_UL_low + 0.1·(N_UL − N_Offs-UL), MHz.
    public static let lteBands: [LTEBand] = [
        LTEBand(band: 1, downlinkLowMHz: 2110, downlinkOffset: 0, downlinkRange: 0...599, uplinkLowMHz: 1920, uplinkOffset: 18000, uplinkRange: 18000...18599),
        LTEBand(band: 2, downlinkLowMHz: 1930, downlinkOffset: 600, downlinkRange: 600...1199, uplinkLowMHz: 1850, uplinkOffset: 18600, uplinkRange: 18600...19199),
        LTEBand(band: 3, downlinkLowMHz: 1805, downlinkOffset: 1200, downlinkRange: 1200...1949, uplinkLowMHz: 1710, uplinkOffset: 19200, uplinkRange: 19200...19949),
        LTEBand(band: 4, downlinkLowMHz: 2110, downlinkOffset: 1950, downlinkRange: 1950...2399, uplinkLowMHz: 1710, uplinkOffset: 19950, uplinkRange: 19950...20399),
        LTEBand(band: 5, downlinkLowMHz: 869, downlinkOffset: 2400, downlinkRange: 2400...2649, uplinkLowMHz: 824, uplinkOffset: 20400, uplinkRange: 20400...20649),
        LTEBand(band: 7, downlinkLowMHz: 2620, downlinkOffset: 2750, downlinkRange: 2750...3449, uplinkLowMHz: 2500, uplinkOffset: 20750, uplinkRange: 20750...21449),
        LTEBand(band: 8, downlinkLowMHz: 925, downlinkOffset: 3450, downlinkRange: 3450...3799, uplinkLowMHz: 880, uplinkOffset: 21450, uplinkRange: 21450...21799),
        LTEBand(band: 20, downlinkLowMHz: 791, downlinkOffset: 6150, downlinkRange: 6150...6449, uplinkLowMHz: 832, uplinkOffset: 24150, uplinkRange: 24150...24449),
        LTEBand(band: 28, downlinkLowMHz: 758, downlinkOffset: 9210, downlinkRange: 9210...9659, uplinkLowMHz: 703, uplinkOffset: 27210, uplinkRange: 27210...27659),
        LTEBand(band: 38, downlinkLowMHz: 2570, downlinkOffset: 37750, downlinkRange: 37750...38249),
        LTEBand(band: 40, downlinkLowMHz: 2300, downlinkOffset: 38650, downlinkRange: 38650...39649),
        LTEBand(band: 41, downlinkLowMHz: 2496, downlinkOffset: 39650, downlinkRange: 39650...41589),
    ]

    /// A carrier: its band and centre frequency, and whether the number was a downlink one.
    public struct Carrier: Sendable, Hashable {
        public var band: Int
        public var frequencyMHz: Double
        public var isDownlink: Bool
    }

    /// The carrier of an EARFCN (downlink or uplink), per TS 36.101 §5.7.3; nil for a number outside the bands above.
    public static func lte(earfcn n: Int) -> Carrier? {
        for b in lteBands {
            if b.downlinkRange.contains(n) { return Carrier(band: b.band, frequencyMHz: b.downlinkLowMHz + 0.1 * Double(n - b.downlinkOffset), isDownlink: true) }
            if let r = b.uplinkRange, r.contains(n), let low = b.uplinkLowMHz, let off = b.uplinkOffset {
                return Carrier(band: b.band, frequencyMHz: low + 0.1 * Double(n - off), isDownlink: false)
            }
        }
        return nil
    }

    /// The downlink carrier of a UARFCN in UTRA FDD bands I (2100) and VIII (900), per 3GPP TS 25.101
    /// §5.4.4 Table 5.2: band I F_DL = N/5 (N 10562…10838); band VIII F_DL = 340 + N/5 (N 2937…3088), MHz.
    public static func umts(uarfcn n: Int) -> Carrier? {
        if (10562...10838).contains(n) { return Carrier(band: 1, frequencyMHz: Double(n) / 5, isDownlink: true) }
        if (2937...3088).contains(n) { return Carrier(band: 8, frequencyMHz: 340 + Double(n) / 5, isDownlink: true) }
        return nil
    }

    /// The frequency of an NR-ARFCN, per 3GPP TS 38.104 §5.4.2.1 Table 5.4.2.1-1:
    /// F_REF = F_REF-Offs + ΔF_Global·(N_REF − N_REF-Offs) with (ΔF_Global, F_REF-Offs, N_REF-Offs) =
    /// (5 kHz, 0, 0) for N < 600000, (15 kHz, 3000 MHz, 600000) up to 2016666, (60 kHz, 24250.08 MHz, 2016667)
    /// up to 3279165. The band is not derived (NR bands overlap); 0 is returned as the band.
    public static func nr(arfcn n: Int) -> Carrier? {
        switch n {
        case 0..<600_000: return Carrier(band: 0, frequencyMHz: 0.005 * Double(n), isDownlink: true)
        case 600_000...2_016_666: return Carrier(band: 0, frequencyMHz: 3000 + 0.015 * Double(n - 600_000), isDownlink: true)
        case 2_016_667...3_279_165: return Carrier(band: 0, frequencyMHz: 24250.08 + 0.06 * Double(n - 2_016_667), isDownlink: true)
        default: return nil
        }
    }

    /// One NR operating band of FR1 with its downlink range and duplex mode, 3GPP TS 38.104 Table 5.2-1.
    public struct NRBand: Sendable, Hashable {
        /// The band number n (e.g. 78 for n78).
        public var band: Int
        /// F_DL_low … F_DL_high, MHz (for a TDD band the one range of the band).
        public var downlinkMHz: ClosedRange<Double>
        /// True for a TDD band (n41, n77, n78 here), false for FDD.
        public var isTDD: Bool
        /// The subcarrier spacing assumed when a cell list gives none, kHz: 30 for the TDD bands (the
        /// numerology their deployments use for 40–100 MHz carriers), 15 for the FDD bands (the spacing of the
        /// LTE carriers they are refarmed from). A project default, stated in the README; give `scs_khz` to override.
        public var defaultSubcarrierSpacingKHz: Double { isTDD ? 30 : 15 }
    }

    /// The NR bands read from a cell list, downlink ranges from 3GPP TS 38.104 (V15.x) Table 5.2-1:
    /// n1 2110–2170, n3 1805–1880, n7 2620–2690, n8 925–960, n28 758–803 (FDD); n41 2496–2690, n77 3300–4200,
    /// n78 3300–3800 MHz (TDD). Listed narrowest first where they overlap (n78 before n77), so a carrier in
    /// several is named by the narrowest; n7 and n41 overlap at 2620–2690 MHz with different duplex modes.
    public static let nrBands: [NRBand] = [
        NRBand(band: 1, downlinkMHz: 2110...2170, isTDD: false),
        NRBand(band: 3, downlinkMHz: 1805...1880, isTDD: false),
        NRBand(band: 7, downlinkMHz: 2620...2690, isTDD: false),
        NRBand(band: 8, downlinkMHz: 925...960, isTDD: false),
        NRBand(band: 28, downlinkMHz: 758...803, isTDD: false),
        NRBand(band: 41, downlinkMHz: 2496...2690, isTDD: true),
        NRBand(band: 78, downlinkMHz: 3300...3800, isTDD: true),
        NRBand(band: 77, downlinkMHz: 3300...4200, isTDD: true),
    ]

    /// The NR bands of ``nrBands`` whose downlink range holds `frequencyMHz` (empty when none does).
    public static func nrBands(containing frequencyMHz: Double) -> [NRBand] {
        nrBands.filter { $0.downlinkMHz.contains(frequencyMHz) }
    }

    /// The channel number of `access` as a carrier; nil when it is outside every known range.
    public static func carrier(_ n: Int, access: RadioAccess) -> Carrier? {
        switch access {
        case .lte: return lte(earfcn: n)
        case .umts: return umts(uarfcn: n)
        case .nr: return nr(arfcn: n)
        }
    }
}
