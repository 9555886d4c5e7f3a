import Coverage
import Foundation
import Studies

/// The sbatch array script of `sim sweep --emit-slurm`: one array task per shard, each running
/// `sim sweep … --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT --resume` into the same output
/// folder (which, like the sim binary and the sweep file, must be on a filesystem every node sees).
///
/// Slurm sets `SLURM_ARRAY_TASK_ID` (this task's index, from `--array`) and `SLURM_ARRAY_TASK_COUNT`
/// (the number of tasks) in every array task (sbatch(1), "OUTPUT ENVIRONMENT VARIABLES"); with
/// `--array=0-(N-1)` they are exactly a 0-based shard index and the shard count.
///
/// Every value in the script — paths, the sweep's name, in commands and in comments alike — goes
/// through ``quote(_:)``, so no value can end a comment or a command. `#SBATCH` lines are read by
/// sbatch, not bash: the output path there is double-quoted, and refused (``sbatchValue(_:)``) when
/// it holds a character such a line cannot carry.
enum SlurmScript {
    static let fileName = "sweep.sbatch"

    /// - Parameters:
    ///   - sim: absolute path of the sim binary.
    ///   - sweepFile: absolute path of the sweep file.
    ///   - out: absolute path of the output folder.
    ///   - tasks: array tasks (shards), ≥ 1.
    ///   - cpus: CPUs per task, passed as `--jobs`.
    /// - Throws: `SimError.input` when `out` cannot be written on an `#SBATCH` line.
    static func text(sim: String, sweepFile: String, out: String, tasks: Int, cpus: Int, runs: Int, name: String, lang: String = "vi") throws -> String {
        let output = try sbatchValue(out + "/slurm-%A_%a.out", literalPrefix: out)
        return """
        #!/bin/bash
        # Slurm array job for the sweep \(quote(name)): \(runs) runs in \(tasks) shards (written by sim sweep --emit-slurm).
        # Submit:  sbatch \(quote(out + "/" + fileName))
        # Then:    \(quote(sim)) sweep-merge \(quote(out)) --lang \(quote(lang))      (writes results.csv in that folder)
        # Shard k runs the runs whose index mod SLURM_ARRAY_TASK_COUNT is k; a task that is re-run
        # (requeue, resubmission) skips its complete runs (--resume).
        #SBATCH --job-name=sim-sweep
        #SBATCH --array=0-\(tasks - 1)
        #SBATCH --cpus-per-task=\(cpus)
        #SBATCH --output=\(output)
        set -euo pipefail
        exec \(quote(sim)) sweep \(quote(sweepFile)) --out \(quote(out)) --resume --lang \(quote(lang)) --jobs "${SLURM_CPUS_PER_TASK:-\(cpus)}" \\
          --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}"

        """
    }

    /// The file `sim run --emit-slurm` writes into its output folder.
    static let runFileName = "run.sbatch"

    /// The sbatch array script of `sim run --emit-slurm`: task k runs `sim run SCENARIO --shard k/N --out OUT/shard-k`;
    /// `sim merge` then assembles OUT/shard-* (the comment lines give the command, and a one-line submission that
    /// runs the merge after the array with `--dependency=afterok`).
    /// - Throws: `SimError.input` when `out` cannot be written on an `#SBATCH` line.
    static func runText(sim: String, scenario: String, out: String, tasks: Int, cpus: Int, lang: String = "vi") throws -> String {
        let output = try sbatchValue(out + "/slurm-%A_%a.out", literalPrefix: out)
        let shards = (0..<tasks).map { quote(out) + "/shard-\($0)" }.joined(separator: " ")
        let merge = "\(quote(sim)) merge \(quote(scenario)) \(shards) --out \(quote(out + "/merged")) --lang \(quote(lang))"
        return """
        #!/bin/bash
        # Slurm array job for one run of \(quote(scenario)): its footprints in \(tasks) shards (written by sim run --emit-slurm).
        # Submit:  sbatch \(quote(out + "/" + runFileName))
        # Then:    \(merge)
        # Or both: jid=$(sbatch --parsable \(quote(out + "/" + runFileName))) && sbatch --dependency=afterok:$jid --wrap \(quote(merge))
        # Task k computes the footprints of the k-th block of sites into shard-k (replaced when the task is re-run).
        #SBATCH --job-name=sim-run
        #SBATCH --array=0-\(tasks - 1)
        #SBATCH --cpus-per-task=\(cpus)
        #SBATCH --output=\(output)
        set -euo pipefail
        exec \(quote(sim)) run \(quote(scenario)) --jobs "${SLURM_CPUS_PER_TASK:-\(cpus)}" \\
          --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --out \(quote(out))/shard-"${SLURM_ARRAY_TASK_ID}"

        """
    }

    /// One word for bash, whatever it holds: single quotes (`'…'`, a `'` written `'\''`) for
    /// printable text; ANSI-C quoting (`$'…'`, bash(1) "QUOTING") when it holds a line break or
    /// another control character, so the quoted word never spans lines.
    static func quote(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            // Scalar by scalar: a `'` followed by a combining mark is one Character, which a
            // Character-level replace would leave unescaped — and end the quoted word.
            return "'" + Escaping.replacing(s, ["'": "'\\''"]) + "'"
        }
        var table: [Unicode.Scalar: String] = ["\\": "\\\\", "'": "\\'", "\n": "\\n", "\t": "\\t", "\r": "\\r"]
        for v in Array(0..<0x20) + [0x7f] { let u = Unicode.Scalar(UInt8(v)); if table[u] == nil { table[u] = String(format: "\\x%02x", v) } }
        return "$'" + Escaping.replacing(s, table) + "'"
    }

    /// A path for an `#SBATCH` line, double-quoted. sbatch splits those lines itself: a `"` toggles
    /// quoting, `\` escapes, a `#` may start a comment, and in `--output` a `%` starts a file-name
    /// pattern. A `literalPrefix` holding any of these, or a control character, is refused.
    static func sbatchValue(_ value: String, literalPrefix: String) throws -> String {
        if let bad = literalPrefix.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7f || "\"\\#%".unicodeScalars.contains($0) }) {
            let shown = bad.value < 0x20 || bad.value == 0x7f ? String(format: "control character 0x%02x", bad.value) : "'\(Character(bad))'"
            throw SimError.input("--out \(quote(literalPrefix)): holds a \(shown), which an #SBATCH line cannot carry; choose an output folder without \", \\, #, % or line breaks for --emit-slurm")
        }
        return "\"" + value + "\""
    }

    /// Absolute path of the running executable (Linux: /proc/self/exe; elsewhere argv[0] made absolute).
    static func executablePath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
