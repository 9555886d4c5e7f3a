import Foundation

/// A large text — a head, a run of items, a tail — formatted in chunks of items on the workers and handed
/// on part by part in order (``stream(workers:_:)``), so a writer puts each part in its file while the next chunks
/// are being formatted and only a few chunks are in memory at once, never the whole text (hundreds of MB for the
/// national layers).
///
/// `write` appends the text of a range of items to a buffer; it must equal the items' own texts joined by
/// `separator` (the separator also goes between non-empty chunks). The parts joined are then the same bytes
/// whatever the number of workers: chunks are cut by the items, not by the workers.
public struct ChunkedText: Sendable {
    /// Text before the items.
    public let head: String
    /// Where each chunk starts, then the number of items: chunk c holds items `bounds[c] ..< bounds[c + 1]`.
    public let bounds: [Int]
    /// Text between items (and so between chunks).
    public let separator: StaticString
    /// Text after the items.
    public let tail: String
    /// Appends the text of a range of items.
    public let write: @Sendable (Range<Int>, TextBuffer) -> Void

    /// Chunks of `chunkItems` items (the last may hold fewer).
    public init(head: String = "", count: Int, chunkItems: Int, separator: StaticString = "", tail: String = "",
                _ write: @escaping @Sendable (Range<Int>, TextBuffer) -> Void) {
        let step = max(1, chunkItems)
        self.init(head: head, bounds: Array(stride(from: 0, to: count, by: step)) + [count], separator: separator, tail: tail, write)
    }

    /// Chunks of about `chunkBytes` bytes, item i being about `bytes(i)` long: a chunk ends at the first item that
    /// takes it to `chunkBytes` (so chunks follow the data, not the worker count).
    public init(head: String = "", count: Int, chunkBytes: Int, bytes: (Int) -> Int, separator: StaticString = "",
                tail: String = "", _ write: @escaping @Sendable (Range<Int>, TextBuffer) -> Void) {
        var bounds = [0], held = 0
        for i in 0..<count {
            held += bytes(i)
            if held >= chunkBytes, i + 1 < count { bounds.append(i + 1); held = 0 }
        }
        if count > 0 { bounds.append(count) }
        self.init(head: head, bounds: bounds, separator: separator, tail: tail, write)
    }

    init(head: String, bounds: [Int], separator: StaticString, tail: String, _ write: @escaping @Sendable (Range<Int>, TextBuffer) -> Void) {
        self.head = head
        self.bounds = bounds.count >= 2 ? bounds : []
        self.separator = separator
        self.tail = tail
        self.write = write
    }

    /// Chunks formatted at a time per worker: one batch is handed on while the next is formatted.
    static let chunksPerWorker = 2

    /// Formats the text and calls `emit` with its parts in order, on the calling thread: the head, the chunks with
    /// the separator between non-empty ones, the tail (empty parts are not handed on). With `workers` > 1 the
    /// chunks are formatted a batch at a time (`workers` × ``chunksPerWorker``) on that many threads while `emit`
    /// takes the batch before. A part is valid only during its `emit` call (its buffer is reused). If `emit` throws,
    /// nothing more is formatted and the error is rethrown.
    public func stream(workers: Int, _ emit: (TextBuffer) throws -> Void) throws {
        if !head.isEmpty { try emit(TextBuffer(head)) }
        let bounds = self.bounds, chunks = max(0, bounds.count - 1)
        let separatorBuffer = TextBuffer()
        separatorBuffer.append(separator)
        var anyEmitted = false
        func emitChunk(_ part: TextBuffer) throws {
            guard !part.isEmpty else { return }
            if anyEmitted, !separatorBuffer.isEmpty { try emit(separatorBuffer) }
            try emit(part)
            anyEmitted = true
        }
        if workers <= 1 || chunks <= 1 {
            let part = TextBuffer(capacity: 1 << 16)
            for c in 0..<chunks {
                part.removeAll()
                write(bounds[c]..<bounds[c + 1], part)
                try emitChunk(part)
            }
        } else {
            // Two sets of buffers: the workers fill one batch while the calling thread hands on the other.
            let batch = workers * Self.chunksPerWorker
            let sets = (0..<2).map { _ in (0..<batch).map { _ in TextBuffer(capacity: 1 << 16) } }
            let write = self.write
            func format(_ b: Int) -> DispatchWorkItem {
                let buffers = sets[b % 2], first = b * batch, n = min(batch, chunks - first)
                let item = DispatchWorkItem {
                    DispatchQueue.concurrentPerform(iterations: n) { k in
                        buffers[k].removeAll()
                        write(bounds[first + k]..<bounds[first + k + 1], buffers[k])
                    }
                }
                DispatchQueue.global().async(execute: item)
                return item
            }
            let batches = (chunks + batch - 1) / batch
            var next = format(0)
            for b in 0..<batches {
                next.wait()
                let ready = sets[b % 2], n = min(batch, chunks - b * batch)
                var pending: DispatchWorkItem? = nil
                if b + 1 < batches { pending = format(b + 1) }
                do {
                    for k in 0..<n { try emitChunk(ready[k]) }
                } catch {
                    pending?.wait()
                    throw error
                }
                if let pending { next = pending }
            }
        }
        if !tail.isEmpty { try emit(TextBuffer(tail)) }
    }

    /// The whole text as one buffer (for small texts and tests).
    public func joined(workers: Int = 1) -> TextBuffer {
        let all = TextBuffer()
        // `emit` below cannot throw.
        try! stream(workers: workers) { all.append($0) }
        return all
    }
}
