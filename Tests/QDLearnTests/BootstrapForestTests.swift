import Foundation
import QDCore
import Testing
@testable import QDLearn

/// The exact rational design of bench/learn_forest_reference.py: x[i][j] = ((i·(a + 2j) + b·j + 1) mod m) / m.
private func exactDesign(rows: Int, modulus: Int, a: Int, b: Int) -> Matrix {
    var e: [Double] = []
    for i in 0..<rows {
        for j in 0..<3 {
            let numerator: Int = (i * (a + 2 * j) + b * j + 1) % modulus
            e.append(Double(numerator) / Double(modulus))
        }
    }
    return (try? Matrix(rows: rows, columns: 3, elements: e)) ?? Matrix(rows: 0, columns: 3)
}

@Suite("BootstrapForest (Breiman random forest)")
struct BootstrapForestTests {
    let x = exactDesign(rows: 40, modulus: 41, a: 7, b: 3)
    var y: [Double] {
        (0..<x.rows).map { i -> Double in
            let step: Double = x[i, 1] > 0.5 ? 1 : 0
            return 2 * x[i, 0] + step + 0.37 * (x[i, 2] * x[i, 2])
        }
    }
    let query = exactDesign(rows: 8, modulus: 37, a: 5, b: 2)

    // scikit-learn 1.9.1 DecisionTreeRegressor on the same design (bench/learn_forest_reference.py). Without
    // bootstrap and with all features per split the forest is one deterministic CART tree; leaf values are means
    // of the same few numbers, so only summation order can differ: 1e-12 absolute on values of order 1. Leaves of
    // ≥ 4 rows, because smaller nodes can be split equally well by several features (the tree is then not unique).
    static let sklearnLeaf4 = [0.2397769185008923, 0.5767831647828674, 0.5767831647828674, 2.0209458655562167, 2.0209458655562167, 1.8285276621058892, 1.8285276621058892, 2.7095925044616296]
    static let sklearnLeaf6 = [0.4082800416418798, 0.4082800416418798, 0.4082800416418798, 2.045999405116002, 2.045999405116002, 2.0684156256196706, 2.0684156256196706, 2.0684156256196706]

    @Test("without bootstrap it is scikit-learn's CART tree (min leaf 4 and 6)", arguments: [(4, sklearnLeaf4), (6, sklearnLeaf6)])
    func matchesScikitLearnTree(_ minimumLeafRows: Int, _ reference: [Double]) throws {
        let forest = try BootstrapForest(trees: 3, minimumLeafRows: minimumLeafRows, bootstrap: false).fit(x, y, seed: 5)
        #expect(maxAbsDifference(try forest.predict(query), reference) < 1e-12)
        // All three trees are the same tree: the feature order is random but no two splits tie.
        #expect(forest.trees.allSatisfy { $0 == forest.trees[0] })
    }

    @Test("without bootstrap and leaves of one row, training rows are reproduced (grown to purity)")
    func purity() throws {
        let forest = try BootstrapForest(trees: 5, bootstrap: false).fit(x, y, seed: 2)
        #expect(maxAbsDifference(try forest.predict(x), y) < 1e-12)
    }

    @Test("a step is split midway between the two rows beside it")
    func stepThreshold() throws {
        let x = try Matrix(rows: 4, columns: 1, elements: [0, 1, 2, 3])
        let forest = try BootstrapForest(trees: 1, bootstrap: false).fit(x, [0, 0, 1, 1], seed: 0)
        #expect(forest.trees[0].feature == [0, -1, -1])
        #expect(forest.trees[0].threshold[0] == 1.5)
        #expect(try forest.predict(try Matrix(rows: 2, columns: 1, elements: [1.49, 1.51])) == [0, 1])
    }

    @Test("the same seed gives the same forest, another seed another; bootstrap rows differ per tree")
    func seeded() throws {
        let p = syntheticProblem(rows: 60, seed: 3)
        let a = try BootstrapForest(trees: 15).fit(p.x, p.y, seed: 7)
        #expect(try BootstrapForest(trees: 15).fit(p.x, p.y, seed: 7) == a)
        #expect(try BootstrapForest(trees: 15).fit(p.x, p.y, seed: 8) != a)
        #expect(Set(a.trees.map(\.value)).count == a.trees.count)
        let decoded = try JSONDecoder().decode(FittedBootstrapForest.self, from: JSONEncoder().encode(a))
        #expect(try decoded.predict(p.x) == a.predict(p.x))
    }

    @Test("every leaf keeps at least minimumLeafRows training rows")
    func leafSize() throws {
        let p = syntheticProblem(rows: 50, seed: 2)
        let forest = try BootstrapForest(trees: 1, minimumLeafRows: 6, bootstrap: false).fit(p.x, p.y, seed: 1)
        var rowsPerLeaf: [Int: Int] = [:]
        let tree = forest.trees[0]
        for i in 0..<p.x.rows {
            var node = 0
            while tree.feature[node] >= 0 { node = p.x[i, tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node] }
            rowsPerLeaf[node, default: 0] += 1
        }
        #expect(rowsPerLeaf.count > 1)
        #expect(rowsPerLeaf.values.allSatisfy { $0 >= 6 })
    }

    @Test("held-out rows: clearly better than the mean, about as good as ExtraTrees")
    func generalises() throws {
        let p = syntheticProblem(rows: 200, seed: 6)
        let folds = try CrossValidationScheme.kFold(folds: 5).folds(rowCount: 200, seed: 1)
        let mean = try ModelChoice.mean.crossValidate(x: p.x, y: p.y, folds: folds, seed: 0)
        let forest = try crossValidate(BootstrapForest(trees: 50), x: p.x, y: p.y, folds: folds, seed: 0)
        #expect(forest.pooled.meanAbsoluteError < 0.6 * mean.pooled.meanAbsoluteError)
    }

    @Test("a constant target gives a single leaf per tree predicting it")
    func constantTarget() throws {
        let p = syntheticProblem(rows: 12, seed: 4)
        let forest = try BootstrapForest(trees: 4).fit(p.x, [Double](repeating: 2.5, count: 12), seed: 0)
        #expect(forest.trees.allSatisfy { $0.feature == [-1] })
        #expect(try forest.predict(p.x).allSatisfy { $0 == 2.5 })
    }

    @Test("bad hyperparameters name the parameter, the range and the value", arguments: [
        (BootstrapForest(trees: 0), "The 'trees' parameter of BootstrapForest must be ≥ 1. Got 0."),
        (BootstrapForest(minimumSplitRows: 1), "The 'minimumSplitRows' parameter of BootstrapForest must be ≥ 2. Got 1."),
        (BootstrapForest(minimumLeafRows: 0), "The 'minimumLeafRows' parameter of BootstrapForest must be ≥ 1. Got 0."),
        (BootstrapForest(featuresPerSplit: 0), "The 'featuresPerSplit' parameter of BootstrapForest must be ≥ 1. Got 0."),
    ])
    func badHyperparameters(_ model: BootstrapForest, _ message: String) throws {
        let p = syntheticProblem(rows: 10, seed: 1)
        let e = learnErrorThrown { _ = try model.fit(p.x, p.y, seed: 0) }
        #expect(e?.kind == .invalidHyperparameter)
        #expect(e?.message == message)
    }

    @Test("NaN in training or prediction input is refused")
    func nan() throws {
        let p = syntheticProblem(rows: 10, seed: 1)
        var e = p.x.elements
        e[4] = .nan
        let bad = try Matrix(rows: 10, columns: 3, elements: e)
        #expect(learnErrorThrown { _ = try BootstrapForest(trees: 2).fit(bad, p.y, seed: 0) }?.kind == .invalidInput)
        let fitted = try BootstrapForest(trees: 2).fit(p.x, p.y, seed: 0)
        #expect(learnErrorThrown { _ = try fitted.predict(bad) }?.kind == .invalidInput)
        #expect(learnErrorThrown { _ = try fitted.predict(Matrix(rows: 1, columns: 2, elements: [0, 0])) }?.kind == .shapeMismatch)
    }
}

@Suite("Leaf-wise gradient boosting (XGBoost lossguide)")
struct LeafwiseBoostingTests {
    @Test("gbm-leafwise passes LightGBM's defaults as XGBoost parameters")
    func parameters() {
        let p = Dictionary(ModelChoice.leafwiseBoosting.parameters(baseScore: 1, seed: 3), uniquingKeysWith: { _, b in b })
        #expect(p["grow_policy"] == "lossguide")
        #expect(p["max_leaves"] == "31")
        #expect(p["max_depth"] == "0")
        #expect(p["min_child_weight"] == "20.0")
        #expect(p["lambda"] == "0.0")
        #expect(p["eta"] == "0.1")
        #expect(p["tree_method"] == "hist")
        #expect(ModelChoice.leafwiseBoosting.rounds == 100)
        // Depth-wise models keep their parameter list unchanged.
        #expect(!GradientBoosting().parameters(baseScore: 1, seed: 3).contains { $0.0 == "grow_policy" || $0.0 == "max_leaves" })
    }

    @Test("one round with eta 1 and no penalty: a two-leaf tree reproduces a step exactly")
    func stump() throws {
        let x = try Matrix(rows: 6, columns: 1, elements: [0, 1, 2, 3, 4, 5])
        let model = GradientBoosting(rounds: 1, learningRate: 1, maxDepth: 0, minChildWeight: 0, l2Penalty: 0, growPolicy: .lossguide, maxLeaves: 2)
        let fitted = try model.fit(x, [1, 1, 1, 4, 4, 4], seed: 0)
        // XGBoost works in float32: 1 and 4 are exact there.
        #expect(try fitted.predict(x) == [1, 1, 1, 4, 4, 4])
    }

    @Test("maxLeaves caps every tree: one round, 3 leaves, at most 3 distinct predictions")
    func leafCap() throws {
        let p = syntheticProblem(rows: 80, seed: 5)
        let model = GradientBoosting(rounds: 1, learningRate: 1, maxDepth: 0, minChildWeight: 0, l2Penalty: 0, growPolicy: .lossguide, maxLeaves: 3)
        let fitted = try model.fit(p.x, p.y, seed: 0)
        #expect(Set(try fitted.predict(p.x)).count == 3)
    }

    @Test("the same seed gives the same model bytes")
    func seeded() throws {
        let p = syntheticProblem(rows: 60, seed: 3)
        let model = GradientBoosting(rounds: 10, subsample: 0.7, growPolicy: .lossguide, maxLeaves: 8)
        #expect(try model.fit(p.x, p.y, seed: 4) == model.fit(p.x, p.y, seed: 4))
        #expect(try model.fit(p.x, p.y, seed: 4) != model.fit(p.x, p.y, seed: 5))
    }

    @Test("bad hyperparameters name the parameter, the range and the value", arguments: [
        (GradientBoosting(maxDepth: 0), "The 'maxDepth' parameter of GradientBoosting must be ≥ 1. Got 0."),
        (GradientBoosting(maxDepth: -1, growPolicy: .lossguide), "The 'maxDepth' parameter of GradientBoosting must be ≥ 0. Got -1."),
        (GradientBoosting(growPolicy: .lossguide, maxLeaves: -2), "The 'maxLeaves' parameter of GradientBoosting must be ≥ 0. Got -2."),
    ])
    func badHyperparameters(_ model: GradientBoosting, _ message: String) throws {
        let p = syntheticProblem(rows: 10, seed: 1)
        let e = learnErrorThrown { _ = try model.fit(p.x, p.y, seed: 0) }
        #expect(e?.message == message)
    }
}
