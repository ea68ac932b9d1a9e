import CNLopt

/// Local and multi-start minimisation through NLopt (S. G. Johnson, *The NLopt nonlinear-optimization package*,
/// https://github.com/stevengj/nlopt), with Swift closures as objective and constraints.
///
/// Closures are handed to NLopt through a `@convention(c)` trampoline and an `Unmanaged` context box. An error
/// thrown inside a closure (or a NaN objective) stops NLopt via `nlopt_force_stop` and is rethrown unchanged by the
/// calling function. Everything runs synchronously on the caller's thread; the closures need not be `Sendable`.
public enum Optimizer {
    /// Minimises a smooth objective with its gradient by L-BFGS (NLopt `LD_LBFGS`; Nocedal 1980, Liu & Nocedal
    /// 1989) under box constraints.
    ///
    /// - Parameters:
    ///   - x0: the start; must lie inside `bounds`.
    ///   - bounds: box constraints (nil for unbounded).
    ///   - stopping: stopping criteria.
    ///   - objective: returns f(x) and ∇f(x) (the gradient must have d entries).
    /// - Returns: the best point found, its value, the evaluation count and NLopt's status.
    /// - Throws: `CoreError.invalidArgument` for an empty or non-finite x0, x0 outside the bounds, invalid stopping
    ///   criteria, a NaN objective or gradient (naming x); `CoreError.shapeMismatch` for a wrong-length gradient or
    ///   bounds; any error the objective throws, unchanged.
    public static func minimizeLBFGS(
        from x0: [Double], bounds: BoxBounds? = nil, stopping: StoppingCriteria = StoppingCriteria(),
        _ objective: ([Double]) throws -> (value: Double, gradient: [Double])
    ) throws -> OptimizationResult {
        try withoutActuallyEscaping(objective) { f in
            let function = NLoptFunction.withGradient(f)
            return try run(
                algorithm: NLOPT_LD_LBFGS, name: "L-BFGS", x0: x0, bounds: bounds, stopping: stopping,
                objective: function, constraints: [], constraintTolerance: 0, initialStep: nil)
        }
    }

    /// Minimises f(x) subject to gᵢ(x) ≤ 0 and box constraints by COBYLA (NLopt `LN_COBYLA`; Powell 1994),
    /// a derivative-free method using linear approximations.
    ///
    /// - Parameters:
    ///   - x0: the start; must lie inside `bounds` (it need not satisfy the constraints).
    ///   - bounds: box constraints (nil for unbounded).
    ///   - constraints: closures gᵢ; a point is feasible when every gᵢ(x) ≤ `constraintTolerance`.
    ///   - constraintTolerance: allowed violation (≥ 0).
    ///   - initialStep: per-variable initial trust-region step (nil lets NLopt choose from bounds and x0).
    ///   - stopping: stopping criteria.
    ///   - objective: f(x).
    /// - Throws: as `minimizeLBFGS`, plus `CoreError.invalidArgument` for a negative tolerance or a bad initial
    ///   step; errors thrown by constraints are rethrown too.
    public static func minimizeCOBYLA(
        from x0: [Double], bounds: BoxBounds? = nil, constraints: [([Double]) throws -> Double] = [],
        constraintTolerance: Double = 1e-8, initialStep: [Double]? = nil,
        stopping: StoppingCriteria = StoppingCriteria(),
        _ objective: ([Double]) throws -> Double
    ) throws -> OptimizationResult {
        guard constraintTolerance >= 0, constraintTolerance.isFinite else {
            throw CoreError(.invalidArgument, "The 'constraintTolerance' of COBYLA must be finite and ≥ 0. Got \(constraintTolerance).")
        }
        if let step = initialStep {
            guard step.count == x0.count, step.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw CoreError(.invalidArgument, "COBYLA 'initialStep' needs \(x0.count) finite positive entries. Got \(step).")
            }
        }
        return try withoutActuallyEscaping(objective) { f in
            try run(
                algorithm: NLOPT_LN_COBYLA, name: "COBYLA", x0: x0, bounds: bounds, stopping: stopping,
                objective: .valueOnly(f), constraints: constraints.map { NLoptFunction.valueOnly($0) },
                constraintTolerance: constraintTolerance, initialStep: initialStep)
        }
    }

    // MARK: - NLopt plumbing

    /// A Swift callback of either kind.
    private enum NLoptFunction {
        case withGradient(([Double]) throws -> (value: Double, gradient: [Double]))
        case valueOnly(([Double]) throws -> Double)
    }

    /// State shared by all callbacks of one run: the first error and the objective evaluation count.
    private final class RunState {
        let opt: nlopt_opt
        var error: (any Error)?
        var evaluations = 0
        init(opt: nlopt_opt) { self.opt = opt }
    }

    /// The context object NLopt passes back to the trampoline.
    private final class CallbackBox {
        let function: NLoptFunction
        let state: RunState
        let isObjective: Bool
        let label: String

        init(_ function: NLoptFunction, state: RunState, isObjective: Bool, label: String) {
            self.function = function
            self.state = state
            self.isObjective = isObjective
            self.label = label
        }

        /// Evaluates the closure; on error records it, forces NLopt to stop and returns +∞.
        func evaluate(n: Int, x: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>?) -> Double {
            if state.error != nil { return .infinity }
            let point = Array(UnsafeBufferPointer(start: x, count: n))
            do {
                let value: Double
                switch function {
                case .valueOnly(let f):
                    value = try f(point)
                case .withGradient(let f):
                    let (v, g) = try f(point)
                    guard g.count == n else {
                        throw CoreError(.shapeMismatch, "The \(label) returned a gradient of length \(g.count) at x = \(point); it must have \(n) entries, one per variable.")
                    }
                    if let k = g.firstIndex(where: { $0.isNaN }) {
                        throw CoreError(.invalidArgument, "The \(label) gradient is NaN in component \(k) at x = \(point); gradients must be numbers everywhere within the bounds.")
                    }
                    if let gradient { for i in 0..<n { gradient[i] = g[i] } }
                    value = v
                }
                if isObjective { state.evaluations += 1 }
                guard !value.isNaN else {
                    throw CoreError(
                        .invalidArgument,
                        "The \(label) returned NaN at x = \(point). It must return a number everywhere within the bounds: guard the closure (e.g. return a large penalty) or tighten the bounds.")
                }
                return value
            } catch {
                state.error = error
                nlopt_force_stop(state.opt)
                return .infinity
            }
        }
    }

    /// Validates, sets up NLopt, runs it and maps the outcome.
    private static func run(
        algorithm: nlopt_algorithm, name: String, x0: [Double], bounds: BoxBounds?, stopping: StoppingCriteria,
        objective: NLoptFunction, constraints: [NLoptFunction], constraintTolerance: Double, initialStep: [Double]?
    ) throws -> OptimizationResult {
        let n = x0.count
        guard n > 0 else { throw CoreError(.invalidArgument, "\(name): the start point x0 is empty; give one value per variable.") }
        try requireFinite(x0, "\(name) start point x0")
        let box = bounds ?? BoxBounds.unbounded(dimensions: n)
        guard box.dimensions == n else {
            throw CoreError(.shapeMismatch, "\(name): x0 has \(n) entries but the bounds have \(box.dimensions); they must match.")
        }
        if let i = x0.indices.first(where: { x0[$0] < box.lower[$0] || x0[$0] > box.upper[$0] }) {
            throw CoreError(
                .invalidArgument,
                "\(name): start point x0[\(i)] = \(x0[i]) is outside its bounds [\(box.lower[i]), \(box.upper[i])]. Start inside the box (clamp x0).")
        }
        try validate(stopping, name)

        guard let opt = nlopt_create(algorithm, UInt32(n)) else {
            throw CoreError(.libraryFailure, "\(name): nlopt_create failed (out of memory?) for \(n) variables.")
        }
        defer { nlopt_destroy(opt) }
        let state = RunState(opt: opt)
        var retained: [Unmanaged<CallbackBox>] = []
        defer { for r in retained { r.release() } }

        func context(_ function: NLoptFunction, objective: Bool, label: String) -> UnsafeMutableRawPointer {
            let r = Unmanaged.passRetained(CallbackBox(function, state: state, isObjective: objective, label: label))
            retained.append(r)
            return r.toOpaque()
        }
        // A capture-free closure literal converts to NLopt's C function pointer type.
        let trampoline: nlopt_func = { n, x, gradient, data in
            guard let data, let x else { return .nan }
            return Unmanaged<CallbackBox>.fromOpaque(data).takeUnretainedValue()
                .evaluate(n: Int(n), x: x, gradient: gradient)
        }
        var codes: [nlopt_result] = []
        codes.append(nlopt_set_min_objective(opt, trampoline, context(objective, objective: true, label: "objective")))
        for (i, g) in constraints.enumerated() {
            codes.append(nlopt_add_inequality_constraint(
                opt, trampoline, context(g, objective: false, label: "constraint \(i)"), constraintTolerance))
        }
        if box.lower.contains(where: { $0 > -.infinity }) { codes.append(nlopt_set_lower_bounds(opt, box.lower)) }
        if box.upper.contains(where: { $0 < .infinity }) { codes.append(nlopt_set_upper_bounds(opt, box.upper)) }
        codes.append(nlopt_set_xtol_rel(opt, stopping.relativeXTolerance))
        codes.append(nlopt_set_ftol_rel(opt, stopping.relativeFunctionTolerance))
        if stopping.absoluteXTolerance > 0 { codes.append(nlopt_set_xtol_abs1(opt, stopping.absoluteXTolerance)) }
        if stopping.absoluteFunctionTolerance > 0 { codes.append(nlopt_set_ftol_abs(opt, stopping.absoluteFunctionTolerance)) }
        codes.append(nlopt_set_maxeval(opt, Int32(clamping: stopping.maxEvaluations)))
        if let seconds = stopping.maxTimeSeconds { codes.append(nlopt_set_maxtime(opt, seconds)) }
        if let step = initialStep { codes.append(nlopt_set_initial_step(opt, step)) }
        if let bad = codes.first(where: { $0.rawValue < 0 }) {
            throw CoreError(.libraryFailure, "\(name): NLopt rejected the problem set-up with code \(bad.rawValue) (\(OptimizationStatus(nloptCode: bad.rawValue))).")
        }

        var x = x0
        var value = Double.nan
        let code = nlopt_optimize(opt, &x, &value)
        if let error = state.error { throw error }
        let status = OptimizationStatus(nloptCode: code.rawValue)
        switch status {
        case .invalidArguments:
            throw CoreError(.invalidArgument, "\(name): NLopt reported invalid arguments (NLOPT_INVALID_ARGS) for x0 = \(x0) and bounds \(box.lower)…\(box.upper); check the bounds, tolerances and start point.")
        case .outOfMemory:
            throw CoreError(.libraryFailure, "\(name): NLopt ran out of memory for \(n) variables.")
        case .forcedStop:
            throw CoreError(.libraryFailure, "\(name): NLopt stopped by force without a recorded error; this is a QDCore bug.")
        default:
            return OptimizationResult(x: x, value: value, evaluations: state.evaluations, status: status)
        }
    }

    private static func validate(_ s: StoppingCriteria, _ name: String) throws {
        let tolerances = [s.relativeXTolerance, s.absoluteXTolerance, s.relativeFunctionTolerance, s.absoluteFunctionTolerance]
        guard tolerances.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw CoreError(.invalidArgument, "\(name): stopping tolerances must be finite and ≥ 0. Got \(tolerances).")
        }
        guard s.maxEvaluations > 0 else {
            throw CoreError(.invalidArgument, "\(name): 'maxEvaluations' must be > 0. Got \(s.maxEvaluations).")
        }
        if let t = s.maxTimeSeconds, !(t > 0 && t.isFinite) {
            throw CoreError(.invalidArgument, "\(name): 'maxTimeSeconds' must be finite and > 0 when given. Got \(t).")
        }
    }
}
