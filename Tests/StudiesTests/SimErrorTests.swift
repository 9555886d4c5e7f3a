import Foundation
import Testing
@testable import Studies
import TestSupport

/// The context fields of `SimError` name the same place as its one-line message.
@Suite struct SimErrorTests {
    @Test func scenarioErrorCarriesFileLineAndKey() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.yaml").path
        try "extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\nradio:\n  treshold_dbm: -100\n".write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try Scenario.load(path: path); Issue.record("expected an error") } catch let e as SimError {
            #expect(e.isInputError)
            #expect(e.file == path, "\(e)")
            #expect(e.line == 3, "\(e)")            // the third line of the file written above
            #expect(e.key == "treshold_dbm", "\(e)")
            #expect(e.message.hasPrefix("\(path):3: unknown key 'treshold_dbm' in radio"), "\(e)")
        }
        try "extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\nterrain:\n  model: itm\n".write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try Scenario.load(path: path); Issue.record("expected an error") } catch let e as SimError {
            #expect(e.file == path && e.line == nil && e.key == "terrain.dem", "\(e)")
        }
    }

    @Test func messagesWithoutAFileHaveNoPlace() {
        let e = SimError.input("--jobs 0: give at least 1")
        #expect(e.file == nil && e.line == nil && e.key == nil)
        let o = SimError.output("out/run: holds other files; choose another --out")
        #expect(!o.isInputError && o.file == "out/run")
    }
}
