import ArgumentParser
import Coverage
import Foundation
import Studies

struct PathlossCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pathloss",
        abstract: "Print one model's path loss, to check any published case by hand.",
        discussion: """
        Statistical models: \(PropagationModel.allNames.joined(separator: ", ")).
        Example: sim pathloss --model okumura-hata:urban-small --frequency-mhz 900 --distance-km 5 --tx-height-m 30 --rx-height-m 1.5

        Irregular Terrain Model (ITM 1.2.2, NTIA) point to point:
        --model itm --profile FILE. FILE holds NTIA's pfl array: the number of
        intervals (points − 1), the spacing in metres, then the elevations in
        metres from transmitter to receiver, separated by commas, spaces or new
        lines (a line of NTIA's tests/pfls.csv works as is). Every ITM input must
        be given:
          --climate      1…7 or equatorial, continental-subtropical,
                         maritime-subtropical, desert, continental-temperate,
                         maritime-temperate-land, maritime-temperate-sea
          --n0           refractivity at SEA LEVEL, N-units (ITM scales it to
                         the path's mean height: N_s = N_0·exp(−h/9460 m))
          --epsilon      relative permittivity of the ground
          --sigma        ground conductivity, S/m
          --polarization horizontal or vertical
          --mdvar        0…3, +10 without location, +20 without situation
                         variability
          --time-pct --location-pct --situation-pct (TLS), or
          --reliability-pct --confidence-pct (CR)
        Area mode: --model itm-area with --distance-km, --delta-h-m,
        --tx-siting and --rx-siting (random, careful, very-careful) instead of
        --profile.

        Example, NTIA tests/p2p.csv case 1 (NTIA: 207.65 dB):
          sim pathloss --model itm --profile pfl1.csv --frequency-mhz 230
            --tx-height-m 10 --rx-height-m 1 --climate 5 --n0 301 --epsilon 15
            --sigma 0.008 --polarization vertical --mdvar 12 --time-pct 50
            --location-pct 17 --situation-pct 23
        """
    )

    @Option(help: "Model name, e.g. cost231-hata:medium-city, itm or itm-area (see the list above).") var model: String
    @Option(help: "Frequency in MHz.") var frequencyMhz: Double
    @Option(help: "Ground distance in km (statistical models and itm-area).") var distanceKm: Double?
    @Option(help: "Base-station (transmitter) antenna height above ground, m.") var txHeightM: Double
    @Option(help: "Mobile (receiver) antenna height above ground, m.") var rxHeightM: Double = 1.5
    @Option(help: "Environment suffix appended to the model when it has none (urban-small, suburban, open, …).") var environment: String?
    @Option(help: "ITM: terrain profile file in NTIA's pfl layout (np, spacing m, elevations m).") var profile: String?
    @Option(help: "ITM: radio climate, 1…7 or equatorial, continental-subtropical, maritime-subtropical, desert, continental-temperate, maritime-temperate-land, maritime-temperate-sea.") var climate: String?
    @Option(help: "ITM: surface refractivity at sea level N_0, N-units (250…400).") var n0: Double?
    @Option(help: "ITM: relative permittivity of the ground ε_r.") var epsilon: Double?
    @Option(help: "ITM: ground conductivity σ, S/m.") var sigma: Double?
    @Option(help: "ITM: polarization, horizontal or vertical (or 0 / 1).") var polarization: String?
    @Option(help: "ITM: mode of variability, NTIA's code (e.g. 12 = mobile without location variability).") var mdvar: Int?
    @Option(help: "ITM (TLS): time percentage, 0 < t < 100.") var timePct: Double?
    @Option(help: "ITM (TLS): location percentage, 0 < l < 100.") var locationPct: Double?
    @Option(help: "ITM (TLS): situation percentage, 0 < s < 100.") var situationPct: Double?
    @Option(help: "ITM (CR): reliability percentage (time), 0 < r < 100.") var reliabilityPct: Double?
    @Option(help: "ITM (CR): confidence percentage (situation), 0 < c < 100.") var confidencePct: Double?
    @Option(name: .customLong("delta-h-m"), help: "ITM area mode: terrain irregularity Δh, m.") var deltaHM: Double?
    @Option(help: "ITM area mode: transmitter siting, random|careful|very-careful.") var txSiting: String?
    @Option(help: "ITM area mode: receiver siting, random|careful|very-careful.") var rxSiting: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let (text, warnings) = try output()
            if !json { warn(warnings) }
            print(text)
        }
    }

    /// The line (or JSON) the command prints and the warnings it gives.
    func output() throws -> (text: String, warnings: [String]) {
        let key = model.trimmingCharacters(in: .whitespaces).lowercased()
        if key == "itm" || key == "itm-area" { return try itmOutput(area: key == "itm-area") }
        guard let distanceKm else { throw SimError.input("pathloss: --distance-km is required for \(model)") }
        let name = (environment != nil && !model.contains(":")) ? "\(model):\(environment!)" : model
        let m = try PropagationModel(parsing: name)
        let (loss, warnings) = try m.checkedPathLossDB(distanceMeters: distanceKm * 1000, frequencyMHz: frequencyMhz,
                                                       txHeightMeters: txHeightM, rxHeightMeters: rxHeightM)
        if json {
            let v: JSONValue = .object([("model", .string(m.description)), ("frequency_mhz", .number(frequencyMhz)), ("distance_km", .number(distanceKm)),
                                        ("tx_height_m", .number(txHeightM)), ("rx_height_m", .number(rxHeightM)),
                                        ("path_loss_db", .rounded(loss, 4)), ("warnings", .array(warnings.map { .string($0) }))])
            return (v.serialized(), warnings)
        }
        return (String(format: "%.2f dB", loss), warnings)
    }

    func itmOutput(area: Bool) throws -> (text: String, warnings: [String]) {
        var missing: [String] = []
        func need<T>(_ v: T?, _ flag: String) -> T? { if v == nil { missing.append(flag) }; return v }
        let climateText = need(climate, "--climate"), n0 = need(self.n0, "--n0"), epsilon = need(self.epsilon, "--epsilon")
        let sigma = need(self.sigma, "--sigma"), polText = need(polarization, "--polarization"), mdvarCode = need(mdvar, "--mdvar")
        let cr = reliabilityPct != nil || confidencePct != nil
        if cr { _ = need(reliabilityPct, "--reliability-pct"); _ = need(confidencePct, "--confidence-pct") } else {
            _ = need(timePct, "--time-pct"); _ = need(locationPct, "--location-pct"); _ = need(situationPct, "--situation-pct")
        }
        if area {
            _ = need(distanceKm, "--distance-km"); _ = need(deltaHM, "--delta-h-m"); _ = need(txSiting, "--tx-siting"); _ = need(rxSiting, "--rx-siting")
        } else {
            _ = need(profile, "--profile")
        }
        guard missing.isEmpty else {
            throw SimError.input("pathloss --model \(area ? "itm-area" : "itm"): missing \(missing.joined(separator: ", ")); ITM takes every input explicitly (see sim pathloss --help)")
        }
        let climate = try Self.climate(climateText!)
        let pol: ITM.Polarization
        switch polText!.lowercased() {
        case "horizontal", "0": pol = .horizontal
        case "vertical", "1": pol = .vertical
        default: throw SimError.input("pathloss: --polarization '\(polText!)' must be horizontal or vertical (0 or 1)")
        }
        let mode = try ITM.ModeOfVariability(mdvar: mdvarCode!)
        var fields: [(String, JSONValue)] = [("model", .string(area ? "itm-area" : "itm")), ("frequency_mhz", .number(frequencyMhz)),
                                             ("tx_height_m", .number(txHeightM)), ("rx_height_m", .number(rxHeightM)),
                                             ("climate", .string(TerrainScenario.climateNames[climate.rawValue - 1])),
                                             ("n0_sea_level_n_units", .number(n0!)), ("epsilon", .number(epsilon!)), ("sigma_s_per_m", .number(sigma!)),
                                             ("polarization", .string(pol == .vertical ? "vertical" : "horizontal")), ("mdvar", .number(Double(mdvarCode!)))]
        let result: ITM.Result
        if area {
            let tx = try Self.siting(txSiting!, "--tx-siting"), rx = try Self.siting(rxSiting!, "--rx-siting")
            fields += [("distance_km", .number(distanceKm!)), ("delta_h_m", .number(deltaHM!))]
            if cr {
                result = try ITM.areaLossCR(hTxMeters: txHeightM, hRxMeters: rxHeightM, txSiting: tx, rxSiting: rx, distanceKm: distanceKm!,
                                            deltaHMeters: deltaHM!, climate: climate, surfaceRefractivityNUnits: n0!, frequencyMHz: frequencyMhz,
                                            polarization: pol, epsilon: epsilon!, sigma: sigma!, mdvar: mode,
                                            confidence: confidencePct!, reliability: reliabilityPct!)
            } else {
                result = try ITM.areaLossTLS(hTxMeters: txHeightM, hRxMeters: rxHeightM, txSiting: tx, rxSiting: rx, distanceKm: distanceKm!,
                                             deltaHMeters: deltaHM!, climate: climate, surfaceRefractivityNUnits: n0!, frequencyMHz: frequencyMhz,
                                             polarization: pol, epsilon: epsilon!, sigma: sigma!, mdvar: mode,
                                             timePercent: timePct!, locationPercent: locationPct!, situationPercent: situationPct!)
            }
        } else {
            let terrain = try Inputs.terrainProfile(profile!)
            fields += [("profile", .string(profile!)), ("profile_intervals", .number(Double(terrain.intervalCount))),
                       ("profile_spacing_m", .number(terrain.spacingMeters))]
            if cr {
                result = try ITM.pointToPointLossCR(hTxMeters: txHeightM, hRxMeters: rxHeightM, profile: terrain, climate: climate,
                                                    surfaceRefractivityNUnits: n0!, frequencyMHz: frequencyMhz, polarization: pol,
                                                    epsilon: epsilon!, sigma: sigma!, mdvar: mode,
                                                    confidence: confidencePct!, reliability: reliabilityPct!)
            } else {
                result = try ITM.pointToPointLossTLS(hTxMeters: txHeightM, hRxMeters: rxHeightM, profile: terrain, climate: climate,
                                                     surfaceRefractivityNUnits: n0!, frequencyMHz: frequencyMhz, polarization: pol,
                                                     epsilon: epsilon!, sigma: sigma!, mdvar: mode, timePercent: timePct!,
                                                     locationPercent: locationPct!, situationPercent: situationPct!)
            }
        }
        let warnings = result.warnings.map { "ITM: \($0)" }
        if json {
            fields += cr ? [("reliability_pct", .number(reliabilityPct!)), ("confidence_pct", .number(confidencePct!))]
                         : [("time_pct", .number(timePct!)), ("location_pct", .number(locationPct!)), ("situation_pct", .number(situationPct!))]
            let modeName = ["line-of-sight", "diffraction", "troposcatter"][result.mode.rawValue - 1]
            fields += [("path_loss_db", .rounded(result.lossDB, 4)), ("free_space_loss_db", .rounded(result.freeSpaceLossDB, 4)),
                       ("reference_attenuation_db", .rounded(result.referenceAttenuationDB, 4)), ("mode", .string(modeName)),
                       ("distance_m", .rounded(result.distanceMeters, 3)), ("delta_h_m", .rounded(result.deltaHMeters, 4)),
                       ("surface_refractivity_n_units", .rounded(result.surfaceRefractivityNUnits, 4)),
                       ("effective_heights_m", .array(result.effectiveHeightsMeters.map { .rounded($0, 4) })),
                       ("horizon_distances_m", .array(result.horizonDistancesMeters.map { .rounded($0, 3) })),
                       ("horizon_angles_rad", .array(result.horizonAnglesRadians.map { .rounded($0, 6) })),
                       ("warnings", .array(warnings.map { .string($0) }))]
            return (JSONValue.object(fields).serialized(), warnings)
        }
        return (String(format: "%.2f dB", result.lossDB), warnings)
    }

    static func climate(_ text: String) throws -> ITM.Climate {
        if let n = Int(text), let c = ITM.Climate(rawValue: n) { return c }
        if let i = TerrainScenario.climateNames.firstIndex(of: text.lowercased()), let c = ITM.Climate(rawValue: i + 1) { return c }
        throw SimError.input("pathloss: --climate '\(text)' must be 1…7 or one of \(TerrainScenario.climateNames.joined(separator: ", "))")
    }

    static func siting(_ text: String, _ flag: String) throws -> ITM.SitingCriteria {
        switch text.lowercased() {
        case "random", "0": return .random
        case "careful", "1": return .careful
        case "very-careful", "2": return .veryCareful
        default: throw SimError.input("pathloss: \(flag) '\(text)' must be random, careful or very-careful (0, 1, 2)")
        }
    }
}
