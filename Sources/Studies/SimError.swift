/// Errors of a study (scenario, inputs, runs, sweeps, outputs). Each prints as one line — the
/// message a planner reads on stderr — and carries that line's context as fields for a front end
/// (a server, a binding) that wants to point at the place: the file, the line and the scenario key.
public enum SimError: Error, CustomStringConvertible, Equatable {
    /// Bad input: the message names the file, the place and what to do.
    case input(String)
    /// An output problem (cannot write, folder holds something else).
    case output(String)

    /// The one-line message, word for word as the command line prints it.
    public var message: String {
        switch self {
        case .input(let m), .output(let m): return m
        }
    }

    public var description: String { message }

    /// True for a problem with what the user gave (exit code 1 on the command line), false for one
    /// with where the results go.
    public var isInputError: Bool { if case .input = self { return true } else { return false } }

    /// The file the message names first (messages start `FILE:LINE: …` or `FILE: …`), nil when
    /// the message starts with something else (a command-line option, a sweep run's id).
    public var file: String? { Self.place(message).file }

    /// The 1-based line in ``file`` when the message gives one.
    public var line: Int? { Self.place(message).line }

    /// The scenario key the message is about (the first `'dotted.key'` or `key 'x'` it quotes), nil when none.
    public var key: String? {
        let m = message
        for marker in ["missing key '", "unknown key '", "unknown axis key '", "axis '"] {
            if let r = m.range(of: marker), let end = m[r.upperBound...].firstIndex(of: "'") { return String(m[r.upperBound..<end]) }
        }
        // "FILE:LINE: radio.threshold_dbm must be …": a dotted key right after the place.
        let rest = Self.place(message).rest
        let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "[" || $0 == "]" }
        return word.contains(".") && !word.hasSuffix(".") && word.first?.isLetter == true ? String(word) : nil
    }

    /// Splits `FILE:LINE: rest` / `FILE: rest`. A file is a token with a path separator or an
    /// extension before the first ": ".
    static func place(_ m: String) -> (file: String?, line: Int?, rest: Substring) {
        guard let sep = m.range(of: ": ") else { return (nil, nil, m[...]) }
        var head = m[..<sep.lowerBound]
        var line: Int? = nil
        if let colon = head.lastIndex(of: ":"), let n = Int(head[head.index(after: colon)...]), n > 0 {
            line = n
            head = head[..<colon]
        }
        let looksLikeFile = !head.isEmpty && !head.hasPrefix("-") && (head.contains("/") || head.range(of: #"\.[A-Za-z0-9]{1,8}$"#, options: .regularExpression) != nil)
        return looksLikeFile ? (String(head), line, m[sep.upperBound...]) : (nil, nil, m[...])
    }
}
