import Foundation

/// The land a receiver stands on, per location: a class per pixel of a projected grid, each class
/// naming the environment whose model rule applies there (``RadioSettings/modelRules``) and a clutter
/// loss (dB) added to the path loss of every signal received there.
///
/// Okumura's and Hata's area corrections describe the *mobile's* surroundings (Hata 1980, IEEE Trans.
/// Veh. Tech. VT-29(3) §II: "open area … farmland, rice fields", "suburban … village or highway scattered
/// with trees and houses", "urban … built-up city or large town"), so the environment is read where the
/// signal is received, not where the mast stands: along each radial of a footprint and at each pixel of
/// a prediction. A map comes from a land-cover raster (``read(path:classes:fallback:grid:)``) or from the
/// population surface's density (``fromDensity(population:grid:thresholds:fallback:)``).
public struct ClutterMap: Sendable {
    /// One land class.
    public struct Class: Sendable, Hashable, Codable {
        /// The value the class has in the land-cover raster (e.g. ESA WorldCover 10 = tree cover).
        public var code: Int
        public var name: String
        /// The environment whose model rule applies to receivers on this class.
        public var environment: Environment
        /// Extra loss (dB, ≥ 0) for receivers on this class, on top of the environment's model.
        public var lossDB: Double

        public init(code: Int, name: String, environment: Environment, lossDB: Double = 0) {
            self.code = code; self.name = name; self.environment = environment; self.lossDB = lossDB
        }
    }

    /// Per-pixel density classes of ``fromDensity(population:grid:thresholds:fallback:)`` (persons per km²).
    public struct DensityThresholds: Sendable, Hashable {
        /// At or above: urban (DEGURBA "urban centre" cell density, 1,500 inhabitants/km²).
        public var urbanPerKm2: Double
        /// At or above (and below urban): suburban (DEGURBA "urban cluster" cell density, 300 inhabitants/km²).
        public var suburbanPerKm2: Double
        public init(urbanPerKm2: Double, suburbanPerKm2: Double) { self.urbanPerKm2 = urbanPerKm2; self.suburbanPerKm2 = suburbanPerKm2 }
    }

    /// The grid the classes are on (the study's projected CRS).
    public let grid: RasterGrid
    /// The classes; `slots` holds indices into this list.
    public let classes: [Class]
    /// Per pixel (row by row), the index of its class in ``classes``.
    public let slots: [UInt8]
    /// The class of locations off the grid or without data.
    public let fallback: Int
    /// The environments the classes use, each once, in the order of ``classes``.
    public let environments: [Environment]
    /// Per class, the index of its environment in ``environments``.
    public let environmentSlot: [Int]

    /// - Precondition: `slots` has one value per pixel, each an index of `classes`, and `fallback` is one;
    ///   at most 255 classes.
    public init(grid: RasterGrid, classes: [Class], slots: [UInt8], fallback: Int) {
        precondition(slots.count == grid.pixelCount && classes.count <= 255 && classes.indices.contains(fallback))
        self.grid = grid; self.classes = classes; self.slots = slots; self.fallback = fallback
        var envs: [Environment] = []
        for c in classes where !envs.contains(c.environment) { envs.append(c.environment) }
        environments = envs
        environmentSlot = classes.map { c in envs.firstIndex(of: c.environment)! }
    }

    /// The class index at `p` (projected metres): the pixel's, or ``fallback`` off the grid.
    @inlinable public func classIndex(x: Double, y: Double) -> Int {
        let c = ((x - grid.originX) / grid.cellSizeMeters).rounded(.down), r = ((grid.originY - y) / grid.cellSizeMeters).rounded(.down)
        guard c >= 0, r >= 0, c < Double(grid.width), r < Double(grid.height) else { return fallback }
        return Int(slots[Int(r) * grid.width + Int(c)])
    }

    /// The class at `p`.
    public func `class`(at p: Point2) -> Class { classes[classIndex(x: p.x, y: p.y)] }

    // MARK: From population density

    /// Classes by population density: the persons of the surface's points summed per pixel of `grid`,
    /// divided by the pixel's area, then urban ≥ `thresholds.urbanPerKm2` > suburban ≥
    /// `thresholds.suburbanPerKm2` > `fallback`. The thresholds default (scenario file) to the cell
    /// densities of the Degree of Urbanisation (Eurostat/OECD/FAO/ILO/UN-Habitat/World Bank 2020, endorsed
    /// by the UN Statistical Commission in March 2020: urban centres ≥ 1,500 inhabitants/km², urban
    /// clusters ≥ 300); the method's contiguity and size rules are not applied (each pixel alone).
    /// Population alone cannot tell open fields from forest, so every thinly peopled pixel gets `fallback`.
    /// Class codes: 1 below the suburban density (the fallback), 2 suburban, 3 urban.
    public static func fromDensity(population: PopulationSurface, grid: RasterGrid, thresholds t: DensityThresholds,
                                   fallback: Class) throws -> ClutterMap {
        guard t.urbanPerKm2 > t.suburbanPerKm2, t.suburbanPerKm2 > 0 else {
            throw CoverageError.invalidInput(file: "", location: "clutter.density", message: "the urban density (\(t.urbanPerKm2)/km²) must exceed the suburban one (\(t.suburbanPerKm2)/km²), and both be positive")
        }
        var persons = [Double](repeating: 0, count: grid.pixelCount)
        for (i, p) in population.positions.enumerated() {
            if let (c, r) = grid.pixel(of: p) { persons[r * grid.width + c] += population.population[i] }
        }
        let km2 = grid.pixelAreaM2 / 1e6
        var below = fallback
        below.code = 1
        let classes = [below, Class(code: 2, name: "suburban (≥ \(JSONValue.format(t.suburbanPerKm2)) /km²)", environment: .suburban),
                       Class(code: 3, name: "urban (≥ \(JSONValue.format(t.urbanPerKm2)) /km²)", environment: .urban)]
        let slots = persons.map { p -> UInt8 in
            let density = p / km2
            return density >= t.urbanPerKm2 ? 2 : density >= t.suburbanPerKm2 ? 1 : 0
        }
        return ClutterMap(grid: grid, classes: classes, slots: slots, fallback: 0)
    }

    // MARK: From a land-cover raster

    /// The ESA WorldCover 10 m 2020/2021 classes (Zanaga et al. 2021, Product User Manual Table 1) with the
    /// environment each is modelled as (README "Clutter" gives the reasons): built-up urban; tree cover and
    /// mangroves `forest` (ITU-R P.2108-1 Table 3 puts trees/forest in the urban clutter category, 15 m
    /// representative height; Okumura's urban class includes "tall, thickly grown trees"); shrubland `rural`;
    /// cropland, grassland, bare land, water, wetland, snow and moss `open` (Hata's open area: "farmland,
    /// rice fields, open fields"). No class loss: the environments' models carry the difference.
    public static let worldCoverClasses: [Class] = [
        Class(code: 10, name: "tree cover", environment: .forest),
        Class(code: 20, name: "shrubland", environment: .rural),
        Class(code: 30, name: "grassland", environment: .open),
        Class(code: 40, name: "cropland", environment: .open),
        Class(code: 50, name: "built-up", environment: .urban),
        Class(code: 60, name: "bare / sparse vegetation", environment: .open),
        Class(code: 70, name: "snow and ice", environment: .open),
        Class(code: 80, name: "permanent water bodies", environment: .open),
        Class(code: 90, name: "herbaceous wetland", environment: .open),
        Class(code: 95, name: "mangroves", environment: .forest),
        Class(code: 100, name: "moss and lichen", environment: .open),
    ]
}
