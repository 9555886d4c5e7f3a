import Foundation

/// The median RSRP of one cell at one point (``Prediction/levels(at:sites:environments:radio:floorDBm:)``).
public struct CellLevel: Sendable, Hashable {
    /// Index into ``PointLevels/cells``.
    public var cell: Int
    /// Median RSRP, dBm (link budget, antenna pattern, the rule's model with its correction; no shadowing).
    public var rsrpDBm: Double
    /// The model's path loss at ``distanceMeters``, dB.
    public var pathLossDB: Double
    /// 2D ground distance from the cell's site, metres.
    public var distanceMeters: Double
}

/// Per point, every cell heard above the floor (``Prediction/levels(at:sites:environments:radio:floorDBm:)``).
public struct PointLevels: Sendable {
    /// The cells of the scenario's technology, in the order of ``Prediction/cells``.
    public var cells: [PredictedCell]
    /// Per point, the cells whose median RSRP is at least the floor, in cell order.
    public var levels: [[CellLevel]]

    /// The best server of point `i` (highest median RSRP; ties: the lower cell index, as in the rasters), nil when none.
    public func bestServer(_ i: Int) -> CellLevel? {
        var best: CellLevel? = nil
        for l in levels[i] where best == nil || l.rsrpDBm > best!.rsrpDBm { best = l }
        return best
    }
}

extension Prediction {
    /// The median RSRP of every cell at arbitrary points (drive-test samples), by the same equation as the
    /// rasters (see ``Prediction``) but evaluated exactly — the path loss from the model rather than the
    /// rasters' interpolated path-gain table (which agrees within 0.001 dB), the horizontal pattern from the
    /// antenna formula rather than its 0.1° table.
    ///
    /// - Parameters:
    ///   - points: positions in the scenario's projected CRS, metres.
    ///   - sites: all sites; cells of those of `radio.technology` are evaluated.
    ///   - environments: the environment of each site, same order as `sites`.
    ///   - clutter: the receiver's land class per location: its environment's model and its loss apply at each
    ///     point (``ClutterMap``); nil for each site's environment everywhere.
    ///   - floorDBm: cells below this median RSRP at a point are left out; each cell is followed out to where its
    ///     peak-gain RSRP falls to the floor, at most `radio.max_radius_m` (as ``PredictedCell/reachMeters``).
    /// - Throws: what ``compute(sites:environments:radio:settings:grid:inExtent:workers:)`` throws for a bad site.
    /// - Complexity: O(points × cells).
    public static func levels(at points: [Point2], sites: [Site], environments: [Environment], radio s: RadioSettings,
                              floorDBm: Double, clutter: ClutterMap? = nil) throws -> PointLevels {
        let groups = try emitterGroups(sites: sites, environments: environments, radio: s, floorDBm: floorDBm, clutter: clutter)
        let cells = groups.flatMap { g in g.cells.map(\.info) }
        let rx = s.rxHeightMeters
        var out: [[CellLevel]] = []
        out.reserveCapacity(points.count)
        for p in points {
            var heard: [CellLevel] = []
            let cls = clutter?.classIndex(x: p.x, y: p.y)
            let env = cls.map { clutter!.environmentSlot[$0] } ?? 0, extra = cls.map { clutter!.classes[$0].lossDB } ?? 0
            for g in groups {
                let dx = p.x - g.x, dy = p.y - g.y, d2 = dx * dx + dy * dy
                guard d2 <= g.reach2 else { continue }
                let d = d2.squareRoot()
                let loss = g.models[env].pathLossDB(distanceMeters: d, frequencyMHz: g.bandMHz, txHeightMeters: g.heightMeters, rxHeightMeters: rx) + extra
                var bearing = atan2(dx, dy) * 180 / .pi
                if bearing < 0 { bearing += 360 }
                for e in g.cells where d2 <= e.reach2 {
                    let gain: Double
                    if let pattern = e.pattern {
                        let depression = AntennaPattern.depressionAngleDegrees(horizontalDistanceMeters: d, antennaHeightMeters: g.heightMeters, receiverHeightMeters: rx)
                        gain = pattern.gainDBi(azimuthOffBoresightDegrees: bearing - e.azimuth, elevationDownDegrees: depression,
                                               mechanicalTiltDegrees: e.mechanicalTilt, electricalTiltDegrees: e.electricalTilt)
                    } else {
                        gain = e.sector.gainDBi + e.sector.horizontalGainOffsetDB(bearingDegrees: bearing)
                    }
                    let rsrp = e.head + gain - loss
                    if rsrp >= floorDBm { heard.append(CellLevel(cell: Int(e.index), rsrpDBm: rsrp, pathLossDB: loss, distanceMeters: d)) }
                }
            }
            out.append(heard)
        }
        return PointLevels(cells: cells, levels: out)
    }
}
