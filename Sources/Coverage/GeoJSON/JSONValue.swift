import Foundation

/// A JSON value, as read from GeoJSON properties or written to outputs. Objects keep their key
/// order so that written files are byte-identical run to run.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into h: inout Hasher) { h.combine(serialized()) }

    /// The value for `key` in an object, nil otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let kv) = self { return kv.first { $0.0 == key }?.1 }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var doubleValue: Double? { if case .number(let d) = self { return d }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }

    /// Converts a Foundation JSON object (from `JSONSerialization`), sorting object keys.
    public init(foundation o: Any) {
        switch o {
        case let s as String: self = .string(s)
        case let n as NSNumber:
            // JSONSerialization makes booleans as NSNumber(value: Bool), whose ObjC type is "c" (char);
            // JSON numbers come back as "q" (Int64) or "d" (Double).
            if String(cString: n.objCType) == "c" { self = .bool(n.boolValue) } else { self = .number(n.doubleValue) }
        case let a as [Any]: self = .array(a.map(JSONValue.init(foundation:)))
        case let d as [String: Any]: self = .object(d.keys.sorted().map { ($0, JSONValue(foundation: d[$0]!)) })
        default: self = .null
        }
    }

    /// Compact, deterministic serialisation. Numbers print in Swift's shortest round-trip form,
    /// integers without a fraction.
    public func serialized() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    public func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += JSONValue.format(d)
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() { if i > 0 { out += "," }; v.write(into: &out) }
            out += "]"
        case .object(let kv):
            out += "{"
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { out += "," }
                JSONValue.quote(k, into: &out); out += ":"; v.write(into: &out)
            }
            out += "}"
        }
    }

    /// JSON has no NaN or infinity: those become null.
    public static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral s: String) { self = .string(s) }
    public init(floatLiteral d: Double) { self = .number(d) }
    public init(integerLiteral i: Int) { self = .number(Double(i)) }
    public init(booleanLiteral b: Bool) { self = .bool(b) }
}

extension JSONValue {
    /// A number rounded to `digits` decimals (for stable, readable outputs).
    /// `d` with exactly `digits` decimals (0…9), like `String(format: "%.Nf")` but without Foundation's
    /// formatter (about 20× faster; population.csv writes two per cell). Rounds half away from zero on
    /// the scaled value; |d| · 10^digits must stay below 2⁶³.
    public static func fixed(_ d: Double, digits: Int) -> String {
        guard d.isFinite else { return "nan" }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let n = Int64((abs(d) * Double(scale)).rounded())
        var frac = String(n % scale)
        if frac.count < digits { frac = String(repeating: "0", count: digits - frac.count) + frac }
        let sign = d < 0 && n != 0 ? "-" : ""
        return digits == 0 ? sign + String(n) : sign + String(n / scale) + "." + frac
    }

    public static func rounded(_ d: Double, _ digits: Int) -> JSONValue {
        let m = pow(10.0, Double(digits))
        return .number((d * m).rounded() / m)
    }
}
