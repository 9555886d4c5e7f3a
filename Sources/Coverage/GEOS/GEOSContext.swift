import CGEOS

/// One GEOS reentrant context (`GEOS_init_r`). A context may be used by one thread at a time, so
/// this class is deliberately not `Sendable`: Swift 6 refuses to share it between tasks. Make one
/// per task and reuse it for the whole task (a context per call was measured 24× slower).
///
/// GEOS's error messages reach `lastError` through the `_r` message handler and its userdata
/// pointer (an unretained reference to this object; the handler is removed in `deinit` by
/// `GEOS_finish_r`).
package final class GEOSContext {
    let handle: GEOSContextHandle_t
    /// The most recent message GEOS passed to the error handler.
    package internal(set) var lastError: String = ""
    /// An STRtree a worker built once and reuses for every item of one `Parallel.map` call.
    var cachedTree: (count: Int, tree: GEOSSTRtree)?

    package init() {
        guard let h = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL (out of memory)") }
        handle = h
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(h, { message, userdata in
            guard let userdata, let message else { return }
            let ctx = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
            ctx.lastError = String(cString: message)
        }, me)
        // Notices (warnings) are dropped: GEOS uses them for messages such as invalid-ring notes that
        // the caller checks by itself with isValid/validReason.
        GEOSContext_setNoticeMessageHandler_r(h, { _, _ in }, me)
    }

    deinit { GEOS_finish_r(handle) }

    /// The GEOS library version, e.g. "3.11.1-CAPI-1.17.1".
    package static var version: String { String(cString: GEOSversion()) }

    /// Builds the error for a failed call, carrying GEOS's own message.
    func error(_ operation: String) -> CoverageError {
        let message = lastError.isEmpty ? "no message from GEOS" : lastError
        lastError = ""
        return .geos(operation: operation, message: message)
    }

    /// Wraps an owned pointer returned by a GEOS constructor; NULL becomes an error.
    func owned(_ p: OpaquePointer?, _ operation: String) throws -> GEOSGeometryRef {
        guard let p else { throw error(operation) }
        return GEOSGeometryRef(context: self, handle: p)
    }
}
