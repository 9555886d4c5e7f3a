import Coverage
import Foundation

/// A synthetic terrain over Quảng Trị for the benchmarks (no real DEM can ship with the repository):
/// flat near the coast (east of 107.3° E), rising westward to a range of ridges up to ≈ 1500 m along
/// the Lao border, like the Trường Sơn; the ridges run north-west to south-east. Elevation is a sum of
/// sinusoids with seeded random directions, wavelengths (1.5–40 km) and phases, so the same seed gives
/// the same terrain everywhere. It only has to be as rough as real hills for the timing to mean
/// something; it is not a model of the real land.
struct SyntheticTerrain: Sendable {
    struct Wave: Sendable { var kx: Double, ky: Double, phase: Double, amplitude: Double }
    let waves: [Wave]

    init(seed: UInt64 = 2017) {
        var rng = SeededGenerator(seed: seed)
        var waves: [Wave] = []
        for k in 0..<24 {
            // Wavelengths from 40 km down to 1.5 km; directions mostly across NW–SE ridges.
            let wavelengthKm = 40 * pow(1.5 / 40, Double(k) / 23)
            let direction = (45 + (rng.unit() - 0.5) * (k < 8 ? 40 : 180)) * Double.pi / 180
            let cycles = 111.195 / wavelengthKm  // per degree
            waves.append(Wave(kx: 2 * Double.pi * cycles * cos(direction) * cos(16.7 * Double.pi / 180),
                              ky: 2 * Double.pi * cycles * sin(direction),
                              phase: 2 * Double.pi * rng.unit(), amplitude: pow(wavelengthKm / 40, 0.8)))
        }
        self.waves = waves
    }

    /// Elevation, metres above sea level, at a point (degrees).
    func elevationMeters(lon: Double, lat: Double) -> Double {
        let west = min(max((107.3 - lon) / 0.8, 0), 1)
        var n = 0.0, total = 0.0
        for w in waves {
            n += w.amplitude * sin(w.kx * lon + w.ky * lat + w.phase)
            total += w.amplitude
        }
        let relief = 0.5 + 0.5 * n / total * 2.2  // roughly 0…1
        // Plus ±3 m of short-wave roughness, about SRTM's own relative height error (6 m at 90 %,
        // Rodríguez et al., "A global assessment of the SRTM performance", PE&RS 72(3), 2006).
        return 5 + 1500 * pow(west, 1.5) * min(max(relief, 0), 1) + 3 * sin(lon * 3000) * sin(lat * 2900)
    }

    /// Writes 1″ SRTM tiles (3601 × 3601 big-endian Int16) for the given south-west corners.
    func writeTiles(to folder: URL, corners: [(lat: Int, lon: Int)]) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let side = 3601
        for corner in corners {
            let name = SRTMTile.tileName(lon: Double(corner.lon) + 0.5, lat: Double(corner.lat) + 0.5)
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { continue }
            var data = Data(count: side * side * 2)
            data.withUnsafeMutableBytes { raw in
                let b = raw.bindMemory(to: UInt8.self)
                for r in 0..<side {
                    let lat = Double(corner.lat + 1) - Double(r) / 3600
                    for c in 0..<side {
                        let lon = Double(corner.lon) + Double(c) / 3600
                        let v = UInt16(bitPattern: Int16(elevationMeters(lon: lon, lat: lat).rounded()))
                        b[2 * (r * side + c)] = UInt8(v >> 8)
                        b[2 * (r * side + c) + 1] = UInt8(v & 0xff)
                    }
                }
            }
            try data.write(to: url, options: .atomic)
        }
    }

    /// The four 1° tiles around Quảng Trị and 30 km beyond it (16–18° N, 106–108° E).
    static let quangTriTiles: [(lat: Int, lon: Int)] = [(16, 106), (16, 107), (17, 106), (17, 107)]
}
