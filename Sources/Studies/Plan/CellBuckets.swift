import Coverage
import Foundation
import Planner

/// Cell indices bucketed on a square grid, for box queries that return indices in ascending order.
package struct CellBuckets: Sendable {
    let sizeMeters: Double
    let buckets: [Int64: [Int]]

    init(cells: [Int], positions: [Point2], sizeMeters: Double) {
        self.sizeMeters = sizeMeters
        var b: [Int64: [Int]] = [:]
        for c in cells { b[CellBuckets.key(Int64(floor(positions[c].x / sizeMeters)), Int64(floor(positions[c].y / sizeMeters))), default: []].append(c) }
        buckets = b
    }

    static func key(_ ix: Int64, _ iy: Int64) -> Int64 { (ix << 32) ^ (iy & 0xFFFF_FFFF) }

    /// Cells whose bucket meets the box (a superset of the cells inside it), ascending.
    func query(_ box: BoundingBox) -> [Int] {
        var out: [Int] = []
        let x0 = Int64(floor(box.minX / sizeMeters)), x1 = Int64(floor(box.maxX / sizeMeters))
        let y0 = Int64(floor(box.minY / sizeMeters)), y1 = Int64(floor(box.maxY / sizeMeters))
        for ix in x0...x1 { for iy in y0...y1 { if let c = buckets[CellBuckets.key(ix, iy)] { out += c } } }
        return out.sorted()
    }
}
