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
        let out = TextBuffer()
        write(to: out)
        return out.text
    }

    /// Appends ``serialized()``'s text to `out`.
    public func write(to out: TextBuffer) {
        switch self {
        case .null: out.append("null" as StaticString)
        case .bool(let b): out.append(b ? "true" as StaticString : "false")
        case .number(let d): out.append(json: d)
        case .string(let s): JSONValue.quote(s, into: out)
        case .array(let a):
            out.append(byte: UInt8(ascii: "["))
            for (i, v) in a.enumerated() { if i > 0 { out.append(byte: UInt8(ascii: ",")) }; v.write(to: out) }
            out.append(byte: UInt8(ascii: "]"))
        case .object(let kv): JSONValue.writeObject(kv, to: out)
        }
    }

    /// An object's members as ``write(to:)`` writes `.object(members)` (without wrapping them in a value first).
    public static func writeObject(_ members: [(String, JSONValue)], to out: TextBuffer) {
        out.append(byte: UInt8(ascii: "{"))
        for (i, (k, v)) in members.enumerated() {
            if i > 0 { out.append(byte: UInt8(ascii: ",")) }
            quote(k, into: out); out.append(byte: UInt8(ascii: ":")); v.write(to: out)
        }
        out.append(byte: UInt8(ascii: "}"))
    }

    /// JSON has no NaN or infinity: those become null.
    /// Integers (|d| < 10¹⁵) without a fraction, others in Swift's shortest round-trip form: ``TextBuffer/append(json:)``.
    public static func format(_ d: Double) -> String {
        let out = TextBuffer(capacity: 32)
        out.append(json: d)
        return out.text
    }

    /// `s` as a JSON string: quotes, backslashes and control characters escaped, the rest as its UTF-8.
    public static func quote(_ s: String, into out: TextBuffer) {
        out.append(byte: UInt8(ascii: "\""))
        // Plain runs (no quote, backslash or control character: the usual case) go in whole.
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                out.append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                switch b {
                case UInt8(ascii: "\""): out.append("\\\"" as StaticString)
                case UInt8(ascii: "\\"): out.append("\\\\" as StaticString)
                case 0x0A: out.append("\\n" as StaticString)
                case 0x0D: out.append("\\r" as StaticString)
                case 0x09: out.append("\\t" as StaticString)
                default:
                    out.append("\\u00" as StaticString)
                    for h in [b >> 4, b & 15] { out.append(byte: h < 10 ? 48 + h : 87 + h) }   // lower-case hex
                }
                start = i + 1
            }
            out.append(UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(byte: UInt8(ascii: "\""))
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral s: String) { self = .string(s) }
    public init(floatLiteral d: Double) { self = .number(d) }
    public init(integerLiteral i: Int) { self = .number(Double(i)) }
    public init(booleanLiteral b: Bool) { self = .bool(b) }
}

extension JSONValue {
    /// `d` with exactly `digits` decimals (0…9), like `String(format: "%.Nf")` but without Foundation's
    /// formatter (``TextBuffer/append(fixed:digits:)``). Rounds half away from zero on the scaled value; no sign on
    /// a value that rounds to zero; |d| · 10^digits must stay below 2⁶³.
    public static func fixed(_ d: Double, digits: Int) -> String {
        let out = TextBuffer(capacity: 32)
        out.append(fixed: d, digits: digits)
        return out.text
    }

    public static func rounded(_ d: Double, _ digits: Int) -> JSONValue {
        let m = pow(10.0, Double(digits))
        return .number((d * m).rounded() / m)
    }
}
