import Coverage
import Foundation

/// Antenna patterns named in a cell list: a `.msi` file path (relative to the cell list), or a name in
/// the `inputs.antennas` folder — the file's stem or the pattern's `NAME`, compared without case
/// (e.g. `3gpp-tr36814-h65-v10-t06` for data/antennas/3gpp-tr36814-h65-v10-t06.msi). Each file is read once.
package final class AntennaLibrary {
    let folder: String?
    let cellsFile: String
    private var byKey: [String: AntennaPattern]? = nil
    private var cache: [String: AntennaPattern] = [:]

    package init(folder: String?, cellsFile: String) {
        self.folder = folder
        self.cellsFile = cellsFile
    }

    /// The pattern a cell names; `place` is the cell's row, for messages.
    package func pattern(_ name: String, place: String) throws -> AntennaPattern {
        if let p = cache[name] { return p }
        let base = URL(fileURLWithPath: cellsFile).deletingLastPathComponent()
        let asPath = name.hasPrefix("/") ? name : base.appendingPathComponent(name).path
        let p: AntennaPattern
        if name.lowercased().hasSuffix(".msi") || name.lowercased().hasSuffix(".pln") || name.lowercased().hasSuffix(".txt"),
           FileManager.default.fileExists(atPath: asPath) {
            p = try read(asPath)
        } else {
            let index = try libraryIndex(place: place, name: name)
            guard let found = index[name.lowercased()] else {
                let names = index.keys.sorted()
                throw SimError.input("\(place): antenna '\(name)' is neither a pattern file next to \(URL(fileURLWithPath: cellsFile).lastPathComponent) nor a pattern in \(folder!) (\(names.prefix(8).joined(separator: ", "))\(names.count > 8 ? " …" : "")); add its .msi file there or correct the name")
            }
            p = found
        }
        cache[name] = p
        return p
    }

    private func read(_ path: String) throws -> AntennaPattern {
        do { return try AntennaPattern.readMSI(path: path) } catch let e as CoverageError { throw SimError.input(e.description) }
    }

    private func libraryIndex(place: String, name: String) throws -> [String: AntennaPattern] {
        if let byKey { return byKey }
        guard let folder else {
            throw SimError.input("\(place): antenna '\(name)' is not a pattern file next to the cell list; set inputs.antennas to a folder of .msi files (e.g. the project's data/antennas) or give the file")
        }
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.lowercased().hasSuffix(".msi") }.sorted() } catch {
            throw SimError.input("inputs.antennas: \(folder) is not a readable folder of .msi files")
        }
        var index: [String: AntennaPattern] = [:]
        for f in files {
            let p = try read(URL(fileURLWithPath: folder).appendingPathComponent(f).path)
            index[String(f.dropLast(4)).lowercased()] = p
            index[p.name.lowercased()] = index[p.name.lowercased()] ?? p
        }
        byKey = index
        return index
    }
}

extension Inputs {
    /// Statuses of a cell that is not on air: such cells are left out of coverage.
    static let notOnAir: Set<String> = ["planned", "proposed", "candidate", "planning", "design", "dismantled", "off", "inactive"]

    /// Sites from a cell list: rows grouped by site id in file order; a site with 4G or 5G NR cells is a site of
    /// those cells (its 3G cells are not modelled) — a 4G site when it has a 4G cell, else a 5G site — otherwise a
    /// 3G site. A 5G NR cell on a 4G site keeps its technology (``Cell/technology``). Power from EIRP is
    /// EIRP − peak antenna gain + `radio.cable_loss_db`. Cells not on air (``notOnAir`` statuses) are skipped.
    package static func cellSites(_ cells: [RawCell], file: String, antennas: AntennaLibrary,
                                  settings s: RadioSettings) throws -> (sites: [RawSite], warnings: [String]) {
        var order: [String] = []
        var groups: [String: [RawCell]] = [:]
        var skipped = 0
        for c in cells {
            if let st = c.status?.lowercased(), notOnAir.contains(st) { skipped += 1; continue }
            if groups[c.siteID] == nil { order.append(c.siteID) }
            groups[c.siteID, default: []].append(c)
        }
        var warnings: [String] = []
        if skipped > 0 { warnings.append("\(file): \(skipped) cell(s) with a status that is not on air (planned, proposed …) left out of coverage") }
        var mixed = 0
        var sites: [RawSite] = []
        for id in order {
            let all = groups[id]!
            let broadband = all.filter { $0.technology != .umts }
            if !broadband.isEmpty && broadband.count < all.count { mixed += 1 }
            let chosen = broadband.isEmpty ? all : broadband
            let siteTechnology: Technology = chosen.contains { $0.technology == .lte } ? .lte : chosen[0].technology
            let radio = try chosen.map { c -> Cell in
                let pattern = try c.antenna.map { try antennas.pattern($0, place: c.place) }
                let peak = pattern?.gainDBi ?? s.antennaGainDBi
                let power = c.powerDBm ?? (c.eirpDBm! - peak + s.cableLossDB)
                guard (0...70).contains(power) else {
                    throw SimError.input("\(c.place): cell \(c.cellID): EIRP \(JSONValue.format(c.eirpDBm ?? power)) dBm means \(JSONValue.format(power)) dBm at the antenna port (EIRP − \(JSONValue.format(peak)) dBi + \(JSONValue.format(s.cableLossDB)) dB cable), outside 0…70 dBm; check the EIRP or the antenna")
                }
                return Cell(id: c.cellID, azimuthDegrees: c.azimuthDegrees, heightMeters: c.heightMeters, bandMHz: c.bandMHz, powerDBm: power,
                            mechanicalTiltDegrees: c.mechanicalTiltDegrees, electricalTiltDegrees: c.electricalTiltDegrees,
                            antenna: pattern, bandwidthMHz: c.bandwidthMHz, pci: c.pci,
                            technology: c.technology == siteTechnology ? nil : c.technology, subcarrierSpacingKHz: c.subcarrierSpacingKHz)
            }
            let first = chosen[0]
            var site = RawSite(id: id, lon: first.lon, lat: first.lat, heightMeters: radio[0].heightMeters, technology: siteTechnology,
                               bandMHz: radio[0].bandMHz, powerDBm: radio[0].powerDBm, azimuths: radio.compactMap(\.azimuthDegrees),
                               year: chosen.compactMap(\.year).min(), place: first.place)
            site.cells = radio
            sites.append(site)
        }
        if mixed > 0 {
            let newer = cells.contains { $0.technology == .nr } ? "4G/5G" : "4G"
            warnings.append("\(file): \(mixed) site(s) carry both 3G and \(newer) cells; their \(newer) cells are modelled, their 3G cells are not")
        }
        return (sites, warnings)
    }
}
