import ArgumentParser
import Coverage
import Foundation
import Studies

struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Assemble the shard folders of `sim run --shard I/N` into the outputs `sim run` writes (the same bytes).",
        discussion: """
        Every shard 0…N−1 exactly once, all computed from the same scenario and input files (checked). The merge
        computes what follows the footprints — district statistics, fixed-broadband reach, the plan, rasters, the
        report — and writes every output file into --out, atomically.

        Example: sim run data/scenarios/quang-tri-2017.yaml --shard 0/2 --out s0 && sim run data/scenarios/quang-tri-2017.yaml --shard 1/2 --out s1
                 sim merge data/scenarios/quang-tri-2017.yaml s0 s1 --out out
        """
    )

    @Argument(help: "Scenario YAML file (the one the shards ran).") var scenario: String
    @Argument(help: "Shard folders written by sim run --shard.") var shards: [String]
    @Option(name: .long, help: "Output folder (replaced atomically when the merge succeeds).") var out: String = "out"
    @Option(name: .long, help: "Worker threads (default: all cores). Output does not depend on it.") var jobs: Int?
    @Flag(name: .long, help: "Skip the planner even when the scenario enables it.") var noPlan = false
    @OptionGroup var outputFormat: OutputFormatOption
    @OptionGroup var inputCRS: InputCRSOption
    @Option(name: .long, help: ArgumentHelp("Language of report.html: vi (Vietnamese, default) or en (English).", valueName: "vi|en")) var lang = "vi"

    func run() async throws {
        try await reportingErrors {
            let language = try ReportLanguage(option: lang)
            let formats = try outputFormat.formats
            let crs = try inputCRS.epsg
            let result = try await ReportLanguage.$current.withValue(language) {
                try await RunShards.merge(path: scenario, shards: shards, out: out, planning: !noPlan, workers: workerCount(jobs), formats: formats,
                                          fallbackCRSEPSG: crs, progress: terminalProgress())
            }
            RunCommand.printResult(result, out: out)
        }
    }
}
