/// Radio access technology of a site or cell.
public enum Technology: String, Sendable, CaseIterable, Codable {
    case umts = "3G"
    case lte = "4G"
    /// 5G NR (FR1 cells of a cell list); counted as 4G-or-better coverage, see ``counts(toward:)``.
    case nr = "5G"

    /// Whether a site of this technology gives coverage in a run of `run` (`radio.technology`): 3G in a 3G run;
    /// 4G and 5G NR in a 4G run, whose statistics are then "4G or better" (a phone in NR coverage has mobile
    /// broadband at least as good as LTE's, and operators count it so). With no 5G sites this is equality.
    public func counts(toward run: Technology) -> Bool {
        self == run || (self == .nr && run == .lte)
    }
}

/// One cell (sector transmitter) of a site, with its own antenna, height, carrier, power and tilt.
public struct Cell: Sendable, Hashable {
    /// Cell id, unique within its site (e.g. "QT0001-1", or the id of a cell list).
    public var id: String
    /// Boresight azimuth, degrees clockwise from north; nil for an omni cell.
    public var azimuthDegrees: Double?
    /// Antenna height above ground (m).
    public var heightMeters: Double
    /// Downlink carrier frequency (MHz).
    public var bandMHz: Double
    /// Total transmit power of the cell at the antenna port before cable loss (dBm).
    public var powerDBm: Double
    /// Mechanical and electrical downtilt (degrees, positive down); the electrical one is added to the
    /// pattern's own (``AntennaPattern/electricalTiltDegrees``).
    public var mechanicalTiltDegrees: Double
    public var electricalTiltDegrees: Double
    /// A 3D antenna pattern (horizontal + vertical cut); nil for the scenario's horizontal-only 3GPP
    /// pattern (`radio.antenna_gain_dbi`, `beamwidth_deg`, `front_to_back_db`).
    public var antenna: AntennaPattern?
    /// LTE channel bandwidth (MHz) for the reference-signal power; nil for `radio.bandwidth_mhz`.
    public var bandwidthMHz: Double?
    /// LTE physical cell id (0…503, 3GPP TS 36.211 §6.11) when the cell list gives one; nil otherwise. Not used by
    /// coverage: `sim calibrate` resolves drive-test rows that name their serving cell by PCI and EARFCN with it.
    public var pci: Int?
    /// The cell's technology when it differs from its site's (a 5G NR cell on a 4G site); nil = the site's.
    public var technology: Technology?
    /// NR subcarrier spacing (kHz; 15, 30 or 60) of a 5G NR cell, nil otherwise. With ``bandwidthMHz`` it gives
    /// N_RB for the SS-RSRP resource-element power (TS 38.104 Table 5.3.2-1, ``NRBandwidth``).
    public var subcarrierSpacingKHz: Double?

    public init(id: String, azimuthDegrees: Double?, heightMeters: Double, bandMHz: Double, powerDBm: Double,
                mechanicalTiltDegrees: Double = 0, electricalTiltDegrees: Double = 0, antenna: AntennaPattern? = nil,
                bandwidthMHz: Double? = nil, pci: Int? = nil, technology: Technology? = nil, subcarrierSpacingKHz: Double? = nil) {
        self.id = id; self.azimuthDegrees = azimuthDegrees; self.heightMeters = heightMeters; self.bandMHz = bandMHz
        self.powerDBm = powerDBm; self.mechanicalTiltDegrees = mechanicalTiltDegrees; self.electricalTiltDegrees = electricalTiltDegrees
        self.antenna = antenna; self.bandwidthMHz = bandwidthMHz; self.pci = pci
        self.technology = technology; self.subcarrierSpacingKHz = subcarrierSpacingKHz
    }

    /// True when the cell needs the 3D (radial) footprint: a pattern file, or a tilt (which only a
    /// vertical pattern can express).
    public var isThreeDimensional: Bool { antenna != nil || mechanicalTiltDegrees != 0 || electricalTiltDegrees != 0 }
}

/// A base-station site with its sectors.
public struct Site: Sendable {
    public var id: String
    /// WGS 84 position (degrees).
    public var lon: Double
    public var lat: Double
    /// Position in the scenario's projected CRS (metres).
    public var position: Point2
    /// Antenna height above ground (m). For a site from a cell list: its first cell's.
    public var heightMeters: Double
    public var technology: Technology
    /// Downlink carrier frequency (MHz). For a site from a cell list: its first cell's.
    public var bandMHz: Double
    /// Total transmit power per sector at the antenna port before cable loss (dBm). For a site from a cell list: its first cell's.
    public var powerDBm: Double
    /// Sector boresight azimuths (degrees clockwise from north); empty for an omni site.
    public var azimuthsDegrees: [Double]
    /// Year the site went on air (or planned).
    public var year: Int?
    /// The cells of a site read from a cell list (`inputs.cells`); nil for a site-list row, whose
    /// cells follow from the fields above (``cells``).
    public var listedCells: [Cell]?

    public init(id: String, lon: Double, lat: Double, position: Point2, heightMeters: Double, technology: Technology,
                bandMHz: Double, powerDBm: Double, azimuthsDegrees: [Double], year: Int? = nil) {
        self.id = id; self.lon = lon; self.lat = lat; self.position = position; self.heightMeters = heightMeters
        self.technology = technology; self.bandMHz = bandMHz; self.powerDBm = powerDBm
        self.azimuthsDegrees = azimuthsDegrees; self.year = year
    }

    /// A site from its cells (at least one): the site-level fields are the first cell's, the azimuths all cells'.
    public init(id: String, lon: Double, lat: Double, position: Point2, technology: Technology, cells: [Cell], year: Int? = nil) {
        precondition(!cells.isEmpty, "a site has at least one cell")
        self.init(id: id, lon: lon, lat: lat, position: position, heightMeters: cells[0].heightMeters, technology: technology,
                  bandMHz: cells[0].bandMHz, powerDBm: cells[0].powerDBm, azimuthsDegrees: cells.compactMap(\.azimuthDegrees), year: year)
        listedCells = cells
    }

    /// The site's cells: the listed ones, or one per azimuth ("ID-1", "ID-2" …) — one omni cell "ID" when
    /// there are none — with the site's height, band and power and the scenario's horizontal pattern.
    public var cells: [Cell] {
        if let listedCells { return listedCells }
        if azimuthsDegrees.isEmpty { return [Cell(id: id, azimuthDegrees: nil, heightMeters: heightMeters, bandMHz: bandMHz, powerDBm: powerDBm)] }
        return azimuthsDegrees.enumerated().map { k, a in
            Cell(id: "\(id)-\(k + 1)", azimuthDegrees: a, heightMeters: heightMeters, bandMHz: bandMHz, powerDBm: powerDBm)
        }
    }

    /// Applies `change` to the site-level fields' cell and to every listed cell (site overrides, upgrades).
    public mutating func updateCells(_ change: (inout Cell) -> Void) {
        var c = Cell(id: id, azimuthDegrees: nil, heightMeters: heightMeters, bandMHz: bandMHz, powerDBm: powerDBm)
        change(&c)
        heightMeters = c.heightMeters; bandMHz = c.bandMHz; powerDBm = c.powerDBm
        if var listed = listedCells {
            for i in listed.indices { change(&listed[i]) }
            listedCells = listed
        }
    }

    /// True when every cell shares the site's height and band and none needs a 3D pattern: the footprint is
    /// then the flat-earth star of the best cell per bearing (one path-loss curve for the whole site).
    public var cellsShareOnePathLoss: Bool {
        cells.allSatisfy { $0.heightMeters == heightMeters && $0.bandMHz == bandMHz && !$0.isThreeDimensional }
    }
}
