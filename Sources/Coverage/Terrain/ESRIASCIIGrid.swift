import Foundation

/// Reader for ESRI ASCII raster grids (`.asc`) in WGS84 longitude/latitude degrees.
///
/// Format (ESRI, "Esri ASCII raster format", ArcGIS documentation): a header of `key value` lines —
/// `ncols`, `nrows`, `xllcorner` or `xllcenter`, `yllcorner` or `yllcenter`, `cellsize`, and optionally
/// `NODATA_value` (default −9999) — keys case-insensitive and in any order, followed by `nrows` rows of
/// `ncols` values, the first row being the northernmost. `xllcorner`/`yllcorner` give the outer lower-left
/// corner of the grid; `xllcenter`/`yllcenter` the centre of the lower-left cell. The grid's cell size
/// must be in degrees (projected grids are not supported here).
public enum ESRIASCIIGrid {
    /// The largest grid (columns × rows) `parse` accepts: 10⁸ cells.
    public static let maxCells = 100_000_000.0

    /// Reads a grid from disk.
    /// - Throws: `CoverageError.invalidInput` naming the file and line of the first problem.
    public static func read(url: URL) throws -> ElevationGrid {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CoverageError.invalidInput(file: url.path, location: "", message: "cannot read ESRI ASCII grid: \(error.localizedDescription)")
        }
        return try parse(text: text, fileName: url.lastPathComponent)
    }

    /// Parses the text of a grid.
    /// - Parameters:
    ///   - text: the whole file.
    ///   - fileName: name used in error messages.
    /// - Throws: `CoverageError.invalidInput` with "line N" for a malformed or missing header entry, a
    ///   value that is not a number, or a wrong number of values.
    public static func parse(text: String, fileName: String) throws -> ElevationGrid {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var header: [String: Double] = [:]
        var lineIndex = 0
        let known = ["ncols", "nrows", "xllcorner", "xllcenter", "yllcorner", "yllcenter", "cellsize", "nodata_value"]
        func fail(_ line: Int, _ message: String) -> CoverageError {
            .invalidInput(file: fileName, location: "line \(line)", message: message)
        }

        // Header: lines whose first token is not a number.
        while lineIndex < lines.count {
            let tokens = lines[lineIndex].split(whereSeparator: { $0 == " " || $0 == "\t" })
            if tokens.isEmpty { lineIndex += 1; continue }
            if Double(tokens[0]) != nil { break }
            let key = tokens[0].lowercased()
            guard known.contains(key) else {
                throw fail(lineIndex + 1, "unknown header key '\(tokens[0])'; expected one of \(known.joined(separator: ", "))")
            }
            guard tokens.count == 2, let value = Double(tokens[1]) else {
                throw fail(lineIndex + 1, "header '\(tokens[0])' needs exactly one numeric value")
            }
            header[key] = value
            lineIndex += 1
        }
        let headerEnd = lineIndex + 1
        func required(_ keys: [String]) throws -> (String, Double) {
            for key in keys { if let v = header[key] { return (key, v) } }
            throw fail(headerEnd, "header is missing \(keys.joined(separator: " or "))")
        }
        let (_, ncolsValue) = try required(["ncols"])
        let (_, nrowsValue) = try required(["nrows"])
        let (xKey, xll) = try required(["xllcorner", "xllcenter"])
        let (yKey, yll) = try required(["yllcorner", "yllcenter"])
        let (_, cellSize) = try required(["cellsize"])
        let noData = header["nodata_value"] ?? -9999
        guard ncolsValue >= 1, nrowsValue >= 1, ncolsValue == ncolsValue.rounded(), nrowsValue == nrowsValue.rounded() else {
            throw fail(headerEnd, "ncols and nrows must be whole numbers ≥ 1 (got \(ncolsValue), \(nrowsValue))")
        }
        guard cellSize > 0, cellSize.isFinite else { throw fail(headerEnd, "cellsize must be > 0 (got \(cellSize))") }
        // At most 10⁸ cells (400 MB of Float32; an SRTM1 tile is 3601² ≈ 1.3 × 10⁷). Checked before
        // the conversion to Int, which traps beyond Int.max (terrain fuzz harness; Fuzz/regressions/terrain).
        guard ncolsValue * nrowsValue <= Self.maxCells else {
            throw fail(headerEnd, "a grid of \(ncolsValue) × \(nrowsValue) cells is larger than the \(Self.maxCells) this reader accepts; cut it into tiles")
        }
        let columns = Int(ncolsValue)
        let rows = Int(nrowsValue)

        var values = [Float]()
        values.reserveCapacity(columns * rows)
        while lineIndex < lines.count {
            for token in lines[lineIndex].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
                guard let v = Float(token) else { throw fail(lineIndex + 1, "'\(token)' is not a number") }
                values.append(v)
            }
            lineIndex += 1
        }
        guard values.count == columns * rows else {
            throw fail(lines.count, "expected \(rows) × \(columns) = \(columns * rows) values, found \(values.count)")
        }
        // Centre of the south-west cell.
        let westCentre = xKey == "xllcorner" ? xll + cellSize / 2 : xll
        let southCentre = yKey == "yllcorner" ? yll + cellSize / 2 : yll
        return ElevationGrid(
            name: fileName, columns: columns, rows: rows, firstLongitude: westCentre,
            firstLatitude: southCentre + Double(rows - 1) * cellSize, longitudeStepDegrees: cellSize,
            latitudeStepDegrees: cellSize, marginDegrees: cellSize / 2, storage: .float(values, noData: Float(noData)))
    }
}
