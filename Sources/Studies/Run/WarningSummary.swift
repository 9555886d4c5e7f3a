import Coverage

/// Warnings as a planner reads them on a terminal: one line per kind. Every warning stays, word for
/// word, in summary.json (`warnings`) and report.html; the terminal gets the gist.
///
/// Kinds: notes on propagation models used near or beyond their published ranges (one line naming the
/// models and how many sites each concerns), and every other warning by the text before its first
/// ": " (a file or a subject): up to ``perKind`` lines of a kind, then a count of the rest.
package enum WarningSummary {
    /// Lines of one kind printed in full before the rest of that kind is counted.
    package static let perKind = 3

    /// The terminal lines for `warnings`; `detailsIn` names where all of them are (e.g. "/out/summary.json").
    package static func lines(_ warnings: [String], detailsIn: String) -> [String] {
        var modelNotes: [(model: String, sites: Int, candidates: Bool)] = []
        var other: [(kind: String, text: String)] = []
        for w in warnings {
            var text = Substring(w)
            let candidates = text.hasPrefix(candidatePrefix)
            if candidates { text = text.dropFirst(candidatePrefix.count) }
            if let model = modelName(text) { modelNotes.append((model, siteCount(text), candidates)) } else { other.append((kind(w), w)) }
        }
        var out: [String] = []
        if !modelNotes.isEmpty {
            var models: [String] = []
            var sites: [String: (network: Int, candidates: Int)] = [:]
            for n in modelNotes {
                if sites[n.model] == nil { models.append(n.model) }
                var c = sites[n.model] ?? (0, 0)
                if n.candidates { c.candidates = max(c.candidates, n.sites) } else { c.network = max(c.network, n.sites) }
                sites[n.model] = c
            }
            func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            let list = models.map { m in
                let c = sites[m]!
                let parts = (c.network > 0 ? [plural(c.network, "site")] : []) + (c.candidates > 0 ? [plural(c.candidates, "planner candidate")] : [])
                return parts.isEmpty ? m : "\(m) (\(parts.joined(separator: ", ")))"
            }.joined(separator: ", ")
            out.append("\(modelNotes.count) note\(modelNotes.count == 1 ? "" : "s") on propagation models used near or beyond their published ranges: \(list); details in \(detailsIn)")
        }
        var kinds: [String] = []
        var byKind: [String: [String]] = [:]
        for o in other {
            if byKind[o.kind] == nil { kinds.append(o.kind) }
            byKind[o.kind, default: []].append(o.text)
        }
        for k in kinds {
            let all = byKind[k]!
            out += all.prefix(perKind)
            if all.count > perKind { out.append("\(k): \(all.count - perKind) more warning\(all.count - perKind == 1 ? "" : "s") like these; all in \(detailsIn)") }
        }
        return out
    }

    static let candidatePrefix = "planner candidate sites: "

    /// The propagation model a warning starts with ("cost231-hata:open: …", "ITM: …"), nil otherwise.
    static func modelName(_ text: Substring) -> String? {
        if text.hasPrefix("ITM: ") { return "itm" }
        for name in PropagationModel.allNames where text.hasPrefix(name + ": ") || text.hasPrefix(name + "+") { return name }
        return nil
    }

    /// The number of sites a model note names: "(site X)" → 1, "(sites A, B, C and 14 more)" → 17.
    static func siteCount(_ text: Substring) -> Int {
        guard let open = text.range(of: "(site", options: .backwards) else { return 0 }
        let inside = text[open.upperBound...].dropFirst(text[open.upperBound...].hasPrefix("s ") ? 2 : 1).prefix { $0 != ")" }
        var count = inside.split(separator: ",").count
        if let more = inside.range(of: " and ") {
            let tail = inside[more.upperBound...]
            if let n = Int(tail.prefix { $0.isNumber }) { count += n }
        }
        return count
    }

    /// A warning's kind: the text before its first ": " (a file, or a subject such as "planner").
    static func kind(_ w: String) -> String {
        guard let r = w.range(of: ": ") else { return w }
        return String(w[..<r.lowerBound])
    }
}
