import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// `population.grid_origin` in a scenario and a study.
@Suite struct PopulationGridTests {
    /// Default `crs`: every synthesised cell centre is an odd multiple of half the cell (1 km cells: x ≡ 500 mod 1000).
    /// `districts-bounds`: the centres are offset from the corner of the districts' total bounds by odd multiples of
    /// 500 m instead; the census totals are kept either way.
    @Test func originFromScenario() async throws {
        let crs = try await Study.load(try lightScenario(), workers: 2)
        #expect(crs.scenario.population.gridOrigin == .crs)
        #expect(crs.population.positions.allSatisfy { ($0.x - 500).remainder(dividingBy: 1000) == 0 && ($0.y - 500).remainder(dividingBy: 1000) == 0 })
        let bounds = try await Study.load(try lightScenario { $0.population.gridOrigin = .districtsBounds }, workers: 2)
        let o = PopulationSurface.gridOrigin(districtsBounds: bounds.districts)
        #expect(o.x == bounds.districts.map(\.bounds.minX).min()! && o.y == bounds.districts.map(\.bounds.minY).min()!)
        for p in bounds.population.positions.prefix(500) {   // offsets from the corner: k·1000 + 500 (to rounding)
            let fx = (p.x - o.x - 500) / 1000, fy = (p.y - o.y - 500) / 1000
            #expect(abs(fx - fx.rounded()) < 1e-9 && abs(fy - fy.rounded()) < 1e-9)
        }
        #expect(crs.population.population.reduce(0, +) == bounds.population.population.reduce(0, +))
        #expect(crs.population.positions != bounds.population.positions)
    }

    @Test func refusal() async throws {
        let base = "extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\n"
        let m = await errorMessage { _ = try Scenario.load(path: tempFile("g.yaml", base + "population:\n  grid_origin: corner\n")) }
        #expect(m.contains("population.grid_origin 'corner' must be one of crs, districts-bounds"))
        #expect(!m.contains("\n"))
        let ok = try Scenario.load(path: tempFile("g2.yaml", base + "population:\n  grid_origin: districts-bounds\n"))
        #expect(ok.population.gridOrigin == .districtsBounds)
    }
}
