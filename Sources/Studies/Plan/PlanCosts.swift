import Coverage
import Foundation
import Planner

/// Unit costs read from the cost table.
package struct PlanCosts: Sendable {
    var path: String
    /// The sheet read when `path` is an Excel workbook; nil for a CSV file.
    var sheet: String? = nil
    package var byItem: [String: (cost: Money, unit: String, source: String)]

    /// How messages name the table: the file, with its sheet for a workbook.
    var place: String { sheet.map { "\(path), sheet '\($0)'" } ?? path }

    /// Reads `item,cost_vnd,unit,source` from a CSV file, or from a sheet of an Excel workbook (`.xlsx`:
    /// `sheet` names it, nil = the first; see ``CSVTable``). Lines (rows) starting with `#` are comments.
    /// - Throws: `SimError.input` naming file (and sheet) and line (row) for a cost that is negative,
    ///   zero, not a whole number of VND, or a duplicate item.
    package static func load(_ path: String, sheet: String? = nil) throws -> PlanCosts {
        let t = try CSVTable(path: path, required: ["item", "cost_vnd", "unit", "source"], sheet: sheet)
        let (ci, cc, cu, cs) = (t.column("item")!, t.column("cost_vnd")!, t.column("unit")!, t.column("source")!)
        var out: [String: (cost: Money, unit: String, source: String)] = [:]
        for r in t.rows {
            let item = r.fields[ci].trimmingCharacters(in: .whitespaces)
            let raw = r.fields[cc].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            let money: Money
            if let v = Int64(raw) {
                money = Money(vnd: v)
            } else if let d = Double(raw) {
                do { money = try Money(d) } catch let MoneyError.notRepresentable(_, reason) {
                    throw SimError.input("\(t.place(r.line)): cost_vnd '\(raw)' of '\(item)' is \(reason.rawValue); give a whole number of VND")
                }
            } else {
                throw SimError.input("\(t.place(r.line)): cost_vnd '\(raw)' of '\(item)' is not a number; give a whole number of VND")
            }
            if money.vnd <= 0 { throw SimError.input("\(t.place(r.line)): cost_vnd of '\(item)' is \(money.vnd) VND; costs must be positive") }
            if out[item] != nil { throw SimError.input("\(t.place(r.line)): item '\(item)' appears twice; keep one") }
            out[item] = (money, r.fields[cu], r.fields[cs])
        }
        return PlanCosts(path: path, sheet: t.sheet, byItem: out)
    }

    /// A cost item candidate generation reads, and what needs it (said when the item is missing).
    /// Candidate generation and `sim validate` (``PlanRun/checkInputs(_:)``) read the same ones.
    struct Need {
        var item: String
        var neededFor: String
        static let upgrade = Need(item: InvestmentKind.upgrade.costItem, neededFor: "3G→4G upgrade candidates")
        static let newSite = Need(item: InvestmentKind.newSite.costItem, neededFor: "new-site candidates")
        static let undergrounding = Need(item: InvestmentKind.undergrounding.costItem, neededFor: "undergrounding candidates (underground_pct targets)")
        static func newRoutes(_ placement: CablePlacement) -> Need {
            Need(item: routeItem(placement), neededFor: "cable-route candidates (fixed-broadband targets)")
        }
        static func route(_ id: String, _ placement: CablePlacement) -> Need { Need(item: routeItem(placement), neededFor: "candidate route \(id)") }
        static func routeItem(_ placement: CablePlacement) -> String { "cable_\(placement.rawValue)_per_km" }
    }

    /// The cost of a needed item, or an error saying what needs it.
    func cost(_ need: Need) throws -> Money { try cost(need.item, neededFor: need.neededFor) }

    /// The cost of `item`, or an error saying which targets need it.
    func cost(_ item: String, neededFor why: String) throws -> Money {
        guard let c = byItem[item] else { throw SimError.input("\(place): missing item '\(item)', needed for \(why)") }
        return c.cost
    }

    /// Yearly operating cost added by a candidate once built, from the optional items
    /// `lte_upgrade_opex_per_year`, `new_site_opex_per_year` (per site), `cable_aerial_opex_per_km_year`
    /// and `cable_underground_opex_per_km_year` (per km); undergrounding changes a stretch's opex from
    /// the aerial to the underground figure (negative when underground cable is cheaper to keep).
    /// nil when an item it needs is not in the table. Opex is reported, not budgeted: budgets are capex.
    func opexPerYear(_ c: PlanCandidate) -> Money? {
        func item(_ name: String) -> Money? { byItem[name]?.cost }
        switch c.kind {
        case .upgrade: return item("lte_upgrade_opex_per_year")
        case .newSite: return item("new_site_opex_per_year")
        case .cableRoute:
            return item("cable_\((c.placement ?? .underground).rawValue)_opex_per_km_year").map { PlanCosts.perKm($0, c.lengthKm) }
        case .undergrounding:
            guard let u = item("cable_underground_opex_per_km_year"), let a = item("cable_aerial_opex_per_km_year") else { return nil }
            return Money(vnd: PlanCosts.perKm(u, c.lengthKm).vnd - PlanCosts.perKm(a, c.lengthKm).vnd)
        }
    }

    /// `perKm` × `km`, rounded to whole VND.
    static func perKm(_ perKm: Money, _ km: Double) -> Money { Money(vnd: max(1, Int64((Double(perKm.vnd) * km).rounded()))) }
}
