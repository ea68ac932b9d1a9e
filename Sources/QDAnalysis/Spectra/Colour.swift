import Foundation

/// CIE 1931 2° colour-matching functions and chromaticity of emission spectra.
///
/// The functions are the multi-lobe piecewise-Gaussian fit of Wyman, Sloan & Shirley, "Simple Analytic
/// Approximations to the CIE XYZ Color Matching Functions", *JCGT* 2(2), 1–11 (2013), eq. 2, which reproduces the
/// CIE 1931 tables (CIE 015:2018) to within the spread of the original observer data. Published coefficients, no
/// table shipped: `/work/shared/reference` holds no CIE data.
public enum CIE1931 {
    /// Equal-energy white point E.
    public static let whitePointE = (x: 1.0 / 3, y: 1.0 / 3)
    /// D65 white point (CIE 015:2018): x 0.3127, y 0.3290.
    public static let whitePointD65 = (x: 0.3127, y: 0.3290)

    static func lobe(_ l: Double, _ mu: Double, _ below: Double, _ above: Double) -> Double {
        let t = (l - mu) / (l < mu ? below : above)
        return exp(-0.5 * t * t)
    }

    /// (x̄, ȳ, z̄) at wavelength `nanometres` (Wyman et al. 2013, eq. 2).
    public static func colourMatching(_ nanometres: Double) -> (x: Double, y: Double, z: Double) {
        let l = nanometres
        let x = 1.056 * lobe(l, 599.8, 37.9, 31.0) + 0.362 * lobe(l, 442.0, 16.0, 26.7) - 0.065 * lobe(l, 501.1, 20.4, 26.2)
        let y = 0.821 * lobe(l, 568.8, 46.9, 40.5) + 0.286 * lobe(l, 530.9, 16.3, 31.1)
        let z = 1.217 * lobe(l, 437.0, 11.8, 36.0) + 0.681 * lobe(l, 459.0, 26.0, 13.8)
        return (x, y, z)
    }

    /// Chromaticity (x, y) of monochromatic light at `nanometres` (a point of the spectral locus).
    public static func locus(_ nanometres: Double) -> (x: Double, y: Double) {
        let c = colourMatching(nanometres)
        let sum = c.x + c.y + c.z
        return (c.x / sum, c.y / sum)
    }
}

/// Colour of an emission spectrum.
public struct ChromaticityReport: Sendable, Codable, Equatable {
    /// CIE 1931 x.
    public let x: Double
    /// CIE 1931 y.
    public let y: Double
    /// Dominant wavelength, nm (the locus point on the ray from the white point through (x, y)); negative for a
    /// purple (then the value is minus the complementary wavelength, the CIE convention).
    public let dominantWavelengthNanometres: Double
    /// Excitation purity |S − W| / |D − W| (0 white … 1 monochromatic).
    public let colourPurity: Double
}

extension CIE1931 {
    /// Chromaticity, dominant wavelength and colour purity of an emission spectrum (trapezoidal integration of
    /// S(λ)·x̄, ȳ, z̄ over 360–830 nm; negative intensities clipped to 0). Purity is relative to `white` (default
    /// the equal-energy point, common for QD emitters; pass `whitePointD65` for display work).
    /// - Throws: `AnalysisError.noFeature` when the spectrum has no positive intensity within 360–830 nm.
    public static func chromaticity(of spectrum: Spectrum, white: (x: Double, y: Double) = whitePointE) throws -> ChromaticityReport {
        let s = spectrum.inNanometres()
        var tx = 0.0, ty = 0.0, tz = 0.0
        for i in 1..<s.count {
            let a = s.x[i - 1], b = s.x[i]
            guard b > 360, a < 830 else { continue }
            let ca = colourMatching(a), cb = colourMatching(b)
            let ya = max(s.y[i - 1], 0), yb = max(s.y[i], 0)
            let h = (b - a) / 2
            tx += h * (ya * ca.x + yb * cb.x)
            ty += h * (ya * ca.y + yb * cb.y)
            tz += h * (ya * ca.z + yb * cb.z)
        }
        let sum = tx + ty + tz
        guard sum > 0 else {
            throw AnalysisError(.noFeature, "Spectrum '\(s.label)' has no positive intensity between 360 and 830 nm (rule: colour needs visible emission). Check the baseline and the axis unit.")
        }
        let x = tx / sum, y = ty / sum
        let (dominant, boundary) = dominantWavelength(x: x, y: y, white: white)
        let distance = hypot(x - white.x, y - white.y)
        let full = hypot(boundary.x - white.x, boundary.y - white.y)
        return ChromaticityReport(x: x, y: y, dominantWavelengthNanometres: dominant, colourPurity: full > 0 ? min(distance / full, 1) : 0)
    }

    /// Where the ray from `white` through (x, y) leaves the gamut: the locus (sampled every 0.5 nm, 380–700 nm)
    /// or the purple line joining its ends.
    static func dominantWavelength(x: Double, y: Double, white: (x: Double, y: Double)) -> (Double, (x: Double, y: Double)) {
        let dx = x - white.x, dy = y - white.y
        var best: (t: Double, wavelength: Double, point: (x: Double, y: Double))?
        func intersect(_ p: (x: Double, y: Double), _ q: (x: Double, y: Double)) -> (t: Double, u: Double)? {
            let ex = q.x - p.x, ey = q.y - p.y
            let det = dx * (-ey) - dy * (-ex)
            guard abs(det) > 1e-15 else { return nil }
            let rx = p.x - white.x, ry = p.y - white.y
            let t = (rx * (-ey) - ry * (-ex)) / det
            let u = (dx * ry - dy * rx) / det
            return (t, u)
        }
        var l = 380.0
        var p = locus(l)
        while l < 700 {
            let q = locus(l + 0.5)
            if let (t, u) = intersect(p, q), t > 0, u >= 0, u <= 1, best.map({ t < $0.t }) ?? true {
                best = (t, l + 0.5 * u, (white.x + t * dx, white.y + t * dy))
            }
            p = q
            l += 0.5
        }
        let blue = locus(380), red = locus(700)
        if let (t, u) = intersect(blue, red), t > 0, u >= 0, u <= 1, best.map({ t < $0.t }) ?? true {
            // Purple: report minus the complementary wavelength (the opposite ray).
            let (opposite, _) = dominantWavelength(x: white.x - dx, y: white.y - dy, white: white)
            return (-abs(opposite), (white.x + t * dx, white.y + t * dy))
        }
        guard let best else { return (.nan, (x, y)) }
        return (best.wavelength, best.point)
    }
}
