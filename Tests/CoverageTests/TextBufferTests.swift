import Coverage
import Foundation
import Testing

/// TextBuffer's number formatters against the `String` formulas they replaced in the large outputs (kept here as the
/// references) — Swift's own shortest round-trip printer (`Double.description`) and the fixed-decimals formula
/// (checked against printf's "%.6f" in GEOSTests) — on values drawn over the ranges the outputs hold and the
/// edges where a formatter could slip: values near 0 where Swift switches to an exponent, halfway cases, integers,
/// magnitudes near 10¹⁵, negative zero, non-finite values.
@Suite struct TextBufferTests {
    /// JSON's number text as written before TextBuffer: an integer below 10¹⁵ through `String(Int64)`, anything else
    /// through Swift's shortest round-trip printer.
    static func jsonReference(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// The GeoJSON coordinate formula before TextBuffer: round to `k` places, −0 as 0, then JSON's number text.
    static func reference(_ d: Double, _ k: Int) -> String {
        let scale = pow(10.0, Double(k))
        var r = (d * scale).rounded() / scale
        if r == 0 { r = 0 }
        return jsonReference(r)
    }

    /// Fixed decimals as written before TextBuffer (GEOSTests checks JSONValue.fixed against printf too): the scaled value
    /// rounded half away from zero in a 64-bit integer, then its digits.
    static func fixedReference(_ d: Double, _ digits: Int) -> String {
        guard d.isFinite else { return "nan" }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let n = Int64((abs(d) * Double(scale)).rounded())
        var frac = String(n % scale)
        if frac.count < digits { frac = String(repeating: "0", count: digits - frac.count) + frac }
        let sign = d < 0 && n != 0 ? "-" : ""
        return digits == 0 ? sign + String(n) : sign + String(n / scale) + "." + frac
    }

    static func one(_ body: (TextBuffer) -> Void) -> String { let b = TextBuffer(capacity: 1); body(b); return b.text }

    /// Values to try: uniform lon/lat, magnitudes spread log-uniformly from 10⁻⁹ to 10¹⁷, exact halfway cases on
    /// the 10⁻ᵏ grid, integers, and the fixed edge cases.
    static func values(count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        var out: [Double] = [0, -0.0, .nan, .infinity, -.infinity, 1e-4, -1e-4, 9.99999e-5, 1.5e-4, 0.00005, 1e15, -1e15,
                             999_999_999.999_999_5, 1e15 - 0.5, 2e15, 9.007_199_254_740_992e15, 180, -180, 0.5, -0.5, 1e-6, 5e-7,
                             -5e-7, 4.9999999e-7, 106.000_000_5, 16.123_456_5, 9.999_999_5, 99.999_999_5, -99.999_999_4, 100, 999.999_999,
                             999.999_999_5, -1e-6, 1e-4 - 5e-7, 0.1 + 0.2, 1.0 / 3.0, Double.ulpOfOne, .leastNonzeroMagnitude]
        for _ in 0..<count {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: out.append(Double.random(in: -180...180, using: &rng))
            case 1: out.append((Double.random(in: 0...1, using: &rng) < 0.5 ? -1 : 1) * pow(10, Double.random(in: -9...17, using: &rng)))
            case 2: out.append((Double(Int.random(in: -180_000_000...180_000_000, using: &rng)) + 0.5) / 1e6)
            case 3: out.append(Double(Int.random(in: -1_000_000...1_000_000, using: &rng)))
            default: out.append(Double(Int.random(in: -999_999_999...999_999_999, using: &rng)) / pow(10, Double(Int.random(in: 0...9, using: &rng))))
            }
        }
        return out
    }

    @Test func roundedCoordinatesMatchTheShortestRoundTripText() {
        var mismatches: [String] = []
        for d in Self.values(count: 300_000, seed: 20261204) {
            for k in [0, 1, 3, 6, 7, 9, 10] {
                let got = Self.one { $0.append(rounded: d, decimals: k) }, want = Self.reference(d, k)
                if got != want && mismatches.count < 5 { mismatches.append("\(d) at \(k) places: \(got) ≠ \(want)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func fixedDecimalsMatchJSONValueFixed() {
        var mismatches: [String] = []
        for d in Self.values(count: 200_000, seed: 7) where !d.isFinite || abs(d) < 9e9 {
            for k in [0, 1, 2, 6, 9] {
                let got = Self.one { $0.append(fixed: d, digits: k) }, want = Self.fixedReference(d, k)
                if got != want && mismatches.count < 5 { mismatches.append("\(d) with \(k) digits: \(got) ≠ \(want)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // By hand: half away from zero on the scaled value, no sign on a value that rounds to zero.
        #expect(Self.one { $0.append(fixed: -0.000_000_4, digits: 6) } == "0.000000")
        #expect(Self.one { $0.append(fixed: -106.25, digits: 1) } == "-106.3" && Self.one { $0.append(fixed: 2.5, digits: 0) } == "3")
        #expect(Self.one { $0.append(fixed: 16.000_001, digits: 6) } == "16.000001")
    }

    @Test func jsonNumbersAndIntegers() {
        for d in Self.values(count: 50_000, seed: 11) { #expect(Self.one { $0.append(json: d) } == Self.jsonReference(d)) }
        for i in [0, 1, -1, 9, 10, 99, 100, 5_144_611, Int.max, Int.min, -1_000_000_007] { #expect(Self.one { $0.append(i) } == String(i)) }
        #expect(Self.one { $0.append(json: 1e16) } == "1e+16" && Self.one { $0.append(json: 12) } == "12" && Self.one { $0.append(json: 0.1) } == "0.1")
    }

    /// Strings quoted for JSON read back as themselves (Foundation's parser), control characters as \u00XX.
    @Test func quotedStringsReadBack() throws {
        let texts = ["plain", "say \"hi\"", "back\\slash", "two\nlines\r\t", "\u{1}\u{1F}", "Đông Hà", "\"\u{301}", "", "emoji 🇻🇳"]
        for t in texts {
            let q = Self.one { JSONValue.quote(t, into: $0) }
            let back = try JSONSerialization.jsonObject(with: Data(q.utf8), options: [.fragmentsAllowed]) as? String
            #expect(back == t, "\(q)")
        }
        #expect(Self.one { JSONValue.quote("a\"\\\n\u{1}", into: $0) } == #""a\"\\\n\u0001""#)
    }

    /// A buffer grows past its first capacity without losing what it held; appends of every kind land in order.
    @Test func growsAndKeepsOrder() {
        let b = TextBuffer(capacity: 1)
        var want = ""
        for i in 0..<10_000 {
            b.append(i); b.append(byte: UInt8(ascii: ",")); b.append("é"); b.append("|" as StaticString)
            want += "\(i),é|"
        }
        #expect(b.text == want && b.count == want.utf8.count && b.hasPrefix("0,é|1") && !b.hasPrefix("1"))
        // A buffer appended to itself: room is made before its bytes are read (the block may move).
        let twice = TextBuffer(capacity: 16)
        twice.append("0123456789abcdef" as StaticString)
        for _ in 0..<4 { twice.append(twice) }
        #expect(twice.text == String(repeating: "0123456789abcdef", count: 16))
    }
}
