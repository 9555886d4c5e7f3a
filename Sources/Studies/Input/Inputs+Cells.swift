import Coverage
import Foundation

/// One cell (transmitter) as read from a cells file: WGS 84 position, radio parameters in the units named.
package struct RawCell: Sendable, Equatable {
    package var place: String          // "FILE:LINE" for CSV, "FILE (layer): feature N" for GIS layers — used in messages
    package var siteID: String
    package var cellID: String
    package var lon: Double
    package var lat: Double
    package var heightMeters: Double
    package var azimuthDegrees: Double?        // nil = omni
    package var mechanicalTiltDegrees: Double  // positive down; 0 when the column is absent/empty
    package var electricalTiltDegrees: Double  // positive down; 0 when absent/empty
    package var antenna: String?               // antenna name/file as written (resolved later, not by you)
    package var powerDBm: Double?              // total cell power at the antenna port
    package var eirpDBm: Double?               // EIRP (dBm); exactly one of powerDBm / eirpDBm is set
    package var bandMHz: Double                // downlink carrier, from a frequency column or a channel number
    package var earfcn: Int?                   // the channel number when one was given
    package var bandwidthMHz: Double?
    package var technology: Technology         // Coverage.Technology: .umts (3G), .lte (4G) or .nr (5G NR)
    package var year: Int?
    package var status: String?
    package var pci: Int? = nil                // physical cell id (LTE 0…503, TS 36.211 §6.11; NR 0…1007, TS 38.211 §7.4.2.1)
    package var subcarrierSpacingKHz: Double? = nil  // NR cells: 15, 30 or 60 (given, or the band's default); nil for LTE/UMTS
    package var nrBand: Int? = nil             // NR cells: the operating band n (TS 38.104 Table 5.2-1)
}

/// Cell lists (one row per cell / transmitter) as planners export them from Atoll or from vendor
/// configuration tools: a CSV, or any GIS point layer (GeoJSON, GeoPackage, Shapefile, … through
/// ``Inputs/layer(_:_:)``; the point gives lon/lat).
///
/// Headers are matched loosely (``cellHeaderKey(_:)``) against ``cellColumnAliases``; columns that
/// match nothing are returned, not refused, so an export with forty columns reads as it is.
extension Inputs {
    /// The documented column-alias table: canonical name → accepted header spellings.
    ///
    /// A header matches an alias when both are equal after ``cellHeaderKey(_:)`` (lowercase; a
    /// trailing unit in parentheses or brackets dropped; spaces, '_', '-' and '.' removed), so
    /// "Antenna Height (m)", "antenna_height" and "ANTENNA-HEIGHT" are one column. Every canonical
    /// name is also its own first alias. Required: `site_id`, `cell_id`, `lon` and `lat` (CSV; a GIS
    /// layer's Point gives them), `height_m`, `technology`, `band_mhz` or `channel`, `power_dbm` or
    /// `eirp_dbm`. The rest are optional.
    package static let cellColumnAliases: [(canonical: String, aliases: [String])] = [
        ("site_id", ["site_id", "site", "siteid", "site_name", "sitename", "site name", "enodeb", "enodeb_id", "enodeb_name",
                     "nodeb", "nodeb_id", "nodeb_name", "gnodeb", "gnodeb_id", "gnodeb_name", "bts", "bts_name"]),
        ("cell_id", ["cell_id", "cell", "cellid", "cell_name", "cellname", "cell name", "transmitter", "transmitter_name",
                     "tx", "tx_id", "sector_id", "sector", "sector_name"]),
        ("lon", ["lon", "longitude", "long", "lng", "x"]),
        ("lat", ["lat", "latitude", "y"]),
        ("height_m", ["height_m", "height", "antenna_height", "antennaheight", "ant_height", "height_agl", "agl", "hba"]),
        ("azimuth_deg", ["azimuth_deg", "azimuth", "azi", "az", "bearing", "orientation"]),
        ("mechanical_tilt_deg", ["mechanical_tilt_deg", "mechanical_tilt", "mech_tilt", "mtilt", "m_tilt", "mechanical_downtilt", "mdt"]),
        ("electrical_tilt_deg", ["electrical_tilt_deg", "electrical_tilt", "elec_tilt", "etilt", "e_tilt", "electrical_downtilt",
                                 "additional_electrical_downtilt", "edt", "ret", "ret_tilt"]),
        ("antenna", ["antenna", "antenna_model", "antenna_name", "antenna_type", "ant_model", "pattern"]),
        ("power_dbm", ["power_dbm", "power", "tx_power", "txpower", "max_power", "max_power_dbm", "pmax", "output_power"]),
        ("eirp_dbm", ["eirp_dbm", "eirp"]),
        ("band_mhz", ["band_mhz", "frequency_mhz", "frequency", "freq", "dl_frequency", "dl_freq", "carrier_mhz", "carrier_frequency"]),
        ("channel", ["channel", "earfcn", "dl_earfcn", "uarfcn", "dl_uarfcn", "arfcn"]),
        ("nr_arfcn", ["nr_arfcn", "nrarfcn", "NR-ARFCN", "dl_nr_arfcn", "dl_nrarfcn", "nr_arfcn_dl", "ssb_arfcn", "ssbarfcn",
                      "absolute_frequency_ssb", "absolutefrequencyssb", "ssb_nrarfcn", "ssb_nr_arfcn"]),
        ("scs_khz", ["scs_khz", "scs", "subcarrier_spacing", "subcarrier_spacing_khz", "subcarrierspacing", "carrier_scs", "numerology_scs"]),
        ("bandwidth_mhz", ["bandwidth_mhz", "bandwidth", "bw", "channel_bandwidth"]),
        ("technology", ["technology", "tech", "rat", "system", "radio_access"]),
        ("year", ["year", "on_air_year", "onair_year", "year_built"]),
        ("status", ["status", "state"]),
        ("pci", ["pci", "phycellid", "phy_cell_id", "physical_cell_id", "physical cell id", "physicalcellidentity", "pcid"]),
    ]

    /// What each canonical column holds, for messages.
    static let cellColumnMeaning: [String: String] = [
        "site_id": "the site id", "cell_id": "the cell id", "lon": "the longitude", "lat": "the latitude",
        "height_m": "the antenna height", "azimuth_deg": "the azimuth", "mechanical_tilt_deg": "the mechanical tilt",
        "electrical_tilt_deg": "the electrical tilt", "antenna": "the antenna", "power_dbm": "the cell power",
        "eirp_dbm": "the EIRP", "band_mhz": "the carrier frequency", "channel": "the channel number (EARFCN/UARFCN)",
        "nr_arfcn": "the NR-ARFCN",
        "bandwidth_mhz": "the channel bandwidth", "technology": "the technology", "year": "the on-air year", "status": "the status",
        "pci": "the physical cell id (PCI)", "scs_khz": "the NR subcarrier spacing",
    ]

    /// The units a header's trailing "(unit)" / "[unit]" may name for a column (compared after
    /// lowercasing and removing spaces, '_', '-', '.'), and what to do about another one. Columns
    /// not listed take any unit text. A power in watts or a height in feet is refused rather than
    /// read as dBm or metres.
    static let cellColumnUnits: [String: (units: Set<String>, advice: String)] = {
        let degrees: Set<String> = ["°", "º", "˚", "deg", "degree", "degrees"]
        let lonLat = degrees.union(["wgs84", "dd", "decimaldegrees"])
        return [
            "lon": (lonLat, "give WGS 84 decimal degrees"),
            "lat": (lonLat, "give WGS 84 decimal degrees"),
            "height_m": (["m", "metre", "metres", "meter", "meters", "magl", "agl"], "give metres above ground"),
            "azimuth_deg": (degrees, "give degrees clockwise from north"),
            "mechanical_tilt_deg": (degrees, "give degrees, positive down"),
            "electrical_tilt_deg": (degrees, "give degrees, positive down"),
            "power_dbm": (["dbm"], "give dBm (dBm = 10·log10(W) + 30, so 20 W is 43 dBm)"),
            "eirp_dbm": (["dbm"], "give dBm (dBm = dBW + 30)"),
            "band_mhz": (["mhz"], "give MHz (1.8 GHz is 1800 MHz)"),
            "bandwidth_mhz": (["mhz"], "give MHz"),
            "scs_khz": (["khz"], "give kHz (15, 30 or 60)"),
        ]
    }()

    /// A header's matching key and the unit text it ended with, if any: lowercased, a trailing
    /// "(…)" or "[…]" taken off as the unit, then spaces, tabs, '_', '-' and '.' removed.
    /// "Antenna Height (m)" → ("antennaheight", "m"); "Mechanical Downtilt (°)" → ("mechanicaldowntilt", "°").
    static func cellHeaderKey(_ header: String) -> (key: String, unit: String?) {
        func squeeze(_ s: some StringProtocol) -> String {
            String(String.UnicodeScalarView(s.lowercased().unicodeScalars.filter { !" \t_-.".unicodeScalars.contains($0) }))
        }
        var base = header.trimmingWhitespace
        var unit: String? = nil
        for (open, close) in [("(", ")"), ("[", "]")] where base.hasSuffix(close) {
            if let o = base.range(of: open, options: .backwards), !base[..<o.lowerBound].trimmingWhitespace.isEmpty {
                unit = squeeze(base[o.upperBound..<base.index(before: base.endIndex)])
                base = base[..<o.lowerBound].trimmingWhitespace
            }
            break
        }
        return (squeeze(base), unit)
    }

    /// Header key (``cellHeaderKey(_:)``) → canonical column, from ``cellColumnAliases``.
    static let cellAliasLookup: [String: String] = {
        var out: [String: String] = [:]
        for (canonical, aliases) in cellColumnAliases {
            for a in [canonical] + aliases { out[cellHeaderKey(a).key] = canonical }
        }
        return out
    }()

    /// The recognised columns of a cells file: canonical name → (header as written, its position in
    /// the header list), and the headers nobody reads.
    struct CellColumns {
        var written: [String: (spelling: String, index: Int)] = [:]
        var ignored: [String] = []

        func spelling(_ canonical: String) -> String? { written[canonical]?.spelling }
    }

    /// Maps headers to canonical columns. `places[i]` names where header `i` is (the header line of a
    /// CSV; the first feature with that field of a GIS layer); `layerPlace` is for a missing column.
    /// - Throws: `SimError.input` for two headers of one column, a unit that is not the column's, or
    ///   a required column missing.
    static func cellColumns(_ headers: [String], places: [String], layerPlace: String, noun: String, positionFromColumns: Bool) throws -> CellColumns {
        var cols = CellColumns()
        var ignoredSeen = Set<String>()
        for (i, h) in headers.enumerated() {
            let (key, unit) = cellHeaderKey(h)
            guard let canonical = cellAliasLookup[key] else {
                if !h.isEmpty, ignoredSeen.insert(h).inserted { cols.ignored.append(h) }
                continue
            }
            if let first = cols.written[canonical] {
                throw SimError.input("\(places[i]): \(noun)s '\(first.spelling)' and '\(h)' both give \(cellColumnMeaning[canonical] ?? canonical) (\(canonical)); keep one of them, or rename the other")
            }
            if let unit, let accepted = cellColumnUnits[canonical], !accepted.units.contains(unit) {
                throw SimError.input("\(places[i]): \(noun) '\(h)': \(cellColumnMeaning[canonical] ?? canonical) is not read in that unit; \(accepted.advice), and name the column '\(canonical)'")
            }
            cols.written[canonical] = (h, i)
        }
        func accepted(_ canonical: String) -> String {
            (cellColumnAliases.first { $0.canonical == canonical }?.aliases ?? [canonical]).joined(separator: ", ")
        }
        var required = ["site_id", "cell_id", "height_m", "technology"]
        if positionFromColumns { required.insert(contentsOf: ["lon", "lat"], at: 2) }
        for c in required where cols.written[c] == nil {
            throw SimError.input("\(layerPlace): no \(noun) for \(cellColumnMeaning[c] ?? c) (\(c)); name one of: \(accepted(c))")
        }
        if cols.written["band_mhz"] == nil && cols.written["channel"] == nil && cols.written["nr_arfcn"] == nil {
            throw SimError.input("\(layerPlace): no \(noun) for the carrier; give a frequency in MHz (band_mhz: \(accepted("band_mhz"))) or a channel number (channel: \(accepted("channel")); nr_arfcn for NR: \(accepted("nr_arfcn")))")
        }
        if cols.written["power_dbm"] == nil && cols.written["eirp_dbm"] == nil {
            throw SimError.input("\(layerPlace): no \(noun) for the cell power; give the power at the antenna port in dBm (power_dbm: \(accepted("power_dbm"))) or the EIRP in dBm (eirp_dbm: \(accepted("eirp_dbm")))")
        }
        return cols
    }

    /// One row of a cells file, CSV or GIS, with its values as text by canonical column.
    struct CellRow {
        /// "cells.csv:12" or "cells.gpkg: feature 11".
        var place: String
        /// "line 12" / "feature 11", for naming this row in another row's message.
        var ref: String
        /// "column" (CSV) or "field" (GIS).
        var noun: String
        var columns: CellColumns
        /// The trimmed value of a canonical column; nil when the column is absent or the value empty.
        var value: (String) -> String?
        /// Where the position comes from, for messages: "columns 'Longitude'/'Latitude'" or "the Point geometry".
        var positionSource: String
        var position: (CellRow) throws -> (lon: Double, lat: Double)

        /// "column 'Height (m)'" (the header as written).
        func name(_ canonical: String) -> String { "\(noun) '\(columns.spelling(canonical) ?? canonical)'" }

        func fail(_ canonical: String, _ text: String) -> SimError { SimError.input("\(place): \(name(canonical)) \(text)") }

        /// A number, nil when the column is absent or empty.
        func number(_ canonical: String, range: ClosedRange<Double>? = nil, hint: String = "") throws -> Double? {
            guard let s = value(canonical) else { return nil }
            guard let d = Double(s), d.isFinite else {
                throw fail(canonical, "= '\(s)' is not a number\(s.contains(",") ? " (write decimals with '.', not ',')" : "")\(hint)")
            }
            if let range, !range.contains(d) {
                throw fail(canonical, "= \(s) is outside \(JSONValue.format(range.lowerBound))…\(JSONValue.format(range.upperBound))\(hint)")
            }
            return d
        }

        /// A number that must be given.
        func required(_ canonical: String, range: ClosedRange<Double>? = nil, hint: String = "") throws -> Double {
            guard let d = try number(canonical, range: range, hint: hint) else { throw fail(canonical, "is empty; give a number\(hint)") }
            return d
        }

        /// A whole number (a channel number, a year), nil when absent or empty.
        func whole(_ canonical: String, range: ClosedRange<Int>, what: String) throws -> Int? {
            guard let s = value(canonical) else { return nil }
            guard let d = Double(s), d.isFinite, d == d.rounded(), d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
                throw fail(canonical, "= '\(s)' is not \(what) (a whole number in \(range.lowerBound)…\(range.upperBound))")
            }
            return Int(d)
        }
    }

    /// Reads a cells file. Returns the cells and the names of columns it ignored (each listed once, in file order).
    ///
    /// A table — a `.csv` without layer options, or a sheet of an Excel workbook (``isTable(_:_:)``;
    /// `layer` names the sheet) — is read with its header naming the columns
    /// (``cellColumnAliases``); any other file through ``layer(_:_:)`` as Point features whose
    /// fields name them. A file with a header and no rows gives no cells (the caller warns).
    /// - Throws: `SimError.input`, one line naming the file (and sheet), the line (row) or feature,
    ///   the column as written and what to do.
    package static func cells(_ path: String, _ options: LayerOptions = LayerOptions()) throws -> (cells: [RawCell], ignoredColumns: [String]) {
        if try isTable(path, options) {
            return try cellsCSV(path, sheet: options.layer)
        }
        let (place, feats) = try layer(path, options)
        guard !feats.isEmpty else { return ([], []) }
        // The fields of a GIS layer: every property key, in order of first appearance.
        var keys: [String] = [], keyPlaces: [String] = [], seen = Set<String>()
        for f in feats {
            guard case .object(let kv) = f.properties else { continue }
            for (k, _) in kv where seen.insert(k).inserted { keys.append(k); keyPlaces.append("\(place): feature \(f.index)") }
        }
        let cols = try cellColumns(keys, places: keyPlaces, layerPlace: place, noun: "field", positionFromColumns: false)
        var ignored = cols.ignored
        // lon/lat fields are not read from a layer (its Point is the position): say so.
        for c in ["lon", "lat"] { if let s = cols.spelling(c) { ignored.append(s) } }
        ignored = keys.filter { ignored.contains($0) }
        let rows = feats.map { f in
            CellRow(place: "\(place): feature \(f.index)", ref: "feature \(f.index)", noun: "field", columns: cols,
                    value: { canonical in
                        guard let key = cols.spelling(canonical) else { return nil }
                        switch f.properties[key] {
                        case .string(let s)?: let t = s.trimmingWhitespace; return t.isEmpty ? nil : t
                        case .number(let d)?: return JSONValue.format(d)
                        case .bool(let b)?: return b ? "true" : "false"
                        default: return nil
                        }
                    },
                    positionSource: "the Point geometry",
                    position: { row in
                        switch f.geometry {
                        case .point(let p): return (p.x, p.y)
                        case .multiPoint(let ps) where ps.count == 1: return (ps[0].x, ps[0].y)
                        default: throw SimError.input("\(row.place): cells must be Points (the point gives the cell's lon/lat)")
                        }
                    })
        }
        return (try cells(rows), ignored)
    }

    /// A cells table (a CSV file, or a sheet of an Excel workbook: `sheet`, nil = the first): the
    /// header through ``CSVTable/fileRecords(_:sheet:)`` kept as written (CSVTable's own header is
    /// lowercased), each row checked for its field count.
    static func cellsCSV(_ path: String, sheet: String? = nil) throws -> (cells: [RawCell], ignoredColumns: [String]) {
        let (records, sheetName) = try CSVTable.fileRecords(path, sheet: sheet)
        func place(_ line: Int) -> String { CSVTable.place(file: path, sheet: sheetName, line: line) }
        guard let head = records.first else {
            throw SimError.input("\(sheetName.map { "\(path), sheet '\($0)'" } ?? path): empty \(sheetName == nil ? "file" : "sheet"); expected a header row naming the cell columns (site, cell, lon, lat, height_m, technology, band_mhz or earfcn, power_dbm or eirp_dbm)")
        }
        let headers = head.fields.map { $0.trimmingWhitespace }
        let headPlace = place(head.line)
        let cols = try cellColumns(headers, places: Array(repeating: headPlace, count: headers.count), layerPlace: headPlace,
                                   noun: "column", positionFromColumns: true)
        let lonLat = "columns '\(cols.spelling("lon") ?? "lon")'/'\(cols.spelling("lat") ?? "lat")'"
        let rows = try records.dropFirst().map { r in
            guard r.fields.count == headers.count else { throw SimError.input("\(place(r.line)): \(r.fields.count) fields, the header has \(headers.count)") }
            return CellRow(place: place(r.line), ref: sheetName == nil ? "line \(r.line)" : "row \(r.line)", noun: "column", columns: cols,
                           value: { canonical in
                               guard let i = cols.written[canonical]?.index else { return nil }
                               let s = r.fields[i].trimmingWhitespace
                               return s.isEmpty ? nil : s
                           },
                           positionSource: lonLat,
                           position: { row in (try row.required("lon"), try row.required("lat")) })
        }
        return (try cells(rows), cols.ignored)
    }

    /// Mean Earth radius (IUGG), m, for the site-position check.
    static let earthRadiusMeters = 6_371_008.8
    /// How far apart two rows of one site may be, m.
    static let siteSpreadLimitMeters = 100.0

    /// Equirectangular distance (m) between two lon/lat points: x = Δλ·cos φ̄·R, y = Δφ·R. Within a
    /// few hundred metres it differs from the great-circle distance by far less than a metre.
    static func equirectangularMeters(_ a: (lon: Double, lat: Double), _ b: (lon: Double, lat: Double)) -> Double {
        var dLon = b.lon - a.lon
        if dLon > 180 { dLon -= 360 } else if dLon < -180 { dLon += 360 }
        let rad = Double.pi / 180
        let x = dLon * rad * cos((a.lat + b.lat) / 2 * rad), y = (b.lat - a.lat) * rad
        return (x * x + y * y).squareRoot() * earthRadiusMeters
    }

    /// The cells of the rows, checked one by one and then together: (site, cell) unique, and the
    /// rows of one site within ``siteSpreadLimitMeters`` of each other.
    static func cells(_ rows: [CellRow]) throws -> [RawCell] {
        var firstOf: [String: String] = [:]                                        // "site\0cell" → ref
        var sitePositions: [String: [(lon: Double, lat: Double, ref: String)]] = [:]
        return try rows.map { r in
            let c = try cell(r)
            let key = c.siteID + "\u{0}" + c.cellID
            if let first = firstOf[key] {
                throw r.fail("cell_id", "= '\(c.cellID)' is listed twice for site '\(c.siteID)' (first on \(first)); cell ids must be unique within a site")
            }
            firstOf[key] = r.ref
            for p in sitePositions[c.siteID] ?? [] {
                let d = equirectangularMeters((p.lon, p.lat), (c.lon, c.lat))
                if d > siteSpreadLimitMeters {
                    throw SimError.input("\(r.place): site '\(c.siteID)' (\(r.name("site_id"))) is \(Int(d.rounded())) m from its row on \(p.ref) (\(r.positionSource), equirectangular distance); the rows of one site must be within \(Int(siteSpreadLimitMeters)) m of each other — fix the position or give the cells different site ids")
                }
            }
            sitePositions[c.siteID, default: []].append((c.lon, c.lat, r.ref))
            return c
        }
    }

    /// LTE channel bandwidths, MHz (TS 36.101 Table 5.6-1); UMTS has 5 MHz carriers.
    static let lteBandwidthsMHz: [Double] = [1.4, 3, 5, 10, 15, 20]

    /// One row's cell, every value checked.
    static func cell(_ r: CellRow) throws -> RawCell {
        guard let site = r.value("site_id") else { throw r.fail("site_id", "is empty; give the site id") }
        guard let cellID = r.value("cell_id") else { throw r.fail("cell_id", "is empty; give the cell id") }
        for (canonical, id) in [("site_id", site), ("cell_id", cellID)] where Inputs.hasControlCharacter(id) {
            throw r.fail(canonical, "holds a line break or another control character; write the id on one line")
        }

        guard let techText = r.value("technology") else { throw r.fail("technology", "is empty; write one of \(RadioAccess.spellingList)") }
        let technology: Technology
        switch RadioAccess(spelling: techText) {
        case .lte?: technology = .lte
        case .umts?: technology = .umts
        case .nr?: technology = .nr
        case nil: throw r.fail("technology", "= '\(techText)' is not a known technology; write one of \(RadioAccess.spellingList)")
        }

        let (lon, lat) = try r.position(r)
        if abs(lat) > 90 || abs(lon) > 180 || !lon.isFinite || !lat.isFinite {
            let swapped = abs(lon) <= 90 && abs(lat) <= 180 ? " — lon and lat look swapped" : "; give WGS 84 degrees (lon −180…180, lat −90…90)"
            throw SimError.input("\(r.place): cell \(cellID) position lon \(lon), lat \(lat) (\(r.positionSource)) is out of range\(swapped)")
        }
        let height = try r.required("height_m", range: 1...300, hint: " (antenna height above ground in metres)")
        var azimuth = try r.number("azimuth_deg", range: 0...360, hint: " (degrees clockwise from north; leave empty for an omni cell)")
        if azimuth == 360 { azimuth = 0 }
        let tiltHint = " (degrees, positive down)"
        let mechanical = try r.number("mechanical_tilt_deg", range: -20...30, hint: tiltHint) ?? 0
        let electrical = try r.number("electrical_tilt_deg", range: -20...30, hint: tiltHint) ?? 0

        let power = try r.number("power_dbm", range: 0...70, hint: " (total cell power at the antenna port in dBm, e.g. 46 for 40 W)")
        let eirp = try r.number("eirp_dbm", range: 0...90, hint: " (EIRP in dBm)")
        if power != nil && eirp != nil {
            throw SimError.input("\(r.place): \(r.name("power_dbm")) = \(r.value("power_dbm")!) and \(r.name("eirp_dbm")) = \(r.value("eirp_dbm")!) are both given; give one — the power at the antenna port or the EIRP")
        }
        if power == nil && eirp == nil {
            let named = ["power_dbm", "eirp_dbm"].filter { r.columns.written[$0] != nil }.map(r.name).joined(separator: " and ")
            throw SimError.input("\(r.place): no cell power: \(named) \(named.contains(" and ") ? "are" : "is") empty; give the power at the antenna port (dBm) or the EIRP (dBm)")
        }

        let frequency = try r.number("band_mhz", range: 100...6000, hint: " (downlink carrier frequency in MHz)")
        // An NR row reads its NR-ARFCN column when it has a value there, else the generic channel column; an export
        // with both an EARFCN and an SSB ARFCN column fills one per row.
        let channelColumn = technology == .nr && r.value("nr_arfcn") != nil ? "nr_arfcn" : "channel"
        if technology != .nr, let text = r.value("nr_arfcn") {
            throw r.fail("nr_arfcn", "= \(text) is an NR-ARFCN on a\(technology == .lte ? "n LTE" : " UMTS") row; give its \(technology == .lte ? "EARFCN" : "UARFCN") in a channel column (\(cellColumnAliases.first { $0.canonical == "channel" }!.aliases.prefix(4).joined(separator: ", "))) or the frequency in MHz")
        }
        let channel = try r.whole(channelColumn, range: 0...3_279_165, what: "a channel number")
        var band: Double
        if let n = channel {
            let fromChannel = try channelFrequency(n, technology: technology, row: r, column: channelColumn)
            if let f = frequency, abs(f - fromChannel) > 0.05 {
                throw SimError.input("\(r.place): \(r.name("band_mhz")) = \(r.value("band_mhz")!) MHz disagrees with \(r.name(channelColumn)) = \(n), which is \(JSONValue.format(fromChannel)) MHz; correct one of them or leave one empty")
            }
            band = frequency ?? fromChannel
        } else if let f = frequency {
            band = f
        } else {
            let named = ["band_mhz", "channel", "nr_arfcn"].filter { r.columns.written[$0] != nil }.map(r.name).joined(separator: " and ")
            throw SimError.input("\(r.place): no carrier: \(named) \(named.contains(" and ") ? "are" : "is") empty; give the downlink frequency in MHz or the channel number")
        }
        band = (band * 10_000).rounded() / 10_000

        var bandwidth: Double? = nil
        var scs: Double? = nil, nrBand: Int? = nil
        if technology == .nr {
            (nrBand, scs, bandwidth) = try nrCarrier(r, bandMHz: band, channel: channel.map { (channelColumn, $0) })
        } else if let bw = try r.number("bandwidth_mhz") {
            let allowed = technology == .lte ? lteBandwidthsMHz : [5]
            guard allowed.contains(where: { abs($0 - bw) < 1e-9 }) else {
                let names = allowed.map { JSONValue.format($0) }.joined(separator: ", ")
                throw r.fail("bandwidth_mhz", "= \(r.value("bandwidth_mhz")!) is not a\(technology == .lte ? "n LTE" : " UMTS") channel bandwidth; give one of \(names) MHz")
            }
            bandwidth = bw
        }
        let year = try r.whole("year", range: 1990...2100, what: "a year like 2017")
        let pci = technology == .nr ? try r.whole("pci", range: 0...1007, what: "an NR physical cell id (TS 38.211 §7.4.2.1)")
                                    : try r.whole("pci", range: 0...503, what: "an LTE physical cell id (TS 36.211 §6.11)")
        if technology == .umts, let text = r.value("scs_khz") {
            throw r.fail("scs_khz", "= \(text) is given for a UMTS cell; a subcarrier spacing is read for 5G NR cells only — leave it empty")
        }
        if technology == .lte, let text = r.value("scs_khz"), Double(text) != 15 {
            throw r.fail("scs_khz", "= \(text) is given for an LTE cell, whose subcarrier spacing is 15 kHz (TS 36.211 §6.2.3); the column is read for 5G NR cells — leave it empty or 15")
        }

        return RawCell(place: r.place, siteID: site, cellID: cellID, lon: lon, lat: lat, heightMeters: height,
                       azimuthDegrees: azimuth, mechanicalTiltDegrees: mechanical, electricalTiltDegrees: electrical,
                       antenna: r.value("antenna"), powerDBm: power, eirpDBm: eirp, bandMHz: band, earfcn: channel,
                       bandwidthMHz: bandwidth, technology: technology, year: year, status: r.value("status"), pci: pci,
                       subcarrierSpacingKHz: scs, nrBand: nrBand)
    }

    /// An NR row's band, subcarrier spacing and channel bandwidth: the carrier (from `band_mhz` or the NR-ARFCN)
    /// must lie in the downlink range of a band of ``ChannelNumber/nrBands`` (TS 38.104 Table 5.2-1); the spacing
    /// is `scs_khz` or the band's default (30 kHz TDD, 15 kHz FDD; n7/n41 overlap: must be given); the bandwidth
    /// must be given and be in TS 38.104 Table 5.3.2-1 at that spacing.
    static func nrCarrier(_ r: CellRow, bandMHz: Double, channel: (column: String, number: Int)?) throws -> (band: Int, scs: Double, bandwidth: Double) {
        let source = channel.map { "\(r.name($0.column)) = \($0.number) is \(JSONValue.format(bandMHz)) MHz" } ?? "\(r.name("band_mhz")) = \(JSONValue.format(bandMHz)) MHz"
        let bands = ChannelNumber.nrBands(containing: bandMHz)
        guard let first = bands.first else {
            let known = ChannelNumber.nrBands.map { "n\($0.band) \(JSONValue.format($0.downlinkMHz.lowerBound))–\(JSONValue.format($0.downlinkMHz.upperBound))" }
            throw SimError.input("\(r.place): \(source), outside the downlink range of every NR band known here (\(known.joined(separator: ", ")) MHz; TS 38.104 Table 5.2-1); check the number or the frequency")
        }
        let scs: Double
        if let given = try r.number("scs_khz") {
            guard [15.0, 30, 60].contains(given) else {
                throw r.fail("scs_khz", "= \(r.value("scs_khz")!) is not an NR FR1 subcarrier spacing; give 15, 30 or 60 kHz")
            }
            scs = given
        } else {
            let defaults = Set(bands.map(\.defaultSubcarrierSpacingKHz))
            guard defaults.count == 1 else {
                let named = bands.map { "n\($0.band) \($0.isTDD ? "TDD" : "FDD") \(JSONValue.format($0.defaultSubcarrierSpacingKHz)) kHz" }.joined(separator: ", ")
                throw SimError.input("\(r.place): \(source), which lies in more than one NR band (\(named)); give the subcarrier spacing in a column scs_khz")
            }
            scs = first.defaultSubcarrierSpacingKHz
        }
        let allowed = NRBandwidth.bandwidthsMHz(subcarrierSpacingKHz: scs).map { JSONValue.format($0) }.joined(separator: ", ")
        guard let bw = try r.number("bandwidth_mhz") else {
            throw SimError.input("\(r.place): 5G NR cell has no channel bandwidth (\(r.columns.written["bandwidth_mhz"] == nil ? "no \(r.noun) bandwidth_mhz" : "\(r.name("bandwidth_mhz")) is empty")); give it in MHz (\(allowed) at \(JSONValue.format(scs)) kHz, TS 38.104 Table 5.3.2-1) — it sets the SS-RSRP power per resource element")
        }
        guard (try? NRBandwidth.resourceBlocks(bandwidthMHz: bw, subcarrierSpacingKHz: scs)) != nil else {
            throw r.fail("bandwidth_mhz", "= \(r.value("bandwidth_mhz")!) MHz at \(JSONValue.format(scs)) kHz subcarrier spacing\(r.value("scs_khz") == nil ? " (band n\(first.band)'s default)" : "") is not in TS 38.104 Table 5.3.2-1; give one of \(allowed) MHz, or another scs_khz")
        }
        return (first.band, scs, bw)
    }

    /// The downlink frequency (MHz) of a row's channel number: an EARFCN for LTE (TS 36.101 Table
    /// 5.7.3-1), a UARFCN for UMTS (TS 25.101), an NR-ARFCN for NR (TS 38.104 §5.4.2.1, ``ChannelNumber/nr(arfcn:)``). An uplink EARFCN or a number of no known band is an error.
    static func channelFrequency(_ n: Int, technology: Technology, row r: CellRow, column: String = "channel") throws -> Double {
        switch technology {
        case .lte:
            guard let c = ChannelNumber.lte(earfcn: n) else {
                let bands = ChannelNumber.lteBands.map { String($0.band) }.joined(separator: ", ")
                throw r.fail("channel", "= \(n) is not an EARFCN of the E-UTRA bands known here (\(bands); TS 36.101 Table 5.7.3-1); check the number or give the frequency in MHz instead")
            }
            guard c.isDownlink else {
                let b = ChannelNumber.lteBands.first { $0.band == c.band }
                let downlink = b.flatMap { b in b.uplinkOffset.map { n - $0 + b.downlinkOffset } }
                throw r.fail("channel", "= \(n) is an uplink EARFCN (band \(c.band), \(JSONValue.format(c.frequencyMHz)) MHz); give the downlink EARFCN\(downlink.map { " (\($0) for this carrier)" } ?? "")")
            }
            return c.frequencyMHz
        case .umts:
            guard let c = ChannelNumber.umts(uarfcn: n) else {
                throw r.fail("channel", "= \(n) is not a downlink UARFCN of UTRA FDD band I (10562…10838) or VIII (2937…3088); check the number or give the frequency in MHz instead")
            }
            return c.frequencyMHz
        case .nr:
            guard let c = ChannelNumber.nr(arfcn: n) else {
                throw r.fail(column, "= \(n) is not an NR-ARFCN (0…3279165, TS 38.104 §5.4.2.1); check the number or give the frequency in MHz instead")
            }
            return c.frequencyMHz
        }
    }
}
