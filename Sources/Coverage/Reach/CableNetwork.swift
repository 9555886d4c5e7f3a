import Foundation

/// The fixed-broadband (FTTH/GPON) network model: cables, access nodes (OLTs) and the settings of
/// the reach computation. All coordinates are metres in the scenario's projected CRS (UTM 48N for
/// Quảng Trị); the caller converts lon/lat with a `Projection`.

/// The role of a fibre cable in the network hierarchy (ITU-T G.984.1 §7 optical distribution
/// network: feeder and distribution sections; "backbone" is the inter-exchange trunk the OLTs hang on).
public enum CableKind: String, Sendable, CaseIterable, Codable {
    case backbone, feeder, distribution

    /// Parses a kind name (case-insensitive, surrounding blanks ignored).
    /// - Throws: `CoverageError.invalidInput` listing the valid names.
    public init(parsing text: String, location: String = "") throws {
        self = try parseReachEnum(text, kind: "cable kind", location: location)
    }
}

/// How a cable is laid. `duct` (cable pulled through a duct bank) counts as underground in km totals.
public enum CablePlacement: String, Sendable, CaseIterable, Codable {
    case aerial, underground, duct

    /// True for `underground` and `duct`.
    public var isUnderground: Bool { self != .aerial }

    /// Parses a placement name (case-insensitive, surrounding blanks ignored).
    /// - Throws: `CoverageError.invalidInput` listing the valid names.
    public init(parsing text: String, location: String = "") throws {
        self = try parseReachEnum(text, kind: "cable placement", location: location)
    }
}

/// One fibre cable as a line in metres.
public struct Cable: Sendable, Hashable {
    /// Unique id (errors name it).
    public var id: String
    public var kind: CableKind
    public var placement: CablePlacement
    /// Year the cable was laid, when known.
    public var yearBuilt: Int?
    /// Fibre count, when known (> 0).
    public var fibres: Int?
    /// Route in metres; at least two distinct points.
    public var line: LineString2

    public init(id: String, kind: CableKind, placement: CablePlacement, yearBuilt: Int? = nil, fibres: Int? = nil, line: LineString2) {
        self.id = id; self.kind = kind; self.placement = placement
        self.yearBuilt = yearBuilt; self.fibres = fibres; self.line = line
    }
}

/// An optical line terminal (OLT) or other access node that feeds the passive network.
public struct AccessNode: Sendable, Hashable {
    /// PON generation. GPON: ITU-T G.984 (2.5/1.25 Gbit/s); XGS-PON: ITU-T G.9807.1 (10/10 Gbit/s).
    public enum Technology: String, Sendable, CaseIterable, Codable {
        case gpon = "GPON"
        case xgsPon = "XGS-PON"

        /// Parses "GPON" or "XGS-PON" (case-insensitive; "xgspon" and "xgs_pon" are accepted too).
        /// - Throws: `CoverageError.invalidInput` listing the valid names.
        public init(parsing text: String, location: String = "") throws {
            let t = text.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "_", with: "-")
            switch t {
            case "GPON": self = .gpon
            case "XGS-PON", "XGSPON": self = .xgsPon
            default:
                throw CoverageError.invalidInput(file: "", location: location,
                    message: "unknown access technology '\(text)'; valid values: \(Technology.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    /// Unique id (errors name it).
    public var id: String
    public var technology: Technology
    /// Position in metres; must lie within `ReachSettings.snapToleranceMeters` of a cable.
    public var position: Point2
    /// Fibre distance the node serves along the cables, metres (≥ 0). GPON's logical reach is
    /// 20 km (ITU-T G.984.1 §8, maximum fibre distance between OLT and ONU); use less for a tight
    /// optical budget.
    public var reachMeters: Double
    /// Passive split ratio (e.g. 32 for 1:32), when known (> 0). Not used by the reach geometry.
    public var splitRatio: Int?

    public init(id: String, technology: Technology, position: Point2, reachMeters: Double, splitRatio: Int? = nil) {
        self.id = id; self.technology = technology; self.position = position
        self.reachMeters = reachMeters; self.splitRatio = splitRatio
    }
}

/// Settings of `FixedReach.compute`.
public struct ReachSettings: Sendable, Hashable {
    /// Cable endpoints closer than this are joined, and an OLT must lie at most this far from a
    /// cable (metres, ≥ 0). The OLT-to-cable gap itself is not charged against its reach.
    public var snapToleranceMeters: Double
    /// Drop-cable length from a served cable to a home: the reach area is the served cable buffered
    /// by this distance (metres, ≥ 0). FTTH drops are typically up to a few hundred metres.
    public var dropDistanceMeters: Double
    /// Persons per household by district id (> 0). GSO's 2019 census gives about 3.6–3.9 for
    /// Quảng Trị's districts; supply the scenario's own table.
    public var householdSize: [String: Double]
    /// Persons per household for districts missing from `householdSize` (> 0).
    public var defaultHouseholdSize: Double

    public init(snapToleranceMeters: Double = 5, dropDistanceMeters: Double = 300,
                householdSize: [String: Double] = [:], defaultHouseholdSize: Double = 3.7) {
        self.snapToleranceMeters = snapToleranceMeters; self.dropDistanceMeters = dropDistanceMeters
        self.householdSize = householdSize; self.defaultHouseholdSize = defaultHouseholdSize
    }

    /// Persons per household of the district with id `districtID`.
    public func householdSize(of districtID: String) -> Double { householdSize[districtID] ?? defaultHouseholdSize }

    /// Throws for negative, NaN or infinite values.
    public func validate() throws {
        func check(_ v: Double, _ name: String, positive: Bool) throws {
            guard v.isFinite, positive ? v > 0 : v >= 0 else {
                throw CoverageError.invalidInput(file: "", location: "reach.\(name)",
                    message: "\(name) = \(v) must be a finite number \(positive ? "> 0" : "≥ 0")")
            }
        }
        try check(snapToleranceMeters, "snap_tolerance_m", positive: false)
        try check(dropDistanceMeters, "drop_distance_m", positive: false)
        try check(defaultHouseholdSize, "default_household_size", positive: true)
        for key in householdSize.keys.sorted() { try check(householdSize[key]!, "household_size[\(key)]", positive: true) }
    }
}

extension Cable {
    /// Throws when the line has fewer than two distinct points, a non-finite coordinate, or a
    /// non-positive fibre count; the error names the cable.
    public func validate() throws {
        let location = "cable \(id)"
        if let bad = line.points.first(where: { !$0.x.isFinite || !$0.y.isFinite }) {
            throw CoverageError.invalidInput(file: "", location: location, message: "coordinate (\(bad.x), \(bad.y)) is not finite")
        }
        guard let first = line.points.first, line.points.contains(where: { $0 != first }) else {
            throw CoverageError.invalidInput(file: "", location: location,
                message: "a cable needs at least 2 distinct points, got \(Set(line.points).count)")
        }
        if let f = fibres, f <= 0 {
            throw CoverageError.invalidInput(file: "", location: location, message: "fibre count \(f) must be > 0")
        }
    }
}

extension AccessNode {
    /// Throws for a negative, NaN or infinite reach, a non-finite position or a split ratio ≤ 0;
    /// the error names the node.
    public func validate() throws {
        let location = "olt \(id)"
        guard reachMeters.isFinite, reachMeters >= 0 else {
            throw CoverageError.invalidInput(file: "", location: location, message: "reach \(reachMeters) m must be a finite number ≥ 0")
        }
        guard position.x.isFinite, position.y.isFinite else {
            throw CoverageError.invalidInput(file: "", location: location, message: "position (\(position.x), \(position.y)) is not finite")
        }
        if let s = splitRatio, s <= 0 {
            throw CoverageError.invalidInput(file: "", location: location, message: "split ratio \(s) must be > 0")
        }
    }
}

/// Case-insensitive parse of a `String`-backed enum, listing the valid values on failure.
func parseReachEnum<E: RawRepresentable & CaseIterable>(_ text: String, kind: String, location: String) throws -> E where E.RawValue == String {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let e = E.allCases.first(where: { $0.rawValue.lowercased() == t }) { return e }
    throw CoverageError.invalidInput(file: "", location: location,
        message: "unknown \(kind) '\(text)'; valid values: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
}
