import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// 5G NR rows of a cell list: NR-ARFCN to MHz (TS 38.104 §5.4.2.1), band check (TS 38.104 Table 5.2-1), the
/// subcarrier spacing's default by band and N_RB (TS 38.104 Table 5.3.2-1); refusals in one line; a 4G run
/// counting NR cells as 4G-or-better coverage over the default model rules above 3 GHz.
@Suite struct NRCellsTests {
    func inputError(_ body: () throws -> Void) -> SimError? {
        do { try body(); Issue.record("expected an error"); return nil } catch let e as SimError { return e } catch {
            Issue.record("expected a SimError, got \(error)"); return nil
        }
    }

    static let header = "gNodeB Name,Cell Name,Longitude,Latitude,Height (m),Azimuth (°),Power (dBm),SSB ARFCN,Frequency (MHz),Bandwidth (MHz),SCS (kHz),PCI,Technology"

    @Test func nrRowsLoad() throws {
        let path = tempFile("nr-cells.csv", [
            Self.header,
            // 632628: 3000 + 0.015·(632628 − 600000) = 3489.42 MHz, n78 (3300–3800), TDD → 30 kHz by default; 100 MHz → 273 RB.
            "G1,G1-1,107.0951,16.8163,30,0,49,632628,,100,,1007,5G NR",
            // 428000: 0.005·428000 = 2140 MHz, n1 (2110–2170), FDD → 15 kHz by default; 20 MHz → 106 RB.
            "G1,G1-2,107.0951,16.8163,30,120,46,428000,,20,,17,NR",
            // 151600: 0.005·151600 = 758 MHz, n28 (758–803); 10 MHz at a given 15 kHz.
            "G2,G2-1,107.10,16.80,35,,43,151600,758,10,15,,New Radio",
            // A frequency instead of a channel: 3500 MHz, n78, given 30 kHz, 40 MHz → 106 RB.
            "G3,G3-1,107.11,16.81,25,240,47,,3500,40,30,,5G",
            "L1,L1-1,107.12,16.82,30,0,43,,1815,20,15,300,LTE",   // LTE's own 15 kHz is accepted and not stored
        ].joined(separator: "\n") + "\n")
        let cells = try Inputs.cells(path).cells
        #expect(cells.map(\.technology) == [.nr, .nr, .nr, .nr, .lte])
        #expect(cells.map(\.bandMHz) == [3489.42, 2140, 758, 3500, 1815])
        #expect(cells.map(\.nrBand) == [78, 1, 28, 78, nil])
        #expect(cells.map(\.subcarrierSpacingKHz) == [30, 15, 15, 30, nil])
        #expect(cells.map(\.bandwidthMHz) == [100, 20, 10, 40, 20])
        #expect(cells.map(\.pci) == [1007, 17, nil, nil, 300])
        #expect(cells[0].earfcn == 632_628)
        for c in cells where c.technology == .nr {
            let nRB = try NRBandwidth.resourceBlocks(bandwidthMHz: c.bandwidthMHz!, subcarrierSpacingKHz: c.subcarrierSpacingKHz!)
            #expect(nRB == [100: 273, 20: 106, 10: 52, 40: 106][c.bandwidthMHz!], "\(c.cellID)")
        }
    }

    struct Bad: Sendable, CustomStringConvertible {
        var name: String, row: String, needles: [String]
        var description: String { name }
    }

    static let bad: [Bad] = [
        // 100 MHz at 15 kHz is N/A in TS 38.104 Table 5.3.2-1 (15 kHz stops at 50 MHz).
        Bad(name: "bandwidth-not-at-scs", row: "G1,G1-1,107.0951,16.8163,30,0,49,632628,,100,15,,NR",
            needles: ["column 'Bandwidth (MHz)' = 100 MHz at 15 kHz", "TS 38.104 Table 5.3.2-1", "50"]),
        // 7 MHz is no NR channel; n78's default spacing is 30 kHz.
        Bad(name: "bandwidth-unknown", row: "G1,G1-1,107.0951,16.8163,30,0,49,632628,,7,,,NR",
            needles: ["column 'Bandwidth (MHz)' = 7 MHz at 30 kHz", "band n78's default"]),
        Bad(name: "no-bandwidth", row: "G1,G1-1,107.0951,16.8163,30,0,49,632628,,,,,NR",
            needles: ["5G NR cell has no channel bandwidth", "column 'Bandwidth (MHz)' is empty", "100"]),
        Bad(name: "scs-not-nr", row: "G1,G1-1,107.0951,16.8163,30,0,49,632628,,100,20,,NR",
            needles: ["column 'SCS (kHz)' = 20", "15, 30 or 60"]),
        // 2650 MHz lies in n7 (FDD, 15 kHz) and n41 (TDD, 30 kHz).
        Bad(name: "n7-or-n41", row: "G1,G1-1,107.0951,16.8163,30,0,49,,2650,20,,,NR",
            needles: ["column 'Frequency (MHz)' = 2650 MHz", "n7 FDD 15 kHz, n41 TDD 30 kHz", "scs_khz"]),
        // 3000 MHz is between n41 (≤ 2690) and n78 (≥ 3300).
        Bad(name: "no-band", row: "G1,G1-1,107.0951,16.8163,30,0,49,,3000,20,,,NR",
            needles: ["3000 MHz, outside the downlink range of every NR band", "TS 38.104 Table 5.2-1"]),
        Bad(name: "nr-pci", row: "G1,G1-1,107.0951,16.8163,30,0,49,632628,,100,,1008,NR",
            needles: ["column 'PCI' = '1008'", "0…1007"]),
        Bad(name: "lte-with-scs", row: "L1,L1-1,107.12,16.82,30,0,43,,1815,20,30,,LTE",
            needles: ["column 'SCS (kHz)' = 30", "LTE cell, whose subcarrier spacing is 15 kHz"]),
        Bad(name: "umts-with-scs", row: "U1,U1-1,107.12,16.82,30,0,43,,2140,,15,,UMTS",
            needles: ["column 'SCS (kHz)' = 15", "5G NR cells only"]),
        // 3 279 166 is past the last NR-ARFCN.
        Bad(name: "arfcn-range", row: "G1,G1-1,107.0951,16.8163,30,0,49,3279166,,100,,,NR",
            needles: ["column 'SSB ARFCN'"]),
    ]

    @Test(arguments: bad) func refusedInOneLine(_ b: Bad) {
        let path = tempFile("bad-\(b.name).csv", Self.header + "\n" + b.row + "\n")
        let e = inputError { _ = try Inputs.cells(path) }
        let m = e?.message ?? ""
        #expect(m.hasPrefix("\(path):2: "), "\(m)")
        #expect(!m.contains("\n"), "\(m)")
        for n in b.needles { #expect(m.contains(n), "\(b.name): '\(n)' not in: \(m)") }
    }

    /// A vendor export with an EARFCN column for its LTE rows and an SSB ARFCN column for its NR rows.
    @Test func earfcnAndSSBARFCNColumnsTogether() throws {
        let header = "Site,Cell,Longitude,Latitude,Height (m),Power (dBm),DL EARFCN,SSB ARFCN,Bandwidth (MHz),Technology"
        let path = tempFile("mixed-export.csv", [header,
            // EARFCN 1300: 1805 + 0.1·(1300 − 1200) = 1815 MHz (band 3); NR-ARFCN 632628 = 3489.42 MHz (n78).
            "S1,S1-L,107.1,16.8,30,43,1300,,20,LTE",
            "S1,S1-N,107.1,16.8,30,49,,632628,100,NR",
        ].joined(separator: "\n") + "\n")
        let cells = try Inputs.cells(path).cells
        #expect(cells.map(\.bandMHz) == [1815, 3489.42] && cells.map(\.earfcn) == [1300, 632_628])
        let bad = tempFile("mixed-bad.csv", header + "\nS1,S1-L,107.1,16.8,30,43,,632628,20,LTE\n")
        let m = inputError { _ = try Inputs.cells(bad) }?.message ?? ""
        #expect(m.hasPrefix("\(bad):2: column 'SSB ARFCN' = 632628 is an NR-ARFCN on an LTE row; give its EARFCN"), "\(m)")
    }

    @Test func siteListRefusesNR() {
        let path = tempFile("nr-sites.csv", "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\nS1,107.1,16.8,30,5G,3500,49,0\n")
        let e = inputError { _ = try Inputs.sites(path) }
        #expect(e?.message.hasPrefix("\(path):2: site S1 technology '5G' must be 3G or 4G — 5G NR sites need a cell list (inputs.cells)") == true, "\(String(describing: e))")
    }

    /// A 4G run over the default rules: an n78 site is a 5G site with a footprint (4G-or-better), its model the
    /// default rule above 3000 MHz for its environment (TR 38.901); an LTE + NR site is a 4G site whose NR cell
    /// keeps its technology; a 3G + NR site models its NR cell only.
    @Test func nrCellsCountInAFourGRun() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cells = dir.appendingPathComponent("cells.csv")
        try ([Self.header,
              "G1,G1-1,107.0951,16.8163,30,0,49,632628,,100,,,NR",
              "G1,G1-2,107.0951,16.8163,30,120,49,632628,,100,,,NR",
              "M1,M1-1,107.0,16.75,30,0,43,,1815,20,,,LTE",
              "M1,M1-2,107.0,16.75,30,120,49,,3500,100,,,NR",
              "U1,U1-1,107.05,16.7,30,0,43,,2140,,,,UMTS",
              "U1,U1-2,107.05,16.7,30,0,49,,3500,100,,,NR",
        ].joined(separator: "\n") + "\n").write(to: cells, atomically: true, encoding: .utf8)
        let s = try lightScenario { $0.inputs.sites = nil; $0.inputs.cells = cells.path }
        #expect(s.radio.technology == .lte)
        let study = try await Study.load(s, workers: 1)
        #expect(study.sites.map(\.technology) == [.nr, .lte, .nr])
        #expect(study.sites[1].listedCells?.map(\.technology) == [nil, .nr])
        #expect(study.sites[1].listedCells?.map(\.subcarrierSpacingKHz) == [nil, 30])
        #expect(study.sites[2].listedCells?.map(\.id) == ["U1-2"])
        #expect(study.warnings.contains { $0.contains("1 site(s) carry both 3G and 4G/5G cells") })
        let run = try await CoverageRun.execute(study, workers: 1, progress: Progress())
        #expect(run.radio.footprints.map(\.siteIndex) == [0, 1, 2])
        for f in run.radio.footprints { #expect((f.radiiMeters.max() ?? 0) > 100) }
        // G1 and U1 are 3.5 GHz only: their models are the default rules' TR 38.901 ones.
        for i in [0, 2] { #expect(run.modelNames[i].hasPrefix("3gpp-"), "\(run.modelNames[i])") }
        #expect(run.stats.cellCovered.contains(true))
    }

    /// The default rules (data/scenarios/defaults.yaml) give every environment a 3GPP TR 38.901 model above
    /// 3000 MHz, inside its published range (UMa 0.5–100 GHz; RMa 0.5–30 GHz, validated to 7 GHz — `validate` throws
    /// outside), with no environment falling through to another's rule; an omni NR cell's radius (30 m, 49 dBm over
    /// 100 MHz at 30 kHz) falls monotonically from 3000 to 4200 MHz (n77/n78). The radii at 3500 MHz and the step at
    /// 3000 MHz (same 43 dBm / 20 MHz LTE budget either side) are printed for the README table.
    @Test func defaultRulesCoverN78InEveryEnvironment() async throws {
        var s = try Scenario.load(path: defaultScenario).radio
        s.bearingStepDegrees = 45
        func radius(_ env: Environment, _ f: Double, nr: Bool) async throws -> Double {
            let cell = nr ? Cell(id: "N", azimuthDegrees: nil, heightMeters: 30, bandMHz: f, powerDBm: 49, bandwidthMHz: 100, subcarrierSpacingKHz: 30)
                          : Cell(id: "L", azimuthDegrees: nil, heightMeters: 30, bandMHz: f, powerDBm: 43)
            let site = Site(id: "S", lon: 0, lat: 0, position: Point2(0, 0), technology: nr ? .nr : .lte, cells: [cell])
            return try await RadioCoverage.footprints(sites: [site], environments: [env], settings: s, workers: 1).footprints[0].radiiMeters[0]
        }
        for env in Environment.allCases {
            var last = Double.infinity
            for f in stride(from: 3000.5, through: 4200, by: 50) {
                let i = try s.ruleIndex(environment: env, bandMHz: f)
                #expect(s.modelRules[i].environment == env, "\(env) \(f) MHz: rule \(i) is another environment's")
                let model = s.modelRules[i].model
                #expect(model.description.hasPrefix("3gpp-"), "\(env) \(f) MHz: \(model)")
                _ = try model.validate(frequencyMHz: f, txHeightMeters: 30, rxHeightMeters: 1.5)
                let r = try await radius(env, f, nr: true)
                #expect(r < last, "\(env) \(f) MHz: \(r) m not below \(last) m")
                last = r
            }
            let below = try await radius(env, 2999.9, nr: false), above = try await radius(env, 3000.1, nr: false)
            let n78 = try await radius(env, 3500, nr: true)
            print("NR default rules: \(env.rawValue) \(s.modelRules[try s.ruleIndex(environment: env, bandMHz: 3500)].model): n78 3500 MHz radius \(Int(n78.rounded())) m; LTE budget at 2999.9 MHz \(Int(below.rounded())) m, at 3000.1 MHz \(Int(above.rounded())) m")
        }
    }

    /// The shipped example (data/scenarios/quang-tri-2017-nr.yaml): the 2017 site list as cells plus an n78 cell on each
    /// sector of the 4G sites in Đông Hà (461) and Quảng Trị town (462); 632628 = 3000 + 0.015·32628 = 3489.42 MHz.
    @Test func shippedExampleLoads() async throws {
        var s = try Scenario.load(path: repoPath("data/scenarios/quang-tri-2017-nr.yaml"))
        s.population.cellSizeMeters = 1000
        let study = try await Study.load(s, workers: 2)
        #expect(study.sites.count == 320 && study.sites.filter { $0.technology == .lte }.count == 110)
        let nr = study.sites.flatMap { site in (site.listedCells ?? []).filter { $0.technology == .nr }.map { (site, $0) } }
        #expect(nr.count == 66 && Set(nr.map(\.0.id)).count == 22)
        for (site, c) in nr {
            #expect(c.bandMHz == 3489.42 && c.bandwidthMHz == 100 && c.subcarrierSpacingKHz == 30 && c.powerDBm == 49, "\(c.id)")
            #expect(["461", "462"].contains(study.districts[study.siteDistrict[study.sites.firstIndex { $0.id == site.id }!]].id), "\(site.id)")
        }
    }
}
