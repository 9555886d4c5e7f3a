/// Errors of the command-line tool. Each prints as one line on stderr.
package enum SimError: Error, CustomStringConvertible {
    /// Bad input: the message names the file, the place and what to do.
    case input(String)
    /// An output problem (cannot write, folder holds something else).
    case output(String)

    package var description: String {
        switch self {
        case .input(let m), .output(let m): return m
        }
    }
}
