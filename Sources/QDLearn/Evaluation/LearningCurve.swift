import Foundation
import QDCore

/// One point of a learning curve: a model's held-out error when trained on at most `trainingRows` rows.
public struct LearningCurvePoint: Sendable, Equatable, Codable {
    /// The model.
    public let model: ModelChoice
    /// The requested training size (a fold with fewer training rows uses all of them).
    public let trainingRows: Int
    /// Mean absolute error over every (repeat, fold, held-out row).
    public let meanAbsoluteError: Double
    /// Standard deviation over repeats of each repeat's MAE (0 with one repeat): the subsampling noise.
    public let repeatStandardDeviation: Double
}

/// Learning curves on fixed folds: for each size n and repeat, every fold's training part is subsampled to n
/// rows (seeded; the same rows for every model), the model is fitted on them and scored on the whole test
/// part of the fold. The test parts never shrink, so every point is measured on the same held-out rows.
///
/// - Parameters:
///   - sizes: training sizes (each ≥ 1); sizes at or above a fold's training count use the whole fold.
///   - repeats: subsamples per size (≥ 1).
/// - Throws: `LearnError.invalidHyperparameter` for a size < 1 or repeats < 1; a model's failure, naming the
///   model and the size.
/// - Complexity: models × sizes × repeats × folds fits.
public func learningCurve(
    _ models: [ModelChoice], x: Matrix, y: [Double], folds: [Fold], sizes: [Int], repeats: Int, seed: UInt64,
    context: ModelContext = ModelContext()
) throws -> [LearningCurvePoint] {
    try checkRules(
        [HyperparameterRule("repeats", repeats, .atLeast(1))] + sizes.map { HyperparameterRule("sizes", $0, .atLeast(1)) },
        estimator: "learningCurve")
    // Subsamples first, so every model sees the same rows.
    var plans: [[[Int]]] = []  // [size·repeat][fold] → training rows
    for (s, size) in sizes.enumerated() {
        for r in 0..<repeats {
            var rng = SeededRNG(seed: seed &+ UInt64(s * 1000 + r) &* 0x9E37_79B9_7F4A_7C15)
            plans.append(folds.map { fold in
                size >= fold.train.count ? fold.train : Array(rng.permutation(fold.train.count).prefix(size).map { fold.train[$0] }).sorted()
            })
        }
    }
    var points: [LearningCurvePoint] = []
    for model in models {
        let regressor = MedianImputing(AnyRegressor(model, context: context))
        for (s, size) in sizes.enumerated() {
            var perRepeat: [Double] = []
            var total = 0.0, count = 0
            for r in 0..<repeats {
                var errors = 0.0, n = 0
                for (k, fold) in folds.enumerated() {
                    let train = plans[s * repeats + r][k]
                    do {
                        let fitted = try regressor.fit(x.selectingRows(train), train.map { y[$0] }, seed: seed)
                        let predicted = try fitted.predict(x.selectingRows(fold.test))
                        for (row, p) in zip(fold.test, predicted) { errors += abs(y[row] - p); n += 1 }
                    } catch let e as LearnError {
                        throw LearnError(e.kind, "\(model.rawValue), \(size) training rows, fold \(k + 1): \(e.message)")
                    }
                }
                perRepeat.append(errors / Double(max(n, 1)))
                total += errors
                count += n
            }
            let mean = perRepeat.reduce(0, +) / Double(perRepeat.count)
            let sd = (perRepeat.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(perRepeat.count)).squareRoot()
            points.append(LearningCurvePoint(
                model: model, trainingRows: size, meanAbsoluteError: total / Double(max(count, 1)), repeatStandardDeviation: sd))
        }
    }
    return points
}
