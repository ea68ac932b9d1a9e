import Foundation
import Testing
@testable import QDCore

@Suite("Student's t distribution")
struct StudentTTests {
    @Test("pdf, cdf and quantile match scipy.stats.t for ν in {0.5, 1, 2.5, 5, 30, 1e6}", arguments: 0..<6)
    func reference(row: Int) throws {
        let nu = ScipyReference.studentNu[row]
        let d = try StudentT(degreesOfFreedom: nu)
        for (i, x) in ScipyReference.studentX.enumerated() {
            // SciPy (Boost's incomplete beta; checked against mpmath at ν = 1e6 to 5e-16) is the reference. 1e-12
            // relative is the documented accuracy of `StudentT.cdf` (≤ 3e-13) with margin; measured here ≤ 4e-14.
            let rel = 1e-12
            #expect(isClose(d.pdf(x), ScipyReference.studentPdf[row][i], relative: rel, absolute: 1e-300), "pdf ν=\(nu) x=\(x)")
            #expect(isClose(d.cdf(x), ScipyReference.studentCdf[row][i], relative: rel, absolute: 1e-300), "cdf ν=\(nu) x=\(x)")
        }
        for (i, p) in ScipyReference.studentP.enumerated() {
            // Brent stops at 2ε|t|; the cdf error (≤ 4e-14 here) moves the root by about F/(|t| f) times as much,
            // so 1e-11 relative is generous.
            #expect(isClose(d.quantile(p), ScipyReference.studentQuantile[row][i], relative: 1e-11, absolute: 1e-14),
                    "quantile ν=\(nu) p=\(p)")
        }
    }

    @Test("location and scale shift and stretch: ν = 4, μ = 1.5, σ = 0.5 against scipy")
    func locationScale() throws {
        let d = try StudentT(degreesOfFreedom: 4, location: 1.5, scale: 0.5)
        for (x, c) in zip(ScipyReference.studentX, ScipyReference.studentNu4Loc1_5Scale0_5Cdf) {
            #expect(isClose(d.cdf(x), c, relative: 1e-12, absolute: 1e-300), "cdf(\(x))")
        }
        for (p, q) in zip(ScipyReference.studentP, ScipyReference.studentNu4Loc1_5Scale0_5Quantile) {
            #expect(isClose(d.quantile(p), q, relative: 1e-11), "quantile(\(p))")
        }
    }

    @Test("quantile ∘ cdf = identity, and cdf + survival = 1", arguments: [1.0, 3.0, 12.0])
    func roundTrip(nu: Double) throws {
        let d = try StudentT(degreesOfFreedom: nu)
        for t in stride(from: -40.0, through: 6.0, by: 0.53) {
            let back = d.quantile(d.cdf(t))
            // Conditioning: an absolute ε in p near 1 becomes ε/pdf(t) in t.
            #expect(abs(back - t) < 1e-12 * max(1, abs(t)) + 4 * Double.ulpOfOne / d.pdf(t), "t = \(t)")
            #expect(abs(d.cdf(t) + d.survival(t) - 1) < 4 * Double.ulpOfOne)
        }
    }

    @Test("ν = ∞ is the normal distribution")
    func infiniteDegrees() throws {
        let d = try StudentT(degreesOfFreedom: .infinity)
        #expect(d.cdf(-1.3) == Normal.standard.cdf(-1.3))
        #expect(d.quantile(0.01) == Normal.standard.quantile(0.01))
    }

    @Test("edges and invalid parameters")
    func edges() throws {
        let d = try StudentT(degreesOfFreedom: 3)
        #expect(d.quantile(0) == -.infinity && d.quantile(1) == .infinity && d.quantile(2).isNaN && d.quantile(.nan).isNaN)
        #expect(d.cdf(.nan).isNaN && d.cdf(-.infinity) == 0 && d.cdf(.infinity) == 1)
        expectCoreError(.invalidArgument, containing: ["'degreesOfFreedom'", "Got 0.0"]) { _ = try StudentT(degreesOfFreedom: 0) }
        expectCoreError(.invalidArgument, containing: ["'degreesOfFreedom'"]) { _ = try StudentT(degreesOfFreedom: .nan) }
        expectCoreError(.invalidArgument, containing: ["'scale'"]) { _ = try StudentT(degreesOfFreedom: 2, scale: 0) }
    }
}
