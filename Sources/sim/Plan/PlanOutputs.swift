import Coverage
import Foundation
import Planner

/// Writes the files of `sim plan`: plan.csv, plan.geojson and plan_summary.json.
enum PlanOutputs {
    static let csvHeader = "rank,year,kind,id,district,cost_vnd,new_people,cost_per_person_vnd,cumulative_cost_vnd,targets_met_after\n"

    /// Cost per newly covered person, rounded to whole VND; nil when the pick covers nobody new.
    static func costPerPerson(_ cost: Money, _ people: Double) -> Int64? {
        people > 0 ? Int64((Double(cost.vnd) / people).rounded()) : nil
    }

    static func csv(_ run: PlanRun) -> String {
        var out = csvHeader
        for s in run.steps {
            let c = run.candidates[s.candidate]
            let district = c.districtIndex >= 0 ? run.study.districts[c.districtIndex].id : ""
            let cpp = costPerPerson(c.cost, s.newPeople).map { String($0) } ?? ""
            out += "\(s.rank),\(s.year),\(c.kind.rawValue),\(c.site.id),\(district),\(c.cost.vnd),\(JSONValue.format(s.newPeople)),\(cpp),"
            out += "\(s.cumulativeCost.vnd),\(s.targetsMetAfter.map { run.study.districts[$0].id }.joined(separator: ";"))\n"
        }
        return out
    }

    static func geojson(_ run: PlanRun) -> String {
        let feats: [(geometry: Geometry2, properties: [(String, JSONValue)])] = run.steps.map { s in
            let c = run.candidates[s.candidate]
            return (.point(Point2(c.site.lon, c.site.lat)), [
                ("rank", .number(Double(s.rank))), ("year", .number(Double(s.year))), ("kind", .string(c.kind.rawValue)),
                ("id", .string(c.site.id)), ("district_id", c.districtIndex >= 0 ? .string(run.study.districts[c.districtIndex].id) : .null),
                ("cost_vnd", .number(Double(c.cost.vnd))), ("new_people", .number(s.newPeople)),
                ("height_m", .number(c.site.heightMeters)), ("band_mhz", .number(c.site.bandMHz)),
                ("marker-color", .string(c.kind == .upgrade ? "#fdae61" : "#2c7bb6")), ("marker-size", "small"),
            ])
        }
        return GeoJSON.featureCollection(feats, extra: [("name", "plan")])
    }

    static func summary(_ run: PlanRun) -> JSONValue {
        let study = run.study, p = run.settings
        let pop = run.districtPopulation
        let pct = { (covered: Double, d: Int) -> Double in pop[d] > 0 ? 100 * covered / pop[d] : 0 }
        var districts: [JSONValue] = []
        var unmet: [JSONValue] = []
        for (d, district) in study.districts.enumerated() {
            var years: [JSONValue] = []
            for (k, ys) in run.years.enumerated() {
                let covered = run.coveredAfterYear[k][d]
                let target = run.targets.percent[k][d]
                let met = run.met(d, yearIndex: k, covered: covered)
                let gap = target.map { max(0, $0 / 100 * pop[d] - covered) } ?? 0
                years.append(.object([("year", .number(Double(ys.year))), ("lte_pop", .number(covered)), ("lte_pop_pct", CoverageOutputs.pct(pct(covered, d))),
                                      ("target_pct", target.map { .number($0) } ?? .null), ("met", .bool(met)),
                                      ("gap_people", .number(gap.rounded(.up)))]))
                if !met, let t = target {
                    unmet.append(.object([("district_id", .string(district.id)), ("name", .string(district.name)), ("year", .number(Double(ys.year))),
                                          ("target_pct", .number(t)), ("planned_pct", CoverageOutputs.pct(pct(covered, d))),
                                          ("gap_pct", CoverageOutputs.pct(t - pct(covered, d))), ("gap_people", .number(gap.rounded(.up)))]))
                }
            }
            districts.append(.object([("id", .string(district.id)), ("name", .string(district.name)), ("population", .number(pop[d])),
                                      ("lte_pop_2017", .number(run.baselineCovered[d])), ("lte_pop_pct_2017", CoverageOutputs.pct(pct(run.baselineCovered[d], d))),
                                      ("years", .array(years))]))
        }
        let totalPop = pop.reduce(0, +)
        let basePct = totalPop > 0 ? 100 * run.baselineCovered.reduce(0, +) / totalPop : 0
        var curve: [JSONValue] = [.object([("rank", 0), ("cumulative_cost_vnd", 0), ("province_lte_pop_pct", CoverageOutputs.pct(basePct))])]
        for s in run.steps {
            curve.append(.object([("rank", .number(Double(s.rank))), ("cumulative_cost_vnd", .number(Double(s.cumulativeCost.vnd))),
                                  ("province_lte_pop_pct", CoverageOutputs.pct(s.provincePercentAfter))]))
        }
        let yearsJSON: [JSONValue] = run.years.map { ys in
            .object([("year", .number(Double(ys.year))), ("available_vnd", .number(Double(ys.available.vnd))), ("spent_vnd", .number(Double(ys.spent.vnd))),
                     ("carried_vnd", .number(Double(ys.carried.vnd))), ("picks", .number(Double(ys.selection.chosen.count))),
                     ("proven_optimal", .bool(ys.selection.provenOptimal))])
        }
        let chosen = run.steps.map { run.candidates[$0.candidate] }
        let s = study.scenario
        var costs: [(String, JSONValue)] = []
        for k in run.costs.byItem.keys.sorted() {
            let c = run.costs.byItem[k]!
            let fields: [(String, JSONValue)] = [("cost_vnd", .number(Double(c.cost.vnd))), ("unit", .string(c.unit)), ("source", .string(c.source))]
            costs.append((k, .object(fields)))
        }
        let count = { (list: [PlanCandidate], kind: InvestmentKind) -> JSONValue in .number(Double(list.filter { $0.kind == kind }.count)) }
        let total: Money = run.steps.last?.cumulativeCost ?? .zero
        let versions: [(String, JSONValue)] = [("sim", .string(CoverageOutputs.toolVersion)), ("geos", .string(GEOSContext.version)),
                                               ("proj", .string(Projection.projVersion))]
        let province: [(String, JSONValue)] = [("population", .number(totalPop)), ("lte_pop_pct_2017", CoverageOutputs.pct(basePct)),
                                               ("lte_pop_pct_planned", CoverageOutputs.pct(run.steps.last?.provincePercentAfter ?? basePct))]
        var top: [(String, JSONValue)] = []
        top.append(("scenario", .string(s.name)))
        top.append(("scenario_file", .string(URL(fileURLWithPath: s.file).lastPathComponent)))
        top.append(("versions", .object(versions)))
        top.append(("parameters", s.resolved.json))
        top.append(("method", .string(p.method.rawValue)))
        top.append(("costs", .object(costs)))
        top.append(("candidates", .object([("upgrade", count(run.candidates, .upgrade)), ("new_site", count(run.candidates, .newSite))])))
        top.append(("chosen", .object([("upgrade", count(chosen, .upgrade)), ("new_site", count(chosen, .newSite)),
                                       ("total_cost_vnd", .number(Double(total.vnd)))])))
        top.append(("years", .array(yearsJSON)))
        top.append(("province", .object(province)))
        top.append(("districts", .array(districts)))
        top.append(("unmet_targets", .array(unmet)))
        top.append(("cost_to_target_curve", .array(curve)))
        top.append(("warnings", .array(run.warnings.map { .string($0) })))
        return .object(top)
    }

    static func write(_ run: PlanRun, into out: OutputFolder) throws {
        try out.write("plan.csv", csv(run))
        try out.write("plan.geojson", geojson(run))
        try out.write("plan_summary.json", summary(run).serialized() + "\n")
    }
}
