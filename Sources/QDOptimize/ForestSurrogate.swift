import Foundation
import QDCore
import QDLearn

/// A bootstrap random forest of regression trees whose spread across trees is its uncertainty: the tree-ensemble
/// surrogate of `SurrogateModel.randomForest` (Breiman, Mach. Learn. 45, 5, 2001; used as a BO surrogate by SMAC,
/// Hutter, Hoos & Leyton-Brown, LION 5, 2011).
///
/// Each tree is grown on a bootstrap sample (n rows drawn with replacement) by CART with squared-error splits,
/// trying ⌈`featureFraction` · d⌉ random features per node and splitting at the midpoint between adjacent distinct
/// values; a node becomes a leaf (the mean of its rows) below 2 · `minLeafSize` rows, at `maxDepth`, or when no
/// split leaves `minLeafSize` rows on each side. Prediction: μ(x) = mean of the tree predictions tₖ(x), latent
/// variance = their population variance (SMAC's estimate with single-valued leaves); noise variance 0.
///
/// Written here rather than taken from QDLearn's `RandomForest` (XGBoost's random-forest mode): that model
/// returns only the forest's average, not each tree's prediction, so no spread can be read from it, and it
/// reloads the booster from bytes on every `predict`, too slow for the thousands of acquisition evaluations per
/// suggestion. QDLearn's later `BootstrapForest` grows the same kind of trees (scikit-learn's settings: every
/// feature tried per split, no depth cap) but also keeps only the mean; making this surrogate a thin layer over
/// it would change the surrogate's suggestions, so the two stay separate for now. Campaign data sets are small (tens to hundreds of rows), which a plain Swift forest fits in
/// milliseconds.
///
/// Predictions are piecewise constant, so the acquisition's continuous local search sees no gradient: with this
/// surrogate a suggestion is in effect the best of the random raw samples, refined over categorical levels.
public struct ForestRegressor: Regressor {
    /// Number of trees (≥ 2, so that a spread exists; default 64).
    public var trees: Int
    /// Fewest training rows in a leaf (≥ 1; default 1: fully grown trees, as in Breiman's forests).
    public var minLeafSize: Int
    /// Fraction of the features tried at each split, (0, 1] (default 5/6, SMAC's choice).
    public var featureFraction: Double
    /// Maximum depth (≥ 1; default 20).
    public var maxDepth: Int

    /// A forest with the defaults above.
    public init(trees: Int = 64, minLeafSize: Int = 1, featureFraction: Double = 5.0 / 6.0, maxDepth: Int = 20) {
        self.trees = trees
        self.minLeafSize = minLeafSize
        self.featureFraction = featureFraction
        self.maxDepth = maxDepth
    }

    /// "ForestRegressor".
    public static var estimatorName: String { "ForestRegressor" }

    /// trees ≥ 2, minLeafSize ≥ 1, featureFraction ∈ (0, 1], maxDepth ≥ 1.
    public var hyperparameterRules: [HyperparameterRule] {
        [
            HyperparameterRule("trees", trees, .atLeast(2)),
            HyperparameterRule("minLeafSize", minLeafSize, .atLeast(1)),
            HyperparameterRule("featureFraction", featureFraction, .leftOpen(0, 1)),
            HyperparameterRule("maxDepth", maxDepth, .atLeast(1)),
        ]
    }

    /// Grows the trees.
    /// - Parameter seed: drives the bootstrap samples and the feature draws.
    /// - Throws: as `Regressor.fit` (`LearnError`).
    /// - Complexity: O(trees · d · n log n · depth).
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedForest {
        try validateTrainingData(x, y)
        var rng = SeededRNG(seed: seed)
        let columns = (0..<x.columns).map { x.column($0) }
        let tried = min(x.columns, max(1, Int((featureFraction * Double(x.columns)).rounded(.up))))
        var grown: [FittedForest.Tree] = []
        for _ in 0..<trees {
            let rows = (0..<x.rows).map { _ in rng.integer(below: x.rows) }
            var tree = FittedForest.Tree()
            grow(&tree, rows: rows, depth: 0, columns: columns, y: y, tried: tried, rng: &rng)
            grown.append(tree)
        }
        return FittedForest(trees: grown, featureCount: x.columns)
    }

    /// Appends the subtree of `rows` to `tree` and returns its node index.
    @discardableResult
    private func grow(_ tree: inout FittedForest.Tree, rows: [Int], depth: Int, columns: [[Double]], y: [Double],
                      tried: Int, rng: inout SeededRNG) -> Int {
        let node = tree.values.count
        let mean = rows.reduce(0) { $0 + y[$1] } / Double(rows.count)
        tree.features.append(-1)
        tree.thresholds.append(0)
        tree.left.append(-1)
        tree.right.append(-1)
        tree.values.append(mean)
        guard rows.count >= 2 * minLeafSize, depth < maxDepth, rows.contains(where: { y[$0] != y[rows[0]] }) else { return node }
        var features = Array(0..<columns.count)
        rng.shuffle(&features)
        var best: (feature: Int, threshold: Double, gain: Double)?
        let total = rows.reduce(0) { $0 + y[$1] }, n = Double(rows.count)
        for f in features.prefix(tried) {
            let sorted = rows.sorted { columns[f][$0] < columns[f][$1] }
            var leftSum = 0.0
            for k in 0..<(sorted.count - 1) {
                leftSum += y[sorted[k]]
                let nl = Double(k + 1), nr = n - nl
                let (a, b) = (columns[f][sorted[k]], columns[f][sorted[k + 1]])
                guard k + 1 >= minLeafSize, sorted.count - k - 1 >= minLeafSize, a < b else { continue }
                // SSE reduction = S_L²/n_L + S_R²/n_R − S²/n (the Σy² terms cancel).
                let gain = leftSum * leftSum / nl + (total - leftSum) * (total - leftSum) / nr - total * total / n
                if gain > (best?.gain ?? 1e-12 * max(1, total * total / n)) { best = (f, 0.5 * (a + b), gain) }
            }
        }
        guard let best else { return node }
        let leftRows = rows.filter { columns[best.feature][$0] <= best.threshold }
        let rightRows = rows.filter { columns[best.feature][$0] > best.threshold }
        tree.features[node] = best.feature
        tree.thresholds[node] = best.threshold
        tree.left[node] = grow(&tree, rows: leftRows, depth: depth + 1, columns: columns, y: y, tried: tried, rng: &rng)
        tree.right[node] = grow(&tree, rows: rightRows, depth: depth + 1, columns: columns, y: y, tried: tried, rng: &rng)
        return node
    }
}

/// A fitted `ForestRegressor`: the trees as flat node arrays.
public struct FittedForest: ProbabilisticRegressor, Equatable {
    /// One tree: node k splits on `features[k]` at `thresholds[k]` (x ≤ t goes left), or is a leaf
    /// (`features[k]` = −1) predicting `values[k]`. Node 0 is the root.
    public struct Tree: Sendable, Equatable, Codable {
        /// Split feature per node (−1 for a leaf).
        public var features: [Int] = []
        /// Split threshold per node.
        public var thresholds: [Double] = []
        /// Left child per node (−1 for a leaf).
        public var left: [Int] = []
        /// Right child per node (−1 for a leaf).
        public var right: [Int] = []
        /// Mean training target per node (the prediction of a leaf).
        public var values: [Double] = []

        /// The leaf value reached by `row`.
        func predict(_ row: ArraySlice<Double>) -> Double {
            var k = 0
            while features[k] >= 0 {
                k = row[row.startIndex + features[k]] <= thresholds[k] ? left[k] : right[k]
            }
            return values[k]
        }
    }

    /// The trees.
    public let trees: [Tree]
    /// Columns seen in fit.
    public let featureCount: Int

    /// Each tree's prediction per row: result[tree][row].
    /// - Throws: `LearnError.shapeMismatch` for a wrong column count; `.invalidInput` for NaN or ∞.
    public func treePredictions(_ x: Matrix) throws -> [[Double]] {
        guard x.columns == featureCount else {
            throw LearnError(.shapeMismatch, "ForestRegressor.predict: x has \(x.columns) columns but the model was fitted on \(featureCount); pass the same features in the same order.")
        }
        if let k = x.elements.firstIndex(where: { !$0.isFinite }) {
            throw LearnError(.invalidInput, "ForestRegressor.predict: x[\(k / featureCount), \(k % featureCount)] is \(x.elements[k]); features must be finite.")
        }
        let d = featureCount
        return trees.map { tree in (0..<x.rows).map { r in tree.predict(x.elements[(r * d)..<((r + 1) * d)]) } }
    }

    /// Mean of the trees per row.
    /// - Throws: as `treePredictions`.
    public func predict(_ x: Matrix) throws -> [Double] { try posterior(x).mean }

    /// Mean and population variance of the tree predictions per row; noise variance 0.
    /// - Throws: as `treePredictions`.
    /// - Complexity: O(rows · trees · depth).
    public func posterior(_ x: Matrix) throws -> Posterior {
        let p = try treePredictions(x)
        let t = Double(trees.count)
        var mean = [Double](repeating: 0, count: x.rows), variance = [Double](repeating: 0, count: x.rows)
        for r in 0..<x.rows {
            let m = p.reduce(0) { $0 + $1[r] } / t
            mean[r] = m
            variance[r] = p.reduce(0) { $0 + ($1[r] - m) * ($1[r] - m) } / t
        }
        return Posterior(mean: mean, variance: variance, noiseVariance: 0)
    }
}

extension FittedForest: Surrogate {
    /// Joint draws from the ensemble: each draw is one tree, chosen uniformly, evaluated at every row (the
    /// ensemble's own notion of a consistent function draw; a Thompson step then maximises one tree).
    func samples(_ x: Matrix, count: Int, using rng: inout SeededRNG) throws -> [[Double]] {
        let p = try treePredictions(x)
        return (0..<count).map { _ in p[rng.integer(below: p.count)] }
    }
}
