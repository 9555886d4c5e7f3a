import ArgumentParser
import Coverage
import Foundation

struct PathlossCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pathloss",
        abstract: "Print one model's median path loss, to check any published case by hand.",
        discussion: """
        Models: \(PropagationModel.allNames.joined(separator: ", ")).
        Example: sim pathloss --model okumura-hata:urban-small --frequency-mhz 900 --distance-km 5 --tx-height-m 30 --rx-height-m 1.5
        """
    )

    @Option(help: "Model name, e.g. cost231-hata:medium-city (see the list above).") var model: String
    @Option(help: "Frequency in MHz.") var frequencyMhz: Double
    @Option(help: "Ground distance in km.") var distanceKm: Double
    @Option(help: "Base-station antenna height above ground, m.") var txHeightM: Double
    @Option(help: "Mobile antenna height above ground, m.") var rxHeightM: Double = 1.5
    @Option(help: "Environment suffix appended to the model when it has none (urban-small, suburban, open, …).") var environment: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let name = (environment != nil && !model.contains(":")) ? "\(model):\(environment!)" : model
            let m = try PropagationModel(parsing: name)
            let (loss, warnings) = try m.checkedPathLossDB(distanceMeters: distanceKm * 1000, frequencyMHz: frequencyMhz,
                                                           txHeightMeters: txHeightM, rxHeightMeters: rxHeightM)
            if json {
                let v: JSONValue = .object([("model", .string(m.description)), ("frequency_mhz", .number(frequencyMhz)), ("distance_km", .number(distanceKm)),
                                            ("tx_height_m", .number(txHeightM)), ("rx_height_m", .number(rxHeightM)),
                                            ("path_loss_db", .rounded(loss, 4)), ("warnings", .array(warnings.map { .string($0) }))])
                print(v.serialized())
            } else {
                warn(warnings)
                print(String(format: "%.2f dB", loss))
            }
        }
    }
}
