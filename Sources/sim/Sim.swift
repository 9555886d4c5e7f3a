import ArgumentParser
import Coverage
import Foundation
import Studies

@main
struct Sim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Network infrastructure planning simulator: 4G coverage, fixed-broadband reach and investment planning per district.",
        discussion: "Example: sim run data/scenarios/quang-tri-2017.yaml --out out",
        subcommands: commands
    )

    /// Every subcommand; `sim serve` in every build but the sanitizer build (Package.swift, SIM_WITHOUT_SERVE).
    static var commands: [any ParsableCommand.Type] {
        var list: [any ParsableCommand.Type] = [RunCommand.self, PlanCommand.self, GenerateCommand.self, ValidateCommand.self, PathlossCommand.self,
                                                SweepCommand.self, SweepMergeCommand.self, CalibrateCommand.self, MergeCommand.self]
        #if SIM_SERVE
        list.append(ServeCommand.self)
        #endif
        return list
    }
}

/// Runs a command body, turning every error into one line on stderr and exit status 1.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let e as ExitCode { throw e } catch {
        let text: String
        switch error {
        case let e as SimError: text = e.description
        case let e as CoverageError: text = e.description
        default: text = "\(error)"
        }
        FileHandle.standardError.write("sim: error: \(text)\n".data(using: .utf8)!)
        throw ExitCode(1)
    }
}

func warn(_ lines: [String]) {
    for l in lines { FileHandle.standardError.write("sim: warning: \(l)\n".data(using: .utf8)!) }
}

/// The repository's data folder: next to the current directory, or found from the executable's path.
func defaultScenarioPath() -> String {
    let candidates = ["data/scenarios/quang-tri-2020-plan.yaml"]
        + [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()]
            .flatMap { u in (1...4).map { n in (0..<n).reduce(u) { a, _ in a.deletingLastPathComponent() }.appendingPathComponent("data/scenarios/quang-tri-2020-plan.yaml").path } }
    return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
}

/// Progress for a command: timed step lines on stderr when stderr is a terminal, none otherwise.
func terminalProgress() -> Studies.Progress {
    isatty(2) != 0 ? Studies.Progress(sink: { FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!) }) : Studies.Progress()
}

/// A sweep's progress line, rewritten in place on a terminal (and ended with a line break after the last run).
func terminalSweepProgress() -> (@Sendable (String, Bool) -> Void)? {
    guard isatty(2) != 0 else { return nil }
    return { line, final in FileHandle.standardError.write("\r\u{1B}[K\(line)\(final ? "\n" : "")".data(using: .utf8)!) }
}
