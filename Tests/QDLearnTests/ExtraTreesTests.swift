import QDCore
import Testing
@testable import QDLearn

@Suite("ExtraTrees (extremely randomised trees)")
struct ExtraTreesTests {
    @Test("full-depth trees interpolate distinct training rows; the same seed gives the same forest")
    func interpolatesAndIsSeeded() throws {
        let p = syntheticProblem(rows: 80, seed: 4)
        let a = try ExtraTrees(trees: 20).fit(p.x, p.y, seed: 9)
        // Every leaf holds rows with one target value (splits continue while y varies), so training rows are
        // reproduced up to floating-point summation over the trees.
        for (yi, pi) in zip(p.y, try a.predict(p.x)) { #expect(abs(yi - pi) < 1e-9) }
        #expect(try ExtraTrees(trees: 20).fit(p.x, p.y, seed: 9) == a)
        #expect(try ExtraTrees(trees: 20).fit(p.x, p.y, seed: 10) != a)
    }

    @Test("held-out rows: clearly better than the mean on a smooth target")
    func generalises() throws {
        let p = syntheticProblem(rows: 200, seed: 6)
        let folds = try CrossValidationScheme.kFold(folds: 5).folds(rowCount: 200, seed: 1)
        let mean = try ModelChoice.mean.crossValidate(x: p.x, y: p.y, folds: folds, seed: 0)
        let trees = try crossValidate(ExtraTrees(trees: 50), x: p.x, y: p.y, folds: folds, seed: 0)
        #expect(trees.pooled.meanAbsoluteError < 0.6 * mean.pooled.meanAbsoluteError)
    }

    @Test("bad hyperparameters and NaN are refused with the parameter and the value")
    func badInput() throws {
        let p = syntheticProblem(rows: 10, seed: 1)
        let e = learnErrorThrown { _ = try ExtraTrees(trees: 0).fit(p.x, p.y, seed: 0) }
        #expect(e?.message == "The 'trees' parameter of ExtraTrees must be ≥ 1. Got 0.")
        let nan = try Matrix(rows: 1, columns: 3, elements: [.nan, 0, 0])
        let fitted = try ExtraTrees(trees: 2).fit(p.x, p.y, seed: 0)
        #expect(learnErrorThrown { _ = try fitted.predict(nan) }?.kind == .invalidInput)
    }
}
