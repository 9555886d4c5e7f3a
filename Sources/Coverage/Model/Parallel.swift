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
