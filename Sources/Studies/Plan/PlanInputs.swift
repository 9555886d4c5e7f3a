import Coverage
import Foundation
import Planner

extension PlanRun {
    /// Reads and checks every input of the scenario's planner as a run would, without planning
    /// (`sim validate`): the costs CSV and the items the targets need, the targets CSV against the
    /// districts and budget years, fixed broadband enabled for fibre and undergrounding targets, and
    /// the candidate site and route files.
    /// - Returns: a one-line summary and the warnings a run would give.
    /// - Throws: `SimError.input` with the message the run would stop with.
    package static func checkInputs(_ study: Study) throws -> (summary: String, warnings: [String]) {
        guard let p = study.scenario.planner else { return ("no planner", []) }
        let costs = try PlanCosts.load(p.costsPath, sheet: p.costsSheet)
        let targets = try PlanTargets.load(p.targetsPath, sheet: p.targetsSheet, districts: study.districts, years: p.budgets.map(\.year))
        if (targets.has(.fbb) || targets.has(.underground)) && !study.scenario.fixed.enabled {
            throw SimError.input("\(p.targetsPath): has fixed-broadband or undergrounding targets but the scenario's fixed_broadband.enabled is false; enable it (with inputs.cables and inputs.olts)")
        }
        // The cost items candidate generation asks for (PlanRun.addSiteCandidates, addRouteCandidates, addUndergroundingCandidates).
        if study.sites.contains(where: { !$0.technology.counts(toward: study.scenario.radio.technology) }) {
            _ = try costs.cost(.upgrade)
        }
        _ = try costs.cost(.newSite)
        if targets.has(.fbb) { _ = try costs.cost(.newRoutes(p.newCablePlacement)) }
        if targets.has(.underground) { _ = try costs.cost(.undergrounding) }
        var parts = ["\(costs.byItem.count) cost items", "targets for \(targets.metrics.map(\.column).joined(separator: ", "))",
                     "budgets for \(p.budgets.map { String($0.year) }.joined(separator: ", "))"]
        if let path = p.candidateSitesPath {
            var options = p.candidateSitesOptions
            options.fallbackCRSEPSG = study.scenario.inputs.fallbackCRSEPSG
            let sites = try Inputs.sites(path, options)
            parts.append("\(sites.count) candidate sites")
        }
        if let path = p.candidateRoutesPath {
            var options = p.candidateRoutesOptions
            options.fallbackCRSEPSG = study.scenario.inputs.fallbackCRSEPSG
            let routes = try Inputs.routes(path, options, projector: try Projector(study.projection))
            for r in routes where p.newCablePlacement != r.placement {
                _ = try costs.cost(.route(r.id, r.placement ?? p.newCablePlacement))
            }
            parts.append("\(routes.count) candidate routes")
        }
        return ("planner: " + parts.joined(separator: ", "), targets.warnings)
    }
}
