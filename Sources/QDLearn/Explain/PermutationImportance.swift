import QDCore

/// Permutation importance of each variable: how much the held-out error grows when that variable's columns are
/// shuffled across the held-out rows (Breiman 2001, *Machine Learning* 45:5, §10; Fisher, Rudin & Dominici 2019,
/// JMLR 20:177, "model reliance").
///
/// Error is the root mean squared error (units of y). A group of columns (a one-hot variable) is permuted jointly:
/// one row permutation is applied to all of its columns, so each permuted row still encodes a valid level.
public struct PermutationImportance: Sendable, Equatable, Codable {
    /// One variable's importance.
    public struct Entry: Sendable, Equatable, Codable {
        /// The variable (group) name.
        public let name: String
        /// Mean increase of held-out RMSE when the variable is permuted (units of y); ≤ 0 means no reliance.
        public let meanIncrease: Double
        /// Standard deviation of the per-fold mean increases (units of y; 0 with one fold).
        public let standardDeviation: Double
        /// Lower end of the confidence interval of `meanIncrease`.
        public let lower: Double
        /// Upper end of the confidence interval of `meanIncrease`.
        public let upper: Double
        /// Every increase measured: folds × repeats, fold-major.
        public let increases: [Double]
    }

    /// Mean held-out RMSE without permutation, over folds (units of y).
    public let baselineRMSE: Double
    /// Confidence level of the intervals (e.g. 0.95).
    public let confidence: Double
    /// Folds used.
    public let folds: Int
    /// Permutations per variable and fold.
    public let repeats: Int
    /// Entries, largest mean increase first.
    public let entries: [Entry]
}

/// Permutation importance of a fitted model on one held-out set: increases of RMSE per group, `repeats` each.
/// - Returns: (baseline RMSE, increases per group in `groups` order, `repeats` each).
/// - Throws: `LearnError.shapeMismatch` for mismatched shapes or groups; anything `predict` throws.
/// - Complexity: (1 + groups · repeats) predictions of the held-out rows.
public func permutationIncreases<M: FittedRegressor>(
    _ model: M, x: Matrix, y: [Double], groups: FeatureGroups, repeats: Int, rng: inout SeededRNG
) throws -> (baseline: Double, increases: [[Double]]) {
    guard x.rows == y.count, x.rows > 0 else {
        throw LearnError(.shapeMismatch, "permutationImportance: \(x.rows) held-out rows but \(y.count) targets; pass one target per row (at least one).")
    }
    try groups.requireColumns(x.columns, context: "permutationImportance")
    func rmse(_ p: [Double]) -> Double {
        (zip(p, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(y.count)).squareRoot()
    }
    let baseline = rmse(try model.predict(x))
    let d = x.columns
    var out: [[Double]] = []
    for group in groups.groups {
        var increases: [Double] = []
        for _ in 0..<repeats {
            let order = rng.permutation(x.rows)
            var e = x.elements
            for (i, source) in order.enumerated() {
                for c in group.columns { e[i * d + c] = x.elements[source * d + c] }
            }
            increases.append(rmse(try model.predict(try Matrix(rows: x.rows, columns: d, elements: e))) - baseline)
        }
        out.append(increases)
    }
    return (baseline, out)
}

/// Permutation importance on held-out folds: for each fold, fit `regressor` on the training rows, then permute
/// each group `repeats` times on the test rows.
///
/// The confidence interval treats the per-fold mean increases as independent: mean ± t_{(1+c)/2, K−1} · sd/√K over
/// the K folds (with one fold, over the repeats instead). Repeats within a fold share one fitted model, so they
/// are averaged first rather than counted as independent (which would make the interval falsely narrow). Folds
/// share training rows, so even this interval is somewhat optimistic (Bengio & Grandvalet 2004, JMLR 5:1089).
/// - Parameters:
///   - groups: the variables to permute (default: every column on its own).
///   - confidence: in (0, 1), default 0.95.
/// - Throws: `LearnError.invalidHyperparameter` for repeats < 1 or a confidence outside (0, 1); as `crossValidate`.
/// - Complexity: one fit per fold plus folds · groups · repeats predictions of the test rows.
public func permutationImportance<R: Regressor>(
    _ regressor: R, x: Matrix, y: [Double], folds: [Fold], groups: FeatureGroups? = nil, repeats: Int = 5,
    confidence: Double = 0.95, seed: UInt64 = 0
) throws -> PermutationImportance {
    try checkRules([HyperparameterRule("repeats", repeats, .atLeast(1)), HyperparameterRule("confidence", confidence, .open(0, 1))],
                   estimator: "permutationImportance")
    guard !folds.isEmpty else { throw LearnError(.tooFewRows, "permutationImportance needs at least one fold. Got 0.") }
    let groups = groups ?? .identity(names: (0..<x.columns).map { "x\($0)" })
    var rng = SeededRNG(seed: seed)
    var baselines: [Double] = []
    var perGroup = [[Double]](repeating: [], count: groups.groups.count)
    var foldMeans = [[Double]](repeating: [], count: groups.groups.count)
    for (index, fold) in folds.enumerated() {
        do {
            let model = try regressor.fit(x.selectingRows(fold.train), fold.train.map { y[$0] }, seed: seed)
            var stream = rng.split()
            let (baseline, increases) = try permutationIncreases(
                model, x: x.selectingRows(fold.test), y: fold.test.map { y[$0] }, groups: groups, repeats: repeats, rng: &stream)
            baselines.append(baseline)
            for g in increases.indices {
                perGroup[g] += increases[g]
                foldMeans[g].append(increases[g].reduce(0, +) / Double(repeats))
            }
        } catch let e as LearnError {
            throw LearnError(e.kind, "Fold \(index + 1) of \(folds.count): \(e.message)")
        }
    }
    let entries = groups.groups.indices.map { g -> PermutationImportance.Entry in
        let sample = folds.count > 1 ? foldMeans[g] : perGroup[g]
        let (mean, sd, half) = meanAndHalfWidth(sample, confidence: confidence)
        return .init(name: groups.groups[g].name, meanIncrease: mean, standardDeviation: sd, lower: mean - half, upper: mean + half, increases: perGroup[g])
    }.sorted { $0.meanIncrease > $1.meanIncrease }
    return PermutationImportance(
        baselineRMSE: baselines.reduce(0, +) / Double(baselines.count), confidence: confidence, folds: folds.count,
        repeats: repeats, entries: entries)
}

/// Mean, sample standard deviation and Student-t half-width of a confidence interval (half-width 0 for n < 2).
func meanAndHalfWidth(_ sample: [Double], confidence: Double) -> (mean: Double, sd: Double, half: Double) {
    let n = Double(sample.count)
    guard n > 0 else { return (.nan, .nan, .nan) }
    let mean = sample.reduce(0, +) / n
    guard n > 1 else { return (mean, 0, 0) }
    let sd = (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    // ν = n − 1 ≥ 1 is always a valid Student-t.
    let t = (try? StudentT(degreesOfFreedom: n - 1))?.quantile((1 + confidence) / 2) ?? .nan
    return (mean, sd, t * sd / n.squareRoot())
}
