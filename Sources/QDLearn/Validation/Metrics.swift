/// Regression metrics of predictions against observations.
public struct RegressionMetrics: Sendable, Equatable, Codable {
    /// Mean absolute error (units of y).
    public let meanAbsoluteError: Double
    /// Root mean squared error (units of y).
    public let rootMeanSquaredError: Double
    /// Coefficient of determination 1 − SS_res/SS_tot (NaN when the observations are constant).
    public let rSquared: Double
    /// Number of pairs.
    public let count: Int

    /// Metrics of `predicted` against `observed`.
    /// - Throws: `LearnError.shapeMismatch` for different lengths; `.tooFewRows` for none; `.invalidInput` on NaN/∞.
    /// - Complexity: O(n).
    public init(observed: [Double], predicted: [Double]) throws {
        guard observed.count == predicted.count else {
            throw LearnError(.shapeMismatch, "Metrics: \(observed.count) observations but \(predicted.count) predictions; they must pair up.")
        }
        guard !observed.isEmpty else { throw LearnError(.tooFewRows, "Metrics need at least one prediction. Got 0.") }
        guard observed.allSatisfy(\.isFinite), predicted.allSatisfy(\.isFinite) else {
            throw LearnError(.invalidInput, "Metrics: observations and predictions must be finite; drop the rows with NaN or ∞.")
        }
        let n = Double(observed.count)
        let residuals = zip(observed, predicted).map { $0 - $1 }
        let mean = observed.reduce(0, +) / n
        let ssRes = residuals.reduce(0) { $0 + $1 * $1 }
        let ssTot = observed.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        meanAbsoluteError = residuals.reduce(0) { $0 + abs($1) } / n
        rootMeanSquaredError = (ssRes / n).squareRoot()
        rSquared = ssTot > 0 ? 1 - ssRes / ssTot : .nan
        count = observed.count
    }
}
