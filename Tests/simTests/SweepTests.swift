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
        let s = try SweepFile.load(path: sweepFixture("axes:\n  radio.threshold_dbm: [-105, -110]\n  population.cell_size_m: [1000, 2000]\n  clutter.urban_density_per_km2: [1500, 1000]\n").file)
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
        #expect(script.contains("--resume --lang 'vi' --jobs"))
        // --lang reaches the shards and the merge the script names.
        let outEN = dir.appendingPathComponent("out-en")
        try await SweepCommand.parse([file, "--out", outEN.path, "--emit-slurm", "--slurm-tasks", "2", "--lang", "en"]).run()
        let scriptEN = try String(contentsOf: outEN.appendingPathComponent("sweep.sbatch"), encoding: .utf8)
        #expect(scriptEN.contains("--resume --lang 'en' --jobs") && scriptEN.contains("sweep-merge '\(outEN.standardizedFileURL.path)' --lang 'en'"))
    }

    /// `sim sweep-merge --lang`: the comparison page is written in the language asked for (`<html lang>`).
    @Test func sweepMergeLanguage() async throws {
        let (dir, file) = sweepFixture("axes:\n  radio.threshold_dbm: [-100]\n")
        let out = dir.appendingPathComponent("out")
        _ = try await runSweep(file, out: out, jobs: 1)
        for lang in ["en", "vi"] {
            try await SweepMergeCommand.parse([out.path, "--lang", lang]).run()
            let page = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
            #expect(page.contains("<html lang=\"\(lang)\""), "\(lang)")
        }
        #expect(await errorMessage { try await SweepMergeCommand.parse([out.path, "--lang", "fr"]).run() } != "")
    }
}

extension SweepFileTests {
    /// results.csv has one column set for all rows: a column first seen in a later run goes after the
    /// column that precedes it there (hand-made records: a run without a plan, then one with a plan).
    @Test func columnsOfRunsWithAndWithoutAPlan() {
        func record(_ columns: [String]) -> RunRecord {
            RunRecord(fingerprint: "f", id: "r", index: 0, parameters: [], ok: true, message: "", seconds: 0,
                      figures: columns.map { ($0, "1") }, warnings: [])
        }
        let plain = record(["lte_pop_pct", "lte_area_pct", "lte_pop_pct_461", "lte_pop_pct_462"])
        let planned = record(["lte_pop_pct", "lte_area_pct", "plan_cost_vnd", "plan_2020_lte_pop_pct", "lte_pop_pct_461", "lte_pop_pct_462",
                              "plan_2020_lte_pop_pct_461", "plan_2020_lte_pop_pct_462"])
        let expected = ["lte_pop_pct", "lte_area_pct", "plan_cost_vnd", "plan_2020_lte_pop_pct", "lte_pop_pct_461", "lte_pop_pct_462",
                        "plan_2020_lte_pop_pct_461", "plan_2020_lte_pop_pct_462"]
        #expect(SweepResults.figureColumns([plain, planned, plain]) == expected)
        #expect(SweepResults.figureColumns([planned, plain]) == expected)
        #expect(SweepResults.figureColumns([record([]), plain]) == plain.figures.map(\.column))
        // The page tells district columns from province ones by name.
        #expect(SweepReport.districtColumn("plan_2020_fbb_households_pct_461")! == ("plan_2020_fbb_households_pct", "461"))
        #expect(SweepReport.districtColumn("lte_pop_pct_461")! == ("lte_pop_pct", "461"))
        #expect(SweepReport.districtColumn("plan_2020_targets_met") == nil && SweepReport.districtColumn("plan_2020_lte_pop_pct") == nil)
        #expect(SweepReport.planColumn("plan_2020_spent_vnd")! == (2020, "spent_vnd") && SweepReport.planColumn("plan_cost_vnd") == nil)
        #expect(SweepReport.number("15 tỷ", column: "planner.budget_vnd.2020") == 15e9 && SweepReport.number("15 tỷ", column: "name") == nil)
    }

    /// Two axes (budget × method), hand-made rows: each axis charts the last plan year's outcome, one
    /// line per value of the other axis (budget written with units, charted in VND: 10 bn → 1e10).
    @Test func plannedOutcomeWithTwoAxes() throws {
        let budget = "planner.budget_vnd.2020", method = "planner.method"
        var rows: [[String: String]] = []
        for (m, bonus) in [("greedy", 0.0), ("exact", 1.0)] {
            for (b, pct) in [("30 bn", 95.0), ("10 bn", 90.0)] {
                rows.append(["run_id": "\(b)-\(m)", budget: b, method: m, "status": "ok", "plan_2019_lte_pop_pct": "80",
                             "plan_2020_lte_pop_pct": JSONValue.format(pct + bonus), "plan_2020_targets_met": "3", "lte_pop_pct_461": "70",
                             "plan_2020_lte_pop_pct_461": "75", "message": "", "seconds": "1"])
            }
        }
        let columns = ["run_id", budget, method, "status", "plan_2019_lte_pop_pct", "plan_2020_lte_pop_pct", "plan_2020_targets_met",
                       "lte_pop_pct_461", "plan_2020_lte_pop_pct_461", "message", "seconds"]
        let html = SweepReport.html(results: rows, columns: columns, parameterColumns: [budget, method], headlineColumns: [], title: "t", language: .en)
        // Per axis: planned 4G and targets met (2 charts), and no other headline figure.
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 4)
        #expect(html.components(separatedBy: "The figures after the investments up to 2020, the last plan year.").count - 1 == 2)
        #expect(html.contains(">planner.method=greedy</text>") && html.contains(">planner.budget_vnd.2020=10 bn</text>"))
        #expect(!html.contains("Network before the plan"))
        // Inferred headlines leave the plan-year and district columns to their own charts and table.
        let inferred = SweepReport.html(results: rows, columns: columns, parameterColumns: [budget, method], title: "t", language: .en)
        #expect(inferred.contains("<p>Sweep comparison · 4 runs · 2 varying parameters · 1 headline figure</p>"))   // seconds
        var (chart, _) = SweepReport.chartAcross(axis: budget, others: [method], headline: "plan_2020_lte_pop_pct", results: rows, text: Messages(.en))
        #expect(chart.series.map(\.name) == ["planner.method=greedy", "planner.method=exact"])
        #expect(chart.series[1].points.map(\.x) == [10e9, 30e9] && chart.series[1].points.map(\.y) == [91, 96])
        chart = SweepReport.planChartAcross(axis: method, figure: "lte_pop_pct", years: [2019, 2020], results: rows, text: Messages(.en))
        #expect(chart.categories == ["greedy", "exact"])
        // The district table: one row per run and district.
        #expect(html.contains("<h2>By district</h2>") && html.contains("4 rows, one per run and district (2 per-district columns of results.csv)"))
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
            let bytesA = try Data(contentsOf: freshOut.appendingPathComponent(f)), bytesB = try Data(contentsOf: swept.appendingPathComponent(f))
            // Binary outputs (e.g. an .xlsx workbook) compare byte for byte; text outputs name the scenario file.
            guard var a = String(data: bytesA, encoding: .utf8), let b = String(data: bytesB, encoding: .utf8) else {
                #expect(bytesA == bytesB, "\(f) differs from a fresh run of the variant")
                continue
            }
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

    /// The budget curve (issue 16, "how much budget do we need?"): a sweep over the 2020 budget of the
    /// 2018–2020 plan (greedy, 1 km cells; budgets 15 + 25 + B billion VND, carry-over on) reports the
    /// planned outcome of every plan year. Expected values are each run's own plan_summary.json, an
    /// output written independently of results.csv: the province figures of `years[k]` and every
    /// district's `years[k].<metric>.pct`. What must hold whatever the selection does: 2018 and 2019
    /// picks are made before the 2020 money exists (``Selector/multiYear``), so their columns are the
    /// same in every run; each year spends at most what it has; the years' spending adds up to the plan
    /// cost; the pre-plan figures do not move with the budget. Greedy with the best-single rule and
    /// overlapping coverage is not monotone in the budget in general, so no monotonicity is asserted.
    @Test func budgetSweepReportsThePlannedOutcome() async throws {
        let budgets = [10_000_000_000.0, 30_000_000_000, 60_000_000_000]
        let (dir, file) = sweepFixture("axes:\n  planner.budget_vnd.2020: [10_000_000_000, 30_000_000_000, 60_000_000_000]\n")
        try "extends: \(repoPath("data/scenarios/quang-tri-2020-plan.yaml"))\npopulation:\n  cell_size_m: 1000\nplanner:\n  method: greedy\n"
            .write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let (o, text) = try await runSweep(file, out: out, jobs: 2)
        #expect(o.failed.isEmpty && o.executed.count == 3 && o.studyLoads == 1)
        let csv = try CSVTable(text: try #require(text), file: "results.csv", required: ["run_id"])
        let rows = csv.rows.map { r in Dictionary(uniqueKeysWithValues: zip(csv.header, r.fields)) }
        let years = [2018, 2019, 2020]
        let metrics = [("lte_pop_pct", "lte"), ("fbb_households_pct", "fbb"), ("underground_pct", "underground")]
        var districtIDs: [String] = []
        let value = { (row: [String: String], column: String) -> Double? in row[column].flatMap { Double($0) } }
        for (row, budget) in zip(rows, budgets) {
            #expect(value(row, "planner.budget_vnd.2020") == budget)
            let id = try #require(row["run_id"])
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("runs/\(id)/plan_summary.json"))) as? [String: Any])
            let yearsJSON = try #require(summary["years"] as? [[String: Any]])
            #expect(yearsJSON.map { $0["year"] as? Int } == years)
            var spentTotal = 0.0
            for (k, y) in years.enumerated() {
                let j = yearsJSON[k]
                for (column, name) in metrics {
                    #expect(value(row, "plan_\(y)_\(column)") == j["province_\(name)_pct"] as? Double, "\(id) \(y) \(column)")
                }
                let spent = try #require(value(row, "plan_\(y)_spent_vnd"))
                #expect(spent == j["spent_vnd"] as? Double && spent <= (j["available_vnd"] as? Double ?? -1), "\(id) \(y) spent")
                spentTotal += spent
                #expect(row["plan_\(y)_targets_met"].flatMap { Int($0) } == j["targets_met"] as? Int, "\(id) \(y) targets met")
                #expect(row["plan_\(y)_targets"].flatMap { Int($0) } == j["targets"] as? Int, "\(id) \(y) targets")
            }
            #expect(spentTotal == value(row, "plan_cost_vnd"))
            #expect(row["plan_2020_targets_met"] == row["plan_targets_met"] && row["plan_2020_targets"] == row["plan_targets"])
            // Every district, every year and metric: the column equals the district's pct in plan_summary.json.
            let districts = try #require(summary["districts"] as? [[String: Any]])
            districtIDs = districts.compactMap { $0["id"] as? String }
            #expect(districtIDs.count == 10)
            for d in districts {
                let did = try #require(d["id"] as? String)
                let dy = try #require(d["years"] as? [[String: Any]])
                for (k, y) in years.enumerated() {
                    for (column, name) in metrics {
                        let pct = (dy[k][name] as? [String: Any])?["pct"] as? Double
                        #expect(value(row, "plan_\(y)_\(column)_\(did)") == pct, "\(id) \(y) \(column) \(did)")
                    }
                }
            }
        }
        // Column order: the plan's province columns after plan_targets, the planned district columns after lte_pop_pct_<id>.
        let header = csv.header
        let expected = ["plan_cost_vnd", "plan_targets_met", "plan_targets"]
            + years.flatMap { y in metrics.map { "plan_\(y)_\($0.0)" } + ["plan_\(y)_spent_vnd", "plan_\(y)_targets_met", "plan_\(y)_targets"] }
            + districtIDs.map { "lte_pop_pct_\($0)" }
            + years.flatMap { y in metrics.flatMap { m in districtIDs.map { "plan_\(y)_\(m.0)_\($0)" } } }
        let start = try #require(header.firstIndex(of: "plan_cost_vnd"))
        #expect(Array(header[start..<(start + expected.count)]) == expected)
        #expect(header.suffix(2) == ["message", "seconds"])
        // Decided before the 2020 money: the 2018 and 2019 columns are the same in every run; the 2017 network too.
        for c in header where c.hasPrefix("plan_2018_") || c.hasPrefix("plan_2019_") || c.hasPrefix("lte_") || c.hasPrefix("fbb_") {
            #expect(Set(rows.map { $0[c] ?? "?" }).count == 1, "\(c) varies with the 2020 budget")
        }

        // The comparison page: the budget curve of each planned figure, one line per plan year, on a money axis.
        try SweepResults.writeReport(try #require(text), sweepName: "budget", nextTo: out.appendingPathComponent("results.csv").path)
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        for label in ["<h3>Kết quả theo kế hoạch</h3>", "aria-label=\"Phủ sóng 4G theo kế hoạch (% dân số)\"",
                      "aria-label=\"Hộ trong tầm cáp quang theo kế hoạch (%)\"", "aria-label=\"Chi tiêu theo năm (đồng)\"",
                      ">năm 2018</text>", ">năm 2020</text>", ">60 tỷ</text>", "<h2>Theo huyện</h2>", "<h3>Mạng hiện trạng (trước kế hoạch) và tổng kế hoạch</h3>"] {
            #expect(html.contains(label), "\(label)")
        }
        let results = rows
        let chart = SweepReport.planChartAcross(axis: "planner.budget_vnd.2020", figure: "lte_pop_pct", years: years, results: results, text: Messages(.en))
        #expect(chart.series.map(\.name) == ["2018", "2019", "2020"] && chart.categories == nil)
        #expect(chart.series[2].points.map(\.x) == budgets)
        #expect(chart.series[2].points.map(\.y) == rows.map { Double($0["plan_2020_lte_pop_pct"]!) })
        // The runs table leaves the 100+ per-district columns to the district table (one row per run and district).
        let runsTable = try #require(html.range(of: "<h2>Tất cả các lượt chạy</h2>").map { html[$0.upperBound...] }.flatMap { t in t.range(of: "</table>").map { t[..<$0.lowerBound] } })
        #expect(!runsTable.contains("_461") && runsTable.contains("title=\"plan_2020_lte_pop_pct\""))
        #expect(html.components(separatedBy: "<tr><td class=\"l\">budget_vnd.2020=").count - 1 == 3 + 3 * 10)
        let en = SweepReport.html(results: results, columns: csv.header, parameterColumns: ["planner.budget_vnd.2020"],
                                  headlineColumns: ["lte_pop_pct", "plan_cost_vnd", "plan_targets_met"], title: "budget", language: .en)
        for label in ["<h3>Planned outcome</h3>", "aria-label=\"Planned 4G coverage (% of people)\"", ">60 bn</text>", "Planned FBB reach 2020 (% of households)"] {
            #expect(en.contains(label), "\(label)")
        }
        #expect(!en.contains("năm") && !en.contains("Kết quả"))
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
