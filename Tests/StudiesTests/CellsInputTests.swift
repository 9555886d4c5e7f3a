import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// Cell lists (Atoll and vendor exports) read by `Inputs.cells`: loose header matching, channel
/// numbers to MHz, the GeoJSON twin of a CSV, and one-line errors naming file, line and column.
@Suite struct CellsInputTests {
    /// The error `body` throws, as `SimError`; records an issue when it throws nothing or something else.
    func inputError(_ body: () throws -> Void) -> SimError? {
        do { try body(); Issue.record("expected an error"); return nil } catch let e as SimError { return e } catch {
            Issue.record("expected a SimError, got \(error)"); return nil
        }
    }

    // MARK: Header matching

    @Test func headerKeysDropUnitsAndSeparators() {
        #expect(Inputs.cellHeaderKey("Antenna Height (m)") == ("antennaheight", "m"))
        #expect(Inputs.cellHeaderKey("Mechanical Downtilt (°)") == ("mechanicaldowntilt", "°"))
        #expect(Inputs.cellHeaderKey(" Power [dBm] ") == ("power", "dbm"))
        #expect(Inputs.cellHeaderKey("Azimuth (deg)") == ("azimuth", "deg"))
        #expect(Inputs.cellHeaderKey("DL EARFCN") == ("dlearfcn", nil))
        #expect(Inputs.cellHeaderKey("max_power.dbm") == ("maxpowerdbm", nil))
        #expect(Inputs.cellHeaderKey("Site-ID") == ("siteid", nil))
    }

    /// Every spelling the reader promises maps to its column, and no spelling to two columns.
    @Test func aliasTableIsUnambiguousAndComplete() {
        var owner: [String: String] = [:]
        for (canonical, aliases) in Inputs.cellColumnAliases {
            for a in [canonical] + aliases {
                let key = Inputs.cellHeaderKey(a).key
                if let other = owner[key], other != canonical { Issue.record("'\(a)' maps to \(other) and \(canonical)") }
                owner[key] = canonical
            }
        }
        let promised: [String: [String]] = [
            "site_id": ["site", "site_id", "siteid", "site_name", "sitename", "enodeb", "enodeb_id", "enodeb_name", "nodeb", "nodeb_name", "gnodeb", "bts", "site name"],
            "cell_id": ["cell", "cell_id", "cellid", "cell_name", "cellname", "transmitter", "transmitter_name", "tx", "tx_id", "sector_id", "sector", "cell name"],
            "lon": ["lon", "longitude", "long", "lng", "x"],
            "lat": ["lat", "latitude", "y"],
            "height_m": ["height_m", "height", "antenna_height", "antennaheight", "ant_height", "height_agl", "agl", "hba"],
            "azimuth_deg": ["azimuth", "azimuth_deg", "azi", "az", "bearing", "orientation"],
            "mechanical_tilt_deg": ["mechanical_tilt", "mech_tilt", "mtilt", "m_tilt", "mechanical_downtilt", "mdt"],
            "electrical_tilt_deg": ["electrical_tilt", "elec_tilt", "etilt", "e_tilt", "electrical_downtilt", "edt", "ret", "ret_tilt"],
            "antenna": ["antenna", "antenna_model", "antenna_name", "antenna_type", "ant_model", "pattern"],
            "power_dbm": ["power_dbm", "power", "tx_power", "txpower", "max_power", "max_power_dbm", "pmax", "output_power"],
            "eirp_dbm": ["eirp", "eirp_dbm"],
            "band_mhz": ["band_mhz", "frequency_mhz", "frequency", "freq", "dl_frequency", "dl_freq", "carrier_mhz", "carrier_frequency"],
            "channel": ["earfcn", "dl_earfcn", "uarfcn", "dl_uarfcn", "arfcn", "channel"],
            "nr_arfcn": ["nr_arfcn", "nrarfcn", "NR-ARFCN", "ssb_arfcn", "SSB ARFCN", "absoluteFrequencySSB"],
            "scs_khz": ["scs_khz", "SCS", "SCS (kHz)", "subcarrier_spacing", "Subcarrier Spacing"],
            "bandwidth_mhz": ["bandwidth_mhz", "bandwidth", "bw", "channel_bandwidth"],
            "technology": ["technology", "tech", "rat", "system", "radio_access"],
            "year": ["year", "on_air_year", "onair_year", "year_built"],
            "status": ["status", "state"],
            "pci": ["pci", "PCI", "PhyCellId", "Physical Cell ID", "physical_cell_id"],
        ]
        #expect(Set(promised.keys) == Set(Inputs.cellColumnAliases.map(\.canonical)))
        for (canonical, spellings) in promised {
            for s in spellings { #expect(Inputs.cellAliasLookup[Inputs.cellHeaderKey(s).key] == canonical, "\(s)") }
        }
    }

    // MARK: Reading

    /// An Atoll transmitter export (a comment line first, so the header is on line 2). Channel numbers
    /// by 3GPP TS 36.101 Table 5.7.3-1, F_DL = F_DL_low + 0.1·(N_DL − N_Offs-DL):
    /// - EARFCN 1275 is in band 3 (N_DL 1200…1949, F_DL_low 1805 MHz, N_Offs-DL 1200): 1805 + 0.1·75 = 1812.5 MHz;
    /// - EARFCN 300 is in band 1 (N_DL 0…599, F_DL_low 2110 MHz, N_Offs-DL 0): 2110 + 0.1·300 = 2140 MHz.
    @Test func atollExport() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("atoll-transmitters.csv").path
        try """
        # Atoll 3.4 transmitters export
        Site,Transmitter,Longitude,Latitude,Height (m),Azimuth (°),Mechanical Downtilt (°),Electrical Downtilt (°),Antenna,Power (dBm),DL EARFCN,Bandwidth (MHz),Technology
        QTR001,QTR001_1,107.0951,16.8163,30,0,2,4,AAU5613_1800,46,1275,20,LTE
        QTR001,QTR001_2,107.0951,16.8163,30,120,2,6,"Kathrein 80010465, 1800",46,1275,20,LTE FDD
        QTR001,QTR001_3,107.0952,16.8164,28,240,-1,4,AAU5613_1800,46,1275,20,LTE
        QTR001,QTR001_4,107.0951,16.8163,32,360,0,2,ATR4518_2100,43,300,15,LTE
        QTR002,QTR001_1,107.2,16.75,25,,,,,40,300,5,4G

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let (cells, ignored) = try Inputs.cells(path)
        #expect(ignored.isEmpty)
        func cell(_ line: Int, _ site: String, _ id: String, _ lon: Double, _ lat: Double, _ h: Double, _ az: Double?, _ mt: Double, _ et: Double,
                  _ ant: String?, _ p: Double, _ f: Double, _ n: Int, _ bw: Double) -> RawCell {
            RawCell(place: "\(path):\(line)", siteID: site, cellID: id, lon: lon, lat: lat, heightMeters: h, azimuthDegrees: az,
                    mechanicalTiltDegrees: mt, electricalTiltDegrees: et, antenna: ant, powerDBm: p, eirpDBm: nil, bandMHz: f,
                    earfcn: n, bandwidthMHz: bw, technology: .lte, year: nil, status: nil)
        }
        let expected = [
            cell(3, "QTR001", "QTR001_1", 107.0951, 16.8163, 30, 0, 2, 4, "AAU5613_1800", 46, 1812.5, 1275, 20),
            cell(4, "QTR001", "QTR001_2", 107.0951, 16.8163, 30, 120, 2, 6, "Kathrein 80010465, 1800", 46, 1812.5, 1275, 20),
            cell(5, "QTR001", "QTR001_3", 107.0952, 16.8164, 28, 240, -1, 4, "AAU5613_1800", 46, 1812.5, 1275, 20),
            cell(6, "QTR001", "QTR001_4", 107.0951, 16.8163, 32, 0, 0, 2, "ATR4518_2100", 43, 2140, 300, 15),     // azimuth 360 reads as 0
            cell(7, "QTR002", "QTR001_1", 107.2, 16.75, 25, nil, 0, 0, nil, 40, 2140, 300, 5),                     // omni; same cell id, other site
        ]
        #expect(cells.count == expected.count)
        for (a, b) in zip(cells, expected) { #expect(a == b) }
    }

    /// A vendor dump: other spellings, EIRP instead of power, frequency instead of a channel number,
    /// `4G` / `E-UTRA` / `WCDMA` technologies, numbers with spaces around them.
    @Test func vendorExport() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("vendor.csv").path
        try """
        enodeb_name,cell_name,lon,lat,antenna_height,azimuth,etilt,mtilt,eirp_dbm,frequency_mhz,rat
        HUE_A,HUE_A1, 107.5901 ,16.4637,35,45,6,0,60.5,1815,4G
        HUE_A,HUE_A2,107.5901,16.4637, 35 ,165,6,2,60.5,1815,E-UTRA
        HUE_B,HUE_B1,107.6,16.47,20,,,,55,2137.6,WCDMA

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let (cells, ignored) = try Inputs.cells(path)
        #expect(ignored.isEmpty)
        func cell(_ line: Int, _ site: String, _ id: String, _ lon: Double, _ lat: Double, _ h: Double, _ az: Double?, _ et: Double, _ mt: Double,
                  _ eirp: Double, _ f: Double, _ t: Technology) -> RawCell {
            RawCell(place: "\(path):\(line)", siteID: site, cellID: id, lon: lon, lat: lat, heightMeters: h, azimuthDegrees: az,
                    mechanicalTiltDegrees: mt, electricalTiltDegrees: et, antenna: nil, powerDBm: nil, eirpDBm: eirp, bandMHz: f,
                    earfcn: nil, bandwidthMHz: nil, technology: t, year: nil, status: nil)
        }
        let expected = [
            cell(2, "HUE_A", "HUE_A1", 107.5901, 16.4637, 35, 45, 6, 0, 60.5, 1815, .lte),
            cell(3, "HUE_A", "HUE_A2", 107.5901, 16.4637, 35, 165, 6, 2, 60.5, 1815, .lte),
            cell(4, "HUE_B", "HUE_B1", 107.6, 16.47, 20, nil, 0, 0, 55, 2137.6, .umts),
        ]
        #expect(cells.count == expected.count)
        for (a, b) in zip(cells, expected) { #expect(a == b) }
    }

    /// Columns nobody reads come back once each, as written, in file order; UARFCN 10688 is band I,
    /// F_DL = N/5 = 2137.6 MHz (TS 25.101 Table 5.2); status and year are kept.
    @Test func ignoredColumnsAreListedOnce() throws {
        let path = tempFile("ignored.csv", """
        Site ID,Cell ID,Comment,lon,lat,height_m,Region,technology,UARFCN,power_dbm,Comment, Frequency Band ,Status,On-Air Year,BW
        Q1,Q1-1,first,107.1,16.8,30,Dong Ha,UMTS,10688,43,x,B1,planned,2019,5

        """)
        let (cells, ignored) = try Inputs.cells(path)
        #expect(ignored == ["Comment", "Region", "Frequency Band"])
        #expect(cells.count == 1)
        #expect(cells.first?.bandMHz == 2137.6)
        #expect(cells.first?.earfcn == 10688)
        #expect(cells.first?.technology == .umts)
        #expect(cells.first?.status == "planned")
        #expect(cells.first?.year == 2019)
        #expect(cells.first?.bandwidthMHz == 5)
    }

    @Test func headerOnlyGivesNoCells() throws {
        let path = tempFile("empty.csv", "site,cell,lon,lat,height_m,technology,earfcn,power_dbm\n")
        let (cells, ignored) = try Inputs.cells(path)
        #expect(cells.isEmpty && ignored.isEmpty)
    }

    /// A GeoJSON layer of Points reads as its CSV twin (the point gives lon/lat); only `place` differs.
    @Test func geoJSONReadsLikeItsCSVTwin() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("cells.csv").path, json = dir.appendingPathComponent("cells.geojson").path
        try """
        site,cell,lon,lat,Height (m),azimuth,technology,earfcn,power_dbm,bandwidth,year,status,owner
        S1,S1-1,107.1,16.8,30,0,LTE,1275,46,20,2018,on air,VNPT
        S1,S1-2,107.1,16.8,30,180,LTE,1275,46,20,2018,on air,VNPT
        S2,S2-1,106.9,16.6,40,,3G,10688,43,5,,,VNPT

        """.write(toFile: csv, atomically: true, encoding: .utf8)
        try """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [107.1, 16.8]},
           "properties": {"site": "S1", "cell": "S1-1", "Height (m)": 30, "azimuth": 0, "technology": "LTE", "earfcn": 1275, "power_dbm": 46, "bandwidth": 20, "year": 2018, "status": "on air", "owner": "VNPT"}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [107.1, 16.8]},
           "properties": {"site": "S1", "cell": "S1-2", "Height (m)": "30", "azimuth": 180, "technology": "LTE", "earfcn": "1275", "power_dbm": 46, "bandwidth": 20, "year": 2018, "status": "on air", "owner": "VNPT"}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.9, 16.6]},
           "properties": {"site": "S2", "cell": "S2-1", "Height (m)": 40, "azimuth": null, "technology": "3G", "earfcn": 10688, "power_dbm": 43, "bandwidth": 5, "year": null, "status": "", "owner": "VNPT"}}
        ]}
        """.write(toFile: json, atomically: true, encoding: .utf8)
        let a = try Inputs.cells(csv), b = try Inputs.cells(json)
        #expect(a.cells.count == 3)
        #expect(a.ignoredColumns == ["owner"] && b.ignoredColumns == ["owner"])
        #expect(b.cells.map(\.place) == (0..<3).map { "\(json): feature \($0)" })
        #expect(a.cells.map(\.place) == (2...4).map { "\(csv):\($0)" })
        func placeless(_ c: RawCell) -> RawCell { var c = c; c.place = ""; return c }
        #expect(a.cells.map(placeless) == b.cells.map(placeless))
        #expect(a.cells.last?.technology == .umts && a.cells.last?.azimuthDegrees == nil && a.cells.last?.year == nil && a.cells.last?.status == nil)
    }

    @Test func geoJSONErrorsNameTheFeatureAndField() throws {
        let path = tempFile("nr.geojson", """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [107.1, 16.8]},
           "properties": {"site": "S1", "cell": "S1-1", "height_m": 30, "technology": "LTE", "earfcn": 1275, "power_dbm": 46}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [107.1, 16.8]},
           "properties": {"site": "S1", "cell": "S1-2", "height_m": 30, "technology": "5G NR", "earfcn": 630000, "power_dbm": 46}}
        ]}
        """)
        let e = inputError { _ = try Inputs.cells(path) }
        // NR-ARFCN 630000 = 3000 + 0.015·30000 = 3450 MHz (n78); an NR cell needs its channel bandwidth.
        #expect(e?.message.hasPrefix("\(path): feature 1: 5G NR cell has no channel bandwidth (no field bandwidth_mhz)") == true, "\(String(describing: e))")
    }

    // MARK: Errors

    /// One bad cells CSV: the message must start with `FILE:LINE:` and contain every needle
    /// (the column as written and the value or advice).
    struct BadFile: Sendable, CustomStringConvertible {
        var name: String, text: String, line: Int, needles: [String]
        var description: String { name }
    }

    static let header = "Site,Transmitter,Longitude,Latitude,Height (m),Azimuth (°),Power (dBm),EIRP (dBm),Frequency (MHz),DL EARFCN,Technology"
    static let good = "S1,S1_1,107.0951,16.8163,30,0,46,,,1275,LTE"

    static let badFiles: [BadFile] = [
        // A quoted line break in an id would split every message and output row that names the cell.
        BadFile(name: "newline-in-id", text: [header, good, "\"S\n2\",S2_1,107.0951,16.8163,30,0,46,,,1275,LTE"].joined(separator: "\n"),
                line: 3, needles: ["column 'Site'", "line break"]),
        BadFile(name: "duplicate-cell", text: [header, good, "S1,S1_2,107.0951,16.8163,30,120,46,,,1275,LTE", good].joined(separator: "\n"),
                line: 4, needles: ["column 'Transmitter'", "'S1_1'", "site 'S1'", "first on line 2"]),
        // NR-ARFCN 300000 = 0.005·300000 = 1500 MHz: in no NR band of TS 38.104 Table 5.2-1 known here.
        BadFile(name: "nr-row", text: [header, good, "S1,S1_2,107.0951,16.8163,30,120,46,,,300000,NR"].joined(separator: "\n"),
                line: 3, needles: ["column 'DL EARFCN' = 300000 is 1500 MHz", "outside the downlink range of every NR band", "n78 3300–3800"]),
        BadFile(name: "unknown-technology", text: [header, "S1,S1_1,107.0951,16.8163,30,0,46,,,1275,GSM"].joined(separator: "\n"),
                line: 2, needles: ["column 'Technology' = 'GSM'", RadioAccess.spellingList]),
        BadFile(name: "power-and-eirp", text: [header, good, "S1,S1_2,107.0951,16.8163,30,120,46,62,,1275,LTE"].joined(separator: "\n"),
                line: 3, needles: ["column 'Power (dBm)' = 46", "column 'EIRP (dBm)' = 62", "both given"]),
        BadFile(name: "neither-power-nor-eirp", text: [header, "S1,S1_1,107.0951,16.8163,30,0,,,,1275,LTE"].joined(separator: "\n"),
                line: 2, needles: ["column 'Power (dBm)'", "column 'EIRP (dBm)'", "empty"]),
        // EARFCN 19575 is band 3 uplink (N_UL 19200…19949): 1710 + 0.1·375 = 1747.5 MHz; its downlink is 19575 − 19200 + 1200 = 1575.
        BadFile(name: "uplink-earfcn", text: [header, "S1,S1_1,107.0951,16.8163,30,0,46,,,19575,LTE"].joined(separator: "\n"),
                line: 2, needles: ["column 'DL EARFCN' = 19575", "uplink", "1747.5", "downlink EARFCN (1575"]),
        BadFile(name: "frequency-disagrees", text: [header, "S1,S1_1,107.0951,16.8163,30,0,46,,1815,1275,LTE"].joined(separator: "\n"),
                line: 2, needles: ["column 'Frequency (MHz)' = 1815", "column 'DL EARFCN' = 1275", "1812.5 MHz"]),
        // 0.0045° of latitude is 0.0045·π/180·6 371 008.8 m = 500.4 m.
        BadFile(name: "site-rows-apart", text: [header, good, "S1,S1_2,107.0951,16.8208,30,120,46,,,1275,LTE"].joined(separator: "\n"),
                line: 3, needles: ["site 'S1'", "500 m", "line 2", "columns 'Longitude'/'Latitude'", "within 100 m"]),
        BadFile(name: "two-site-columns", text: ["Site,eNodeB Name,Transmitter,Longitude,Latitude,Height (m),Power (dBm),DL EARFCN,Technology",
                                                 "S1,QTR1,S1_1,107.0951,16.8163,30,46,1275,LTE"].joined(separator: "\n"),
                line: 1, needles: ["columns 'Site' and 'eNodeB Name'", "site id"]),
        BadFile(name: "height-zero", text: [header, "S1,S1_1,107.0951,16.8163,0,0,46,,,1275,LTE"].joined(separator: "\n"),
                line: 2, needles: ["column 'Height (m)' = 0", "1…300"]),
        BadFile(name: "power-in-watts", text: ["Site,Transmitter,Longitude,Latitude,Height (m),Power (W),DL EARFCN,Technology",
                                               "S1,S1_1,107.0951,16.8163,30,20,1275,LTE"].joined(separator: "\n"),
                line: 1, needles: ["column 'Power (W)'", "not read in that unit", "dBm"]),
        BadFile(name: "no-power-column", text: ["Site,Transmitter,Longitude,Latitude,Height (m),DL EARFCN,Technology",
                                                "S1,S1_1,107.0951,16.8163,30,1275,LTE"].joined(separator: "\n"),
                line: 1, needles: ["power_dbm", "eirp_dbm"]),
        BadFile(name: "swapped-lon-lat", text: [header, "S1,S1_1,16.8163,107.0951,30,0,46,,,1275,LTE"].joined(separator: "\n"),
                line: 2, needles: ["columns 'Longitude'/'Latitude'", "look swapped"]),
        BadFile(name: "unknown-earfcn", text: [header, "S1,S1_1,107.0951,16.8163,30,0,46,,,70000,LTE"].joined(separator: "\n"),
                line: 2, needles: ["column 'DL EARFCN' = 70000", "not an EARFCN"]),
        BadFile(name: "decimal-comma", text: [header, "S1,S1_1,107.0951,16.8163,\"30,5\",0,46,,,1275,LTE"].joined(separator: "\n"),
                line: 2, needles: ["column 'Height (m)' = '30,5'", "'.'"]),
        BadFile(name: "tilt-out-of-range", text: ["Site,Transmitter,Longitude,Latitude,Height (m),Electrical Downtilt (°),Power (dBm),DL EARFCN,Technology",
                                                  "S1,S1_1,107.0951,16.8163,30,35,46,1275,LTE"].joined(separator: "\n"),
                line: 2, needles: ["column 'Electrical Downtilt (°)' = 35", "-20…30"]),
        BadFile(name: "bad-bandwidth", text: ["Site,Transmitter,Longitude,Latitude,Height (m),Power (dBm),DL EARFCN,BW,Technology",
                                              "S1,S1_1,107.0951,16.8163,30,46,1275,7,LTE"].joined(separator: "\n"),
                line: 2, needles: ["column 'BW' = 7", "1.4, 3, 5, 10, 15, 20"]),
    ]

    /// The site list refuses the same ids (its reader is the cell list's shorthand twin).
    @Test func siteListRefusesALineBreakInAnId() throws {
        let path = tempFile("sites-newline.csv", "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n\"A\nB\",107.1,16.8,30,4G,1815,43,0\n")
        guard let e = inputError({ _ = try Inputs.sites(path) }) else { return }
        #expect(e.message == "\(path):2: site id holds a line break or another control character; write the id on one line", "\(e)")
    }

    @Test(arguments: badFiles) func badFileNamesFileLineAndColumn(_ bad: BadFile) throws {
        let path = tempFile("cells-\(bad.name).csv", bad.text + "\n")
        guard let e = inputError({ _ = try Inputs.cells(path) }) else { return }
        #expect(e.isInputError)
        #expect(e.message.hasPrefix("\(path):\(bad.line): "), "\(e)")
        #expect(e.file == path && e.line == bad.line, "\(e)")
        #expect(!e.message.contains("\n"), "\(e)")
        for n in bad.needles { #expect(e.message.contains(n), "'\(n)' missing from: \(e)") }
    }
}
