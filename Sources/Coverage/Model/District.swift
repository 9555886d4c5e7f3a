/// The land-use class that picks a district's path-loss model (scenario setting).
///
/// Each names a row of model rules (``ModelRule``); the defaults (scenario defaults.yaml, README "Clutter")
/// follow Hata's (1980) area classes: `urban` the urban correction, `suburban` and `rural` (villages, scattered
/// houses and trees) the suburban one, `open` (farmland, rice fields) the open-area one, and `forest` the
/// urban one (ITU-R P.2108-1 Table 3: trees/forest are in the urban clutter category).
public enum Environment: String, Sendable, CaseIterable, Codable {
    case urban, suburban, rural, open, forest
}

/// An administrative district: the unit every statistic is reported for.
public struct District: Sendable {
    /// GSO code (e.g. "461" for Đông Hà) or the layer's own id.
    public var id: String
    /// Vietnamese name with diacritics, e.g. "Thành phố Đông Hà".
    public var name: String
    /// ASCII name, e.g. "Dong Ha".
    public var nameASCII: String
    /// Census population (persons).
    public var population: Int
    /// Boundary in the scenario's projected CRS (metres).
    public var polygons: [Polygon2]
    /// Boundary in WGS 84 lon/lat, as read.
    public var polygonsLonLat: [Polygon2]
    public var environment: Environment

    public init(id: String, name: String, nameASCII: String, population: Int, polygons: [Polygon2], polygonsLonLat: [Polygon2], environment: Environment) {
        self.id = id; self.name = name; self.nameASCII = nameASCII; self.population = population
        self.polygons = polygons; self.polygonsLonLat = polygonsLonLat; self.environment = environment
    }

    public var bounds: BoundingBox { BoundingBox(points: polygons.flatMap(\.exterior))! }
}
