import Foundation
import Testing
import TestSupport
@testable import sim
@testable import Studies

/// `sim pathloss --model itm` reproduces NTIA/ITS's published point-to-point cases through the
/// command's own code path (argument parsing, NTIA-format profile file, output line). Cases: every
/// row of NTIA's tests/p2p.csv with its profile from tests/pfls.csv (copies and source commit in
/// Tests/CoverageTests/Fixtures/itm/README.md). NTIA prints 2 decimals; tolerance 0.1 dB, the same
/// as the library's ITM tests (ITMTests).
@Suite struct PathlossITMTests {
    static let fixtures = repo.appendingPathComponent("Tests/CoverageTests/Fixtures/itm")

    @Test func reproducesNTIAPointToPointCases() throws {
        let rows = try String(contentsOf: Self.fixtures.appendingPathComponent("p2p.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").map(String.init) }
        let profiles = try String(contentsOf: Self.fixtures.appendingPathComponent("pfls.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline)
        #expect(rows.count == 5 && profiles.count == 5)
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, v) in rows.enumerated() {
            let file = dir.appendingPathComponent("pfl\(i + 1).csv")
            try String(profiles[i]).write(to: file, atomically: true, encoding: .utf8)
            // h_tx, h_rx, epsilon, sigma, N_0, f, pol, climate, time, location, situation, mdvar, A (dB)
            let cmd = try PathlossCommand.parse([
                "--model", "itm", "--profile", file.path, "--tx-height-m", v[0], "--rx-height-m", v[1],
                "--epsilon", v[2], "--sigma", v[3], "--n0", v[4], "--frequency-mhz", v[5], "--polarization", v[6],
                "--climate", v[7], "--time-pct", v[8], "--location-pct", v[9], "--situation-pct", v[10], "--mdvar", v[11],
            ])
            let line = try cmd.output().text
            #expect(line.hasSuffix(" dB"))
            let loss = try #require(Double(line.dropLast(3)))
            let expected = try #require(Double(v[12]))
            #expect(abs(loss - expected) <= 0.1, "p2p.csv row \(i + 1): sim printed \(line), NTIA \(expected) dB")
        }
    }

    @Test func jsonCarriesTheIntermediateValues() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("flat.txt")
        // 10 intervals of 100 m, flat at 10 m, written one value per line.
        try (["10", "100"] + Array(repeating: "10", count: 11)).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let cmd = try PathlossCommand.parse(["--model", "itm", "--profile", file.path, "--frequency-mhz", "900", "--tx-height-m", "30",
                                             "--climate", "maritime-subtropical", "--n0", "301", "--epsilon", "15", "--sigma", "0.005",
                                             "--polarization", "vertical", "--mdvar", "12", "--time-pct", "50", "--location-pct", "50",
                                             "--situation-pct", "50", "--json"])
        let text = try cmd.output().text
        for key in ["\"path_loss_db\"", "\"mode\":\"line-of-sight\"", "\"distance_m\":1000", "\"n0_sea_level_n_units\":301", "\"profile_intervals\":10"] {
            #expect(text.contains(key), "\(key) in \(text)")
        }
    }

    @Test func missingInputsAndBadProfilesAreNamed() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let partial = try PathlossCommand.parse(["--model", "itm", "--frequency-mhz", "900", "--tx-height-m", "30"])
        #expect(throws: SimError.self) { _ = try partial.output() }
        do { _ = try partial.output() } catch { #expect("\(error)".contains("--profile") && "\(error)".contains("--climate") && "\(error)".contains("--mdvar")) }

        let bad = dir.appendingPathComponent("bad.txt")
        try "2, 100, 5, x, 7".write(to: bad, atomically: true, encoding: .utf8)
        let short = dir.appendingPathComponent("short.txt")
        try "3, 100, 5, 6, 7".write(to: short, atomically: true, encoding: .utf8)
        for (file, words) in [(bad, ["bad.txt", "value 4 'x'"]), (short, ["short.txt", "needs 4 elevations"])] {
            let cmd = try PathlossCommand.parse(["--model", "itm", "--profile", file.path, "--frequency-mhz", "900", "--tx-height-m", "30",
                                                 "--climate", "5", "--n0", "301", "--epsilon", "15", "--sigma", "0.005", "--polarization", "1",
                                                 "--mdvar", "12", "--time-pct", "50", "--location-pct", "50", "--situation-pct", "50"])
            do { _ = try cmd.output(); Issue.record("expected an error for \(file.lastPathComponent)") } catch {
                for w in words { #expect("\(error)".contains(w), "\(error)") }
            }
        }
    }

    /// Area mode through the command equals the library call on NTIA's area.csv row 1 inputs.
    @Test func areaModeThroughTheCommand() throws {
        let v = try String(contentsOf: Self.fixtures.appendingPathComponent("area.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline)[1].split(separator: ",").map(String.init)
        // h_tx, h_rx, delta_h, mdvar, d_km, tx_siting, rx_siting, epsilon, sigma, N_0, f, pol, climate, time, location, situation, A
        let cmd = try PathlossCommand.parse([
            "--model", "itm-area", "--tx-height-m", v[0], "--rx-height-m", v[1], "--delta-h-m", v[2], "--mdvar", v[3],
            "--distance-km", v[4], "--tx-siting", v[5], "--rx-siting", v[6], "--epsilon", v[7], "--sigma", v[8], "--n0", v[9],
            "--frequency-mhz", v[10], "--polarization", v[11], "--climate", v[12], "--time-pct", v[13], "--location-pct", v[14],
            "--situation-pct", v[15],
        ])
        let line = try cmd.output().text
        let loss = try #require(Double(line.dropLast(3)))
        #expect(abs(loss - Double(v[16])!) <= 0.1, "sim printed \(line), NTIA \(v[16]) dB")
    }
}
