import Foundation
import QDCore
import QDLearn

/// An honest comparison of recipe generators at held-out targets, scored by a judge that neither generator saw.
///
/// Protocol (all seeded):
/// 1. The dataset's complete rows are shuffled and split in two halves: fold A trains the generators (GP
///    surrogate + NSGA-II inversion, conditional VAE), fold B trains the judge, gradient boosting (QDLearn's
///    XGBoost: 300 rounds, η = 0.05, depth 3). The judge's MAE on fold A (data it never saw) is reported: errors
///    below it cannot be told apart.
/// 2. Targets: the 10th, 30th, 50th, 70th and 90th percentiles of all peaks.
/// 3. Per target, each method proposes up to `perTarget` recipes inside fold A's 5th–95th-percentile box:
///    - `surrogate`: `RecipeInversion.invert` (the product's rule: |μ − t| ≤ max(2σ, 5 nm), lowest σ first — it
///      may return fewer);
///    - `vae`: samples of the conditional VAE at t;
///    - `vae+filter`: 10 × perTarget VAE samples, the perTarget with the smallest surrogate |μ − t|;
///    - `nearest-data`: the fold-A recipes whose measured peak is closest to t (a baseline: copy the literature).
/// 4. Scores, per method and target: mean |judge(x) − t| (nm); diversity = mean pairwise Euclidean distance in
///    fold A's `RecipeSpaceScaler` space; in-region = fraction of recipes whose nearest fold-A recipe is closer
///    than the 95th percentile of fold A's own leave-one-out nearest-neighbour distances (same space).
public struct RecipeGeneratorComparison: Sendable, Codable {
    /// The four methods, in report order.
    public static let methods = ["surrogate", "vae", "vae+filter", "nearest-data"]

    /// One method at one target.
    public struct Row: Sendable, Codable, Equatable {
        /// Method name (one of `methods`).
        public let method: String
        /// Target peak, nm.
        public let targetNanometres: Double
        /// Recipes proposed (≤ perTarget).
        public let count: Int
        /// Mean |judge prediction − target|, nm (nil when count = 0; optional so JSON never holds a NaN).
        public let judgeErrorNanometres: Double?
        /// Mean pairwise distance in standardised recipe space (nil when count < 2).
        public let diversity: Double?
        /// Fraction of recipes within the data region (see the type's documentation; nil when count = 0).
        public let inRegionFraction: Double?
    }

    /// Dataset compared on.
    public let dataset: String
    /// Rows in fold A (generators) and fold B (judge).
    public let generatorRows: Int
    public let judgeRows: Int
    /// The judge's MAE on fold A, nm: its own error on unseen recipes.
    public let judgeMAEOnGeneratorFold: Double
    /// The targets, nm.
    public let targetsNanometres: [Double]
    /// Recipes asked of each method per target.
    public let perTarget: Int
    /// Seed of the split, training and sampling.
    public let seed: UInt64
    /// One row per method and target.
    public let rows: [Row]

    /// Averages per method over the targets: (method, mean judge error, mean diversity, mean in-region
    /// fraction, total recipes). Missing entries are skipped in the means (NaN when none is left).
    public var summary: [(method: String, judgeErrorNanometres: Double, diversity: Double, inRegionFraction: Double, recipes: Int)] {
        Self.methods.map { method in
            let r = rows.filter { $0.method == method }
            func mean(_ v: [Double?]) -> Double {
                let f = v.compactMap { $0 }.filter(\.isFinite)
                return f.isEmpty ? .nan : f.reduce(0, +) / Double(f.count)
            }
            return (method, mean(r.map(\.judgeErrorNanometres)), mean(r.map(\.diversity)), mean(r.map(\.inRegionFraction)), r.reduce(0) { $0 + $1.count })
        }
    }

    /// Runs the comparison on `spec`'s shipped data.
    /// - Throws: as `RecipeDatasetSpec.load`, `RecipeSurrogate.train`, `RecipeVAE.train`; `DesignError.recipe` for
    ///   perTarget < 2 or fewer than 40 rows.
    /// - Complexity: dominated by three GP fits and 5 NSGA-II runs (3 600 GP predictions each) and the VAE's
    ///   epochs; tens of seconds in a release build.
    public static func run(_ spec: RecipeDatasetSpec, perTarget: Int = 20, seed: UInt64 = 0, vaeSettings: RecipeVAESettings = RecipeVAESettings()) throws -> RecipeGeneratorComparison {
        guard perTarget >= 2 else {
            throw DesignError(.recipe, "The comparison needs at least 2 recipes per target to measure diversity. Got \(perTarget).")
        }
        let (x, y, _) = try spec.load()
        guard y.count >= 40 else {
            throw DesignError(.recipe, "Only \(y.count) complete rows in \(spec.dataset) (rule: at least 40 to split between generators and judge).")
        }
        var rng = SeededRNG(seed: seed)
        let order = rng.permutation(y.count)
        let foldA = Array(order[..<(y.count / 2)]), foldB = Array(order[(y.count / 2)...])
        let xA = x.selectingRows(foldA), yA = foldA.map { y[$0] }
        let xB = x.selectingRows(foldB), yB = foldB.map { y[$0] }

        let judge: FittedXGBoost
        do {
            judge = try GradientBoosting(rounds: 300, learningRate: 0.05, maxDepth: 3).fit(xB, yB, seed: seed)
        } catch { throw DesignError(.recipe, "The judge could not be fitted on \(spec.dataset): \(error)") }
        let judgeOnA = try judge.predict(xA)
        let judgeMAE = zip(judgeOnA, yA).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(yA.count)

        let surrogate = try RecipeSurrogate.train(x: xA, y: yA, spec: spec, seed: seed, crossValidate: false)
        let vae = try RecipeVAE.train(x: xA, y: yA, parameterNames: spec.parameterNames, seed: seed, settings: vaeSettings)
        let scaler = RecipeSpaceScaler(xA)
        let reference = (0..<xA.rows).map { scaler.forward(xA.row($0)) }
        let looDistances = reference.indices.map { i in
            reference.indices.filter { $0 != i }.map { distance(reference[i], reference[$0]) }.min() ?? .infinity
        }.sorted()
        let regionRadius = looDistances[Int(0.95 * Double(looDistances.count - 1))]

        let sortedY = y.sorted()
        let targets = [0.1, 0.3, 0.5, 0.7, 0.9].map { sortedY[Int($0 * Double(sortedY.count - 1))] }
        var rows: [Row] = []
        for (t, target) in targets.enumerated() {
            let methodSeed = seed &+ UInt64(t) &* 7919
            let inverted = try RecipeInversion.invert(surrogate, targetNanometres: target, count: perTarget, seed: methodSeed).hits.map(\.conditions)
            let samples = vae.sample(targetNanometres: target, count: perTarget, seed: methodSeed)
            let pool = vae.sample(targetNanometres: target, count: 10 * perTarget, seed: methodSeed &+ 1)
            let poolGaps = try surrogate.predict(pool).map { abs($0.mean - target) }
            let filtered = poolGaps.indices.sorted { poolGaps[$0] < poolGaps[$1] }.prefix(perTarget).map { pool[$0] }
            let nearest = yA.indices.sorted { abs(yA[$0] - target) < abs(yA[$1] - target) }.prefix(perTarget).map { xA.row($0) }
            for (method, recipes) in zip(methods, [inverted, samples, filtered, nearest]) {
                rows.append(try score(method: method, recipes: recipes, target: target, judge: judge, scaler: scaler, reference: reference, radius: regionRadius))
            }
        }
        return RecipeGeneratorComparison(
            dataset: spec.dataset, generatorRows: yA.count, judgeRows: yB.count, judgeMAEOnGeneratorFold: judgeMAE,
            targetsNanometres: targets, perTarget: perTarget, seed: seed, rows: rows)
    }

    /// The three scores of one method's recipes at one target.
    static func score(method: String, recipes: [[Double]], target: Double, judge: FittedXGBoost, scaler: RecipeSpaceScaler, reference: [[Double]], radius: Double) throws -> Row {
        guard !recipes.isEmpty else {
            return Row(method: method, targetNanometres: target, count: 0, judgeErrorNanometres: nil, diversity: nil, inRegionFraction: nil)
        }
        let x = try Matrix(rows: recipes.count, columns: recipes[0].count, elements: recipes.flatMap { $0 })
        let predicted = try judge.predict(x)
        let error = predicted.reduce(0) { $0 + abs($1 - target) } / Double(recipes.count)
        let w = recipes.map(scaler.forward)
        var pairSum = 0.0, pairs = 0
        for i in w.indices { for j in w.indices where j > i { pairSum += distance(w[i], w[j]); pairs += 1 } }
        let inside = w.filter { p in reference.contains { distance(p, $0) <= radius } }.count
        return Row(method: method, targetNanometres: target, count: recipes.count, judgeErrorNanometres: error,
                   diversity: pairs > 0 ? pairSum / Double(pairs) : nil, inRegionFraction: Double(inside) / Double(recipes.count))
    }

    /// Euclidean distance.
    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
}
