/// Box constraints lowerᵢ ≤ xᵢ ≤ upperᵢ for a d-dimensional problem (±∞ allowed for an open side).
public struct BoxBounds: Sendable, Equatable, Hashable, Codable {
    /// Lower bounds (may be −∞).
    public let lower: [Double]
    /// Upper bounds (may be +∞).
    public let upper: [Double]

    /// Bounds from two equal-length arrays.
    /// - Throws: `CoreError.shapeMismatch` when the lengths differ; `CoreError.invalidArgument` for a NaN bound or
    ///   lowerᵢ > upperᵢ (the message names the index and both values).
    public init(lower: [Double], upper: [Double]) throws {
        guard lower.count == upper.count else {
            throw CoreError(
                .shapeMismatch,
                "Bounds need one lower and one upper value per variable; got \(lower.count) lower and \(upper.count) upper.")
        }
        for i in lower.indices {
            guard !lower[i].isNaN, !upper[i].isNaN else {
                throw CoreError(.invalidArgument, "Bound \(i) is NaN (lower \(lower[i]), upper \(upper[i])); use ±infinity for an open side.")
            }
            guard lower[i] <= upper[i] else {
                throw CoreError(
                    .invalidArgument,
                    "Invalid bounds for variable \(i): lower \(lower[i]) > upper \(upper[i]). Swap them or fix the search space.")
            }
        }
        self.lower = lower
        self.upper = upper
    }

    /// Bounds from one closed range per variable.
    /// - Throws: `CoreError.invalidArgument` for a NaN end.
    public init(_ ranges: [ClosedRange<Double>]) throws {
        try self.init(lower: ranges.map(\.lowerBound), upper: ranges.map(\.upperBound))
    }

    /// (−∞, ∞)^d.
    public static func unbounded(dimensions: Int) -> BoxBounds {
        BoxBounds(unchecked: [Double](repeating: -.infinity, count: dimensions),
                  upper: [Double](repeating: .infinity, count: dimensions))
    }

    private init(unchecked lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }

    /// d, the number of variables.
    public var dimensions: Int { lower.count }

    /// `true` when every bound is finite (required by multi-start, which samples inside the box).
    public var isFinite: Bool { lower.allSatisfy(\.isFinite) && upper.allSatisfy(\.isFinite) }

    /// `true` when `x` has d entries and lowerᵢ ≤ xᵢ ≤ upperᵢ for all i (false for NaN).
    public func contains(_ x: [Double]) -> Bool {
        x.count == dimensions && x.indices.allSatisfy { lower[$0] <= x[$0] && x[$0] <= upper[$0] }
    }
}

/// When a local optimiser stops. NLopt stops at the first criterion met; 0 or nil disables a criterion.
public struct StoppingCriteria: Sendable, Equatable, Hashable, Codable {
    /// Stop when a step changes every xᵢ by less than this times |xᵢ| (NLopt `xtol_rel`).
    public var relativeXTolerance: Double
    /// Stop when a step changes every xᵢ by less than this (NLopt `xtol_abs`); 0 disables.
    public var absoluteXTolerance: Double
    /// Stop when a step changes f by less than this times |f| (NLopt `ftol_rel`).
    public var relativeFunctionTolerance: Double
    /// Stop when a step changes f by less than this (NLopt `ftol_abs`); 0 disables.
    public var absoluteFunctionTolerance: Double
    /// Objective evaluation budget (NLopt `maxeval`, > 0). NLopt 2.7's L-BFGS may exceed it by a few evaluations
    /// (observed: 9 for a budget of 5); `OptimizationResult.evaluations` reports the true count.
    public var maxEvaluations: Int
    /// Wall-clock limit in seconds (NLopt `maxtime`); nil for none. Results then depend on machine speed.
    public var maxTimeSeconds: Double?

    /// Defaults suited to smooth problems in double precision: xtol_rel 1e-10, ftol_rel 1e-14, 10 000 evaluations.
    public init(
        relativeXTolerance: Double = 1e-10, absoluteXTolerance: Double = 0,
        relativeFunctionTolerance: Double = 1e-14, absoluteFunctionTolerance: Double = 0,
        maxEvaluations: Int = 10_000, maxTimeSeconds: Double? = nil
    ) {
        self.relativeXTolerance = relativeXTolerance
        self.absoluteXTolerance = absoluteXTolerance
        self.relativeFunctionTolerance = relativeFunctionTolerance
        self.absoluteFunctionTolerance = absoluteFunctionTolerance
        self.maxEvaluations = maxEvaluations
        self.maxTimeSeconds = maxTimeSeconds
    }
}

/// NLopt's return code (`nlopt_result`) as a Swift enum.
///
/// Results only ever carry the first eight cases: `invalidArguments`, `outOfMemory` and `forcedStop` are turned
/// into thrown `CoreError`s (or the error thrown by a closure) by `Optimizer`.
public enum OptimizationStatus: String, Sendable, Codable, CaseIterable {
    /// NLOPT_SUCCESS (1): generic success.
    case success
    /// NLOPT_STOPVAL_REACHED (2).
    case stopValueReached
    /// NLOPT_FTOL_REACHED (3): the function tolerance was met.
    case functionToleranceReached
    /// NLOPT_XTOL_REACHED (4): the x tolerance was met.
    case xToleranceReached
    /// NLOPT_MAXEVAL_REACHED (5): the evaluation budget ran out; x is the best point found.
    case maxEvaluationsReached
    /// NLOPT_MAXTIME_REACHED (6): the time budget ran out; x is the best point found.
    case maxTimeReached
    /// NLOPT_ROUNDOFF_LIMITED (−4): rounding errors stopped progress; x is usually still a useful (near-)optimum.
    case roundoffLimited
    /// NLOPT_FAILURE (−1): generic failure (e.g. an L-BFGS line search that cannot progress); x is the best found.
    case failure
    /// NLOPT_INVALID_ARGS (−2). Thrown, never returned.
    case invalidArguments
    /// NLOPT_OUT_OF_MEMORY (−3). Thrown, never returned.
    case outOfMemory
    /// NLOPT_FORCED_STOP (−5). Thrown, never returned.
    case forcedStop

    /// Maps an `nlopt_result` raw value; unknown codes map to `.failure`.
    public init(nloptCode code: Int32) {
        switch code {
        case 1: self = .success
        case 2: self = .stopValueReached
        case 3: self = .functionToleranceReached
        case 4: self = .xToleranceReached
        case 5: self = .maxEvaluationsReached
        case 6: self = .maxTimeReached
        case -2: self = .invalidArguments
        case -3: self = .outOfMemory
        case -4: self = .roundoffLimited
        case -5: self = .forcedStop
        default: self = .failure
        }
    }

    /// `true` for NLopt's positive (success) codes.
    public var isSuccess: Bool {
        switch self {
        case .success, .stopValueReached, .functionToleranceReached, .xToleranceReached,
             .maxEvaluationsReached, .maxTimeReached: true
        default: false
        }
    }
}

/// The outcome of one local optimisation.
public struct OptimizationResult: Sendable, Equatable, Codable {
    /// The best point found (inside the bounds).
    public let x: [Double]
    /// The objective at `x`.
    public let value: Double
    /// Objective evaluations used (constraint evaluations not counted).
    public let evaluations: Int
    /// Why NLopt stopped.
    public let status: OptimizationStatus

    /// A result (public so that callers can build results from other local searches for `Optimizer.multiStart`).
    public init(x: [Double], value: Double, evaluations: Int, status: OptimizationStatus) {
        self.x = x
        self.value = value
        self.evaluations = evaluations
        self.status = status
    }
}
