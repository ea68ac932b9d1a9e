import QDCore

/// Extremely randomised trees for regression (Geurts, Ernst & Wehenkel, "Extremely randomized trees", Machine
/// Learning 63, 3–42, 2006): every tree sees all rows (no bootstrap); at each node, for each of `featuresPerSplit`
/// features drawn without replacement, one threshold is drawn uniformly between the node's minimum and maximum of
/// that feature, and the candidate with the largest variance reduction is kept; nodes split until they hold fewer
/// than `minimumSplitRows` rows or are constant. The prediction is the mean of the trees' leaf means.
///
/// Hand-written because XGBoost (the tree library QDLab links) has no random-threshold mode; scikit-learn's
/// `ExtraTreesRegressor` is the best Python anchor on three targets. Defaults match scikit-learn's regressor
/// (500 trees here as in ANCHORS.md, all features per split, min_samples_split 2). It lives beside the evaluation
/// code for now; it belongs with the other models in Models/.
public struct ExtraTrees: Regressor {
    /// Number of trees (≥ 1).
    public var trees: Int
    /// Features tried per split (≥ 1; nil = all).
    public var featuresPerSplit: Int?
    /// Nodes with fewer rows are leaves (≥ 2).
    public var minimumSplitRows: Int

    /// A forest of `trees` extremely randomised trees.
    public init(trees: Int = 500, featuresPerSplit: Int? = nil, minimumSplitRows: Int = 2) {
        self.trees = trees
        self.featuresPerSplit = featuresPerSplit
        self.minimumSplitRows = minimumSplitRows
    }

    /// "ExtraTrees".
    public static var estimatorName: String { "ExtraTrees" }

    /// trees ≥ 1, minimumSplitRows ≥ 2, featuresPerSplit ≥ 1.
    public var hyperparameterRules: [HyperparameterRule] {
        [HyperparameterRule("trees", trees, .atLeast(1)), HyperparameterRule("minimumSplitRows", minimumSplitRows, .atLeast(2))]
            + (featuresPerSplit.map { [HyperparameterRule("featuresPerSplit", $0, .atLeast(1))] } ?? [])
    }

    /// Grows the forest; tree t uses a random stream split from `seed`.
    /// - Throws: as `Regressor.fit` (shape, NaN, hyperparameters).
    /// - Complexity: O(trees · n log n · k) for k features per split on balanced trees.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedExtraTrees {
        try validateTrainingData(x, y)
        let d = x.columns
        let columns = (0..<d).map { x.column($0) }
        let k = min(featuresPerSplit ?? d, d)
        var rng = SeededRNG(seed: seed)
        var forest: [FittedExtraTrees.Tree] = []
        for _ in 0..<trees {
            var stream = rng.split()
            var tree = FittedExtraTrees.Tree()
            grow(&tree, rows: Array(0..<y.count), columns: columns, y: y, k: k, rng: &stream)
            forest.append(tree)
        }
        return FittedExtraTrees(trees: forest, featureCount: d)
    }

    /// Appends the subtree for `rows` to `tree`; returns its node index.
    @discardableResult
    private func grow(_ tree: inout FittedExtraTrees.Tree, rows: [Int], columns: [[Double]], y: [Double], k: Int, rng: inout SeededRNG) -> Int {
        let node = tree.feature.count
        let mean = rows.reduce(0) { $0 + y[$1] } / Double(rows.count)
        tree.feature.append(-1); tree.threshold.append(0); tree.left.append(-1); tree.right.append(-1); tree.value.append(mean)
        guard rows.count >= minimumSplitRows, rows.contains(where: { y[$0] != y[rows[0]] }) else { return node }
        var best: (feature: Int, threshold: Double, score: Double)?
        var candidates = Array(0..<columns.count)
        rng.shuffle(&candidates)
        for j in candidates.prefix(k) {
            let values = rows.map { columns[j][$0] }
            guard let lo = values.min(), let hi = values.max(), lo < hi else { continue }
            let threshold = rng.uniform(in: lo..<hi)
            // Variance reduction ∝ n_L·mean_L² + n_R·mean_R² (the parent term is constant per node).
            var sumL = 0.0, nL = 0.0, sumR = 0.0, nR = 0.0
            for (r, v) in zip(rows, values) {
                if v <= threshold { sumL += y[r]; nL += 1 } else { sumR += y[r]; nR += 1 }
            }
            guard nL > 0, nR > 0 else { continue }
            let score = sumL * sumL / nL + sumR * sumR / nR
            if score > (best?.score ?? -.infinity) { best = (j, threshold, score) }
        }
        // Every drawn feature constant in this node: try no others (as scikit-learn, which then makes a leaf
        // only when all features are constant; with all features drawn the two agree).
        guard let split = best else { return node }
        let leftRows = rows.filter { columns[split.feature][$0] <= split.threshold }
        let rightRows = rows.filter { columns[split.feature][$0] > split.threshold }
        tree.feature[node] = split.feature
        tree.threshold[node] = split.threshold
        tree.left[node] = grow(&tree, rows: leftRows, columns: columns, y: y, k: k, rng: &rng)
        tree.right[node] = grow(&tree, rows: rightRows, columns: columns, y: y, k: k, rng: &rng)
        return node
    }
}

/// A fitted `ExtraTrees` forest: flat node arrays per tree.
public struct FittedExtraTrees: FittedRegressor, Equatable {
    /// One tree as parallel arrays (the same layout as every hand-written forest's trees).
    public typealias Tree = RegressionTree

    /// The trees.
    public let trees: [Tree]
    /// Columns seen in fit.
    public let featureCount: Int

    /// Mean over trees of each row's leaf value.
    /// - Throws: `LearnError.shapeMismatch` for a wrong column count, `.invalidInput` on NaN or ∞.
    /// - Complexity: O(rows · trees · depth).
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "ExtraTrees")
        return forestMean(trees, x)
    }
}
