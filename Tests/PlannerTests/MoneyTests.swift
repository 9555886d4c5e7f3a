import Foundation
import Testing
@testable import Planner

@Suite("Money")
struct MoneyTests {
    @Test("whole non-negative doubles convert exactly")
    func exactConversion() throws {
        #expect(try Money(0).vnd == 0)
        #expect(try Money(1_250_000_000).vnd == 1_250_000_000)
        // Largest Double below 2^63 is 2^63 − 1024 = 9_223_372_036_854_774_784.
        #expect(try Money(9_223_372_036_854_774_784.0).vnd == 9_223_372_036_854_774_784)
    }

    @Test("non-integers, negatives, infinities and out-of-range values are rejected",
          arguments: [
            (1.5, MoneyError.Reason.notAnInteger),
            (0.000_1, .notAnInteger),
            (-1, .negative),
            (-0.5, .negative),
            (Double.infinity, .outOfRange),
            (9_223_372_036_854_775_808.0, .outOfRange),  // 2^63
            (1e19, .outOfRange),
          ])
    func rejected(value: Double, reason: MoneyError.Reason) {
        #expect(throws: MoneyError.notRepresentable(value, reason: reason)) { try Money(value) }
    }

    @Test("NaN is rejected as not a number")
    func nan() {
        do {
            _ = try Money(Double.nan)
            Issue.record("NaN accepted")
        } catch let MoneyError.notRepresentable(_, reason) {
            #expect(reason == .notANumber)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("checked arithmetic reports overflow instead of wrapping")
    func overflow() throws {
        let max = Money(vnd: .max)
        #expect(throws: MoneyError.overflow(operation: "+", lhsVND: .max, rhsVND: 1)) { try max.adding(Money(vnd: 1)) }
        #expect(throws: MoneyError.overflow(operation: "-", lhsVND: .min, rhsVND: 1)) { try Money(vnd: .min).subtracting(Money(vnd: 1)) }
        #expect(throws: MoneyError.overflow(operation: "*", lhsVND: 4_000_000_000_000_000_000, rhsVND: 3)) {
            try Money(vnd: 4_000_000_000_000_000_000).multiplied(by: 3)
        }
        #expect(throws: MoneyError.self) { try Money.sum([max, Money(vnd: 1)]) }
        // In range: 2 + 3 = 5, 5 − 7 = −2, 1.2 billion × 3 = 3.6 billion, sum = 6.
        #expect(try Money(vnd: 2).adding(Money(vnd: 3)) == Money(vnd: 5))
        #expect(try Money(vnd: 5).subtracting(Money(vnd: 7)) == Money(vnd: -2))
        #expect(try Money(vnd: 1_200_000_000).multiplied(by: 3) == Money(vnd: 3_600_000_000))
        #expect(try Money.sum([Money(vnd: 1), Money(vnd: 2), Money(vnd: 3)]) == Money(vnd: 6))
        #expect(Money(vnd: 2) + Money(vnd: 3) - Money(vnd: 1) == Money(vnd: 4))
        #expect(Money(vnd: 2) < Money(vnd: 3))
    }

    @Test("description groups thousands, locale-independent",
          arguments: [(0, "0 VND"), (999, "999 VND"), (1000, "1,000 VND"), (1_250_000_000, "1,250,000,000 VND"), (-1_234_567, "-1,234,567 VND")])
    func description(vnd: Int64, text: String) {
        #expect(Money(vnd: vnd).description == text)
    }

    @Test("encodes as a bare integer and round-trips")
    func codable() throws {
        let data = try JSONEncoder().encode([Money(vnd: 1_500_000)])
        #expect(String(decoding: data, as: UTF8.self) == "[1500000]")
        #expect(try JSONDecoder().decode([Money].self, from: data) == [Money(vnd: 1_500_000)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[1.5]".utf8)) }
    }
}
