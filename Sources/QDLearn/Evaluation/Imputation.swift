import QDCore

/// A regressor preceded by median imputation learned on the training rows: every NaN in column j becomes the
/// median of the non-NaN training values of column j (0 when the training rows have none), at fit and at
/// predict time. The medians live in the fitted model, so a test fold never influences them (scikit-learn's
/// `SimpleImputer(strategy="median")` in a pipeline; hand-written because it is ten lines).
///
/// Indicator columns ("`<name> missing`") are part of x already (`TabularDesign`); this step only fills values.
/// Infinite entries are not imputed: the inner model rejects them.
public struct MedianImputing<Inner: Regressor>: Regressor {
    /// The wrapped model.
    public let inner: Inner

    /// Wraps `inner`.
    public init(_ inner: Inner) { self.inner = inner }

    /// "MedianImputing(<inner>)".
    public static var estimatorName: String { "MedianImputing(\(Inner.estimatorName))" }
    /// The inner model's rules.
    public var hyperparameterRules: [HyperparameterRule] { inner.hyperparameterRules }
    /// The inner model's minimum.
    public var minimumTrainingRows: Int { inner.minimumTrainingRows }

    /// Learns column medians of `x` ignoring NaN, fills, fits the inner model.
    /// - Throws: as the inner model's `fit`.
    /// - Complexity: O(n d log n) for the medians, plus the inner fit.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedMedianImputing<Inner.Fitted> {
        var present = [[Double]](repeating: [], count: x.columns)
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                let v = x.elements[i * x.columns + j]
                if !v.isNaN { present[j].append(v) }
            }
        }
        let medians = present.map { median($0) ?? 0 }
        let model = try inner.fit(Self.filling(x, with: medians), y, seed: seed)
        return FittedMedianImputing(medians: medians, model: model)
    }

    /// `x` with each NaN in column j replaced by `medians[j]` (x itself when it has no NaN).
    static func filling(_ x: Matrix, with medians: [Double]) throws -> Matrix {
        guard x.elements.contains(where: \.isNaN), medians.count == x.columns else { return x }
        var e = x.elements
        for k in e.indices where e[k].isNaN { e[k] = medians[k % x.columns] }
        return try Matrix(rows: x.rows, columns: x.columns, elements: e)
    }
}

/// A fitted `MedianImputing`: the training medians and the inner fitted model.
public struct FittedMedianImputing<Model: FittedRegressor>: FittedRegressor {
    /// Training-fold median per column (the fill value for NaN).
    public let medians: [Double]
    /// The inner fitted model.
    public let model: Model

    /// The inner model's column count.
    public var featureCount: Int { model.featureCount }

    /// Fills NaN with the training medians, then predicts.
    /// - Throws: `LearnError.shapeMismatch` for a wrong column count; as the inner model otherwise.
    public func predict(_ x: Matrix) throws -> [Double] {
        guard x.columns == medians.count else {
            throw LearnError(.shapeMismatch, "MedianImputing.predict: x has \(x.columns) columns but the model was fitted on \(medians.count); pass the same features in the same order.")
        }
        return try model.predict(MedianImputing<AnyRegressor>.filling(x, with: medians))
    }
}
