import Coverage
import Foundation
import Planner

/// "Plan from here": the scenario's planner over the session's current network, run in the background while
/// edits go on; the picks are the same as `sim run` of the saved scenario gives (same study, same planner).
extension EditSession {
    /// Where the background plan is.
    package enum PlanStatus: Sendable {
        case idle
        /// Running; the progress lines so far.
        case running([String])
        /// Done: the picks as the page shows them, and the edit count the plan started from.
        case done(JSONValue, edits: Int)
        case failed(String)
    }

    /// Starts the planner on the current network; false when one is running already or the scenario has no planner.
    package func startPlan() -> Bool {
        guard study.scenario.planner != nil else { return false }
        if case .running = planStatus { return false }
        let study = editedStudy, workers = self.workers, edits = editCount
        let lines = PlanLines()
        planStatus = .running([])
        planTask = Task.detached { [weak self] in
            let progress = Progress(sink: { line in lines.append(line) })
            let watcher = Task { [weak self] in
                while !Task.isCancelled {
                    await self?.planProgress(lines.all)
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { watcher.cancel() }
            do {
                let run = try await ScenarioRun.execute(study, planning: true, workers: workers, progress: progress)
                let json = try run.plan.map(Self.planJSON) ?? .null
                await self?.planFinished(.done(json, edits: edits))
            } catch {
                await self?.planFinished(.failed((error as? SimError)?.message ?? "\(error)"))
            }
        }
        return true
    }

    func planProgress(_ lines: [String]) { if case .running = planStatus { planStatus = .running(lines) } }
    func planFinished(_ s: PlanStatus) { planStatus = s; planTask = nil }

    /// The plan's status as JSON: `state` (idle/running/done/failed), progress lines, picks and whether the network
    /// has been edited since the plan started (`stale`).
    package var planJSON: JSONValue {
        switch planStatus {
        case .idle: return .object([("state", .string("idle"))])
        case .running(let lines): return .object([("state", .string("running")), ("progress", .array(lines.map { .string($0) }))])
        case .failed(let m): return .object([("state", .string("failed")), ("message", .string(m))])
        case .done(let picks, let edits): return .object([("state", .string("done")), ("stale", .bool(edits != editCount)), ("plan", picks)])
        }
    }

    /// The picks: rank, year, kind, id, district, cost, and where (site x/y or route line, projected metres);
    /// per plan year the province's planned figures.
    static func planJSON(_ plan: PlanRun) throws -> JSONValue {
        let picks: [JSONValue] = plan.steps.map { step in
            let c = plan.candidates[step.candidate]
            var kv: [(String, JSONValue)] = [("rank", .number(Double(step.rank))), ("year", .number(Double(step.year))), ("kind", .string(c.kind.rawValue)),
                                             ("id", .string(c.id)), ("district", .string(c.districtIndex >= 0 ? plan.study.districts[c.districtIndex].name : "")),
                                             ("cost_vnd", .number(Double(c.cost.vnd)))]
            if let s = c.site { kv.append(("x", .number(s.position.x.rounded()))); kv.append(("y", .number(s.position.y.rounded()))) }
            if !c.lines.isEmpty { kv.append(("lines", .array(c.lines.map { lineJSON($0.points) }))) }
            return .object(kv)
        }
        let years: [JSONValue] = plan.years.indices.map { k in
            .object([("year", .number(Double(plan.years[k].year))),
                     ("lte_pop_pct", .rounded(plan.provincePercent(.lte, in: plan.achievedAfterYear[k]), 2)),
                     ("fbb_households_pct", .rounded(plan.provincePercent(.fbb, in: plan.achievedAfterYear[k]), 2)),
                     ("spent_vnd", .number(Double(plan.years[k].spent.vnd)))])
        }
        return .object([("picks", .array(picks)), ("years", .array(years))])
    }
}

/// Progress lines of a background plan, appended from the planner's thread.
final class PlanLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ l: String) { lock.withLock { lines.append(l) } }
    var all: [String] { lock.withLock { lines } }
}
