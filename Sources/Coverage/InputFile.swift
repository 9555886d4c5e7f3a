import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one gate every input file passes before it is opened: it must exist, be a regular file (a
/// FIFO would block the reader forever, a device such as `/dev/zero` never ends, a folder is not a
/// file) and be no larger than the limit of its kind. `stat(2)` answers all three without opening
/// the file, so nothing here can block.
///
/// The limits bound the memory a hostile or mistaken input can take (README "Bad input"):
/// readers hold a file's text and its parsed form at once, at up to ~25× the file's size for
/// GeoJSON (measured: README "Bad input").
public enum InputFile {
    /// Scenario and sweep YAML files (a scenario is a few kB; ~1,000× headroom).
    public static let yamlLimitBytes = 4 << 20
    /// CSV tables (sites, cells, costs, targets, population points, sweep results).
    public static let csvLimitBytes = 256 << 20
    /// GeoJSON layers (districts, roads, places, cables, OLTs, candidate sites and routes), which our
    /// reader holds as text and as a JSON tree at once.
    public static let geoJSONLimitBytes = 64 << 20
    /// Other vector GIS files, read feature by feature through GDAL (GeoPackage, Shapefile, FlatGeobuf …).
    public static let gdalVectorLimitBytes = 256 << 20
    /// The most coordinates (vertices) one input layer may hold. A run takes ~0.6 kB of memory per
    /// district vertex at its peak (GeoJSON tree, rings, GEOS copies, projection; measured, README
    /// "Bad input"), so this keeps a run under 2 GiB.
    public static let maxVerticesPerLayer = 2_500_000

    /// The number of coordinate positions in GeoJSON text, counted without parsing it: every `[`
    /// whose next non-space character starts a number (a position, or a `bbox`, which is counted too).
    public static func geoJSONPositionCount(_ data: Data) -> Int {
        var count = 0
        var open = false
        for b in data {
            if b == UInt8(ascii: "[") { open = true; continue }
            if open {
                if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { continue }
                if b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) { count += 1 }
                open = false
            }
        }
        return count
    }

    /// Refuses a layer of more than ``maxVerticesPerLayer`` vertices with a line naming the file.
    public static func checkVertexCount(_ count: Int, place: String) throws {
        guard count > maxVerticesPerLayer else { return }
        throw CoverageError.invalidInput(file: place, location: "", message:
            "\(count) vertices, over the limit of \(maxVerticesPerLayer) per layer (README \"Bad input\"); simplify it first, e.g. ogr2ogr -simplify 10 (metres in a projected CRS)")
    }
    /// One elevation tile (SRTM1 .hgt is 25.9 MB; an ESRI ASCII grid of 10⁸ cells ≈ 600 MB).
    public static let demTileLimitBytes = 1 << 30
    /// Other text inputs (path-loss profiles, manifests).
    public static let textLimitBytes = 64 << 20

    /// What `stat(2)` says a path is.
    public enum Kind: Equatable, Sendable {
        case missing, regular(bytes: Int), folder, fifo, device, socket, other

        var noun: String {
            switch self {
            case .missing: return "missing"
            case .regular: return "a file"
            case .folder: return "a folder"
            case .fifo: return "a FIFO (named pipe)"
            case .device: return "a device"
            case .socket: return "a socket"
            case .other: return "not a regular file"
            }
        }
    }

    /// The kind of `path` (following symbolic links, as opening it would).
    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular(bytes: Int(st.st_size))
        case S_IFDIR: return .folder
        case S_IFIFO: return .fifo
        case S_IFCHR, S_IFBLK: return .device
        case S_IFSOCK: return .socket
        default: return .other
        }
    }

    /// Checks that `path` is a regular file of at most `limitBytes`.
    /// - Parameter what: what the file is for, in the message ("sites CSV", "scenario").
    /// - Throws: `CoverageError.invalidInput` naming the path, what it is instead and what to do.
    public static func check(_ path: String, limitBytes: Int, what: String = "file") throws {
        switch kind(path) {
        case .regular(let bytes):
            guard bytes <= limitBytes else {
                throw CoverageError.invalidInput(file: path, location: "", message:
                    "\(bytes) bytes is over the \(megabytes(limitBytes)) MB (\(limitBytes) bytes) limit for a \(what) (README \"Bad input\"); split or simplify it")
            }
        case .missing:
            throw CoverageError.invalidInput(file: path, location: "", message: "cannot read file: it does not exist; check the path (a relative path in a scenario is relative to the scenario's folder)")
        case let other:
            throw CoverageError.invalidInput(file: path, location: "", message: "is \(other.noun), not a regular file; give the path of a \(what)")
        }
    }

    /// Reads a whole file after ``check(_:limitBytes:what:)``; the read itself stops at the limit,
    /// so a file that grows after the check cannot take more.
    public static func read(_ path: String, limitBytes: Int, what: String = "file") throws -> Data {
        try check(path, limitBytes: limitBytes, what: what)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CoverageError.invalidInput(file: path, location: "", message: "cannot open the file (permissions?)")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limitBytes + 1) ?? Data() } catch {
            throw CoverageError.invalidInput(file: path, location: "", message: "cannot read the file (\(error.localizedDescription))")
        }
        guard data.count <= limitBytes else {
            throw CoverageError.invalidInput(file: path, location: "", message: "grew past the \(megabytes(limitBytes)) MB limit for a \(what) while being read")
        }
        return data
    }

    /// Reads a whole file as UTF-8 text (a leading byte-order mark removed).
    public static func readText(_ path: String, limitBytes: Int, what: String = "file") throws -> String {
        let data = try read(path, limitBytes: limitBytes, what: what)
        guard var text = String(data: data, encoding: .utf8) else {
            throw CoverageError.invalidInput(file: path, location: "", message: "not UTF-8 text; save the file as UTF-8")
        }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return text
    }

    static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_048_576
        return mb >= 10 ? String(Int(mb.rounded())) : String(format: "%.1f", mb)
    }
}
