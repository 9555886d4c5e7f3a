import Foundation
import Synchronization

/// Runs independent work on all cores with one GEOS context per worker (a context belongs to one
/// task; reusing it across items is what makes GEOS fast). Items are handed out dynamically, and
/// results are returned in item order, so output never depends on scheduling or worker count.
public enum Parallel {
    /// The number of workers to use by default: the active processor count.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Maps `body` over `0..<count` using `workers` child tasks.
    /// - Complexity: O(count) calls of `body`; each worker makes one `GEOSContext`.
    package static func map<T: Sendable>(count: Int, workers: Int = Parallel.defaultWorkers,
                                         _ body: @escaping @Sendable (Int, GEOSContext) throws -> T) async throws -> [T] {
        if count == 0 { return [] }
        let next = WorkCounter()
        let n = max(1, min(workers, count))
        return try await withThrowingTaskGroup(of: [(Int, T)].self) { group in
            for _ in 0..<n {
                group.addTask {
                    let context = GEOSContext()
                    // The tree a worker caches in its context holds the context: break the cycle, or
                    // every call leaks the context, the tree and its GEOS memory (LeakSanitizer, make check-leaks).
                    defer { context.cachedTree = nil }
                    var done: [(Int, T)] = []
                    while true {
                        let i = next.take()
                        if i >= count { break }
                        try Task.checkCancellation()
                        done.append((i, try body(i, context)))
                    }
                    return done
                }
            }
            var all: [(Int, T)] = []
            all.reserveCapacity(count)
            for try await part in group { all.append(contentsOf: part) }
            all.sort { $0.0 < $1.0 }
            return all.map(\.1)
        }
    }
}

extension Parallel {
    /// Maps `body` over `0..<count` using `workers` child tasks, results in item order.
    public static func map<T: Sendable>(count: Int, workers: Int = Parallel.defaultWorkers,
                                        _ body: @escaping @Sendable (Int) throws -> T) async throws -> [T] {
        try await map(count: count, workers: workers) { i, _ in try body(i) }
    }
}

/// The shared "next item" counter of `Parallel.map`.
final class WorkCounter: Sendable {
    private let value = Mutex(0)
    func take() -> Int { value.withLock { v in defer { v += 1 }; return v } }
}

extension Parallel {
    /// Text for items `0..<count` written in chunks on `workers` threads (`DispatchQueue.concurrentPerform`), returned
    /// as its parts in order — the chunks and the `separator` between non-empty ones — not joined: a writer puts them in
    /// a file one after the other without first copying them into one string (hundreds of MB for the national layers).
    /// `write` appends the text of a range of items to a buffer; the joined parts are the same, byte for byte, whatever
    /// `workers` is, as long as `write` of a range is the concatenation of its items' texts. Chunks hold at least
    /// `minimumChunk` items, a few per worker so an uneven chunk does not hold the others up.
    public static func textParts(count: Int, workers: Int, minimumChunk: Int = 256, separator: StaticString = "",
                                 _ write: @escaping @Sendable (Range<Int>, TextBuffer) -> Void) -> [TextBuffer] {
        let chunks = workers <= 1 ? 1 : max(1, min(workers * 4, count / max(1, minimumChunk)))
        if chunks == 1 { let s = TextBuffer(); write(0..<count, s); return [s] }
        let parts = TextChunks(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let s = TextBuffer(capacity: 1 << 16)
            // c·count/chunks …: every chunk within 0..<count (a rounded-up chunk size overshoots the last ones when
            // chunks does not divide count, e.g. 513 items in 32 chunks of 17).
            write((c * count / chunks)..<((c + 1) * count / chunks), s)
            parts.set(c, s)
        }
        var out: [TextBuffer] = []
        for part in parts.values where !part.isEmpty {
            if !out.isEmpty, separator.utf8CodeUnitCount > 0 { let sep = TextBuffer(); sep.append(separator); out.append(sep) }
            out.append(part)
        }
        return out
    }
}

/// The chunks' texts of ``Parallel/textParts(count:workers:minimumChunk:separator:_:)``, each set once by its thread.
private final class TextChunks: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [TextBuffer]
    init(count: Int) { values = (0..<count).map { _ in TextBuffer(capacity: 16) } }
    func set(_ i: Int, _ s: TextBuffer) { lock.withLock { values[i] = s } }
}
