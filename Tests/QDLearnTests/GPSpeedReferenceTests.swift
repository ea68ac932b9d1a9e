import Foundation
import QDCore
import Testing
@testable import QDLearn

/// The fast GP likelihood (pair-packed distances, BLAS gemv, LAPACK dpotri) against a dense textbook evaluation.
@Suite("GP likelihood: fast path equals the dense textbook computation")
struct GPSpeedReferenceTests {
    /// log p(y|θ) and ½ tr((ααᵀ − K⁻¹) ∂K/∂θⱼ) with every ∂K/∂θⱼ formed as a full n × n matrix (R&W eqs. 2.30, 5.9),
    /// K⁻¹ by solving against the identity — none of the fast path's packing, gemv or dpotri.
    static func denseReference(
        kernel: GaussianProcessKernel, automaticRelevance: Bool, x: Matrix, y: [Double], theta: [Double]
    ) throws -> (value: Double, gradient: [Double]) {
        let n = x.rows, d = x.columns
        let l = automaticRelevance ? d : 1
        let ell = (0..<d).map { exp(theta[automaticRelevance ? $0 : 0]) }
        let s2 = exp(theta[l]), sn2 = exp(theta[l + 1]), c = theta[l + 2]
        var k = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var dK = [[[Double]]](repeating: k, count: d)  // ∂K/∂log ℓₖ per dimension
        var dSignal = k
        for i in 0..<n {
            for j in 0..<n {
                let deltas = (0..<d).map { pow((x[i, $0] - x[j, $0]) / ell[$0], 2) }
                let r2 = deltas.reduce(0, +)
                k[i][j] = s2 * kernel.correlation(r2) + (i == j ? sn2 : 0)
                dSignal[i][j] = s2 * kernel.correlation(r2)
                for m in 0..<d { dK[m][i][j] = s2 * kernel.lengthScaleDerivativeFactor(r2) * deltas[m] }
            }
        }
        let factor = try Matrix(k).cholesky(jitter: .none)
        let residual = y.map { $0 - c }
        let alpha = try factor.solve(residual)
        let inverse = try factor.solve(Matrix.identity(n))
        func halfTrace(_ dk: [[Double]]) -> Double {
            var t = 0.0
            for i in 0..<n { for j in 0..<n { t += (alpha[i] * alpha[j] - inverse[i, j]) * dk[j][i] } }
            return 0.5 * t
        }
        let value = -0.5 * zip(residual, alpha).reduce(0) { $0 + $1.0 * $1.1 } - 0.5 * factor.logDeterminant
            - 0.5 * Double(n) * log(2 * Double.pi)
        let lengthGradients = dK.map(halfTrace)
        let identity = (0..<n).map { i in (0..<n).map { $0 == i ? sn2 : 0 } }
        let lengthPart = automaticRelevance ? lengthGradients : [lengthGradients.reduce(0, +)]
        return (value, lengthPart + [halfTrace(dSignal), halfTrace(identity), alpha.reduce(0, +)])
    }

    @Test("value and gradient equal the dense computation", arguments: GaussianProcessKernel.allCases, [true, false])
    func matchesDense(_ kernel: GaussianProcessKernel, _ ard: Bool) throws {
        let problem = syntheticProblem(rows: 23, columns: 4, seed: 21)
        let theta = (ard ? [log(0.8), log(1.7), log(0.5), log(2.5)] : [log(1.1)]) + [log(1.6), log(0.04), -0.3]
        let fast = try GaussianProcess.logMarginalLikelihood(
            kernel: kernel, automaticRelevance: ard, x: problem.x, y: problem.y, parameters: theta)
        let dense = try Self.denseReference(kernel: kernel, automaticRelevance: ard, x: problem.x, y: problem.y, theta: theta)
        // The same sums in a different order on a K with condition number ~ 1e2: agreement to ~1e-12 relative;
        // 1e-9 (relative to the largest gradient entry) catches any wrong term or index without chasing rounding.
        #expect(abs(fast.value - dense.value) < 1e-9 * abs(dense.value))
        let scale = dense.gradient.map(abs).max() ?? 1
        #expect(maxAbsDifference(fast.gradient, dense.gradient) < 1e-9 * scale)
    }

    @Test("shared length scale: gradient matches central finite differences")
    func sharedLengthScaleGradient() throws {
        let problem = syntheticProblem(rows: 30, columns: 3, seed: 4)
        let theta = [log(0.9), log(1.2), log(0.03), 0.1]
        let f = { (t: [Double]) in
            try GaussianProcess.logMarginalLikelihood(kernel: .matern52, automaticRelevance: false, x: problem.x, y: problem.y, parameters: t)
        }
        let analytic = try f(theta).gradient
        let h = 1e-5
        for j in theta.indices {
            var up = theta, down = theta
            up[j] += h
            down[j] -= h
            let numeric = (try f(up).value - f(down).value) / (2 * h)
            // Truncation O(h²) and rounding ε|f|/h are both ~1e-10 here; 1e-6 catches any missing term.
            #expect(abs(numeric - analytic[j]) < 1e-6 + 1e-6 * abs(analytic[j]), "θ[\(j)]: analytic \(analytic[j]), numeric \(numeric)")
        }
    }

    @Test("n = 1 and n = 2: no pairs or one pair, same as the dense computation")
    func tinyProblems() throws {
        for rows in [1, 2] {
            let problem = syntheticProblem(rows: rows, columns: 2, seed: 8)
            let theta = [log(1.0), log(0.7), log(1.3), log(0.2), 0.0]
            let fast = try GaussianProcess.logMarginalLikelihood(
                kernel: .matern32, automaticRelevance: true, x: problem.x, y: problem.y, parameters: theta)
            let dense = try Self.denseReference(kernel: .matern32, automaticRelevance: true, x: problem.x, y: problem.y, theta: theta)
            #expect(abs(fast.value - dense.value) < 1e-12 * max(1, abs(dense.value)))
            #expect(maxAbsDifference(fast.gradient, dense.gradient) < 1e-12)
        }
    }
}
