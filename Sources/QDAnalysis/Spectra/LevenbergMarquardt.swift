import Foundation
import QDCore

/// Result of a bounded nonlinear least-squares fit.
public struct LeastSquaresFit: Sendable, Codable, Equatable {
    /// Best parameters found (inside the bounds).
    public let parameters: [Double]
    /// Standard errors √diag(s²(JᵀJ)⁻¹), s² = SSR/(n − p); NaN for a parameter at a bound or when JᵀJ is singular.
    public let standardErrors: [Double]
    /// Sum of squared residuals at the solution.
    public let sumOfSquares: Double
    /// Iterations taken.
    public let iterations: Int
    /// Whether a convergence test was met (otherwise the iteration limit was hit).
    public let converged: Bool
}

/// Bounded Levenberg–Marquardt (Levenberg 1944; Marquardt, *J. SIAM* 11, 431 (1963)) with Marquardt's diagonal
/// scaling and projection of each step onto the box.
///
/// Hand-written because neither library here offers it: NLopt (QDCore's optimiser) has no least-squares
/// algorithm, and LAPACK solves only the linear sub-problem. Each step solves (JᵀJ + μ·diag(JᵀJ))δ = −Jᵀr with
/// QDCore's Cholesky (LAPACK `dpotrf`); the Jacobian is by central differences.
public enum LevenbergMarquardt {
    /// Minimises Σ rᵢ(θ)² over lower ≤ θ ≤ upper from `start`.
    /// - Parameters:
    ///   - residuals: r(θ), a fixed-length vector; must be finite inside the bounds.
    ///   - relativeTolerance: stop when a step changes SSR and every parameter by less than this (relative).
    /// - Throws: `AnalysisError.invalidValue` for a start outside the bounds, mismatched lengths, fewer residuals
    ///   than parameters, or a non-finite residual at the start; `.noConvergence` when no step can reduce SSR
    ///   from a non-finite state.
    /// - Complexity: O(iterations · (2p residual evaluations + n·p²)).
    public static func minimize(
        start: [Double], lower: [Double], upper: [Double], maxIterations: Int = 200, relativeTolerance: Double = 1e-10,
        residuals: ([Double]) -> [Double]
    ) throws -> LeastSquaresFit {
        let p = start.count
        guard lower.count == p, upper.count == p, zip(lower, upper).allSatisfy({ $0 <= $1 }),
              (0..<p).allSatisfy({ start[$0] >= lower[$0] && start[$0] <= upper[$0] && start[$0].isFinite }) else {
            throw AnalysisError(.invalidValue, "Least-squares start \(start) is not inside the bounds \(lower)…\(upper) (rule: lower ≤ start ≤ upper, finite, equal lengths). Fix the initial guess or widen the bounds.")
        }
        var theta = start
        var r = residuals(theta)
        guard r.count >= p, r.allSatisfy(\.isFinite) else {
            throw AnalysisError(.invalidValue, "Least squares needs at least as many finite residuals (\(r.count)) as parameters (\(p)) at the start (rule: n ≥ p, finite model). Use fewer peaks or more data.")
        }
        var ssr = r.reduce(0) { $0 + $1 * $1 }
        var mu = 1e-3
        var converged = false
        var iteration = 0
        var jacobian = try jacobianAt(theta, r: r, lower: lower, upper: upper, residuals: residuals)
        while iteration < maxIterations {
            iteration += 1
            let jtj = try jacobian.multiplied(by: jacobian, transposingSelf: true)
            let gradient = try jacobian.multiplied(by: r, transposingSelf: true)
            var accepted = false
            for _ in 0..<30 {
                var damped = jtj
                for j in 0..<p { damped[j, j] += mu * max(jtj[j, j], 1e-12) }
                guard let factor = try? damped.cholesky(jitter: .standard),
                      let delta = try? factor.solve(gradient.map { -$0 }) else { mu *= 10; continue }
                let trial = (0..<p).map { min(max(theta[$0] + delta[$0], lower[$0]), upper[$0]) }
                let rt = residuals(trial)
                let st = rt.allSatisfy(\.isFinite) ? rt.reduce(0) { $0 + $1 * $1 } : .infinity
                if st < ssr {
                    let stepSmall = (0..<p).allSatisfy { abs(trial[$0] - theta[$0]) <= relativeTolerance * (abs(theta[$0]) + relativeTolerance) }
                    let gainSmall = (ssr - st) <= relativeTolerance * ssr
                    theta = trial
                    r = rt
                    ssr = st
                    mu = max(mu / 10, 1e-12)
                    accepted = true
                    if stepSmall || gainSmall { converged = true }
                    break
                }
                mu *= 10
                if mu > 1e16 { break }
            }
            if !accepted { converged = true }  // no descent possible: at a (bounded) minimum to machine precision
            if converged { break }
            jacobian = try jacobianAt(theta, r: r, lower: lower, upper: upper, residuals: residuals)
        }
        jacobian = try jacobianAt(theta, r: r, lower: lower, upper: upper, residuals: residuals)
        let errors = standardErrors(jacobian, ssr: ssr, n: r.count, theta: theta, lower: lower, upper: upper)
        return LeastSquaresFit(parameters: theta, standardErrors: errors, sumOfSquares: ssr, iterations: iteration, converged: converged)
    }

    static func jacobianAt(_ theta: [Double], r: [Double], lower: [Double], upper: [Double], residuals: ([Double]) -> [Double]) throws -> Matrix {
        let n = r.count, p = theta.count
        var j = Matrix(rows: n, columns: p)
        for k in 0..<p {
            let h = 1e-6 * max(abs(theta[k]), 1e-3)
            var plus = theta, minus = theta
            plus[k] = min(theta[k] + h, upper[k])
            minus[k] = max(theta[k] - h, lower[k])
            let span = plus[k] - minus[k]
            guard span > 0 else { continue }
            let rp = residuals(plus), rm = residuals(minus)
            for i in 0..<n { j[i, k] = (rp[i] - rm[i]) / span }
        }
        guard j.isFinite else {
            throw AnalysisError(.noConvergence, "Least squares: the Jacobian is not finite at \(theta) (rule: the model must be smooth inside the bounds). Tighten the bounds away from singular widths.")
        }
        return j
    }

    static func standardErrors(_ j: Matrix, ssr: Double, n: Int, theta: [Double], lower: [Double], upper: [Double]) -> [Double] {
        let p = theta.count
        guard n > p, let jtj = try? j.multiplied(by: j, transposingSelf: true),
              let factor = try? jtj.cholesky(jitter: .none), let inverseDiagonal = try? factor.inverseDiagonal() else {
            return [Double](repeating: .nan, count: p)
        }
        let s2 = ssr / Double(n - p)
        return (0..<p).map { k in
            let atBound = theta[k] <= lower[k] || theta[k] >= upper[k]
            return atBound ? .nan : (s2 * inverseDiagonal[k]).squareRoot()
        }
    }
}
