import Foundation

/// The sbatch array script of `sim sweep --emit-slurm`: one array task per shard, each running
/// `sim sweep … --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT --resume` into the same output
/// folder (which, like the sim binary and the sweep file, must be on a filesystem every node sees).
///
/// Slurm sets `SLURM_ARRAY_TASK_ID` (this task's index, from `--array`) and `SLURM_ARRAY_TASK_COUNT`
/// (the number of tasks) in every array task (sbatch(1), "OUTPUT ENVIRONMENT VARIABLES"); with
/// `--array=0-(N-1)` they are exactly a 0-based shard index and the shard count.
enum SlurmScript {
    static let fileName = "sweep.sbatch"

    /// - Parameters:
    ///   - sim: absolute path of the sim binary.
    ///   - sweepFile: absolute path of the sweep file.
    ///   - out: absolute path of the output folder.
    ///   - tasks: array tasks (shards), ≥ 1.
    ///   - cpus: CPUs per task, passed as `--jobs`.
    static func text(sim: String, sweepFile: String, out: String, tasks: Int, cpus: Int, runs: Int, name: String) -> String {
        """
        #!/bin/bash
        # Slurm array job for the sweep \(name): \(runs) runs in \(tasks) shards (written by sim sweep --emit-slurm).
        # Submit:  sbatch \(quote(out + "/" + fileName))
        # Then:    \(quote(sim)) sweep-merge \(quote(out))      (writes \(out)/results.csv)
        # Shard k runs the runs whose index mod SLURM_ARRAY_TASK_COUNT is k; a task that is re-run
        # (requeue, resubmission) skips its complete runs (--resume).
        #SBATCH --job-name=sim-sweep
        #SBATCH --array=0-\(tasks - 1)
        #SBATCH --cpus-per-task=\(cpus)
        #SBATCH --output=\(out)/slurm-%A_%a.out
        set -euo pipefail
        exec \(quote(sim)) sweep \(quote(sweepFile)) --out \(quote(out)) --resume --jobs "${SLURM_CPUS_PER_TASK:-\(cpus)}" \\
          --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}"

        """
    }

    /// Single-quotes a path for bash.
    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Absolute path of the running executable (Linux: /proc/self/exe; elsewhere argv[0] made absolute).
    static func executablePath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
