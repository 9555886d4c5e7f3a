// libFuzzer entry point for every harness in Fuzz/Harness. One binary serves them all; the
// harness is picked by the environment variable FUZZ_TARGET (scripts/fuzz.sh sets it), so the
// sanitizer build is linked once. Each harness feeds the bytes to one reader of user files and
// accepts any thrown error: the property checked is "no crash, no hang, no leak, no sanitizer
// report" — the reader may reject the input, but only by throwing.
import Foundation

/// The harnesses by name (the names are the folders under Fuzz/corpus).
let harnesses: [String: (Data) -> Void] = [
    "geojson": FuzzGeoJSON.run,
    "csv-sites": FuzzCSV.sites,
    "csv-cells": FuzzCSV.cells,
    "csv-population": FuzzCSV.population,
    "csv-plan": FuzzCSV.plan,
    "csv-table": FuzzCSVTable.run,
    "yaml-scenario": FuzzYAML.scenario,
    "terrain": FuzzTerrain.run,
    "geos-wkb": FuzzGEOS.wkb,
    "geos-geojson": FuzzGEOS.geojson,
    "yaml-sweep": FuzzSweep.run,
    "itm-profile": FuzzITMProfile.run,
]

nonisolated(unsafe) var selected: ((Data) -> Void)?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if selected == nil {
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
        guard let h = harnesses[name] else {
            FileHandle.standardError.write("FUZZ_TARGET must be one of \(harnesses.keys.sorted().joined(separator: ", ")); got '\(name)'\n".data(using: .utf8)!)
            exit(2)
        }
        selected = h
    }
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    selected!(data)
    return 0
}
