/// An amount of money as an exact integer count of Vietnamese đồng (VND).
///
/// Money is never a `Double` in this package (house style §2): an integer count is
/// exact, sums are associative, and comparisons against a budget cannot be off by a
/// rounding error. VND has no minor unit in circulation, so one unit = 1 VND.
///
/// Arithmetic:
/// - `+` and `-` (from `AdditiveArithmetic`) use Swift's checked `Int64` arithmetic and
///   **trap** on overflow, like `Int64` itself. Sums of real project costs are far below
///   the limit (`Int64.max` ≈ 9.2 × 10¹⁸ VND ≈ 360 billion USD).
/// - ``adding(_:)``, ``subtracting(_:)``, ``multiplied(by:)`` and ``sum(_:)`` are the
///   throwing variants for amounts read from user input; they throw
///   ``MoneyError/overflow(operation:lhsVND:rhsVND:)`` instead of trapping.
///
/// Negative amounts are representable (a difference of two amounts may be negative);
/// the throwing initialiser from `Double`, meant for parsed input, accepts only
/// non-negative whole numbers.
///
/// Encoded (`Codable`) as a bare JSON/YAML integer count of VND.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, AdditiveArithmetic {
    /// The amount in VND (1 VND = smallest unit).
    public var vnd: Int64

    /// Creates an amount of `vnd` đồng. Any `Int64` is accepted, including negative values.
    public init(vnd: Int64) {
        self.vnd = vnd
    }

    /// Creates an amount from a floating-point count of VND, as read from a scenario file.
    ///
    /// - Parameter vnd: a whole, non-negative number of VND, at most 2⁶³ − 1.
    /// - Throws: ``MoneyError/notRepresentable(_:reason:)`` for NaN, ±∞, a negative
    ///   value, a value with a fractional part, or one beyond `Int64`'s range.
    public init(_ vnd: Double) throws {
        if vnd.isNaN { throw MoneyError.notRepresentable(vnd, reason: .notANumber) }
        if vnd.isInfinite { throw MoneyError.notRepresentable(vnd, reason: .outOfRange) }
        if vnd < 0 { throw MoneyError.notRepresentable(vnd, reason: .negative) }
        if vnd.rounded(.towardZero) != vnd { throw MoneyError.notRepresentable(vnd, reason: .notAnInteger) }
        // 2^63 is exactly representable as a Double; every Double below it converts exactly.
        guard vnd < 9_223_372_036_854_775_808.0, let exact = Int64(exactly: vnd) else {
            throw MoneyError.notRepresentable(vnd, reason: .outOfRange)
        }
        self.vnd = exact
    }

    /// Zero đồng.
    public static let zero = Money(vnd: 0)

    /// `lhs + rhs`; traps on `Int64` overflow (use ``adding(_:)`` to get an error instead).
    public static func + (lhs: Money, rhs: Money) -> Money { Money(vnd: lhs.vnd + rhs.vnd) }

    /// `lhs − rhs`; traps on `Int64` overflow (use ``subtracting(_:)`` to get an error instead).
    public static func - (lhs: Money, rhs: Money) -> Money { Money(vnd: lhs.vnd - rhs.vnd) }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.vnd < rhs.vnd }

    /// `self + other`, or an error on overflow.
    /// - Throws: ``MoneyError/overflow(operation:lhsVND:rhsVND:)``.
    public func adding(_ other: Money) throws -> Money {
        let (result, overflow) = vnd.addingReportingOverflow(other.vnd)
        if overflow { throw MoneyError.overflow(operation: "+", lhsVND: vnd, rhsVND: other.vnd) }
        return Money(vnd: result)
    }

    /// `self − other`, or an error on overflow.
    /// - Throws: ``MoneyError/overflow(operation:lhsVND:rhsVND:)``.
    public func subtracting(_ other: Money) throws -> Money {
        let (result, overflow) = vnd.subtractingReportingOverflow(other.vnd)
        if overflow { throw MoneyError.overflow(operation: "-", lhsVND: vnd, rhsVND: other.vnd) }
        return Money(vnd: result)
    }

    /// `self × factor` (e.g. a unit cost times a count of units), or an error on overflow.
    /// - Throws: ``MoneyError/overflow(operation:lhsVND:rhsVND:)``.
    public func multiplied(by factor: Int64) throws -> Money {
        let (result, overflow) = vnd.multipliedReportingOverflow(by: factor)
        if overflow { throw MoneyError.overflow(operation: "*", lhsVND: vnd, rhsVND: factor) }
        return Money(vnd: result)
    }

    /// The sum of `amounts`, or an error if any partial sum overflows. O(n).
    /// - Throws: ``MoneyError/overflow(operation:lhsVND:rhsVND:)``.
    public static func sum<S: Sequence>(_ amounts: S) throws -> Money where S.Element == Money {
        var total = Money.zero
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    /// The amount with thousands separated by commas and the unit, e.g. `"1,250,000,000 VND"`.
    /// Locale-independent, so output files are byte-identical on every machine.
    public var description: String {
        let magnitude = String(vnd.magnitude)
        var grouped = ""
        for (offset, character) in magnitude.enumerated() {
            if offset > 0 && (magnitude.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (vnd < 0 ? "-" : "") + grouped + " VND"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.vnd = try container.decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(vnd)
    }
}

/// Why a monetary amount was rejected.
public enum MoneyError: Error, Sendable, Equatable {
    /// Why a `Double` is not a valid amount.
    public enum Reason: String, Sendable, Equatable {
        case notANumber = "not a number"
        case negative = "negative"
        case notAnInteger = "not a whole number of VND"
        case outOfRange = "outside the Int64 range of VND"
    }

    /// The `Double` (in VND) cannot be an amount of money; `reason` says why.
    case notRepresentable(Double, reason: Reason)
    /// `lhsVND operation rhsVND` does not fit in `Int64`.
    case overflow(operation: String, lhsVND: Int64, rhsVND: Int64)
}
