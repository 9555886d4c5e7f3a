import Foundation

/// The language of the HTML reports (report.html of `sim run` and of `sim sweep`): Vietnamese by
/// default, English on request (`--lang en`). Only the reports are translated; every other output
/// (CSV, GeoJSON, JSON) keeps its English ids and field names, and warnings stay word for word.
package enum ReportLanguage: String, Sendable, CaseIterable {
    /// Vietnamese: the default, for the province's planners and People's Committee.
    case vi
    /// English.
    case en

    /// The language of reports written in the current task when none is passed explicitly: `.vi`
    /// unless a front end binds another for a whole command,
    ///
    ///     try await ReportLanguage.$current.withValue(.en) { try await ScenarioRun.run(…) }
    ///
    /// Task-local (not a global variable): child tasks inherit it, so the per-run reports a sweep
    /// writes from its task group follow the sweep's `--lang` without the sweep code passing it on.
    @TaskLocal package static var current: ReportLanguage = .vi

    /// The value of a `--lang` option: `vi` or `en` (case and surrounding spaces ignored).
    /// - Throws: `SimError.input` naming the bad value and the two choices.
    package init(option: String) throws {
        guard let l = ReportLanguage(rawValue: option.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw SimError.input("--lang '\(option)': give vi (Vietnamese, the default) or en (English)")
        }
        self = l
    }
}
