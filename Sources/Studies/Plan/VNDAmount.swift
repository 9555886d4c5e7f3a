import Foundation

/// Amounts of money as planners write them in a scenario: whole VND (`20_000_000_000`), scientific
/// notation (`20e9`), or a number with a unit — `tỷ`/`ty`/`bn`/`billion` (10⁹), `triệu`/`trieu`/`tr`/`million`
/// (10⁶), `nghìn`/`ngàn`/`k`/`thousand` (10³) — optionally followed by `VND`, `đồng` or `đ`. Decimal
/// fractions are allowed when the result is a whole number of VND (`1.5 tỷ`).
enum VNDAmount {
    /// The smallest yearly budget taken as meant: a planner's budget below 1,000,000 VND (≈ 40 USD) is a
    /// figure written in billions or millions by mistake.
    static let smallestBudget: Int64 = 1_000_000

    static let units: [(names: [String], factor: Decimal)] = [
        (["tỷ", "tỉ", "ty", "ti", "bn", "billion", "b"], 1_000_000_000),
        (["triệu", "trieu", "tr", "million", "mn"], 1_000_000),
        (["nghìn", "ngàn", "nghin", "ngan", "k", "thousand"], 1_000),
    ]

    /// The amount in VND, nil when the text is not an amount or not a whole number of VND.
    static func parse(_ text: String) -> Int64? {
        var t = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "")
        for currency in ["vnd", "vnđ", "đồng", "dong", "đ"] where t.hasSuffix(currency) {
            t = String(t.dropLast(currency.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        var factor: Decimal = 1
        for u in units {
            if let name = u.names.first(where: { t.hasSuffix($0) && Double(t.dropLast($0.count).trimmingCharacters(in: .whitespaces)) != nil }) {
                t = String(t.dropLast(name.count)).trimmingCharacters(in: .whitespaces)
                factor = u.factor
                break
            }
        }
        guard !t.isEmpty, Double(t) != nil, t.allSatisfy({ $0.isNumber || "+-.e".contains($0) }), let number = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        let v = number * factor
        var rounded = Decimal()
        var copy = v
        NSDecimalRound(&rounded, &copy, 0, .plain)
        guard rounded == v, rounded.magnitude <= Decimal(Int64.max) else { return nil }
        return Int64(truncating: rounded as NSDecimalNumber)
    }

    /// What a budget under 1,000,000 VND most likely meant, as advice.
    static func likelyMeant(_ vnd: Int64) -> String {
        "did you mean \(vnd) tỷ (\(grouped(vnd * 1_000_000_000)) VND)\(vnd < 1000 ? "" : " or \(vnd) triệu (\(grouped(vnd * 1_000_000)) VND)")?"
    }

    /// 15000000000 → "15_000_000_000", the way the scenario files write VND.
    static func grouped(_ v: Int64) -> String {
        let digits = Array(String(v.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "_" }
            out.append(d)
        }
        return (v < 0 ? "-" : "") + out
    }
}
