import Coverage
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a run's files into a temporary sibling folder and renames it into place at the end,
/// so the output folder is either the old one or the complete new one — never half written.
///
/// Replacing an existing folder is one atomic step where the kernel allows it: Linux
/// `renameat2(…, RENAME_EXCHANGE)` (Linux ≥ 3.15, glibc ≥ 2.28; ext4, xfs, btrfs, tmpfs…) swaps the
/// new folder and the old one, and the old one (now under the temporary name) is then removed.
/// Where the exchange is not available (other systems, file systems that refuse it) the old
/// folder is moved aside to `.NAME.old-PID` first and the new one renamed in; a process killed
/// between those two renames leaves only `.NAME.old-PID`, which the next run into the same
/// folder moves back before it starts.
///
/// Leftovers of killed runs — `.NAME.tmp-PID` and `.NAME.old-PID` siblings whose process no longer
/// exists — are removed when the next run into `NAME` starts.
///
/// Ownership: only a folder that is missing, empty, or marked as written by sim (the marker file
/// ``markerName``, written into every output folder) is ever replaced; see ``checkReplaceable(_:inputs:)``.
package struct OutputFolder {
    let final: URL
    let temp: URL
    /// Files and folders the run reads: the output folder may not be, or hold, any of them.
    let inputs: [String]
    /// Large files still being written while the run formats the next one (``write(_:parts:)``); ``commit()`` and
    /// ``abandon()`` wait for them.
    let background = BackgroundWrites()

    /// The marker file in every folder sim writes; its presence is what allows the next run to replace the folder.
    static let markerName = ".sim-output"
    static let markerText = "This folder was written by sim (Quảng Trị network planning simulator). The next `sim run` or `sim plan` with this --out replaces it whole; keep your own files elsewhere.\n"

    init(_ path: String, inputs: [String] = []) throws {
        try Self.checkReplaceable(path, inputs: inputs)
        self.inputs = inputs
        final = URL(fileURLWithPath: path).standardizedFileURL
        let parent = final.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        Self.cleanStaleSiblings(of: final)
        temp = parent.appendingPathComponent(".\(final.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: temp)
        do {
            try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: false)
            try Self.markerText.data(using: .utf8)!.write(to: temp.appendingPathComponent(Self.markerName))
        } catch { throw SimError.output("\(parent.path): cannot create the output folder (\(error.localizedDescription))") }
    }

    /// Refuses an output folder that sim must not replace, with one line saying why and what to do:
    /// the file-system root, the current folder or one holding it, a folder that is or holds one of
    /// `inputs` (or a `.git`), something that is not a folder, and a folder with files but no
    /// ``markerName`` (not written by sim). Missing and empty folders, and sim's own, pass.
    static func checkReplaceable(_ path: String, inputs: [String]) throws {
        let target = realPath(path)
        func refuse(_ why: String) -> SimError {
            let name = URL(fileURLWithPath: target).lastPathComponent
            return SimError.output("\(path): \(why); sim replaces only a new or empty folder or one it wrote itself — give a fresh --out, e.g. --out runs/\(name == "/" || name.isEmpty ? "out" : name + "-2")")
        }
        func inside(_ p: String) -> Bool { p == target || p.hasPrefix(target == "/" ? "/" : target + "/") }
        if target == "/" { throw refuse("is the root folder") }
        if inside(realPath(FileManager.default.currentDirectoryPath)) { throw refuse("is the current folder or holds it") }
        for input in inputs where inside(realPath(input)) { throw refuse("holds \(input), an input of this run") }
        switch InputFile.kind(target) {
        case .missing: return
        case .folder: break
        default: throw refuse("exists and is not a folder")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        if names.contains(".git") { throw refuse("holds a .git repository") }
        if names.isEmpty || names.contains(markerName) || writtenByEarlierSim(target, names) { return }
        let shown = names.sorted().prefix(2).map { "'\($0)'" }.joined(separator: ", ")
        throw refuse("holds files sim did not write (\(shown)\(names.count > 2 ? ", …" : ""))")
    }

    /// A folder written by a sim from before the marker: its summary.json or plan_summary.json
    /// starts with sim's own header (`{"scenario":…,"versions":{"sim":…`) in its first kilobyte.
    static func writtenByEarlierSim(_ folder: String, _ names: [String]) -> Bool {
        for name in ["summary.json", "plan_summary.json"] where names.contains(name) {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            guard case .regular = InputFile.kind(path), let h = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? h.close() }
            let head = String(decoding: (try? h.read(upToCount: 1024)) ?? Data(), as: UTF8.self)
            if head.hasPrefix("{\"scenario\":") && head.contains("\"versions\":{\"sim\":") { return true }
        }
        return false
    }

    /// The absolute path with symbolic links resolved (`realpath(3)`) for the longest part that
    /// exists, and the rest appended as written (standardized).
    static func realPath(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while true {
            if let r = realpath(url.path, nil) {
                defer { free(r) }
                var out = URL(fileURLWithPath: String(cString: r))
                for c in rest.reversed() { out.appendPathComponent(c) }
                return out.standardizedFileURL.path
            }
            if url.path == "/" { return URL(fileURLWithPath: path).standardizedFileURL.path }
            rest.append(url.lastPathComponent)
            url.deleteLastPathComponent()
        }
    }

    /// Where a file named `name` is written before the folder is committed (for writers that take a path, such as GDAL).
    func path(_ name: String) -> String { temp.appendingPathComponent(name).path }

    /// Writes a text file as UTF-8. A name ending in `.csv` (any case) is written as every CSV of sim
    /// is, through ``CSVTable/fileData(_:)``: with a leading UTF-8 byte-order mark, so Excel opens it
    /// with its Vietnamese names intact.
    package func write(_ name: String, _ text: String) throws { try write(name, parts: [TextBuffer(text)]) }

    /// Writes the text `parts` joined (as ``write(_:_:)``) from its parts, one after the other, without joining them.
    /// A text of ``backgroundBytes`` or more is written on a thread of its own (one file at a time, in order) while
    /// the caller goes on to the next output; its error, if any, is thrown by ``commit()``. The parts must not
    /// change once given.
    package func write(_ name: String, parts: [TextBuffer]) throws {
        let bom = name.lowercased().hasSuffix(".csv") && !(parts.first { !$0.isEmpty }?.hasPrefix(CSVTable.byteOrderMark) ?? false)
        let all = (bom ? [TextBuffer(CSVTable.byteOrderMark)] : []) + parts, path = path(name), shown = "\(final.path)/\(name)"
        let write: @Sendable () -> SimError? = {
            Self.writeFile(path, parts: all).map { SimError.output("\(shown): cannot write (\($0))") }
        }
        if all.reduce(0, { $0 + $1.count }) >= Self.backgroundBytes { background.submit(write) } else if let e = write() { throw e }
    }

    /// Size from which ``write(_:parts:)`` writes in the background, bytes.
    static let backgroundBytes = 8 << 20

    /// Writes a large text as it is formatted (``ChunkedText/stream(workers:_:)``: the workers format the next
    /// chunks while this thread writes the ones before; only a few chunks are in memory at once), with the byte-order
    /// mark of ``write(_:_:)`` for a `.csv`. A failed write stops the formatting and throws naming the file.
    package func write(_ name: String, _ text: ChunkedText, workers: Int) throws {
        let shown = "\(final.path)/\(name)"
        let file: FileWriter
        switch FileWriter.open(path(name)) {
        case .success(let f): file = f
        case .failure(let e): throw SimError.output("\(shown): cannot write (\(e.message))")
        }
        var first = name.lowercased().hasSuffix(".csv")
        do {
            try text.stream(workers: workers) { part in
                if first, !part.hasPrefix(CSVTable.byteOrderMark) { try file.write(TextBuffer(CSVTable.byteOrderMark)) }
                first = false
                try file.write(part)
            }
            try file.close()
        } catch let error as FileWriter.Failure {
            file.abandon()
            throw SimError.output("\(shown): cannot write (\(error.message))")
        }
    }

    /// Creates (or truncates) the file at `path` and writes the bytes of `parts` to it in order; the system's error
    /// text on failure.
    static func writeFile(_ path: String, parts: [TextBuffer]) -> String? {
        switch FileWriter.open(path) {
        case .failure(let e): return e.message
        case .success(let file):
            do {
                for part in parts { try file.write(part) }
                try file.close()
                return nil
            } catch {
                file.abandon()
                return (error as? FileWriter.Failure)?.message ?? "\(error)"
            }
        }
    }

    /// A file opened for writing with POSIX calls (no copy of the bytes on the way, unlike `FileHandle`/`Data`).
    final class FileWriter {
        struct Failure: Error { let message: String }
        private var fd: Int32

        private init(fd: Int32) { self.fd = fd }

        /// Creates (or truncates) the file at `path`, mode 0666 less the umask (as Foundation's writes).
        static func open(_ path: String) -> Result<FileWriter, Failure> {
            let fd = posixOpen(path)
            return fd >= 0 ? .success(FileWriter(fd: fd)) : .failure(Failure(message: String(cString: strerror(errno))))
        }

        /// Writes all of `part`'s bytes (retrying short writes and interruptions).
        func write(_ part: TextBuffer) throws {
            guard !part.isEmpty else { return }
            try part.withBytes { bytes in
                var at = UnsafeRawPointer(bytes.baseAddress!), left = bytes.count
                while left > 0 {
                    let n = posixWrite(fd, at, min(left, 1 << 30))
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw Failure(message: String(cString: strerror(errno)))
                    }
                    at += n; left -= n
                }
            }
        }

        /// Closes the file; its error (a delayed write failure) is thrown.
        func close() throws {
            let fd = self.fd
            self.fd = -1
            if posixClose(fd) != 0 { throw Failure(message: String(cString: strerror(errno))) }
        }

        /// Closes the file after a failure (the run removes the temporary folder).
        func abandon() { if fd >= 0 { _ = posixClose(fd); fd = -1 } }

        deinit { abandon() }
    }

    /// Writes `tables` as the sheets of one Excel workbook `name` (`.xlsx`, through GDAL's XLSX
    /// driver: ``GDALTable/writeWorkbook(_:to:)``; typed cells, byte-identical for the same tables).
    func writeWorkbook(_ name: String, _ tables: [GDALTable.Table]) throws {
        do { try GDALTable.writeWorkbook(tables, to: path(name)) }
        catch { throw SimError.output("\(final.path)/\(name): cannot write (\(error))") }
    }

    /// Moves the complete folder into place (replacing an earlier run's folder).
    func commit() throws {
        try background.wait()
        try Self.checkReplaceable(final.path, inputs: inputs)   // again: the folder may have changed while the run computed
        let fm = FileManager.default
        if fm.fileExists(atPath: final.path), Self.exchange(temp.path, final.path) {
            // `temp` now holds the earlier run's folder.
            try? fm.removeItem(at: temp)
            return
        }
        let old = final.deletingLastPathComponent().appendingPathComponent(".\(final.lastPathComponent).old-\(getpid())")
        if fm.fileExists(atPath: final.path) { try fm.moveItem(at: final, to: old) }
        do { try fm.moveItem(at: temp, to: final) } catch {
            if fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: final) }
            throw SimError.output("\(final.path): cannot move the finished output into place (\(error.localizedDescription))")
        }
        try? fm.removeItem(at: old)
    }

    /// Removes the temporary folder (on error).
    func abandon() {
        try? background.wait()
        try? FileManager.default.removeItem(at: temp)
    }

    /// Writes a whole output folder: `body` fills the temporary folder, which is then moved into
    /// place; on any error it is removed and the folder at `path` is left as it was. `inputs` are the
    /// run's input files (``checkReplaceable(_:inputs:)``).
    package static func produce(_ path: String, inputs: [String] = [], _ body: (OutputFolder) throws -> Void) throws {
        let folder = try OutputFolder(path, inputs: inputs)
        do {
            try body(folder)
            try folder.commit()
        } catch { folder.abandon(); throw error }
    }

    /// Atomically swaps two existing paths (`renameat2` with `RENAME_EXCHANGE`, looked up at run
    /// time because Swift's Glibc module does not declare it). False if unavailable or refused.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(sym, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1   // RENAME_EXCHANGE, <linux/fs.h>
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #else
        return false
        #endif
    }

    /// Removes `.NAME.tmp-PID` / `.NAME.old-PID` siblings of `final` left by processes that no
    /// longer exist; a dead run's `.NAME.old-PID` is moved back to `NAME` if `NAME` is missing
    /// (the run was killed between moving the old folder aside and renaming the new one in).
    static func cleanStaleSiblings(of final: URL) {
        let fm = FileManager.default
        let parent = final.deletingLastPathComponent()
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for kind in ["old", "tmp"] {   // old first: restoring it must not depend on the tmp folders
            let prefix = ".\(final.lastPathComponent).\(kind)-"
            for name in names.sorted() where name.hasPrefix(prefix) {
                guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
                // kill(pid, 0) fails with ESRCH only when no such process exists.
                guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
                let url = parent.appendingPathComponent(name)
                if kind == "old" && !fm.fileExists(atPath: final.path), (try? fm.moveItem(at: url, to: final)) != nil { continue }
                try? fm.removeItem(at: url)
            }
        }
    }
}

/// The files an ``OutputFolder`` writes in the background: one serial queue, the first failure kept.
final class BackgroundWrites: @unchecked Sendable {
    private let queue = DispatchQueue(label: "sim.output-writes")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var failure: SimError?

    func submit(_ job: @escaping @Sendable () -> SimError?) {
        queue.async(group: group) {
            guard let e = job() else { return }
            self.lock.withLock { if self.failure == nil { self.failure = e } }
        }
    }

    /// Waits for every submitted file; throws the first failure.
    func wait() throws {
        group.wait()
        if let e = lock.withLock({ failure }) { throw e }
    }
}

/// Work started on a thread of its own when made; ``value()`` waits for its result (or rethrows its error).
final class BackgroundResult<T>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async {
            self.result = Result { try body() }
            self.done.signal()
        }
    }

    func value() throws -> T {
        done.wait()
        done.signal()   // a second call returns at once
        return try result!.get()
    }
}

// The POSIX calls of `OutputFolder.FileWriter`, at file scope where its own `open`, `write` and `close` do not hide them.
private func posixOpen(_ path: String) -> Int32 { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666) }
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
