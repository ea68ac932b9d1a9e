import CXGBoost
import Foundation
import QDCore

/// The thin wiring to the XGBoost C API (1.7, `libxgboost-dev`) shared by `GradientBoosting` and `RandomForest`.
///
/// Features go to XGBoost as 32-bit floats (as the Python package does with float64 NumPy input), so models and
/// predictions match the Python package of the same version given the same parameters. Every buffer XGBoost
/// returns is copied before the next C call (XGBoost reuses them). Handles are freed on every path.
enum XGBoostEngine {
    /// Trains for `rounds` iterations with `parameters` (applied in order) and returns the model as UBJ bytes.
    static func train(_ x: Matrix, _ y: [Double], parameters: [(String, String)], rounds: Int, model: String) throws -> Data {
        let dtrain = try makeDMatrix(x, model: model)
        defer { XGDMatrixFree(dtrain) }
        let labels = y.map { Float($0) }
        try check(labels.withUnsafeBufferPointer { XGDMatrixSetFloatInfo(dtrain, "label", $0.baseAddress, bst_ulong(labels.count)) }, model)
        var booster: BoosterHandle?
        var dmats: [DMatrixHandle?] = [dtrain]
        try check(dmats.withUnsafeMutableBufferPointer { XGBoosterCreate($0.baseAddress, 1, &booster) }, model)
        defer { XGBoosterFree(booster) }
        for (key, value) in parameters { try check(XGBoosterSetParam(booster, key, value), model) }
        for iteration in 0..<rounds { try check(XGBoosterUpdateOneIter(booster, Int32(iteration), dtrain), model) }
        var length: bst_ulong = 0
        var pointer: UnsafePointer<CChar>?
        try check(XGBoosterSaveModelToBuffer(booster, #"{"format": "ubj"}"#, &length, &pointer), model)
        guard let pointer else { throw LearnError(.libraryFailure, "\(model): XGBoost returned no model buffer.") }
        return Data(bytes: pointer, count: Int(length))  // copied: XGBoost reuses this buffer
    }

    /// Loads a UBJ/JSON model and predicts every row of `x` (margin = prediction for squared error).
    ///
    /// Uses XGBoost's in-place prediction on the dense float64 buffer (`XGBoosterPredictFromDense`, an
    /// `__array_interface__` description of `x.elements`): no DMatrix is built and no float copy is made. XGBoost casts
    /// each value to float as it reads it, so the predictions equal those through a float32 DMatrix bit for bit.
    static func predict(model bytes: Data, _ x: Matrix, threads: Int, model: String) throws -> [Double] {
        if x.rows == 0 { return [] }
        var booster: BoosterHandle?
        try check(XGBoosterCreate(nil, 0, &booster), model)
        defer { XGBoosterFree(booster) }
        try check(bytes.withUnsafeBytes { XGBoosterLoadModelFromBuffer(booster, $0.baseAddress, bst_ulong($0.count)) }, model)
        try check(XGBoosterSetParam(booster, "nthread", String(threads)), model)
        var shape: UnsafePointer<bst_ulong>?
        var dimension: bst_ulong = 0
        var result: UnsafePointer<Float>?
        let config = #"{"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false, "missing": NaN, "cache_id": 0}"#
        try x.elements.withUnsafeBufferPointer { buffer in
            let address = UInt(bitPattern: buffer.baseAddress)
            let interface = #"{"data": [\#(address), true], "shape": [\#(x.rows), \#(x.columns)], "typestr": "<f8", "version": 3}"#
            try check(XGBoosterPredictFromDense(booster, interface, config, nil, &shape, &dimension, &result), model)
        }
        guard let result else { throw LearnError(.libraryFailure, "\(model): XGBoost returned no predictions.") }
        return (0..<x.rows).map { Double(result[$0]) }  // copied before any further C call
    }

    private static func makeDMatrix(_ x: Matrix, model: String) throws -> DMatrixHandle? {
        let data = x.elements.map { Float($0) }
        var handle: DMatrixHandle?
        try check(
            data.withUnsafeBufferPointer {
                XGDMatrixCreateFromMat($0.baseAddress, bst_ulong(x.rows), bst_ulong(x.columns), Float.nan, &handle)
            }, model)
        return handle
    }

    private static func check(_ status: Int32, _ model: String) throws {
        guard status == 0 else {
            let message = XGBGetLastError().map { String(cString: $0) } ?? "unknown error"
            throw LearnError(.libraryFailure, "\(model): XGBoost failed: \(message)")
        }
    }

    /// The objective and every parameter whose default changed between XGBoost versions, always set explicitly:
    /// squared error, gbtree, silent, `tree_method`, `base_score`, `seed` (low 31 bits) and `nthread`.
    static func versionSensitiveParameters(treeMethod: TreeMethod, baseScore: Double, seed: UInt64, threads: Int) -> [(String, String)] {
        [
            ("objective", "reg:squarederror"), ("booster", "gbtree"), ("verbosity", "0"),
            ("tree_method", treeMethod.rawValue), ("base_score", text(baseScore)),
            ("seed", String(seed & 0x7fff_ffff)), ("nthread", String(threads)),
        ]
    }

    /// Formats a double for XGBoost's parameter parser without losing digits.
    static func text(_ value: Double) -> String { "\(value)" }
}

/// How XGBoost builds trees (`tree_method`).
public enum TreeMethod: String, Sendable, Codable, CaseIterable {
    /// Exact greedy split search.
    case exact
    /// Histogram-based (256 bins by default); the default from XGBoost 2.0.
    case hist
    /// Approximate quantile sketch.
    case approx
}

/// How XGBoost grows each tree (`grow_policy`; only with `tree_method` hist or approx).
public enum GrowPolicy: String, Sendable, Codable, CaseIterable {
    /// Level by level, split the nodes closest to the root first (XGBoost's default).
    case depthwise
    /// Split the leaf with the largest loss reduction first (LightGBM's leaf-wise growth), up to `maxLeaves`.
    case lossguide
}

/// A fitted XGBoost model (gradient boosting or random-forest mode): the saved model bytes are the payload.
public struct FittedXGBoost: FittedRegressor, Equatable {
    /// "GradientBoosting" or "RandomForest".
    public let estimator: String
    /// The XGBoost model in Universal Binary JSON, as `XGBoosterSaveModelToBuffer` wrote it.
    public let modelUBJ: Data
    /// Columns seen in fit.
    public let featureCount: Int
    /// Threads used for prediction.
    public let threads: Int

    /// Predictions from the saved model (loaded per call, so the value holds no C handle and is trivially Sendable).
    /// - Throws: as `FittedRegressor.predict`; `.libraryFailure` if XGBoost rejects the model.
    /// - Complexity: model load O(size) plus O(m · trees · depth).
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: estimator)
        return try XGBoostEngine.predict(model: modelUBJ, x, threads: threads, model: estimator)
    }
}

/// Gradient-boosted regression trees on the XGBoost C API (objective `reg:squarederror`).
///
/// Every parameter that changed default between XGBoost versions is set explicitly: `base_score`, `tree_method`,
/// `seed`, `nthread`. Names follow XGBoost's with Swift spelling (`learningRate` = `eta`).
public struct GradientBoosting: Regressor {
    /// Boosting rounds (`num_boost_round`, ≥ 1).
    public var rounds: Int
    /// Shrinkage `eta` in (0, 1].
    public var learningRate: Double
    /// Maximum tree depth (`max_depth`, ≥ 0; 0 = no cap, only with `growPolicy` lossguide).
    public var maxDepth: Int
    /// Minimum hessian (row count for squared error) per leaf (`min_child_weight`, ≥ 0).
    public var minChildWeight: Double
    /// Row subsample per tree (`subsample`, (0, 1]).
    public var subsample: Double
    /// Column subsample per tree (`colsample_bytree`, (0, 1]).
    public var columnSampleByTree: Double
    /// L2 penalty on leaf weights (`lambda`, ≥ 0).
    public var l2Penalty: Double
    /// Split construction.
    public var treeMethod: TreeMethod
    /// Initial prediction (`base_score`); nil sets it to the training-target mean (still passed explicitly).
    public var baseScore: Double?
    /// XGBoost threads (`nthread`, ≥ 1; default 1: predictable on shared machines).
    public var threads: Int
    /// `monotone_constraints`: per feature +1 (prediction non-decreasing in it), −1 (non-increasing) or 0
    /// (free); nil = no constraints. The count must equal the columns of x at fit time.
    public var monotoneConstraints: [Int]?
    /// Tree growth order (`grow_policy`; default depthwise).
    public var growPolicy: GrowPolicy
    /// Most leaves per tree (`max_leaves`, ≥ 0; 0 = no cap; ignored by `treeMethod` exact).
    public var maxLeaves: Int

    /// Gradient boosting with XGBoost 1.7's defaults except `tree_method` = hist and `base_score` = mean(y).
    public init(
        rounds: Int = 100, learningRate: Double = 0.3, maxDepth: Int = 6, minChildWeight: Double = 1,
        subsample: Double = 1, columnSampleByTree: Double = 1, l2Penalty: Double = 1, treeMethod: TreeMethod = .hist,
        baseScore: Double? = nil, threads: Int = 1, monotoneConstraints: [Int]? = nil,
        growPolicy: GrowPolicy = .depthwise, maxLeaves: Int = 0
    ) {
        self.monotoneConstraints = monotoneConstraints
        self.growPolicy = growPolicy
        self.maxLeaves = maxLeaves
        self.rounds = rounds
        self.learningRate = learningRate
        self.maxDepth = maxDepth
        self.minChildWeight = minChildWeight
        self.subsample = subsample
        self.columnSampleByTree = columnSampleByTree
        self.l2Penalty = l2Penalty
        self.treeMethod = treeMethod
        self.baseScore = baseScore
        self.threads = threads
    }

    /// "GradientBoosting".
    public static var estimatorName: String { "GradientBoosting" }

    /// Ranges as XGBoost documents them.
    public var hyperparameterRules: [HyperparameterRule] {
        [
            HyperparameterRule("rounds", rounds, .atLeast(1)),
            HyperparameterRule("learningRate", learningRate, .leftOpen(0, 1)),
            // XGBoost accepts max_depth 0 (no cap) only for lossguide growth on hist/approx.
            HyperparameterRule("maxDepth", maxDepth, .atLeast(growPolicy == .lossguide && treeMethod != .exact ? 0 : 1)),
            HyperparameterRule("maxLeaves", maxLeaves, .atLeast(0)),
            HyperparameterRule("minChildWeight", minChildWeight, .atLeast(0)),
            HyperparameterRule("subsample", subsample, .leftOpen(0, 1)),
            HyperparameterRule("columnSampleByTree", columnSampleByTree, .leftOpen(0, 1)),
            HyperparameterRule("l2Penalty", l2Penalty, .atLeast(0)),
            HyperparameterRule("baseScore", baseScore ?? 0, .finite),
            HyperparameterRule("threads", threads, .atLeast(1)),
        ] + (monotoneConstraints ?? []).enumerated().map {
            HyperparameterRule("monotoneConstraints[\($0.offset)]", $0.element, .closed(-1, 1))
        }
    }

    /// The parameter list passed to `XGBoosterSetParam`, in order.
    func parameters(baseScore: Double, seed: UInt64) -> [(String, String)] {
        XGBoostEngine.versionSensitiveParameters(treeMethod: treeMethod, baseScore: baseScore, seed: seed, threads: threads) + [
            ("eta", XGBoostEngine.text(learningRate)), ("max_depth", String(maxDepth)),
            ("min_child_weight", XGBoostEngine.text(minChildWeight)), ("subsample", XGBoostEngine.text(subsample)),
            ("colsample_bytree", XGBoostEngine.text(columnSampleByTree)), ("lambda", XGBoostEngine.text(l2Penalty)),
        ] + (growPolicy == .depthwise ? [] : [("grow_policy", growPolicy.rawValue)])
            + (maxLeaves == 0 ? [] : [("max_leaves", String(maxLeaves))])
            + (monotoneConstraints.map { [("monotone_constraints", "(" + $0.map(String.init).joined(separator: ",") + ")")] } ?? [])
    }

    /// Trains `rounds` boosting iterations.
    /// - Parameter seed: XGBoost `seed` (its low 31 bits).
    /// - Throws: as `Regressor.fit`; `.libraryFailure` with XGBoost's message.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedXGBoost {
        try validateTrainingData(x, y)
        if let constraints = monotoneConstraints, constraints.count != x.columns {
            throw LearnError(
                .shapeMismatch,
                "GradientBoosting.fit: monotoneConstraints has \(constraints.count) entries but x has \(x.columns) columns; give one entry (−1, 0 or 1) per column.")
        }
        let base = baseScore ?? y.reduce(0, +) / Double(y.count)
        let bytes = try XGBoostEngine.train(
            x, y, parameters: parameters(baseScore: base, seed: seed), rounds: rounds, model: Self.estimatorName)
        return FittedXGBoost(estimator: Self.estimatorName, modelUBJ: bytes, featureCount: x.columns, threads: threads)
    }
}

/// A random forest in XGBoost's random-forest mode: one boosting round of `trees` parallel trees, `eta` = 1,
/// row subsampling without replacement (`subsample`) and per-split column sampling (`colsample_bynode`).
///
/// This differs from Breiman's forest (bootstrap with replacement); XGBoost documents the mode at
/// https://xgboost.readthedocs.io/en/release_1.7.0/tutorials/rf.html. Defaults follow `XGBRFRegressor`
/// (subsample 0.8, colsample_bynode 0.8, lambda 1e-5) with deeper trees.
public struct RandomForest: Regressor {
    /// Number of trees (`num_parallel_tree`, ≥ 1).
    public var trees: Int
    /// Maximum depth (≥ 1).
    public var maxDepth: Int
    /// Minimum rows per leaf (`min_child_weight`, ≥ 0).
    public var minChildWeight: Double
    /// Row fraction per tree, without replacement, (0, 1].
    public var subsample: Double
    /// Column fraction per split (`colsample_bynode`), (0, 1].
    public var columnSampleByNode: Double
    /// L2 penalty on leaf weights (≥ 0).
    public var l2Penalty: Double
    /// Split construction.
    public var treeMethod: TreeMethod
    /// XGBoost threads (≥ 1).
    public var threads: Int

    /// A forest of `trees` trees.
    public init(
        trees: Int = 500, maxDepth: Int = 12, minChildWeight: Double = 1, subsample: Double = 0.8,
        columnSampleByNode: Double = 0.8, l2Penalty: Double = 1e-5, treeMethod: TreeMethod = .hist, threads: Int = 1
    ) {
        self.trees = trees
        self.maxDepth = maxDepth
        self.minChildWeight = minChildWeight
        self.subsample = subsample
        self.columnSampleByNode = columnSampleByNode
        self.l2Penalty = l2Penalty
        self.treeMethod = treeMethod
        self.threads = threads
    }

    /// "RandomForest".
    public static var estimatorName: String { "RandomForest" }

    /// Ranges as XGBoost documents them.
    public var hyperparameterRules: [HyperparameterRule] {
        [
            HyperparameterRule("trees", trees, .atLeast(1)),
            HyperparameterRule("maxDepth", maxDepth, .atLeast(1)),
            HyperparameterRule("minChildWeight", minChildWeight, .atLeast(0)),
            HyperparameterRule("subsample", subsample, .leftOpen(0, 1)),
            HyperparameterRule("columnSampleByNode", columnSampleByNode, .leftOpen(0, 1)),
            HyperparameterRule("l2Penalty", l2Penalty, .atLeast(0)),
            HyperparameterRule("threads", threads, .atLeast(1)),
        ]
    }

    /// The parameter list passed to `XGBoosterSetParam`, in order (base_score = mean of the training target).
    func parameters(baseScore: Double, seed: UInt64) -> [(String, String)] {
        XGBoostEngine.versionSensitiveParameters(treeMethod: treeMethod, baseScore: baseScore, seed: seed, threads: threads) + [
            ("eta", "1"), ("num_parallel_tree", String(trees)), ("max_depth", String(maxDepth)),
            ("min_child_weight", XGBoostEngine.text(minChildWeight)), ("subsample", XGBoostEngine.text(subsample)),
            ("colsample_bynode", XGBoostEngine.text(columnSampleByNode)), ("lambda", XGBoostEngine.text(l2Penalty)),
        ]
    }

    /// Grows the forest in one round.
    /// - Throws: as `Regressor.fit`; `.libraryFailure` with XGBoost's message.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedXGBoost {
        try validateTrainingData(x, y)
        let base = y.reduce(0, +) / Double(y.count)
        let bytes = try XGBoostEngine.train(
            x, y, parameters: parameters(baseScore: base, seed: seed), rounds: 1, model: Self.estimatorName)
        return FittedXGBoost(estimator: Self.estimatorName, modelUBJ: bytes, featureCount: x.columns, threads: threads)
    }
}
