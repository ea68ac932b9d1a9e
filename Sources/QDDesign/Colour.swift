import Foundation

/// CIE 1931 colour of a QD emission band, and the dominant wavelength of a chromaticity target.
///
/// Colour-matching functions: the multi-lobe piecewise-Gaussian fit of Wyman, Sloan & Shirley, "Simple Analytic
/// Approximations to the CIE XYZ Color Matching Functions", J. Computer Graphics Techniques 2(2), 1–11 (2013),
/// which reproduces the CIE 1931 2° observer to within the accuracy needed here (the paper reports errors below
/// the variation between observers). Written from the published formula, so QDLab carries no 471-row table.
/// White point for dominant wavelengths: CIE D65, (x, y) = (0.3127, 0.3290) (CIE 015:2018).
public enum CIEColour {
    /// A chromaticity (x, y).
    public struct Chromaticity: Sendable, Codable, Equatable {
        /// CIE x.
        public let x: Double
        /// CIE y.
        public let y: Double
        /// A chromaticity from its coordinates.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// CIE D65 white point.
    public static let whitePoint = Chromaticity(x: 0.3127, y: 0.3290)

    /// One lobe g(λ; μ, σ₁, σ₂) = exp(−½((λ − μ)/σ)²), σ = σ₁ below μ and σ₂ above.
    @inline(__always) static func lobe(_ lambda: Double, _ mu: Double, _ sigmaBelow: Double, _ sigmaAbove: Double) -> Double {
        let t = (lambda - mu) / (lambda < mu ? sigmaBelow : sigmaAbove)
        return exp(-0.5 * t * t)
    }

    /// x̄, ȳ, z̄ at `lambda` nm (Wyman, Sloan & Shirley 2013, multi-lobe fit of the 1931 observer).
    public static func matchingFunctions(atNanometres lambda: Double) -> (x: Double, y: Double, z: Double) {
        let x = 1.056 * lobe(lambda, 599.8, 37.9, 31.0) + 0.362 * lobe(lambda, 442.0, 16.0, 26.7) - 0.065 * lobe(lambda, 501.1, 20.4, 26.2)
        let y = 0.821 * lobe(lambda, 568.8, 46.9, 40.5) + 0.286 * lobe(lambda, 530.9, 16.3, 31.1)
        let z = 1.217 * lobe(lambda, 437.0, 11.8, 36.0) + 0.681 * lobe(lambda, 459.0, 26.0, 13.8)
        return (x, y, z)
    }

    /// Chromaticity of monochromatic light at `lambda` nm (a point of the spectral locus).
    public static func spectralLocus(atNanometres lambda: Double) -> Chromaticity {
        let (x, y, z) = matchingFunctions(atNanometres: lambda)
        let s = x + y + z
        return Chromaticity(x: x / s, y: y / s)
    }

    /// Chromaticity of a Gaussian emission band (in wavelength) with peak `peakNanometres` and FWHM
    /// `fwhmNanometres`, integrated on a 1 nm grid over 360–830 nm. NaN when the band lies outside that range.
    /// - Complexity: 471 evaluations of the matching functions.
    public static func chromaticity(peakNanometres: Double, fwhmNanometres: Double) -> Chromaticity {
        let sigma = max(fwhmNanometres, 1e-6) / 2.354_820_045
        var sx = 0.0, sy = 0.0, sz = 0.0
        for lambda in stride(from: 360.0, through: 830.0, by: 1.0) {
            let t = (lambda - peakNanometres) / sigma
            let w = exp(-0.5 * t * t)
            let (x, y, z) = matchingFunctions(atNanometres: lambda)
            sx += w * x; sy += w * y; sz += w * z
        }
        let s = sx + sy + sz
        return s > 0 ? Chromaticity(x: sx / s, y: sy / s) : Chromaticity(x: .nan, y: .nan)
    }

    /// Dominant wavelength (nm) of `target` seen from the D65 white point: the spectral-locus wavelength on the
    /// ray from white through the target, found by scanning 380–700 nm in 0.05 nm steps for the smallest angle.
    /// - Throws: `DesignError.invalidRequest` for coordinates outside (0, 1), a target at the white point, or a
    ///   purple (non-spectral) target, whose ray meets the purple line: one QD band cannot produce it.
    public static func dominantWavelength(of target: Chromaticity) throws -> Double {
        guard target.x.isFinite, target.y.isFinite, target.x > 0, target.y > 0, target.x + target.y < 1 else {
            throw DesignError(.invalidRequest, "CIE colour (\(target.x), \(target.y)) is not valid (rule: 0 < x, 0 < y, x + y < 1). Pass CIE 1931 coordinates, e.g. --cie 0.17,0.80 for green.")
        }
        let dx = target.x - whitePoint.x, dy = target.y - whitePoint.y
        guard (dx * dx + dy * dy).squareRoot() > 0.01 else {
            throw DesignError(.invalidRequest, "CIE colour (\(target.x), \(target.y)) is within 0.01 of the D65 white point (rule: a single QD band is saturated; white needs a mixture). Design each primary separately, e.g. --preset display-green.")
        }
        let angle = atan2(dy, dx)
        var best = (lambda: 0.0, gap: Double.infinity)
        for lambda in stride(from: 380.0, through: 700.0, by: 0.05) {
            let p = spectralLocus(atNanometres: lambda)
            var gap = abs(atan2(p.y - whitePoint.y, p.x - whitePoint.x) - angle)
            if gap > Double.pi { gap = 2 * Double.pi - gap }
            if gap < best.gap { best = (lambda, gap) }
        }
        guard best.gap < 0.01 else {
            throw DesignError(.invalidRequest, String(format: "CIE colour (%.3f, %.3f) is purple (rule: its hue lies on the line of purples, which no single emission band reaches). Mix a red and a blue emitter, or pass --emission.", target.x, target.y))
        }
        return best.lambda
    }
}
