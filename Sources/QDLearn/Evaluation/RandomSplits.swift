import Foundation
import QDCore

/// One model's errors over independent random train/test splits (the protocol of papers that report one random
/// split, e.g. Nguyen et al. 2022's 85/15), so a single split's number can be read against its spread.
public struct SplitSummary: Sendable, Equatable, Codable {
    /// The model.
    public let model: ModelChoice
    /// Metrics of each split's test rows, in split order.
    public let perSplit: [RegressionMetrics]

    /// MAE of each split's test rows.
    public var meanAbsoluteErrors: [Double] { perSplit.map(\.meanAbsoluteError) }
    /// MAE of the first split: "one seeded random split", as a paper would report it.
    public var firstSplitMAE: Double { meanAbsoluteErrors.first ?? .nan }
    /// Mean MAE over splits.
    public var meanMAE: Double { meanAbsoluteErrors.reduce(0, +) / Double(max(perSplit.count, 1)) }
    /// Median MAE over splits.
    public var medianMAE: Double { median(meanAbsoluteErrors) ?? .nan }
    /// Smallest and largest split MAE.
    public var rangeMAE: ClosedRange<Double> { (meanAbsoluteErrors.min() ?? .nan)...(meanAbsoluteErrors.max() ?? .nan) }
}

/// Fits each model on each split's training rows and scores it on that split's test rows (no pooling: with
/// random splits a row can be tested several times or never). NaN cells are imputed per training part.
/// - Throws: a model's failure, naming the model and the split.
/// - Complexity: models × splits fits.
public func evaluateSplits(
    _ models: [ModelChoice], x: Matrix, y: [Double], splits: [Fold], seed: UInt64, context: ModelContext = ModelContext()
) throws -> [SplitSummary] {
    try models.map { model in
        let regressor = MedianImputing(AnyRegressor(model, context: context))
        let metrics = try splits.enumerated().map { k, split in
            do {
                let fitted = try regressor.fit(x.selectingRows(split.train), split.train.map { y[$0] }, seed: seed)
                let predicted = try fitted.predict(x.selectingRows(split.test))
                return try RegressionMetrics(observed: split.test.map { y[$0] }, predicted: predicted)
            } catch let e as LearnError {
                throw LearnError(e.kind, "\(model.rawValue), split \(k + 1): \(e.message)")
            }
        }
        return SplitSummary(model: model, perSplit: metrics)
    }
}
