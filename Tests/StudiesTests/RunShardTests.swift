import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// `sim run --shard I/N` + `sim merge` = `sim run`, byte for byte; bad shard sets are refused with one line.
@Suite(.serialized) struct RunShardTests {
    /// Every file of a folder, by name.
    func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) { out[f] = try Data(contentsOf: dir.appendingPathComponent(f)) }
        return out
    }

    func expectShardedEqualsSingle(_ scenario: String, shards n: Int, dir: URL) async throws {
        _ = try await ScenarioRun.run(path: scenario, out: dir.appendingPathComponent("single").path, workers: 2)
        var folders: [String] = []
        var footprints = 0
        for i in 0..<n {
            let f = dir.appendingPathComponent("shard\(i)").path
            footprints += try await RunShards.run(path: scenario, out: f, index: i, count: n, workers: 2)
            folders.append(f)
        }
        // Given in another order: the merge orders them by index.
        _ = try await RunShards.merge(path: scenario, shards: folders.reversed(), out: dir.appendingPathComponent("merged").path, workers: 2)
        let single = try files(dir.appendingPathComponent("single")), merged = try files(dir.appendingPathComponent("merged"))
        #expect(single.keys.sorted() == merged.keys.sorted())
        for (name, data) in single { #expect(merged[name] == data, "\(name) differs between sim run and the merge of \(n) shards") }
        #expect(footprints > 0)
    }

    @Test func threeShardsOfTheDefaultBaselineEqualOneRun() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await expectShardedEqualsSingle(repoPath("data/scenarios/quang-tri-2017.yaml"), shards: 3, dir: dir)
    }

    @Test func fourShardsOverTerrainEqualOneRun() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dem = dir.appendingPathComponent("dem")
        try FileManager.default.createDirectory(at: dem, withIntermediateDirectories: true)
        try TerrainScenarioTests.writeTile(in: dem)
        let scenario = try TerrainScenarioTests.scenario(in: dir, terrain: "dem: dem\n" + TerrainScenarioTests.coarse)
        // Four shards of three sites: one shard is empty, and still merges.
        try await expectShardedEqualsSingle(scenario, shards: 4, dir: dir)
    }

    @Test func incompleteDuplicatedOrForeignShardsAreRefused() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = repoPath("data/scenarios/quang-tri-2017.yaml")
        let s0 = dir.appendingPathComponent("s0").path, s1 = dir.appendingPathComponent("s1").path
        _ = try await RunShards.run(path: scenario, out: s0, index: 0, count: 2, workers: 2)
        _ = try await RunShards.run(path: scenario, out: s1, index: 1, count: 2, workers: 2)
        let study = try await ScenarioRun.load(path: scenario, workers: 2, progress: Progress())
        func message(_ shards: [String], _ s: Study) -> String {
            do { _ = try RunShards.read(shards, for: s); return "" } catch { return "\(error)" }
        }
        #expect(message([s0], study).contains("shard 1/2 missing"))
        #expect(message([s0, s0, s1], study).contains("shard 0/2 is also"))
        var moved = study
        moved.sites[0].position.x += 1   // one site moved by 1 m: other inputs
        #expect(message([s0, s1], moved).contains("computed from other inputs"))
        #expect(message([dir.path], study).contains("shard.json: missing"))
        // A truncated footprints file names itself.
        let bin = URL(fileURLWithPath: s1).appendingPathComponent("footprints.bin")
        let data = try Data(contentsOf: bin)
        try data.prefix(data.count - 4).write(to: bin)
        #expect(message([s0, s1], study).contains("footprints.bin: ends early"))
        #expect(!(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path)))
    }
}
