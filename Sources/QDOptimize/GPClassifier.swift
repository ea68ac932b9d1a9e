import Foundation
import QDCore

/// Binary Gaussian-process classification by the Laplace approximation (Rasmussen & Williams, "Gaussian Processes
/// for Machine Learning", MIT Press 2006, §3.4, algorithms 3.1 and 3.2), meant as the feasibility model of
/// failed syntheses: P(success | x).
///
/// Prior f ~ GP(0, k), k(x, x′) = s² exp(−‖x − x′‖² / (2ℓ²)) (squared exponential, isotropic, in feature
/// units); logistic likelihood p(y | f) = σ(y f), y ∈ {−1, +1}. Fitting finds the posterior mode f̂ by Newton's
/// method in the numerically stable form of algorithm 3.1 (B = I + W^½ K W^½, W = −∇∇ log p(y | f) = π(1 − π)).
/// Prediction (algorithm 3.2): latent mean k*ᵀ ∇log p(y | f̂), latent variance k** − ‖L⁻¹ W^½ k*‖², and the
/// averaged probability ∫σ(z) N(z | μ, v) dz ≈ σ(μ / √(1 + π v / 8)) (MacKay 1992; Bishop, PRML 2006, eq.
/// 4.153), which errs by under 0.02 in probability (R&W §3.4.2 leave the integral to such approximations).
///
/// Hyperparameters are fixed by the caller (`selectLengthScale` picks ℓ from a grid by the approximate log
/// marginal likelihood). Written by hand rather than wrapped because QDLearn has no classifier and the
/// algorithm is about 40 lines on top of QDCore's Cholesky.
public struct LaplaceGPClassifier: Sendable, Equatable {
    /// ℓ > 0, in feature units.
    public var lengthScale: Double
    /// s² > 0, the prior variance of the latent function.
    public var signalVariance: Double
    /// Newton iterations at most (stops earlier when the objective changes by < 1e-10).
    public var maxIterations: Int

    /// A classifier with the given hyperparameters.
    public init(lengthScale: Double = 1, signalVariance: Double = 1, maxIterations: Int = 100) {
        self.lengthScale = lengthScale
        self.signalVariance = signalVariance
        self.maxIterations = maxIterations
    }

    /// Fits labels `succeeded` (true = +1) at the rows of `x` (n × d).
    /// - Throws: `OptimizeError.invalidSetting` for ℓ or s² ≤ 0 or not finite, an empty or mismatched input, or
    ///   NaN features; `.numericalFailure` if B cannot be factored (it is positive definite in exact arithmetic).
    /// - Complexity: O(iterations · n³).
    public func fit(_ x: Matrix, _ succeeded: [Bool]) throws -> FittedLaplaceGPClassifier {
        guard lengthScale > 0, lengthScale.isFinite, signalVariance > 0, signalVariance.isFinite, maxIterations >= 1 else {
            throw OptimizeError(.invalidSetting, "LaplaceGPClassifier needs lengthScale > 0, signalVariance > 0 and maxIterations ≥ 1. Got \(lengthScale), \(signalVariance), \(maxIterations).")
        }
        guard x.rows == succeeded.count, x.rows >= 1 else {
            throw OptimizeError(.invalidSetting, "LaplaceGPClassifier needs one label per row and at least one row. Got \(x.rows) rows, \(succeeded.count) labels.")
        }
        guard x.elements.allSatisfy(\.isFinite) else {
            throw OptimizeError(.invalidSetting, "LaplaceGPClassifier features must be finite; impute or drop rows with NaN.")
        }
        let n = x.rows
        let k = kernel(x, x)
        let t = succeeded.map { $0 ? 1.0 : 0.0 }
        var f = [Double](repeating: 0, count: n)
        var objective = -Double.infinity
        var lastA = [Double](repeating: 0, count: n)
        for _ in 0..<maxIterations {
            let pi = f.map(Self.sigmoid)
            let w = pi.map { $0 * (1 - $0) }
            let sqrtW = w.map { $0.squareRoot() }
            let gradient = zip(t, pi).map { $0 - $1 }
            let factor = try Self.factorB(k, sqrtW)
            let b = (0..<n).map { i in w[i] * f[i] + gradient[i] }
            let kb = multiply(k, b, n)
            let inner = try factor.solve((0..<n).map { sqrtW[$0] * kb[$0] })  // (LLᵀ)⁻¹ W½ K b
            let a = (0..<n).map { b[$0] - sqrtW[$0] * inner[$0] }
            f = multiply(k, a, n)
            // Ψ(f) = −½ aᵀf + log p(y | f): the quantity Newton's method increases.
            let logLikelihood = zip(t, f).reduce(0) { $0 + Self.logSigmoid(($1.0 * 2 - 1) * $1.1) }
            let next = -0.5 * zip(a, f).reduce(0) { $0 + $1.0 * $1.1 } + logLikelihood
            lastA = a
            if abs(next - objective) < 1e-10 { objective = next; break }
            objective = next
        }
        // Recompute W, L and ∇log p at the final mode (algorithm 3.1's last lines, and what 3.2 needs).
        let pi = f.map(Self.sigmoid)
        let sqrtW = pi.map { ($0 * (1 - $0)).squareRoot() }
        let factor = try Self.factorB(k, sqrtW)
        let a = lastA
        let logLikelihood = zip(t, f).reduce(0) { $0 + Self.logSigmoid(($1.0 * 2 - 1) * $1.1) }
        let logQ = -0.5 * zip(a, f).reduce(0) { $0 + $1.0 * $1.1 } + logLikelihood - 0.5 * factor.logDeterminant
        return FittedLaplaceGPClassifier(
            settings: self, trainingFeatures: x, mode: f, gradient: zip(t, pi).map { $0 - $1 }, sqrtW: sqrtW,
            factor: factor, logMarginalLikelihood: logQ)
    }

    /// The ℓ of `candidates` with the largest approximate log marginal likelihood log q(y | X, ℓ) (R&W eq. 3.32),
    /// the first on ties.
    /// - Throws: as `fit`; `OptimizeError.invalidSetting` for no candidates.
    public func selectLengthScale(_ x: Matrix, _ succeeded: [Bool], candidates: [Double]) throws -> LaplaceGPClassifier {
        var best: (LaplaceGPClassifier, Double)?
        for l in candidates {
            var trial = self
            trial.lengthScale = l
            let q = try trial.fit(x, succeeded).logMarginalLikelihood
            if q > (best?.1 ?? -.infinity) { best = (trial, q) }
        }
        guard let chosen = best?.0 else {
            throw OptimizeError(.invalidSetting, "selectLengthScale needs at least one candidate length scale.")
        }
        return chosen
    }

    /// A feasibility model for features in the unit cube (the search space's encoding): s² from {1, 4, 25, 100}
    /// and ℓ from {0.1, 0.2, 0.5, 1, 2}, the pair with the largest approximate marginal likelihood.
    ///
    /// Measured on a failing disc (4 failures among 49 grid runs, `GPClassifierTests`): P(success) 0.34 at the
    /// disc's centre and 0.85 far from it, the same as scikit-learn's classifier with that kernel. The marginal
    /// likelihood prefers smooth latent functions when failures are few, so the penalty is milder than that of
    /// the tuned ±1-label regression `BayesianOptimizer` uses today (P < 0.1 there on the same case).
    /// - Parameters: `failed`: one flag per row of `x` (true: the run failed).
    /// - Throws: as `fit`.
    public static func feasibilityModel(_ x: Matrix, failed: [Bool]) throws -> FittedLaplaceGPClassifier {
        let succeeded = failed.map { !$0 }
        var best: FittedLaplaceGPClassifier?
        for s2 in [1.0, 4, 25, 100] {
            let model = try LaplaceGPClassifier(signalVariance: s2).selectLengthScale(x, succeeded, candidates: [0.1, 0.2, 0.5, 1, 2]).fit(x, succeeded)
            if model.logMarginalLikelihood > (best?.logMarginalLikelihood ?? -.infinity) { best = model }
        }
        guard let best else { throw OptimizeError(.numericalFailure, "No feasibility model could be fitted.") }
        return best
    }

    /// k(a_i, b_j) as a row-major a.rows × b.rows buffer.
    func kernel(_ a: Matrix, _ b: Matrix) -> [Double] {
        let d = a.columns
        var out = [Double](repeating: 0, count: a.rows * b.rows)
        let scale = 1 / (2 * lengthScale * lengthScale)
        for i in 0..<a.rows {
            for j in 0..<b.rows {
                var s = 0.0
                for c in 0..<d {
                    let diff = a[i, c] - b[j, c]
                    s += diff * diff
                }
                out[i * b.rows + j] = signalVariance * exp(-s * scale)
            }
        }
        return out
    }

    /// The Cholesky factor of B = I + W^½ K W^½ (eigenvalues ≥ 1, so it factors unless K has NaN).
    private static func factorB(_ k: [Double], _ sqrtW: [Double]) throws -> CholeskyFactor {
        let n = sqrtW.count
        var b = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { b[i * n + j] = (i == j ? 1 : 0) + sqrtW[i] * k[i * n + j] * sqrtW[j] }
        }
        do { return try Matrix(rows: n, columns: n, elements: b).cholesky() } catch {
            throw OptimizeError(.numericalFailure, "The Laplace GP classifier could not factor B = I + W½KW½ (\(error)); scale the features or lower signalVariance.")
        }
    }

    /// K v for a row-major n × n K.
    private func multiply(_ k: [Double], _ v: [Double], _ n: Int) -> [Double] {
        (0..<n).map { i in (0..<n).reduce(0) { $0 + k[i * n + $1] * v[$1] } }
    }

    /// σ(z) = 1/(1 + e^(−z)), evaluated without overflow.
    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// log σ(z) = −log(1 + e^(−z)), without overflow.
    static func logSigmoid(_ z: Double) -> Double {
        z >= 0 ? -log1p(exp(-z)) : z - log1p(exp(z))
    }
}

/// A fitted `LaplaceGPClassifier`: the posterior mode and what algorithm 3.2 needs to predict.
public struct FittedLaplaceGPClassifier: Sendable {
    /// The hyperparameters it was fitted with.
    public let settings: LaplaceGPClassifier
    /// Training features (n × d).
    public let trainingFeatures: Matrix
    /// The posterior mode f̂ at the training rows.
    public let mode: [Double]
    /// ∇ log p(y | f̂) = t − π(f̂), t ∈ {0, 1}.
    let gradient: [Double]
    /// W^½ at the mode.
    let sqrtW: [Double]
    /// Cholesky factor of B = I + W^½ K W^½ at the mode.
    let factor: CholeskyFactor
    /// Approximate log marginal likelihood log q(y | X, θ) = −½ âᵀf̂ + log p(y | f̂) − Σ log Lᵢᵢ (R&W eq. 3.32).
    public let logMarginalLikelihood: Double

    /// Latent mean and variance per row of `x` (algorithm 3.2, lines 4–6).
    /// - Throws: `OptimizeError.invalidSetting` when `x` has another number of columns or NaN.
    /// - Complexity: O(m n²).
    public func latent(_ x: Matrix) throws -> (mean: [Double], variance: [Double]) {
        guard x.columns == trainingFeatures.columns, x.elements.allSatisfy(\.isFinite) else {
            throw OptimizeError(.invalidSetting, "Prediction features need \(trainingFeatures.columns) finite columns like the training data. Got \(x.columns).")
        }
        let n = trainingFeatures.rows
        let kStar = settings.kernel(trainingFeatures, x)  // n × m
        var mean: [Double] = [], variance: [Double] = []
        for j in 0..<x.rows {
            let column = (0..<n).map { kStar[$0 * x.rows + j] }
            mean.append(zip(column, gradient).reduce(0) { $0 + $1.0 * $1.1 })
            let v = try factor.solveLower((0..<n).map { sqrtW[$0] * column[$0] })
            variance.append(max(settings.signalVariance - v.reduce(0) { $0 + $1 * $1 }, 0))
        }
        return (mean, variance)
    }

    /// P(success) per row of `x`: σ(μ / √(1 + π v / 8)) (see `LaplaceGPClassifier`).
    /// - Throws: as `latent`.
    public func probability(_ x: Matrix) throws -> [Double] {
        let (mean, variance) = try latent(x)
        return zip(mean, variance).map { m, v in LaplaceGPClassifier.sigmoid(m / (1 + Double.pi * v / 8).squareRoot()) }
    }
}
