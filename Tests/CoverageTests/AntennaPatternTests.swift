import Foundation
import Testing
@testable import Coverage

// Sources:
// - 3GPP TR 36.814 V9.2.0 Table A.2.1.1-2 (3D pattern): A_H(φ) = −min[12(φ/φ3dB)², A_m], A_m = 25 dB;
//   A_V(θ) = −min[12((θ − θ_etilt)/θ3dB)², SLA_v], θ3dB = 10°, SLA_v = 20 dB; A = −min{−[A_H + A_V], A_m}.
//   Same values in QuaDRiGa's "3gpp-macro" antenna (gen_arrayant_3gpp_macro.m: rear gain 25 dB, SLA = 25 − 5).
// - 3GPP TR 38.901 Table 7.3-1 (element): φ3dB = θ3dB = 65°, A_max = SLA_V = 30 dB, 8 dBi, θ = zenith angle
//   (as in ns-3 three-gpp-antenna-model.cc: −min(SLA_V, 12((θ − 90)/θ3dB)²)).
// - MSI/Planet format: http://radiomobile.pe1mew.nl/?The_program___Definitions___MSI (bare GAIN is dBd,
//   attenuations without minus sign); https://metacpan.org/pod/RF::Antenna::Planet::MSI::Format (vertical
//   angle 0 = horizon, 90 = ground, 270 = sky).
// The generated tables are rounded to 0.01 dB, so hand figures from the formulas are checked to 0.006 dB;
// between whole degrees linear interpolation of the 10° vertical parabola adds up to 12·0.25/100 = 0.03 dB
// (checked to 0.01 dB where the hand figure is analytic at a non-integer angle).

private func panel(_ beamwidth: Double, tilt: Double) throws -> AntennaPattern {
    try AntennaPattern.tr36814Panel(horizontalBeamwidthDegrees: beamwidth, electricalTiltDegrees: tilt, gainDBi: 17)
}

/// `data/antennas/` of this repository (this file is Tests/CoverageTests/AntennaPatternTests.swift).
private let libraryFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("data/antennas")

/// A valid small MSI file, line by line (the error cases below name these line numbers).
private let base = ["NAME T", "GAIN 17 dBi", "HORIZONTAL 4", "0 0", "90 10", "180 20", "270 10",
                    "VERTICAL 4", "0 0", "90 10", "180 20", "270 10"]

/// `base` with line `line` (1-based) replaced, as text with a final line end.
private func replacing(_ line: Int, with text: String) -> String {
    var lines = base
    lines[line - 1] = text
    return lines.joined(separator: "\n") + "\n"
}

/// The error text of parsing `text`, or nil when it parses.
private func parseError(_ text: String, file: String = "bad.msi") -> String? {
    do { _ = try AntennaPattern.parseMSI(text, file: file); return nil } catch { return "\(error)" }
}

@Suite("AntennaPattern: 3GPP model panels")
struct AntennaPatternModelTests {
    @Test("TR 36.814 panel tables by hand")
    func tables() throws {
        let p = try panel(65, tilt: 6)
        // A_H(35°) = 12·(35/65)² = 12·0.289941 = 3.479290 → 3.48; A_H(180°) = min(12·(180/65)² = 92.0, 25) = 25
        #expect(p.horizontalAttenuationDB[35] == 3.48)
        #expect(p.horizontalAttenuationDB[180] == 25)
        #expect(p.horizontalAttenuationDB[360 - 35] == 3.48)
        // vertical index = degrees below horizon: A_V(6°) = 0; A_V(16°) = 12·(10/10)² = 12;
        // A_V(30°) = min(12·2.4² = 69.1, 20) = 20; 10° up (index 350): min(12·(−16/10)² = 30.7, 20) = 20
        #expect(p.verticalAttenuationDB[6] == 0)
        #expect(p.verticalAttenuationDB[16] == 12)
        #expect(p.verticalAttenuationDB[30] == 20)
        #expect(p.verticalAttenuationDB[350] == 20)
        // behind (index 180 = horizon behind): min(A_H(180°) + A_V(0°), 25) = min(25 + 0.432, 25) = 25
        #expect(p.verticalAttenuationDB[180] == 25)
        #expect(p.maxAttenuationDB == 25)
        #expect(p.name.hasPrefix("3GPP-TR36814-H65-V10-T06 "))
        #expect(p.name.contains("not a vendor antenna"))
    }

    @Test("gain at φ = 30°, θ = 5° down, tilt 6°, φ3dB 65°")
    func handGain() throws {
        // A_H = 12·(30/65)² = 12·0.213018 = 2.556213 dB; A_V = 12·((5 − 6)/10)² = 0.12 dB;
        // A = min(2.556213 + 0.12, 25) = 2.676213 dB; G = 17 − 2.676213 = 14.323787 dBi
        let p = try panel(65, tilt: 6)
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: 30, elevationDownDegrees: 5) - 14.323787) < 0.006)
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: -30, elevationDownDegrees: 5) - 14.323787) < 0.006)
        // φ = 32.5° between table degrees: 12·(32.5/65)² = 3 dB exactly; on the beam (θ = 6°) G = 14 dBi
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: 32.5, elevationDownDegrees: 6) - 14) < 0.006)
        // boresight of the beam: 17 dBi
        #expect(p.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: 6) == 17)
    }

    @Test("the sum is capped at A_m = 25 dB")
    func cap() throws {
        let p = try panel(65, tilt: 6)
        // φ = 180°, θ = 40° down: A_H = 25, A_V = min(12·3.4², 20) = 20, sum 45 → 25; G = 17 − 25 = −8 dBi
        #expect(p.gainDBi(azimuthOffBoresightDegrees: 180, elevationDownDegrees: 40) == -8)
        // φ = 60°, θ = 30° down: A_H = 12·(60/65)² = 10.224852 → 10.22, A_V = 20 → 30.22 → 25 → −8 dBi
        #expect(p.gainDBi(azimuthOffBoresightDegrees: 60, elevationDownDegrees: 30) == -8)
        // φ = 60°, θ = 16°: 10.22 + 12 = 22.22 < 25 → 17 − 22.22 = −5.22 dBi
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: 60, elevationDownDegrees: 16) + 5.224852) < 0.006)
    }

    @Test("TR 38.901 element: zenith angle 90° + θ down")
    func element() throws {
        let e = try AntennaPattern.tr38901Element()
        // zenith 90° (horizon): 8 dBi; zenith 122.5° (32.5° down): A_V = 12·(32.5/65)² = 3 → 5 dBi;
        // zenith 57.5° (32.5° up): the same 5 dBi
        #expect(e.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: 0) == 8)
        #expect(abs(e.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: 122.5 - 90) - 5) < 0.006)
        #expect(abs(e.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: 57.5 - 90) - 5) < 0.006)
        // φ = 65°: A_H = 12 → −4 dBi; φ = 180°: min(12·(180/65)² = 92, 30) = 30 → 8 − 30 = −22 dBi
        #expect(e.gainDBi(azimuthOffBoresightDegrees: 65, elevationDownDegrees: 0) == -4)
        #expect(e.gainDBi(azimuthOffBoresightDegrees: 180, elevationDownDegrees: 0) == -22)
        #expect(e.maxAttenuationDB == 30)
    }

    @Test("bad model parameters throw")
    func badModel() {
        #expect(throws: CoverageError.self) { try panel(0, tilt: 6) }
        #expect(throws: CoverageError.self) { try panel(65, tilt: .nan) }
        #expect(throws: CoverageError.self) {
            try AntennaPattern(name: "x", gainDBi: 17, horizontalAttenuationDB: [0], verticalAttenuationDB: Array(repeating: 0, count: 360))
        }
    }
}

@Suite("AntennaPattern: tilt and geometry")
struct AntennaPatternTiltTests {
    @Test("depression angle, flat earth")
    func depression() {
        // atan(28.5/100) = 15.907552°; receiver above the antenna: atan(−10/50) = −11.309932°
        #expect(abs(AntennaPattern.depressionAngleDegrees(horizontalDistanceMeters: 100, antennaHeightMeters: 30, receiverHeightMeters: 1.5) - 15.907552) < 1e-6)
        #expect(abs(AntennaPattern.depressionAngleDegrees(horizontalDistanceMeters: 50, antennaHeightMeters: 30, receiverHeightMeters: 40) + 11.309932) < 1e-6)
    }

    @Test("antenna-frame angles under mechanical tilt")
    func frame() {
        // φ = 0: θ′ = θ − m exactly (5 − 6 = −1)
        let f0 = AntennaPattern.antennaFrameAngles(azimuthOffBoresightDegrees: 0, elevationDownDegrees: 5, mechanicalTiltDegrees: 6)
        #expect(abs(f0.elevationDownDegrees + 1) < 1e-9 && abs(f0.azimuthDegrees) < 1e-9)
        // φ = 90°, θ = 5°, m = 6°: sin θ′ = sin5°·cos6° = 0.0871557·0.9945219 = 0.0866783 → θ′ = 4.972540°;
        // φ′ = atan2(cos5°, sin5°·sin6°) = atan2(0.9961947, 0.0091103) = 89.476042°
        let f90 = AntennaPattern.antennaFrameAngles(azimuthOffBoresightDegrees: 90, elevationDownDegrees: 5, mechanicalTiltDegrees: 6)
        #expect(abs(f90.elevationDownDegrees - 4.972540) < 1e-6)
        #expect(abs(f90.azimuthDegrees - 89.476042) < 1e-6)
    }

    @Test("mechanical = electrical on boresight; mechanical has almost no effect at φ = 90°")
    func mechanicalVersusElectrical() throws {
        let p = try panel(70, tilt: 0)
        for theta in stride(from: -20.0, through: 40.0, by: 0.5) {
            let m = p.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: theta, mechanicalTiltDegrees: 6, electricalTiltDegrees: 0)
            let e = p.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: theta, mechanicalTiltDegrees: 0, electricalTiltDegrees: 6)
            #expect(abs(m - e) < 1e-9, "θ = \(theta)")
        }
        // φ = 90°, θ = 5°, φ3dB = 70°:
        // untilted:  A_H(90) = 12·(90/70)² = 19.836735, A_V(5) = 12·0.5² = 3 → 17 − 22.836735 = −5.836735 dBi
        // electrical 6°: A_V(5 − 6) = 0.12 → 17 − 19.956735 = −2.956735 dBi
        // mechanical 6°: (φ′, θ′) = (89.476042°, 4.972540°): A_H = 12·(89.476042/70)² = 19.606438,
        //   A_V = 12·0.4972540² = 2.967139 → 17 − 22.573576 = −5.573576 dBi
        let untilted = p.gainDBi(azimuthOffBoresightDegrees: 90, elevationDownDegrees: 5)
        let electrical = p.gainDBi(azimuthOffBoresightDegrees: 90, elevationDownDegrees: 5, mechanicalTiltDegrees: 0, electricalTiltDegrees: 6)
        let mechanical = p.gainDBi(azimuthOffBoresightDegrees: 90, elevationDownDegrees: 5, mechanicalTiltDegrees: 6, electricalTiltDegrees: 0)
        #expect(abs(untilted + 5.836735) < 0.006)
        #expect(abs(electrical + 2.956735) < 0.006)
        #expect(abs(mechanical + 5.573576) < 0.01)
        #expect(abs(mechanical - untilted) < 0.3)
        #expect(electrical - mechanical > 2.5)
    }

    @Test("extra electrical tilt of 2° on the T06 file equals the T08 file")
    func electricalShiftMatchesTable() throws {
        let t6 = try panel(65, tilt: 6), t8 = try panel(65, tilt: 8)
        for phi in [0.0, 20, 45.5, 90, 150, 200, 300] {
            for theta in stride(from: -80.0, through: 80.0, by: 0.25) {
                let shifted = t6.gainDBi(azimuthOffBoresightDegrees: phi, elevationDownDegrees: theta, mechanicalTiltDegrees: 0, electricalTiltDegrees: 2)
                #expect(abs(shifted - t8.gainDBi(azimuthOffBoresightDegrees: phi, elevationDownDegrees: theta)) < 1e-9, "φ \(phi) θ \(theta)")
            }
        }
        // and the tables differ (the test could fail): at 6° down T06 gives 17, T08 gives 17 − 12·0.2² = 16.52
        #expect(abs(t8.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: 6) - 16.52) < 1e-9)
    }

    /// Distance along boresight, 20 m … 1500 m in 0.1 m steps, at which `gain` is highest.
    private func peakDistance(antenna: Double, receiver: Double, _ gain: (Double) -> Double) -> Double {
        var best = (d: 0.0, g: -Double.infinity)
        for step in 0...14_800 {
            let d = 20 + Double(step) * 0.1
            let g = gain(AntennaPattern.depressionAngleDegrees(horizontalDistanceMeters: d, antennaHeightMeters: antenna, receiverHeightMeters: receiver))
            if g > best.g { best = (d, g) }
        }
        return best.d
    }

    @Test("main beam hits the ground at h/tan(tilt): near-site null moves in with more tilt")
    func beamOnGround() throws {
        let t6 = try panel(65, tilt: 6), t8 = try panel(65, tilt: 8), t0 = try panel(65, tilt: 0)
        // 30 m mast, receiver 1.5 m: 28.5/tan 6° = 28.5/0.1051042 = 271.159 m
        #expect(abs(peakDistance(antenna: 30, receiver: 1.5) { t6.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: $0) } - 271.159) < 1)
        // receiver at ground level: 30/tan 6° = 285.431 m
        #expect(abs(peakDistance(antenna: 30, receiver: 0) { t6.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: $0) } - 285.431) < 1)
        // 8° down: 28.5/tan 8° = 28.5/0.1405408 = 202.788 m — by the T08 file, by +2° electrical on T06,
        // by +2° mechanical on T06 (on boresight mechanical = electrical), and by 8° mechanical on T00
        let expected8 = 202.788
        #expect(abs(peakDistance(antenna: 30, receiver: 1.5) { t8.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: $0) } - expected8) < 1)
        #expect(abs(peakDistance(antenna: 30, receiver: 1.5) {
            t6.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: $0, mechanicalTiltDegrees: 0, electricalTiltDegrees: 2) } - expected8) < 1)
        #expect(abs(peakDistance(antenna: 30, receiver: 1.5) {
            t6.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: $0, mechanicalTiltDegrees: 2, electricalTiltDegrees: 0) } - expected8) < 1)
        #expect(abs(peakDistance(antenna: 30, receiver: 1.5) {
            t0.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: $0, mechanicalTiltDegrees: 8, electricalTiltDegrees: 0) } - expected8) < 1)
        // half-power point beyond the peak: A_V = 3 dB at θ = 6° − 5° = 1° → 28.5/tan 1° = 1632.7 m (outside the
        // grid); inside: at 28.5/tan 3° = 543.8 m, A_V = 12·0.3² = 1.08 dB → 15.92 dBi
        let theta543 = AntennaPattern.depressionAngleDegrees(horizontalDistanceMeters: 28.5 / tan(3 * Double.pi / 180), antennaHeightMeters: 30, receiverHeightMeters: 1.5)
        #expect(abs(t6.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: theta543) - 15.92) < 1e-6)
    }
}

@Suite("AntennaPattern: MSI / Planet files")
struct AntennaPatternMSITests {
    /// A hand-written file: CRLF, spaces, a bare (dBd) GAIN, an unknown key, four points per cut.
    static let handText = "  NAME Test panel \r\nMAKE Hand\r\nFREQUENCY 1800 MHz\r\n GAIN 14.85\r\nTILT ELECTRICAL 2\r\n"
        + "VENDOR_KEY anything\r\n\r\nHORIZONTAL 4\r\n0 0\r\n90 10\r\n180\t20\r\n 270 10 \r\nVERTICAL 4\r\n0 1\r\n90 13\r\n180 21\r\n270 13\r\n"

    @Test("parse a hand-written file")
    func parseHand() throws {
        let p = try AntennaPattern.parseMSI(Self.handText, file: "hand.msi")
        #expect(p.name == "Test panel")
        #expect(p.make == "Hand")
        #expect(p.frequencyMHz == 1800)
        // GAIN 14.85 with no unit is dBd: 14.85 + 2.15 = 17.00 dBi
        #expect(abs(p.gainDBi - 17) < 1e-12)
        #expect(p.electricalTiltDegrees == 2)
        // four points resampled to whole degrees: H(45°) = (0 + 10)/2 = 5, H(315°) = (10 + 0)/2 = 5,
        // H(1°) = 10/90 = 0.111111, H(135°) = 15; V(45°) = (1 + 13)/2 = 7
        #expect(p.horizontalAttenuationDB[45] == 5)
        #expect(p.horizontalAttenuationDB[315] == 5)
        #expect(abs(p.horizontalAttenuationDB[1] - 10.0 / 90) < 1e-12)
        #expect(p.horizontalAttenuationDB[135] == 15)
        #expect(p.verticalAttenuationDB[45] == 7)
        // 3D: (0, 0): A = (0 − 0) + V(0) = 1 → 16 dBi; (45°, 0): 5 + 1 = 6 → 11 dBi;
        // (180°, 45° down): 20 + 7 = 27, capped at the deepest table value 21 → 17 − 21 = −4 dBi
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: 0) - 16) < 1e-12)
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: 45, elevationDownDegrees: 0) - 11) < 1e-12)
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: 180, elevationDownDegrees: 45) + 4) < 1e-12)
    }

    @Test("GAIN units: dBi, dBd, bare")
    func gainUnits() throws {
        func gain(_ line: String) throws -> Double {
            try AntennaPattern.parseMSI("NAME g\n\(line)\nHORIZONTAL 1\n0 0\nVERTICAL 1\n0 0\n").gainDBi
        }
        #expect(try gain("GAIN 17 dBi") == 17)
        #expect(try gain("gain 17.5 DBI") == 17.5)
        #expect(abs(try gain("GAIN 15 dBd") - 17.15) < 1e-12)   // 15 + 2.15
        #expect(abs(try gain("GAIN 15") - 17.15) < 1e-12)       // bare number = dBd
    }

    @Test("a horizon cut through a tilted beam is re-referenced to boresight")
    func rereference() throws {
        // H(0) = 3 dB (horizontal cut at the horizon, beam tilted), V(0) = 3 dB: at (0°, 0°) the loss is 3 dB once,
        // not 6: G = 15 − 3 = 12 dBi; at (90°, 0°): H = (3 + 23)/2 = 13 → 13 − 3 + 3 = 13 → 2 dBi
        let text = "NAME t\nGAIN 15 dBi\nHORIZONTAL 2\n0 3\n180 23\nVERTICAL 2\n0 3\n180 30\n"
        let p = try AntennaPattern.parseMSI(text)
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: 0, elevationDownDegrees: 0) - 12) < 1e-12)
        #expect(abs(p.gainDBi(azimuthOffBoresightDegrees: 90, elevationDownDegrees: 0) - 2) < 1e-12)
    }

    @Test("a full 360-line file: whole degrees and half degrees")
    func full360() throws {
        var text = "NAME full\nGAIN 10 dBi\nTILT 4\nHORIZONTAL 360\n"
        for i in 0..<360 { text += "\(i) \(Double(i) / 10)\n" }
        text += "VERTICAL 360\n"
        for i in 0..<360 { text += "\(i) \(Double(359 - i) / 100)\n" }
        let p = try AntennaPattern.parseMSI(text)
        #expect(p.electricalTiltDegrees == 4)
        #expect(p.horizontalAttenuationDB[123] == 12.3)
        // 123.5° between 12.3 and 12.4: 12.35; wrap 359.5° between 35.9 and 0.0: 17.95
        #expect(abs(p.horizontalAttenuation(azimuthOffBoresightDegrees: 123.5) - 12.35) < 1e-12)
        #expect(abs(p.horizontalAttenuation(azimuthOffBoresightDegrees: -0.5) - 17.95) < 1e-12)
        // vertical 2° up = index 358: (359 − 358)/100 = 0.01
        #expect(abs(p.verticalAttenuation(elevationDownDegrees: -2) - 0.01) < 1e-12)
    }

    @Test("parse(write(p)) == p")
    func roundTrip() throws {
        for (_, p) in try AntennaPattern.modelLibrary() {
            #expect(try AntennaPattern.parseMSI(p.msiText()) == p)
        }
        let hand = try AntennaPattern.parseMSI(Self.handText)
        #expect(try AntennaPattern.parseMSI(hand.msiText()) == hand)
        // and a change is seen (the comparison can fail)
        #expect(try AntennaPattern.parseMSI(hand.msiText().replacingOccurrences(of: "\n45 5.0\n", with: "\n45 5.5\n")) != hand)
    }

    @Test("library files in data/antennas equal the generator")
    func libraryFilesMatchGenerator() throws {
        let library = try AntennaPattern.modelLibrary()
        // Regenerate with: ANTENNA_LIBRARY_WRITE=1 swift test --filter libraryFilesMatchGenerator
        if ProcessInfo.processInfo.environment["ANTENNA_LIBRARY_WRITE"] == "1" {
            try FileManager.default.createDirectory(at: libraryFolder, withIntermediateDirectories: true)
            for (fileName, pattern) in library { try pattern.writeMSI(path: libraryFolder.appendingPathComponent(fileName).path) }
        }
        #expect(library.count == 13)
        for (fileName, pattern) in library {
            let path = libraryFolder.appendingPathComponent(fileName).path
            let onDisk = try String(contentsOfFile: path, encoding: .utf8)
            #expect(onDisk == pattern.msiText(), "\(fileName) differs from the generator; regenerate it")
            #expect(try AntennaPattern.readMSI(path: path) == pattern)
        }
        let shipped = try FileManager.default.contentsOfDirectory(atPath: libraryFolder.path).filter { $0.hasSuffix(".msi") }
        #expect(Set(shipped) == Set(library.map(\.fileName)), "data/antennas holds .msi files the generator does not make")
        let readme = try String(contentsOf: libraryFolder.appendingPathComponent("README.md"), encoding: .utf8)
        for (fileName, _) in library { #expect(readme.contains(fileName), "README.md does not list \(fileName)") }
    }

    @Test("the base file parses")
    func baseParses() {
        #expect(parseError(base.joined(separator: "\n")) == nil)
    }

    @Test("errors name the file and the line",
          arguments: [
            // (text, line, fragment)
            (base.prefix(7).joined(separator: "\n") + "\n", 7, "no VERTICAL section"),
            (replacing(3, with: "HORIZONTAL 5"), 8, "announces 5 data lines"),
            (replacing(3, with: "HORIZONTAL 3"), 7, "more data lines than the 3 announced"),
            (replacing(3, with: "HORIZONTAL"), 3, "must be 'HORIZONTAL <number of data lines>'"),
            (replacing(5, with: "90 ten"), 5, "'ten' is not a number"),
            (replacing(5, with: "9O 10"), 5, "angle '9O' is not a number"),
            (replacing(5, with: "90 -10"), 5, "negative"),
            (replacing(5, with: "90 nan"), 5, "not finite"),
            (replacing(5, with: "90 inf"), 5, "not finite"),
            (replacing(5, with: "0 10"), 5, "appears twice in the HORIZONTAL section (first at line 4)"),
            (replacing(5, with: "360 10"), 5, "outside 0…359.x"),
            (replacing(5, with: "-1 10"), 5, "outside 0…359.x"),
            (replacing(5, with: "90 10 5"), 5, "found 3 fields"),
            (replacing(2, with: "GAIN high"), 2, "GAIN 'high' is not a gain"),
            (replacing(2, with: "COMMENT no gain"), 12, "no GAIN line"),
            (base.prefix(10).joined(separator: "\n"), 10, "the file ends after 2"),
            (replacing(8, with: "HORIZONTAL 4"), 8, "second HORIZONTAL section (the first is at line 3)"),
            (replacing(1, with: "FREQUENCY high"), 1, "FREQUENCY 'high' is not a frequency"),
            ("5 5\n", 1, "data line before any HORIZONTAL"),
          ])
    func errors(text: String, line: Int, fragment: String) {
        let message = parseError(text, file: "bad.msi")
        #expect(message?.hasPrefix("bad.msi: line \(line): ") == true, "\(message ?? "no error")")
        #expect(message?.contains(fragment) == true, "\(message ?? "no error")")
    }

    @Test("reading: a missing file, an oversize file")
    func reading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("antenna-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("none.msi").path
        do { _ = try AntennaPattern.readMSI(path: missing); Issue.record("no error") } catch {
            #expect("\(error)".contains(missing) && "\(error)".contains("does not exist"))
        }
        let big = folder.appendingPathComponent("big.msi").path
        try Data(repeating: 0x20, count: AntennaPattern.msiLimitBytes + 1).write(to: URL(fileURLWithPath: big))
        do { _ = try AntennaPattern.readMSI(path: big); Issue.record("no error") } catch {
            #expect("\(error)".contains(big) && "\(error)".contains("limit"))
        }
        let good = folder.appendingPathComponent("good.msi").path
        try Data(Self.handText.utf8).write(to: URL(fileURLWithPath: good))
        #expect(try AntennaPattern.readMSI(path: good).name == "Test panel")
    }
}
