import Foundation
import Testing
@testable import QDPhysics

@Suite("Line shapes and peak measurement")
struct OpticsLineShapeTests {
    static let shapes: [LineShape] = [
        .gaussian(fwhmElectronvolts: 0.06), .lorentzian(fwhmElectronvolts: 0.06),
        .pseudoVoigt(gaussianFWHMElectronvolts: 0.05, lorentzianFWHMElectronvolts: 0.03),
    ]

    /// Area normalisation. Gaussian: integrating ±2 eV (±78 σ) with 20000 trapezoids is exact to ~1e-12.
    /// Lorentzian tails beyond ±x hold Γ/(πx) of the area: 0.06/(2π) ≈ 0.0095 at x = 2 eV, so the Lorentzian
    /// (and the pseudo-Voigt, by its η share) is checked against 1 − tail with tolerance 1e-4.
    @Test("Every line shape integrates to 1 (tails accounted for)", arguments: shapes)
    func areaIsOne(shape: LineShape) {
        let area = OpticsFixture.integrate(-2, 2) { shape.value(atOffsetElectronvolts: $0) }
        let lorentzTail: Double
        switch shape {
        case .gaussian: lorentzTail = 0
        case .lorentzian(let w): lorentzTail = 2 * atan(2 / (w / 2)) / Double.pi
        case .pseudoVoigt(let g, let l):
            let (f, eta) = LineShape.tchParameters(gaussian: g, lorentzian: l)
            lorentzTail = eta * 2 * atan(2 / (f / 2)) / Double.pi + (1 - eta)
        }
        let expected: Double = if case .gaussian = shape { 1 } else { lorentzTail }
        #expect(abs(area - expected) < 1e-4, "area \(area), expected \(expected)")
    }

    /// FWHM of a sampled Gaussian equals 2√(2 ln 2)σ = 2.3548σ. Grid spacing σ/200 and linear interpolation of
    /// the half-maximum crossings give a relative error below (Δx/σ)²/8 ≈ 3e-6; tolerance 1e-4 relative.
    @Test("Numerical FWHM of a Gaussian line is 2.3548 σ")
    func gaussianFWHM() throws {
        let sigma = 0.025
        let shape = LineShape.gaussian(fwhmElectronvolts: LineShape.gaussianFWHMPerSigma * sigma)
        let x = (0...4000).map { -10 * sigma + Double($0) * sigma / 200 }
        let metrics = try PeakMetrics.measure(abscissae: x, values: x.map { shape.value(atOffsetElectronvolts: $0) })
        let fwhm = try #require(metrics.fullWidthAtHalfMaximum)
        #expect(abs(fwhm / sigma - 2.354_820_045) < 1e-4 * 2.3548)
        #expect(abs(metrics.position) < 1e-9)
        #expect(abs(LineShape.gaussianFWHMPerSigma - 2.354_820_045_030_949) < 1e-14)
    }

    /// TCH limits: with no Lorentzian part it is a Gaussian (η = 0, f = f_G); with no Gaussian part a
    /// Lorentzian (η = 1.36603 − 0.47719 + 0.11116 = 1.0000, f = f_L). Both exact to the 5-digit coefficients.
    @Test("Pseudo-Voigt reduces to its pure limits")
    func pseudoVoigtLimits() {
        let g = LineShape.tchParameters(gaussian: 0.05, lorentzian: 0)
        #expect(abs(g.f - 0.05) < 1e-15 && g.eta == 0)
        let l = LineShape.tchParameters(gaussian: 0, lorentzian: 0.05)
        #expect(abs(l.f - 0.05) < 1e-15 && abs(l.eta - 1) < 1e-4)
        let pv = LineShape.pseudoVoigt(gaussianFWHMElectronvolts: 0.04, lorentzianFWHMElectronvolts: 0.04)
        // A Voigt is wider than either component and narrower than their sum.
        #expect(pv.fwhmElectronvolts > 0.04 && pv.fwhmElectronvolts < 0.08)
    }

    /// Independent check of the TCH width: Olivero & Longbothum, *JQSRT* 17, 233 (1977),
    /// f_V ≈ 0.5346 f_L + √(0.2166 f_L² + f_G²), accurate to 0.02 %; TCH's f is within ~0.2 % of the true Voigt
    /// width, so the two must agree to 0.5 %. The sampled profile's FWHM equals f exactly (both components share
    /// it), checked on a grid of f/1000 spacing to 1e-4 relative.
    @Test("Pseudo-Voigt width matches Olivero–Longbothum and the sampled profile", arguments: [(0.04, 0.04), (0.06, 0.01), (0.01, 0.06)])
    func voigtWidth(gaussian: Double, lorentzian: Double) throws {
        let shape = LineShape.pseudoVoigt(gaussianFWHMElectronvolts: gaussian, lorentzianFWHMElectronvolts: lorentzian)
        let olivero = 0.5346 * lorentzian + (0.2166 * lorentzian * lorentzian + gaussian * gaussian).squareRoot()
        #expect(abs(shape.fwhmElectronvolts / olivero - 1) < 5e-3)
        let f = shape.fwhmElectronvolts
        let x = (0...8000).map { -4 * f + Double($0) * f / 1000 }
        let measured = try #require(try PeakMetrics.measure(abscissae: x, values: x.map { shape.value(atOffsetElectronvolts: $0) }).fullWidthAtHalfMaximum)
        #expect(abs(measured / f - 1) < 1e-4)
    }

    @Test("Invalid widths are rejected with the value named")
    func badWidths() {
        #expect(throws: PhysicsError.self) { try LineShape.gaussian(fwhmElectronvolts: -0.01).validated() }
        do {
            _ = try LineShape.lorentzian(fwhmElectronvolts: .nan).validated()
            Issue.record("NaN width accepted")
        } catch let error as PhysicsError {
            #expect(error.kind == .invalidValue)
            #expect(error.message.contains("nan eV"))
        } catch { Issue.record("unexpected \(error)") }
        #expect(throws: PhysicsError.self) { try LineShape.pseudoVoigt(gaussianFWHMElectronvolts: 0, lorentzianFWHMElectronvolts: 0).validated() }
    }

    @Test("Peak measurement rejects malformed curves")
    func peakBadInput() {
        #expect(throws: PhysicsError.self) { try PeakMetrics.measure(abscissae: [1, 2], values: [1, 2]) }
        #expect(throws: PhysicsError.self) { try PeakMetrics.measure(abscissae: [1, 2, 3], values: [0, .nan, 0]) }
        #expect(throws: PhysicsError.self) { try PeakMetrics.measure(abscissae: [1, 2, 3], values: [0, 0, 0]) }
    }

    /// A curve that never falls to half maximum on one side has no FWHM (nil, not a made-up number).
    @Test("A truncated peak reports no FWHM")
    func truncatedPeak() throws {
        let metrics = try PeakMetrics.measure(abscissae: [0, 1, 2, 3], values: [1, 0.9, 0.4, 0.1])
        #expect(metrics.fullWidthAtHalfMaximum == nil)
    }
}
