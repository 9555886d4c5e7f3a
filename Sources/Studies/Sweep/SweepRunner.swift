import Coverage
import Foundation
import Synchronization

/// Runs the runs of a sweep: in parallel, each into its own atomic folder, sharing loaded inputs
/// between runs whose axes leave them alone, recording failures and going on.
package struct SweepRunner: Sendable {
    /// Which runs this process does: `index` of `count` (0-based), runs with `run.index % count == index`.
    package struct Shard: Sendable, Equatable {
        package var index: Int
        package var count: Int

        /// Parses `I/N`.
        /// - Throws: `SimError.input` unless `0 ≤ I < N`.
        package init(parsing s: String) throws {
            let parts = s.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1 else {
                throw SimError.input("--shard '\(s)': give I/N, e.g. 0/4 (shard I of N, 0-based)")
            }
            guard (0..<n).contains(i) else {
                throw SimError.input("--shard \(s): the index must be 0…\(n - 1) (shards are 0-based: run k belongs to shard k mod \(n))")
            }
            (index, count) = (i, n)
        }
        init(index: Int, count: Int) { (self.index, self.count) = (index, count) }

        func contains(_ run: SweepFile.Run) -> Bool { run.index % count == index }
    }

    /// What one invocation did.
    package struct Outcome: Sendable {
        /// Runs of this shard (all runs without a shard).
        var selected: Int
        /// Complete runs skipped by `--resume`.
        package var skipped: Int
        package var executed: [RunRecord]
        /// Distinct input sets loaded (``Study`` loads).
        package var studyLoads: Int
        package var failed: [RunRecord] { executed.filter { !$0.ok } }
    }

    var sweep: SweepFile
    var folder: SweepFolder
    /// Runs in parallel (each with `max(1, jobs / runs left)` workers, so a small sweep still uses every core).
    var jobs: Int
    var resume: Bool
    var shard: Shard?
    /// Receives the progress line after each run (`final` after the last); nil = no progress.
    var progress: (@Sendable (_ line: String, _ final: Bool) -> Void)?

    package init(sweep: SweepFile, folder: SweepFolder, jobs: Int, resume: Bool, shard: Shard?,
                 progress: (@Sendable (_ line: String, _ final: Bool) -> Void)? = nil) {
        (self.sweep, self.folder, self.jobs, self.resume, self.shard, self.progress) = (sweep, folder, jobs, resume, shard, progress)
    }

    /// Runs the selected runs and returns what happened; failures are recorded in their run folders.
    /// - Throws: only for problems of the sweep as a whole (the output folder), never for a failing run.
    package func run() async throws -> Outcome {
        let selected = sweep.runs.filter { shard?.contains($0) ?? true }
        try folder.prepare(for: sweep, resume: resume, ids: Set(selected.map(\.id)))
        folder.removeLeftovers(of: Set(selected.map(\.id)))
        var todo = selected
        if resume { todo.removeAll { folder.record($0.id).map { $0.ok && $0.fingerprint == sweep.fingerprint } ?? false } }
        // Group runs that share inputs, so at most about `jobs` input sets are in memory at once.
        var firstOfKey: [String: Int] = [:]
        for r in todo where firstOfKey[r.studyKey] == nil { firstOfKey[r.studyKey] = r.index }
        todo.sort { (firstOfKey[$0.studyKey]!, $0.index) < (firstOfKey[$1.studyKey]!, $1.index) }

        let cache = StudyCache(users: Dictionary(todo.map { ($0.studyKey, 1) }, uniquingKeysWith: +))
        let lanes = max(1, min(jobs, todo.count))
        let workers = max(1, jobs / max(1, todo.count))
        let meter = SweepProgress(total: todo.count, sink: progress)
        let next = RunCounter()
        let queue = todo
        let records = await withTaskGroup(of: [RunRecord].self) { group in
            for _ in 0..<lanes {
                group.addTask {
                    var done: [RunRecord] = []
                    while true {
                        let k = next.take()
                        if k >= queue.count { break }
                        let r = await execute(queue[k], cache: cache, workers: workers)
                        meter.finished(ok: r.ok)
                        done.append(r)
                    }
                    return done
                }
            }
            var all: [RunRecord] = []
            for await part in group { all += part }
            return all.sorted { $0.index < $1.index }
        }
        return Outcome(selected: selected.count, skipped: selected.count - todo.count, executed: records, studyLoads: await cache.loads)
    }

    /// One run into `runs/<id>/`: the `sim run` files and run.json, or run.json alone when it fails.
    func execute(_ run: SweepFile.Run, cache: StudyCache, workers: Int) async -> RunRecord {
        let clock = ContinuousClock(), start = clock.now
        let dir = folder.runFolder(run.id).path
        func record(ok: Bool, message: String, figures: [(column: String, value: String)], warnings: [String]) -> RunRecord {
            let t = start.duration(to: clock.now)
            return RunRecord(fingerprint: sweep.fingerprint, id: run.id, index: run.index, parameters: sweep.parameters(run), ok: ok, message: message,
                             seconds: Double(t.components.seconds) + Double(t.components.attoseconds) * 1e-18, figures: figures, warnings: warnings)
        }
        var outcome: ScenarioRun? = nil
        var failure: (any Error)? = nil
        do {
            var study = try await cache.study(key: run.studyKey, scenario: run.scenario, workers: workers)
            study.scenario = run.scenario
            outcome = try await ScenarioRun.execute(study, workers: workers, progress: Progress())
        } catch { failure = error }
        await cache.release(run.studyKey)
        if let outcome {
            let figures = SweepResults.figures(outcome)
            do {
                var r: RunRecord? = nil
                try OutputFolder.produce(dir) { out in
                    try outcome.write(into: out)
                    r = record(ok: true, message: "", figures: figures, warnings: outcome.warnings)
                    try out.write(SweepFolder.recordName, r!.json.serialized() + "\n")
                }
                return r!
            } catch { failure = error }
        }
        var result = record(ok: false, message: errorText(failure!), figures: [], warnings: [])
        let r = result
        do { try OutputFolder.produce(dir) { try $0.write(SweepFolder.recordName, r.json.serialized() + "\n") } }
        catch { result.message += "; and its record could not be written: \(errorText(error))" }
        return result
    }
}

/// The error text `sim` prints for an error (one line).
package func errorText(_ error: any Error) -> String {
    switch error {
    case let e as SimError: return e.description
    case let e as CoverageError: return e.description
    default: return "\(error)"
    }
}

/// The shared "next run" counter of the run lanes.
package final class RunCounter: Sendable {
    private let value = Mutex(0)
    func take() -> Int { value.withLock { v in defer { v += 1 }; return v } }
}

/// Loaded inputs by study key: loaded once when the first run needs them, dropped when the last
/// run using them is done.
package actor StudyCache {
    private var tasks: [String: Task<Study, any Error>] = [:]
    private var users: [String: Int]
    private(set) var loads = 0

    init(users: [String: Int]) { self.users = users }

    func study(key: String, scenario: Scenario, workers: Int) async throws -> Study {
        if let t = tasks[key] { return try await t.value }
        loads += 1
        let t = Task.detached { try await Study.load(scenario, workers: workers) }
        tasks[key] = t
        return try await t.value
    }

    /// Called once per run (done or failed) of `key`.
    func release(_ key: String) {
        users[key, default: 1] -= 1
        if users[key]! <= 0 { tasks[key] = nil }
    }
}

/// A progress line with an ETA ("sweep: 3/8 runs done, 0:12 elapsed, about 0:20 left"), handed to
/// the front end's sink after each run (`sim` rewrites it in place on a terminal).
final class SweepProgress: Sendable {
    private struct State { var done = 0, failed = 0 }
    private let state = Mutex(State())
    private let total: Int
    private let sink: (@Sendable (String, Bool) -> Void)?
    private let start = ContinuousClock.now

    init(total: Int, sink: (@Sendable (String, Bool) -> Void)?) { (self.total, self.sink) = (total, total > 0 ? sink : nil) }

    func finished(ok: Bool) {
        let (done, failed) = state.withLock { s in s.done += 1; if !ok { s.failed += 1 }; return (s.done, s.failed) }
        guard let sink else { return }
        let elapsed = Double(start.duration(to: .now).components.seconds)
        let eta = elapsed / Double(done) * Double(total - done)
        let line = "sweep: \(done)/\(total) runs done\(failed > 0 ? " (\(failed) failed)" : ""), \(Self.clock(elapsed)) elapsed"
            + (done < total ? ", about \(Self.clock(eta)) left" : "")
        sink(line, done == total)
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}
