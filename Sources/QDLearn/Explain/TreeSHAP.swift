import CXGBoost
import Foundation
import QDCore

/// Exact TreeSHAP for XGBoost models (gradient boosting and random-forest mode) through XGBoost's own contribution
/// output: `XGBoosterPredictFromDMatrix` with `type` 2 (SHAP values, `pred_contribs`) and 4 (SHAP interaction
/// values, `pred_interactions`).
///
/// The algorithm is path-dependent TreeSHAP (Lundberg, Erion et al. 2020, *Nature Machine Intelligence* 2:56,
/// "From local explanations to global understanding with explainable AI for trees", Algorithm 2): exact Shapley
/// values of the tree ensemble's conditional expectation under the training cover, in O(T·L·D²) per row.
/// The base value is XGBoost's bias column, identical for every row: `base_score` plus the cover-weighted mean
/// leaf of each tree. Values are XGBoost's float32 results widened to Double, so additivity holds to about
/// 1e-6 · |prediction|.
///
/// This lives beside the training wrapper (`XGBoostEngine`) rather than in it so that explanation code and model
/// code evolve separately; the few C calls are repeated here on purpose.
public struct TreeExplainer: Sendable {
    /// The model bytes (UBJ or JSON) as XGBoost saved them.
    public let modelBytes: Data
    /// Columns the model was trained on.
    public let featureCount: Int
    /// XGBoost threads for the contribution computation (≥ 1).
    public let threads: Int

    /// An explainer for a fitted QDLearn XGBoost model.
    public init(_ model: FittedXGBoost) {
        self.init(modelBytes: model.modelUBJ, featureCount: model.featureCount, threads: model.threads)
    }

    /// An explainer for a saved XGBoost booster (UBJ or JSON bytes, e.g. `Booster.save_raw("json")` in Python).
    public init(modelBytes: Data, featureCount: Int, threads: Int = 1) {
        self.modelBytes = modelBytes
        self.featureCount = featureCount
        self.threads = max(1, threads)
    }

    /// SHAP values of every row of `x` (n × d): an `Attribution` with d players named `names`.
    /// - Parameter names: player names (default "x0", "x1", …).
    /// - Throws: `LearnError.shapeMismatch` when `x.columns ≠ featureCount` or the name count differs;
    ///   `.invalidInput` on NaN/∞; `.libraryFailure` with XGBoost's message.
    /// - Complexity: O(n · trees · leaves · depth²).
    public func shapValues(_ x: Matrix, names: [String]? = nil) throws -> Attribution {
        let names = try playerNames(names)
        try validatePredictionInput(x, featureCount: featureCount, model: "TreeExplainer")
        let d = featureCount, width = d + 1
        let contributions = try raw(x, type: 2, expectedCount: x.rows * width)
        let prediction = try raw(x, type: 0, expectedCount: x.rows)
        var values = [Double](repeating: 0, count: x.rows * d)
        for i in 0..<x.rows { for j in 0..<d { values[i * d + j] = contributions[i * width + j] } }
        let base = x.rows > 0 ? contributions[d] : try bias()
        return Attribution(baseValue: base, values: try Matrix(rows: x.rows, columns: d, elements: values), predictions: prediction, names: names)
    }

    /// SHAP interaction values Φ (Lundberg et al. 2020, eq. 3–4): for each row a d × d symmetric matrix whose
    /// off-diagonal entries split the pairwise interaction equally between (i, j) and (j, i) and whose row sums are
    /// the SHAP values. The bias row and column of XGBoost's (d+1)² output are dropped.
    /// - Returns: one d × d matrix per row of `x`.
    /// - Throws: as `shapValues`.
    /// - Complexity: about d times `shapValues`.
    public func interactionValues(_ x: Matrix) throws -> [Matrix] {
        try validatePredictionInput(x, featureCount: featureCount, model: "TreeExplainer")
        let d = featureCount, width = d + 1
        let output = try raw(x, type: 4, expectedCount: x.rows * width * width)
        return try (0..<x.rows).map { i in
            var m = [Double](repeating: 0, count: d * d)
            for a in 0..<d { for b in 0..<d { m[a * d + b] = output[i * width * width + a * width + b] } }
            return try Matrix(rows: d, columns: d, elements: m)
        }
    }

    private func playerNames(_ names: [String]?) throws -> [String] {
        guard let names else { return (0..<featureCount).map { "x\($0)" } }
        guard names.count == featureCount else {
            throw LearnError(.shapeMismatch, "TreeExplainer: \(names.count) names for \(featureCount) features; pass one name per column.")
        }
        return names
    }

    /// The bias (base value) from one all-zero row, for an empty `x`.
    private func bias() throws -> Double {
        let zero = Matrix(rows: 1, columns: featureCount)
        return try raw(zero, type: 2, expectedCount: featureCount + 1)[featureCount]
    }

    /// Loads the booster, runs `XGBoosterPredictFromDMatrix` with prediction `type`, copies the result.
    func raw(_ x: Matrix, type: Int, expectedCount: Int) throws -> [Double] {
        if expectedCount == 0 { return [] }
        var booster: BoosterHandle?
        try check(XGBoosterCreate(nil, 0, &booster))
        defer { XGBoosterFree(booster) }
        try check(modelBytes.withUnsafeBytes { XGBoosterLoadModelFromBuffer(booster, $0.baseAddress, bst_ulong($0.count)) })
        try check(XGBoosterSetParam(booster, "nthread", String(threads)))
        let data = x.elements.map { Float($0) }
        var dmatrix: DMatrixHandle?
        try check(data.withUnsafeBufferPointer {
            XGDMatrixCreateFromMat($0.baseAddress, bst_ulong(x.rows), bst_ulong(x.columns), Float.nan, &dmatrix)
        })
        defer { XGDMatrixFree(dmatrix) }
        var shape: UnsafePointer<bst_ulong>?
        var dimension: bst_ulong = 0
        var result: UnsafePointer<Float>?
        let config = #"{"type": \#(type), "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}"#
        try check(XGBoosterPredictFromDMatrix(booster, dmatrix, config, &shape, &dimension, &result))
        guard let result, let shape else { throw LearnError(.libraryFailure, "TreeExplainer: XGBoost returned no output.") }
        let count = (0..<Int(dimension)).reduce(1) { $0 * Int(shape[$1]) }
        guard count == expectedCount else {
            throw LearnError(.libraryFailure, "TreeExplainer: XGBoost returned \(count) values where \(expectedCount) were expected; was the model trained on \(featureCount) features with a single output?")
        }
        return (0..<count).map { Double(result[$0]) }  // copied before any further C call
    }

    private func check(_ status: Int32) throws {
        guard status == 0 else {
            let message = XGBGetLastError().map { String(cString: $0) } ?? "unknown error"
            throw LearnError(.libraryFailure, "TreeExplainer: XGBoost failed: \(message)")
        }
    }
}

/// An XGBoost booster saved elsewhere (e.g. by the Python package) used as a `FittedRegressor`, so that a model
/// trained outside QDLab can be explained by every method here. Predictions are XGBoost's margins (= predictions
/// for `reg:squarederror`).
public struct LoadedBooster: FittedRegressor, Equatable {
    /// The saved model (UBJ or JSON bytes).
    public let modelBytes: Data
    /// Columns the booster was trained on.
    public let featureCount: Int
    /// XGBoost threads (≥ 1).
    public let threads: Int

    /// A booster from saved bytes.
    public init(modelBytes: Data, featureCount: Int, threads: Int = 1) {
        self.modelBytes = modelBytes
        self.featureCount = featureCount
        self.threads = max(1, threads)
    }

    /// Predictions by XGBoost's in-place prediction (the model is loaded per call, so the value holds no C handle).
    /// - Throws: as `FittedRegressor.predict`; `.libraryFailure` if XGBoost rejects the model.
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "LoadedBooster")
        return try XGBoostEngine.predict(model: modelBytes, x, threads: threads, model: "LoadedBooster")
    }

    /// TreeSHAP for this booster.
    public var explainer: TreeExplainer { TreeExplainer(modelBytes: modelBytes, featureCount: featureCount, threads: threads) }
}
