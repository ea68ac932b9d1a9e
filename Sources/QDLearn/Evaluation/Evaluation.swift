import Foundation
import QDCore

/// The models `qdlab evaluate` compares, each with fixed, documented hyperparameters (no tuning on the folds).
public enum ModelChoice: String, Sendable, Codable, CaseIterable {
    /// The training-fold mean of y: the baseline every model must beat.
    case mean
    /// `Pipeline(Ridge(alpha: 1))`, standardised features and target.
    case ridge
    /// `Pipeline(KNearestNeighbors(neighbors: 5))`, standardised features.
    case knn
    /// `GradientBoosting()`: XGBoost hist, 100 rounds, eta 0.3, depth 6, base_score = training mean.
    case gbm
    /// `RandomForest()`: XGBoost random-forest mode, 500 trees, depth 12.
    case rf
    /// `Pipeline(SupportVectorRegression(c: 10, epsilon: 0.05))`, standardised features and target.
    case svr
    /// `GaussianProcess()`: Matérn 5/2 ARD + white noise + constant mean, 5 restarts.
    case gp

    /// Cross-validates this model on `folds`.
    /// - Throws: as `crossValidate`.
    public func crossValidate(x: Matrix, y: [Double], folds: [Fold], seed: UInt64) throws -> CrossValidationResult {
        switch self {
        case .mean: return try QDLearn.crossValidate(MeanBaseline(), x: x, y: y, folds: folds, seed: seed)
        case .ridge: return try QDLearn.crossValidate(Pipeline(Ridge(alpha: 1)), x: x, y: y, folds: folds, seed: seed)
        case .knn: return try QDLearn.crossValidate(Pipeline(KNearestNeighbors(neighbors: 5), targetTransform: .none), x: x, y: y, folds: folds, seed: seed)
        case .gbm: return try QDLearn.crossValidate(GradientBoosting(), x: x, y: y, folds: folds, seed: seed)
        case .rf: return try QDLearn.crossValidate(RandomForest(), x: x, y: y, folds: folds, seed: seed)
        case .svr: return try QDLearn.crossValidate(Pipeline(SupportVectorRegression(c: 10, epsilon: 0.05)), x: x, y: y, folds: folds, seed: seed)
        case .gp: return try QDLearn.crossValidate(GaussianProcess(), x: x, y: y, folds: folds, seed: seed)
        }
    }
}

/// One row of an evaluation table.
public struct ModelEvaluation: Sendable, Equatable, Codable {
    /// The model.
    public let model: ModelChoice
    /// Metrics of the pooled out-of-fold predictions.
    public let pooled: RegressionMetrics
    /// Out-of-fold predictions, one per row.
    public let predictions: [Double]
    /// Wall-clock seconds for all folds (informative only; never asserted).
    public let seconds: Double
}

/// Cross-validates each of `models` on the same folds, in order.
/// - Throws: the first model's failure, naming the model.
public func evaluateModels(_ models: [ModelChoice], x: Matrix, y: [Double], folds: [Fold], seed: UInt64) throws -> [ModelEvaluation] {
    try models.map { model in
        let start = Date()
        do {
            let result = try model.crossValidate(x: x, y: y, folds: folds, seed: seed)
            return ModelEvaluation(model: model, pooled: result.pooled, predictions: result.predictions, seconds: Date().timeIntervalSince(start))
        } catch let e as LearnError {
            throw LearnError(e.kind, "\(model.rawValue): \(e.message)")
        }
    }
}
