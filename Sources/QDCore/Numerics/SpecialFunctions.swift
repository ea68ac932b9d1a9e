import Foundation

/// Special functions not in the C math library that QDCore's distributions need.
///
/// Hand-written because the candidates on this machine (GSL, Cephes via SciPy) are either excluded from the build
/// (GSL replaces OpenBLAS's CBLAS, see docs/notes) or not C libraries we link; each function is a short, published
/// formula.
public enum SpecialFunctions {
    /// ln Γ(x) for x > 0, from the C library's re-entrant `lgamma_r` (plain `lgamma` writes the global `signgam`,
    /// a data race when tests or callers run in parallel). NaN for NaN or x ≤ 0 (poles and sign changes are not
    /// reported by this helper).
    public static func logGamma(_ x: Double) -> Double {
        guard x > 0 else { return .nan }
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// ln Γ(a + ½) − ln Γ(a) for a > 0, accurate also for large a where the two log-gammas nearly cancel.
    ///
    /// For a ≥ 1e5 uses the asymptotic expansion ½ ln a − 1/(8a) + 1/(192a³) (from Γ(a+½)/Γ(a) =
    /// √a (1 − 1/(8a) + 1/(128a²) + 5/(1024a³) + …), Abramowitz & Stegun 6.1.47), whose omitted terms are below
    /// 1e-26 there. Below 1e5 it is the difference of two `lgamma` values, whose absolute rounding error is about
    /// ε · ln Γ(a) (≤ 1e-10 at a = 1e5, ≤ 1e-13 for a ≤ 100).
    public static func logGammaHalfRatio(_ a: Double) -> Double {
        guard a > 0 else { return .nan }
        if a >= 1e5 {
            return 0.5 * log(a) - 1 / (8 * a) + 1 / (192 * a * a * a)
        }
        return logGamma(a + 0.5) - logGamma(a)
    }

    /// The regularised incomplete beta function Iₓ(a, b) = B(x; a, b) / B(a, b) for 0 ≤ x ≤ 1, a, b > 0.
    ///
    /// Formula: Iₓ(a, b) = xᵃ (1 − x)ᵇ / (a B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …))) with
    /// d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m))
    /// (Abramowitz & Stegun 26.5.8; evaluated by the modified Lentz algorithm, Lentz 1976 / Thompson & Barnett
    /// 1986, as described in Press et al., *Numerical Recipes*, 3rd ed., §6.4). The fraction converges quickly for
    /// x < (a + 1)/(a + b + 2); otherwise 1 − I₁₋ₓ(b, a) is used.
    ///
    /// - Parameters:
    ///   - x: the argument.
    ///   - complement: 1 − x, if the caller can compute it more accurately than `1 - x` (e.g. t²/(ν + t²)); nil
    ///     computes it.
    ///   - logBeta: ln B(a, b) if already known accurately; nil computes it from `lgamma`.
    /// - Returns: Iₓ(a, b) in [0, 1]; NaN for NaN inputs, x outside [0, 1], or a, b ≤ 0. The continued fraction is
    ///   stopped at relative change 1e-15 or 10 000 terms (ample: it needs O(√max(a, b)) terms).
    public static func regularizedIncompleteBeta(
        _ x: Double, a: Double, b: Double, complement: Double? = nil, logBeta: Double? = nil
    ) -> Double {
        let y = complement ?? (1 - x)
        guard !x.isNaN, !y.isNaN, a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        let lb = logBeta ?? (logGamma(a) + logGamma(b) - logGamma(a + b))
        // ln x and ln(1 − x) from whichever of x, 1 − x is the small, accurately known one: for x near 1,
        // ln x = log1p(−(1 − x)). With a large (Student t with ν = 1e6 has a = 5e5) an error of ε in ln x
        // would otherwise be multiplied by a.
        let logX = x > 0.5 ? log1p(-y) : log(x)
        let logY = y > 0.5 ? log1p(-x) : log(y)
        let logFront = a * logX + b * logY - lb
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(y, a: b, b: a) / b
    }

    /// The continued fraction of `regularizedIncompleteBeta` (A&S 26.5.8) by the modified Lentz method.
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let mm = Double(m)
            let m2 = 2 * mm
            // Even step d₂ₘ.
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step d₂ₘ₊₁.
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
