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
    /// For a ≥ 10 it is the difference of Stirling's series (A&S 6.1.40) written so nothing cancels:
    /// ½ ln a + [a · log1p(1/(2a)) − ½] + Σₖ B₂ₖ/(2k(2k − 1)) · ((a + ½)^(1−2k) − a^(1−2k)), k = 1…6, whose
    /// truncation error is below 1e-17 there; absolute error ≈ 1e-16. Below 10 it is `logGamma(a + ½) − logGamma(a)`
    /// (both terms are O(10), so the absolute error is also ≈ 1e-15). A plain difference of `lgamma` values would
    /// lose ε · ln Γ(a), e.g. 1e-10 at a = 1e5.
    public static func logGammaHalfRatio(_ a: Double) -> Double {
        guard a > 0 else { return .nan }
        guard a >= 10 else { return logGamma(a + 0.5) - logGamma(a) }
        // Stirling coefficients B₂ₖ / (2k(2k − 1)) for k = 1…6.
        let stirling: [Double] = [1 / 12.0, -1 / 360.0, 1 / 1260.0, -1 / 1680.0, 1 / 1188.0, -691 / 360_360.0]
        var series = 0.0
        for (i, coefficient) in stirling.enumerated() {
            let power = Double(1 - 2 * (i + 1))
            series += coefficient * (pow(a + 0.5, power) - pow(a, power))
        }
        return 0.5 * log(a) + (a * log1p(0.5 / a) - 0.5) + series
    }

    /// ln erfc(x) for x ≥ 0 without underflow: `log(erfc(x))` below 26, and above it the asymptotic expansion
    /// erfc(x) = e^(−x²)/(x√π) · (1 + Σₖ (−1)ᵏ (2k − 1)!!/(2x²)ᵏ) (A&S 7.1.23), summed while the terms shrink
    /// (the first omitted term is below 1e-30 for x ≥ 26). NaN for NaN or x < 0.
    public static func logErfc(_ x: Double) -> Double {
        guard x >= 0 else { return .nan }
        if x < 26 { return log(erfc(x)) }
        let inverse = 1 / (2 * x * x)
        var term = 1.0, sum = 0.0
        for k in 1...12 {
            term *= -Double(2 * k - 1) * inverse
            sum += term
        }
        return -x * x - log(x) - 0.5 * log(Double.pi) + log1p(sum)
    }

    /// Iₓ(a, ½) for large a (≥ 15) and x = e^(−s) with 0 ≤ s ≤ 1: a uniform expansion used by `StudentT`, where
    /// the continued fraction of `regularizedIncompleteBeta` is ill-conditioned (it loses ~log₁₀(a/(a s)) digits).
    ///
    /// Derivation (written out here; the ingredients are standard): with u = e^(−v),
    /// B(a, ½) · Iₓ(a, ½) = ∫ₛ^∞ e^(−a v) (1 − e^(−v))^(−½) dv, and (1 − e^(−v))^(−½) = v^(−½) h(v) with
    /// h(v) = (v / (1 − e^(−v)))^(½) = Σ hₖ vᵏ analytic for |v| < 2π. Integrating term by term,
    /// Iₓ(a, ½) = (1 / B(a, ½)) Σₖ hₖ a^(−(k+½)) Γ(k + ½, a s), with the upper incomplete gamma
    /// Γ(½, c) = √π erfc(√c) and Γ(k + ½, c) = (k − ½) Γ(k − ½, c) + c^(k−½) e^(−c) (A&S 6.5.22). All terms are
    /// positive multiples of Γ(½, c) of relative size ≈ hₖ sᵏ (or k!/(2πa)ᵏ for small s), so the sum is
    /// well-conditioned and converges in ≤ 40 terms for s ≤ 1, a ≥ 15.
    /// - Parameters:
    ///   - s: −ln x, passed directly so that it keeps full relative precision (e.g. log1p(t²/ν)).
    ///   - logBeta: ln B(a, ½).
    static func incompleteBetaHalfLargeA(a: Double, s: Double, logBeta: Double) -> Double {
        let c = a * s
        let logGammaHalfC = 0.5 * log(Double.pi) + logErfc(c.squareRoot())  // ln Γ(½, c)
        var ratio = 1.0  // Γ(k + ½, c) / Γ(½, c)
        var sum = halfBetaSeries[0]
        var aPower = 1.0
        for k in 1..<halfBetaSeries.count {
            let kHalf = Double(k) - 0.5
            ratio = kHalf * ratio + exp(kHalf * log(c) - c - logGammaHalfC)
            aPower /= a
            let term = halfBetaSeries[k] * aPower * ratio
            sum += term
            if abs(term) < 1e-17 * sum { break }
        }
        return exp(-logBeta - 0.5 * log(a) + logGammaHalfC) * sum
    }

    /// Taylor coefficients hₖ of h(v) = (v / (1 − e^(−v)))^(½), k = 0…39: v/(1 − e^(−v)) = 1 / g(v) with
    /// g(v) = Σ (−1)ⁿ vⁿ/(n + 1)!, then the series square root. Coefficients shrink like (2π)^(−k).
    static let halfBetaSeries: [Double] = {
        let count = 40
        var g = [Double](repeating: 0, count: count)
        var factorial = 1.0
        for n in 0..<count {
            factorial *= Double(n + 1)
            g[n] = (n % 2 == 0 ? 1 : -1) / factorial
        }
        var f = [Double](repeating: 0, count: count)  // f = 1/g
        for n in 0..<count {
            var s = n == 0 ? 1.0 : 0.0
            for i in 0..<n { s -= f[i] * g[n - i] }
            f[n] = s / g[0]
        }
        var h = [Double](repeating: 0, count: count)  // h = √f, h₀ = 1
        h[0] = 1
        for n in 1..<count {
            var s = f[n]
            for i in 1..<n { s -= h[i] * h[n - i] }
            h[n] = s / 2
        }
        return h
    }()

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
