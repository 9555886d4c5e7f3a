import Foundation

/// A growing buffer of UTF-8 text for the large outputs (GeoJSON layers, population.csv: hundreds of MB, tens of
/// millions of numbers). Appending to a Swift `String` costs a uniqueness check, a capacity check and a count
/// update per call, and `Double`'s `description` runs the general shortest-digits search for every coordinate;
/// here bytes go straight into one `malloc`ed block and the numbers outputs write most (integers, fixed decimals,
/// coordinates rounded to a grid) are formatted from integers. Each formatter gives exactly the text of the
/// `String`-based one it replaces (tested against them on millions of values).
///
/// A buffer belongs to one thread while it is filled; once full it may be handed to another (a writer thread):
/// hence `@unchecked Sendable`.
public final class TextBuffer: @unchecked Sendable {
    // Exclusivity is not checked dynamically on these (a check per byte appended cost ~3 % of a national run's
    // samples): a buffer is filled by one thread and no method re-enters another.
    @exclusivity(unchecked) @usableFromInline var used = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>

    /// An empty buffer with room for `capacity` bytes (it grows as needed).
    public init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        guard let p = malloc(self.capacity) else { fatalError("TextBuffer: out of memory (\(self.capacity) bytes)") }
        base = p.assumingMemoryBound(to: UInt8.self)
    }

    /// A buffer holding the UTF-8 bytes of `text`.
    public convenience init(_ text: String) {
        self.init(capacity: text.utf8.count)
        append(text)
    }

    deinit { free(base) }

    /// Bytes written so far.
    public var count: Int { used }
    /// Empties the buffer, keeping its memory for the next text.
    public func removeAll() { used = 0 }
    public var isEmpty: Bool { used == 0 }

    /// The text written, as a `String` (a copy).
    public var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// Calls `body` with the bytes written (valid only during the call).
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Whether the text starts with the UTF-8 bytes of `prefix`.
    public func hasPrefix(_ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return p.count <= count && p.indices.allSatisfy { base[$0] == p[$0] }
    }

    /// Makes room for at least `n` more bytes at once (growing step by step copies what is held: a writer that knows
    /// roughly how much it will write saves the copies and the memory they leave behind).
    public func reserveCapacity(_ n: Int) { reserve(n) }

    /// Makes room for `n` more bytes.
    @inlinable @inline(__always) func reserve(_ n: Int) { if used + n > capacity { grow(used + n) } }

    @usableFromInline func grow(_ need: Int) {
        var c = capacity
        while c < need { c *= 2 }
        guard let p = realloc(base, c) else { fatalError("TextBuffer: out of memory (\(c) bytes)") }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = c
    }

    // MARK: Text

    /// Appends bytes held elsewhere (`bytes` must not point into this buffer, which may move as it grows).
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let src = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + used).update(from: src, count: bytes.count)
        used += bytes.count
    }

    /// Appends a literal (no `String` made).
    public func append(_ s: StaticString) {
        if s.hasPointerRepresentation {
            append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        } else {
            append(String(describing: s))
        }
    }

    public func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// Appends the bytes of another buffer (or of this one: room is made before they are read).
    public func append(_ other: TextBuffer) {
        reserve(other.count)
        other.withBytes { append($0) }
    }

    @inlinable @inline(__always) public func append(byte: UInt8) {
        reserve(1)
        base[used] = byte
        used += 1
    }

    // MARK: Numbers
    //
    // No tables held in globals (Swift guards each with a lazy-initialisation check per use): powers of ten are
    // multiplied out, digit pairs read from a string literal. Rounding half away from zero goes through integer
    // truncation (on baseline x86-64 `Double.rounded()` is a call into libm).

    /// The decimal digits of `v`, as `String(v)` writes them.
    public func append(_ v: Int) {
        reserve(20)
        var p = base + used
        if v < 0 { p.pointee = UInt8(ascii: "-"); p += 1 }
        let n = Self.digitCount(v.magnitude)
        Self.writeDigits(v.magnitude, count: n, at: p)
        used = p + n - base
    }

    /// 10ᵏ for k in 0…19.
    @inline(__always) static func powerOfTen(_ k: Int) -> UInt {
        var p: UInt = 1
        for _ in 0..<k { p &*= 10 }
        return p
    }

    /// How many decimal digits `v` has (1 for 0).
    @inline(__always) static func digitCount(_ v: UInt) -> Int {
        var n = 1, t = v
        while t >= 100 { t /= 100; n += 2 }
        return t >= 10 ? n + 1 : n
    }

    /// "00", "01", … "99": the two digits of each number below 100 (a literal, not a stored global).
    @inline(__always) static var digitPairs: StaticString { "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899" }

    /// Writes the last `count` decimal digits of `v` (zero-padded) at `p`, two at a time.
    @inline(__always) static func writeDigits(_ v: UInt, count: Int, at p: UnsafeMutablePointer<UInt8>) {
        let table = digitPairs.utf8Start
        var x = v, i = count
        while i >= 2 {
            let r = Int(x % 100)
            x /= 100
            i -= 2
            p[i] = table[2 * r]; p[i + 1] = table[2 * r + 1]
        }
        if i == 1 { p[0] = UInt8(truncatingIfNeeded: x % 10) &+ 48 }
    }

    /// `x` rounded half away from zero, as `Int(x.rounded())`, for |x| < 2⁵²: the truncation and the exact
    /// difference x − trunc(x) decide it.
    @inline(__always) static func roundedHalfAway(_ x: Double) -> Int {
        let t = Int(x)
        let f = x - Double(t)
        return f >= 0.5 ? t + 1 : f <= -0.5 ? t - 1 : t
    }

    /// `d` with exactly `digits` decimals (0…9), rounded half away from zero on the scaled value, no sign on a value
    /// that rounds to zero, "nan" when not finite (``JSONValue/fixed(_:digits:)`` is this as a string). |d| · 10^digits
    /// must stay below 2⁶³.
    public func append(fixed d: Double, digits k: Int) {
        precondition((0...9).contains(k), "TextBuffer.append(fixed:digits:) takes 0…9 digits")
        // 6 digits (population.csv's lon/lat) with the scale a constant: divisions become multiplications.
        if k == 6 { appendFixed(d, scale: 1_000_000, digits: 6) } else { appendFixed(d, scale: Self.powerOfTen(k), digits: k) }
    }

    /// ``append(fixed:digits:)`` with `scale` = 10^`k`.
    @inline(__always) private func appendFixed(_ d: Double, scale: UInt, digits k: Int) {
        guard d.isFinite else { append("nan" as StaticString); return }
        let x = abs(d) * Double(scale)
        let n = x < 4e15 ? UInt(Self.roundedHalfAway(x)) : UInt(x.rounded())
        appendDecimal(negative: d < 0 && n != 0, whole: n / scale, fraction: n % scale, places: k)
    }

    /// "-" when `negative`, the digits of `whole`, then — when `places` > 0 — "." and `fraction` zero-padded to `places`
    /// digits (at most 19).
    @inline(__always) private func appendDecimal(negative: Bool, whole: UInt, fraction: UInt, places: Int) {
        reserve(42)
        var p = base + used
        if negative { p.pointee = UInt8(ascii: "-"); p += 1 }
        let wholeDigits = Self.digitCount(whole)
        Self.writeDigits(whole, count: wholeDigits, at: p)
        p += wholeDigits
        if places > 0 {
            p.pointee = UInt8(ascii: ".")
            Self.writeDigits(fraction, count: places, at: p + 1)
            p += places + 1
        }
        used = p - base
    }

    /// A JSON number: integers (|d| < 10¹⁵) without a fraction, others in Swift's shortest round-trip form
    /// (`Double.description`), `null` when not finite (``JSONValue/format(_:)`` is this as a string).
    public func append(json d: Double) {
        guard d.isFinite else { append("null" as StaticString); return }
        if d == d.rounded(), abs(d) < 1e15 { append(Int(d)); return }
        append(d.description)
    }

    /// `d` rounded to `decimals` places as a JSON number: the text of `JSONValue.format((d · 10ᵏ).rounded() / 10ᵏ)`
    /// (−0 as 0), as GeoJSON coordinates are written. Fast path: with m = (d · 10ᵏ).rounded(), |m| < 10¹⁵ and k ≤ 9,
    /// r = m / 10ᵏ is the double nearest the decimal m·10⁻ᵏ, and no other decimal as short lies within r's rounding
    /// interval (any other decimal of ≤ k places is ≥ 10⁻ᵏ away, over 4 ulps of r), so the shortest round-trip text
    /// of r is m's digits with the point k places from the right and trailing zeros dropped; Swift writes it that
    /// way for |r| ≥ 10⁻⁴ (below that it switches to an exponent: such values take the general path).
    public func append(rounded d: Double, decimals k: Int) {
        // 6 places (every GeoJSON coordinate) with the scale a constant: divisions become multiplications.
        if k == 6 {
            if !appendMicrodegrees(d) { appendRounded(d, scale: 1_000_000, decimals: 6) }
        } else { appendRounded(d, scale: (0...9).contains(k) ? Self.powerOfTen(k) : 0, decimals: k) }
    }

    /// ``appendRounded(_:scale:decimals:)`` for 6 places where the rounded value's whole part has at most 3 digits
    /// (every longitude and latitude): the same text, the whole part's digits by cases and the fraction as three
    /// digit pairs at fixed places, trailing zeros then dropped from the bytes written. Returns false, writing
    /// nothing, for any other value (the general path's conditions are checked in its order).
    @inline(__always) private func appendMicrodegrees(_ d: Double) -> Bool {
        let x = d * 1_000_000
        guard abs(x) < 1e15 else { return false }  // also NaN and ±∞
        let m = Self.roundedHalfAway(x), n = m.magnitude
        guard n < 1_000_000_000 else { return false }
        let frac = n % 1_000_000, whole = n / 1_000_000
        guard frac == 0 || n >= 100 else { return false }
        reserve(12)
        let table = Self.digitPairs.utf8Start
        @inline(__always) func pair(_ v: UInt, _ at: UnsafeMutablePointer<UInt8>) {
            at[0] = table[2 * Int(v)]; at[1] = table[2 * Int(v) + 1]
        }
        var p = base + used
        if m < 0 { p.pointee = UInt8(ascii: "-"); p += 1 }
        if whole >= 100 {
            p[0] = UInt8(truncatingIfNeeded: whole / 100) &+ 48; pair(whole % 100, p + 1); p += 3
        } else if whole >= 10 {
            pair(whole, p); p += 2
        } else {
            p[0] = UInt8(truncatingIfNeeded: whole) &+ 48; p += 1
        }
        if frac != 0 {
            p[0] = UInt8(ascii: ".")
            pair(frac / 10_000, p + 1); pair(frac / 100 % 100, p + 3); pair(frac % 100, p + 5)
            p += 7
            while p[-1] == UInt8(ascii: "0") { p -= 1 }  // frac ≠ 0: stops before the point
        }
        used = p - base
        return true
    }

    /// ``append(rounded:decimals:)`` with `scale` = 10^`k` (0 when k is outside 0…9).
    @inline(__always) private func appendRounded(_ d: Double, scale: UInt, decimals k: Int) {
        func general() {
            let scale = pow(10.0, Double(k))
            var r = (d * scale).rounded() / scale
            if r == 0 { r = 0 }
            append(json: r)
        }
        guard scale > 0, d.isFinite else { return general() }
        let x = d * Double(scale)
        guard abs(x) < 1e15 else { return general() }
        let m = Self.roundedHalfAway(x), n = m.magnitude
        var frac = n % scale, places = k
        // |m| < 10¹⁵ (JSON writes larger integers in Swift's form, "1000000000000000.0"); |m / 10ᵏ| ≥ 10⁻⁴ unless whole.
        guard n < 1_000_000_000_000_000, frac == 0 || n >= scale / 10_000 else { return general() }
        if frac == 0 { places = 0 } else { while frac % 10 == 0 { frac /= 10; places -= 1 } }   // trailing zeros dropped
        appendDecimal(negative: m < 0, whole: n / scale, fraction: frac, places: places)
    }
}
