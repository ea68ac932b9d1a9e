import Foundation
import QDCore
import Testing
@testable import QDLearn

/// One regressor under test, type-erased so that `@Test(arguments:)` can run the same body over all of them.
struct Candidate: Sendable, CustomTestStringConvertible {
    let name: String
    let model: any Regressor
    var testDescription: String { name }

    static let all: [Candidate] = [
        Candidate(name: "MeanBaseline", model: MeanBaseline()),
        Candidate(name: "Ridge", model: Ridge(alpha: 0.5)),
        Candidate(name: "KNearestNeighbors", model: KNearestNeighbors(neighbors: 3, weighting: .distance)),
        Candidate(name: "GradientBoosting", model: GradientBoosting(rounds: 20, subsample: 0.8)),
        Candidate(name: "RandomForest", model: RandomForest(trees: 20)),
        Candidate(name: "GaussianProcess", model: GaussianProcess(kernel: .matern32, restarts: 2)),
        Candidate(name: "SupportVectorRegression", model: SupportVectorRegression(c: 2)),
        Candidate(name: "Pipeline(SVR)", model: Pipeline(SupportVectorRegression())),
        Candidate(name: "Pipeline(kNN)", model: Pipeline(KNearestNeighbors(), targetTransform: .none)),
        Candidate(name: "SplitConformal(Ridge)", model: SplitConformal(Ridge())),
        Candidate(name: "MLPRegressor", model: MLPRegressor(hiddenLayers: [8], maxEpochs: 40, patience: 10)),
        Candidate(name: "DeepEnsemble", model: DeepEnsemble(member: MLPRegressor(hiddenLayers: [4], maxEpochs: 20), members: 2)),
    ]
}

/// Fits and predicts through an opened existential.
func fitPredict<R: Regressor>(_ r: R, _ x: Matrix, _ y: [Double], _ q: Matrix, seed: UInt64) throws -> [Double] {
    try r.fit(x, y, seed: seed).predict(q)
}

private func roundTrip<R: Regressor>(_ r: R, _ x: Matrix, _ y: [Double], _ q: Matrix) throws -> (before: [Double], after: [Double]) {
    let fitted = try r.fit(x, y, seed: 11)
    let data = try JSONEncoder().encode(fitted)
    let decoded = try JSONDecoder().decode(R.Fitted.self, from: data)
    return (try fitted.predict(q), try decoded.predict(q))
}

private func predictWithFitted<R: Regressor>(_ r: R, _ x: Matrix, _ y: [Double], predictOn q: Matrix) throws {
    _ = try r.fit(x, y, seed: 1).predict(q)
}

@Suite("Regressor conformance")
struct ConformanceTests {
    let train = syntheticProblem(rows: 40, seed: 1)
    let query = syntheticProblem(rows: 9, seed: 2)

    @Test("the same seed gives identical predictions", arguments: Candidate.all)
    func deterministic(_ c: Candidate) throws {
        let a = try fitPredict(c.model, train.x, train.y, query.x, seed: 42)
        let b = try fitPredict(c.model, train.x, train.y, query.x, seed: 42)
        #expect(a == b)
    }

    @Test("one prediction per query row, all finite", arguments: Candidate.all)
    func outputShape(_ c: Candidate) throws {
        let p = try fitPredict(c.model, train.x, train.y, query.x, seed: 3)
        #expect(p.count == query.x.rows)
        #expect(p.allSatisfy { $0.isFinite })
        let none = try fitPredict(c.model, train.x, train.y, Matrix(rows: 0, columns: 3), seed: 3)
        #expect(none.isEmpty)
    }

    @Test("rejects NaN and ∞ in x and y", arguments: Candidate.all)
    func rejectsNonFinite(_ c: Candidate) {
        var xe = train.x.elements
        xe[7] = .nan
        let badX = (try? Matrix(rows: train.x.rows, columns: 3, elements: xe)) ?? train.x
        var badY = train.y
        badY[5] = .infinity
        let e1 = learnErrorThrown { _ = try fitPredict(c.model, badX, train.y, query.x, seed: 1) }
        let e2 = learnErrorThrown { _ = try fitPredict(c.model, train.x, badY, query.x, seed: 1) }
        #expect(e1?.kind == .invalidInput)
        #expect(e1?.message.contains("x[2, 1] is nan") == true)
        #expect(e2?.kind == .invalidInput)
        #expect(e2?.message.contains("y[5]") == true)
        var qe = query.x.elements
        qe[0] = -.infinity
        let badQuery = (try? Matrix(rows: query.x.rows, columns: 3, elements: qe)) ?? query.x
        #expect(learnErrorThrown { try predictWithFitted(c.model, train.x, train.y, predictOn: badQuery) }?.kind == .invalidInput)
    }

    @Test("rejects shape mismatches in fit and predict", arguments: Candidate.all)
    func rejectsShapeMismatch(_ c: Candidate) {
        let e1 = learnErrorThrown { _ = try fitPredict(c.model, train.x, Array(train.y.dropLast()), query.x, seed: 1) }
        #expect(e1?.kind == .shapeMismatch)
        #expect(e1?.message.contains("40 rows but y has 39") == true)
        let wide = Matrix(rows: 2, columns: 4)
        let e2 = learnErrorThrown { try predictWithFitted(c.model, train.x, train.y, predictOn: wide) }
        #expect(e2?.kind == .shapeMismatch)
        #expect(e2?.message.contains("fitted on 3") == true)
    }

    @Test("n = 1 either fits and predicts finite values or is refused with a reason", arguments: Candidate.all)
    func singleRow(_ c: Candidate) {
        let x = train.x.selectingRows([0]), y = [train.y[0]]
        do {
            let p = try fitPredict(c.model, x, y, query.x, seed: 1)
            #expect(p.count == query.x.rows && p.allSatisfy { $0.isFinite })
            #expect(c.model.minimumTrainingRows <= 1)
        } catch let e as LearnError {
            #expect(e.kind == .tooFewRows)
            #expect(e.message.contains("at least \(c.model.minimumTrainingRows)"))
            #expect(c.model.minimumTrainingRows > 1)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a JSON round trip of the fitted model gives identical predictions", arguments: Candidate.all)
    func codableRoundTrip(_ c: Candidate) throws {
        let (before, after) = try roundTrip(c.model, train.x, train.y, query.x)
        #expect(before == after)
    }

    @Test("a constant target is predicted as that constant", arguments: Candidate.all)
    func constantTarget(_ c: Candidate) throws {
        let y = [Double](repeating: 4.25, count: train.x.rows)
        let p = try fitPredict(c.model, train.x, y, query.x, seed: 1)
        // Tolerance: XGBoost stores leaves and base_score as float32 (relative 6e-8 of 4.25 ≈ 3e-7); the GP's
        // noise-free interpolation leaves ~1e-6 after standardisation by sd 1.
        #expect(maxAbsDifference(p, Array(repeating: 4.25, count: p.count)) < 1e-5)
    }
}

@Suite("Hyperparameter validation")
struct HyperparameterTests {
    @Test func ridgeMessageMatchesScikitLearnStyle() {
        let e = learnErrorThrown { _ = try Ridge(alpha: -1).fit(Matrix(rows: 2, columns: 1, repeating: 1), [1, 2], seed: 0) }
        #expect(e == LearnError(.invalidHyperparameter, "The 'alpha' parameter of Ridge must be ≥ 0. Got -1."))
    }

    struct BadValue: Sendable, CustomTestStringConvertible {
        let parameter: String
        let model: any Regressor
        let rule: String
        var testDescription: String { parameter }
    }

    @Test("every bad value is rejected before fitting, naming the parameter and the value", arguments: [
        BadValue(parameter: "neighbors", model: KNearestNeighbors(neighbors: 0), rule: "must be ≥ 1. Got 0."),
        BadValue(parameter: "learningRate", model: GradientBoosting(learningRate: 0), rule: "must be in (0, 1]. Got 0."),
        BadValue(parameter: "subsample", model: RandomForest(subsample: 1.5), rule: "must be in (0, 1]. Got 1.5."),
        BadValue(parameter: "restarts", model: GaussianProcess(restarts: 0), rule: "must be ≥ 1. Got 0."),
        BadValue(parameter: "c", model: SupportVectorRegression(c: -2), rule: "must be > 0. Got -2."),
        BadValue(parameter: "epsilon", model: SupportVectorRegression(epsilon: .nan), rule: "must be ≥ 0. Got nan."),
        BadValue(parameter: "miscoverage", model: SplitConformal(Ridge(), miscoverage: 1), rule: "must be in (0, 1). Got 1."),
        BadValue(parameter: "hiddenLayers[1]", model: MLPRegressor(hiddenLayers: [4, 0]), rule: "must be ≥ 1. Got 0."),
        BadValue(parameter: "validationFraction", model: MLPRegressor(validationFraction: 0.9), rule: "must be in [0, 0.5]. Got 0.9."),
        BadValue(parameter: "members", model: DeepEnsemble(members: 1), rule: "must be ≥ 2. Got 1."),
    ])
    func rejects(_ bad: BadValue) {
        let e = learnErrorThrown { try bad.model.validateHyperparameters() }
        #expect(e?.kind == .invalidHyperparameter)
        #expect(e?.message.contains("'\(bad.parameter)'") == true)
        #expect(e?.message.hasSuffix(bad.rule) == true, "\(e?.message ?? "no error")")
        // fit refuses the same value before touching the data.
        let fitError = learnErrorThrown { _ = try fitPredict(bad.model, Matrix(rows: 3, columns: 1, repeating: 1), [1, 2, 3], Matrix(rows: 1, columns: 1), seed: 0) }
        #expect(fitError == e)
    }
}

@Suite("Hyperparameter rules")
struct HyperparameterRuleTests {
    @Test("NaN and ∞ never satisfy a rule; 'finite' accepts any finite value")
    func nonFinite() {
        #expect(!HyperparameterRule("a", .nan, .atLeast(0)).isSatisfied)
        #expect(!HyperparameterRule("a", .infinity, .greaterThan(0)).isSatisfied)
        #expect(HyperparameterRule("a", -3e200, .finite).isSatisfied)
        let e = learnErrorThrown { try GradientBoosting(baseScore: .infinity).validateHyperparameters() }
        #expect(e?.message == "The 'baseScore' parameter of GradientBoosting must be finite. Got inf.")
    }
}
