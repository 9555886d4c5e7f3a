/// The undirected cable graph the reach search runs on.
///
/// Construction (`NetworkGraph.build`):
/// 1. All cables are noded together with `GEOSNode_r`, so crossings and shared end points become
///    graph nodes (two cables crossing without a common vertex are connected, as a splice closure
///    at every crossing would be — an optimistic assumption stated in the result's docs).
/// 0. T-junctions: a cable end within the snap tolerance of another cable's interior is moved onto
///    its nearest point there, and that point is inserted as a vertex of the other cable, so the
///    noder sees a shared vertex and joins them (a drop cable spliced onto a passing feeder).
/// 2. Edge end points closer than the snap tolerance are merged (union–find over a uniform grid
///    hash with cells of the tolerance).
/// 3. Each edge remembers its source cable: the cable whose geometry is nearest the edge's
///    midpoint, found with an STRtree query (ties go to the lower cable index).
/// 4. Each OLT is projected (`GEOSProject_r`) onto its nearest edge within the snap tolerance and
///    that edge is split there, so the OLT is a node.
struct NetworkGraph {
    struct Edge {
        /// Node at the first point of `line`.
        var a: Int
        /// Node at the last point of `line`.
        var b: Int
        var line: LineString2
        var lengthMeters: Double
        /// Index into the cable list.
        var cable: Int
    }

    var nodes: [Point2] = []
    var edges: [Edge] = []
    /// Per node: (edge index, other node).
    var adjacency: [[(edge: Int, other: Int)]] = []
    /// Graph node of each OLT, in OLT order.
    var oltNodes: [Int] = []
    var warnings: [String] = []

    /// Step 0: for every cable end, the nearest point of any other cable within `tol` (an STRtree
    /// query per end, then a scan of the candidates' segments); when it is farther than `tol` from
    /// that cable's own ends (end-to-end snapping handles those), the end moves there and the point
    /// becomes a vertex of the other cable. Deterministic: ties go to the lower cable and segment index.
    static func snapTJunctions(_ lines: [LineString2], tolerance tol: Double, context ctx: GEOSContext) throws -> [LineString2] {
        var out = lines
        let tree = try GEOSSTRtree(context: ctx)
        for (i, l) in lines.enumerated() { tree.insert(try ctx.lineString(l), index: i) }
        var inserts: [Int: [(segment: Int, t: Double, point: Point2)]] = [:]
        for (i, line) in lines.enumerated() {
            for endIndex in [0, line.points.count - 1] {
                let e = line.points[endIndex]
                var best: (cable: Int, segment: Int, t: Double, point: Point2, d: Double)? = nil
                for j in try tree.query(BoundingBox(minX: e.x - tol, minY: e.y - tol, maxX: e.x + tol, maxY: e.y + tol)) where j != i {
                    let pts = lines[j].points
                    if hypot2(pts.first!, e) <= tol || hypot2(pts.last!, e) <= tol { continue }
                    for s in pts.indices.dropFirst() {
                        let a = pts[s - 1], b = pts[s]
                        let dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy
                        guard len2 > 0 else { continue }
                        let t = max(0, min(1, ((e.x - a.x) * dx + (e.y - a.y) * dy) / len2))
                        let p = Point2(a.x + t * dx, a.y + t * dy)
                        let d = hypot2(p, e)
                        if d <= tol && (best == nil || d < best!.d) { best = (j, s, t, p, d) }
                    }
                }
                guard let b = best else { continue }
                out[i].points[endIndex] = b.point
                if b.t > 0 && b.t < 1 { inserts[b.cable, default: []].append((b.segment, b.t, b.point)) }
            }
        }
        for (j, list) in inserts {
            var pts = out[j].points
            // Insert from the last segment backwards so earlier indices stay valid; within a segment by t.
            for ins in list.sorted(by: { $0.segment != $1.segment ? $0.segment > $1.segment : $0.t > $1.t }) {
                if pts[ins.segment] != ins.point && pts[ins.segment - 1] != ins.point { pts.insert(ins.point, at: ins.segment) }
            }
            out[j].points = pts
        }
        return out
    }

    /// - Complexity: O((n + k) log n) GEOS work for n noded edges and k crossings, plus one STRtree
    ///   query per edge and per OLT.
    /// - Throws: `CoverageError.invalidInput` naming an OLT farther than `snapTolerance` from every
    ///   cable; `CoverageError.geos` when GEOS fails.
    static func build(cables: [Cable], olts: [AccessNode], snapTolerance tol: Double, context ctx: GEOSContext,
                      clock: inout PhaseClock) throws -> NetworkGraph {
        var g = NetworkGraph()
        let lines = tol > 0 ? try snapTJunctions(cables.map(\.line), tolerance: tol, context: ctx) : cables.map(\.line)
        clock.lap("snap T-junctions")
        // 1. Node everything at once (GEOSNode_r), keeping interior vertices of each noded piece.
        var pieces: [LineString2] = []
        if !cables.isEmpty {
            let all = try ctx.collection(.multiLineString, lines.map { try ctx.lineString($0) })
            pieces = try all.noded().lineStrings().filter { $0.points.count >= 2 && $0.length > 0 }
        }

        clock.lap("node")
        // 3. Source cable of each piece: nearest cable to the piece's midpoint.
        let cableTree = try GEOSSTRtree(context: ctx)
        let cableGeoms = try cables.map { try ctx.lineString($0.line) }
        for (i, c) in cableGeoms.enumerated() { cableTree.insert(c, index: i) }
        var source: [Int] = []
        source.reserveCapacity(pieces.count)
        for piece in pieces {
            let mid = piece.midpoint
            let probe = try ctx.point(mid)
            var eps = max(1e-3, tol)
            var candidates: [Int] = []
            while candidates.isEmpty && eps < 1e7 {
                candidates = try cableTree.query(BoundingBox(minX: mid.x - eps, minY: mid.y - eps, maxX: mid.x + eps, maxY: mid.y + eps))
                eps *= 10
            }
            var best = -1, bestD = Double.infinity
            for c in candidates {
                let d = try cableGeoms[c].distance(to: probe)
                if d < bestD { bestD = d; best = c }
            }
            if best < 0 { best = 0 }   // unreachable for non-empty input: every piece lies on a cable
            source.append(best)
        }

        clock.lap("source cables")
        // 2. Snap end points within the tolerance (grid hash + union–find).
        var ends: [Point2] = []
        ends.reserveCapacity(2 * pieces.count)
        for p in pieces { ends.append(p.points.first!); ends.append(p.points.last!) }
        var uf = UnionFind(count: ends.count)
        if tol > 0 {
            var grid: [GridKey: [Int]] = [:]
            func key(_ p: Point2) -> GridKey { GridKey(x: Int64((p.x / tol).rounded(.down)), y: Int64((p.y / tol).rounded(.down))) }
            for (i, p) in ends.enumerated() {
                let k = key(p)
                for dx in -1...1 {
                    for dy in -1...1 {
                        for j in grid[GridKey(x: k.x + Int64(dx), y: k.y + Int64(dy))] ?? [] where hypot2(ends[j], p) <= tol {
                            uf.union(i, j)
                        }
                    }
                }
                grid[k, default: []].append(i)
            }
        } else {
            var seen: [Point2: Int] = [:]
            for (i, p) in ends.enumerated() {
                if let j = seen[p] { uf.union(i, j) } else { seen[p] = i }
            }
        }
        var nodeOfRoot: [Int: Int] = [:]
        var nodeOfEnd = [Int](repeating: 0, count: ends.count)
        for i in ends.indices {
            let r = uf.find(i)
            if let n = nodeOfRoot[r] { nodeOfEnd[i] = n } else {
                // The node sits at the first end point (in piece order) of its cluster.
                nodeOfRoot[r] = g.nodes.count; nodeOfEnd[i] = g.nodes.count; g.nodes.append(ends[i])
            }
        }
        var edges: [Edge] = pieces.enumerated().map { i, p in
            Edge(a: nodeOfEnd[2 * i], b: nodeOfEnd[2 * i + 1], line: p, lengthMeters: p.length, cable: source[i])
        }

        clock.lap("snap ends")
        // 4. Attach each OLT to its nearest edge, collecting cut distances per edge.
        var cuts: [Int: [(along: Double, olt: Int)]] = [:]
        var attachedNode = [Int](repeating: -1, count: olts.count)
        if !olts.isEmpty {
            let edgeTree = try GEOSSTRtree(context: ctx)
            let edgeGeoms = try edges.map { try ctx.lineString($0.line) }
            for (i, e) in edgeGeoms.enumerated() { edgeTree.insert(e, index: i) }
            for (oi, olt) in olts.enumerated() {
                let p = olt.position
                let probe = try ctx.point(p)
                let r = max(tol, 1e-6)
                var best = -1, bestD = Double.infinity
                if !edges.isEmpty {
                    for e in try edgeTree.query(BoundingBox(minX: p.x - r, minY: p.y - r, maxX: p.x + r, maxY: p.y + r)) {
                        let d = try edgeGeoms[e].distance(to: probe)
                        if d < bestD { bestD = d; best = e }
                    }
                }
                guard best >= 0, bestD <= tol else {
                    // Only on failure: the true nearest distance for the message.
                    let nearest = try edgeGeoms.map { try $0.distance(to: probe) }.min()
                    let what = nearest.map { "is \(formatMeters($0)) from the nearest cable" } ?? "has no cable to attach to"
                    throw CoverageError.invalidInput(file: "", location: "olt \(olt.id)",
                        message: "\(what), farther than the snap tolerance of \(formatMeters(tol))")
                }
                let along = try edgeGeoms[best].project(probe)
                let L = edges[best].lengthMeters
                let eps = 1e-6
                if along <= eps { attachedNode[oi] = edges[best].a }
                else if along >= L - eps { attachedNode[oi] = edges[best].b }
                else { cuts[best, default: []].append((along, oi)) }
                if bestD > 0.01 {
                    g.warnings.append("olt \(olt.id): \(formatMeters(bestD)) from the nearest cable, attached there")
                }
            }
        }

        // Split edges at the OLT cuts (original edge order kept; pieces inline).
        if !cuts.isEmpty {
            var split: [Edge] = []
            split.reserveCapacity(edges.count + cuts.count)
            for (ei, e) in edges.enumerated() {
                guard let list = cuts[ei] else { split.append(e); continue }
                let sorted = list.sorted { $0.along != $1.along ? $0.along < $1.along : $0.olt < $1.olt }
                var start = 0.0, startNode = e.a
                var k = 0
                while k < sorted.count {
                    let along = sorted[k].along
                    let node = g.nodes.count
                    g.nodes.append(e.line.point(atDistance: along))
                    while k < sorted.count && sorted[k].along == along { attachedNode[sorted[k].olt] = node; k += 1 }
                    let line = e.line.substring(from: start, to: along)
                    split.append(Edge(a: startNode, b: node, line: line, lengthMeters: along - start, cable: e.cable))
                    start = along; startNode = node
                }
                let line = e.line.substring(from: start, to: e.lengthMeters)
                split.append(Edge(a: startNode, b: e.b, line: line, lengthMeters: e.lengthMeters - start, cable: e.cable))
            }
            edges = split
        }
        clock.lap("attach OLTs")
        g.edges = edges
        g.oltNodes = attachedNode
        g.adjacency = Array(repeating: [], count: g.nodes.count)
        for (i, e) in edges.enumerated() {
            g.adjacency[e.a].append((i, e.b))
            if e.b != e.a { g.adjacency[e.b].append((i, e.a)) }
        }
        return g
    }

    /// Connected components: component id per node.
    func components() -> [Int] {
        var uf = UnionFind(count: nodes.count)
        for e in edges { uf.union(e.a, e.b) }
        var id: [Int: Int] = [:]
        return (0..<nodes.count).map { n in
            let r = uf.find(n)
            if let c = id[r] { return c }
            id[r] = id.count
            return id.count - 1
        }
    }
}

struct GridKey: Hashable { var x: Int64; var y: Int64 }

/// Disjoint-set forest with path halving and union by size.
struct UnionFind {
    private var parent: [Int]
    private var size: [Int]
    init(count: Int) { parent = Array(0..<count); size = Array(repeating: 1, count: count) }
    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }
    mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a), rb = find(b)
        if ra == rb { return }
        if size[ra] < size[rb] || (size[ra] == size[rb] && rb < ra) { swap(&ra, &rb) }
        parent[rb] = ra; size[ra] += size[rb]
    }
}

/// "12.3 m" with one decimal.
func formatMeters(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return "\(r) m"
}
