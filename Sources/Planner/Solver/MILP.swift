/// A mixed-integer linear program as a value — what the exact selector hands to a solver (the
/// solver seam: ``GLPKSolver`` is the only code that talks to GLPK). Maximisation; columns and
/// rows are 0-based here (the solver adds its own offsets).
struct MILP {
    /// Bounds of a column or a row.
    enum Bounds: Equatable {
        /// x ≥ lower.
        case lower(Double)
        /// x ≤ upper.
        case upper(Double)
        /// lower ≤ x ≤ upper.
        case between(Double, Double)
        /// x = value.
        case fixed(Double)
    }

    struct Column {
        /// A 0/1 variable (its bounds are [0, 1] unless `bounds` fixes it).
        var binary: Bool
        /// nil for a binary column left free in [0, 1].
        var bounds: Bounds?
        var objective: Double
    }

    var columns: [Column] = []
    var rows: [Bounds] = []
    /// Non-zero coefficients of the constraint matrix, in the order they were added.
    var entries: [(row: Int, column: Int, value: Double)] = []

    /// Adds a column and returns its index.
    @discardableResult
    mutating func addColumn(binary: Bool = false, bounds: Bounds?, objective: Double = 0) -> Int {
        columns.append(Column(binary: binary, bounds: bounds, objective: objective))
        return columns.count - 1
    }

    /// Adds a row and returns its index.
    @discardableResult
    mutating func addRow(_ bounds: Bounds) -> Int {
        rows.append(bounds)
        return rows.count - 1
    }

    mutating func set(row: Int, column: Int, _ value: Double) { entries.append((row, column, value)) }
}

/// What a solver returns for a ``MILP``.
struct MILPOutcome {
    /// Column values of the best integer solution found (nil when none).
    var values: [Double]?
    var objective: Double?
    /// The best bound of the search when it stopped early (nil when the search never started).
    var bound: Double?
    /// The solver proved `values` optimal.
    var optimal: Bool
}
