import Foundation
import QDCore

/// How a source-family model enters the target family's model.
public enum SourcePriorCalibration: String, Sendable, Codable, CaseIterable {
    /// prior(x) = source(x) + a: the source model is a base margin, shifted by the target rows' mean offset
    /// (XGBoost's `base_margin` semantics for squared error, plus one fitted constant).
    case offset
    /// prior(x) = a + b·source(x), (a, b) by least squares on the target rows, b shrunk toward 1 by
    /// `SourcePrior.slopePenalty` (so 10 rows cannot turn the source model upside down).
    case affine
}

/// Transfer from one material family to another: a model fitted on a large source family (e.g. CdSe) gives the
/// prior mean for a small target family (e.g. InP), and `residual` learns what the prior leaves over on the target
/// rows.
///
/// Prediction: a + b·source(x) + residual(x) with (a, b) from `calibration`. The source model must take the
/// same features as the target rows (shared conditions: temperature, time, precursor amounts and ratio).
/// With a constant-mean residual this is "source model plus offset"; with boosting it is warm-started boosting.
public struct SourcePrior<Source: FittedRegressor, Residual: Regressor>: Regressor {
    /// The fitted source-family model.
    public var source: Source
    /// The model of the target family's residual.
    public var residual: Residual
    /// How the source enters.
    public var calibration: SourcePriorCalibration
    /// Ridge penalty on (b − 1) for `.affine`, in units of the target-row count (≥ 0): the normal equations get
    /// `slopePenalty · n` added to the slope's diagonal.
    public var slopePenalty: Double

    /// Transfer from `source` with `residual` on top (defaults: offset calibration, slope penalty 1).
    public init(source: Source, residual: Residual, calibration: SourcePriorCalibration = .offset, slopePenalty: Double = 1) {
        self.source = source
        self.residual = residual
        self.calibration = calibration
        self.slopePenalty = slopePenalty
    }

    /// "SourcePrior".
    public static var estimatorName: String { "SourcePrior" }

    /// slopePenalty ≥ 0, then the residual model's rules.
    public var hyperparameterRules: [HyperparameterRule] {
        [HyperparameterRule("slopePenalty", slopePenalty, .atLeast(0))] + residual.hyperparameterRules
    }

    /// The residual model's minimum.
    public var minimumTrainingRows: Int { residual.minimumTrainingRows }

    /// Calibrates (a, b), then fits the residual on y − a − b·source(x).
    /// - Throws: as `Regressor.fit`; `.shapeMismatch` when x has not the source model's columns.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedSourcePrior<Source, Residual.Fitted> {
        try validateTrainingData(x, y)
        let s = try source.predict(x)
        let n = Double(y.count)
        var (a, b) = (0.0, 1.0)
        switch calibration {
        case .offset:
            a = zip(y, s).reduce(0) { $0 + $1.0 - $1.1 } / n
        case .affine:
            // Minimise Σ(y − a − b s)² + λn(b − 1)²: centred normal equation for b, then a = ȳ − b s̄.
            let ym = y.reduce(0, +) / n, sm = s.reduce(0, +) / n
            let sxy = zip(y, s).reduce(0) { $0 + ($1.0 - ym) * ($1.1 - sm) }
            let sxx = s.reduce(0) { $0 + ($1 - sm) * ($1 - sm) }
            let lambda = slopePenalty * n
            b = sxx + lambda > 0 ? (sxy + lambda) / (sxx + lambda) : 1
            a = ym - b * sm
        }
        let fitted = try residual.fit(x, zip(y, s).map { $0 - a - b * $1 }, seed: seed)
        return FittedSourcePrior(source: source, residual: fitted, intercept: a, slope: b)
    }
}

/// A fitted `SourcePrior`: a + b·source(x) + residual(x).
public struct FittedSourcePrior<Source: FittedRegressor, Residual: FittedRegressor>: FittedRegressor {
    /// The source-family model.
    public let source: Source
    /// The fitted residual.
    public let residual: Residual
    /// a (units of y).
    public let intercept: Double
    /// b (dimensionless; 1 for `.offset`).
    public let slope: Double

    /// Columns seen in fit.
    public var featureCount: Int { residual.featureCount }

    /// a + b·source(x) + residual(x).
    /// - Throws: as `FittedRegressor.predict`.
    public func predict(_ x: Matrix) throws -> [Double] {
        zip(try source.predict(x), try residual.predict(x)).map { intercept + slope * $0 + $1 }
    }
}
