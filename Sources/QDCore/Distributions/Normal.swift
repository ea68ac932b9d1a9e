import Foundation

/// The normal (Gaussian) distribution N(μ, σ²).
///
/// NaN behaviour: every function returns NaN for a NaN argument. `quantile` returns NaN outside [0, 1] and ∓∞ at
/// 0 and 1. `cdf(−∞) = 0`, `cdf(+∞) = 1`, `pdf(±∞) = 0`.
public struct Normal: Sendable, Equatable, Hashable, Codable {
    /// μ, the mean.
    public let mean: Double
    /// σ, the standard deviation (> 0).
    public let standardDeviation: Double

    /// N(0, 1).
    public static let standard = Normal(uncheckedMean: 0, standardDeviation: 1)

    /// N(mean, standardDeviation²).
    /// - Throws: `CoreError.invalidArgument` unless `mean` is finite and `standardDeviation` is finite and > 0.
    public init(mean: Double, standardDeviation: Double) throws {
        guard mean.isFinite else {
            throw CoreError(.invalidArgument, "The 'mean' of Normal must be finite. Got \(mean).")
        }
        guard standardDeviation.isFinite, standardDeviation > 0 else {
            throw CoreError(
                .invalidArgument,
                "The 'standardDeviation' of Normal must be finite and > 0. Got \(standardDeviation). For a point mass use the value itself.")
        }
        self.init(uncheckedMean: mean, standardDeviation: standardDeviation)
    }

    private init(uncheckedMean: Double, standardDeviation: Double) {
        self.mean = uncheckedMean
        self.standardDeviation = standardDeviation
    }

    /// ½ ln(2π).
    static let logSqrtTwoPi = 0.5 * log(2 * Double.pi)

    /// Density φ((x − μ)/σ)/σ with φ(z) = exp(−z²/2)/√(2π).
    public func pdf(_ x: Double) -> Double { exp(logpdf(x)) }

    /// log density: −z²/2 − ln σ − ½ ln(2π), z = (x − μ)/σ. −∞ at ±∞.
    public func logpdf(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z - log(standardDeviation) - Self.logSqrtTwoPi
    }

    /// P(X ≤ x) = ½ erfc(−z/√2), accurate to a few ulps in relative terms also deep in the lower tail
    /// (erfc does not cancel there, unlike ½(1 + erf)).
    public func cdf(_ x: Double) -> Double {
        0.5 * erfc(-(x - mean) / (standardDeviation * 2.0.squareRoot()))
    }

    /// P(X > x) = ½ erfc(z/√2): the upper tail without the cancellation of 1 − cdf.
    public func survival(_ x: Double) -> Double {
        0.5 * erfc((x - mean) / (standardDeviation * 2.0.squareRoot()))
    }

    /// The x with P(X ≤ x) = p.
    ///
    /// Acklam's rational approximation (P. J. Acklam, "An algorithm for computing the inverse normal cumulative
    /// distribution function", 2003; relative error < 1.15e-9) followed by one Halley step on Φ(x) − p using
    /// `erfc`, which brings it to double precision. The lower tail is solved directly and p > ½ by symmetry
    /// (1 − p is exact there), so small tail probabilities keep their relative accuracy.
    public func quantile(_ p: Double) -> Double {
        mean + standardDeviation * Self.standardQuantile(p)
    }

    /// Φ⁻¹(p) for the standard normal; see `quantile`.
    static func standardQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }  // also NaN
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -standardQuantile(1 - p) }
        var x = acklam(p)
        // Halley refinement (Acklam's note): e = Φ(x) − p, u = e / φ(x), x ← x − u / (1 + x u / 2).
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * exp(0.5 * x * x + logSqrtTwoPi)
        if u.isFinite { x -= u / (1 + 0.5 * x * u) }
        return x
    }

    /// Acklam's approximation for 0 < p ≤ ½ (coefficients from the published algorithm).
    private static func acklam(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
