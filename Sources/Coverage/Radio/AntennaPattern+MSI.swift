import Foundation

/// Reading and writing the MSI / Planet antenna pattern format (`.msi`, `.pln`), the de-facto exchange
/// format of antenna vendors and planning tools.
///
/// Format (definition: http://radiomobile.pe1mew.nl/?The_program___Definitions___MSI; conventions:
/// https://metacpan.org/pod/RF::Antenna::Planet::MSI::Format): a text file of header lines `KEY value`
/// — `NAME`, `MAKE`, `FREQUENCY` (MHz), `H_WIDTH`, `V_WIDTH`, `FRONT_TO_BACK`, `GAIN`, `TILT`, `POLARIZATION`,
/// `COMMENT` — then `HORIZONTAL 360` followed by 360 lines `angle attenuation` and `VERTICAL 360` followed by
/// 360 lines. Attenuations are dB below the GAIN, written without a minus sign. "The antenna gain unit is
/// dBd. If the Gain is in dBi, it must be indicated after the Gain value" (radiomobile page above), so a bare
/// `GAIN 14.85` is dBd and becomes 14.85 + 2.15 = 17 dBi.
extension AntennaPattern {
    /// Largest MSI file read, bytes (1 MiB; a 360 + 360-line file is ~10 kB).
    public static let msiLimitBytes = 1 << 20

    /// dBi − dBd: the gain of a half-wave dipole over an isotropic antenna, dB.
    public static let dipoleGainDBi = 2.15

    /// Reads an MSI / Planet pattern file (through ``InputFile/readText(_:limitBytes:what:)``, which refuses
    /// FIFOs, devices and files over ``msiLimitBytes``) and parses it with ``parseMSI(_:file:)``.
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` naming the file (and line).
    public static func readMSI(path: String) throws -> AntennaPattern {
        let text = try InputFile.readText(path, limitBytes: msiLimitBytes, what: "MSI antenna pattern")
        return try parseMSI(text, file: path)
    }

    /// Parses MSI / Planet text.
    ///
    /// Accepted: CRLF or LF line ends; leading/trailing spaces and tabs; blank lines; keys in any case;
    /// unknown keys (ignored); a first line without a known key (taken as the name — some vendors omit the
    /// `NAME` token); `GAIN g`, `GAIN g dBd` (dBi = g + 2.15), `GAIN g dBi`; `TILT n`, `TILT ELECTRICAL n`,
    /// `ELECTRICAL_TILT n` (the tilt built into the vertical table, degrees down; 0 if absent);
    /// `FREQUENCY f`, `f MHz`, `f GHz` or a range `a-b` (its midpoint); sections of any length n
    /// (`HORIZONTAL n`), angles in [0, 360) in any order, resampled to whole degrees by linear
    /// interpolation (wrapping) when they are not exactly 0…359.
    ///
    /// - Parameter file: the name used in error messages (a path, or a label for in-memory text).
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` with `location` "line N" and a
    ///   message saying what is wrong and what to do: missing GAIN or section, a section repeated, a count
    ///   that does not match its data lines, a non-numeric, negative or non-finite value, a duplicate angle,
    ///   an angle outside [0, 360).
    public static func parseMSI(_ text: String, file: String = "") throws -> AntennaPattern {
        func fail(_ line: Int, _ message: String) -> CoverageError {
            .invalidInput(file: file, location: "line \(line)", message: message)
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let endLine = max(1, lines.count - (lines.last?.isEmpty == true ? 1 : 0))

        struct Section { let key: String; let line: Int; let count: Int; var points: [(angle: Double, value: Double)] = []; var seen: [Double: Int] = [:] }
        let knownKeys: Set<String> = ["NAME", "MAKE", "FREQUENCY", "H_WIDTH", "V_WIDTH", "FRONT_TO_BACK", "GAIN", "TILT",
                                      "ELECTRICAL_TILT", "POLARIZATION", "COMMENT", "HORIZONTAL", "VERTICAL"]
        var name: String?, make: String?, polarization: String?, comment: String?
        var frequency: Double?, gain: Double?, tilt = 0.0, hWidth: Double?, vWidth: Double?, frontToBack: Double?
        var open: Section?
        var done: [String: Section] = [:]
        var lastClosed: Section?
        var sawContent = false

        for (index, raw) in lines.enumerated() {
            let n = index + 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let key = tokens[0].uppercased()
            let rest = String(line.dropFirst(tokens[0].count)).trimmingCharacters(in: .whitespaces)
            defer { sawContent = true }

            if var section = open {
                if knownKeys.contains(key) {
                    throw fail(n, "'\(section.key) \(section.count)' (line \(section.line)) announces \(section.count) data lines but '\(tokens[0])' comes after \(section.points.count); give one 'angle attenuation' line per angle or correct the count")
                }
                guard tokens.count == 2 else {
                    throw fail(n, "a \(section.key) data line is 'angle attenuation' (two numbers), found \(tokens.count) fields '\(line)'")
                }
                guard let angle = Double(tokens[0]), angle.isFinite else {
                    throw fail(n, "angle '\(tokens[0])' is not a number; a data line is 'angle attenuation', e.g. '12 3.5'")
                }
                guard angle >= 0, angle < 360 else {
                    throw fail(n, "angle \(tokens[0]) is outside 0…359.x degrees; write angles from 0 up to (not including) 360")
                }
                guard let value = Double(tokens[1]) else {
                    throw fail(n, "attenuation '\(tokens[1])' is not a number; a data line is 'angle attenuation', e.g. '12 3.5'")
                }
                guard value.isFinite else {
                    throw fail(n, "attenuation '\(tokens[1])' is not finite; give a number of dB")
                }
                guard value >= 0 else {
                    throw fail(n, "attenuation \(tokens[1]) dB is negative; MSI data are losses in dB below GAIN, written without a minus sign")
                }
                if let first = section.seen[angle] {
                    throw fail(n, "angle \(tokens[0]) appears twice in the \(section.key) section (first at line \(first)); keep one line per angle")
                }
                section.seen[angle] = n
                section.points.append((angle, value + 0.0))
                if section.points.count == section.count {
                    done[section.key] = section
                    lastClosed = section
                    open = nil
                } else {
                    open = section
                }
                continue
            }

            if Double(tokens[0]) != nil {
                if let last = lastClosed {
                    throw fail(n, "more data lines than the \(last.count) announced by '\(last.key) \(last.count)' (line \(last.line)); correct the count or remove the extra lines")
                }
                throw fail(n, "data line before any HORIZONTAL or VERTICAL section; put 'HORIZONTAL 360' or 'VERTICAL 360' above the data")
            }
            switch key {
            case "NAME": name = rest
            case "MAKE": make = rest
            case "POLARIZATION": polarization = rest
            case "COMMENT": comment = comment.map { $0 + "; " + rest } ?? rest
            case "H_WIDTH": hWidth = tokens.count > 1 ? Double(tokens[1]).flatMap { $0.isFinite ? $0 : nil } : nil
            case "V_WIDTH": vWidth = tokens.count > 1 ? Double(tokens[1]).flatMap { $0.isFinite ? $0 : nil } : nil
            case "FRONT_TO_BACK": frontToBack = tokens.count > 1 ? Double(tokens[1]).flatMap { $0.isFinite ? $0 : nil } : nil
            case "GAIN":
                guard let g = parseGain(rest) else {
                    throw fail(n, "GAIN '\(rest)' is not a gain; write e.g. 'GAIN 17 dBi' or 'GAIN 14.85 dBd' (a bare number is dBd)")
                }
                gain = g
            case "TILT", "ELECTRICAL_TILT":
                if let t = tokens.dropFirst().lazy.compactMap({ Double($0.replacingOccurrences(of: "°", with: "")) }).first {
                    guard t.isFinite, abs(t) <= 90 else {
                        throw fail(n, "tilt \(t) is not an angle in −90…90 degrees; write e.g. 'TILT ELECTRICAL 6'")
                    }
                    tilt = t
                }
            case "FREQUENCY":
                guard let f = parseFrequencyMHz(rest) else {
                    throw fail(n, "FREQUENCY '\(rest)' is not a frequency; write MHz, e.g. 'FREQUENCY 1800'")
                }
                frequency = f
            case "HORIZONTAL", "VERTICAL":
                if let earlier = done[key] {
                    throw fail(n, "second \(key) section (the first is at line \(earlier.line)); keep one")
                }
                guard tokens.count == 2, let count = Int(tokens[1]), count > 0 else {
                    throw fail(n, "'\(line)' must be '\(key) <number of data lines>', e.g. '\(key) 360'")
                }
                open = Section(key: key, line: n, count: count)
            default:
                if !sawContent && name == nil { name = line }   // vendor files without the NAME token
            }
        }

        if let section = open {
            throw fail(endLine, "'\(section.key) \(section.count)' (line \(section.line)) announces \(section.count) data lines but the file ends after \(section.points.count); add the missing lines or correct the count")
        }
        for key in ["HORIZONTAL", "VERTICAL"] where done[key] == nil {
            throw fail(endLine, "no \(key) section (end of file); an MSI file needs '\(key) 360' followed by 360 'angle attenuation' lines")
        }
        guard let gainDBi = gain else {
            throw fail(endLine, "no GAIN line (end of file); add e.g. 'GAIN 17 dBi' (a bare number is dBd)")
        }
        do {
            return try AntennaPattern(
                name: name ?? "", make: make, frequencyMHz: frequency, gainDBi: gainDBi, electricalTiltDegrees: tilt,
                horizontalAttenuationDB: resampledToWholeDegrees(done["HORIZONTAL"]!.points),
                verticalAttenuationDB: resampledToWholeDegrees(done["VERTICAL"]!.points),
                horizontalBeamwidthDegrees: hWidth, verticalBeamwidthDegrees: vWidth, frontToBackDB: frontToBack,
                polarization: polarization, comment: comment)
        } catch let error as CoverageError {
            throw CoverageError.invalidInput(file: file, location: "line \(endLine)", message: "\(error)")
        }
    }

    /// `GAIN` value in dBi: "g" or "g dBd" → g + 2.15; "g dBi" → g; also "gdBi", "(dBi) g". `nil` if not a finite number.
    static func parseGain(_ text: String) -> Double? {
        var t = text.lowercased()
        let isDBi = t.contains("dbi")
        for unit in ["(dbi)", "(dbd)", "dbi", "dbd"] { t = t.replacingOccurrences(of: unit, with: " ") }
        guard let g = Double(t.trimmingCharacters(in: .whitespaces)), g.isFinite else { return nil }
        return isDBi ? g : g + dipoleGainDBi
    }

    /// `FREQUENCY` value in MHz: "f", "f MHz", "f GHz", or a range "a-b" (midpoint). `nil` unless finite and > 0.
    static func parseFrequencyMHz(_ text: String) -> Double? {
        var t = text.lowercased()
        let scale = t.contains("ghz") ? 1000.0 : 1.0
        for unit in ["ghz", "mhz"] { t = t.replacingOccurrences(of: unit, with: " ") }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        let values = parts.map { $0! * scale }
        let f = values.reduce(0, +) / Double(values.count)
        return f.isFinite && f > 0 && values.allSatisfy({ $0 > 0 }) ? f : nil
    }

    /// Values at 0, 1, …, 359° from points at distinct angles in [0, 360), by linear interpolation around
    /// the circle (a point exactly at a whole degree is taken as it is).
    static func resampledToWholeDegrees(_ points: [(angle: Double, value: Double)]) -> [Double] {
        let sorted = points.sorted { $0.angle < $1.angle }
        guard let first = sorted.first, let last = sorted.last else { return [] }
        let ring = [(angle: last.angle - 360, value: last.value)] + sorted + [(angle: first.angle + 360, value: first.value)]
        var j = 0
        return (0..<360).map { k in
            let x = Double(k)
            while ring[j + 1].angle <= x { j += 1 }
            let (a, b) = (ring[j], ring[j + 1])
            if a.angle == x { return a.value }
            return a.value + (x - a.angle) / (b.angle - a.angle) * (b.value - a.value)
        }
    }

    /// The pattern as MSI / Planet text (LF line ends): the header lines that have a value, `GAIN … dBi`,
    /// `TILT ELECTRICAL …`, then `HORIZONTAL 360` and `VERTICAL 360` with one `angle attenuation` line per
    /// whole degree. Numbers are written in the shortest form that reads back to the same `Double`, so
    /// `parseMSI(msiText()) == self` for every pattern whose texts have no line breaks (line breaks in
    /// NAME, MAKE, POLARIZATION or COMMENT are written as spaces).
    public func msiText() -> String {
        func clean(_ s: String) -> String {
            s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        }
        var out = ["NAME \(clean(name))"]
        if let make { out.append("MAKE \(clean(make))") }
        if let frequencyMHz { out.append("FREQUENCY \(frequencyMHz)") }
        if let horizontalBeamwidthDegrees { out.append("H_WIDTH \(horizontalBeamwidthDegrees)") }
        if let verticalBeamwidthDegrees { out.append("V_WIDTH \(verticalBeamwidthDegrees)") }
        if let frontToBackDB { out.append("FRONT_TO_BACK \(frontToBackDB)") }
        out.append("GAIN \(gainDBi) dBi")
        out.append("TILT ELECTRICAL \(electricalTiltDegrees)")
        if let polarization { out.append("POLARIZATION \(clean(polarization))") }
        if let comment { out.append("COMMENT \(clean(comment))") }
        out.append("HORIZONTAL 360")
        out += horizontalAttenuationDB.enumerated().map { "\($0.offset) \($0.element)" }
        out.append("VERTICAL 360")
        out += verticalAttenuationDB.enumerated().map { "\($0.offset) \($0.element)" }
        return out.joined(separator: "\n") + "\n"
    }

    /// Writes ``msiText()`` to `path` (UTF-8), replacing any file there.
    public func writeMSI(path: String) throws {
        do { try msiText().write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CoverageError.invalidInput(file: path, location: "", message: "cannot write the MSI file (\(error.localizedDescription)); check the folder exists and is writable")
        }
    }
}
