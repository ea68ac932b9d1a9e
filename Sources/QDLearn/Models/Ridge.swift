import QDCore

/// Ridge regression: minimises ‖y − b − X·w‖² + α‖w‖² (the intercept b is not penalised), as scikit-learn's
/// `Ridge(alpha:, fit_intercept=True)`.
///
/// Closed form on centred data: (XcᵀXc + αI) w = Xcᵀyc by Cholesky (QDCore, no jitter: the matrix is positive
/// definite for α > 0); for α = 0 the minimum-norm least-squares solution (LAPACK `dgelsd`) is used so that
/// collinear columns do not fail. b = ȳ − x̄·w. Deterministic: the seed is unused.
public struct Ridge: Regressor {
    /// L2 penalty α ≥ 0 (units of y² per unit of w²).
    public var alpha: Double

    /// A ridge model with penalty `alpha` (default 1, as scikit-learn).
    public init(alpha: Double = 1) { self.alpha = alpha }

    /// "Ridge".
    public static var estimatorName: String { "Ridge" }
    /// alpha ≥ 0.
    public var hyperparameterRules: [HyperparameterRule] { [HyperparameterRule("alpha", alpha, .atLeast(0))] }

    /// Solves for w and b.
    /// - Throws: as `Regressor.fit`; `.numericalFailure` if LAPACK fails.
    /// - Complexity: O(n·d² + d³).
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedRidge {
        try validateTrainingData(x, y)
        let n = x.rows, d = x.columns
        let xMean = (0..<d).map { j in x.column(j).reduce(0, +) / Double(n) }
        let yMean = y.reduce(0, +) / Double(n)
        do {
            let xc = try Matrix(rows: n, columns: d, elements: x.elements.enumerated().map { $0.element - xMean[$0.offset % d] })
            let yc = y.map { $0 - yMean }
            let weights: [Double]
            if alpha > 0 {
                let gram = try xc.multiplied(by: xc, transposingSelf: true).addingToDiagonal(alpha)
                weights = try gram.cholesky(jitter: .none).solve(try xc.multiplied(by: yc, transposingSelf: true))
            } else {
                weights = try xc.leastSquares(yc).solution
            }
            let intercept = yMean - zip(xMean, weights).reduce(0) { $0 + $1.0 * $1.1 }
            return FittedRidge(weights: weights, intercept: intercept)
        } catch {
            throw learnError(from: error, model: Self.estimatorName)
        }
    }
}

/// A fitted ridge model: ŷ = b + x·w.
public struct FittedRidge: FittedRegressor, Equatable {
    /// Coefficients w (one per feature).
    public let weights: [Double]
    /// Intercept b.
    public let intercept: Double

    /// The number of weights.
    public var featureCount: Int { weights.count }

    /// b + X·w per row.
    /// - Complexity: O(m · d).
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "Ridge")
        return try x.multiplied(by: weights).map { $0 + intercept }
    }
}
