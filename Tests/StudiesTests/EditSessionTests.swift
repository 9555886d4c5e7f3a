import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// `sim serve`'s session: every edit's district figures equal a full run of the saved, edited scenario;
/// undo restores the exact earlier state; bad edits change nothing.
@Suite(.serialized) struct EditSessionTests {
    static let scenario = repoPath("data/scenarios/quang-tri-2020-plan.yaml")

    /// Saves the session, runs the saved scenario from its files as `sim run` does (coverage and reach), and
    /// checks each district's figures and every population cell's covered/reached flag are the same, exactly.
    func expectEqualsFullRun(_ session: EditSession, _ what: String) async throws {
        let dir = tempDir().appendingPathComponent("saved")
        try await session.saveScenario(into: dir.path)
        let study = try await ScenarioRun.load(path: dir.appendingPathComponent("scenario.yaml").path, workers: 2, progress: Progress())
        let run = try await CoverageRun.execute(study, workers: 2, progress: Progress())
        let state = await session.state
        #expect(study.sites.map(\.id) == state.sites.map(\.id), "\(what): site ids")
        #expect(study.sites.map(\.position) == state.sites.map(\.position), "\(what): site positions")
        for (d, full) in run.stats.districts.enumerated() {
            let mine = state.stats.districts[d]
            #expect(mine.coveredPopulation == full.coveredPopulation, "\(what): district \(d) covered people")
            #expect(mine.coveredAreaKm2 == full.coveredAreaKm2, "\(what): district \(d) covered area")
            #expect(mine.population == full.population)
        }
        #expect(run.stats.cellCovered == state.stats.cellCovered, "\(what): covered cells")
        #expect(run.fixed?.districts.map(\.householdsReached) == state.fixed?.districts.map(\.householdsReached), "\(what): households reached")
        #expect(run.fixed?.cellReached == state.fixed?.cellReached, "\(what): reached cells")
    }

    @Test func everyEditEqualsAFullRunOfTheSavedScenario() async throws {
        let session = try await EditSession.open(path: Self.scenario, workers: 2)
        let start = await session.figures
        // Đa Krông's hills (district 465), away from every site: a new 3-sector site there.
        let touched = try await session.apply(.addSite(lon: 106.80, lat: 16.55, .init()))
        #expect(!touched.isEmpty && touched.count < 10, "a new site touches some districts, not all: \(touched)")
        let added = await session.figures
        #expect(added != start)
        try await expectEqualsFullRun(session, "added site")

        try await session.apply(.moveSite(id: "QT0012", lon: 107.15, lat: 16.78))
        try await session.apply(.changeSite(id: "QT0092", .init(heightMeters: 45, azimuthsDegrees: [0, 180])))
        try await session.apply(.toggleUpgrade(id: "QT0002"))
        try await session.apply(.deleteSite(id: "QT0006"))
        try await expectEqualsFullRun(session, "moved, changed, upgraded, deleted")

        // A cable from the served network out to the west.
        let start2 = await session.figures
        try await session.apply(.addCable(points: [Point2(107.10, 16.80), Point2(107.02, 16.70), Point2(106.95, 16.65)], placement: .underground, snapStart: true))
        let withCable = await session.figures
        #expect(zip(start2, withCable).contains { ($1.fbbHouseholdsPercent ?? 0) > ($0.fbbHouseholdsPercent ?? 0) }, "the route reaches new households")
        try await expectEqualsFullRun(session, "added cable")
        // The view's cost: one new site, one upgrade and one route at the scenario's costs.
        let spend = try #require(await session.spend)
        #expect(spend.reduce(0, +) > 0)
    }

    @Test func undoRestoresTheExactEarlierStateAndRedoTheLater() async throws {
        let session = try await EditSession.open(path: Self.scenario, workers: 2)
        let before = await session.state
        try await session.apply(.addSite(lon: 107.0, lat: 16.6, .init(heightMeters: 50)))
        let after = await session.state
        #expect(await session.undo())
        let undone = await session.state
        #expect(undone.raw.map(\.id) == before.raw.map(\.id))
        #expect(undone.stats.cellCovered == before.stats.cellCovered)
        #expect(undone.stats.districts.map(\.coverage) == before.stats.districts.map(\.coverage))
        #expect(undone.stats.districts.map(\.coveredAreaKm2) == before.stats.districts.map(\.coveredAreaKm2))
        #expect(await session.redo())
        let redone = await session.state
        #expect(redone.stats.districts.map(\.coverage) == after.stats.districts.map(\.coverage))
        #expect(redone.raw.map(\.id) == after.raw.map(\.id))
        #expect(!(await session.redo()), "nothing left to redo")
    }

    @Test func badEditsAreRefusedAndChangeNothing() async throws {
        let session = try await EditSession.open(path: Self.scenario, workers: 2)
        let before = await session.state
        let bad: [(EditSession.Edit, String)] = [
            (.moveSite(id: "NO-SUCH", lon: 107, lat: 16.7), "no site 'NO-SUCH'"),
            (.addSite(lon: .nan, lat: 16.7, .init()), "not a WGS 84 position"),
            (.addSite(lon: 120, lat: 16.7, .init()), "more than 50 km outside"),
            (.addSite(lon: 107, lat: 16.7, .init(heightMeters: 0)), "height_m = 0.0 is outside 1…300"),
            (.changeSite(id: "QT0012", .init(azimuthsDegrees: [400])), "azimuth 400.0"),
            (.toggleUpgrade(id: "QT0012"), "only 3G sites"),
            (.addCable(points: [Point2(107, 16.7)], placement: .aerial, snapStart: false), "2 to 2000 points"),
            (.deleteCable(id: "NO-SUCH"), "no cable 'NO-SUCH'"),
        ]
        for (edit, message) in bad {
            do {
                try await session.apply(edit)
                Issue.record("accepted: \(edit)")
            } catch let e as EditSession.EditError {
                #expect(e.description.contains(message), "\(e.description)")
            }
            let now = await session.state
            #expect(now.raw.map(\.id) == before.raw.map(\.id) && now.stats.cellCovered == before.stats.cellCovered && now.cables.count == before.cables.count)
            #expect(!(await session.canUndo))
        }
    }
}
