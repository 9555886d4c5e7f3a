import Collections  // Heap

/// Routes for new fibre along the road layer: from the served cable network, along roads, to a
/// target (a cluster of unreached households). Fibre in Viet Nam is laid on road-side poles or in
/// road-side trenches, so a route that follows the road is the realistic one wherever a road
/// passes near both ends.
///
/// The road graph has a node at every road vertex (coordinates equal within 1 cm are one node) and
/// an edge along every road segment. Each road vertex within `maxSpurMeters` of the served network
/// is a source: a straight spur joins it to its ``NetworkAttachment`` point. One multi-source
/// Dijkstra (Dijkstra 1959) gives every vertex its shortest spur + road distance from the network;
/// a target then takes the road vertex within `maxSpurMeters` that minimises that distance plus a
/// straight final spur. Roads that cross without a shared vertex are not joined (road layers share
/// vertices at junctions; the Quảng Trị layer does).
///
/// Distances are planar metres in the projected CRS. Deterministic: ties go to the lower vertex index.
public struct RoadRouter: Sendable {
    /// A route from the network to a target.
    public struct Route: Sendable, Hashable {
        /// Attachment point on the served network, then road vertices, then the target (metres).
        public var line: LineString2
        /// Optical budget left at the attachment point (m).
        public var budgetMeters: Double
    }

    let nodes: [Point2]
    let adjacency: [[(node: Int, length: Double)]]
    /// Per node: distance from the network (spur + roads), the source node and its attachment; nil = unreachable.
    let distance: [Double]
    let previous: [Int]
    let attachment: [NetworkAttachment.Point?]
    public let maxSpurMeters: Double

    /// Builds the road graph and runs the search from the served network.
    /// - Parameters:
    ///   - roads: road centre lines (metres).
    ///   - segments: the reach result's cable pieces (their served parts and budgets are used).
    ///   - maxSpurMeters: the longest straight spur at either end (e.g. the route cluster size).
    /// - Complexity: O(V · S) for the attachments (V road vertices, S served cable vertices) plus
    ///   O(E log V) for the search.
    public init(roads: [LineString2], segments: [ReachSegment], maxSpurMeters: Double) {
        self.maxSpurMeters = maxSpurMeters
        var index: [Int64: Int] = [:]   // 1 cm grid key → node
        var nodes: [Point2] = []
        var adjacency: [[(node: Int, length: Double)]] = []
        func node(_ p: Point2) -> Int {
            let key = (Int64((p.x * 100).rounded()) &* 73_856_093) ^ (Int64((p.y * 100).rounded()) &* 19_349_663)
            if let n = index[key], hypot2(nodes[n], p) < 0.02 { return n }
            index[key] = nodes.count
            nodes.append(p)
            adjacency.append([])
            return nodes.count - 1
        }
        for road in roads {
            for i in road.points.indices.dropFirst() {
                let a = node(road.points[i - 1]), b = node(road.points[i])
                guard a != b else { continue }
                let l = hypot2(nodes[a], nodes[b])
                adjacency[a].append((b, l)); adjacency[b].append((a, l))
            }
        }
        var distance = [Double](repeating: .infinity, count: nodes.count)
        var previous = [Int](repeating: -1, count: nodes.count)
        var attachment = [NetworkAttachment.Point?](repeating: nil, count: nodes.count)
        var heap = Heap<Entry>()
        for (n, p) in nodes.enumerated() {
            guard let a = NetworkAttachment.nearest(to: p, segments: segments) else { continue }
            let spur = hypot2(a.position, p)
            guard spur <= maxSpurMeters else { continue }
            attachment[n] = a
            distance[n] = spur
            heap.insert(Entry(key: spur, node: n))
        }
        while let top = heap.popMin() {
            guard top.key == distance[top.node] else { continue }
            for (other, l) in adjacency[top.node] {
                let d = top.key + l
                if d < distance[other] || (d == distance[other] && top.node < previous[other]) {
                    distance[other] = d
                    previous[other] = top.node
                    attachment[other] = attachment[top.node]
                    heap.insert(Entry(key: d, node: other))
                }
            }
        }
        self.nodes = nodes; self.adjacency = adjacency
        self.distance = distance; self.previous = previous; self.attachment = attachment
    }

    struct Entry: Comparable {
        var key: Double
        var node: Int
        static func < (l: Entry, r: Entry) -> Bool { l.key != r.key ? l.key < r.key : l.node < r.node }
    }

    /// Number of road-graph nodes (vertices).
    public var nodeCount: Int { nodes.count }

    /// The shortest network → roads → `target` route, or nil when no road vertex within
    /// `maxSpurMeters` of the target is connected to the network.
    public func route(to target: Point2) -> Route? {
        var best = -1
        var bestLength = Double.infinity
        for (n, p) in nodes.enumerated() where distance[n].isFinite {
            let spur = hypot2(p, target)
            guard spur <= maxSpurMeters else { continue }
            if distance[n] + spur < bestLength { bestLength = distance[n] + spur; best = n }
        }
        guard best >= 0, let a = attachment[best] else { return nil }
        var path: [Point2] = []
        var n = best
        while n >= 0 { path.append(nodes[n]); n = previous[n] }
        var points = [a.position] + path.reversed() + [target]
        points = points.enumerated().filter { i, p in i == 0 || p != points[i - 1] }.map(\.element)
        guard points.count >= 2 else { return nil }
        return Route(line: LineString2(points), budgetMeters: a.budgetMeters)
    }
}
