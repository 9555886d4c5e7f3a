/// Escaping text for another language (XML, HTML, a shell, CSV) scalar by scalar. A Swift
/// `Character` is a grapheme cluster, so a quote followed by a combining mark is one Character
/// that a Character-level replace (`replacingOccurrences`) does not see: every escaper of the
/// project goes through this one loop over Unicode scalars instead.
public enum Escaping {
    /// `s` with each scalar found in `table` replaced by its text.
    public static func replacing(_ s: String, _ table: [Unicode.Scalar: String]) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            if let r = table[u] { out += r } else { out.unicodeScalars.append(u) }
        }
        return out
    }
}
