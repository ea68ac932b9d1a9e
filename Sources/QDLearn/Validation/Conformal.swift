import Foundation
import QDCore

/// Split-conformal prediction intervals around any regressor (Lei et al. 2018, JASA 113:1094, Algorithm 2).
///
/// Fit: a seeded random `calibrationFraction` of the rows is held back; the model is fitted on the rest; the
/// absolute residuals on the calibration rows give q = the ⌈(n_cal + 1)(1 − α)⌉-th smallest. Interval: ŷ ± q.
/// Under exchangeability a new point falls inside with probability ≥ 1 − α. When n_cal is too small for the
/// requested level (⌈(n_cal + 1)(1 − α)⌉ > n_cal) the half-width is +∞, stated rather than hidden.
public struct SplitConformal<Inner: Regressor>: Regressor {
    /// The point model.
    public var inner: Inner
    /// Miscoverage α in (0, 1): intervals target coverage 1 − α.
    public var miscoverage: Double
    /// Fraction of rows held back for calibration, in (0, 1).
    public var calibrationFraction: Double

    /// Conformal intervals at level 1 − `miscoverage` (default 90 %), calibrating on 25 % of the rows.
    public init(_ inner: Inner, miscoverage: Double = 0.1, calibrationFraction: Double = 0.25) {
        self.inner = inner
        self.miscoverage = miscoverage
        self.calibrationFraction = calibrationFraction
    }

    /// "SplitConformal(<inner>)".
    public static var estimatorName: String { "SplitConformal(\(Inner.estimatorName))" }

    /// α and the calibration fraction in (0, 1), then the inner model's rules.
    public var hyperparameterRules: [HyperparameterRule] {
        [HyperparameterRule("miscoverage", miscoverage, .open(0, 1)),
         HyperparameterRule("calibrationFraction", calibrationFraction, .open(0, 1))] + inner.hyperparameterRules
    }

    /// At least one calibration row and the inner model's minimum in the proper training part.
    public var minimumTrainingRows: Int { max(2, inner.minimumTrainingRows + 1) }

    /// Splits, fits the inner model, calibrates.
    /// - Throws: as `Regressor.fit` and the inner model.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedSplitConformal<Inner.Fitted> {
        try validateTrainingData(x, y)
        var rng = SeededRNG(seed: seed)
        let order = rng.permutation(x.rows)
        let nCal = min(max(1, Int((Double(x.rows) * calibrationFraction).rounded())), x.rows - inner.minimumTrainingRows)
        let calibration = Array(order.prefix(nCal)).sorted(), proper = Array(order.dropFirst(nCal)).sorted()
        let model = try inner.fit(x.selectingRows(proper), proper.map { y[$0] }, seed: rng.next())
        let predicted = try model.predict(x.selectingRows(calibration))
        let residuals = zip(calibration, predicted).map { abs(y[$0] - $1) }.sorted()
        let rank = Int((Double(nCal + 1) * (1 - miscoverage)).rounded(.up))
        let halfWidth = rank <= nCal ? residuals[rank - 1] : .infinity
        return FittedSplitConformal(model: model, halfWidth: halfWidth, miscoverage: miscoverage, calibrationCount: nCal)
    }
}

/// A point model with a calibrated symmetric interval half-width.
public struct FittedSplitConformal<Model: FittedRegressor>: FittedRegressor {
    /// The point model.
    public let model: Model
    /// q: intervals are ŷ ± q (units of y; +∞ when calibration was too small for the level).
    public let halfWidth: Double
    /// α used.
    public let miscoverage: Double
    /// Rows used for calibration.
    public let calibrationCount: Int

    /// Columns of the point model.
    public var featureCount: Int { model.featureCount }

    /// The point predictions.
    public func predict(_ x: Matrix) throws -> [Double] { try model.predict(x) }

    /// (ŷ − q, ŷ + q) per row.
    /// - Throws: as `predict`.
    public func intervals(_ x: Matrix) throws -> [ClosedRange<Double>] {
        try predict(x).map { ($0 - halfWidth)...($0 + halfWidth) }
    }
}

/// Interval quality on held-out data.
public struct IntervalCoverage: Sendable, Equatable, Codable {
    /// Fraction of held-out targets inside their interval.
    public let coverage: Double
    /// Mean interval width (units of y).
    public let meanWidth: Double
    /// Held-out rows counted.
    public let count: Int
}

/// Measures split-conformal coverage on held-out folds: for each fold, fits `SplitConformal` on the training part
/// and counts how many test targets fall inside their intervals; pooled over folds.
/// - Throws: as `crossValidate`.
public func conformalCoverage<R: Regressor>(_ conformal: SplitConformal<R>, x: Matrix, y: [Double], folds: [Fold], seed: UInt64) throws -> IntervalCoverage {
    var inside = 0, total = 0
    var widthSum = 0.0
    for fold in folds {
        let fitted = try conformal.fit(x.selectingRows(fold.train), fold.train.map { y[$0] }, seed: seed)
        let intervals = try fitted.intervals(x.selectingRows(fold.test))
        for (row, interval) in zip(fold.test, intervals) {
            if interval.contains(y[row]) { inside += 1 }
            widthSum += interval.upperBound - interval.lowerBound
            total += 1
        }
    }
    guard total > 0 else { throw LearnError(.tooFewRows, "conformalCoverage: the folds hold out no rows.") }
    return IntervalCoverage(coverage: Double(inside) / Double(total), meanWidth: widthSum / Double(total), count: total)
}
