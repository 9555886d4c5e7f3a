import Foundation

/// A per-process scratch folder (in /dev/shm when present, so the readers that take a path cost
/// a RAM write, not a disk write, per execution).
enum Scratch {
    static let dir: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let d = "\(base)/sim-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
                atexit { try? FileManager.default.removeItem(atPath: Scratch.dir) }
        return d
    }()

    /// Writes `data` to `name` in the scratch folder and returns its path.
    static func file(_ name: String, _ data: Data) -> String {
        let p = "\(dir)/\(name)"
        FileManager.default.createFile(atPath: p, contents: data)
        return p
    }

    /// The repository root (this file is Fuzz/Harness/Scratch.swift), for data the harnesses reuse.
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
