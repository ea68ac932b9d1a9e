import Foundation
import Testing
@testable import QDCore

@Suite("Normal distribution")
struct NormalTests {
    // Tolerances. cdf = ½ erfc(−z/√2): rounding of z/√2 (relative ε) perturbs erfc's argument, which changes
    // the result by a relative ≈ z² · ε in the lower tail; with 1 ulp in erfc itself: 4ε(1 + z²).
    // pdf = exp(−z²/2): argument rounding gives relative ≈ z²/2 · ε; 4ε(1 + z²) covers it.
    // Values below 1e-300 (near the subnormal range, where fewer bits are significant) are compared absolutely.
    func tolerance(_ z: Double) -> Double { 4 * Double.ulpOfOne * (1 + z * z) }

    @Test("pdf, logpdf and cdf match scipy.stats.norm (generate_reference.py)",
          arguments: [(0.0, 1.0), (2.0, 3.0)])
    func reference(mean: Double, sd: Double) throws {
        let d = try Normal(mean: mean, standardDeviation: sd)
        let standard = mean == 0
        let pdf = standard ? ScipyReference.normalStandardPdf : ScipyReference.normalMu2Sd3Pdf
        let logpdf = standard ? ScipyReference.normalStandardLogpdf : ScipyReference.normalMu2Sd3Logpdf
        let cdf = standard ? ScipyReference.normalStandardCdf : ScipyReference.normalMu2Sd3Cdf
        for (i, x) in ScipyReference.normalX.enumerated() {
            let z = (x - mean) / sd
            #expect(isClose(d.pdf(x), pdf[i], relative: tolerance(z), absolute: 1e-300), "pdf(\(x))")
            #expect(isClose(d.logpdf(x), logpdf[i], relative: 4 * Double.ulpOfOne), "logpdf(\(x))")
            #expect(isClose(d.cdf(x), cdf[i], relative: tolerance(z), absolute: 1e-300), "cdf(\(x))")
        }
    }

    @Test("quantile matches scipy.stats.norm.ppf to 1e-14 relative", arguments: [(0.0, 1.0), (2.0, 3.0)])
    func quantileReference(mean: Double, sd: Double) throws {
        let d = try Normal(mean: mean, standardDeviation: sd)
        let expected = mean == 0 ? ScipyReference.normalStandardQuantile : ScipyReference.normalMu2Sd3Quantile
        for (p, q) in zip(ScipyReference.quantileP, expected) {
            // After one Halley step from Acklam's 1.15e-9 the error is at rounding level (cubic convergence);
            // 1e-14 relative (+1e-15 absolute at the median) leaves room for erfc's ulp in both implementations.
            #expect(isClose(d.quantile(p), q, relative: 1e-14, absolute: 1e-15), "quantile(\(p))")
        }
    }

    @Test("quantile ∘ cdf is the identity on a grid of z in [−30, 8]")
    func roundTrip() {
        for z in stride(from: -30.0, through: 8.0, by: 0.37) {
            let back = Normal.standard.quantile(Normal.standard.cdf(z))
            // Condition number of Φ⁻¹ at p: p/(φ(z)|z|) ≈ 1/z² in the lower tail, larger near z = 0 and for z > 0
            // where cdf rounds towards 1 (absolute ε in p becomes ε/φ(z) in z: 1e-16/φ(8) ≈ 2e-2 — so stop at 8
            // and scale the tolerance by 1/φ).
            let allowed = 1e-15 * max(1, abs(z)) + 4 * Double.ulpOfOne / Normal.standard.pdf(z)
            #expect(abs(back - z) < allowed, "z = \(z)")
        }
    }

    @Test("edges: quantile(0) = −∞, quantile(1) = +∞, NaN and out-of-range give NaN; survival has no cancellation")
    func edges() {
        let n = Normal.standard
        #expect(n.quantile(0) == -.infinity && n.quantile(1) == .infinity)
        #expect(n.quantile(-0.1).isNaN && n.quantile(1.1).isNaN && n.quantile(.nan).isNaN)
        #expect(n.cdf(.nan).isNaN && n.pdf(.nan).isNaN)
        #expect(n.cdf(-.infinity) == 0 && n.cdf(.infinity) == 1 && n.pdf(.infinity) == 0)
        #expect(isClose(n.survival(10), ScipyReference.normalStandardCdf[1], relative: 4e-14))  // symmetry: Φ(−10)
    }

    @Test("invalid parameters are rejected with the parameter's name")
    func invalid() {
        expectCoreError(.invalidArgument, containing: ["'standardDeviation'", "Got -1.0"]) {
            _ = try Normal(mean: 0, standardDeviation: -1)
        }
        expectCoreError(.invalidArgument, containing: ["'mean'", "nan"]) { _ = try Normal(mean: .nan, standardDeviation: 1) }
    }
}
