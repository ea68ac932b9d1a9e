import Foundation
import QDCore

extension GaussianProcessKernel {
    /// k(r)/s² and g(r) of `lengthScaleDerivativeFactor` together, sharing the one exponential both need.
    @inline(__always)
    func correlationAndLengthScaleFactor(_ r2: Double) -> (correlation: Double, lengthFactor: Double) {
        switch self {
        case .rbf:
            let e = exp(-0.5 * r2)
            return (e, e)
        case .matern32:
            let a = (3 * r2).squareRoot()
            let e = exp(-a)
            return ((1 + a) * e, 3 * e)
        case .matern52:
            let a = (5 * r2).squareRoot()
            let e = exp(-a)
            return ((1 + a + a * a / 3) * e, 5.0 / 3.0 * (1 + a) * e)
        }
    }
}

/// The log marginal likelihood of a GP and its analytic gradient, with everything that does not depend on θ
/// computed once per fit.
///
/// Per evaluation: one BLAS gemv for the scaled distances of all pairs, one pass for the kernel values, one LAPACK
/// Cholesky (`dpotrf`, through `Matrix.cholesky` so jitter escalation stays in one place), one `dpotri` for K⁻¹, one
/// pass over the pairs for W = ααᵀ − K⁻¹, and one BLAS gemv for all d length-scale gradients at once:
/// ∂L/∂log ℓₖ = ½ tr(W ∂K/∂log ℓₖ) = s²/ℓₖ² Σ_{i<j} Wᵢⱼ g(rᵢⱼ) Δᵢⱼₖ² (R&W eq. 5.9; the pair sum counts each
/// off-diagonal entry once, which the ½ and the symmetry of W cancel).
/// Memory: d·n(n−1)/2 doubles of squared differences plus three pair-length and two n × n buffers per evaluation.
struct GaussianProcessLikelihood {
    let kernel: GaussianProcessKernel
    let n: Int
    let d: Int
    let y: [Double]
    let automaticRelevance: Bool
    /// Squared coordinate differences, d × P with P = n(n−1)/2: row k holds Δₖ² for every pair (i, j), j < i,
    /// in lower-triangle row order ((1,0), (2,0), (2,1), (3,0) …). One row per dimension makes
    /// r² = Σₖ Δₖ²/ℓₖ² for all pairs a single gemv, and the pair order walks K's lower triangle contiguously.
    let squaredDifferences: Matrix

    init(kernel: GaussianProcessKernel, x: Matrix, y: [Double], automaticRelevance: Bool) {
        self.kernel = kernel
        self.n = x.rows
        self.d = x.columns
        self.y = y
        self.automaticRelevance = automaticRelevance
        let (n, d) = (x.rows, x.columns)
        let pairs = n * (n - 1) / 2
        var diffs = [Double](repeating: 0, count: d * pairs)
        let e = x.elements
        diffs.withUnsafeMutableBufferPointer { out in
            e.withUnsafeBufferPointer { x in
                for k in 0..<d {
                    var p = k * pairs
                    for i in 0..<n {
                        let xi = x[i * d + k]
                        for j in 0..<i {
                            let t = xi - x[j * d + k]
                            out[p] = t * t
                            p += 1
                        }
                    }
                }
            }
        }
        // The element count matches the shape by construction.
        squaredDifferences = (try? Matrix(rows: d, columns: pairs, elements: diffs)) ?? Matrix(rows: d, columns: 0)
    }

    var lengthScaleCount: Int { automaticRelevance ? d : 1 }

    func lengthScales(_ theta: [Double]) -> [Double] {
        automaticRelevance ? (0..<d).map { exp(theta[$0]) } : Array(repeating: exp(theta[0]), count: d)
    }

    struct State {
        let factor: CholeskyFactor
        let alpha: [Double]
        let logLikelihood: Double
        let inverseSquaredLengths: [Double]
        let signalVariance: Double
        let noiseVariance: Double
        /// ρ(rᵢⱼ) per pair (pair order of `squaredDifferences`).
        let correlations: [Double]
        /// g(rᵢⱼ) per pair, the length-scale derivative factor.
        let lengthFactors: [Double]
    }

    /// Factors K at θ and computes α and the log likelihood.
    func state(_ theta: [Double]) throws -> State {
        let l = lengthScaleCount
        let inv2 = lengthScales(theta).map { 1 / ($0 * $0) }
        let s2 = exp(theta[l]), sn2 = exp(theta[l + 1]), c = theta[l + 2]
        let r2 = try squaredDifferences.multiplied(by: inv2, transposingSelf: true)
        let pairs = r2.count
        var correlations = [Double](repeating: 0, count: pairs)
        var lengthFactors = [Double](repeating: 0, count: pairs)
        var k = [Double](repeating: 0, count: n * n)
        let n = self.n, kernel = self.kernel
        k.withUnsafeMutableBufferPointer { k in
            correlations.withUnsafeMutableBufferPointer { rho in
                lengthFactors.withUnsafeMutableBufferPointer { g in
                    var p = 0
                    for i in 0..<n {
                        for j in 0..<i {
                            let (c, f) = kernel.correlationAndLengthScaleFactor(r2[p])
                            rho[p] = c
                            g[p] = f
                            let v = s2 * c
                            k[i * n + j] = v
                            k[j * n + i] = v
                            p += 1
                        }
                        k[i * n + i] = s2 + sn2
                    }
                }
            }
        }
        let factor = try Matrix(rows: n, columns: n, elements: k).cholesky(jitter: .standard)
        let residual = y.map { $0 - c }
        let alpha = try factor.solve(residual)
        let fit = zip(residual, alpha).reduce(0) { $0 + $1.0 * $1.1 }
        let value = -0.5 * fit - 0.5 * factor.logDeterminant - 0.5 * Double(n) * log(2 * Double.pi)
        return State(factor: factor, alpha: alpha, logLikelihood: value, inverseSquaredLengths: inv2,
                     signalVariance: s2, noiseVariance: sn2, correlations: correlations, lengthFactors: lengthFactors)
    }

    /// The log likelihood and its gradient at θ (R&W eq. 5.9).
    func evaluate(_ theta: [Double]) throws -> (value: Double, gradient: [Double]) {
        let l = lengthScaleCount
        let s = try state(theta)
        let inverse = try Self.inverseLowerTriangle(s.factor)
        let n = self.n
        var weighted = [Double](repeating: 0, count: s.correlations.count)
        var offDiagonalSignal = 0.0, traceW = 0.0
        s.alpha.withUnsafeBufferPointer { a in
            inverse.withUnsafeBufferPointer { inv in
                s.correlations.withUnsafeBufferPointer { rho in
                    s.lengthFactors.withUnsafeBufferPointer { g in
                        weighted.withUnsafeMutableBufferPointer { out in
                            var p = 0
                            for i in 0..<n {
                                let ai = a[i], row = i * n
                                for j in 0..<i {
                                    let w = ai * a[j] - inv[row + j]  // (ααᵀ − K⁻¹)ᵢⱼ
                                    offDiagonalSignal += w * rho[p]
                                    out[p] = w * g[p]
                                    p += 1
                                }
                                traceW += ai * ai - inv[row + i]
                            }
                        }
                    }
                }
            }
        }
        // ∂K/∂log s² = K − σₙ²I: diagonal s², off-diagonal s²ρ; each off-diagonal pair appears twice in the trace.
        let gradSignal = s.signalVariance * (0.5 * traceW + offDiagonalSignal)
        let pairSums = try squaredDifferences.multiplied(by: weighted)
        let gradLength = (0..<d).map { s.signalVariance * s.inverseSquaredLengths[$0] * pairSums[$0] }
        let gradNoise = 0.5 * s.noiseVariance * traceW
        let gradMean = s.alpha.reduce(0, +)
        let lengthPart = automaticRelevance ? gradLength : [gradLength.reduce(0, +)]
        precondition(lengthPart.count == l)
        return (s.logLikelihood, lengthPart + [gradSignal, gradNoise, gradMean])
    }

    /// (L Lᵀ)⁻¹ as a row-major n × n buffer whose lower triangle (j ≤ i) is valid (QDCore, LAPACK `dpotri`).
    static func inverseLowerTriangle(_ factor: CholeskyFactor) throws -> [Double] {
        do { return try factor.inverseLowerTriangle() } catch {
            throw LearnError(.numericalFailure, "GaussianProcess: \(error) (n = \(factor.dimension)). Raise the noise lower bound.")
        }
    }
}
