import ArgumentParser

@main
struct Sim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Network infrastructure planning simulator (4G coverage, fixed broadband, investment planning).",
        subcommands: []
    )
}
