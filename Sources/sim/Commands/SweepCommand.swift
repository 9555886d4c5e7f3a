import ArgumentParser
import Coverage
import Foundation
import Studies

struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a batch of what-if variants of a scenario (a sweep file: base scenario + axes of values) and tabulate them.",
        discussion: """
        Writes one folder per run (DIR/runs/<run id>/: the `sim run` files and run.json) and DIR/results.csv
        (one row per run: id, parameter values, status, headline figures, message, seconds). A failing run is
        recorded and the others go on; exit status 3 when some runs failed. --resume skips complete runs;
        --shard I/N does runs with index mod N = I (0-based) for clusters; --emit-slurm writes DIR/sweep.sbatch.

        Example: sim sweep data/scenarios/quang-tri-thresholds-sweep.yaml --out sweep-out
        """
    )

    @Argument(help: "Sweep YAML file.") var sweepFile: String
    @Option(name: .long, help: "Output folder of the sweep.") var out: String = "sweep-out"
    @Option(name: .long, help: "Runs in parallel (default: all cores). Results do not depend on it.") var jobs: Int?
    @Flag(name: .long, help: "Continue a sweep in --out: skip runs whose folder is complete, redo failed and missing ones.") var resume = false
    @Option(name: .long, help: "Do only shard I of N (0-based): the runs whose index mod N is I. Merge with sim sweep-merge.") var shard: String?
    @Flag(name: .long, help: "Write a Slurm array script DIR/sweep.sbatch (one task per shard) instead of running.") var emitSlurm = false
    @Option(name: .long, help: "Array tasks (shards) of --emit-slurm (default: the number of runs, at most 16).") var slurmTasks: Int?
    @Flag(name: .long, help: "List the runs (index, id, parameters) and exit.") var list = false
    @Option(name: .long, help: ArgumentHelp("Language of the report.html pages (each run's and the comparison): vi (Vietnamese, default) or en (English).",
                                            valueName: "vi|en")) var lang = "vi"

    func run() async throws {
        try await reportingErrors {
            let language = try ReportLanguage(option: lang)
            try await ReportLanguage.$current.withValue(language) { try await runSweep() }
        }
    }

    /// The sweep itself, with the reports' language bound (``ReportLanguage/current``).
    func runSweep() async throws {
        let sweep = try SweepFile.load(path: sweepFile)
        let shard = try shard.map { try SweepRunner.Shard(parsing: $0) }
        if let j = jobs, j < 1 { throw SimError.input("--jobs \(j): give at least 1") }
        if list {
            for r in sweep.runs {
                print("\(r.index)\t\(r.id)\t" + sweep.parameters(r).map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
            return
        }
        let folder = SweepFolder(out)
        if emitSlurm {
            if shard != nil { throw SimError.input("--emit-slurm writes a script for all shards; leave out --shard") }
            let tasks = slurmTasks ?? min(sweep.runs.count, 16)
            guard (1...sweep.runs.count).contains(tasks) else {
                throw SimError.input("--slurm-tasks \(tasks): give 1…\(sweep.runs.count) (the sweep has \(sweep.runs.count) runs)")
            }
            let script = folder.root.appendingPathComponent(SlurmScript.fileName)
            _ = try SlurmScript.sbatchValue("", literalPrefix: folder.root.path)   // refused before the folder is made
            try folder.prepare(for: sweep, resume: true)
            let text = try SlurmScript.text(sim: SlurmScript.executablePath(), sweepFile: URL(fileURLWithPath: sweepFile).standardizedFileURL.path,
                                        out: folder.root.path, tasks: tasks, cpus: jobs ?? 1, runs: sweep.runs.count,
                                        name: URL(fileURLWithPath: sweepFile).lastPathComponent, lang: lang)
            do { try text.data(using: .utf8)!.write(to: script, options: .atomic) }
            catch { throw SimError.output("\(script.path): cannot write (\(error.localizedDescription))") }
            chmod(script.path, 0o755)
            print("wrote \(script.path): \(sweep.runs.count) runs in \(tasks) array tasks")
            print("submit:  sbatch \(SlurmScript.quote(script.path))     (sim, the sweep file and \(folder.root.path) must be on a filesystem every node sees)")
            print("then:    sim sweep-merge \(SlurmScript.quote(folder.root.path)) --lang \(lang)")
            return
        }
        let runner = SweepRunner(sweep: sweep, folder: folder, jobs: workerCount(jobs), resume: resume, shard: shard, progress: terminalSweepProgress())
        let outcome = try await runner.run()
        for f in outcome.failed.prefix(5) { warn(["run \(f.id) failed: \(f.message)"]) }
        if outcome.failed.count > 5 { warn(["… and \(outcome.failed.count - 5) more failed runs (see results.csv)"]) }
        let what = "\(outcome.executed.count) runs done (\(outcome.failed.count) failed), \(outcome.skipped) complete runs skipped, inputs loaded \(outcome.studyLoads)×"
        if let shard {
            print("shard \(shard.index)/\(shard.count) of \(sweep.runs.count) runs: \(what); merge the shards with: sim sweep-merge \(folder.root.path)")
        } else {
            let (csv, records) = try SweepResults.collect([folder])
            let results = folder.root.appendingPathComponent(SweepFolder.resultsName).path
            try SweepResults.write(csv, to: results)
            try SweepResults.writeReport(csv, sweepName: URL(fileURLWithPath: sweepFile).lastPathComponent, nextTo: results)
            let failed = records.filter { !$0.ok }.count
            print("\(URL(fileURLWithPath: sweepFile).lastPathComponent): \(sweep.runs.count) runs, \(what); \(records.count - failed) ok, \(failed) failed in \(results)")
        }
        if !outcome.failed.isEmpty { throw ExitCode(3) }
    }
}
