import Foundation

/// A homogeneous (single-particle) line shape in energy, area-normalised to 1 (units: 1/eV).
///
/// - `gaussian`: G(x) = exp(−x²/2σ²)/(σ√2π), σ = FWHM/(2√(2 ln 2)) = FWHM/2.3548.
/// - `lorentzian`: L(x) = (Γ/2π)/(x² + Γ²/4), Γ = FWHM.
/// - `pseudoVoigt`: the Thompson–Cox–Hastings pseudo-Voigt, η·L(x; f) + (1 − η)·G(x; f), with
///   f = (f_G⁵ + 2.69269 f_G⁴f_L + 2.42843 f_G³f_L² + 4.47163 f_G²f_L³ + 0.07842 f_G f_L⁴ + f_L⁵)^(1/5) and
///   η = 1.36603 (f_L/f) − 0.47719 (f_L/f)² + 0.11116 (f_L/f)³ (Thompson, Cox & Hastings, *J. Appl. Cryst.*
///   20, 79 (1987)); it matches the true Voigt profile to about 1 % of the peak height. Hand-written rather
///   than a Faddeeva-function library because the formula is five lines and no such library is a dependency.
///
/// Room-temperature single-dot spectra are close to Gaussian (phonon broadening), so `gaussian` is the
/// default homogeneous line: then homogeneous and inhomogeneous widths add in quadrature exactly.
public enum LineShape: Sendable, Codable, Equatable {
    case gaussian(fwhmElectronvolts: Double)
    case lorentzian(fwhmElectronvolts: Double)
    case pseudoVoigt(gaussianFWHMElectronvolts: Double, lorentzianFWHMElectronvolts: Double)

    /// FWHM/σ of a Gaussian, 2√(2 ln 2).
    public static let gaussianFWHMPerSigma = 2 * (2 * log(2.0)).squareRoot()

    /// Checks the widths: every width finite and ≥ 0, and the total width > 0.
    /// - Throws: `PhysicsError.invalidValue` naming the width and the rule.
    public func validated() throws -> LineShape {
        let widths: [Double]
        switch self {
        case .gaussian(let w), .lorentzian(let w): widths = [w]
        case .pseudoVoigt(let g, let l): widths = [g, l]
        }
        for w in widths where !(w.isFinite && w >= 0) {
            throw PhysicsError(.invalidValue, "Homogeneous line width \(w) eV is not valid (rule: a finite FWHM ≥ 0 eV). Pass the single-particle FWHM in electronvolts (e.g. 0.060 for 60 meV).")
        }
        guard fwhmElectronvolts > 0 else {
            throw PhysicsError(.invalidValue, "Homogeneous line width 0 eV is not valid (rule: total FWHM > 0 eV; a zero-width line cannot be sampled on a grid). Pass a positive FWHM, e.g. 0.001 eV for a near-delta line.")
        }
        return self
    }

    /// Total FWHM in eV (for the pseudo-Voigt, the TCH f).
    public var fwhmElectronvolts: Double {
        switch self {
        case .gaussian(let w), .lorentzian(let w): return w
        case .pseudoVoigt(let g, let l): return Self.tchParameters(gaussian: g, lorentzian: l).f
        }
    }

    /// TCH total width f and Lorentzian fraction η.
    static func tchParameters(gaussian fG: Double, lorentzian fL: Double) -> (f: Double, eta: Double) {
        let f5 = pow(fG, 5) + 2.69269 * pow(fG, 4) * fL + 2.42843 * pow(fG, 3) * fL * fL
            + 4.47163 * fG * fG * pow(fL, 3) + 0.07842 * fG * pow(fL, 4) + pow(fL, 5)
        let f = pow(f5, 0.2)
        guard f > 0 else { return (0, 0) }
        let r = fL / f
        return (f, 1.36603 * r - 0.47719 * r * r + 0.11116 * r * r * r)
    }

    /// Value (1/eV) at an energy offset `x` (eV) from the line centre. Area over all x is 1.
    /// NaN in, NaN out. Complexity O(1).
    public func value(atOffsetElectronvolts x: Double) -> Double {
        switch self {
        case .gaussian(let w): return Self.gaussian(x, fwhm: w)
        case .lorentzian(let w): return Self.lorentzian(x, fwhm: w)
        case .pseudoVoigt(let g, let l):
            let (f, eta) = Self.tchParameters(gaussian: g, lorentzian: l)
            return eta * Self.lorentzian(x, fwhm: f) + (1 - eta) * Self.gaussian(x, fwhm: f)
        }
    }

    private static func gaussian(_ x: Double, fwhm: Double) -> Double {
        let sigma = fwhm / gaussianFWHMPerSigma
        let z = x / sigma
        return exp(-0.5 * z * z) / (sigma * (2 * Double.pi).squareRoot())
    }

    private static func lorentzian(_ x: Double, fwhm: Double) -> Double {
        let half = fwhm / 2
        return half / (Double.pi * (x * x + half * half))
    }
}

/// Peak position and full width at half maximum of a sampled curve.
public struct PeakMetrics: Sendable, Codable, Equatable {
    /// Abscissa of the maximum (parabolic interpolation through the three highest samples).
    public let position: Double
    /// Interpolated maximum value.
    public let height: Double
    /// Full width at half maximum, from linear interpolation of the two half-maximum crossings nearest the
    /// peak; `nil` when the curve does not fall below half maximum on one side within the grid.
    public let fullWidthAtHalfMaximum: Double?

    public init(position: Double, height: Double, fullWidthAtHalfMaximum: Double?) {
        self.position = position
        self.height = height
        self.fullWidthAtHalfMaximum = fullWidthAtHalfMaximum
    }

    /// Measures the highest peak of `values` sampled at `abscissae` (strictly monotonic, either direction).
    /// - Throws: `PhysicsError.invalidValue` when the arrays differ in length, have fewer than 3 points,
    ///   contain NaN, or the curve has no positive maximum.
    /// - Complexity: O(n).
    public static func measure(abscissae x: [Double], values y: [Double]) throws -> PeakMetrics {
        guard x.count == y.count, x.count >= 3 else {
            throw PhysicsError(.invalidValue, "Peak measurement needs ≥ 3 samples with as many abscissae as values (got \(x.count) abscissae, \(y.count) values). Pass a finer grid.")
        }
        guard !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else {
            throw PhysicsError(.invalidValue, "Peak measurement got NaN in the curve (rule: finite samples). Remove NaN points before measuring.")
        }
        var k = 0
        for i in 1..<y.count where y[i] > y[k] { k = i }
        guard y[k] > 0 else {
            throw PhysicsError(.invalidValue, "Peak measurement found no positive maximum (maximum \(y[k])). The curve may lie outside the grid; widen the wavelength range.")
        }
        var position = x[k], height = y[k]
        if k > 0, k < y.count - 1 {
            let (y0, y1, y2) = (y[k - 1], y[k], y[k + 1])
            let denom = y0 - 2 * y1 + y2
            if denom < 0 {
                let t = 0.5 * (y0 - y2) / denom           // vertex offset in samples, in (−1, 1)
                let h = t >= 0 ? x[k + 1] - x[k] : x[k] - x[k - 1]
                position = x[k] + t * h
                height = y1 - 0.25 * (y0 - y2) * t
            }
        }
        let half = height / 2
        func crossing(stepping step: Int) -> Double? {
            var i = k
            while i + step >= 0, i + step < y.count {
                let j = i + step
                if y[j] <= half {
                    let t = (y[i] - half) / (y[i] - y[j])
                    return x[i] + t * (x[j] - x[i])
                }
                i = j
            }
            return nil
        }
        var width: Double?
        if let a = crossing(stepping: -1), let b = crossing(stepping: 1) { width = abs(b - a) }
        return PeakMetrics(position: position, height: height, fullWidthAtHalfMaximum: width)
    }
}
