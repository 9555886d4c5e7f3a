import ArgumentParser
import Coverage
import Foundation
import Testing
import TestSupport
@testable import sim
@testable import Studies

@Suite struct SweepFileTests {
    /// 3 × 2 × 2 = 12 assignments, nested-loop order (first axis slowest), minus the 2 + 2 excluded
    /// by the two rules (written out by hand below) = 8 runs.
    @Test func cartesianProductWithExclusions() throws {
        let (_, file) = sweepFixture("""
            axes:
              radio.threshold_dbm: [-105, -110.0, -115]
              radio.rx_height_m: [1.5, 3]
              fixed_broadband.drop_distance_m: [400, 1_000]
            exclude:
              - { radio.threshold_dbm: -105, radio.rx_height_m: 3 }
              - { radio.threshold_dbm: [-110, -115], radio.rx_height_m: 1.5, fixed_broadband.drop_distance_m: 1000 }
            """)
        let s = try SweepFile.load(path: file)
        #expect(s.runs.map(\.id) == [
            "threshold_dbm=-105__rx_height_m=1.5__drop_distance_m=400",
            "threshold_dbm=-105__rx_height_m=1.5__drop_distance_m=1000",
            "threshold_dbm=-110__rx_height_m=1.5__drop_distance_m=400",
            "threshold_dbm=-110__rx_height_m=3__drop_distance_m=400",
            "threshold_dbm=-110__rx_height_m=3__drop_distance_m=1000",
            "threshold_dbm=-115__rx_height_m=1.5__drop_distance_m=400",
            "threshold_dbm=-115__rx_height_m=3__drop_distance_m=400",
            "threshold_dbm=-115__rx_height_m=3__drop_distance_m=1000",
        ])
        #expect(s.runs.map(\.index) == Array(0..<8))
        #expect(s.excludedCount == 4)
        // Each variant is its own decoded scenario; the base is unchanged elsewhere.
        let r = s.runs[4]
        #expect(r.scenario.radio.thresholdDBm == -110 && r.scenario.radio.rxHeightMeters == 3 && r.scenario.fixed.dropDistanceMeters == 1000)
        #expect(r.scenario.radio.antennaGainDBi == 17 && r.scenario.population.cellSizeMeters == 1000)
        #expect(s.parameters(r).map(\.value) == ["-110", "3", "1000"])
        // All three axes leave the inputs alone: one shared input set.
        #expect(Set(s.runs.map(\.studyKey)).count == 1)
    }

    /// Ids and the fingerprint depend on the values, not their order or the machine; a changed value changes the fingerprint.
    @Test func idsAndFingerprintAreStable() throws {
        let a = try SweepFile.load(path: sweepFixture("axes:\n  radio.threshold_dbm: [-105, -110]\n  radio.indoor_loss_db: [0, 10]\n").file)
        let b = try SweepFile.load(path: sweepFixture("axes:\n  radio.threshold_dbm: [-110, -105]\n  radio.indoor_loss_db: [10, 0]\n").file)
        let c = try SweepFile.load(path: sweepFixture("axes:\n  radio.threshold_dbm: [-105, -111]\n  radio.indoor_loss_db: [0, 10]\n").file)
        let again = try SweepFile.load(path: sweepFixture("axes:\n  radio.threshold_dbm: [-105, -110]\n  radio.indoor_loss_db: [0, 10]\n").file)
        let params = { (s: SweepFile) in Dictionary(uniqueKeysWithValues: s.runs.map { ($0.id, s.parameters($0).map(\.value)) }) }
        #expect(params(a) == params(b))
        #expect(a.fingerprint == again.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
        #expect(a.fingerprint.count == 16)
    }

    /// Labels: the shortest unique suffix not starting with a number; values without `_` separators;
    /// characters outside [A-Za-z0-9.+-=] become `_`, and ids that collide after that get a hash suffix.
    @Test func labelsAndSanitisedIDs() throws {
        #expect(SweepFile.labels([["planner", "budget_vnd", "2020"], ["radio", "threshold_dbm"]]) == ["budget_vnd.2020", "threshold_dbm"])
        #expect(SweepFile.labels([["a", "x"], ["b", "x"]]) == ["a.x", "b.x"])
        let s = try SweepFile.load(path: sweepFixture("axes:\n  name: [\"Plan A/1\", \"Plan A_1\", plain]\n").file)
        #expect(s.runs[2].id == "name=plain")
        #expect(s.runs[0].id.hasPrefix("name=Plan_A_1~") && s.runs[1].id.hasPrefix("name=Plan_A_1~") && s.runs[0].id != s.runs[1].id)
        // FNV-1a 64 test vectors of the FNV reference (isthe.com/chongo/tech/comp/fnv, test_fnv.c):
        // "" → cbf29ce484222325 (the offset basis), "a" → af63dc4c8601ec8c, "foobar" → 85944171f73967e8,
        // "\0" → af63bd4c8601b7df (add(_:) ends every string with a zero byte).
        for (text, hex) in [("", "cbf29ce484222325"), ("a", "af63dc4c8601ec8c"), ("foobar", "85944171f73967e8")] {
            var h = FNV1a()
            h.add(bytes: Array(text.utf8))
            #expect(h.hex == hex, "FNV-1a 64 of '\(text)'")
        }
        var z = FNV1a()
        z.add("")
        #expect(z.hex == "af63bd4c8601b7df")
        let plan = try SweepFile.load(path: sweepFixture("axes:\n  planner.budget_vnd.2020: [5_000_000_000, 10_000_000_000]\n",
                                                         scenario: "data/scenarios/quang-tri-2020-plan.yaml").file)
        #expect(plan.runs.map(\.id) == ["budget_vnd.2020=5000000000", "budget_vnd.2020=10000000000"])
        #expect(plan.runs[0].scenario.planner?.budgets.last?.budget.vnd == 5_000_000_000)
    }

    /// Keys that change the inputs split the runs into input sets; the others share them.
    @Test func inputSharingFollowsTheAxes() throws {
        let s = try SweepFile.load(path: sweepFixture("axes:\n  radio.threshold_dbm: [-105, -110]\n  population.cell_size_m: [1000, 2000]\n  environments.461: [urban, suburban]\n").file)
        #expect(Set(s.runs.map(\.studyKey)).count == 4)
        #expect(s.axes.map(\.sharesStudy) == [true, false, false])
        #expect(s.runs[0].studyKey == s.runs[4].studyKey)   // threshold varies slowest: runs 0 and 4 differ only in it
    }

    @Test(arguments: [
        ("axes:\n  radio.threshold_dbm: []\n", "sweep.yaml:3: axis 'radio.threshold_dbm' has no values"),
        ("axes:\n  radio.treshold_dbm: [-100]\n", "sweep.yaml:3: unknown axis key 'radio.treshold_dbm' — did you mean 'radio.threshold_dbm'?"),
        ("axes:\n  radio.nonsense_key_here: [1]\n", "unknown axis key 'radio.nonsense_key_here'"),
        ("axes:\n  radio.threshold_dbm: -100\n", "axis 'radio.threshold_dbm' must be a list of values"),
        ("axes:\n  radio.threshold_dbm: [-100, -100.0]\n", "lists the value -100 twice"),
        ("axes: {}\n", "'axes' must map at least one dotted scenario key"),
        ("axis:\n  radio.threshold_dbm: [-100]\n", "unknown key 'axis' in the top level — did you mean 'axes'?"),
        ("axes:\n  radio.threshold_dbm: [-100, -200]\n", "sweep.yaml:3:31: 'radio.threshold_dbm' = -200 is outside -150…-40 (run threshold_dbm=-200 of"),
        ("axes:\n  radio: [1]\n  radio.threshold_dbm: [-100]\n", "overlap"),
        ("axes:\n  radio.threshold_dbm: [-100, -110]\nexclude:\n  - { radio.treshold_dbm: -100 }\n", "sweep.yaml:5: exclude[0] names 'radio.treshold_dbm', which is not an axis — did you mean 'radio.threshold_dbm'?"),
        ("axes:\n  radio.threshold_dbm: [-100, -110]\nexclude:\n  - { radio.threshold_dbm: -120 }\n", "exclude[0] value -120 of 'radio.threshold_dbm' is not one of its axis values (-100, -110)"),
        ("axes:\n  radio.threshold_dbm: [-100, -110]\nexclude:\n  - { radio.threshold_dbm: [-100, -110] }\n", "'exclude' drops all 2 runs"),
    ])
    func badSweepFiles(body: String, message: String) async {
        let m = await errorMessage { _ = try SweepFile.load(path: sweepFixture(body).file) }
        #expect(m.contains(message), "got: \(m)")
    }

    @Test func missingBase() async {
        let dir = tempDir()
        let file = dir.appendingPathComponent("s.yaml").path
        try! "base: nowhere.yaml\naxes:\n  radio.threshold_dbm: [-100]\n".write(toFile: file, atomically: true, encoding: .utf8)
        let m = await errorMessage { _ = try SweepFile.load(path: file) }
        #expect(m.contains("nowhere.yaml: cannot read file"))
    }

    @Test(arguments: [("4/4", "the index must be 0…3"), ("-1/2", "the index must be 0…1"), ("1", "give I/N"), ("0/0", "give I/N")])
    func badShard(arg: String, message: String) async {
        #expect(await errorMessage { _ = try SweepRunner.Shard(parsing: arg) }.contains(message))
    }

    /// The emitted script: one array task per shard, absolute paths, shard from Slurm's variables; valid bash.
    @Test func emitSlurmScript() async throws {
        let (dir, file) = sweepFixture("axes:\n  radio.threshold_dbm: [-100, -105, -110]\n")
        let out = dir.appendingPathComponent("out")
        let cmd = try SweepCommand.parse([file, "--out", out.path, "--emit-slurm", "--slurm-tasks", "2"])
        try await cmd.run()
        _ = cmd
        let script = try String(contentsOf: out.appendingPathComponent("sweep.sbatch"), encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-1\n"))
        #expect(script.contains("--shard \"${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}\""))
        #expect(script.contains("sweep '\(URL(fileURLWithPath: file).standardizedFileURL.path)' --out '\(out.standardizedFileURL.path)' --resume"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.json").path))
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-n", out.appendingPathComponent("sweep.sbatch").path]
        try bash.run()
        bash.waitUntilExit()
        #expect(bash.terminationStatus == 0)
        #expect(await errorMessage { let c = try SweepCommand.parse([file, "--out", out.path, "--emit-slurm", "--slurm-tasks", "4"]); try await c.run() } != "")
    }
}

@Suite(.serialized) struct SweepRunTests {
    /// results.csv and every run's files are the same with 1 and 2 parallel runs (apart from `seconds`);
    /// the shared-input run equals a `sim run` of the same variant loaded from scratch.
    @Test func jobsDoNotChangeResults() async throws {
        let (dir, file) = sweepFixture("axes:\n  radio.threshold_dbm: [-100, -110]\n  radio.rx_height_m: [1.5, 5]\n")
        let (o1, csv1) = try await runSweep(file, out: dir.appendingPathComponent("j1"), jobs: 1)
        let (o2, csv2) = try await runSweep(file, out: dir.appendingPathComponent("j2"), jobs: 2)
        #expect(o1.executed.count == 4 && o2.executed.count == 4 && o1.failed.isEmpty)
        #expect(o1.studyLoads == 1 && o2.studyLoads == 1)
        #expect(withoutSeconds(csv1!) == withoutSeconds(csv2!))
        #expect(try runFiles(dir.appendingPathComponent("j1")) == (try runFiles(dir.appendingPathComponent("j2"))))
        let lines = csv1!.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("run_id,radio.threshold_dbm,radio.rx_height_m,status,lte_pop_pct,lte_area_pct,fbb_households_pct,lte_pop_pct_461,"))
        #expect(lines[0].hasSuffix(",message,seconds"))
        #expect(lines[1].hasPrefix("threshold_dbm=-100__rx_height_m=1.5,-100,1.5,ok,"))

        // The same variant as a plain scenario, loaded and run from scratch (no sharing).
        let variant = dir.appendingPathComponent("variant.yaml").path
        try "extends: base.yaml\nradio:\n  threshold_dbm: -110\n  rx_height_m: 5\n".write(toFile: variant, atomically: true, encoding: .utf8)
        let study = try await ScenarioRun.load(path: variant, workers: 2, progress: Progress())
        let fresh = try await ScenarioRun.execute(study, workers: 2, progress: Progress())
        let freshOut = dir.appendingPathComponent("fresh")
        try OutputFolder.produce(freshOut.path) { try fresh.write(into: $0) }
        let swept = dir.appendingPathComponent("j1/runs/threshold_dbm=-110__rx_height_m=5")
        for f in try FileManager.default.contentsOfDirectory(atPath: freshOut.path) {
            var a = try String(contentsOf: freshOut.appendingPathComponent(f), encoding: .utf8)
            let b = try String(contentsOf: swept.appendingPathComponent(f), encoding: .utf8)
            if f == "summary.json" { a = a.replacingOccurrences(of: #""scenario_file":"variant.yaml""#, with: #""scenario_file":"base.yaml""#) }
            if f == "report.html" {
                a = a.replacingOccurrences(of: "<dd>variant.yaml</dd>", with: "<dd>base.yaml</dd>").replacingOccurrences(of: "<code>variant.yaml</code>", with: "<code>base.yaml</code>")
            }
            #expect(a == b, "\(f) differs from a fresh run of the variant")
        }
        // Higher threshold (−100 dBm is stricter than −110) covers no more people: monotone in the threshold.
        let rec = SweepFolder(dir.appendingPathComponent("j1").path)
        let pop = { (id: String) in Double(rec.record(id)!.figures.first { $0.column == "lte_pop_pct" }!.value)! }
        #expect(pop("threshold_dbm=-100__rx_height_m=1.5") <= pop("threshold_dbm=-110__rx_height_m=1.5"))
    }

    /// A run that fails (its sites file is missing) is recorded and the others finish; after the file
    /// appears, --resume redoes only that run, and the results equal a sweep that never failed.
    @Test func resumeAfterARecordedFailure() async throws {
        let (dir, file) = sweepFixture("axes:\n  inputs.sites: [\(repoPath("data/quang-tri/sites-2017.csv")), later.csv]\n  radio.threshold_dbm: [-105, -110]\n")
        let out = dir.appendingPathComponent("out")
        let (first, csv1) = try await runSweep(file, out: out, jobs: 2)
        #expect(first.executed.count == 4 && first.failed.count == 2)
        #expect(first.failed.allSatisfy { $0.message.contains("later.csv") })
        let failedRow = try #require(csv1!.split(separator: "\n").first { $0.contains("later.csv") })
        #expect(failedRow.contains(",failed,") && failedRow.contains("cannot read"), "\(failedRow)")
        #expect(first.studyLoads == 2)
        // Without --resume the folder is refused (it holds runs of this sweep) and nothing changes.
        let before = try runFiles(out)
        #expect(await errorMessage { try await runSweep(file, out: out, jobs: 2) }.contains("pass --resume"))
        #expect(try runFiles(out) == before)

        try FileManager.default.copyItem(atPath: repoPath("data/quang-tri/sites-2017.csv"), toPath: dir.appendingPathComponent("later.csv").path)
        let (second, csv2) = try await runSweep(file, out: out, jobs: 2, resume: true)
        #expect(second.executed.count == 2 && second.skipped == 2 && second.failed.isEmpty)
        let (third, _) = try await runSweep(file, out: out, jobs: 2, resume: true)
        #expect(third.executed.isEmpty && third.skipped == 4)
        let (_, clean) = try await runSweep(file, out: dir.appendingPathComponent("clean"), jobs: 1)
        #expect(withoutSeconds(csv2!) == withoutSeconds(clean!))
        #expect(try runFiles(out) == (try runFiles(dir.appendingPathComponent("clean"))))
    }

    /// Three shards (in one folder, and in separate folders) merged equal the single-machine sweep.
    @Test func shardsMergeToTheFullSweep() async throws {
        let (dir, file) = sweepFixture("axes:\n  radio.threshold_dbm: [-100, -110]\n  radio.indoor_loss_db: [0, 10, 20]\nexclude:\n  - { radio.threshold_dbm: -100, radio.indoor_loss_db: 20 }\n")
        let (_, full) = try await runSweep(file, out: dir.appendingPathComponent("full"), jobs: 2)
        let shared = dir.appendingPathComponent("shared")
        var separate: [SweepFolder] = []
        for i in 0..<3 {
            let (o, _) = try await runSweep(file, out: shared, jobs: 1, shard: .init(index: i, count: 3))   // no --resume needed: other shards' runs are no conflict
            #expect(o.executed.map(\.index) == [i, i + 3].filter { $0 < 5 })
            let own = dir.appendingPathComponent("part\(i)")
            try await runSweep(file, out: own, jobs: 1, shard: .init(index: i, count: 3))
            separate.append(SweepFolder(own.path))
        }
        #expect(withoutSeconds(try SweepResults.collect([SweepFolder(shared.path)]).csv) == withoutSeconds(full!))
        #expect(withoutSeconds(try SweepResults.collect(separate).csv) == withoutSeconds(full!))
        // Two shards are not the whole sweep.
        let m = await errorMessage { _ = try SweepResults.collect(Array(separate.prefix(2))) }
        #expect(m.contains("1 of 5 runs have no result"), "\(m)")

        // The comparison page (Vietnamese by default) charts the headline figures across both axes (ReportTests checks its geometry).
        let csv = try SweepResults.collect(separate).csv
        let results = dir.appendingPathComponent("merged.csv").path
        try SweepResults.writeReport(csv, sweepName: "thresholds", nextTo: results)
        let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        for text in ["Theo radio.threshold_dbm", "Theo radio.indoor_loss_db", "lte_pop_pct", "<svg"] { #expect(html.contains(text), "\(text)") }
    }

    /// A folder of another sweep, or a non-empty folder that is no sweep's, is refused and left as it was.
    @Test func refusesToMixSweeps() async throws {
        let (dir, file) = sweepFixture("axes:\n  radio.threshold_dbm: [-100]\n")
        let out = dir.appendingPathComponent("out")
        try await runSweep(file, out: out, jobs: 1)
        let other = dir.appendingPathComponent("other.yaml").path
        try "base: base.yaml\naxes:\n  radio.threshold_dbm: [-101]\n".write(toFile: other, atomically: true, encoding: .utf8)
        let before = try runFiles(out)
        let csv = try Data(contentsOf: out.appendingPathComponent("results.csv"))
        let m = await errorMessage { try await runSweep(other, out: out, jobs: 1, resume: true) }
        #expect(m.contains("holds results of another sweep (sweep.yaml"), "\(m)")
        #expect(try runFiles(out) == before)
        #expect(try Data(contentsOf: out.appendingPathComponent("results.csv")) == csv)
        let otherOut = dir.appendingPathComponent("o2")
        try await runSweep(other, out: otherOut, jobs: 1)
        #expect(await errorMessage { _ = try SweepResults.collect([SweepFolder(out.path), SweepFolder(otherOut.path)]) }.contains("holds another sweep"))
        let plain = dir.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        try "x".write(to: plain.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        #expect(await errorMessage { try await runSweep(file, out: plain, jobs: 1) }.contains("holds no sweep.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: plain.path) == ["keep.txt"])
    }

    /// Planner axes: both runs share the inputs, plan within their money, and report plan columns.
    /// The money available is the sum of the yearly budgets (carry_over: true): 15 + 25 + B billion VND
    /// (data/scenarios/quang-tri-2020-plan.yaml).
    @Test func plannerAxes() async throws {
        let (dir, file) = sweepFixture("axes:\n  planner.budget_vnd.2020: [2_000_000_000, 10_000_000_000]\n",
                                       scenario: "data/scenarios/quang-tri-2020-plan.yaml")
        let (o, csv) = try await runSweep(file, out: dir.appendingPathComponent("out"), jobs: 2)
        #expect(o.failed.isEmpty && o.studyLoads == 1)
        let header = csv!.split(separator: "\n")[0].split(separator: ",").map(String.init)
        for c in ["plan_cost_vnd", "plan_targets_met", "plan_targets"] { #expect(header.contains(c)) }
        for (r, budget) in zip(o.executed, [2_000_000_000.0, 10_000_000_000]) {
            let f = Dictionary(uniqueKeysWithValues: r.figures.map { ($0.column, $0.value) })
            #expect(Double(f["plan_cost_vnd"]!)! <= 40_000_000_000 + budget)
            #expect(Int(f["plan_targets_met"]!)! <= Int(f["plan_targets"]!)!)
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/runs/\(r.id)/plan.csv").path))
        }
    }

    /// The built `sim` binary, killed with SIGKILL at several moments of a sweep, resumes to the same
    /// results.csv (minus seconds) and run files as an uninterrupted sweep.
    @Test func killedSweepResumes() async throws {
        let sim = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sim")
        let binary = FileManager.default.isExecutableFile(atPath: sim.path) ? sim.path : repoPath(".build/debug/sim")
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the sim binary first (swift build)")
        let (dir, file) = sweepFixture("axes:\n  radio.threshold_dbm: [-100, -105, -110]\n  radio.rx_height_m: [1.5, 3, 5]\n")
        let out = dir.appendingPathComponent("out")
        func sweep(resume: Bool) throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["sweep", file, "--out", out.path, "--jobs", "2"] + (resume ? ["--resume"] : [])
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        func done() -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("runs").path)) ?? []).filter { !$0.hasPrefix(".") }.count }
        // Kill at 0.3 s (loading), then after 2, 4 and 6 complete runs.
        var kills = 0
        for (i, target) in [0, 2, 4, 6].enumerated() {
            let p = try sweep(resume: i > 0)
            if target == 0 { try await Task.sleep(for: .milliseconds(300)) }
            else { while done() < target && p.isRunning { try await Task.sleep(for: .milliseconds(20)) } }
            if p.isRunning { kill(p.processIdentifier, SIGKILL); kills += 1 }
            p.waitUntilExit()
        }
        #expect(kills >= 2, "the sweep finished before it could be killed; make it longer")
        let last = try sweep(resume: true)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("runs").path).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "leftovers: \(hidden)")
        let (_, clean) = try await runSweep(file, out: dir.appendingPathComponent("clean"), jobs: 1)
        #expect(withoutSeconds(try String(contentsOf: out.appendingPathComponent("results.csv"), encoding: .utf8)) == withoutSeconds(clean!))
        #expect(try runFiles(out) == (try runFiles(dir.appendingPathComponent("clean"))))
    }
}
