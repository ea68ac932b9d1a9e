import QDCore

/// The outcome of cross-validating one regressor: out-of-fold predictions for every row and metrics.
public struct CrossValidationResult: Sendable, Equatable, Codable {
    /// Pooled out-of-fold predictions, indexed like the input rows (for repeated k-fold: the mean over repeats).
    public let predictions: [Double]
    /// Metrics of the pooled predictions against the targets.
    public let pooled: RegressionMetrics
    /// Metrics of each fold's test rows.
    public let perFold: [RegressionMetrics]
}

/// Cross-validates `regressor` on `folds`: fits on each training part with `seed`, predicts the held-out part.
///
/// Every row must be held out at least once; rows held out several times (repeated k-fold) get the mean of their
/// predictions.
/// - Throws: `LearnError.tooFewRows` when a row is never held out or a fold is empty; anything `fit`/`predict`
///   throws, with the fold number prefixed.
/// - Complexity: one fit and one predict per fold.
public func crossValidate<R: Regressor>(_ regressor: R, x: Matrix, y: [Double], folds: [Fold], seed: UInt64) throws -> CrossValidationResult {
    guard x.rows == y.count else {
        throw LearnError(.shapeMismatch, "crossValidate: x has \(x.rows) rows but y has \(y.count) values.")
    }
    var sums = [Double](repeating: 0, count: y.count)
    var counts = [Int](repeating: 0, count: y.count)
    var perFold: [RegressionMetrics] = []
    for (index, fold) in folds.enumerated() {
        guard !fold.test.isEmpty, !fold.train.isEmpty else {
            throw LearnError(.tooFewRows, "crossValidate: fold \(index + 1) has an empty training or test part; use fewer folds.")
        }
        let predicted: [Double]
        do {
            let model = try regressor.fit(x.selectingRows(fold.train), fold.train.map { y[$0] }, seed: seed)
            predicted = try model.predict(x.selectingRows(fold.test))
        } catch let e as LearnError {
            throw LearnError(e.kind, "Fold \(index + 1) of \(folds.count): \(e.message)")
        }
        for (row, p) in zip(fold.test, predicted) { sums[row] += p; counts[row] += 1 }
        perFold.append(try RegressionMetrics(observed: fold.test.map { y[$0] }, predicted: predicted))
    }
    if let missing = counts.firstIndex(of: 0) {
        throw LearnError(.tooFewRows, "crossValidate: row \(missing) is never held out; the folds must cover every row.")
    }
    let pooled = zip(sums, counts).map { $0 / Double($1) }
    return CrossValidationResult(predictions: pooled, pooled: try RegressionMetrics(observed: y, predicted: pooled), perFold: perFold)
}
