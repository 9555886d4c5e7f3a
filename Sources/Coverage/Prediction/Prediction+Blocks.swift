import Foundation

/// A band of whole grid rows of a ``Prediction``, as ``Prediction/stream(sites:environments:radio:settings:grid:extent:clutter:terrain:blockRows:workers:consume:)``
/// hands them over: the same layers, row by row over the grid's full width (index = (row − ``row0``)·width + col).
public struct PredictionBlock: Sendable {
    /// First grid row of the block and its number of rows.
    public var row0: Int, rows: Int
    /// The block as a grid of its own (the rows' window of the prediction's grid).
    public var window: RasterGrid
    public var rsrpDBm: [Float], bestServer: [Int32], overlap: [UInt8], pathLossDB: [Float], sinrDB: [Float], covered: [Bool], inExtent: [Bool]
}

extension RasterGrid {
    /// Rows `row0 ..< row0 + rows` as a grid of their own: same columns, origin moved down by `row0` pixels.
    public func rows(_ row0: Int, count rows: Int) -> RasterGrid {
        RasterGrid(originX: originX, originY: originY - Double(row0) * cellSizeMeters, cellSizeMeters: cellSizeMeters,
                   width: width, height: rows, epsg: epsg)
    }
}

extension Prediction {
    /// Computes the prediction as ``compute(sites:environments:radio:settings:grid:inExtent:clutter:terrain:workers:)``
    /// does — the same values pixel for pixel — but a block of `blockRows` grid rows (one row of ``tilePixels``-pixel tiles by default) at
    /// a time, handing each block to `consume` in order from the north edge, so that memory holds two blocks (the one
    /// consumed and the next, computed meanwhile on `workers`), never the whole grid. The tiles of a block are
    /// computed in parallel and assembled in order: the blocks are the same whatever `workers`.
    ///
    /// - Parameters:
    ///   - extent: per pixel of a block's window (``RasterGrid/rows(_:count:)``), whether it is inside the extent;
    ///     called once per block, possibly while the previous block is consumed (e.g. ``extentMask(districts:grid:marginMeters:)``
    ///     on the window).
    ///   - blockRows: grid rows per block (≥ 1; the last block may be shorter); a multiple of ``tilePixels`` computes
    ///     whole tiles, fewer rows compute each tile in pieces (the same values).
    /// - Returns: the cells (the lookup table of `best_server`).
    /// - Throws: what ``compute(sites:environments:radio:settings:grid:inExtent:clutter:terrain:workers:)`` throws, and
    ///   what `extent` and `consume` throw (the blocks after it are not computed).
    public static func stream(sites: [Site], environments: [Environment], radio s: RadioSettings, settings p: PredictionSettings,
                              grid: RasterGrid, extent: @escaping @Sendable (RasterGrid) throws -> [Bool], clutter: ClutterMap? = nil,
                              terrain: TerrainCoverage? = nil, blockRows: Int = tilePixels, workers: Int = Parallel.defaultWorkers,
                              consume: (PredictionBlock) async throws -> Void) async throws -> [PredictedCell] {
        precondition(blockRows >= 1, "at least one row per block")
        let network = try await Network.prepare(sites: sites, environments: environments, radio: s, settings: p, grid: grid,
                                                clutter: clutter, terrain: terrain, workers: workers)
        let count = (grid.height + blockRows - 1) / blockRows
        @Sendable func block(_ b: Int) async throws -> PredictionBlock {
            let row0 = b * blockRows, rows = min(blockRows, grid.height - row0)
            let window = grid.rows(row0, count: rows)
            let mask = try extent(window)
            precondition(mask.count == window.pixelCount, "one extent flag per pixel of the block")
            return try await network.block(row0: row0, rows: rows, window: window, mask: mask, workers: workers)
        }
        var next: Task<PredictionBlock, Error>? = count > 0 ? Task { try await block(0) } : nil
        for b in 0..<count {
            guard let pending = next else { break }
            let current: PredictionBlock
            do { current = try await pending.value } catch { throw error }
            next = b + 1 < count ? Task { try await block(b + 1) } : nil
            do { try await consume(current) } catch {
                next?.cancel()
                _ = try? await next?.value
                throw error
            }
        }
        return network.cells
    }
}

extension Prediction.Network {
    /// Grid rows `row0 ..< row0 + rows` computed in parallel, a piece of a tile at a time (the rows a tile shares with
    /// the block), and assembled in order.
    func block(row0: Int, rows: Int, window: RasterGrid, mask: [Bool], workers: Int) async throws -> PredictionBlock {
        let n = Prediction.tilePixels, tilesX = self.tilesX, width = grid.width
        // Pieces: (first row, rows) of each tile row the block meets.
        var spans: [(Int, Int)] = []
        var r = row0
        while r < row0 + rows { let end = min(row0 + rows, (r / n + 1) * n); spans.append((r, end - r)); r = end }
        let pieces = spans
        let tiles = try await Parallel.map(count: tilesX * pieces.count, workers: workers) { t -> Prediction.Tile in
            self.tile(col0: (t % tilesX) * n, row0: pieces[t / tilesX].0, rows: pieces[t / tilesX].1, mask: mask, maskRow0: row0)
        }
        let count = rows * width
        var out = PredictionBlock(row0: row0, rows: rows, window: window, rsrpDBm: [Float](repeating: .nan, count: count),
                                  bestServer: [Int32](repeating: -1, count: count), overlap: [UInt8](repeating: Prediction.overlapNoData, count: count),
                                  pathLossDB: [Float](repeating: .nan, count: count), sinrDB: [Float](repeating: .nan, count: count),
                                  covered: [Bool](repeating: false, count: count), inExtent: mask)
        for (t, tile) in tiles.enumerated() {
            let col0 = (t % tilesX) * n, r0 = pieces[t / tilesX].0 - row0
            for r in 0..<tile.rows {
                let src = r * tile.cols, dst = (r0 + r) * width + col0
                for c in 0..<tile.cols {
                    out.rsrpDBm[dst + c] = tile.rsrp[src + c]; out.bestServer[dst + c] = tile.best[src + c]
                    out.overlap[dst + c] = tile.overlap[src + c]; out.pathLossDB[dst + c] = tile.pathLoss[src + c]
                    out.sinrDB[dst + c] = tile.sinr[src + c]; out.covered[dst + c] = tile.covered[src + c]
                }
            }
        }
        return out
    }
}
