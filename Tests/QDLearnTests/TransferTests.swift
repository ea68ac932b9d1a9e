import Foundation
import QDCore
import Testing
@testable import QDLearn

@Suite("Transfer across material families")
struct TransferTests {
    /// A ridge "source model" of y = 2x₀ − x₁ + 1 fitted on exact data, and target rows in the same feature space.
    static func source() throws -> (model: FittedRidge, x: Matrix) {
        let x = try Matrix((0..<20).map { i in [Double(i) / 10, Double(i % 7) / 3] })
        let y = (0..<20).map { 2 * x[$0, 0] - x[$0, 1] + 1 }
        return (try Ridge(alpha: 0).fit(x, y, seed: 0), x)
    }

    @Test("offset: a target that is the source shifted by 5 is recovered exactly")
    func offset() throws {
        let (model, x) = try Self.source()
        let y = try model.predict(x).map { $0 + 5 }
        let fitted = try SourcePrior(source: model, residual: MeanBaseline()).fit(x, y, seed: 0)
        // Mean of exact differences: rounding only.
        #expect(abs(fitted.intercept - 5) < 1e-9 && fitted.slope == 1)
        #expect(maxAbsDifference(try fitted.predict(x), y) < 1e-9)
    }

    @Test("affine: y = 3·source − 4 gives b = 3, a = −4 without a penalty; a large penalty pulls b to 1")
    func affine() throws {
        let (model, x) = try Self.source()
        let y = try model.predict(x).map { 3 * $0 - 4 }
        let free = try SourcePrior(source: model, residual: MeanBaseline(), calibration: .affine, slopePenalty: 0).fit(x, y, seed: 0)
        #expect(abs(free.slope - 3) < 1e-9 && abs(free.intercept + 4) < 1e-9)
        let shrunk = try SourcePrior(source: model, residual: MeanBaseline(), calibration: .affine, slopePenalty: 1e6).fit(x, y, seed: 0)
        // b = (Sxy + λ)/(Sxx + λ) with λ = 2e7 ≫ Sxx ~ 1e2: b − 1 ~ 2·Sxx/λ ~ 1e-5.
        #expect(abs(shrunk.slope - 1) < 1e-4)
        let negative = SourcePrior(source: model, residual: MeanBaseline(), slopePenalty: -1)
        #expect(learnErrorThrown { _ = try negative.fit(x, y, seed: 0) }?.kind == .invalidHyperparameter)
    }

    @Test("the source model's width is enforced at fit time")
    func widthMismatch() throws {
        let (model, _) = try Self.source()
        let x = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(learnErrorThrown { _ = try SourcePrior(source: model, residual: MeanBaseline()).fit(x, [1, 2], seed: 0) }?.kind == .shapeMismatch)
    }

    @Test("shipped families load in the shared feature space; an unsupported dataset is refused")
    func families() throws {
        let inp = try FamilyConditions.shipped("inp")
        let cdse = try FamilyConditions.shipped("cdse")
        for f in [inp, cdse] {
            #expect(f.x.columns == FamilyConditions.featureNames.count && f.x.rows == f.y.count && f.groups.count == f.y.count)
            #expect(f.x.rows > 50 && f.x.isFinite)
            // Column 4 is anion/cation of columns 3 and 2.
            #expect((0..<f.x.rows).allSatisfy { abs(f.x[$0, 4] - f.x[$0, 3] / f.x[$0, 2]) < 1e-12 * max(1, f.x[$0, 4]) })
        }
        #expect(inp.materialID == "InP" && cdse.materialID == "CdSe")
        #expect(learnErrorThrown { _ = try FamilyConditions.shipped("cspbbr3") }?.kind == .invalidInput)
    }

    @Test("the learning curve predicts every held-out row once per repeat, for every method")
    func curve() throws {
        let source = try FamilyConditions.shipped("cdse"), target = try FamilyConditions.shipped("inp")
        let points = try TransferCurve.run(source: source, target: target, sizes: [10, nil], folds: 3, repeats: 2,
                                           boosting: GradientBoosting(rounds: 20), seed: 1)
        #expect(points.count == 8)
        for p in points {
            #expect(p.meanAbsoluteError.isFinite && p.meanAbsoluteError > 0)
            #expect(p.predictions == target.y.count * (p.trainingRows == nil ? 1 : 2))
        }
        #expect(points.filter { $0.trainingRows == 10 }.allSatisfy { $0.meanTrainingRows == 10 })
    }
}
