import Foundation
import QDCore
import QDLearn

/// An acquisition function: a score, to be maximised, of how useful measuring a point would be, computed from the
/// surrogate's posterior of the (maximised) objective score.
///
/// Every value is computed from a `Posterior` alone, so acquisitions can be tested with a hand-made posterior
/// and no fitted model. `best` is the incumbent: the best score observed so far.
public enum Acquisition: Sendable, Equatable, Codable {
    /// log EI(x) = log E[max(f − best, 0)], computed without underflow (see `logExpectedImprovement`). The default:
    /// EI itself underflows to 0 over most of the space once the incumbent is good, which leaves a gradient-based
    /// optimiser without a signal (Ament et al. 2023); its log does not.
    case logExpectedImprovement
    /// UCB(x) = μ + √β σ (Srinivas et al. 2010). Larger β explores more; β = 4 (two standard deviations) is a
    /// common, conservative choice for short campaigns.
    case upperConfidenceBound(beta: Double)
    /// log PI(x) = log Φ((μ − best − ξ)/σ) (Kushner 1964), ξ ≥ 0 a margin in score units.
    case logProbabilityOfImprovement(margin: Double)
    /// One joint draw of f from the posterior over a candidate set; the argmax is chosen (Thompson 1933). Needs a
    /// model that gives a joint covariance (`JointPosteriorRegressor`); the optimiser uses a random candidate set.
    case thompsonSampling
    /// Noisy expected improvement, log scale: log((1/S) Σₛ EI(x; bₛ)), where bₛ = maxᵢ f⁽ˢ⁾(xᵢ) is the incumbent
    /// in one of S joint posterior draws of the latent (noise-free) score at the observed points. With noisy
    /// measurements the best *observation* is biased upwards (it is the luckiest draw), and plain EI then
    /// stops exploring near it; averaging over the posterior of the incumbent fixes that (the idea of Letham
    /// et al., "Constrained Bayesian optimization with noisy experiments", Bayesian Anal. 14, 495, 2019).
    /// Simplification, stated: f(x) is drawn from its marginal posterior independently of the incumbent draws,
    /// whereas Letham et al. condition each draw's f(x) on the drawn values at the observed points (qNEI). This
    /// keeps the closed-form EI per draw (S log-EI evaluations per candidate) at the cost of ignoring the
    /// correlation between f(x) and the incumbent near the observed points. `samples` = S (default 64, 1…4096).
    case noisyExpectedImprovement(samples: Int)

    /// Acquisition values for the marginal posterior rows (maximised).
    ///
    /// A zero posterior sd is treated as σ = 1e-12 · max(1, |μ|): the point is (numerically) known.
    /// - Parameters:
    ///   - posterior: mean and latent variance per candidate.
    ///   - best: the incumbent score.
    /// - Returns: one value per row. Thompson sampling has no marginal form and returns the posterior mean here;
    ///   noisy EI with a single known incumbent is log EI (see `logNoisyExpectedImprovement` for draws).
    public func values(_ posterior: Posterior, best: Double) -> [Double] {
        zip(posterior.mean, posterior.variance).map { mean, variance in
            let sd = max(variance.squareRoot(), 1e-12 * max(1, abs(mean)))
            switch self {
            case .logExpectedImprovement:
                return Self.logExpectedImprovement(mean: mean, standardDeviation: sd, best: best)
            case .upperConfidenceBound(let beta):
                return mean + beta.squareRoot() * sd
            case .logProbabilityOfImprovement(let margin):
                return Self.logNormalCDF((mean - best - margin) / sd)
            case .thompsonSampling:
                return mean
            case .noisyExpectedImprovement:
                return Self.logExpectedImprovement(mean: mean, standardDeviation: sd, best: best)
            }
        }
    }

    /// `true` when values are logarithms (so multiplying by a probability means adding its log).
    var isLogarithmic: Bool {
        switch self {
        case .logExpectedImprovement, .logProbabilityOfImprovement, .noisyExpectedImprovement: true
        default: false
        }
    }

    /// log EI for a Gaussian N(mean, sd²) and incumbent `best`: log σ + log h(z), z = (μ − best)/σ,
    /// h(z) = φ(z) + z Φ(z) (the closed form of EI, Jones, Schonlau & Welch 1998).
    ///
    /// The idea of computing log h in pieces is from Ament et al., "Unexpected improvements to expected
    /// improvement for Bayesian optimization", NeurIPS 2023; the pieces here are derived independently:
    /// - z > −1: log(φ(z) + zΦ(z)) directly (no cancellation: both terms are comparable or h ≈ z).
    /// - −20 ≤ z ≤ −1: h = φ(z)(1 + z r) with the Mills ratio r = Φ(z)/φ(z) = exp(ln Φ(z) − ln φ(z)) computed in
    ///   logs (ln Φ through `SpecialFunctions.logErfc`), so log h = ln φ(z) + log1p(z r); the cancellation in
    ///   1 + z r costs at most z² ≈ 400 ulps.
    /// - z < −20: with t = −z, 1 − t R(t) = Σₖ₌₁ (−1)ᵏ⁺¹ (2k − 1)!!/t²ᵏ (from the asymptotic Mills-ratio series,
    ///   A&S 26.2.12), ten terms (the omitted term is < 1e-16 relative at t = 20), so log h = ln φ(z) + log(sum).
    /// Finite for every finite input with sd > 0; NaN for NaN input; −∞ when sd = 0 and mean ≤ best.
    public static func logExpectedImprovement(mean: Double, standardDeviation sd: Double, best: Double) -> Double {
        guard sd > 0 else { return mean > best ? log(mean - best) : -.infinity }
        let z = (mean - best) / sd
        return log(sd) + logH(z)
    }

    /// Noisy EI per posterior row: log((1/S) Σₛ exp(log EI(μ, σ; bₛ))) over the incumbent draws `incumbents`
    /// (S = count), summed stably (log-sum-exp: the largest term is factored out).
    ///
    /// A zero sd is floored as in `values(_:best:)`. By Jensen's inequality (EI is convex in b) the result is
    /// ≥ log EI at the mean incumbent. Empty `incumbents` gives −∞ per row; NaN propagates.
    /// - Complexity: O(rows · S).
    public static func logNoisyExpectedImprovement(_ posterior: Posterior, incumbents: [Double]) -> [Double] {
        zip(posterior.mean, posterior.variance).map { mean, variance in
            let sd = max(variance.squareRoot(), 1e-12 * max(1, abs(mean)))
            let terms = incumbents.map { logExpectedImprovement(mean: mean, standardDeviation: sd, best: $0) }
            if terms.contains(where: \.isNaN) { return .nan }
            guard let top = terms.max(), top > -.infinity else { return -.infinity }
            return top + log(terms.reduce(0) { $0 + exp($1 - top) }) - log(Double(terms.count))
        }
    }

    /// log h(z), h(z) = φ(z) + zΦ(z); see `logExpectedImprovement`.
    static func logH(_ z: Double) -> Double {
        if z.isNaN { return .nan }
        let logPhi = -0.5 * z * z - 0.5 * log(2 * Double.pi)
        if z > -1 {
            return log(exp(logPhi) + z * Normal.standard.cdf(z))
        }
        if z >= -20 {
            let r = exp(logNormalCDF(z) - logPhi)
            return logPhi + log1p(z * r)
        }
        let inverse = 1 / (z * z)
        var term = 1.0, sum = 0.0, sign = 1.0
        for k in 1...10 {
            term *= Double(2 * k - 1) * inverse
            sum += sign * term
            sign = -sign
        }
        return logPhi + log(sum)
    }

    /// ln Φ(z) without underflow: ln(½ erfc(−z/√2)) via `SpecialFunctions.logErfc` for z < 0, log1p(−Φ(−z)) above.
    public static func logNormalCDF(_ z: Double) -> Double {
        if z.isNaN { return .nan }
        if z < 0 { return log(0.5) + SpecialFunctions.logErfc(-z / 2.0.squareRoot()) }
        return log1p(-0.5 * erfc(z / 2.0.squareRoot()))
    }
}

/// A fitted model that can state the joint posterior covariance of several points (needed for Thompson
/// sampling and for fantasies).
public protocol JointPosteriorRegressor: ProbabilisticRegressor {
    /// Mean per row of `x` (m × d) and the m × m covariance of the latent function.
    /// - Throws: as `predict`.
    func jointPosterior(_ x: Matrix) throws -> (mean: [Double], covariance: Matrix)
}

extension FittedGaussianProcess: JointPosteriorRegressor {
    /// Joint posterior: mean as `posterior`, covariance K** − VᵀV with V = L⁻¹K* (R&W eq. 2.24), original units.
    ///
    /// The kernel is evaluated here from the public fitted hyperparameters with the formulas documented on
    /// `GaussianProcessKernel` (QDLearn does not expose the kernel function; see docs/optimize.md).
    /// - Complexity: O(m n² + m² n).
    public func jointPosterior(_ x: Matrix) throws -> (mean: [Double], covariance: Matrix) {
        let mean = try posterior(x).mean
        let xs = inputScaler.transform(x)
        let n = trainingX.rows, m = xs.rows, d = featureCount
        let inv2 = lengthScales.map { 1 / ($0 * $0) }
        func k(_ a: [Double], _ b: ArraySlice<Double>) -> Double {
            var r2 = 0.0
            for (j, bj) in b.enumerated() { let t = a[j] - bj; r2 += t * t * inv2[j] }
            return signalVariance * Self.correlation(kernel, r2)
        }
        let rows = (0..<m).map { xs.row($0) }
        var v: [[Double]] = []
        for q in rows {
            let kStar = (0..<n).map { k(q, trainingX.elements[($0 * d)..<(($0 + 1) * d)]) }
            v.append(try factor.solveLower(kStar))
        }
        var cov = [Double](repeating: 0, count: m * m)
        let scale2 = targetScale * targetScale
        for i in 0..<m {
            for j in i..<m {
                let prior = k(rows[i], rows[j][...])
                let reduction = zip(v[i], v[j]).reduce(0) { $0 + $1.0 * $1.1 }
                let c = (prior - reduction) * scale2
                cov[i * m + j] = c
                cov[j * m + i] = c
            }
        }
        return (mean, try Matrix(rows: m, columns: m, elements: cov))
    }

    /// k(r)/s² for the kernel family, as documented on `GaussianProcessKernel`.
    static func correlation(_ kernel: GaussianProcessKernel, _ r2: Double) -> Double {
        switch kernel {
        case .rbf: return exp(-0.5 * r2)
        case .matern32:
            let a = (3 * r2).squareRoot()
            return (1 + a) * exp(-a)
        case .matern52:
            let a = (5 * r2).squareRoot()
            return (1 + a + 5 * r2 / 3) * exp(-a)
        }
    }
}

extension JointPosteriorRegressor {
    /// One joint draw of the latent function at the rows of `x`: μ + L z with L the Cholesky factor of the
    /// covariance (jitter added as needed) and z standard normal from `rng` (`samples(_:count:using:)` with 1).
    /// - Throws: as `jointPosterior`; `OptimizeError.numericalFailure` if the covariance cannot be factored.
    public func sample(_ x: Matrix, using rng: inout SeededRNG) throws -> [Double] {
        try samples(x, count: 1, using: &rng)[0]
    }
}
