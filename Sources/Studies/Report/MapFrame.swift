import Coverage
import Foundation

/// Places projected coordinates (metres, the scenario's CRS — UTM for Quảng Trị, a conformal
/// projection, so shapes and the scale bar are true) on an SVG canvas: a uniform scale that fits
/// the bounding box into `widthPx` (or `maxHeightPx` when the area is tall), y flipped (SVG y grows
/// downwards), `paddingPx` on every side.
///
///     scale = min((widthPx − 2·padding) / (maxX − minX), (maxHeightPx − 2·padding) / (maxY − minY))   px per metre
///     x_px  = padding + (x − minX) · scale
///     y_px  = padding + (maxY − y) · scale
///
/// The canvas is `widthPx` wide and `2·padding + (maxY − minY)·scale` high; the drawing is centred
/// horizontally when the height limit binds.
package struct MapFrame: Sendable, Equatable {
    let bounds: BoundingBox
    let widthPx: Double
    let heightPx: Double
    let paddingPx: Double
    /// Pixels per metre.
    let scale: Double
    /// Horizontal offset of the drawing (px): `paddingPx`, more when centred.
    let offsetXPx: Double

    /// - Parameters:
    ///   - bounds: the extent to show (metres); a degenerate side counts as 1 m.
    ///   - widthPx: canvas width (px, > 2·padding).
    ///   - maxHeightPx: the canvas is at most this high (px).
    ///   - paddingPx: blank margin on every side (px).
    init(bounds: BoundingBox, widthPx: Double, maxHeightPx: Double, paddingPx: Double) {
        let dx = max(bounds.maxX - bounds.minX, 1), dy = max(bounds.maxY - bounds.minY, 1)
        let s = min((widthPx - 2 * paddingPx) / dx, (maxHeightPx - 2 * paddingPx) / dy)
        self.bounds = bounds
        self.widthPx = widthPx
        self.paddingPx = paddingPx
        self.scale = s
        self.heightPx = (2 * paddingPx + dy * s).rounded(.up)
        self.offsetXPx = paddingPx + ((widthPx - 2 * paddingPx) - dx * s) / 2
    }

    /// SVG pixel position of a point in metres.
    func pixel(_ p: Point2) -> (x: Double, y: Double) {
        (offsetXPx + (p.x - bounds.minX) * scale, paddingPx + (bounds.maxY - p.y) * scale)
    }

    /// Metres per pixel: the simplification tolerance unit.
    var metresPerPixel: Double { 1 / scale }

    /// SVG path data of polygons (exterior and holes as subpaths; draw with `fill-rule="evenodd"`),
    /// each ring simplified with Douglas–Peucker at `tolerancePx` and dropped when it spans less
    /// than `minSpanPx` (too small to see).
    func path(_ polygons: [Polygon2], tolerancePx: Double = 0.6, minSpanPx: Double = 1.5) -> String {
        var out = ""
        for poly in polygons {
            guard let ext = ring(poly.exterior, tolerancePx: tolerancePx, minSpanPx: minSpanPx) else { continue }
            out += ext
            for h in poly.holes { if let r = ring(h, tolerancePx: tolerancePx, minSpanPx: minSpanPx) { out += r } }
        }
        return out
    }

    /// SVG path data of lines ("M…L…" per line), simplified like `path`.
    func path(_ lines: [LineString2], tolerancePx: Double = 0.6) -> String {
        var out = ""
        for l in lines {
            let px = DouglasPeucker.simplify(l.points.map { pixel($0) }.map { Point2($0.x, $0.y) }, tolerance: tolerancePx)
            guard px.count >= 2 else { continue }
            out += "M" + px.map { HTML.coord($0.x) + " " + HTML.coord($0.y) }.joined(separator: "L")
        }
        return out
    }

    private func ring(_ pts: [Point2], tolerancePx: Double, minSpanPx: Double) -> String? {
        guard pts.count >= 4, let b = BoundingBox(points: pts) else { return nil }
        if max(b.maxX - b.minX, b.maxY - b.minY) * scale < minSpanPx { return nil }
        let px = DouglasPeucker.simplify(pts.map { pixel($0) }.map { Point2($0.x, $0.y) }, tolerance: tolerancePx)
        guard px.count >= 4 else { return nil }  // closed ring: ≥ 3 distinct points + closing point
        return "M" + px.dropLast().map { HTML.coord($0.x) + " " + HTML.coord($0.y) }.joined(separator: "L") + "Z"
    }
}

/// Douglas–Peucker line simplification (D. H. Douglas and T. K. Peucker, "Algorithms for the
/// reduction of the number of points required to represent a digitized line or its caricature",
/// The Canadian Cartographer 10(2), 1973): keep the end points, keep the point farthest from the
/// chord when it is farther than `tolerance`, recurse on both halves. Iterative (explicit stack).
/// The result only displays a shape; it may self-intersect and is not used for any measurement.
package enum DouglasPeucker {
    /// - Parameters:
    ///   - points: a polyline (a closed ring keeps its closing point: first == last).
    ///   - tolerance: largest allowed distance of a dropped point from the kept chord (same unit as the points).
    /// - Complexity: O(n log n) typical, O(n²) worst case.
    static func simplify(_ points: [Point2], tolerance: Double) -> [Point2] {
        let n = points.count
        guard n > 2 else { return points }
        var keep = [Bool](repeating: false, count: n)
        keep[0] = true; keep[n - 1] = true
        var stack: [(Int, Int)] = [(0, n - 1)]
        // A closed ring has a zero-length chord at first: split it at its farthest point from the start.
        if points[0] == points[n - 1] {
            var far = 0, best = -1.0
            for i in 1..<(n - 1) {
                let d = hypot(points[i].x - points[0].x, points[i].y - points[0].y)
                if d > best { best = d; far = i }
            }
            keep[far] = true
            stack = [(0, far), (far, n - 1)]
        }
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var far = a, best = -1.0
            for i in (a + 1)..<b {
                let d = distance(points[i], points[a], points[b])
                if d > best { best = d; far = i }
            }
            if best > tolerance {
                keep[far] = true
                stack.append((a, far)); stack.append((far, b))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    /// Distance from p to the segment a–b.
    static func distance(_ p: Point2, _ a: Point2, _ b: Point2) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        if len2 == 0 { return hypot(p.x - a.x, p.y - a.y) }
        let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2))
        return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
    }
}

/// Greedy, deterministic placement of map labels (district and town names) on an SVG canvas, with
/// no measurement of rendered text (the page has no script): a label's box is estimated from its
/// character count and font size (``size(of:fontSizePx:bold:haloPx:)``), and each label takes the
/// first of a few candidate positions whose box lies inside the canvas and overlaps no box taken
/// before it (obstacles such as the scale bar, then labels in the order they are placed). Same
/// labels in the same order ⇒ same boxes.
package struct LabelPlacer: Sendable {
    /// A box on the canvas (px): left, top, width, height.
    package struct Box: Sendable, Equatable {
        package var x: Double, y: Double, width: Double, height: Double
        package init(x: Double, y: Double, width: Double, height: Double) { self.x = x; self.y = y; self.width = width; self.height = height }
        /// Centre (px).
        package var centre: (x: Double, y: Double) { (x + width / 2, y + height / 2) }
        /// The interiors intersect (boxes that only touch do not overlap).
        package func overlaps(_ o: Box) -> Bool { x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height }
        /// Wholly inside a canvas of `width` × `height` px.
        package func isInside(width w: Double, height h: Double) -> Bool { x >= 0 && y >= 0 && x + width <= w && y + height <= h }
    }

    /// Average advance of a character as a share of the font size: 0.64 em bold, 0.58 em regular —
    /// on the wide side of sans-serif faces (DejaVu Sans, the widest of the page's fonts, averages
    /// ≈ 0.6 em over Vietnamese letters), so an estimate errs towards too large a box.
    static let emPerCharBold = 0.64, emPerCharRegular = 0.58

    let widthPx: Double, heightPx: Double
    /// Boxes taken so far: obstacles, then placed labels, in order.
    private(set) var taken: [Box] = []

    /// - Parameters: the canvas size (px).
    package init(widthPx: Double, heightPx: Double) { self.widthPx = widthPx; self.heightPx = heightPx }

    /// Estimated box of a one-line label (px): `characters · fontSize · em + 2·halo` wide,
    /// `1.2 · fontSize + 2·halo` high (the line height of the fonts used, plus the white halo drawn around the letters).
    package static func size(of text: String, fontSizePx: Double, bold: Bool, haloPx: Double = 1.5) -> (width: Double, height: Double) {
        (Double(text.count) * fontSizePx * (bold ? emPerCharBold : emPerCharRegular) + 2 * haloPx, 1.2 * fontSizePx + 2 * haloPx)
    }

    /// Marks a box as taken (an obstacle: a scale bar, a north arrow, a point symbol).
    package mutating func reserve(_ box: Box) { taken.append(box) }

    /// Whether `box` is inside the canvas and overlaps nothing taken.
    package func isFree(_ box: Box) -> Bool { box.isInside(width: widthPx, height: heightPx) && !taken.contains { $0.overlaps(box) } }

    /// The first free box among `centres` (box centres, px) for a label of `size`, taken; nil when none is free.
    package mutating func place(size: (width: Double, height: Double), centres: [(x: Double, y: Double)]) -> Box? {
        for c in centres {
            let b = Box(x: c.x - size.width / 2, y: c.y - size.height / 2, width: size.width, height: size.height)
            if isFree(b) { taken.append(b); return b }
        }
        return nil
    }

    /// A label that must appear (a district name): the first free box among `centres`; when none is
    /// free, the first centre's box moved inside the canvas (it may then overlap). Taken either way.
    package mutating func placeAlways(size: (width: Double, height: Double), centres: [(x: Double, y: Double)]) -> Box {
        if let b = place(size: size, centres: centres) { return b }
        let c = centres.first ?? (widthPx / 2, heightPx / 2)
        let b = Box(x: min(max(c.x - size.width / 2, 0), max(0, widthPx - size.width)),
                    y: min(max(c.y - size.height / 2, 0), max(0, heightPx - size.height)), width: size.width, height: size.height)
        taken.append(b)
        return b
    }

    /// Candidate centres for an area's name around its anchor (a point inside the area): on it, then
    /// one line above and below, then half a label to the right and left.
    package static func areaCentres(_ a: (x: Double, y: Double), size s: (width: Double, height: Double)) -> [(x: Double, y: Double)] {
        [(a.x, a.y), (a.x, a.y - s.height), (a.x, a.y + s.height), (a.x + s.width / 2, a.y), (a.x - s.width / 2, a.y)]
    }

    /// Candidate centres for a point's name (a town), `gap` px clear of the point: right, left, above,
    /// below, then the four diagonals (upper right, lower right, upper left, lower left).
    package static func pointCentres(_ p: (x: Double, y: Double), size s: (width: Double, height: Double), gap: Double) -> [(x: Double, y: Double)] {
        let dx = gap + s.width / 2, dy = gap + s.height / 2
        return [(p.x + dx, p.y), (p.x - dx, p.y), (p.x, p.y - dy), (p.x, p.y + dy),
                (p.x + dx, p.y - dy), (p.x + dx, p.y + dy), (p.x - dx, p.y - dy), (p.x - dx, p.y + dy)]
    }
}
