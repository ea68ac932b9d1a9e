/// Scalar root finding.
///
/// Brent's method (Brent 1973, *Algorithms for Minimization without Derivatives*, ch. 4): inverse quadratic
/// interpolation and secant steps, falling back to bisection so that the bracket always shrinks.
/// Written here because it is twenty lines and no C library on this machine offers a scalar root finder
/// with a Swift-closure interface.
public enum RootFinding {
    /// Finds `x` in `[lower, upper]` with `f(x) = 0`.
    ///
    /// - Parameters:
    ///   - lower, upper: the bracket; `f(lower)` and `f(upper)` must have opposite signs (or one be zero).
    ///   - absoluteTolerance: stop when the bracket is narrower than this.
    ///   - maxIterations: at most this many function evaluations after the first two.
    /// - Throws: `CoreError.noBracket` when the signs do not differ (the message gives both values),
    ///   `CoreError.invalidArgument` for a NaN end point or function value,
    ///   `CoreError.noConvergence` when `maxIterations` is reached.
    /// - Complexity: superlinear convergence for smooth `f`; never worse than bisection.
    public static func brent(
        lower: Double, upper: Double,
        absoluteTolerance: Double = 1e-12, maxIterations: Int = 200,
        _ f: (Double) throws -> Double
    ) throws -> Double {
        guard lower.isFinite, upper.isFinite else {
            throw CoreError(.invalidArgument, "Root bracket [\(lower), \(upper)] must be finite.")
        }
        var a = lower, b = upper
        var fa = try f(a), fb = try f(b)
        guard !fa.isNaN, !fb.isNaN else {
            throw CoreError(.invalidArgument, "Function is NaN at a bracket end: f(\(a)) = \(fa), f(\(b)) = \(fb).")
        }
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard (fa < 0) != (fb < 0) else {
            throw CoreError(
                .noBracket,
                "No sign change on [\(a), \(b)]: f(\(a)) = \(fa), f(\(b)) = \(fb). Widen the bracket so the values differ in sign.")
        }
        var c = a, fc = fa, d = b - a, e = d
        for _ in 0..<maxIterations {
            if (fb < 0) == (fc < 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * absoluteTolerance
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * m * s; q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = m; e = m
                }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = try f(b)
            guard !fb.isNaN else { throw CoreError(.invalidArgument, "Function returned NaN at x = \(b).") }
        }
        throw CoreError(.noConvergence, "Brent root finding did not converge in \(maxIterations) iterations on [\(lower), \(upper)]; raise maxIterations or loosen the tolerance.")
    }
}
