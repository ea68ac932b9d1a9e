import QDCore

/// Per-column affine scaling z = (x − centre) / scale, learned on training data.
///
/// Standardisation uses the mean and the population standard deviation (divisor n, as scikit-learn's
/// `StandardScaler`); a constant column gets scale 1 so it maps to 0 instead of NaN.
public struct ColumnScaler: Sendable, Equatable, Codable {
    /// Subtracted from each column.
    public let centres: [Double]
    /// Each column is divided by this (> 0).
    public let scales: [Double]

    /// The identity scaling for `columns` columns.
    public static func identity(columns: Int) -> ColumnScaler {
        ColumnScaler(centres: Array(repeating: 0, count: columns), scales: Array(repeating: 1, count: columns))
    }

    /// Mean and population standard deviation of each column of `x` (n ≥ 1, finite).
    /// - Complexity: O(n · d).
    public static func standardizing(_ x: Matrix) -> ColumnScaler {
        let n = Double(max(x.rows, 1))
        var means = [Double](repeating: 0, count: x.columns)
        var scales = [Double](repeating: 1, count: x.columns)
        for j in 0..<x.columns {
            let column = x.column(j)
            let mean = column.reduce(0, +) / n
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            means[j] = mean
            let sd = variance.squareRoot()
            scales[j] = sd > 1e-12 * max(1, abs(mean)) ? sd : 1
        }
        return ColumnScaler(centres: means, scales: scales)
    }

    /// (x − centre) / scale for every row.
    public func transform(_ x: Matrix) -> Matrix {
        var e = x.elements
        let d = x.columns
        for k in e.indices { e[k] = (e[k] - centres[k % d]) / scales[k % d] }
        return (try? Matrix(rows: x.rows, columns: d, elements: e)) ?? x
    }
}

/// How the target is transformed before the inner model sees it; predictions are mapped back.
public enum TargetTransform: String, Sendable, Codable, CaseIterable {
    /// y unchanged.
    case none
    /// (y − mean) / sd (population sd; a constant target gets sd 1).
    case standardize
}

/// How feature columns are scaled before the inner model sees them.
public enum InputScaling: String, Sendable, Codable, CaseIterable {
    /// Columns unchanged.
    case none
    /// Each column to mean 0, population sd 1 (constant columns to 0).
    case standardize
}

/// A regressor wrapped with input scaling and a target transform, both learned on the training data and stored
/// inside the fitted model so that callers pass raw features and get predictions in the original units.
public struct Pipeline<Inner: Regressor>: Regressor {
    /// The wrapped model.
    public var inner: Inner
    /// Feature scaling.
    public var inputScaling: InputScaling
    /// Target transform.
    public var targetTransform: TargetTransform

    /// Wraps `inner` with the given scaling (both standardise by default).
    public init(_ inner: Inner, inputScaling: InputScaling = .standardize, targetTransform: TargetTransform = .standardize) {
        self.inner = inner
        self.inputScaling = inputScaling
        self.targetTransform = targetTransform
    }

    /// "Pipeline(<inner>)".
    public static var estimatorName: String { "Pipeline(\(Inner.estimatorName))" }
    /// The inner model's rules.
    public var hyperparameterRules: [HyperparameterRule] { inner.hyperparameterRules }
    /// The inner model's minimum.
    public var minimumTrainingRows: Int { inner.minimumTrainingRows }

    /// Learns the scalings on (x, y), then fits the inner model on the transformed data.
    /// - Throws: as `Regressor.fit` and as the inner model.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedPipeline<Inner.Fitted> {
        try validateTrainingData(x, y)
        let xScaler = inputScaling == .standardize ? ColumnScaler.standardizing(x) : .identity(columns: x.columns)
        let yScaler: ColumnScaler
        switch targetTransform {
        case .none: yScaler = .identity(columns: 1)
        case .standardize: yScaler = .standardizing(try Matrix(rows: y.count, columns: 1, elements: y))
        }
        let yt = y.map { ($0 - yScaler.centres[0]) / yScaler.scales[0] }
        let fitted = try inner.fit(xScaler.transform(x), yt, seed: seed)
        return FittedPipeline(inputScaler: xScaler, targetCentre: yScaler.centres[0], targetScale: yScaler.scales[0], model: fitted)
    }
}

/// A fitted pipeline: scaler, inner fitted model, inverse target transform.
public struct FittedPipeline<Model: FittedRegressor>: FittedRegressor {
    /// The feature scaling learned in fit.
    public let inputScaler: ColumnScaler
    /// Target centre (0 without a target transform).
    public let targetCentre: Double
    /// Target scale (1 without a target transform).
    public let targetScale: Double
    /// The inner fitted model (works in transformed units).
    public let model: Model

    /// The inner model's column count.
    public var featureCount: Int { model.featureCount }

    /// Scales x, predicts, maps back: ŷ = centre + scale · inner(scaled x).
    /// - Throws: as `FittedRegressor.predict`.
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "Pipeline")
        return try model.predict(inputScaler.transform(x)).map { targetCentre + targetScale * $0 }
    }
}

extension FittedPipeline: ProbabilisticRegressor where Model: ProbabilisticRegressor {
    /// The inner posterior mapped back: mean as in `predict`, variances times scale².
    public func posterior(_ x: Matrix) throws -> Posterior {
        try validatePredictionInput(x, featureCount: featureCount, model: "Pipeline")
        let p = try model.posterior(inputScaler.transform(x))
        let s2 = targetScale * targetScale
        return Posterior(
            mean: p.mean.map { targetCentre + targetScale * $0 }, variance: p.variance.map { $0 * s2 },
            noiseVariance: p.noiseVariance * s2)
    }
}
