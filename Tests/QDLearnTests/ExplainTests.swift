import Foundation
import QDCore
import Testing
@testable import QDLearn

/// A fitted model given by a formula, for analytic Shapley values.
struct FormulaModel: FittedRegressor {
    enum Formula: String, Codable {
        /// 3 + 2x₀ − x₁ + 0.5x₂ (+ 0 · the rest).
        case linear
        /// x₀·x₁ + 2x₂.
        case product
        /// sin(x₀) + x₁x₂ + x₃² − x₄ + 0.5·x₅x₆x₇ + Σ_{j≥8} 0.1·j·xⱼ: interactions of order 2 and 3.
        case mixed
    }
    let formula: Formula
    let featureCount: Int

    func predict(_ x: Matrix) throws -> [Double] {
        (0..<x.rows).map { i in
            let r = x.row(i)
            switch formula {
            case .linear: return 3 + 2 * r[0] - r[1] + 0.5 * r[2]
            case .product: return r[0] * r[1] + 2 * r[2]
            case .mixed:
                return sin(r[0]) + r[1] * r[2] + r[3] * r[3] - r[4] + 0.5 * r[5] * r[6] * r[7]
                    + (8..<r.count).reduce(0) { $0 + 0.1 * Double($1) * r[$1] }
            }
        }
    }
}

/// Uniform random rows on [−2, 2]^d.
func uniformRows(_ n: Int, _ d: Int, seed: UInt64) throws -> Matrix {
    var rng = SeededRNG(seed: seed)
    return try Matrix(rows: n, columns: d, elements: (0..<(n * d)).map { _ in rng.uniform(in: -2..<2) })
}

/// Fits a regressor (opened existential) and explains `rows` by exact enumeration against `background`.
private func exactAttribution<R: Regressor>(_ r: R, train: (x: Matrix, y: [Double]), background: Matrix, rows: Matrix) throws -> Attribution {
    let model = try r.fit(train.x, train.y, seed: 5)
    return try ShapleyExplainer(background: background).explain(model, rows: rows, method: .exact)
}

@Suite("TreeSHAP against the Python shap package")
struct TreeSHAPReferenceTests {
    static let models: [(String, String, Double, [Double], [Double], [Double])] = [
        ("gbm", TreeSHAPReference.gbmModelJSON, TreeSHAPReference.gbmBaseValue, TreeSHAPReference.gbmSHAP,
         TreeSHAPReference.gbmInteractions, TreeSHAPReference.gbmPredictions),
        ("rf", TreeSHAPReference.rfModelJSON, TreeSHAPReference.rfBaseValue, TreeSHAPReference.rfSHAP,
         TreeSHAPReference.rfInteractions, TreeSHAPReference.rfPredictions),
    ]

    @Test("SHAP values, base value and interactions equal shap's within 1e-6", arguments: ["gbm", "rf"])
    func matchesShap(_ name: String) throws {
        let reference = try #require(Self.models.first { $0.0 == name })
        let query = try Matrix(rows: TreeSHAPReference.queryRows, columns: TreeSHAPReference.columns, elements: TreeSHAPReference.query)
        let explainer = TreeExplainer(modelBytes: Data(reference.1.utf8), featureCount: TreeSHAPReference.columns)
        let attribution = try explainer.shapValues(query)
        // Tolerance 1e-6: XGBoost accumulates contributions in float32 (relative rounding ≈ 6e-8 per operation over
        // 20 trees, values of order 1) while shap works in float64; the generator measured 2.5e-7 between the two.
        #expect(maxAbsDifference(attribution.values.elements, reference.3) < 1e-6)
        #expect(abs(attribution.baseValue - reference.2) < 1e-6)
        #expect(attribution.predictions == reference.5)  // the same float32 predictions, bit for bit
        let interactions = try explainer.interactionValues(query).flatMap(\.elements)
        #expect(maxAbsDifference(interactions, reference.4) < 1e-6)
    }

    @Test("interaction rows sum to the SHAP values and the matrices are symmetric")
    func interactionProperties() throws {
        let train = syntheticProblem(rows: 80, columns: 4, seed: 3)
        let model = try GradientBoosting(rounds: 15, maxDepth: 3).fit(train.x, train.y, seed: 1)
        let rows = train.x.selectingRows([0, 1, 2, 3])
        let explainer = TreeExplainer(model)
        let phi = try explainer.shapValues(rows)
        for (i, m) in try explainer.interactionValues(rows).enumerated() {
            let sums = (0..<4).map { a in m.row(a).reduce(0, +) }
            #expect(maxAbsDifference(sums, phi.values.row(i)) < 1e-5)  // float32 sums of 4 terms
            #expect(maxAbsDifference(m.elements, m.transposed().elements) < 1e-6)
        }
    }

    @Test("TreeSHAP is additive for gradient boosting and random forests")
    func additivity() throws {
        let train = syntheticProblem(rows: 100, columns: 3, seed: 8)
        for model in [try GradientBoosting(rounds: 30).fit(train.x, train.y, seed: 2), try RandomForest(trees: 30).fit(train.x, train.y, seed: 2)] {
            let a = try TreeExplainer(model).shapValues(train.x)
            // float32 accumulation over ≤ 30 trees of targets of order 1.
            #expect(a.additivityResidual < 1e-4)
            #expect(a.predictions == (try model.predict(train.x)))
        }
    }

    @Test("bad input: wrong width and name count")
    func badInput() throws {
        let explainer = TreeExplainer(modelBytes: Data(TreeSHAPReference.gbmModelJSON.utf8), featureCount: TreeSHAPReference.columns)
        #expect(learnErrorThrown { _ = try explainer.shapValues(Matrix(rows: 2, columns: 3)) }?.kind == .shapeMismatch)
        #expect(learnErrorThrown { _ = try explainer.shapValues(Matrix(rows: 2, columns: 5), names: ["a"]) }?.kind == .shapeMismatch)
        let broken = TreeExplainer(modelBytes: Data("{\"not\": 1}".utf8), featureCount: 5)
        #expect(learnErrorThrown { _ = try broken.shapValues(Matrix(rows: 1, columns: 5)) }?.kind == .libraryFailure)
        let empty = try explainer.shapValues(Matrix(rows: 0, columns: 5))
        #expect(abs(empty.baseValue - TreeSHAPReference.gbmBaseValue) < 1e-6)
    }
}

@Suite("Model-agnostic Shapley values")
struct ShapleyExplainerTests {
    @Test("exact enumeration reproduces the analytic values of a linear model: φⱼ = wⱼ(xⱼ − mean of background)")
    func linear() throws {
        let background = try uniformRows(30, 5, seed: 1)
        let rows = try uniformRows(4, 5, seed: 2)
        let a = try ShapleyExplainer(background: background).explain(FormulaModel(formula: .linear, featureCount: 5), rows: rows, method: .exact)
        let w = [2.0, -1, 0.5, 0, 0]
        let means = (0..<5).map { background.column($0).reduce(0, +) / 30 }
        for i in 0..<4 {
            let expected = (0..<5).map { w[$0] * (rows[i, $0] - means[$0]) }
            // Rounding only: sums of 30 predictions of order 10.
            #expect(maxAbsDifference(a.values.row(i), expected) < 1e-12)
        }
        #expect(a.additivityResidual < 1e-12)
    }

    @Test("exact enumeration reproduces the analytic values of a product term")
    func product() throws {
        let background = try uniformRows(25, 3, seed: 3)
        let rows = try uniformRows(3, 3, seed: 4)
        let a = try ShapleyExplainer(background: background).explain(FormulaModel(formula: .product, featureCount: 3), rows: rows, method: .exact)
        let m0 = background.column(0).reduce(0, +) / 25, m1 = background.column(1).reduce(0, +) / 25
        let m2 = background.column(2).reduce(0, +) / 25
        let m01 = (0..<25).reduce(0) { $0 + background[$1, 0] * background[$1, 1] } / 25
        for i in 0..<3 {
            let (x0, x1, x2) = (rows[i, 0], rows[i, 1], rows[i, 2])
            // Two-player game of x₀x₁: φ₀ = ½[(x₀m₁ − m₀₁) + (x₀x₁ − m₀x₁)], symmetric for φ₁; 2x₂ is additive.
            let phi0 = 0.5 * ((x0 * m1 - m01) + (x0 * x1 - m0 * x1))
            let phi1 = 0.5 * ((m0 * x1 - m01) + (x0 * x1 - x0 * m1))
            #expect(maxAbsDifference(a.values.row(i), [phi0, phi1, 2 * (x2 - m2)]) < 1e-12)
        }
    }

    @Test("KernelSHAP converges to the exact values as the samples grow; full enumeration is exact")
    func kernelConverges() throws {
        let d = 10
        let model = FormulaModel(formula: .mixed, featureCount: d)
        let explainer = try ShapleyExplainer(background: try uniformRows(20, d, seed: 5))
        let rows = try uniformRows(3, d, seed: 6)
        let exact = try explainer.explain(model, rows: rows, method: .exact)
        func meanError(_ samples: Int) throws -> Double {
            // Averaged over five seeds so that the comparison does not hinge on one draw.
            try (0..<5).map { seed in
                let k = try explainer.explain(model, rows: rows, method: .kernel(samples: samples), seed: UInt64(seed))
                #expect(k.additivityResidual < 1e-10)
                return maxAbsDifference(k.values.elements, exact.values.elements)
            }.reduce(0, +) / 5
        }
        let coarse = try meanError(40), medium = try meanError(200), fine = try meanError(800)
        #expect(fine < medium && medium < coarse)
        #expect(fine < 0.5 * coarse)
        let full = try explainer.explain(model, rows: rows, method: .kernel(samples: 1022))
        // Weighted least squares over all 1022 coalitions solves the Shapley equations exactly (Lundberg & Lee 2017, Thm 2).
        #expect(maxAbsDifference(full.values.elements, exact.values.elements) < 1e-9)
    }

    @Test("automatic switches to KernelSHAP above the exact limit")
    func automatic() throws {
        let model = FormulaModel(formula: .linear, featureCount: 14)
        let explainer = try ShapleyExplainer(background: try uniformRows(10, 14, seed: 7))
        let rows = try uniformRows(2, 14, seed: 8)
        let a = try explainer.explain(model, rows: rows, method: .automatic(exactLimit: 12, kernelSamples: 600), seed: 1)
        // For an additive model every coalition's value is exactly additive, so KernelSHAP is exact with any sample.
        let means = (0..<3).map { explainer.background.column($0).reduce(0, +) / 10 }
        #expect(abs(a.values[0, 0] - 2 * (rows[0, 0] - means[0])) < 1e-9)
        #expect(abs(a.values[1, 1] + (rows[1, 1] - means[1])) < 1e-9)
        #expect(learnErrorThrown { _ = try explainer.explain(FormulaModel(formula: .linear, featureCount: 21), rows: try uniformRows(1, 21, seed: 1)) } != nil)
    }

    @Test("additivity on every model type: base value + Σφ = prediction", arguments: Candidate.all)
    func additivity(_ c: Candidate) throws {
        let train = syntheticProblem(rows: 40, seed: 1)
        let rows = syntheticProblem(rows: 3, seed: 2).x
        let a = try exactAttribution(c.model, train: train, background: train.x.selectingRows(Array(0..<15)), rows: rows)
        // Exact enumeration telescopes: the residual is the rounding of averaging 15 predictions.
        #expect(a.additivityResidual < 1e-9 * max(1, a.predictions.map(abs).max() ?? 1))
    }

    @Test("grouped players: a one-hot variable enters coalitions whole, and summing columns keeps additivity")
    func grouped() throws {
        let names = ["temp_c", "ligand=OA", "ligand=TOP", "ligand=None", "time_min", "time_min missing"]
        let groups = FeatureGroups.fromFeatureNames(names)
        #expect(groups.groups.map(\.name) == ["temp_c", "ligand", "time_min"])
        #expect(groups.groups[1].columns == [1, 2, 3])
        #expect(groups.groups[2].columns == [4, 5])
        let model = try Ridge(alpha: 0.1).fit(try uniformRows(30, 6, seed: 9), (0..<30).map { Double($0 % 7) }, seed: 0)
        let background = try uniformRows(12, 6, seed: 10), rows = try uniformRows(2, 6, seed: 11)
        let perColumn = try ShapleyExplainer(background: background).explain(model, rows: rows, method: .exact)
        let byGroup = try ShapleyExplainer(background: background, players: groups).explain(model, rows: rows, method: .exact)
        let summed = try perColumn.grouped(by: groups)
        #expect(byGroup.names == ["temp_c", "ligand", "time_min"])
        // For an additive model the group game equals the sum of the column games.
        #expect(maxAbsDifference(byGroup.values.elements, summed.values.elements) < 1e-12)
        #expect(summed.additivityResidual < 1e-12)
        #expect(learnErrorThrown { _ = try FeatureGroups(groups: [.init(name: "a", columns: [0, 0])], columnCount: 1) }?.kind == .invalidInput)
        #expect(learnErrorThrown { _ = try perColumn.grouped(by: .identity(names: ["a"])) }?.kind == .shapeMismatch)
    }

    @Test("bad input: empty background, wrong width, too many players for exact enumeration")
    func badInput() throws {
        #expect(learnErrorThrown { _ = try ShapleyExplainer(background: Matrix(rows: 0, columns: 3)) }?.kind == .tooFewRows)
        let explainer = try ShapleyExplainer(background: try uniformRows(3, 3, seed: 1))
        let model = FormulaModel(formula: .product, featureCount: 3)
        #expect(learnErrorThrown { _ = try explainer.explain(model, rows: Matrix(rows: 1, columns: 4)) }?.kind == .shapeMismatch)
        let wide = try ShapleyExplainer(background: try uniformRows(2, 21, seed: 1))
        #expect(learnErrorThrown { _ = try wide.explain(FormulaModel(formula: .linear, featureCount: 21), rows: try uniformRows(1, 21, seed: 2), method: .exact) }?.kind == .invalidHyperparameter)
        #expect(learnErrorThrown { _ = try explainer.explain(model, rows: try uniformRows(1, 3, seed: 2), method: .kernel(samples: 1)) }?.kind == .invalidHyperparameter)
    }
}

@Suite("Permutation importance, partial dependence, LIME")
struct GlobalExplanationTests {
    /// y = 3x₀ + 0.5x₁ + 0·x₂ + small noise.
    static func problem(rows n: Int, seed: UInt64) throws -> (x: Matrix, y: [Double]) {
        var rng = SeededRNG(seed: seed)
        let x = try uniformRows(n, 3, seed: seed &+ 100)
        return (x, (0..<n).map { 3 * x[$0, 0] + 0.5 * x[$0, 1] + 0.05 * rng.normal() })
    }

    @Test("permutation importance ranks the strong, weak and unused feature, with intervals")
    func permutation() throws {
        let (x, y) = try Self.problem(rows: 120, seed: 1)
        let folds = try CrossValidationScheme.kFold(folds: 4).folds(rowCount: 120, seed: 2)
        let groups = FeatureGroups.identity(names: ["strong", "weak", "unused"])
        let result = try permutationImportance(Ridge(alpha: 0.01), x: x, y: y, folds: folds, groups: groups, repeats: 5, seed: 3)
        #expect(result.entries.map(\.name) == ["strong", "weak", "unused"])
        let unused = try #require(result.entries.last)
        // Ridge gives the unused column a weight of order the noise, so its importance is tiny and its CI reaches 0.
        #expect(abs(unused.meanIncrease) < 0.01 && unused.lower <= 0.001)
        let strong = result.entries[0]
        #expect(strong.lower > 1 && strong.lower < strong.meanIncrease && strong.meanIncrease < strong.upper)
        #expect(strong.increases.count == 20)
        #expect(result.baselineRMSE < 0.1)
        let again = try permutationImportance(Ridge(alpha: 0.01), x: x, y: y, folds: folds, groups: groups, repeats: 5, seed: 3)
        #expect(again == result)
        #expect(learnErrorThrown { _ = try permutationImportance(Ridge(), x: x, y: y, folds: folds, repeats: 0) }?.kind == .invalidHyperparameter)
    }

    @Test("partial dependence of a linear model: slope = weight, ICE curves parallel, 2-D additive")
    func partialDependenceLinear() throws {
        let data = try uniformRows(20, 3, seed: 4)
        let model = FormulaModel(formula: .linear, featureCount: 3)
        let pd = try partialDependence(model, data: data, features: [0], grid: .values([-1, 0, 1, 2]))
        #expect(maxAbsDifference(zip(pd.average.dropFirst(), pd.average).map { $0 - $1 }, [2, 2, 2]) < 1e-12)
        let ice = try #require(pd.individual)
        #expect(ice.rows == 20 && ice.columns == 4)
        #expect(abs((ice[7, 3] - ice[7, 0]) - 6) < 1e-12)
        let two = try partialDependence(model, data: data, features: [0, 1], grid: .values([0, 1]), includeIndividual: false)
        #expect(two.individual == nil && two.average.count == 4)
        // Additive: PD(1, 1) − PD(0, 1) − PD(1, 0) + PD(0, 0) = 0.
        #expect(abs(two.average[3] - two.average[1] - two.average[2] + two.average[0]) < 1e-12)
        let product = try partialDependence(FormulaModel(formula: .product, featureCount: 3), data: data, features: [0, 1], grid: .values([0, 1]))
        #expect(abs(product.average[3] - product.average[1] - product.average[2] + product.average[0] - 1) < 1e-12)
        let quantileGrid = try partialDependence(model, data: data, features: [2], grid: .quantileRange(points: 5))
        #expect(quantileGrid.grids[0].count == 5)
        #expect(learnErrorThrown { _ = try partialDependence(model, data: data, features: [0, 1, 2]) }?.kind == .invalidInput)
    }

    @Test("LIME recovers a linear model's weights with fidelity ≈ 1 and reports lower fidelity on a curved model")
    func lime() throws {
        let training = try uniformRows(200, 3, seed: 5)
        let explainer = try LIMEExplainer(training: training, names: ["a", "b", "c"], samples: 2000, maxFeatures: 2)
        let row = [0.5, -1.0, 1.5]
        let linear = try explainer.explain(FormulaModel(formula: .linear, featureCount: 3), row: row, seed: 1)
        #expect(linear.selected == [0, 1])
        // Ridge α = 1 on standardised columns with ~2000·(mean kernel weight) effective samples: shrinkage < 1 %.
        #expect(abs(linear.coefficients[0] - 2) < 0.02 && abs(linear.coefficients[1] + 1) < 0.02)
        #expect(linear.coefficients[2] == 0)
        #expect(linear.fidelity > 0.95)
        #expect(abs(linear.modelPrediction - (3 + 1 + 1 + 0.75)) < 1e-12)
        let curved = try explainer.explain(FormulaModel(formula: .product, featureCount: 3), row: row, seed: 1)
        #expect(curved.fidelity < linear.fidelity)
        let again = try explainer.explain(FormulaModel(formula: .product, featureCount: 3), row: row, seed: 1)
        #expect(again == curved)
        #expect(learnErrorThrown { _ = try explainer.explain(FormulaModel(formula: .linear, featureCount: 3), row: [1]) }?.kind == .shapeMismatch)
    }
}
