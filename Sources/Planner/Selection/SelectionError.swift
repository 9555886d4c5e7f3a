/// Errors from building a ``CoverageInstance`` and from the selectors.
public enum SelectionError: Error, Sendable, Equatable {
    /// Array `field` has `actual` entries where `expected` were required.
    case lengthMismatch(field: String, expected: Int, actual: Int)
    /// Entry `index` of `field` is NaN, infinite or negative (`value` in the field's unit).
    case invalidValue(field: String, index: Int, value: Double)
    /// Element `element` names group `group`, outside `0..<groupCount`.
    case groupOutOfRange(element: Int, group: Int32, groupCount: Int)
    /// Candidate `candidate` covers element `element`, outside `0..<elementCount`.
    case elementOutOfRange(candidate: Int, element: Int32, elementCount: Int)
    /// Candidate `candidate` costs `costVND`; every candidate must cost > 0 VND.
    case nonPositiveCost(candidate: Int, costVND: Int64)
    /// The overshoot weight ε must lie in [0, 1] so that V stays monotone submodular.
    case overshootWeightOutOfRange(Double)
    /// The budget (of the year at `index` in a multi-year plan, 0 otherwise) is negative.
    case negativeBudget(index: Int, vnd: Int64)
    /// Years in a multi-year plan must be strictly increasing; `year` at `index` is not.
    case yearsNotIncreasing(index: Int, year: Int)
    /// `SelectionMethod.exact` with a problem GLPK rejected: which call, and its return code.
    case solverFailed(call: String, code: Int32)
    /// The time limit (seconds) must be positive and finite.
    case invalidTimeLimit(Double)
}
