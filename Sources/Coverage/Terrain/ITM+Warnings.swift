import Foundation

extension ITM {
    /// The soft-tier conditions of ITM 1.2.2: inputs inside the model's limits but outside the range
    /// it was built for (NTIA `ValidateInputs.cpp` and the checks in `LongleyRice.cpp`, whose warning
    /// bits these follow). A set of flags, so a footprint can gather them over thousands of
    /// predictions without formatting a message each time.
    public struct WarningFlags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Transmitter structural height outside 1…1000 m.
        public static let txHeight = WarningFlags(rawValue: 1 << 0)
        /// Receiver structural height outside 1…1000 m.
        public static let rxHeight = WarningFlags(rawValue: 1 << 1)
        /// Frequency outside 40…10000 MHz.
        public static let frequency = WarningFlags(rawValue: 1 << 2)
        /// Transmitter horizon elevation angle beyond ±0.2 rad.
        public static let txHorizonAngle = WarningFlags(rawValue: 1 << 3)
        /// Receiver horizon elevation angle beyond ±0.2 rad.
        public static let rxHorizonAngle = WarningFlags(rawValue: 1 << 4)
        /// Transmitter horizon nearer than 1/10 of its smooth-earth horizon.
        public static let txHorizonShort = WarningFlags(rawValue: 1 << 5)
        /// Receiver horizon nearer than 1/10 of its smooth-earth horizon.
        public static let rxHorizonShort = WarningFlags(rawValue: 1 << 6)
        /// Transmitter horizon farther than 3 times its smooth-earth horizon.
        public static let txHorizonLong = WarningFlags(rawValue: 1 << 7)
        /// Receiver horizon farther than 3 times its smooth-earth horizon.
        public static let rxHorizonLong = WarningFlags(rawValue: 1 << 8)
        /// Surface refractivity N_s below 250 N-units.
        public static let lowSurfaceRefractivity = WarningFlags(rawValue: 1 << 9)
        /// Path shorter than |h_e,tx − h_e,rx| / 0.2.
        public static let pathShorterThanHeightDifference = WarningFlags(rawValue: 1 << 10)
        /// Path shorter than 1 km.
        public static let pathUnder1km = WarningFlags(rawValue: 1 << 11)
        /// Path longer than 1000 km.
        public static let pathOver1000km = WarningFlags(rawValue: 1 << 12)
        /// Path longer than 2000 km.
        public static let pathOver2000km = WarningFlags(rawValue: 1 << 13)
        /// A requested quantile lies beyond 3.10 standard deviations.
        public static let extremeVariabilities = WarningFlags(rawValue: 1 << 14)

        /// Number of defined flags.
        static let count = 15

        /// One line per flag, without values (for summaries over many predictions).
        public var summaries: [String] {
            (0..<Self.count).compactMap { bit in
                contains(WarningFlags(rawValue: 1 << UInt32(bit))) ? Warnings.text(bit: bit, value: nil) : nil
            }
        }
    }

    /// Soft-tier conditions met during one prediction, with the value that first raised each; the
    /// messages are formatted only when asked for (the footprint code makes millions of predictions).
    struct Warnings: Sendable {
        private(set) var flags: WarningFlags = []
        private var values = SIMD16<Double>()

        /// Records a condition; the first value raised for a flag is the one reported.
        @inline(__always) mutating func add(_ flag: WarningFlags, _ value: Double = .nan) {
            guard !flags.contains(flag) else { return }
            flags.insert(flag)
            values[flag.rawValue.trailingZeroBitCount] = value
        }

        /// Human-readable messages in flag order.
        var messages: [String] {
            (0..<WarningFlags.count).compactMap { bit in
                flags.contains(WarningFlags(rawValue: 1 << UInt32(bit))) ? Self.text(bit: bit, value: values[bit]) : nil
            }
        }

        /// The message of one flag; `value` nil gives the wording without a number.
        static func text(bit: Int, value: Double?) -> String {
            func v(_ unit: String = "") -> String { value.map { " \($0)\(unit)" } ?? "" }
            switch bit {
            case 0: return "h_tx_meters\(value.map { " = \($0)" } ?? "") is outside 1…1000 m"
            case 1: return "h_rx_meters\(value.map { " = \($0)" } ?? "") is outside 1…1000 m"
            case 2: return "frequency_mhz\(value.map { " = \($0)" } ?? "") is outside 40…10000 MHz"
            case 3: return "tx horizon angle\(v(" rad")) exceeds 0.2 rad"
            case 4: return "rx horizon angle\(v(" rad")) exceeds 0.2 rad"
            case 5: return "tx horizon distance is less than 1/10 of the smooth-earth horizon distance"
            case 6: return "rx horizon distance is less than 1/10 of the smooth-earth horizon distance"
            case 7: return "tx horizon distance is more than 3 times the smooth-earth horizon distance"
            case 8: return "rx horizon distance is more than 3 times the smooth-earth horizon distance"
            case 9: return "surface refractivity N_s\(value.map { " = \($0)" } ?? "") is below 250 N-units"
            case 10: return "path distance\(v(" m")) is less than |h_e,tx − h_e,rx| / 0.2"
            case 11: return "path distance\(v(" m")) is less than 1 km"
            case 12: return "path distance\(v(" m")) is more than 1000 km"
            case 13: return "path distance\(v(" m")) is more than 2000 km"
            default: return "extreme variabilities: a quantile lies beyond 3.10 standard deviations"
            }
        }
    }
}

