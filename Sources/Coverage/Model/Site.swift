/// Radio access technology of a site.
public enum Technology: String, Sendable, CaseIterable, Codable {
    case umts = "3G"
    case lte = "4G"
}

/// A base-station site with its sectors.
public struct Site: Sendable {
    public var id: String
    /// WGS 84 position (degrees).
    public var lon: Double
    public var lat: Double
    /// Position in the scenario's projected CRS (metres).
    public var position: Point2
    /// Antenna height above ground (m).
    public var heightMeters: Double
    public var technology: Technology
    /// Downlink carrier frequency (MHz).
    public var bandMHz: Double
    /// Total transmit power per sector at the antenna port before cable loss (dBm).
    public var powerDBm: Double
    /// Sector boresight azimuths (degrees clockwise from north); empty for an omni site.
    public var azimuthsDegrees: [Double]
    /// Year the site went on air (or planned).
    public var year: Int?

    public init(id: String, lon: Double, lat: Double, position: Point2, heightMeters: Double, technology: Technology,
                bandMHz: Double, powerDBm: Double, azimuthsDegrees: [Double], year: Int? = nil) {
        self.id = id; self.lon = lon; self.lat = lat; self.position = position; self.heightMeters = heightMeters
        self.technology = technology; self.bandMHz = bandMHz; self.powerDBm = powerDBm
        self.azimuthsDegrees = azimuthsDegrees; self.year = year
    }
}
