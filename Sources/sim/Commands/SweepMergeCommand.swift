import ArgumentParser
import Foundation
import Studies

struct SweepMergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep-merge",
        abstract: "Merge the output folders of a sweep's shards into one results.csv (identical to a single-machine sweep's).",
        discussion: """
        Each folder must hold the same sweep (same fingerprint in sweep.json); every run must have a result in
        one of them. With Slurm all shards write into one folder: sim sweep-merge DIR.

        Example: sim sweep-merge sweep-out
        """
    )

    @Argument(help: "Output folders of the shards (--out of sim sweep).") var folders: [String]
    @Option(name: .long, help: "results.csv to write (default: results.csv in the first folder).") var out: String?
    @Option(name: .long, help: ArgumentHelp("Language of the comparison page: vi (Vietnamese, default) or en (English).", valueName: "vi|en")) var lang = "vi"

    func run() async throws {
        try await reportingErrors {
            let language = try ReportLanguage(option: lang)
            try ReportLanguage.$current.withValue(language) { try merge() }
        }
    }

    /// Collects the shards' results and writes results.csv and the comparison page, in the bound language.
    func merge() throws {
        let dirs = folders.map(SweepFolder.init)
        guard let first = dirs.first else { throw SimError.input("give at least one sweep output folder") }
        let (csv, records) = try SweepResults.collect(dirs)
        let path = out ?? first.root.appendingPathComponent(SweepFolder.resultsName).path
        try SweepResults.write(csv, to: path)
        try SweepResults.writeReport(csv, sweepName: "sweep \(first.root.lastPathComponent)", nextTo: path)
        let failed = records.filter { !$0.ok }.count
        print("merged \(records.count) runs (\(records.count - failed) ok, \(failed) failed) from \(dirs.count) folder\(dirs.count == 1 ? "" : "s") into \(path)")
    }
}
