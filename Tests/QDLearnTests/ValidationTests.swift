import QDCore
import Testing
@testable import QDLearn

@Suite("Folds, metrics, cross-validation, conformal intervals")
struct ValidationTests {
    @Test("k-fold: every row held out exactly once, fold sizes differ by at most one", arguments: [(10, 3), (205, 5), (7, 7)])
    func kFoldPartition(_ n: Int, _ k: Int) throws {
        let folds = try CrossValidationScheme.kFold(folds: k).folds(rowCount: n, seed: 4)
        #expect(folds.count == k)
        #expect(folds.flatMap(\.test).sorted() == Array(0..<n))
        let sizes = folds.map(\.test.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        for f in folds { #expect(Set(f.train).isDisjoint(with: f.test) && f.train.count + f.test.count == n) }
        #expect(try CrossValidationScheme.kFold(folds: k).folds(rowCount: n, seed: 4) == folds)
    }

    @Test("repeated k-fold: each repeat is a partition, repeats differ")
    func repeatedKFold() throws {
        let folds = try CrossValidationScheme.repeatedKFold(folds: 4, repeats: 3).folds(rowCount: 20, seed: 1)
        #expect(folds.count == 12)
        for r in 0..<3 { #expect(folds[(4 * r)..<(4 * r + 4)].flatMap(\.test).sorted() == Array(0..<20)) }
        #expect(folds[0].test != folds[4].test)
    }

    @Test("group k-fold: no group on both sides of any split, folds balanced by rows")
    func groupKFold() throws {
        var rng = SeededRNG(seed: 3)
        let groups = (0..<120).map { _ in "doi-\(rng.integer(below: 25))" }
        let folds = try CrossValidationScheme.groupKFold(folds: 5, groups: groups).folds(rowCount: 120, seed: 0)
        #expect(folds.flatMap(\.test).sorted() == Array(0..<120))
        for f in folds {
            #expect(Set(f.train.map { groups[$0] }).isDisjoint(with: Set(f.test.map { groups[$0] })))
        }
        let sizes = folds.map(\.test.count)
        let largestGroup = Dictionary(grouping: groups, by: { $0 }).values.map(\.count).max() ?? 0
        // Greedy largest-first assignment keeps folds within one largest group of each other.
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= largestGroup)
    }

    @Test("fewer rows or groups than folds is refused with the way out")
    func tooFewRows() {
        let e1 = learnErrorThrown { _ = try CrossValidationScheme.kFold(folds: 5).folds(rowCount: 3, seed: 0) }
        #expect(e1?.kind == .tooFewRows)
        #expect(e1?.message.contains("lower the number of folds") == true)
        let e2 = learnErrorThrown { _ = try CrossValidationScheme.groupKFold(folds: 3, groups: ["a", "a", "b", "b"]).folds(rowCount: 4, seed: 0) }
        #expect(e2?.kind == .tooFewRows)
        #expect(e2?.message.contains("at least 3 distinct groups. Got 2") == true)
        let e3 = learnErrorThrown { _ = try CrossValidationScheme.kFold(folds: 1).folds(rowCount: 10, seed: 0) }
        #expect(e3?.message == "The 'folds' parameter of KFold must be ≥ 2. Got 1.")
    }

    @Test("metrics on hand-computed values")
    func metrics() throws {
        // Residuals 1, −1, 2, 0: MAE 1, RMSE √1.5; SS_tot of (1,2,3,4) = 5, SS_res = 6 → R² = −0.2.
        let m = try RegressionMetrics(observed: [1, 2, 3, 4], predicted: [0, 3, 1, 4])
        #expect(m.meanAbsoluteError == 1)
        #expect(abs(m.rootMeanSquaredError - 1.5.squareRoot()) < 1e-15)
        #expect(abs(m.rSquared - -0.2) < 1e-15)
        #expect(try RegressionMetrics(observed: [2, 2], predicted: [2, 3]).rSquared.isNaN)
    }

    @Test("pooled out-of-fold predictions: each row predicted by a model that never saw it")
    func crossValidationPools() throws {
        let p = syntheticProblem(rows: 30, seed: 8)
        let folds = try CrossValidationScheme.kFold(folds: 5).folds(rowCount: 30, seed: 2)
        let result = try crossValidate(Ridge(), x: p.x, y: p.y, folds: folds, seed: 0)
        // Recompute fold 0 by hand.
        let f = folds[0]
        let manual = try Ridge().fit(p.x.selectingRows(f.train), f.train.map { p.y[$0] }, seed: 0).predict(p.x.selectingRows(f.test))
        #expect(f.test.map { result.predictions[$0] } == manual)
        #expect(result.perFold.count == 5)
        #expect(result.pooled.count == 30)
        // kNN with k = 1 out of fold can never return a row's own target unless a duplicate exists: MAE > 0.
        let knn = try crossValidate(KNearestNeighbors(neighbors: 1), x: p.x, y: p.y, folds: folds, seed: 0)
        #expect(knn.pooled.meanAbsoluteError > 0)
    }

    @Test("split-conformal 90 % intervals cover about 90 % of held-out rows", arguments: [UInt64(1), 2, 3])
    func conformalCoverageNearNominal(_ seed: UInt64) throws {
        let p = syntheticProblem(rows: 400, seed: seed)
        let folds = try CrossValidationScheme.kFold(folds: 5).folds(rowCount: 400, seed: seed)
        let c = try conformalCoverage(SplitConformal(Pipeline(KNearestNeighbors(neighbors: 7))), x: p.x, y: p.y, folds: folds, seed: seed)
        // Marginal coverage ≥ 0.9 holds in expectation; with 400 held-out rows its sd is ≈ √(0.09/400) = 0.015, and
        // calibration on ~80 rows adds ≈ 0.03: accept [0.82, 0.98].
        #expect(c.coverage > 0.82 && c.coverage < 0.98, "coverage \(c.coverage)")
        #expect(c.meanWidth > 0 && c.meanWidth.isFinite)
    }

    @Test("too few calibration rows for the level gives an infinite, stated half-width")
    func conformalTooFewCalibrationRows() throws {
        let p = syntheticProblem(rows: 8, seed: 1)
        let fitted = try SplitConformal(Ridge(), miscoverage: 0.05).fit(p.x, p.y, seed: 0)
        // n_cal = 2: ⌈3 · 0.95⌉ = 3 > 2.
        #expect(fitted.calibrationCount == 2)
        #expect(fitted.halfWidth == .infinity)
    }
}
