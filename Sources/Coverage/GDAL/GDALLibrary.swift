import CGDAL
import Foundation

/// Process-wide GDAL set-up and the translation of GDAL's error reporting into Swift errors.
///
/// GDAL reports problems through CPL: a failing call returns NULL or an error code and passes its
/// message to the calling thread's error handler (`CPLError`). ``GDALMessages/capture(_:)`` installs
/// a collecting handler for the duration of one operation (`CPLPushErrorHandlerEx`, thread-local in
/// GDAL), so messages become Swift values instead of lines on stderr, and nothing is swallowed: the
/// caller turns errors into ``CoverageError`` values and hands warnings back.
enum GDALLibrary {
    /// Registers GDAL's drivers (`GDALAllRegister`) exactly once per process: Swift runs a static
    /// initialiser once, thread-safely.
    static let registered: Bool = {
        GDALAllRegister()
        return true
    }()

    /// GDAL's release name, e.g. "3.6.2" (`GDALVersionInfo("RELEASE_NAME")`).
    static var version: String { String(cString: GDALVersionInfo("RELEASE_NAME")) }
}

/// The messages GDAL emitted during one operation. Not `Sendable`: it belongs to the thread that
/// runs the operation, like GDAL's own error handler stack.
final class GDALMessages {
    private(set) var errors: [String] = []
    private(set) var warnings: [String] = []

    /// GDAL's most recent failure message for this operation (or a note that there was none).
    var lastError: String {
        if let e = errors.last { return e }
        let s = String(cString: CPLGetLastErrorMsg())
        return s.isEmpty ? "GDAL gave no message" : s
    }

    /// Runs `body` with a handler that collects GDAL's messages (warnings and errors; debug
    /// output is dropped) instead of printing them. The handler's user data is an unretained
    /// reference to the collector, which `withExtendedLifetime` keeps alive until the handler is
    /// popped.
    static func capture<T>(_ body: (GDALMessages) throws -> T) throws -> T {
        _ = GDALLibrary.registered
        let messages = GDALMessages()
        return try withExtendedLifetime(messages) {
            CPLPushErrorHandlerEx({ errorClass, _, message in
                guard let user = CPLGetErrorHandlerUserData(), let message else { return }
                let collector = Unmanaged<GDALMessages>.fromOpaque(user).takeUnretainedValue()
                let text = String(cString: message)
                switch errorClass {
                case CE_Warning: collector.warnings.append(text)
                case CE_Failure, CE_Fatal: collector.errors.append(text)
                default: break
                }
            }, Unmanaged.passUnretained(messages).toOpaque())
            defer { CPLPopErrorHandler() }
            CPLErrorReset()
            return try body(messages)
        }
    }
}

extension GDALMessages {
    /// Closes a dataset this operation wrote. Drivers write (and may fail) at close — GeoPackage commits,
    /// XLSX zips its sheets, COG and PNG flush — so an error GDAL reports during `GDALClose` is thrown,
    /// naming `what` (the file or format).
    func close(_ ds: GDALDatasetH, writing what: String) throws {
        let before = errors.count
        GDALClose(ds)
        if errors.count > before { throw CoverageError.gdal(operation: "GDALClose \(what)", message: lastError) }
    }
}

/// A GDAL string list (`char **`, built with `CSLAddString`, freed with `CSLDestroy`) for the
/// duration of `body`; nil for an empty list.
func withCStringList<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T) rethrows -> T {
    var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
    for s in strings { list = CSLAddString(list, s) }
    defer { CSLDestroy(list) }
    return try body(list.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) })
}

/// Same as ``withCStringList(_:_:)`` for GDAL calls that take a mutable `char **`.
func withMutableCStringList<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T) rethrows -> T {
    var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
    for s in strings { list = CSLAddString(list, s) }
    defer { CSLDestroy(list) }
    return try body(list)
}
