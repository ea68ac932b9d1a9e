import QDCore

/// The baseline that predicts the training mean of y for every row; any useful model must beat it.
/// Deterministic: the seed is unused.
public struct MeanBaseline: Regressor {
    /// A mean predictor.
    public init() {}

    /// "MeanBaseline".
    public static var estimatorName: String { "MeanBaseline" }

    /// Stores mean(y).
    /// - Throws: as `Regressor.fit`.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedMeanBaseline {
        try validateTrainingData(x, y)
        return FittedMeanBaseline(mean: y.reduce(0, +) / Double(y.count), featureCount: x.columns)
    }
}

/// A fitted mean predictor.
public struct FittedMeanBaseline: FittedRegressor, Equatable {
    /// The training mean of y.
    public let mean: Double
    /// Columns seen in fit (checked at predict time like every model).
    public let featureCount: Int

    /// `mean` for every row.
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "MeanBaseline")
        return Array(repeating: mean, count: x.rows)
    }
}
