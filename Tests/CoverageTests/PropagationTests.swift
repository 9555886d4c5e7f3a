import Foundation
import Testing
@testable import Coverage

// Expected values below are hand calculations from the formulas in each model's source, every term
// written out (log = log10, terms rounded to 4–6 decimals), not outputs of the code under test.
// Sources: ITU-R P.525-4 eq. (6); Hata 1980 eqs. (4)–(8); COST 231 final report §4.4.1;
// ECC SEAMCAT Extended Hata (suburban/open corrections); 3GPP TR 38.901 Table 7.4.1-1.
// Tolerance: 0.01 dB (the brief allows 0.05 dB; the rounding of the written terms is < 0.001 dB).

/// Tolerance for hand-calculated path losses, dB.
private let toleranceDB = 0.01

private func loss(_ name: String, d: Double, f: Double, tx: Double, rx: Double) throws -> Double {
    try PropagationModel(parsing: name).pathLossDB(distanceMeters: d, frequencyMHz: f, txHeightMeters: tx, rxHeightMeters: rx)
}

@Suite("Model names")
struct PropagationModelNameTests {
    @Test("every name parses and prints back unchanged", arguments: PropagationModel.allNames)
    func roundTrip(name: String) throws {
        let model = try PropagationModel(parsing: name)
        #expect(model.description == name)
        #expect(try PropagationModel(parsing: model.description) == model)
    }

    @Test("the sixteen scenario spellings are all present")
    func allNamesComplete() {
        #expect(PropagationModel.allNames == [
            "free-space",
            "okumura-hata:urban-large", "okumura-hata:urban-small", "okumura-hata:suburban", "okumura-hata:open",
            "cost231-hata:metropolitan", "cost231-hata:medium-city", "cost231-hata:suburban", "cost231-hata:open",
            "extended-hata:urban", "extended-hata:suburban", "extended-hata:open",
            "3gpp-rma:los", "3gpp-rma:nlos", "3gpp-uma:los", "3gpp-uma:nlos",
        ])
    }

    @Test("case and surrounding spaces are ignored")
    func lenientParsing() throws {
        #expect(try PropagationModel(parsing: "  COST231-Hata:Medium-City\n") == .cost231Hata(.mediumCity))
    }

    @Test("unknown names throw unknownName with the full list", arguments: ["", "hata", "okumura-hata", "3gpp-rma", "cost231-hata:urban"])
    func unknown(name: String) {
        #expect(throws: CoverageError.unknownName(kind: "propagation model", name: name, expected: PropagationModel.allNames)) {
            try PropagationModel(parsing: name)
        }
    }
}

@Suite("Free space (ITU-R P.525)")
struct FreeSpaceTests {
    @Test("1 km at 1800 MHz, equal heights")
    func oneKilometre() throws {
        // d3D = 1000 m (hTx = hRx = 1.5 m)
        // L = 20·log 1000 + 20·log 1800 + 20·log(4π·10⁶/299 792 458)
        //   = 60.0000 + 65.1055 − 27.5522 = 97.5533 dB
        // Cross-check with P.525's rounded form 32.45 + 20·log 1800 + 20·log 1 = 32.45 + 65.1055 = 97.5555 dB.
        #expect(abs(try loss("free-space", d: 1000, f: 1800, tx: 1.5, rx: 1.5) - 97.5533) < toleranceDB)
    }

    @Test("2 km at 900 MHz uses the 3D distance")
    func threeD() throws {
        // d3D = √(2000² + (31.5 − 1.5)²) = √4 000 900 = 2000.2250 m
        // L = 20·log 2000.2250 + 20·log 900 − 27.5522 = 66.0216 + 59.0849 − 27.5522 = 97.5543 dB
        #expect(abs(try loss("free-space", d: 2000, f: 900, tx: 31.5, rx: 1.5) - 97.5543) < toleranceDB)
    }
}

@Suite("Okumura-Hata (Hata 1980)")
struct OkumuraHataTests {
    @Test("large city, 900 MHz, hb 30 m, hm 1.5 m, 5 km")
    func largeCity900() throws {
        // log f = 2.954243, log hb = 1.477121, log R = log 5 = 0.698970
        // a(hm) = 3.2·(log(11.75·1.5))² − 4.97 = 3.2·(1.246252)² − 4.97 = 4.970081 − 4.97 = −0.000919 dB  (f ≥ 400)
        // L = 69.55 + 26.16·2.954243 − 13.82·1.477121 − (−0.000919) + (44.9 − 6.55·1.477121)·0.698970
        //   = 69.55 + 77.282984 − 20.413816 + 0.000919 + 35.224856·0.698970
        //   = 69.55 + 77.282984 − 20.413816 + 0.000919 + 24.621118 = 151.0412 dB
        #expect(abs(try loss("okumura-hata:urban-large", d: 5000, f: 900, tx: 30, rx: 1.5) - 151.0412) < toleranceDB)
    }

    @Test("large city, 150 MHz uses the f ≤ 200 MHz a(hm)")
    func largeCity150() throws {
        // log f = 2.176091, log hb = log 50 = 1.698970, log R = log 3 = 0.477121
        // a(hm) = 8.29·(log(1.54·1.5))² − 1.1 = 8.29·(0.363612)² − 1.1 = 1.096051 − 1.1 = −0.003949 dB
        // L = 69.55 + 26.16·2.176091 − 13.82·1.698970 + 0.003949 + (44.9 − 6.55·1.698970)·0.477121
        //   = 69.55 + 56.926547 − 23.479765 + 0.003949 + 33.771746·0.477121
        //   = 69.55 + 56.926547 − 23.479765 + 0.003949 + 16.113217 = 119.1139 dB
        #expect(abs(try loss("okumura-hata:urban-large", d: 3000, f: 150, tx: 50, rx: 1.5) - 119.1139) < toleranceDB)
    }

    @Test("small-medium city, 900 MHz, hb 30 m, hm 1.5 m, 2 km")
    func smallCity() throws {
        // a(hm) = (1.1·2.954243 − 0.7)·1.5 − (1.56·2.954243 − 0.8) = 2.549667·1.5 − 3.808618 = 3.824500 − 3.808618 = 0.015882 dB
        // L = 69.55 + 77.282984 − 20.413816 − 0.015882 + 35.224856·log 2 (0.301030)
        //   = 69.55 + 77.282984 − 20.413816 − 0.015882 + 10.603739 = 137.0070 dB
        #expect(abs(try loss("okumura-hata:urban-small", d: 2000, f: 900, tx: 30, rx: 1.5) - 137.0070) < toleranceDB)
    }

    @Test("suburban, 900 MHz, hb 50 m, hm 1.5 m, 10 km")
    func suburban() throws {
        // urban (small-city a(hm) = 0.015882): 69.55 + 77.282984 − 13.82·1.698970 (23.479765) − 0.015882 + 33.771746·1
        //   = 157.109083 dB
        // correction 2·(log(900/28))² + 5.4 = 2·(1.507084)² + 5.4 = 4.542607 + 5.4 = 9.942607 dB
        // L = 157.109083 − 9.942607 = 147.1665 dB
        #expect(abs(try loss("okumura-hata:suburban", d: 10_000, f: 900, tx: 50, rx: 1.5) - 147.1665) < toleranceDB)
    }

    @Test("open area, 450 MHz, hb 50 m, hm 1.5 m, 10 km")
    func openArea() throws {
        // log f = 2.653213; a(hm) = (1.1·2.653213 − 0.7)·1.5 − (1.56·2.653213 − 0.8) = 2.218534·1.5 − 3.339012
        //   = 3.327801 − 3.339012 = −0.011211 dB
        // urban = 69.55 + 26.16·2.653213 (69.408039) − 23.479765 + 0.011211 + 33.771746·1 = 149.261231 dB
        // correction 4.78·2.653213² − 18.33·2.653213 + 40.94 = 33.648938 − 48.633339 + 40.94 = 25.955600 dB
        // L = 149.261231 − 25.955600 = 123.3056 dB
        #expect(abs(try loss("okumura-hata:open", d: 10_000, f: 450, tx: 50, rx: 1.5) - 123.3056) < toleranceDB)
    }
}

@Suite("COST-231 Hata (COST 231 §4.4.1, SEAMCAT Extended Hata corrections)")
struct Cost231HataTests {
    @Test("medium city, 1800 MHz, hb 35 m, hm 1.5 m, 1 km")
    func mediumCity() throws {
        // log f = 3.255273, log hb = 1.544068, log d = 0
        // a(hm) = (1.1·3.255273 − 0.7)·1.5 − (1.56·3.255273 − 0.8) = 4.321200 − 4.278225 = 0.042975 dB
        // L = 46.3 + 33.9·3.255273 − 13.82·1.544068 − 0.042975 + 0 + C(0)
        //   = 46.3 + 110.353738 − 21.339020 − 0.042975 = 135.2717 dB
        #expect(abs(try loss("cost231-hata:medium-city", d: 1000, f: 1800, tx: 35, rx: 1.5) - 135.2717) < toleranceDB)
    }

    @Test("metropolitan, 2000 MHz, hb 50 m, hm 2 m, 5 km")
    func metropolitan() throws {
        // log f = 3.301030, log hb = 1.698970, log d = 0.698970
        // a(hm) = (1.1·3.301030 − 0.7)·2 − (1.56·3.301030 − 0.8) = 2.931133·2 − 4.349607 = 5.862266 − 4.349607 = 1.512659 dB
        // L = 46.3 + 33.9·3.301030 − 13.82·1.698970 − 1.512659 + (44.9 − 6.55·1.698970)·0.698970 + 3
        //   = 46.3 + 111.904917 − 23.479765 − 1.512659 + 33.771746·0.698970 + 3
        //   = 46.3 + 111.904917 − 23.479765 − 1.512659 + 23.605437 + 3 = 159.8179 dB
        #expect(abs(try loss("cost231-hata:metropolitan", d: 5000, f: 2000, tx: 50, rx: 2) - 159.8179) < toleranceDB)
    }

    @Test("suburban, 1800 MHz, hb 35 m, hm 1.5 m, 2 km")
    func suburban() throws {
        // medium-city L(2 km) = 135.271743 + 34.786354·log 2 = 135.271743 + 34.786354·0.301030 = 135.271743 + 10.471737 = 145.743480
        // Hata suburban correction at f' = min(max(150, 1800), 2000) = 1800: 2·(log(1800/28))² + 5.4 = 2·1.808114² + 5.4 = 11.938556
        // L = 145.743480 − 11.938556 = 133.8049 dB
        #expect(abs(try loss("cost231-hata:suburban", d: 2000, f: 1800, tx: 35, rx: 1.5) - 133.8049) < toleranceDB)
    }

    @Test("open, 1800 MHz, hb 35 m, hm 1.5 m, 8 km")
    func open() throws {
        // medium-city L(8 km) = 135.271743 + 34.786354·log 8 = 135.271743 + 34.786354·0.903090 = 135.271743 + 31.415208 = 166.686951
        // Hata open correction: 4.78·3.255273² − 18.33·3.255273 + 40.94 = 50.652700 − 59.669145 + 40.94 = 31.923555
        // L = 166.686951 − 31.923555 = 134.7634 dB
        #expect(abs(try loss("cost231-hata:open", d: 8000, f: 1800, tx: 35, rx: 1.5) - 134.7634) < toleranceDB)
    }

    @Test("the 134 dB distances written at the top of Cost231Hata.swift")
    func defaultRangeCheck() throws {
        // From the comment: medium-city 0.919 km, suburban 2.026 km, open 7.606 km reach 134 dB.
        for (name, km) in [("cost231-hata:medium-city", 0.919266), ("cost231-hata:suburban", 2.025993),
                           ("cost231-hata:open", 7.605796)] {
            #expect(abs(try loss(name, d: km * 1000, f: 1800, tx: 35, rx: 1.5) - 134.0) < toleranceDB)
        }
    }

    @Test("constants are not truncated: medium city minus metropolitan is exactly 3 dB")
    func metropolitanOffset() throws {
        let metro = try loss("cost231-hata:metropolitan", d: 3000, f: 1800, tx: 35, rx: 1.5)
        let medium = try loss("cost231-hata:medium-city", d: 3000, f: 1800, tx: 35, rx: 1.5)
        #expect(abs(metro - medium - 3.0) < 1e-9)
    }
}

@Suite("3GPP TR 38.901 RMa")
struct RMaTests {
    // Common: fc = 1.8 GHz, hBS = 35 m, hUT = 1.5 m, h = 5 m, W = 20 m.
    // d_BP = 2π·35·1.5·1.8e9/3e8 = 2π·52.5·6 = 1979.2034 m
    // h^1.72 = 5^1.72 = 15.930464 → min(0.03·15.930464, 10) = 0.477914; min(0.044·15.930464, 14.77) = 0.700940

    @Test("breakpoint distance")
    func breakpoint() {
        #expect(abs(TR38901.rmaBreakpointMeters(frequencyMHz: 1800, bsHeightMeters: 35, utHeightMeters: 1.5) - 1979.2034) < 1e-3)
    }

    @Test("LOS before the breakpoint, d2D = 1 km")
    func losNear() throws {
        // d3D = √(1000² + 33.5²) = 1000.5610 m
        // PL1 = 20·log(40π·1000.5610·1.8/3) + 0.477914·log 1000.5610 − 0.700940 + 0.002·log 5·1000.5610
        //     = 97.552093 + 0.477914·3.000244 (1.433858) − 0.700940 + 0.002·0.698970·1000.5610 (1.398724)
        //     = 99.6837 dB
        #expect(abs(try loss("3gpp-rma:los", d: 1000, f: 1800, tx: 35, rx: 1.5) - 99.6837) < toleranceDB)
    }

    @Test("LOS after the breakpoint, d2D = 4 km")
    func losFar() throws {
        // PL1(d_BP) = 20·log(40π·1979.2034·1.8/3) + 0.477914·log 1979.2034 − 0.700940 + 0.002·0.698970·1979.2034
        //           = 103.477031 + 1.575439 − 0.700940 + 2.766808 = 107.118337 dB
        // d3D = √(4000² + 33.5²) = 4000.1403 m; 40·log(4000.1403/1979.2034) = 40·0.305585 = 12.223392 dB
        // PL2 = 107.118337 + 12.223392 = 119.3417 dB
        #expect(abs(try loss("3gpp-rma:los", d: 4000, f: 1800, tx: 35, rx: 1.5) - 119.3417) < toleranceDB)
    }

    @Test("NLOS, d2D = 3 km")
    func nlos() throws {
        // d3D = √(3000² + 33.5²) = 3000.1870 m, log d3D − 3 = 0.477148
        // PL' = 161.04 − 7.1·log 20 + 7.5·log 5 − (24.37 − 3.7·(5/35)²)·log 35 + (43.42 − 3.1·log 35)·0.477148
        //       + 20·log 1.8 − (3.2·(log(11.75·1.5))² − 4.97)
        //     = 161.04 − 9.237313 + 5.242275 − 24.294490·1.544068 + 38.633389·0.477148 + 5.105450 − (−0.000919)
        //     = 161.04 − 9.237313 + 5.242275 − 37.512345 + 18.433857 + 5.105450 + 0.000919 = 143.0728 dB
        // LOS at 3 km = PL1(d_BP) + 40·log(3000.1870/1979.2034) = 107.118337 + 7.226316 = 114.3447 dB
        // NLOS = max(114.3447, 143.0728) = 143.0728 dB
        #expect(abs(try loss("3gpp-rma:nlos", d: 3000, f: 1800, tx: 35, rx: 1.5) - 143.0728) < toleranceDB)
    }
}

@Suite("3GPP TR 38.901 UMa")
struct UMaTests {
    // Common: fc = 1.8 GHz, hBS = 25 m, hUT = 1.5 m, hE = 1 m → 20·log 1.8 = 5.105450
    // d'_BP = 4·(25 − 1)·(1.5 − 1)·1.8e9/3e8 = 4·24·0.5·6 = 288 m

    @Test("breakpoint distance")
    func breakpoint() {
        #expect(abs(TR38901.umaBreakpointMeters(frequencyMHz: 1800, bsHeightMeters: 25, utHeightMeters: 1.5) - 288.0) < 1e-9)
    }

    @Test("LOS before the breakpoint, d2D = 200 m")
    func losNear() throws {
        // d3D = √(200² + 23.5²) = 201.3759 m, log d3D = 2.304007
        // PL1 = 28.0 + 22·2.304007 + 5.105450 = 28.0 + 50.688165 + 5.105450 = 83.7936 dB
        #expect(abs(try loss("3gpp-uma:los", d: 200, f: 1800, tx: 25, rx: 1.5) - 83.7936) < toleranceDB)
    }

    @Test("LOS after the breakpoint, d2D = 1 km")
    func losFar() throws {
        // d3D = √(1000² + 23.5²) = 1000.2761 m, log d3D = 3.000120
        // PL2 = 28.0 + 40·3.000120 + 5.105450 − 9·log(288² + 23.5²) = 28.0 + 120.004795 + 5.105450 − 9·log 83 496.25
        //     = 28.0 + 120.004795 + 5.105450 − 9·4.921667 (44.295003) = 108.8152 dB
        #expect(abs(try loss("3gpp-uma:los", d: 1000, f: 1800, tx: 25, rx: 1.5) - 108.8152) < toleranceDB)
    }

    @Test("NLOS, d2D = 500 m")
    func nlos() throws {
        // d3D = √(500² + 23.5²) = 500.5519 m, log d3D = 2.699449
        // PL' = 13.54 + 39.08·2.699449 + 5.105450 − 0.6·(1.5 − 1.5) = 13.54 + 105.494473 + 5.105450 − 0 = 124.1399 dB
        // LOS (after d'_BP) = 28.0 + 40·2.699449 + 5.105450 − 44.295003 = 96.7884 dB; max → 124.1399 dB
        #expect(abs(try loss("3gpp-uma:nlos", d: 500, f: 1800, tx: 25, rx: 1.5) - 124.1399) < toleranceDB)
    }

    @Test("NLOS with hUT = 3.5 m at 2600 MHz, d2D = 100 m (hUT term)")
    func nlosHighUT() throws {
        // d3D = √(100² + 21.5²) = 102.2851 m, log d3D = 2.009813; 20·log 2.6 = 8.299467
        // PL' = 13.54 + 39.08·2.009813 + 8.299467 − 0.6·(3.5 − 1.5) = 13.54 + 78.543474 + 8.299467 − 1.2 = 99.1829 dB
        // LOS: d'_BP = 4·24·2.5·2.6e9/3e8 = 2080 m > 100 m → 28 + 22·2.009813 + 8.299467 = 80.5153 dB; max → 99.1829 dB
        #expect(abs(try loss("3gpp-uma:nlos", d: 100, f: 2600, tx: 25, rx: 3.5) - 99.1829) < toleranceDB)
    }
}

@Suite("Validity: hard and soft tiers")
struct ValidityTests {
    @Test("frequency outside the published range throws", arguments: [
        ("okumura-hata:urban-large", 1800.0), ("okumura-hata:open", 100.0),
        ("cost231-hata:medium-city", 900.0), ("cost231-hata:open", 2100.0),
        ("3gpp-rma:los", 400.0), ("3gpp-rma:nlos", 31_000.0), ("3gpp-uma:nlos", 450.0),
    ])
    func frequencyOut(name: String, frequencyMHz: Double) throws {
        let model = try PropagationModel(parsing: name)
        #expect(throws: CoverageError.self) {
            _ = try model.validate(frequencyMHz: frequencyMHz, txHeightMeters: 35, rxHeightMeters: 1.5)
        }
    }

    @Test("the error names model, parameter, value and range")
    func errorContent() throws {
        #expect(throws: CoverageError.modelInputOutOfRange(model: "cost231-hata:medium-city", parameter: "tx_height_m",
                                                           value: 20, validRange: "30–200")) {
            _ = try PropagationModel.cost231Hata(.mediumCity).validate(frequencyMHz: 1800, txHeightMeters: 20, rxHeightMeters: 1.5)
        }
        #expect(throws: CoverageError.modelInputOutOfRange(model: "3gpp-uma:los", parameter: "rx_height_m",
                                                           value: 1.0, validRange: "1.5–22.5")) {
            _ = try PropagationModel.uma(los: true).validate(frequencyMHz: 1800, txHeightMeters: 25, rxHeightMeters: 1.0)
        }
        #expect(throws: CoverageError.modelInputOutOfRange(model: "3gpp-rma:nlos", parameter: "rx_height_m",
                                                           value: 12, validRange: "1–10")) {
            _ = try PropagationModel.rma(los: false).validate(frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 12)
        }
    }

    @Test("NaN is outside every range", arguments: PropagationModel.allCases)
    func nan(model: PropagationModel) {
        #expect(throws: CoverageError.self) {
            _ = try model.validate(frequencyMHz: .nan, txHeightMeters: 35, rxHeightMeters: 1.5)
        }
    }

    @Test("comfortably inside: no warnings")
    func clean() throws {
        #expect(try PropagationModel.cost231Hata(.mediumCity).validate(frequencyMHz: 1800, txHeightMeters: 40, rxHeightMeters: 1.5).isEmpty)
        #expect(try PropagationModel.okumuraHata(.urbanLargeCity).validate(frequencyMHz: 900, txHeightMeters: 40, rxHeightMeters: 1.5).isEmpty)
        #expect(try PropagationModel.rma(los: true).validate(frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 1.5).isEmpty)
        #expect(try PropagationModel.uma(los: false).validate(frequencyMHz: 1800, txHeightMeters: 25, rxHeightMeters: 1.5).isEmpty)
        #expect(try PropagationModel.freeSpace.validate(frequencyMHz: 1800, txHeightMeters: 0, rxHeightMeters: 0).isEmpty)
    }

    @Test("within 10 % of a limit: a warning")
    func nearEdge() throws {
        // 1950 MHz > 0.9·2000 = 1800; hb 31 m < 1.1·30 = 33
        let w = try PropagationModel.cost231Hata(.metropolitan).validate(frequencyMHz: 1950, txHeightMeters: 31, rxHeightMeters: 1.5)
        #expect(w.count == 2)
        #expect(w.contains { $0.contains("frequency_mhz") && $0.contains("upper limit") })
        #expect(w.contains { $0.contains("tx_height_m") && $0.contains("lower limit") })
        // exactly on a limit is still valid, with a warning
        let edge = try PropagationModel.okumuraHata(.urbanSmallMediumCity).validate(frequencyMHz: 1500, txHeightMeters: 200, rxHeightMeters: 10)
        #expect(edge.count == 3)
    }

    @Test("extensions beyond the original publication warn")
    func extensions() throws {
        // COST-231 suburban/open use Hata's corrections above 1500 MHz (SEAMCAT Extended Hata).
        let sub = try PropagationModel.cost231Hata(.suburban).validate(frequencyMHz: 1800, txHeightMeters: 40, rxHeightMeters: 1.5)
        #expect(sub.count == 1 && sub[0].contains("SEAMCAT"))
        // UMa away from hBS = 25 m, and hUT ≥ 13 m where hE is random in the standard.
        let uma = try PropagationModel.uma(los: true).validate(frequencyMHz: 1800, txHeightMeters: 30, rxHeightMeters: 15)
        #expect(uma.count == 2)
        // RMa above the 7 GHz validation limit.
        let rma = try PropagationModel.rma(los: true).validate(frequencyMHz: 10_000, txHeightMeters: 35, rxHeightMeters: 1.5)
        #expect(rma.count == 1 && rma[0].contains("7000"))
        // Hata large city in the 200–400 MHz gap.
        let gap = try PropagationModel.okumuraHata(.urbanLargeCity).validate(frequencyMHz: 300, txHeightMeters: 40, rxHeightMeters: 1.5)
        #expect(gap.count == 1 && gap[0].contains("200"))
    }

    @Test("published distance ranges")
    func distanceRanges() {
        func range(_ m: PropagationModel) -> ClosedRange<Double> {
            m.validDistanceMeters(frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 1.5)
        }
        #expect(range(.okumuraHata(.suburban)) == 1000 ... 20_000)
        #expect(range(.cost231Hata(.openArea)) == 1000 ... 20_000)
        #expect(range(.rma(los: true)) == 10 ... 10_000)
        #expect(range(.rma(los: false)) == 10 ... 5000)
        #expect(range(.uma(los: true)) == 10 ... 5000)
        #expect(range(.uma(los: false)) == 10 ... 5000)
        #expect(range(.freeSpace).contains(1e9))
    }

    @Test("checkedPathLossDB: same loss, plus a distance warning outside the range")
    func checked() throws {
        let model = PropagationModel.cost231Hata(.mediumCity)
        let inside = try model.checkedPathLossDB(distanceMeters: 1000, frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 1.5)
        #expect(abs(inside.lossDB - 135.2717) < toleranceDB)
        #expect(inside.warnings.isEmpty)
        let outside = try model.checkedPathLossDB(distanceMeters: 500, frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 1.5)
        #expect(outside.warnings.count == 1 && outside.warnings[0].contains("distance_m"))
        // extrapolated with the same formula: 135.271743 + 34.786354·log 0.5 = 135.271743 − 10.471737 = 124.8000 dB
        #expect(abs(outside.lossDB - 124.8000) < toleranceDB)
        #expect(throws: CoverageError.self) {
            _ = try model.checkedPathLossDB(distanceMeters: 0, frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 1.5)
        }
        #expect(throws: CoverageError.self) {
            _ = try model.checkedPathLossDB(distanceMeters: 1000, frequencyMHz: 2500, txHeightMeters: 35, rxHeightMeters: 1.5)
        }
    }

    @Test("pathLossDB stays finite at distance 0", arguments: PropagationModel.allCases)
    func zeroDistance(model: PropagationModel) {
        let f = model.description.hasPrefix("okumura") ? 900.0 : 1800.0
        let tx = model.description.hasPrefix("3gpp-uma") ? 25.0 : 35.0
        #expect(model.pathLossDB(distanceMeters: 0, frequencyMHz: f, txHeightMeters: tx, rxHeightMeters: 1.5).isFinite)
    }

    @Test("loss grows with distance", arguments: PropagationModel.allCases)
    func monotone(model: PropagationModel) {
        let f = model.description.hasPrefix("okumura") ? 900.0 : 1800.0
        let tx = model.description.hasPrefix("3gpp-uma") ? 25.0 : 35.0
        var previous = -Double.infinity
        for d in stride(from: 100.0, through: 20_000.0, by: 100.0) {
            let l = model.pathLossDB(distanceMeters: d, frequencyMHz: f, txHeightMeters: tx, rxHeightMeters: 1.5)
            // RMa LOS has a small step down at d_BP (PL1(d_BP) vs PL1(d3D)); allow 0.01 dB.
            #expect(l >= previous - 0.01, "\(model) at \(d) m")
            previous = l
        }
    }
}
