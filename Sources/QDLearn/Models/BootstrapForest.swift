import QDCore

/// Breiman's random forest for regression (L. Breiman, "Random Forests", Machine Learning 45, 5–32, 2001), as
/// scikit-learn's `RandomForestRegressor` grows it: each tree is fitted to a bootstrap sample (n rows drawn with
/// replacement; a row drawn k times weighs k); at every node `featuresPerSplit` features are drawn without
/// replacement (features constant in the node do not count towards the quota) and the threshold with the
/// largest weighted variance reduction over all of them is kept, placed midway between two consecutive distinct
/// values; trees grow until a node holds fewer than `minimumSplitRows` distinct rows or a constant target
/// ("to purity"). The prediction is the mean of the trees' leaf means (weighted by the bootstrap counts).
///
/// Hand-written because XGBoost's random-forest mode (`RandomForest`, the `rf` model) is a different algorithm:
/// it splits on 256-bin histograms, subsamples rows without replacement, penalises leaf weights (lambda) and caps
/// the depth; on InP emission that difference costs about 2 nm of MAE (docs/learn.md). The tree growth follows the
/// published algorithm (CART with the mean-squared-error criterion), not scikit-learn's code. Random streams
/// differ from scikit-learn's, so the two agree in distribution, not tree by tree.
///
/// Defaults match `RandomForestRegressor` (scikit-learn ≥ 1.1: max_features 1.0, bootstrap, min_samples_split 2,
/// min_samples_leaf 1) with 500 trees as in ANCHORS.md.
public struct BootstrapForest: Regressor {
    /// Number of trees (≥ 1).
    public var trees: Int
    /// Features tried per split (≥ 1; nil = all; more than the column count means all).
    public var featuresPerSplit: Int?
    /// Nodes with fewer distinct rows are leaves (≥ 2).
    public var minimumSplitRows: Int
    /// Each child of a split keeps at least this many distinct rows (≥ 1).
    public var minimumLeafRows: Int
    /// Draw each tree's rows with replacement (true) or give every tree all rows once (false).
    public var bootstrap: Bool

    /// A forest of `trees` trees with scikit-learn's regressor defaults.
    public init(
        trees: Int = 500, featuresPerSplit: Int? = nil, minimumSplitRows: Int = 2, minimumLeafRows: Int = 1,
        bootstrap: Bool = true
    ) {
        self.trees = trees
        self.featuresPerSplit = featuresPerSplit
        self.minimumSplitRows = minimumSplitRows
        self.minimumLeafRows = minimumLeafRows
        self.bootstrap = bootstrap
    }

    /// "BootstrapForest".
    public static var estimatorName: String { "BootstrapForest" }

    /// trees ≥ 1, minimumSplitRows ≥ 2, minimumLeafRows ≥ 1, featuresPerSplit ≥ 1.
    public var hyperparameterRules: [HyperparameterRule] {
        [
            HyperparameterRule("trees", trees, .atLeast(1)),
            HyperparameterRule("minimumSplitRows", minimumSplitRows, .atLeast(2)),
            HyperparameterRule("minimumLeafRows", minimumLeafRows, .atLeast(1)),
        ] + (featuresPerSplit.map { [HyperparameterRule("featuresPerSplit", $0, .atLeast(1))] } ?? [])
    }

    /// Grows the forest; tree t draws its bootstrap sample and feature orders from the t-th stream split
    /// from `seed`.
    /// - Throws: as `Regressor.fit` (hyperparameters, shape, NaN or ∞).
    /// - Complexity: O(n · d log n) once to sort the columns, then O(trees · (n · d + Σ_nodes rows · d)), i.e.
    ///   O(trees · n · d · depth).
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedBootstrapForest {
        try validateTrainingData(x, y)
        let grower = BestSplitGrower(x: x, y: y, featuresPerSplit: featuresPerSplit, minimumSplitRows: minimumSplitRows, minimumLeafRows: minimumLeafRows)
        var rng = SeededRNG(seed: seed)
        var forest: [RegressionTree] = []
        forest.reserveCapacity(trees)
        for _ in 0..<trees {
            var stream = rng.split()
            var weights = [Double](repeating: bootstrap ? 0 : 1, count: y.count)
            if bootstrap { for _ in 0..<y.count { weights[stream.integer(below: y.count)] += 1 } }
            forest.append(grower.grow(weights: weights, rng: &stream))
        }
        return FittedBootstrapForest(trees: forest, featureCount: x.columns)
    }
}

/// A fitted `BootstrapForest`.
public struct FittedBootstrapForest: FittedRegressor, Equatable {
    /// The trees.
    public let trees: [RegressionTree]
    /// Columns seen in fit.
    public let featureCount: Int

    /// Mean over trees of each row's leaf value.
    /// - Throws: `LearnError.shapeMismatch` for a wrong column count, `.invalidInput` on NaN or ∞.
    /// - Complexity: O(rows · trees · depth).
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: BootstrapForest.estimatorName)
        return forestMean(trees, x)
    }
}

/// CART growth with exhaustive threshold search on weighted rows, shared by every tree of one fit.
///
/// Each column is sorted once; a tree keeps, per feature, its rows (those with weight > 0) in that feature's order
/// in one flat array, and every node owns the same index range in each feature's segment. A split stably
/// partitions each segment's range into left then right rows, so no node ever sorts.
private struct BestSplitGrower {
    /// Values closer than this count as equal when placing thresholds (scikit-learn's FEATURE_THRESHOLD).
    static let featureTolerance = 1e-7

    let columns: [[Double]]
    let y: [Double]
    let sortedByFeature: [[Int]]
    let featuresPerSplit: Int
    let minimumSplitRows: Int
    let minimumLeafRows: Int

    init(x: Matrix, y: [Double], featuresPerSplit: Int?, minimumSplitRows: Int, minimumLeafRows: Int) {
        let columns = (0..<x.columns).map { x.column($0) }
        self.columns = columns
        self.y = y
        self.sortedByFeature = columns.map { c in (0..<c.count).sorted { c[$0] < c[$1] || (c[$0] == c[$1] && $0 < $1) } }
        self.featuresPerSplit = min(featuresPerSplit ?? x.columns, x.columns)
        self.minimumSplitRows = minimumSplitRows
        self.minimumLeafRows = minimumLeafRows
    }

    /// One tree on the rows with `weights[i] > 0`.
    func grow(weights: [Double], rng: inout SeededRNG) -> RegressionTree {
        let d = columns.count
        var order: [Int] = []
        for f in 0..<d { order.append(contentsOf: sortedByFeature[f].lazy.filter { weights[$0] > 0 }) }
        var state = GrowthState(order: order, rowCount: order.count / max(d, 1), goesLeft: [Bool](repeating: false, count: y.count))
        var tree = RegressionTree()
        var features = Array(0..<d)
        node(&tree, &state, start: 0, end: state.rowCount, weights: weights, features: &features, rng: &rng)
        return tree
    }

    struct GrowthState {
        var order: [Int]
        let rowCount: Int
        var goesLeft: [Bool]
        var scratch: [Int] = []
    }

    /// Appends the node for rows `start..<end` (of every feature segment) and its subtree; returns its index.
    @discardableResult
    private func node(
        _ tree: inout RegressionTree, _ state: inout GrowthState, start: Int, end: Int, weights: [Double],
        features: inout [Int], rng: inout SeededRNG
    ) -> Int {
        let index = tree.feature.count
        var total = 0.0, sum = 0.0
        var constant = true
        let first = y[state.order[start]]
        for k in start..<end {
            let r = state.order[k]
            total += weights[r]; sum += weights[r] * y[r]
            if y[r] != first { constant = false }
        }
        tree.feature.append(-1); tree.threshold.append(0); tree.left.append(-1); tree.right.append(-1)
        tree.value.append(sum / total)
        let count = end - start
        guard !constant, count >= minimumSplitRows, count >= 2 * minimumLeafRows else { return index }

        // Features in a random order (Fisher–Yates over a persistent array, as scikit-learn draws them); constant
        // ones are skipped without counting, so up to `featuresPerSplit` non-constant features are searched.
        var best: (feature: Int, position: Int, threshold: Double, score: Double)?
        var searched = 0
        let d = columns.count
        var remaining = d
        while remaining > 0, searched < featuresPerSplit {
            let pick = rng.integer(below: remaining)
            features.swapAt(pick, remaining - 1)
            remaining -= 1
            let f = features[remaining]
            let base = f * state.rowCount
            let column = columns[f]
            guard column[state.order[base + end - 1]] > column[state.order[base + start]] + Self.featureTolerance else { continue }
            searched += 1
            // Weighted variance reduction ∝ S_L²/W_L + S_R²/W_R (the parent term is the same for every split).
            var leftWeight = 0.0, leftSum = 0.0
            for k in start..<(end - 1) {
                let r = state.order[base + k]
                leftWeight += weights[r]; leftSum += weights[r] * y[r]
                let position = k + 1
                guard position - start >= minimumLeafRows, end - position >= minimumLeafRows else { continue }
                let here = column[r], next = column[state.order[base + position]]
                guard next > here + Self.featureTolerance else { continue }
                let rightSum = sum - leftSum, rightWeight = total - leftWeight
                let score = leftSum * leftSum / leftWeight + rightSum * rightSum / rightWeight
                if score > (best?.score ?? -.infinity) {
                    var threshold = here / 2 + next / 2
                    if threshold >= next || !threshold.isFinite { threshold = here }
                    best = (f, position, threshold, score)
                }
            }
        }
        guard let split = best else { return index }

        let base = split.feature * state.rowCount
        for k in start..<end { state.goesLeft[state.order[base + k]] = k < split.position }
        for f in 0..<d where f != split.feature {
            let offset = f * state.rowCount
            state.scratch.removeAll(keepingCapacity: true)
            var write = offset + start
            for k in (offset + start)..<(offset + end) {
                let r = state.order[k]
                if state.goesLeft[r] { state.order[write] = r; write += 1 } else { state.scratch.append(r) }
            }
            for r in state.scratch { state.order[write] = r; write += 1 }
        }
        tree.feature[index] = split.feature
        tree.threshold[index] = split.threshold
        let left = node(&tree, &state, start: start, end: split.position, weights: weights, features: &features, rng: &rng)
        let right = node(&tree, &state, start: split.position, end: end, weights: weights, features: &features, rng: &rng)
        tree.left[index] = left
        tree.right[index] = right
        return index
    }
}
