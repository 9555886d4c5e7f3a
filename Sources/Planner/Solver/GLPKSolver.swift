import CGLPK
import Foundation

/// GLPK's environment (terminal hook, memory accounting) is per process unless the library
/// was built with thread-local storage, so solves are serialised through this lock.
private let glpkLock = NSLock()

/// Solves a ``MILP`` with GLPK (`glp_intopt` with its MIP presolver, GLPK 5.0 reference manual
/// §2.8.2). The only file of the project that imports GLPK.
enum GLPKSolver {
    /// Maximises `problem` within `timeLimitSeconds` of wall clock (`iocp.tm_lim`), with GLPK's
    /// objective tolerance `tol_obj` lowered from 1e-7 to `objectiveTolerance`, so branches that
    /// could improve the objective by more than that are not pruned.
    ///
    /// `nodeLimit`, when given, stops the search (`glp_ios_terminate`) as soon as the tree has
    /// held more than that many subproblems in all (`glp_ios_tree_size`'s `t_cnt`, GLPK 5.0
    /// reference manual §5.1.3): unlike the time limit it does not depend on the machine's speed,
    /// so a run that stops there gives the same answer everywhere.
    /// - Throws: ``SelectionError/solverFailed(call:code:)`` when GLPK fails (e.g. `GLP_EFAIL`).
    static func maximise(
        _ problem: MILP, timeLimitSeconds: Double, nodeLimit: Int? = nil, objectiveTolerance: Double = 1e-12
    ) throws -> MILPOutcome {
        try glpkLock.withLock {
            try solve(problem, timeLimitSeconds: timeLimitSeconds, nodeLimit: nodeLimit, objectiveTolerance: objectiveTolerance)
        }
    }

    /// Records the best node bound seen by the branch-and-bound callback, and stops the search
    /// past the node limit.
    private final class BoundTracker {
        var bound: Double?
        var nodeLimit: Int?
        var stoppedAtNodeLimit = false
    }

    private static func set(_ bounds: MILP.Bounds, _ apply: (Int32, Double, Double) -> Void) {
        switch bounds {
        case .lower(let l): apply(GLP_LO, l, 0)
        case .upper(let u): apply(GLP_UP, 0, u)
        case .between(let l, let u): apply(GLP_DB, l, u)
        case .fixed(let v): apply(GLP_FX, v, v)
        }
    }

    /// Builds the model in a fresh `glp_prob`, which this function owns and frees with
    /// `glp_delete_prob` on every path (`defer`). Must run under `glpkLock`.
    private static func solve(_ p: MILP, timeLimitSeconds: Double, nodeLimit: Int?, objectiveTolerance: Double) throws -> MILPOutcome {
        let previousTerminal = glp_term_out(GLP_OFF)
        defer { glp_term_out(previousTerminal) }
        guard let problem = glp_create_prob() else { throw SelectionError.solverFailed(call: "glp_create_prob", code: 0) }
        defer { glp_delete_prob(problem) }
        glp_set_obj_dir(problem, GLP_MAX)

        if !p.columns.isEmpty { glp_add_cols(problem, Int32(p.columns.count)) }
        for (k, c) in p.columns.enumerated() {
            let column = Int32(k + 1)
            if c.binary { glp_set_col_kind(problem, column, GLP_BV) }
            if let b = c.bounds { set(b) { glp_set_col_bnds(problem, column, $0, $1, $2) } }
            if c.objective != 0 { glp_set_obj_coef(problem, column, c.objective) }
        }
        if !p.rows.isEmpty { glp_add_rows(problem, Int32(p.rows.count)) }
        for (k, b) in p.rows.enumerated() { set(b) { glp_set_row_bnds(problem, Int32(k + 1), $0, $1, $2) } }
        // Triplets are 1-based; index 0 unused.
        var rowIndex: [Int32] = [0], columnIndex: [Int32] = [0], coefficient: [Double] = [0]
        for e in p.entries {
            rowIndex.append(Int32(e.row + 1)); columnIndex.append(Int32(e.column + 1)); coefficient.append(e.value)
        }
        glp_load_matrix(problem, Int32(rowIndex.count - 1), rowIndex, columnIndex, coefficient)

        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_ON
        parameters.tol_obj = objectiveTolerance
        parameters.tm_lim = Int32(min(timeLimitSeconds * 1000, Double(Int32.max)).rounded(.up))
        let tracker = BoundTracker()
        tracker.nodeLimit = nodeLimit
        parameters.cb_info = Unmanaged.passUnretained(tracker).toOpaque()
        parameters.cb_func = { tree, info in
            guard let tree, let info else { return }
            let tracker = Unmanaged<BoundTracker>.fromOpaque(info).takeUnretainedValue()
            if let limit = tracker.nodeLimit {
                var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
                glp_ios_tree_size(tree, &active, &current, &total)
                if Int(total) > limit {
                    tracker.stoppedAtNodeLimit = true
                    glp_ios_terminate(tree)
                }
            }
            let node = glp_ios_best_node(tree)
            guard node != 0 else { return }
            let bound = glp_ios_node_bound(tree, node)
            tracker.bound = min(tracker.bound ?? bound, bound)
        }
        let code = withExtendedLifetime(tracker) { glp_intopt(problem, &parameters) }
        switch code {
        case 0, GLP_ETMLIM, GLP_EMIPGAP, GLP_ESTOP:
            break
        default:
            throw SelectionError.solverFailed(call: "glp_intopt", code: code)
        }
        let status = glp_mip_status(problem)
        var outcome = MILPOutcome(values: nil, objective: nil, bound: tracker.bound, optimal: code == 0 && status == GLP_OPT)
        if status == GLP_OPT || status == GLP_FEAS {
            outcome.values = (0..<p.columns.count).map { glp_mip_col_val(problem, Int32($0 + 1)) }
            outcome.objective = glp_mip_obj_val(problem)
        }
        return outcome
    }
}
