import Foundation
import QDCore
import Testing
@testable import QDLearn

@Suite("Joint diameter + absorption peak, consistent with the sizing curve")
struct JointModelTests {
    /// x (n × 2) uniform; diameter 2 + 1.5·x₀ + 0.3·x₁ nm; peak = λ_InP(d) + 60·x₁ − 30 nm + noise: a departure from
    /// the curve of up to ±30 nm driven by x₁, so a residual model has something to learn and a bound to hit.
    static func problem(rows n: Int, seed: UInt64) throws -> (x: Matrix, d: [Double], peak: [Double]) {
        var rng = SeededRNG(seed: seed)
        let curve = try SizingPrior(materialID: "InP")
        var xs: [Double] = [], d: [Double] = [], peak: [Double] = []
        for _ in 0..<n {
            let (a, b) = (rng.uniform(), rng.uniform())
            xs += [a, b]
            let diameter = 2 + 1.5 * a + 0.3 * b
            d.append(diameter)
            peak.append(curve.wavelength(diameterNanometres: diameter) + 60 * b - 30 + rng.normal())
        }
        return (try Matrix(rows: n, columns: 2, elements: xs), d, peak)
    }

    @Test("every prediction satisfies |peak − λ(diameter)| ≤ B, for B = 0, 5 and 40 nm", arguments: [0.0, 5, 40])
    func staysOnTheCurve(_ bound: Double) throws {
        let p = try Self.problem(rows: 60, seed: 1)
        let model = JointSizeAbsorption(materialID: "InP", diameter: GradientBoosting(rounds: 30), residual: GradientBoosting(rounds: 30),
                                        maximumResidualNanometres: bound)
        let fitted = try model.fit(p.x, diameterNanometres: p.d, absorptionNanometres: p.peak, seed: 3)
        let query = try Self.problem(rows: 40, seed: 2).x
        let curve = try SizingPrior(materialID: "InP")
        for q in try fitted.predict(query) {
            let gap = q.absorptionNanometres - curve.wavelength(diameterNanometres: q.diameterNanometres)
            // One addition of values ~ 600 nm: rounding ~ 1e-13 nm.
            #expect(abs(gap) <= bound + 1e-9)
            #expect(abs(q.residualNanometres) <= bound)
        }
        // A 5 nm bound binds on this problem (departures up to ±30 nm), a 40 nm one almost never.
        let clamped = try fitted.predict(query).filter(\.residualClamped).count
        if bound == 5 { #expect(clamped > 10) }
        if bound == 40 { #expect(clamped <= 2) }
    }

    @Test("linear diameter and peaks on the curve: ridge recovers the diameter and a near-zero residual")
    func recoversExactStructure() throws {
        let p = try Self.problem(rows: 50, seed: 4)
        let curve = try SizingPrior(materialID: "InP")
        let onCurve = p.d.map { curve.wavelength(diameterNanometres: $0) }
        let model = JointSizeAbsorption(materialID: "InP", diameter: Ridge(alpha: 0), residual: Ridge(alpha: 0))
        let fitted = try model.fit(p.x, diameterNanometres: p.d, absorptionNanometres: onCurve, seed: 0)
        let q = try Self.problem(rows: 10, seed: 5)
        let predictions = try fitted.predict(q.x)
        // Exact least squares on exact linear data: only rounding, ~1e-12 nm.
        #expect(maxAbsDifference(predictions.map(\.diameterNanometres), q.d) < 1e-9)
        #expect(predictions.allSatisfy { abs($0.residualNanometres) < 1e-6 })
    }

    @Test("rows may carry one target only (NaN for the other)")
    func missingTargets() throws {
        let p = try Self.problem(rows: 40, seed: 6)
        let d = p.d.enumerated().map { $0.offset % 2 == 0 ? $0.element : .nan }
        let peak = p.peak.enumerated().map { $0.offset % 3 == 0 ? .nan : $0.element }
        let fitted = try JointSizeAbsorption(materialID: "InP", diameter: Ridge(), residual: Ridge())
            .fit(p.x, diameterNanometres: d, absorptionNanometres: peak, seed: 0)
        let out = try fitted.predict(p.x)
        #expect(out.count == 40 && out.allSatisfy { $0.diameterNanometres.isFinite && $0.absorptionNanometres.isFinite })
    }

    @Test("bad input: negative bound, wrong counts, no measured diameters, unknown material, ∞")
    func badInput() throws {
        let p = try Self.problem(rows: 10, seed: 7)
        let good = JointSizeAbsorption(materialID: "InP", diameter: Ridge(), residual: Ridge())
        var negative = good
        negative.maximumResidualNanometres = -1
        #expect(learnErrorThrown { _ = try negative.fit(p.x, diameterNanometres: p.d, absorptionNanometres: p.peak, seed: 0) }?.kind == .invalidHyperparameter)
        #expect(learnErrorThrown { _ = try good.fit(p.x, diameterNanometres: Array(p.d.dropLast()), absorptionNanometres: p.peak, seed: 0) }?.kind == .shapeMismatch)
        let none = [Double](repeating: .nan, count: 10)
        #expect(learnErrorThrown { _ = try good.fit(p.x, diameterNanometres: none, absorptionNanometres: p.peak, seed: 0) }?.kind == .tooFewRows)
        var infinite = p.peak
        infinite[3] = .infinity
        #expect(learnErrorThrown { _ = try good.fit(p.x, diameterNanometres: p.d, absorptionNanometres: infinite, seed: 0) }?.kind == .invalidInput)
        var unknown = good
        unknown.materialID = "Unobtainium"
        #expect(learnErrorThrown { _ = try unknown.fit(p.x, diameterNanometres: p.d, absorptionNanometres: p.peak, seed: 0) }?.kind == .invalidInput)
    }

    @Test("a JSON round trip of the fitted joint model gives identical predictions")
    func codableRoundTrip() throws {
        let p = try Self.problem(rows: 30, seed: 8)
        let fitted = try JointSizeAbsorption(materialID: "InP", diameter: GradientBoosting(rounds: 10), residual: Ridge())
            .fit(p.x, diameterNanometres: p.d, absorptionNanometres: p.peak, seed: 0)
        let back = try JSONDecoder().decode(type(of: fitted), from: JSONEncoder().encode(fitted))
        #expect(try back.predict(p.x) == fitted.predict(p.x))
    }

    @Test("InP comparison: both approaches predict every row; the joint gap never exceeds its bound")
    func inPComparison() throws {
        let result = try JointComparison.inP(folds: 3, bounds: [0, 30], seed: 0)
        // 65 rows of inp-nguyen2022 report a numeric absorption peak and diameter (counted from the shipped CSV).
        #expect(result.rows == 65)
        #expect(result.figures.map(\.approach) == ["separate", "joint (B = 0 nm)", "joint (B = 30 nm)"])
        #expect(result.figures.allSatisfy { $0.diameterMeanAbsoluteError.isFinite && $0.absorptionMeanAbsoluteError.isFinite })
        #expect(result.figures[1].maximumCurveGapNanometres < 1e-9)
        #expect(result.figures[2].maximumCurveGapNanometres <= 30 + 1e-9)
    }
}
