import QDCore
import Testing
@testable import QDLearn

@Suite("Learning curves")
struct LearningCurveTests {
    @Test("one point per model and size; more data helps ridge; the full size equals plain cross-validation")
    func curve() throws {
        let p = syntheticProblem(rows: 100, seed: 5)
        let folds = try CrossValidationScheme.kFold(folds: 4).folds(rowCount: 100, seed: 0)
        let points = try learningCurve([.mean, .ridge], x: p.x, y: p.y, folds: folds, sizes: [5, 20, Int.max], repeats: 3, seed: 1)
        #expect(points.map(\.trainingRows) == [5, 20, Int.max, 5, 20, Int.max])
        let ridge = points.filter { $0.model == .ridge }
        #expect(ridge[0].meanAbsoluteError > ridge[2].meanAbsoluteError)
        // At the full size every repeat uses the whole fold: no subsampling noise, and the MAE is that of
        // crossValidate on the same folds (up to summation order).
        #expect(ridge[2].repeatStandardDeviation < 1e-12)
        let cv = try ModelChoice.ridge.crossValidate(x: p.x, y: p.y, folds: folds, seed: 1)
        #expect(abs(ridge[2].meanAbsoluteError - cv.pooled.meanAbsoluteError) < 1e-12)
        #expect(points[0].repeatStandardDeviation > 0)
        let e = learnErrorThrown { _ = try learningCurve([.mean], x: p.x, y: p.y, folds: folds, sizes: [0], repeats: 1, seed: 0) }
        #expect(e?.message == "The 'sizes' parameter of learningCurve must be ≥ 1. Got 0.")
    }

    @Test("validation choices: group-doi keeps papers apart, repeated k-fold holds every row out three times")
    func validationChoices() throws {
        let design = try TabularDesign.shipped("inp", target: "abs_nm")
        let grouped = try ValidationChoice.groupDOI.folds(for: design, folds: 5, seed: 0)
        for f in grouped {
            #expect(Set(f.train.map { design.groups[$0] }).isDisjoint(with: Set(f.test.map { design.groups[$0] })))
        }
        let repeated = try ValidationChoice.repeatedKFold.folds(for: design, folds: 5, seed: 0)
        #expect(repeated.count == 15)
        #expect(repeated.flatMap(\.test).count == 3 * design.y.count)
    }
}
