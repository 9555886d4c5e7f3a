/// Every error the geometry core throws. Each case carries enough context for the command-line
/// tool to print one line naming the file, the place in it and what to do.
public enum CoverageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A model input lies outside the model's validity range (the hard tier: no result).
    /// `parameter` names the input with its unit (e.g. "frequency_mhz"), `validRange` says what is accepted.
    case modelInputOutOfRange(model: String, parameter: String, value: Double, validRange: String)
    /// An unknown model, environment or option name.
    case unknownName(kind: String, name: String, expected: [String])
    /// GEOS reported an error; `operation` names the C call, `message` is GEOS's own text.
    case geos(operation: String, message: String)
    /// PROJ reported an error.
    case proj(operation: String, message: String)
    /// GDAL reported an error; `operation` names the C call (and file), `message` is GDAL's own text.
    case gdal(operation: String, message: String)
    /// Malformed or invalid input data. `file` may be empty for in-memory data; `location` is
    /// e.g. "line 12, column 4" or "feature 7".
    case invalidInput(file: String, location: String, message: String)

    public var description: String {
        switch self {
        case let .modelInputOutOfRange(model, parameter, value, validRange):
            return "\(model): \(parameter) = \(value) is outside the model's validity range \(validRange)"
        case let .unknownName(kind, name, expected):
            return "unknown \(kind) '\(name)'; expected one of: \(expected.joined(separator: ", "))"
        case let .geos(operation, message):
            return "GEOS \(operation) failed: \(message)"
        case let .proj(operation, message):
            return "PROJ \(operation) failed: \(message)"
        case let .gdal(operation, message):
            return "GDAL \(operation) failed: \(message)"
        case let .invalidInput(file, location, message):
            let place = [file, location].filter { !$0.isEmpty }.joined(separator: ": ")
            return place.isEmpty ? message : "\(place): \(message)"
        }
    }
}
