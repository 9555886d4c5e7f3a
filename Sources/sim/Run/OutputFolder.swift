import Foundation

/// Writes a run's files into a temporary sibling folder and renames it into place at the end,
/// so the output folder is either the old one or the complete new one — never half written.
struct OutputFolder {
    let final: URL
    let temp: URL

    init(_ path: String) throws {
        final = URL(fileURLWithPath: path).standardizedFileURL
        let parent = final.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        temp = parent.appendingPathComponent(".\(final.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: temp)
        do { try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: false) }
        catch { throw SimError.output("\(parent.path): cannot create the output folder (\(error.localizedDescription))") }
    }

    func write(_ name: String, _ text: String) throws {
        do { try text.data(using: .utf8)!.write(to: temp.appendingPathComponent(name)) }
        catch { throw SimError.output("\(final.path)/\(name): cannot write (\(error.localizedDescription))") }
    }

    /// Moves the complete folder into place (replacing an earlier run's folder).
    func commit() throws {
        let fm = FileManager.default
        let old = final.deletingLastPathComponent().appendingPathComponent(".\(final.lastPathComponent).old-\(getpid())")
        if fm.fileExists(atPath: final.path) { try fm.moveItem(at: final, to: old) }
        do { try fm.moveItem(at: temp, to: final) } catch {
            if fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: final) }
            throw SimError.output("\(final.path): cannot move the finished output into place (\(error.localizedDescription))")
        }
        try? fm.removeItem(at: old)
    }

    /// Removes the temporary folder (on error).
    func abandon() { try? FileManager.default.removeItem(at: temp) }

    /// Writes a whole output folder: `body` fills the temporary folder, which is then moved into
    /// place; on any error it is removed and the folder at `path` is left as it was.
    static func produce(_ path: String, _ body: (OutputFolder) throws -> Void) throws {
        let folder = try OutputFolder(path)
        do {
            try body(folder)
            try folder.commit()
        } catch { folder.abandon(); throw error }
    }
}
