import Coverage
import Foundation

extension Inputs {
    /// Reads NTIA's pfl array from a file: numbers separated by commas, spaces, tabs or new lines.
    /// - Throws: `SimError.input` naming the file and the position of a value that is not a number,
    ///   or the inconsistency between the interval count and the number of elevations.
    package static func terrainProfile(_ path: String) throws -> TerrainProfile {
        let text: String
        do { text = try InputFile.readText(path, limitBytes: InputFile.textLimitBytes, what: "profile file") }
        catch let e as CoverageError { throw SimError.input(e.description) }
        var values: [Double] = []
        for token in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0.isNewline }) {
            guard let v = Double(token), v.isFinite else {
                throw SimError.input("\(path): value \(values.count + 1) '\(token)' is not a number; a profile is np, spacing (m), then np + 1 elevations (m)")
            }
            values.append(v)
        }
        do { return try TerrainProfile(pfl: values) } catch let e as CoverageError {
            throw SimError.input("\(path): \(e)")
        }
    }
}
