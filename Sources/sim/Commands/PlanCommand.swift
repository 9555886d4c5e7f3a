// PLACEHOLDER (lead): replaced by the planner helper's implementation.
import ArgumentParser
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Investment planner (being written).")
}
