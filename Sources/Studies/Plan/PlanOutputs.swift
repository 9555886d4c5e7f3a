import Coverage
import Foundation
import Planner

/// Writes the files of the planner: plan.csv, plan.xlsx (``PlanWorkbook``), plan.geojson and
/// plan_summary.json (README "Plan outputs"). Households (`new_households`, fbb achieved and gaps)
/// are whole numbers: FixedReach's whole households per population cell.
package enum PlanOutputs {
    static let csvHeader = "rank,year,kind,id,district,cost_vnd,new_people,new_households,km,cost_per_person_vnd,cumulative_cost_vnd,opex_vnd_per_year,targets_met,newly_met\n"

    /// Colours of the budget years (ColorBrewer Dark2), in year order.
    static let yearColours = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]

    /// Cost per newly covered (4G) or newly reached (fixed broadband) person, rounded to whole VND;
    /// nil when the pick brings nobody new (e.g. undergrounding).
    static func costPerPerson(_ cost: Money, _ people: Double) -> Int64? {
        people > 0 ? Int64((Double(cost.vnd) / people).rounded()) : nil
    }

    static func districtID(_ run: PlanRun, _ c: PlanCandidate) -> String { c.districtIndex >= 0 ? run.study.districts[c.districtIndex].id : "" }

    /// "met/total" targets of the step's year after the step, and the targets this step newly meets
    /// as `district:metric` tokens separated by ';'.
    static func metColumns(_ run: PlanRun, _ s: PlanStep) -> String {
        let k = run.years.firstIndex { $0.year == s.year }!
        let total = run.targetCount(yearIndex: k)
        let before: [(district: Int, metric: PlanMetric)]
        if s.rank > 1, run.steps[s.rank - 2].year == s.year { before = run.steps[s.rank - 2].targetsMetAfter } else { before = run.metAtStart(yearIndex: k) }
        let newly = s.targetsMetAfter.filter { t in !before.contains { $0.district == t.district && $0.metric == t.metric } }
        return "\(s.targetsMetAfter.count)/\(total)," + CSVTable.field(newly.map { "\(run.unitID($0.district)):\($0.metric.name)" }.joined(separator: ";"))
    }

    static func csv(_ run: PlanRun) -> String {
        var out = csvHeader
        for s in run.steps {
            let c = run.candidates[s.candidate]
            let cpp = costPerPerson(c.cost, s.newPeople).map { String($0) } ?? ""
            let km = c.kind == .undergrounding ? s.gains[PlanMetric.underground.rawValue] : c.lengthKm
            out += "\(s.rank),\(s.year),\(c.kind.rawValue),\(CSVTable.field(c.id)),\(CSVTable.field(districtID(run, c))),\(c.cost.vnd),\(JSONValue.format((s.newPeople * 10).rounded() / 10)),"
            out += "\(JSONValue.format(s.gains[PlanMetric.fbb.rawValue])),\(JSONValue.format((km * 1000).rounded() / 1000)),\(cpp),"
            out += "\(s.cumulativeCost.vnd),\(run.costs.opexPerYear(c).map { String($0.vnd) } ?? ""),\(metColumns(run, s))\n"
        }
        return out
    }

    /// The features of plan.geojson (also the `plan` layer of run.gpkg / run.kml).
    static func features(_ run: PlanRun) throws -> [(geometry: Geometry2, properties: [(String, JSONValue)])] {
        let projector = try Projector(run.study.projection)
        let yearIndex = Dictionary(uniqueKeysWithValues: run.years.enumerated().map { ($1.year, $0) })
        let feats: [(geometry: Geometry2, properties: [(String, JSONValue)])] = try run.steps.map { s in
            let c = run.candidates[s.candidate]
            let colour = yearColours[(yearIndex[s.year] ?? 0) % yearColours.count]
            var props: [(String, JSONValue)] = [
                ("rank", .number(Double(s.rank))), ("year", .number(Double(s.year))), ("kind", .string(c.kind.rawValue)),
                ("id", .string(c.id)), ("district_id", c.districtIndex >= 0 ? .string(run.study.districts[c.districtIndex].id) : .null),
                ("cost_vnd", .number(Double(c.cost.vnd))), ("new_people", .rounded(s.newPeople, 1)),
                ("new_households", .number(s.gains[PlanMetric.fbb.rawValue])),
                ("km", .rounded(c.kind == .undergrounding ? s.gains[PlanMetric.underground.rawValue] : c.lengthKm, 3)),
                ("cost_per_person_vnd", costPerPerson(c.cost, s.newPeople).map { .number(Double($0)) } ?? .null),
            ]
            let geometry: Geometry2
            if let site = c.site {
                props += [("height_m", .number(site.heightMeters)), ("band_mhz", .number(site.bandMHz)),
                          ("marker-color", .string(colour)), ("marker-size", "small"),
                          ("marker-symbol", .string(c.kind == .upgrade ? "triangle" : "circle"))]
                geometry = .point(Point2(site.lon, site.lat))
            } else {
                let lines = try c.lines.map { LineString2(try projector.inverse($0.points)) }
                props += [("stroke", .string(colour)), ("stroke-width", .number(c.kind == .undergrounding ? 4 : 2.5))]
                geometry = lines.count == 1 ? .lineString(lines[0]) : .multiLineString(lines)
            }
            return (geometry, props)
        }
        return feats
    }

    /// Per district and budget year, the planned figures of every metric with targets — the fields
    /// `sim run` adds to districts.geojson / districts.csv: `plan_<year>_<metric>_pct`,
    /// `plan_<year>_<metric>_target_pct` and `plan_<year>_<metric>_met`.
    static func districtFields(_ run: PlanRun, _ d: Int) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        for (k, ys) in run.years.enumerated() {
            for m in run.targets.metrics {
                let a = run.achievedAfterYear[k][m.rawValue][d]
                let t = run.targets.percent[m.rawValue][k][d]
                out += [("plan_\(ys.year)_\(m.name)_pct", CoverageOutputs.pct(run.percent(m, d, a))),
                        ("plan_\(ys.year)_\(m.name)_target_pct", t.map { .number($0) } ?? .null),
                        ("plan_\(ys.year)_\(m.name)_met", .bool(run.met(d, m, yearIndex: k, achieved: a)))]
            }
        }
        return out
    }

    static func summary(_ run: PlanRun, standalone: Bool = true) -> JSONValue {
        let study = run.study, p = run.settings
        let D = study.districts.count
        var districts: [JSONValue] = []
        var unmet: [JSONValue] = []
        let last = run.years.count - 1
        var province: JSONValue = .null
        for d in run.targetUnits {
            var years: [JSONValue] = []
            for (k, ys) in run.years.enumerated() {
                var fields: [(String, JSONValue)] = [("year", .number(Double(ys.year)))]
                for m in run.targets.metrics {
                    let a = run.achieved(m, d, in: run.achievedAfterYear[k])
                    let target = run.target(m, yearIndex: k, d)
                    let met = run.met(d, m, yearIndex: k, achieved: a)
                    let gap = run.gap(m, d, yearIndex: k, achieved: a)
                    fields.append((m.name, .object([("achieved", .rounded(a, 3)), ("pct", CoverageOutputs.pct(run.percent(m, d, a))),
                                                    ("target_pct", target.map { .number($0) } ?? .null), ("met", .bool(met)),
                                                    ("gap", .rounded(gap, 3)), ("unit", .string(m.unit))])))
                    if !met, let t = target {
                        var entry: [(String, JSONValue)] = [("district_id", .string(run.unitID(d))), ("name", .string(run.unitName(d))),
                                                            ("year", .number(Double(ys.year))), ("metric", .string(m.name)),
                                                            ("target_pct", .number(t)), ("planned_pct", CoverageOutputs.pct(run.percent(m, d, a))),
                                                            ("gap_pct", CoverageOutputs.pct(t - run.percent(m, d, a))), ("gap", .rounded(gap, 3)),
                                                            ("unit", .string(m.unit))]
                        if k == last {
                            if let next = run.cheapestNextStep(district: d, metric: m) {
                                let c = run.candidates[next.candidate]
                                entry.append(("cheapest_next_step", .object([("kind", .string(c.kind.rawValue)), ("id", .string(c.id)),
                                                                             ("cost_vnd", .number(Double(c.cost.vnd))), ("gain", .rounded(next.gain, 3)),
                                                                             ("vnd_per_unit", .number((Double(c.cost.vnd) / next.gain).rounded()))])))
                            } else {
                                entry.append(("cheapest_next_step", .null))
                                entry.append(("note", "no candidate makes progress toward this target; add candidates (sites, routes) near the gap"))
                            }
                            let b = run.bindingLimit(district: d, metric: m)
                            entry.append(("binding_limit", .object([("kind", .string(b.kind.rawValue)), ("key", b.key.isEmpty ? .null : .string(b.key)),
                                                                    ("value", b.value.isEmpty ? .null : .string(b.value))])))
                        }
                        unmet.append(.object(entry))
                    }
                }
                years.append(.object(fields))
            }
            var base: [(String, JSONValue)] = [("id", .string(run.unitID(d))), ("name", .string(run.unitName(d)))]
            for m in run.targets.metrics {
                base.append(("\(m.name)_2017_pct", CoverageOutputs.pct(run.percent(m, d, run.achieved(m, d, in: run.baselineAchieved)))))
            }
            if d < D { districts.append(.object(base + [("years", .array(years))])) } else { province = .object(base + [("years", .array(years))]) }
        }
        var curve: [JSONValue] = [.object([("rank", 0), ("cumulative_cost_vnd", 0)]
                                          + run.targets.metrics.map { ("province_\($0.name)_pct", CoverageOutputs.pct(run.provincePercent($0, in: run.baselineAchieved))) })]
        for s in run.steps {
            curve.append(.object([("rank", .number(Double(s.rank))), ("cumulative_cost_vnd", .number(Double(s.cumulativeCost.vnd)))]
                                 + run.targets.metrics.map { ("province_\($0.name)_pct", CoverageOutputs.pct(s.provincePercentAfter[$0.rawValue])) }))
        }
        let yearsJSON: [JSONValue] = run.years.enumerated().map { k, ys in
            let metCount = run.targetsMet(yearIndex: k, achieved: run.achievedAfterYear[k]).count
            let targetCount = run.targetCount(yearIndex: k)
            // Opex per year of everything the plan has built up to this year (items without an opex figure count 0).
            let built = run.steps.filter { $0.year <= ys.year }.map { run.candidates[$0.candidate] }
            let opex = built.reduce(Int64(0)) { $0 + (run.costs.opexPerYear($1)?.vnd ?? 0) }
            return .object([("year", .number(Double(ys.year))), ("available_vnd", .number(Double(ys.available.vnd))), ("spent_vnd", .number(Double(ys.spent.vnd))),
                            ("plan_opex_vnd_per_year", .number(Double(opex))),
                            ("carried_vnd", .number(Double(ys.carried.vnd))), ("picks", .number(Double(ys.selection.chosen.count))),
                            ("proven_optimal", .bool(ys.selection.provenOptimal)), ("targets", .number(Double(targetCount))),
                            ("targets_met", .number(Double(metCount)))]
                           + run.targets.metrics.map { ("province_\($0.name)_pct", CoverageOutputs.pct(run.provincePercent($0, in: run.achievedAfterYear[k]))) })
        }
        let chosen = run.steps.map { run.candidates[$0.candidate] }
        var costs: [(String, JSONValue)] = []
        for k in run.costs.byItem.keys.sorted() {
            let c = run.costs.byItem[k]!
            costs.append((k, .object([("cost_vnd", .number(Double(c.cost.vnd))), ("unit", .string(c.unit)), ("source", .string(c.source))])))
        }
        let count = { (list: [PlanCandidate], kind: InvestmentKind) -> JSONValue in .number(Double(list.filter { $0.kind == kind }.count)) }
        let total: Money = run.steps.last?.cumulativeCost ?? .zero
        var top: [(String, JSONValue)] = []
        if standalone {
            let s = study.scenario
            top.append(("scenario", .string(s.name)))
            top.append(("scenario_file", .string(URL(fileURLWithPath: s.file).lastPathComponent)))
            top.append(("versions", .object([("sim", .string(CoverageOutputs.toolVersion)), ("geos", .string(LibraryVersions.geos)),
                                             ("proj", .string(Projection.projVersion))])))
            top.append(("parameters", s.resolved.json))
        }
        top.append(("method", .string(p.method.rawValue)))
        top.append(("value", "each open target gap (district or province, metric) closed in full is worth 1; candidates rank by share of gaps closed per VND; progress beyond a met target counts overshoot_weight"))
        top.append(("metrics", .array(run.targets.metrics.map { .string($0.name) })))
        top.append(("costs", .object(costs)))
        top.append(("candidates", .object(InvestmentKind.allCases.map { ($0.rawValue, count(run.candidates, $0)) })))
        top.append(("chosen", .object(InvestmentKind.allCases.map { ($0.rawValue, count(chosen, $0)) } + [("total_cost_vnd", .number(Double(total.vnd)))])))
        top.append(("years", .array(yearsJSON)))
        top.append(("districts", .array(districts)))
        top.append(("province", province))
        top.append(("unmet_targets", .array(unmet)))
        top.append(("money_left_vnd", .number(Double(run.moneyLeft.vnd))))
        top.append(("adaptive_rounds", .array(run.adaptiveRounds.map { r in
            .object([("key", .string(r.key)), ("from", .number(r.from)), ("to", .number(r.to)), ("candidates", .number(Double(r.candidates))),
                     ("money_left_vnd", .number(Double(r.moneyLeft.vnd)))])
        })))
        top.append(("cost_to_target_curve", .array(curve)))
        top.append(("warnings", .array(run.warnings.map { .string($0) })))
        return .object(top)
    }

    package static func write(_ run: PlanRun, into out: OutputFolder, layers: LayerOutputs = LayerOutputs(formats: [.geojson])) throws {
        try out.write("plan.csv", csv(run))
        try PlanWorkbook.write(run, into: out)
        try layers.add("plan", try features(run), into: out)
        try out.write("plan_summary.json", summary(run).serialized() + "\n")
    }
}
