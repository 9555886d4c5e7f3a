// Helpers shared by the test targets (StudiesTests, simTests): repository paths, temporary
// folders, light scenarios, and running the built `sim` binary as a child process.
import Coverage
import Foundation
@testable import Studies

/// Paths relative to the repository root (tests run from the package directory).
package let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

package func repoPath(_ p: String) -> String { repo.appendingPathComponent(p).path }

package let defaultScenario = repoPath("data/scenarios/quang-tri-2017.yaml")

package func tempDir() -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("simtests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

/// Runs the whole `sim run` pipeline into `out` with `workers` threads.
package func runDefault(_ scenario: Scenario, out: String, workers: Int) async throws -> CoverageRun {
    let study = try await Study.load(scenario, workers: workers)
    let run = try await CoverageRun.execute(study, workers: workers, progress: Progress())
    let folder = try OutputFolder(out)
    try CoverageOutputs.write(run, into: folder)
    try folder.commit()
    return run
}

package let vn2000Districts = repoPath("data/quang-tri/vn2000/quang_tri_districts_vn2000.shp")

package let wgs84Districts = repoPath("data/quang-tri/quang_tri_districts_simplified.geojson")

/// The default scenario made light for tests: no fixed broadband, 1 km population cells, 5° bearings.
package func lightScenario(districts: String = wgs84Districts, _ edit: (inout Scenario) -> Void = { _ in }) throws -> Scenario {
    var s = try Scenario.load(path: defaultScenario)
    s.inputs.districts = districts
    s.fixed.enabled = false
    s.population.cellSizeMeters = 1000
    s.radio.bearingStepDegrees = 5
    edit(&s)
    return s
}

package func execute(_ s: Scenario, workers: Int = 2) async throws -> CoverageRun {
    try await CoverageRun.execute(try await Study.load(s, workers: workers), workers: workers, progress: Progress())
}

/// Runs the built `sim` executable (next to the test bundle) as a child process, with a deadline.
/// Returns its exit status (nil = killed at the deadline), stderr, wall time and peak resident
/// memory (from `wait4`'s rusage, so it is the child's own peak, not the test runner's).
package struct SimProcess {
    package static var executable: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent(), repo.appendingPathComponent(".build/debug")] {
            let p = dir.appendingPathComponent("sim").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return repo.appendingPathComponent(".build/debug/sim").path
    }

    package var pid: pid_t
    package let errPath: String

    /// Starts `sim args…`; stdout goes to /dev/null, stderr to a file.
    package init(_ args: [String], dir: URL) throws {
        errPath = dir.appendingPathComponent("stderr-\(UUID().uuidString).txt").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([SimProcess.executable] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var p: pid_t = 0
        let rc = posix_spawn(&p, SimProcess.executable, &actions, nil, argv, environ)
        guard rc == 0 else { throw SimError.output("posix_spawn \(SimProcess.executable): error \(rc)") }
        pid = p
    }

    /// Waits up to `seconds`; kills the child (SIGKILL) at the deadline.
    package func wait(seconds: Double) -> (status: Int32?, stderr: String, seconds: Double, maxRSSMB: Double) {
        let start = Date()
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if Date().timeIntervalSince(start) > seconds && !timedOut { kill(pid, SIGKILL); timedOut = true }
            usleep(2_000)
        }
        let exited = (status & 0x7f) == 0
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (timedOut || !exited ? nil : (status >> 8) & 0xff, err, Date().timeIntervalSince(start), Double(usage.ru_maxrss) / 1024)
    }
}

package let planScenario = repoPath("data/scenarios/quang-tri-2020-plan.yaml")

/// Loads the default plan scenario and plans it with `workers` threads, writing into `out`.
package func planDefault(out: String, workers: Int, edit: ((inout Scenario) -> Void)? = nil) async throws -> PlanRun {
    var s = try Scenario.load(path: planScenario)
    edit?(&s)
    let study = try await Study.load(s, workers: workers)
    guard let plan = try await ScenarioRun.execute(study, workers: workers, progress: Progress()).plan else {
        throw SimError.input("\(planScenario): planned nothing")
    }
    let folder = try OutputFolder(out)
    try PlanOutputs.write(plan, into: folder)
    try folder.commit()
    return plan
}

/// Writes `text` to a fresh temporary file and returns its path.
package func tempFile(_ name: String, _ text: String) -> String {
    let u = tempDir().appendingPathComponent(name)
    try! text.data(using: .utf8)!.write(to: u)
    return u.path
}

/// A `planner:` snippet merged onto the planner defaults of data/scenarios/defaults.yaml, enabled.
package func withDefaults(_ yaml: String) throws -> YNode? {
    let defaults = try YNode.load(path: repoPath("data/scenarios/defaults.yaml"))
    let merged = defaults.merged(with: try YNode.parse("planner:\n  enabled: true\n", file: "/x/s.yaml")).merged(with: try YNode.parse(yaml, file: "/x/s.yaml"))
    return merged.lookup(["planner"])
}

/// Runs the built `sim` binary in `cwd` with a deadline; stdout and stderr captured.
/// Returns the exit status (nil when killed at the deadline), stdout and stderr.
package func runSimBinary(_ args: [String], cwd: URL, seconds: Double = 120) throws -> (status: Int32?, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: SimProcess.executable)
    p.arguments = args
    p.currentDirectoryURL = cwd
    let outURL = cwd.appendingPathComponent("..").appendingPathComponent("stdout-\(UUID().uuidString).txt").standardizedFileURL
    let errURL = cwd.appendingPathComponent("..").appendingPathComponent("stderr-\(UUID().uuidString).txt").standardizedFileURL
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
    p.standardOutput = try FileHandle(forWritingTo: outURL)
    p.standardError = try FileHandle(forWritingTo: errURL)
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let start = Date()
    var killed = false
    while p.isRunning {
        if Date().timeIntervalSince(start) > seconds { kill(p.processIdentifier, SIGKILL); killed = true; break }
        usleep(5_000)
    }
    p.waitUntilExit()
    let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return (killed ? nil : p.terminationStatus, out, err)
}

/// The lines of stderr that are errors.
package func errorLines(_ stderr: String) -> [Substring] { stderr.split(separator: "\n").filter { $0.hasPrefix("sim: error:") } }

/// A quick scenario (disk model, 2 km population cells, no fixed broadband, no planner) whose
/// sites file is a copy inside `dir`, so a test can point --out at folders that hold inputs.
package func quickScenario(in dir: URL) throws -> String {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: repoPath("data/quang-tri/sites-2017.csv"), toPath: dir.appendingPathComponent("sites.csv").path)
    let s = dir.appendingPathComponent("quick.yaml")
    try """
    extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))
    name: quick
    inputs:
      sites: sites.csv
    population:
      cell_size_m: 2000
    radio:
      disk_radius_m: 3000
    fixed_broadband:
      enabled: false

    """.write(to: s, atomically: true, encoding: .utf8)
    return s.path
}

/// A folder with `base.yaml` (a scenario extending `scenario` with 1 km population cells, so runs take
/// well under a second) and `sweep.yaml` (`base: base.yaml` + `body`).
package func sweepFixture(_ body: String, scenario: String = "data/scenarios/quang-tri-2017.yaml") -> (dir: URL, file: String) {
    let dir = tempDir()
    try! "extends: \(repoPath(scenario))\npopulation:\n  cell_size_m: 1000\n".write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
    let file = dir.appendingPathComponent("sweep.yaml")
    try! ("base: base.yaml\n" + body).write(to: file, atomically: true, encoding: .utf8)
    return (dir, file.path)
}

/// Runs a sweep in-process and returns what happened and results.csv (written as `sim sweep` does).
@discardableResult
package func runSweep(_ file: String, out: URL, jobs: Int, resume: Bool = false, shard: SweepRunner.Shard? = nil) async throws -> (SweepRunner.Outcome, String?) {
    let runner = SweepRunner(sweep: try SweepFile.load(path: file), folder: SweepFolder(out.path), jobs: jobs, resume: resume, shard: shard)
    let outcome = try await runner.run()
    if shard != nil { return (outcome, nil) }
    let csv = try SweepResults.collect([SweepFolder(out.path)]).csv
    try SweepResults.write(csv, to: out.appendingPathComponent("results.csv").path)
    return (outcome, csv)
}

/// results.csv without its byte-order mark and its last column (`seconds`, the only one allowed to differ between sweeps).
package func withoutSeconds(_ csv: String) -> String {
    (csv.hasPrefix(CSVTable.byteOrderMark) ? String(csv.dropFirst()) : csv).split(separator: "\n", omittingEmptySubsequences: false).map { line in
        line.lastIndex(of: ",").map { String(line[..<$0]) } ?? String(line)
    }.joined(separator: "\n")
}

/// Every file of every run folder of a sweep, by relative path; run.json without its `seconds`.
package func runFiles(_ out: URL) throws -> [String: Data] {
    let runs = out.appendingPathComponent("runs")
    var files: [String: Data] = [:]
    for id in try FileManager.default.contentsOfDirectory(atPath: runs.path) {
        for f in try FileManager.default.contentsOfDirectory(atPath: runs.appendingPathComponent(id).path) {
            var data = try Data(contentsOf: runs.appendingPathComponent(id).appendingPathComponent(f))
            if f == "run.json" {
                let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: #""seconds":[0-9.e-]+"#, with: "", options: .regularExpression)
                data = Data(text.utf8)
            }
            files["\(id)/\(f)"] = data
        }
    }
    return files
}

package func errorMessage(_ body: () async throws -> Void) async -> String {
    do { try await body(); return "" } catch { return "\(error)" }
}
