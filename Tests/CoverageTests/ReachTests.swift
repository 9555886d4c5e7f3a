import Testing
@testable import Coverage

/// Fixed-broadband reach. Expected numbers are hand calculations written beside each test;
/// lengths are compared with a tolerance of 1e-6 m (floating-point cutting), areas 1e-6 km².
@Suite struct ReachTests {
    let tol = 1e-6

    func cable(_ id: String, _ pts: [(Double, Double)], placement: CablePlacement = .aerial, kind: CableKind = .distribution) -> Cable {
        Cable(id: id, kind: kind, placement: placement, line: LineString2(pts.map { Point2($0.0, $0.1) }))
    }

    func olt(_ id: String, _ x: Double, _ y: Double, reach: Double) -> AccessNode {
        AccessNode(id: id, technology: .gpon, position: Point2(x, y), reachMeters: reach, splitRatio: 32)
    }

    let noPopulation = PopulationSurface(positions: [], lonLat: [], district: [], population: [], cellSizeMeters: nil)

    func run(_ cables: [Cable], _ olts: [AccessNode], settings: ReachSettings = ReachSettings(snapToleranceMeters: 1, dropDistanceMeters: 100),
             districts: [District] = [], population: PopulationSurface? = nil) async throws -> FixedReach.Result {
        try await FixedReach.compute(cables: cables, olts: olts, districts: districts, population: population ?? noPopulation,
                                     settings: settings, workers: 2)
    }

    func served(_ r: FixedReach.Result, cable id: String) -> Double {
        r.segments.filter { $0.cableID == id }.reduce(0) { $0 + $1.servedLengthMeters }
    }

    // 1. A 10 km straight cable, OLT at x = 0 with 6 km reach.
    //    Budget at x = 0 is 6000; the far end gets 6000 − 10000 < 0, so nothing from there.
    //    Served from the near end: min(10000, 6000) = 6000 m, i.e. the piece [0, 6000]; unserved 4000 m.
    @Test func straightCableCutAtReach() async throws {
        let r = try await run([cable("C1", [(0, 0), (4000, 0), (10000, 0)])], [olt("O1", 0, 0, reach: 6000)])
        #expect(abs(r.servedKm * 1000 - 6000) < tol)
        #expect(abs((r.totalKm - r.servedKm) * 1000 - 4000) < tol)
        let parts = r.segments.flatMap(\.servedParts)
        #expect(parts.count == 1)
        let part = try #require(parts.first)
        #expect(abs(part.length - 6000) < tol)
        // The cut keeps the interior vertex at x = 4000 and ends exactly at x = 6000.
        #expect(part.points.map(\.x) == [0, 4000, 6000])
        #expect(r.segments.allSatisfy { !$0.isFullyServed })
        #expect(r.segments.first?.startDistanceMeters == 0)
        #expect(abs((r.segments.last?.endDistanceMeters ?? 0) - 10000) < tol)
        #expect(r.disconnectedPieces == 0)
    }

    // T-junction by snapping: feeder (0, 0)–(1000, 0) with the OLT at x = 0 (reach 20 km); a drop cable
    // whose end stops 30 m short of the feeder's interior, (500, 30)–(500, 500). With a 50 m tolerance
    // the drop's end moves onto (500, 0), which becomes a vertex of the feeder: the drop is connected,
    // 500 m long, its far end 500 + 500 = 1000 m from the OLT. With a 10 m tolerance it stays apart.
    @Test func danglingEndSnapsOntoCableInterior() async throws {
        let cables = [cable("FEED", [(0, 0), (1000, 0)]), cable("DROP", [(500, 30), (500, 500)])]
        let joined = try await run(cables, [olt("O1", 0, 0, reach: 20_000)], settings: ReachSettings(snapToleranceMeters: 50, dropDistanceMeters: 100))
        #expect(joined.disconnectedPieces == 0)
        #expect(abs(served(joined, cable: "DROP") - 500) < tol)
        let far = try #require(joined.segments.first { $0.cableID == "DROP" })
        #expect(abs(max(far.startDistanceMeters ?? 0, far.endDistanceMeters ?? 0) - 1000) < tol)
        #expect(joined.segments.filter { $0.cableID == "FEED" }.count == 2)
        let apart = try await run(cables, [olt("O1", 0, 0, reach: 20_000)], settings: ReachSettings(snapToleranceMeters: 10, dropDistanceMeters: 100))
        #expect(apart.disconnectedPieces == 1)
        #expect(served(apart, cable: "DROP") == 0)
    }

    // 2. T-junction: stem (0, −3000)–(0, 0) with the OLT at its free end, arms (−4000, 0)–(0, 0)–(4000, 0)
    //    drawn as one cable through the junction. Reach 5000: budget at the junction 5000 − 3000 = 2000,
    //    so each 4 km arm is served 2000 m from the junction; the arm ends get nothing (2000 − 4000 < 0).
    //    Served total 3000 + 2 · 2000 = 7000 m.
    @Test func tJunctionSplitsBudget() async throws {
        let r = try await run([cable("STEM", [(0, -3000), (0, 0)]), cable("ARMS", [(-4000, 0), (4000, 0)])],
                              [olt("O1", 0, -3000, reach: 5000)])
        #expect(abs(served(r, cable: "STEM") - 3000) < tol)
        let arms = r.segments.filter { $0.cableID == "ARMS" }
        #expect(arms.count == 2)
        for a in arms {
            #expect(abs(a.lengthMeters - 4000) < tol)
            #expect(abs(a.servedLengthMeters - 2000) < tol)
        }
        #expect(abs(r.servedKm - 7) < 1e-9)
    }

    // 3. OLTs at both ends of a 10 km cable, reaches 3 km and 4 km: served [0, 3000] and [6000, 10000],
    //    3000 + 4000 = 7000 m < 10000, so a 3 km gap remains in the middle.
    @Test func twoOLTsLeaveAGap() async throws {
        let r = try await run([cable("C1", [(0, 0), (10000, 0)])], [olt("A", 0, 0, reach: 3000), olt("B", 10000, 0, reach: 4000)])
        #expect(abs(r.servedKm * 1000 - 7000) < tol)
        let parts = r.segments.flatMap(\.servedParts).sorted { $0.points[0].x < $1.points[0].x }
        #expect(parts.count == 2)
        #expect(abs(parts[0].points.last!.x - 3000) < tol)
        #expect(abs(parts[1].points.first!.x - 6000) < tol)
        // Network distance to the nearest OLT: 0 at both ends.
        #expect(r.segments.first?.startDistanceMeters == 0 && r.segments.first?.endDistanceMeters == 0)
    }

    // 4. A 2 km cable far from the OLT's network: one disconnected piece of 2 km, not served, no distances.
    @Test func disconnectedPieceReported() async throws {
        let r = try await run([cable("MAIN", [(0, 0), (5000, 0)]), cable("ISLAND", [(0, 10000), (2000, 10000)])],
                              [olt("O1", 0, 0, reach: 20000)])
        #expect(r.disconnectedPieces == 1)
        #expect(abs(r.disconnectedKm - 2) < 1e-9)
        #expect(served(r, cable: "ISLAND") == 0)
        #expect(abs(served(r, cable: "MAIN") - 5000) < tol)
        let island = try #require(r.segments.first { $0.cableID == "ISLAND" })
        #expect(island.startDistanceMeters == nil && island.endDistanceMeters == nil)
        #expect(!r.warnings.isEmpty)
    }

    // 5. Households. District D1 = the square [0, 10000]². Aerial cable y = 5000 across it (10 km), OLT at
    //    (0, 5000) with reach 20 km; a duct cable from (5000, 5000) north to (5000, 15000), 5 km of it
    //    inside. Drop distance 500 m. Everything is served (farthest point 5000 + 10000 = 15000 ≤ 20000).
    //    Reach area in the district: band 10000 × 1000 = 10 km² plus strip x ∈ [4500, 5500],
    //    y ∈ [5500, 10000]: 1000 × 4500 = 4.5 km² → 14.5 km² (round caps fall outside the square).
    //    Cells at x = 300, 1300, …, 9300 (10 per row), persons per cell by row:
    //      y = 5000: 30, y = 5400: 20, y = 4600: 10 (all inside the band, |dy| ≤ 400 < 500)
    //      y = 5600: 50 (outside the band; only the cell at x = 5300 is in the strip)
    //      y = 2000: 100 (outside)
    //    Population 10 · (30 + 20 + 10 + 50 + 100) = 2100; household size 4 → 525 households.
    //    Whole households per cell (FixedReach.wholeHouseholds: steps of the running total ÷ 4 rounded
    //    half up, cells in the order above, x ascending):
    //      row 30: running 7.5, 15, 22.5, … 75 → 8, 15, 23, 30, 38, … 75 → 8, 7, 8, 7, 8, 7, 8, 7, 8, 7 (75)
    //      row 20: 80, 85, … 125 → 5 each (50); row 10: 127.5, 130, … 150 → 3, 2, 3, 2, … (25)
    //      row 50: 162.5, 175, … 275 → 13, 12, 13, 12, 13, 12, … (125); row 100: 25 each (250). 525 in all.
    //    Reached: rows 30, 20, 10 (75 + 50 + 25) and the 6th cell of row 50 (x = 5300: 12) → 162
    //    households (fractionally 650 / 4 = 162.5), 162 / 525 = 30.857… %.
    //    Cable km: aerial 10, underground (duct) 5.
    @Test func householdsByHand() async throws {
        let square = BoundingBox(minX: 0, minY: 0, maxX: 10000, maxY: 10000).polygon
        let d = District(id: "D1", name: "Square", nameASCII: "Square", population: 2100, polygons: [square],
                         polygonsLonLat: [square], environment: .rural)
        var positions: [Point2] = [], pop: [Double] = []
        for (y, persons) in [(5000.0, 30.0), (5400, 20), (4600, 10), (5600, 50), (2000, 100)] {
            for k in 0..<10 { positions.append(Point2(300 + 1000 * Double(k), y)); pop.append(persons) }
        }
        let surface = PopulationSurface(positions: positions, lonLat: positions, district: Array(repeating: 0, count: positions.count),
                                        population: pop, cellSizeMeters: nil)
        let settings = ReachSettings(snapToleranceMeters: 1, dropDistanceMeters: 500, householdSize: ["D1": 4], defaultHouseholdSize: 3.5)
        let r = try await run([cable("AER", [(0, 5000), (10000, 5000)], placement: .aerial),
                               cable("DUCT", [(5000, 5000), (5000, 15000)], placement: .duct)],
                              [olt("O1", 0, 5000, reach: 20000)], settings: settings, districts: [d], population: surface)
        let s = try #require(r.districts.first)
        #expect(abs(s.reachAreaKm2 - 14.5) < 1e-6)
        #expect(s.households == 525)
        #expect(s.householdsReached == 162)
        #expect(abs(s.householdsPercent - 100 * 162.0 / 525) < 1e-9)
        #expect(Array(r.cellHouseholds[0..<10]) == [8, 7, 8, 7, 8, 7, 8, 7, 8, 7])
        #expect(Array(r.cellHouseholds[20..<24]) == [3, 2, 3, 2] && r.cellHouseholds[35] == 12)
        #expect(r.cellHouseholds.reduce(0, +) == 525)
        #expect(abs(s.cableAerialKm - 10) < 1e-9)
        #expect(abs(s.cableUndergroundKm - 5) < 1e-9)
        #expect(r.cellReached.filter { $0 }.count == 31)
        #expect(!s.reach.isEmpty)
    }

    // 5b. Whole households by hand (FixedReach.wholeHouseholds: H_i = R(P_i / s) − R(P_{i−1} / s), R = round half up).
    //    s = 3.5, persons 2, 2, 2, 2, 2: P / s = 0.571, 1.143, 1.714, 2.286, 2.857 → R = 1, 1, 2, 2, 3 →
    //    1, 0, 1, 0, 1 (3 = R(10 / 3.5 = 2.857)); largest remainder would give the first three cells one
    //    each (equal remainders, ties to the lower index).
    //    s = 4, persons 6, 0, 1, 3, 10: P / s = 1.5, 1.5, 1.75, 2.5, 5 → R = 2, 2, 2, 3, 5 → 2, 0, 0, 1, 2
    //    (5 = 20 / 4); every cell within one household of its own P / s (1.5, 0, 0.25, 0.75, 2.5).
    //    Empty: nothing. One cell of 1 person, s = 3.5: R(0.286) = 0 households.
    @Test func wholeHouseholdsByHand() {
        #expect(FixedReach.wholeHouseholds(persons: [2, 2, 2, 2, 2], householdSize: 3.5) == [1, 0, 1, 0, 1])
        #expect(FixedReach.wholeHouseholds(persons: [6, 0, 1, 3, 10], householdSize: 4) == [2, 0, 0, 1, 2])
        #expect(FixedReach.wholeHouseholds(persons: [], householdSize: 4) == [])
        #expect(FixedReach.wholeHouseholds(persons: [1], householdSize: 3.5) == [0])
        // Any run of consecutive cells holds within one household of its fractional count.
        let persons = (0..<500).map { Double(($0 * 7 + 3) % 13) }   // 3, 10, 4, 11, 5, 12, 6, 0, …
        let h = FixedReach.wholeHouseholds(persons: persons, householdSize: 3.7)
        #expect(h.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
        for (a, b) in [(0, 500), (0, 1), (17, 230), (499, 500), (100, 101)] {
            let whole = h[a..<b].reduce(0, +), fractional = persons[a..<b].reduce(0, +) / 3.7
            #expect(abs(whole - fractional) < 1, "cells \(a)..<\(b): \(whole) vs \(fractional)")
        }
    }

    // 6. Bad input: each error names the offending id or lists the valid values.
    @Test func errorsNameTheCulprit() async throws {
        let good = cable("C1", [(0, 0), (1000, 0)])
        // OLT 100 m from the only cable, tolerance 10 m.
        let far = await #expect(throws: CoverageError.self) {
            _ = try await run([good], [olt("OLT-FAR", 500, 100, reach: 1000)], settings: ReachSettings(snapToleranceMeters: 10, dropDistanceMeters: 50))
        }
        #expect(far?.description.contains("OLT-FAR") == true)
        #expect(far?.description.contains("100.0 m") == true)
        // A one-point cable and a cable of two equal points.
        for bad in [cable("ONE", [(5, 5)]), cable("ONE", [(5, 5), (5, 5)])] {
            let e = await #expect(throws: CoverageError.self) { _ = try await run([good, bad], [olt("O", 0, 0, reach: 1)]) }
            #expect(e?.description.contains("cable ONE") == true)
        }
        // Unknown placement lists the valid values.
        let p = #expect(throws: CoverageError.self) { _ = try CablePlacement(parsing: "buried", location: "feature 3") }
        #expect(p?.description.contains("aerial, underground, duct") == true)
        #expect(try CablePlacement(parsing: " Duct ") == .duct)
        #expect(try CableKind(parsing: "FEEDER") == .feeder)
        #expect(throws: CoverageError.self) { _ = try CableKind(parsing: "trunk") }
        #expect(try AccessNode.Technology(parsing: "xgs-pon") == .xgsPon)
        // Negative and NaN reach; negative drop distance; duplicate ids.
        let neg = await #expect(throws: CoverageError.self) { _ = try await run([good], [olt("NEG", 0, 0, reach: -5)]) }
        #expect(neg?.description.contains("NEG") == true)
        await #expect(throws: CoverageError.self) { _ = try await run([good], [olt("NAN", 0, 0, reach: .nan)]) }
        await #expect(throws: CoverageError.self) {
            _ = try await run([good], [olt("O", 0, 0, reach: 1)], settings: ReachSettings(snapToleranceMeters: 1, dropDistanceMeters: -1))
        }
        let dup = await #expect(throws: CoverageError.self) { _ = try await run([good, good], [olt("O", 0, 0, reach: 1)]) }
        #expect(dup?.description.contains("C1") == true)
    }

    // 7. Crossing cables without a shared vertex connect after GEOSNode_r. H: (0, 0)–(10000, 0) with the OLT
    //    at x = 0, reach 7000; V: (5000, −5000)–(5000, 5000) crosses H at (5000, 0), 5000 m from the OLT.
    //    Budget at the crossing 2000: H's far arm gets 2000, each V arm 2000.
    //    Served: H 5000 + 2000 = 7000, V 2 · 2000 = 4000 → 11000 m. Without noding V would be disconnected.
    @Test func crossingCablesConnect() async throws {
        let r = try await run([cable("H", [(0, 0), (10000, 0)]), cable("V", [(5000, -5000), (5000, 5000)])],
                              [olt("O1", 0, 0, reach: 7000)])
        #expect(abs(served(r, cable: "H") - 7000) < tol)
        #expect(abs(served(r, cable: "V") - 4000) < tol)
        #expect(r.disconnectedPieces == 0)
        #expect(r.segments.count == 4)
    }

    // Extra: end points within the snap tolerance join (gap 0.5 m, tolerance 1 m); an OLT in the middle
    // of a cable splits it (reach 1000 each way from x = 5000 → 2000 m served).
    @Test func snappingAndMidCableOLT() async throws {
        let r = try await run([cable("A", [(0, 0), (5000, 0)]), cable("B", [(5000.5, 0), (9000, 0)])],
                              [olt("O1", 2000, 0.5, reach: 4000)])
        // From x = 2000: left 2000 (whole), right 3000 to the joint + 1000 on B = 4000 → 2000 + 3000 + 1000.
        #expect(abs(served(r, cable: "A") - 5000) < tol)
        #expect(abs(served(r, cable: "B") - 1000) < 1e-3)
        #expect(r.disconnectedPieces == 0)
        let mid = try await run([cable("C", [(0, 0), (10000, 0)])], [olt("M", 5000, 0, reach: 1000)])
        #expect(abs(mid.servedKm - 2) < 1e-9)
    }

    // Degenerate: no cables and no OLTs. Nothing is served; a district without population cells
    // falls back to its census total: 1110 persons / 3.7 per household = 300 households, 0 reached.
    @Test func emptyNetwork() async throws {
        let sq = BoundingBox(minX: 0, minY: 0, maxX: 1000, maxY: 1000).polygon
        let d = District(id: "E", name: "E", nameASCII: "E", population: 1110, polygons: [sq], polygonsLonLat: [], environment: .rural)
        let r = try await run([], [], settings: ReachSettings(snapToleranceMeters: 1, dropDistanceMeters: 100, defaultHouseholdSize: 3.7), districts: [d])
        #expect(r.segments.isEmpty && r.servedKm == 0 && r.disconnectedPieces == 0)
        let s = try #require(r.districts.first)
        #expect(abs(s.households - 300) < 1e-9)
        #expect(s.householdsReached == 0 && s.reachAreaKm2 == 0 && s.reach.isEmpty)
        // An OLT with no cable at all is an error naming it.
        await #expect(throws: CoverageError.self) { _ = try await run([], [olt("LONELY", 0, 0, reach: 100)]) }
    }

    // 8. Generator: same seed → identical output; aerial share of length within the documented 70–80 % band;
    //    years ≤ 2017; one OLT per district, within the snap tolerance of a cable (reach runs without error).
    @Test(arguments: [UInt64(1), 42, 2017])
    func generatorDeterministicAndInBand(seed: UInt64) async throws {
        func square(_ x0: Double, _ y0: Double, _ s: Double) -> Polygon2 { BoundingBox(minX: x0, minY: y0, maxX: x0 + s, maxY: y0 + s).polygon }
        let districts = [
            District(id: "A", name: "A", nameASCII: "A", population: 1000, polygons: [square(0, 0, 20000)], polygonsLonLat: [], environment: .urban),
            District(id: "B", name: "B", nameASCII: "B", population: 1000, polygons: [square(20000, 0, 20000)], polygonsLonLat: [], environment: .rural),
            District(id: "C", name: "C", nameASCII: "C", population: 1000, polygons: [square(0, 20000, 20000)], polygonsLonLat: [], environment: .rural),
        ]
        let roads = [LineString2([Point2(-1000, 10000), Point2(15000, 11000), Point2(41000, 9000)]),
                     LineString2([Point2(10000, -1000), Point2(9000, 20000), Point2(12000, 41000)])]
        let towns: [(name: String, position: Point2)] = [("Town A", Point2(8000, 6000)), ("Town B", Point2(31000, 12000)), ("Far", Point2(90000, 0))]
        let a = try CableNetworkGenerator.generate(roads: roads, towns: towns, districts: districts, seed: seed)
        let b = try CableNetworkGenerator.generate(roads: roads, towns: towns, districts: districts, seed: seed)
        #expect(a.cables == b.cables)
        #expect(a.olts == b.olts)
        let total = a.cables.reduce(0) { $0 + $1.line.length }
        let aerial = a.cables.filter { $0.placement == .aerial }.reduce(0) { $0 + $1.line.length }
        #expect((0.70...0.80).contains(aerial / total))
        #expect(a.cables.allSatisfy { ($0.yearBuilt ?? 0) <= 2017 })
        #expect(a.olts.map(\.id) == ["OLT-A", "OLT-B", "OLT-C"])
        #expect(a.olts[0].position == Point2(8000, 6000))
        #expect(a.olts[1].position == Point2(31000, 12000))
        #expect(Set(a.cables.map(\.kind)) == [.backbone, .feeder, .distribution])
        let r = try await run(a.cables, a.olts, settings: ReachSettings(snapToleranceMeters: 1, dropDistanceMeters: 300), districts: districts)
        #expect(r.disconnectedPieces == 0)
        #expect(r.servedKm > 0)
    }
}

/// NetworkAttachment by hand: one straight served cable (0,0)→(1000,0) whose start has 800 m of
/// optical budget and whose end has none.
@Suite struct NetworkAttachmentTests {
    static let segment = ReachSegment(line: LineString2([Point2(0, 0), Point2(1000, 0)]), cableID: "c", lengthMeters: 1000,
                                      startDistanceMeters: 0, endDistanceMeters: 1000, startBudgetMeters: 800, endBudgetMeters: nil,
                                      servedLengthMeters: 800, servedParts: [LineString2([Point2(0, 0), Point2(800, 0)])], isFullyServed: false)

    /// Target (600, 300): foot of the perpendicular (600, 0); budget there 800 − 600 = 200 m.
    @Test func nearestPointAndBudget() throws {
        let a = try #require(NetworkAttachment.nearest(to: Point2(600, 300), segments: [Self.segment]))
        #expect(a.position == Point2(600, 0))
        #expect(abs(a.budgetMeters - 200) < 1e-9)
        #expect(a.segmentIndex == 0)
    }

    /// Target (900, 100): the foot (900, 0) has 800 − 900 < 0 m left, so no attachment there.
    @Test func noBudgetNoAttachment() {
        #expect(NetworkAttachment.nearest(to: Point2(900, 100), segments: [Self.segment]) == nil)
    }

    /// Cells within 100 m of the line (0,0)→(200,0): (50, 99) yes (99 m away), (50, 101) no (101 m),
    /// (250, 0) yes (50 m past the end), (320, 0) no (120 m past the end). Returned ascending.
    @Test func cellsWithinDistance() {
        let pts = [Point2(50, 99), Point2(50, 101), Point2(250, 0), Point2(320, 0)]
        let hits = NetworkAttachment.cells([3, 2, 1, 0], positions: pts, within: 100, of: LineString2([Point2(0, 0), Point2(200, 0)]))
        #expect(hits == [0, 2])
    }
}

/// RoadRouter by hand: a served cable (−1000, 0)–(0, 0) whose (0, 0) end has 4000 m of budget left;
/// an L-shaped road (0, 10)–(1000, 10)–(1000, 1000); spurs up to 200 m.
/// Road vertex (0, 10) is 10 m from the cable end: a source at distance 10. (1000, 10) is 1000 m from
/// the cable: not a source; reached along the road at 10 + 1000 = 1010; (1000, 1000) at 1010 + 990 = 2000.
/// Target (1100, 1000): nearest usable vertex (1000, 1000), final spur 100 → route length 2100 m through
/// (0,0) → (0,10) → (1000,10) → (1000,1000) → (1100,1000), with the end's 4000 m of budget.
@Suite struct RoadRouterTests {
    static let cable = ReachSegment(line: LineString2([Point2(-1000, 0), Point2(0, 0)]), cableID: "c", lengthMeters: 1000,
                                    startDistanceMeters: 0, endDistanceMeters: 1000, startBudgetMeters: 5000, endBudgetMeters: 4000,
                                    servedLengthMeters: 1000, servedParts: [LineString2([Point2(-1000, 0), Point2(0, 0)])], isFullyServed: true)
    static let road = LineString2([Point2(0, 10), Point2(1000, 10), Point2(1000, 1000)])

    @Test func routeFollowsTheRoad() throws {
        let router = RoadRouter(roads: [Self.road], segments: [Self.cable], maxSpurMeters: 200)
        #expect(router.nodeCount == 3)
        let r = try #require(router.route(to: Point2(1100, 1000)))
        #expect(r.line.points == [Point2(0, 0), Point2(0, 10), Point2(1000, 10), Point2(1000, 1000), Point2(1100, 1000)])
        #expect(abs(r.line.length - 2100) < 1e-9)
        #expect(abs(r.budgetMeters - 4000) < 1e-9)
    }

    /// A target 300 m from every road vertex is beyond the 200 m spur: no road route.
    @Test func targetFarFromRoadsHasNoRoute() {
        let router = RoadRouter(roads: [Self.road], segments: [Self.cable], maxSpurMeters: 200)
        #expect(router.route(to: Point2(1300, 1000)) == nil)
    }
}
