import QDCore

/// A regression model before fitting: its hyperparameters, validated.
///
/// Fitting returns a new immutable `Fitted` value, so "not fitted" cannot be represented. Every conforming type is
/// checked by the generic conformance suite in `QDLearnTests` (same seed ⇒ same predictions, NaN rejected, shapes,
/// Codable round trip).
public protocol Regressor: Sendable {
    /// The fitted model this regressor produces.
    associatedtype Fitted: FittedRegressor

    /// The estimator's name in messages ("Ridge", "GaussianProcess" …).
    static var estimatorName: String { get }

    /// The numeric rules every hyperparameter must satisfy; checked by `validateHyperparameters()`.
    var hyperparameterRules: [HyperparameterRule] { get }

    /// The fewest training rows this model accepts (≥ 1). Fewer throw `LearnError.tooFewRows`.
    var minimumTrainingRows: Int { get }

    /// Fits `x` (n × d, one row per observation) to `y` (n).
    ///
    /// - Parameter seed: drives every random choice (subsampling, restarts); the same seed gives the same model.
    /// - Throws: `LearnError.invalidHyperparameter` first, then `.shapeMismatch` (rows of x ≠ count of y, or d = 0),
    ///   `.invalidInput` (NaN or ∞ anywhere in x or y), `.tooFewRows`, and model-specific numerical failures.
    func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> Fitted
}

/// A fitted model: immutable, persistable (Codable), safe to share between threads.
///
/// `predict` throws rather than trapping because a persisted model may be handed rows of the wrong width or with
/// NaN by a user; those are data errors, not programmer errors.
public protocol FittedRegressor: Sendable, Codable {
    /// The number of feature columns seen in fit; `predict` requires the same.
    var featureCount: Int { get }

    /// Predictions for every row of `x` (m × d) → m values.
    /// - Throws: `LearnError.shapeMismatch` if `x.columns != featureCount`; `.invalidInput` on NaN or ∞ in x.
    func predict(_ x: Matrix) throws -> [Double]
}

/// A fitted model that also states its uncertainty.
public protocol ProbabilisticRegressor: FittedRegressor {
    /// The predictive distribution per row of `x`: mean and variance.
    /// - Throws: as `predict`.
    func posterior(_ x: Matrix) throws -> Posterior
}

/// Independent Gaussian marginals per prediction row: the mean and variance of the latent function, and the
/// observation-noise variance that a new measurement would add.
public struct Posterior: Sendable, Equatable, Codable {
    /// Posterior mean per row (units of y).
    public let mean: [Double]
    /// Posterior variance of the latent function per row (units of y²), ≥ 0.
    public let variance: [Double]
    /// Variance of the observation noise (units of y²), ≥ 0; the same for every row.
    public let noiseVariance: Double

    /// A posterior from per-row means and variances and the noise variance.
    public init(mean: [Double], variance: [Double], noiseVariance: Double) {
        self.mean = mean
        self.variance = variance
        self.noiseVariance = noiseVariance
    }

    /// Variance of a new observation: latent variance + noise variance, per row.
    public var predictiveVariance: [Double] { variance.map { $0 + noiseVariance } }

    /// √variance of the latent function, per row.
    public var standardDeviation: [Double] { variance.map { $0.squareRoot() } }
}

extension Regressor {
    /// No hyperparameter rules unless the model lists some.
    public var hyperparameterRules: [HyperparameterRule] { [] }

    /// One row is enough unless the model says otherwise.
    public var minimumTrainingRows: Int { 1 }

    /// Checks every rule in `hyperparameterRules` in order.
    /// - Throws: `LearnError.invalidHyperparameter` for the first violation, e.g.
    ///   "The 'alpha' parameter of Ridge must be ≥ 0. Got -1."
    public func validateHyperparameters() throws {
        try checkRules(hyperparameterRules, estimator: Self.estimatorName)
    }

    /// Checks hyperparameters, then the training data: shape, finiteness, row count.
    /// - Throws: the `LearnError` that `fit` documents.
    public func validateTrainingData(_ x: Matrix, _ y: [Double]) throws {
        try validateHyperparameters()
        guard x.rows == y.count else {
            throw LearnError(
                .shapeMismatch,
                "\(Self.estimatorName).fit: x has \(x.rows) rows but y has \(y.count) values; pass one target value per row of x.")
        }
        guard x.columns > 0 else {
            throw LearnError(.shapeMismatch, "\(Self.estimatorName).fit: x has no feature columns; pass at least one column.")
        }
        try requireFiniteFeatures(x, context: "\(Self.estimatorName).fit")
        if let i = y.firstIndex(where: { !$0.isFinite }) {
            throw LearnError(
                .invalidInput,
                "\(Self.estimatorName).fit: y[\(i)] is \(y[i]); targets must be finite. Drop or impute that row first.")
        }
        guard x.rows >= minimumTrainingRows else {
            throw LearnError(
                .tooFewRows,
                "\(Self.estimatorName) needs at least \(minimumTrainingRows) training rows. Got \(x.rows).")
        }
    }
}

/// Throws `.invalidInput` naming the first non-finite entry of `x`.
func requireFiniteFeatures(_ x: Matrix, context: String) throws {
    if let k = x.elements.firstIndex(where: { !$0.isFinite }) {
        let (i, j) = (k / max(x.columns, 1), k % max(x.columns, 1))
        throw LearnError(
            .invalidInput,
            "\(context): x[\(i), \(j)] is \(x.elements[k]); features must be finite. Impute missing values (e.g. training median plus an indicator column) before fitting.")
    }
}

/// The predict-time checks shared by every fitted model: column count and finiteness.
func validatePredictionInput(_ x: Matrix, featureCount: Int, model: String) throws {
    guard x.columns == featureCount else {
        throw LearnError(
            .shapeMismatch,
            "\(model).predict: x has \(x.columns) columns but the model was fitted on \(featureCount); pass the same features in the same order.")
    }
    try requireFiniteFeatures(x, context: "\(model).predict")
}

extension Matrix {
    /// The rows at `indices`, in that order (indices may repeat). Indices must be in range (programmer error).
    /// - Complexity: O(indices.count · columns).
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var out: [Double] = []
        out.reserveCapacity(indices.count * columns)
        for i in indices {
            precondition(i >= 0 && i < rows, "row index \(i) out of range 0..<\(rows)")
            out.append(contentsOf: elements[(i * columns)..<((i + 1) * columns)])
        }
        // The element count matches the shape by construction.
        return (try? Matrix(rows: indices.count, columns: columns, elements: out)) ?? Matrix(rows: 0, columns: columns)
    }
}

/// Wraps a QDCore error raised inside a model as a QDLearn error, keeping its message.
func learnError(from error: any Error, model: String) -> LearnError {
    if let e = error as? LearnError { return e }
    if let e = error as? CoreError {
        let kind: LearnError.Kind = switch e.kind {
        case .shapeMismatch: .shapeMismatch
        case .invalidArgument: .invalidInput
        default: .numericalFailure
        }
        return LearnError(kind, "\(model): \(e.message)")
    }
    return LearnError(.numericalFailure, "\(model): \(error)")
}
