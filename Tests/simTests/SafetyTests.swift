import Coverage
import Foundation
import Testing
import TestSupport
@testable import sim
@testable import Studies

/// Issue 12, "Output ownership": `sim run` and `sim plan` replace only a folder that is missing,
/// empty or their own; every other --out is refused with one line, exit status 1, nothing touched.
@Suite(.serialized) struct OutputOwnershipTests {
    let root = tempDir()

    /// A folder of the user's own files: refused, the files stay. Then an empty folder and a
    /// missing one are written, and a folder sim wrote is replaced.
    @Test func userFolderIsRefusedOwnFolderIsReplaced() throws {
        let s = try quickScenario(in: root.appendingPathComponent("in"))
        let thesis = root.appendingPathComponent("thesis")
        try FileManager.default.createDirectory(at: thesis, withIntermediateDirectories: true)
        try "chapter 1".write(to: thesis.appendingPathComponent("chapter1.tex"), atomically: true, encoding: .utf8)
        let r = try runSimBinary(["run", s, "--out", "thesis"], cwd: root)
        #expect(r.status == 1)
        #expect(errorLines(r.err).count == 1 && r.err.contains("thesis: holds files sim did not write ('chapter1.tex')"), "\(r.err)")
        #expect(try String(contentsOf: thesis.appendingPathComponent("chapter1.tex"), encoding: .utf8) == "chapter 1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: thesis.path) == ["chapter1.tex"])

        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for out in ["empty", "new/deeper"] {
            let ok = try runSimBinary(["run", s, "--out", out, "--jobs", "1"], cwd: root)
            #expect(ok.status == 0, "\(out): \(ok.err)")
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(out).appendingPathComponent(OutputFolder.markerName).path))
        }
        // A folder from a sim before the marker (its summary.json says so) is sim's; a look-alike is not.
        for (name, summary, ok) in [("older", #"{"scenario":"x","scenario_file":"x.yaml","versions":{"sim":"0.1.0","geos":"3.11.1"}}"#, true),
                                    ("lookalike", #"{"name":"my notes","versions":{"sim":"x"}}"#, false)] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try summary.write(to: folder.appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
            let r = try runSimBinary(["run", s, "--out", name, "--jobs", "1"], cwd: root)
            #expect((r.status == 0) == ok, "\(name): \(r.err)")
        }
        // A file the user added to sim's folder goes with it: the folder is sim's (README says so).
        let again = try runSimBinary(["run", s, "--out", "empty", "--jobs", "1"], cwd: root)
        #expect(again.status == 0, "\(again.err)")
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("districts.csv").path))
    }

    /// The current folder, a folder holding an input (and its parent), the root, a repository (its
    /// `.git`), and a path that is a file: each refused by `sim run` and `sim plan`, nothing deleted.
    @Test(arguments: ["run", "plan"]) func dangerousFoldersAreRefused(command: String) throws {
        let dir = root.appendingPathComponent(command)
        let inputs = dir.appendingPathComponent("in")
        var s = try quickScenario(in: inputs)
        if command == "plan" {
            s = inputs.appendingPathComponent("plan.yaml").path
            try "extends: \(repoPath("data/scenarios/quang-tri-2020-plan.yaml"))\ninputs:\n  sites: sites.csv\n".write(toFile: s, atomically: true, encoding: .utf8)
        }
        let repoLike = dir.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repoLike.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try OutputFolder.markerText.write(to: repoLike.appendingPathComponent(OutputFolder.markerName), atomically: true, encoding: .utf8)
        try "x".write(to: dir.appendingPathComponent("afile"), atomically: true, encoding: .utf8)
        let before = try FileManager.default.subpathsOfDirectory(atPath: dir.path).sorted()
        let cases: [(out: String, cwd: URL, says: String)] = [
            (".", inputs, "is the current folder or holds it"),
            ("..", inputs, "is the current folder or holds it"),
            ("in", dir, "an input of this run"),
            (dir.path, root, "an input of this run"),
            ("/", dir, "is the root folder"),
            ("repo", dir, "holds a .git repository"),
            ("afile", dir, "exists and is not a folder"),
        ]
        for c in cases {
            let r = try runSimBinary([command, s, "--out", c.out, "--jobs", "1"], cwd: c.cwd)
            #expect(r.status == 1, "\(command) --out \(c.out): \(r.err)")
            #expect(errorLines(r.err).count == 1 && r.err.contains(c.says) && r.err.contains("give a fresh --out"), "\(command) --out \(c.out): \(r.err)")
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: dir.path).sorted() == before)
    }

    /// The check is in OutputFolder itself, so every writer of a folder gets it (in-process).
    @Test func outputFolderChecksBeforeWriting() throws {
        let dir = root.appendingPathComponent("inproc")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let input = dir.appendingPathComponent("sites.csv")
        try "id\n".write(to: input, atomically: true, encoding: .utf8)
        #expect(throws: SimError.self) { try OutputFolder.produce(dir.path, inputs: [input.path]) { try $0.write("a.txt", "a") } }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["sites.csv"])
    }

    /// `sim generate` replaces only a file it generated.
    @Test func generateReplacesOnlyItsOwnFiles() throws {
        let dir = root.appendingPathComponent("gen")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "id,lon,lat\nmine,1,2\n".write(to: dir.appendingPathComponent("mine.csv"), atomically: true, encoding: .utf8)
        #expect(throws: SimError.self) { try writeAtomically("new", to: dir.appendingPathComponent("mine.csv").path) }
        #expect(throws: SimError.self) { try writeAtomically("new", to: dir.path) }
        #expect(try String(contentsOf: dir.appendingPathComponent("mine.csv"), encoding: .utf8) == "id,lon,lat\nmine,1,2\n")
        let generated = "# SYNTHETIC site list made by `sim generate sites --count 1 --seed 1`; not real operator data.\n"
        try writeAtomically(generated, to: dir.appendingPathComponent("gen.csv").path)
        try writeAtomically(generated + "x\n", to: dir.appendingPathComponent("gen.csv").path)
        #expect(try String(contentsOf: dir.appendingPathComponent("gen.csv"), encoding: .utf8) == generated + "x\n")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["mine.csv", "gen.csv"])
    }
}

/// Issue 12, "Scripts we emit are data-safe": a sweep file and an --out path holding `$(…)`,
/// backticks, quotes, spaces and a line break; the emitted script, run under bash as Slurm would
/// run an array task, executes nothing of them and writes only inside the output folder.
@Suite(.serialized) struct SlurmScriptSafetyTests {
    @Test func hostileNamesExecuteNothing() throws {
        let dir = tempDir()
        try "extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\npopulation:\n  cell_size_m: 2000\nradio:\n  disk_radius_m: 3000\nfixed_broadband:\n  enabled: false\n"
            .write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        let sweepName = "sw $(touch PWNED1) `touch PWNED2` 'q' \"d\"\ntouch PWNED3 #.yaml"
        try "base: base.yaml\naxes:\n  radio.threshold_dbm: [-100]\n".write(to: dir.appendingPathComponent(sweepName), atomically: true, encoding: .utf8)
        let out = "out $(touch PWNED4) `touch PWNED5` 'q'"
        let r = try runSimBinary(["sweep", sweepName, "--out", out, "--emit-slurm"], cwd: dir)
        #expect(r.status == 0, "\(r.err)")
        let script = dir.appendingPathComponent(out).appendingPathComponent("sweep.sbatch")
        let text = try String(contentsOf: script, encoding: .utf8)
        // Every line is a comment, an #SBATCH line or one of the script's three commands.
        for line in text.split(separator: "\n") {
            #expect(line.hasPrefix("#") || line.hasPrefix("set -euo") || line.hasPrefix("exec ") || line.hasPrefix("  --shard"), "stray line: \(line)")
        }
        #expect(text.contains("#SBATCH --output=\"\(dir.standardizedFileURL.path)/\(out)/slurm-%A_%a.out\""))

        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = [script.path]
        bash.currentDirectoryURL = dir
        bash.environment = ["PATH": "/usr/bin:/bin", "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_CPUS_PER_TASK": "1"]
        bash.standardOutput = FileHandle.nullDevice
        bash.standardError = FileHandle.nullDevice
        try bash.run()
        bash.waitUntilExit()
        #expect(bash.terminationStatus == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!names.contains { $0.hasPrefix("PWNED") }, "\(names)")
        #expect(Set(names.filter { !$0.hasPrefix("stdout-") && !$0.hasPrefix("stderr-") }) == ["base.yaml", sweepName, out])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(out).appendingPathComponent("runs").path) == ["threshold_dbm=-100"])
    }

    /// A line break (or `"`, `\`, `#`, `%`) in the --out path cannot be written on an #SBATCH line:
    /// refused before anything is written.
    @Test(arguments: ["o\nx", "o\"x", "o%x", "o#x", "o\\x"]) func unsayableOutIsRefused(out: String) throws {
        let dir = tempDir()
        try "base: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\naxes:\n  radio.threshold_dbm: [-100]\n".write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let r = try runSimBinary(["sweep", "s.yaml", "--out", out, "--emit-slurm"], cwd: dir)
        #expect(r.status == 1 && errorLines(r.err).count == 1 && r.err.contains("#SBATCH line cannot carry"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(out).path))
    }

    /// The quoting function against bash itself: each value, quoted and echoed by bash, comes back as it was.
    @Test func quoteRoundTripsThroughBash() throws {
        let values = ["plain", "two words", "it's", "$(echo no)", "`echo no`", "a\nb", "tab\there", "\\", "'", "\"", "Quảng Trị", "\u{7f}x", "\r\n",
                      "'\u{301}; touch PWNED; '\u{301}", "\"\u{310}", "'\u{301}\n"]   // a quote + a combining mark is one Character
        let script = values.map { "printf '%s\\0' \(SlurmScript.quote($0))" }.joined(separator: "\n")
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-c", script]
        let pipe = Pipe()
        bash.standardOutput = pipe
        try bash.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        bash.waitUntilExit()
        let back = data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        #expect(back == values)
        for v in values { #expect(!SlurmScript.quote(v).contains("\n")) }
    }
}

/// Issue 12, "Bounded resources on hostile input": each refused quickly with one line.
@Suite(.serialized) struct HostileInputTests {
    let dir = tempDir()

    /// The "billion laughs": nine levels of nine aliases (9⁹ ≈ 387 million nodes from ~500 bytes).
    static let aliasBomb: String = {
        var s = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for k in 1...9 { s += "a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 9).joined(separator: ", ") + "]\n" }
        return s
    }()

    @Test func aliasBombInScenarioAndSweep() throws {
        try ("extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\nname: bomb\n" + Self.aliasBomb).write(to: dir.appendingPathComponent("bomb.yaml"), atomically: true, encoding: .utf8)
        try ("base: bomb.yaml\naxes:\n  radio.threshold_dbm: [-100]\n" + Self.aliasBomb).write(to: dir.appendingPathComponent("bomb-sweep.yaml"), atomically: true, encoding: .utf8)
        for args in [["run", "bomb.yaml", "--out", "o"], ["validate", "bomb.yaml"], ["sweep", "bomb-sweep.yaml", "--list"]] {
            let r = try runSimBinary(args, cwd: dir, seconds: 60)
            #expect(r.status == 1, "\(args): \(r.err)")
            #expect(errorLines(r.err).count == 1 && r.err.contains("YAML aliases (*name) are not supported"), "\(args): \(r.err)")
        }
    }

    /// The alias scan on its own: aliases found wherever a node starts, and not in quoted text,
    /// comments or the middle of a plain scalar.
    @Test func aliasScan() {
        #expect(YNode.aliasLine("a: *x\n") == 1)
        #expect(YNode.aliasLine("a: 1\nb:\n  - *x\n") == 3)
        #expect(YNode.aliasLine("a: [1, *x]\n") == 1)
        #expect(YNode.aliasLine("a: {b: *x}\n") == 1)
        #expect(YNode.aliasLine("? *x\n: 1\n") == 1)
        #expect(YNode.aliasLine("a: \"*x\"\nb: '*y'\nc: 'it''s *z'\n") == nil)
        #expect(YNode.aliasLine("a: 1 # *x\n# *y\n") == nil)
        #expect(YNode.aliasLine("name: Quảng Trị *draft*\nb: 2*3\n") == nil)
        #expect(YNode.aliasLine("a: &anchor [1]\n") == nil)
    }

    /// Nine axes of nine values (387,420,489 runs) from a few hundred bytes: refused by counting, with --list too.
    @Test func hugeSweepProductIsRefused() throws {
        var s = "base: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\naxes:\n"
        let keys = ["threshold_dbm", "rx_height_m", "antenna_gain_dbi", "cable_loss_db", "body_loss_db", "indoor_loss_db", "rx_gain_dbi", "shadow_sigma_db", "front_to_back_db"]
        for k in keys { s += "  radio.\(k): [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" }
        try s.write(to: dir.appendingPathComponent("huge.yaml"), atomically: true, encoding: .utf8)
        for args in [["sweep", "huge.yaml", "--list"], ["sweep", "huge.yaml", "--out", "o"], ["validate", "huge.yaml"]] {
            let r = try runSimBinary(args, cwd: dir, seconds: 60)
            #expect(r.status == 1 && errorLines(r.err).count == 1, "\(args): \(r.err)")
            #expect(r.err.contains("9 × 9 × 9 × 9 × 9 × 9 × 9 × 9 × 9 = 387420489 runs, over the limit of 10000"), "\(r.err)")
        }
    }

    /// A FIFO, a folder and a device named as an input, by `extends:` or to `sim validate`: one
    /// line naming what the path is, no hang (a FIFO nobody writes would block a reader forever).
    @Test func specialFilesAreRefused() throws {
        let fifo = dir.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let folder = dir.appendingPathComponent("folder.geojson").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = repoPath("data/scenarios/quang-tri-2017.yaml")
        let scenarios: [(yaml: String, says: String)] = [
            ("extends: \(base)\ninputs:\n  sites: \(fifo)\n", "pipe.csv: is a FIFO (named pipe), not a regular file"),
            ("extends: \(base)\ninputs:\n  districts: \(fifo)\n", "pipe.csv: is a FIFO (named pipe), not a regular file"),
            ("extends: \(base)\ninputs:\n  districts: \(folder)\n", "folder.geojson: is a folder, not a regular file"),
            ("extends: \(fifo)\n", "pipe.csv: is a FIFO (named pipe), not a regular file"),
            ("extends: /dev/zero\n", "/dev/zero: is a device, not a regular file"),
            ("extends: \(dir.path)\n", "is a folder, not a regular file"),
        ]
        for (i, c) in scenarios.enumerated() {
            let path = dir.appendingPathComponent("s\(i).yaml")
            try c.yaml.write(to: path, atomically: true, encoding: .utf8)
            let r = try runSimBinary(["run", path.path, "--out", "o\(i)"], cwd: dir, seconds: 60)
            #expect(r.status == 1 && errorLines(r.err).count == 1 && r.err.contains(c.says), "case \(i): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o\(i)").path))
        }
        for (f, says) in [(fifo, "not a regular file"), (folder, "is a folder"), ("/dev/zero", "not a regular file")] {
            let r = try runSimBinary(["validate", f], cwd: dir, seconds: 60)
            #expect(r.status == 1 && errorLines(r.err).count == 1 && r.err.contains(says), "validate \(f): \(r.err)")
        }
    }

    /// A layer over the vertex limit is refused by counting positions in the text, before it is
    /// parsed (2,500,001 positions of 6 bytes: a 15 MB file).
    @Test func tooManyVerticesIsRefused() throws {
        var text = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"D1","population":1},"geometry":{"type":"LineString","coordinates":["#
        text += Array(repeating: "[1,2]", count: InputFile.maxVerticesPerLayer + 1).joined(separator: ",") + "]}}]}"
        try text.write(to: dir.appendingPathComponent("big.geojson"), atomically: true, encoding: .utf8)
        let r = try runSimBinary(["validate", "big.geojson"], cwd: dir, seconds: 120)
        #expect(r.status == 1 && errorLines(r.err).count == 1, "\(r.err)")
        #expect(r.err.contains("big.geojson: 2500001 vertices, over the limit of 2500000 per layer"), "\(r.err)")
    }

    /// Counting positions by hand: a Point (1), a 5-vertex ring (5), a bbox (1, counted too), none in strings.
    @Test func positionCount() {
        let text = #"{"bbox":[0,0,1,1],"a":"[1,2]","g":{"type":"Point","coordinates":[ -1.5,2]},"p":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#
        // "[1,2]" inside a string is counted as well: the count is an upper bound, which is what a limit needs.
        #expect(InputFile.geoJSONPositionCount(Data(text.utf8)) == 1 + 1 + 1 + 5)
    }

    /// Oversized files are refused by size before they are read.
    @Test func sizeLimits() throws {
        let big = dir.appendingPathComponent("big.yaml")
        _ = FileManager.default.createFile(atPath: big.path, contents: nil)
        let h = try FileHandle(forWritingTo: big)
        try h.truncate(atOffset: UInt64(InputFile.yamlLimitBytes + 1))
        try h.close()
        let r = try runSimBinary(["validate", "big.yaml"], cwd: dir, seconds: 60)
        #expect(r.status == 1 && r.err.contains("big.yaml: 4194305 bytes is over the 4.0 MB (4194304 bytes) limit for a YAML file"), "\(r.err)")
    }
}

/// Issue 12, "CSV the way planners make it".
@Suite struct CSVReadingTests {
    /// The sites file as Excel saves it (CRLF, a UTF-8 byte-order mark) and with a quoted field
    /// holding a comma, a quote and a line break: the same sites as the plain file.
    @Test func excelSitesFileReadsLikeThePlainOne() throws {
        let plain = try String(contentsOfFile: repoPath("data/quang-tri/sites-2017.csv"), encoding: .utf8)
        let dir = tempDir()
        let excel = dir.appendingPathComponent("sites-excel.csv").path
        try Data([0xEF, 0xBB, 0xBF] + Array(plain.replacingOccurrences(of: "\n", with: "\r\n").utf8)).write(to: URL(fileURLWithPath: excel))
        let a = try Inputs.sites(repoPath("data/quang-tri/sites-2017.csv")), b = try Inputs.sites(excel)
        #expect(a.count == 320 && b.count == a.count)
        #expect(zip(a, b).allSatisfy { $0.id == $1.id && $0.lon == $1.lon && $0.azimuths == $1.azimuths && $0.year == $1.year })
        #expect(b.first?.place == "\(excel):3")   // line 1 is the SYNTHETIC comment, line 2 the header
    }

    @Test func rfc4180Records() throws {
        let text = "# comment, with \"a quote\n\u{FEFF}a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\r\nlines\",3\n   \n3,,\n"
        let r = try CSVTable.records(text, file: "t.csv")
        #expect(r.map(\.line) == [2, 3, 5, 8])
        #expect(r[0].fields == ["\u{FEFF}a", "b", "c"])   // a BOM is removed only at the start of the file
        #expect(r[1].fields == ["1", "x,y", "say \"hi\""])
        #expect(r[2].fields == ["2", "two\r\nlines", "3"])
        #expect(r[3].fields == ["3", "", ""])
        let t = try CSVTable(text: "\u{FEFF}A,B\n1,2\n", file: "t.csv", required: ["a", "b"])
        #expect(t.header == ["a", "b"] && t.rows.count == 1)
    }

    @Test(arguments: [("a,b\n1,\"open\n2,3\n", "t.csv:2: unterminated quoted field"),
                      ("a,b\n1,\"x\"y\n", "t.csv:2: a quoted field ends with text after its closing quote"),
                      ("a,b\n1,2,3\n", "t.csv:2: 3 fields, the header has 2"),
                      ("# only a comment\r\n", "t.csv: empty file; expected a header row")])
    func malformedCSV(text: String, says: String) {
        #expect(throws: SimError.self) { _ = try CSVTable(text: text, file: "t.csv", required: []) }
        do { _ = try CSVTable(text: text, file: "t.csv", required: []) } catch { #expect("\(error)".hasPrefix(says), "\(error)") }
    }

    /// Fields are trimmed of exactly what Foundation's `trimmingCharacters(in: .whitespaces)` trims: every Unicode
    /// scalar is checked against `CharacterSet.whitespaces` (the tab and general category Zs), and trimmed texts agree.
    @Test func whitespaceTrimmedAsFoundationDoes() {
        var differ: [UInt32] = []
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            if u.isWhitespaceToTrim != CharacterSet.whitespaces.contains(u) { differ.append(v) }
        }
        #expect(differ.isEmpty, "\(differ.prefix(5))")
        for t in ["", " ", "\t a b \u{3000}", "\u{A0}x\u{2009}", "x", " \u{301}x", "\n x \n", "Đông Hà  "] {
            #expect(t.trimmingWhitespace == t.trimmingCharacters(in: .whitespaces), "\(Array(t.unicodeScalars))")
        }
    }

    /// Every field the project writes reads back as it was, line breaks included.
    @Test func writtenFieldsReadBack() throws {
        let values = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "", " spaced ", "Đông Hà", "#not a comment",
                      "\"\u{310}ông, \"\u{301}", "\u{FEFF}bom"]   // a quote + a combining mark is one Character
        let text = "v," + values.indices.map { "c\($0)" }.joined(separator: ",") + "\n" + "x," + values.map(CSVTable.field).joined(separator: ",") + "\n"
        let t = try CSVTable(text: text, file: "w.csv", required: [])
        #expect(t.rows.count == 1 && Array(t.rows[0].fields.dropFirst()) == values)
    }

    /// costs.csv with CRLF line ends loads as the LF file does.
    @Test func crlfCosts() throws {
        let plain = try String(contentsOfFile: repoPath("data/quang-tri/costs.csv"), encoding: .utf8)
        let path = tempDir().appendingPathComponent("costs.csv").path
        try plain.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let a = try PlanCosts.load(repoPath("data/quang-tri/costs.csv")), b = try PlanCosts.load(path)
        #expect(a.byItem.count > 5 && a.byItem.mapValues(\.cost) == b.byItem.mapValues(\.cost))
    }

    /// A header-only sites file is a warning naming the file, in a run and in validate.
    @Test func headerOnlySitesWarn() throws {
        let dir = tempDir()
        try (Inputs.siteColumns.joined(separator: ",") + "\r\n").write(to: dir.appendingPathComponent("none.csv"), atomically: true, encoding: .utf8)
        try "extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\ninputs:\n  sites: none.csv\npopulation:\n  cell_size_m: 2000\n"
            .write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        for args in [["run", "s.yaml", "--out", "o", "--jobs", "1"], ["validate", "none.csv"]] {
            let r = try runSimBinary(args, cwd: dir)
            #expect(r.status == 0, "\(r.err)")
            #expect(r.err.contains("sim: warning: ") && r.err.contains("none.csv: no sites: 4G coverage will be 0 %"), "\(args): \(r.err)")
        }
    }

    /// A sweep whose axis value holds a line break and a comma: results.csv is written, read back
    /// (the comparison page reads it) and merged.
    @Test func sweepAxisValueWithLineBreak() async throws {
        let (dir, file) = sweepFixture("axes:\n  name: [\"two\\nlines, here\", plain]\n")
        let out = dir.appendingPathComponent("out")
        let (outcome, csv) = try await runSweep(file, out: out, jobs: 1)
        #expect(outcome.failed.isEmpty)
        let t = try CSVTable(text: try #require(csv), file: "results.csv", required: ["run_id", "name", "status"])
        #expect(t.rows.map { t.string($0, "name") } == ["two\nlines, here", "plain"])
        try SweepResults.writeReport(csv!, sweepName: "s", nextTo: out.appendingPathComponent("results.csv").path)
        #expect(try SweepResults.collect([SweepFolder(out.path)]).csv == csv)
    }
}

/// Issue 12, "`sim validate` checks every input by its role".
@Suite struct ValidateByRoleTests {
    func validate(_ files: [String], cwd: URL) throws -> (status: Int32?, out: String, err: String) {
        try runSimBinary(["validate"] + files, cwd: cwd)
    }

    @Test func plannerInputsAreChecked() throws {
        let dir = tempDir()
        let plan = repoPath("data/scenarios/quang-tri-2020-plan.yaml")
        try "extends: \(plan)\nplanner:\n  costs: missing-costs.csv\n".write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        var targets = try String(contentsOfFile: repoPath("data/quang-tri/targets-2020.csv"), encoding: .utf8)
        let firstRow = targets.split(separator: "\n").first { !$0.hasPrefix("#") && !$0.hasPrefix("district_id") }!
        let fields = firstRow.split(separator: ",", omittingEmptySubsequences: false)
        let bad = ([fields[0], fields[1], "970"] + fields.dropFirst(3)).joined(separator: ",")
        targets = targets.replacingOccurrences(of: String(firstRow), with: bad)
        try targets.write(to: dir.appendingPathComponent("targets.csv"), atomically: true, encoding: .utf8)
        try "extends: \(plan)\nplanner:\n  targets: targets.csv\n".write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let a = try validate(["a.yaml"], cwd: dir)
        #expect(a.status == 1 && a.err.contains("missing-costs.csv: cannot read file: it does not exist"), "\(a.err)")
        let b = try validate(["b.yaml"], cwd: dir)
        #expect(b.status == 1 && b.err.contains("targets.csv:") && b.err.contains("= 970 % is outside 0…100"), "\(b.err)")
        let ok = try validate([plan], cwd: dir)
        #expect(ok.status == 0 && ok.out.contains("planner: ") && ok.out.contains("cost items"), "\(ok.err)")
    }

    /// A district file on its own gets the district checks of a run: a repeated id is refused.
    @Test func standaloneDistrictFile() throws {
        let dir = tempDir()
        let sq = #"{"type":"Feature","properties":{"id":"D1","population":10},"geometry":{"type":"Polygon","coordinates":[[[107,16.7],[107.1,16.7],[107.1,16.8],[107,16.8],[107,16.7]]]}}"#
        try #"{"type":"FeatureCollection","features":[\#(sq),\#(sq)]}"#.write(to: dir.appendingPathComponent("d.geojson"), atomically: true, encoding: .utf8)
        let r = try validate(["d.geojson"], cwd: dir)
        #expect(r.status == 1 && r.err.contains("d.geojson: feature 1: duplicate district id 'D1'"), "\(r.err)")
        let ok = try validate([repoPath("data/quang-tri/quang_tri_districts.geojson")], cwd: dir)
        #expect(ok.status == 0 && ok.out.contains("ok — 10 districts"), "\(ok.err)")
    }
}
