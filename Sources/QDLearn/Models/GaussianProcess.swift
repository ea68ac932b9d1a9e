import Foundation
import QDCore

/// The stationary kernel family of a Gaussian process, written in the scaled distance
/// r = √(Σₖ (xₖ − x′ₖ)² / ℓₖ²) (Rasmussen & Williams 2006, *Gaussian Processes for Machine Learning*, §4.2).
public enum GaussianProcessKernel: String, Sendable, Codable, CaseIterable {
    /// Squared exponential: k = s² exp(−r²/2).
    case rbf
    /// Matérn ν = 3/2: k = s² (1 + √3 r) exp(−√3 r).
    case matern32
    /// Matérn ν = 5/2: k = s² (1 + √5 r + 5r²/3) exp(−√5 r).
    case matern52

    /// k(r) / s².
    func correlation(_ r2: Double) -> Double {
        switch self {
        case .rbf: return exp(-0.5 * r2)
        case .matern32:
            let a = (3 * r2).squareRoot()
            return (1 + a) * exp(-a)
        case .matern52:
            let a = (5 * r2).squareRoot()
            return (1 + a + 5 * r2 / 3) * exp(-a)
        }
    }

    /// g(r) such that ∂k/∂log ℓₖ = s² · g(r) · Δₖ²/ℓₖ² (finite at r = 0 for all three families).
    /// RBF: exp(−r²/2); Matérn 3/2: 3 exp(−√3 r); Matérn 5/2: (5/3)(1 + √5 r) exp(−√5 r).
    func lengthScaleDerivativeFactor(_ r2: Double) -> Double {
        switch self {
        case .rbf: return exp(-0.5 * r2)
        case .matern32: return 3 * exp(-(3 * r2).squareRoot())
        case .matern52:
            let a = (5 * r2).squareRoot()
            return 5.0 / 3.0 * (1 + a) * exp(-a)
        }
    }
}

/// A log-normal prior on a positive GP hyperparameter v: log v ~ N(`logMean`, `logStandardDeviation`²).
///
/// With a prior, `GaussianProcess.fit` maximises log p(y|θ) + Σ log p(θ) (maximum a posteriori) instead of the bare
/// likelihood. A maximum a posteriori estimate depends on the variable the density is written in (`density`):
/// - `.logValue`: the normal density of log v, adding −(log v − m)²/(2s²); it pulls log v towards m (v towards the
///   median e^m).
/// - `.value`: the log-normal density of v itself, adding −(log v − m)²/(2s²) − log v; it pulls v towards the mode
///   e^(m − s²). This is what GPyTorch's `LogNormalPrior` adds to BoTorch's training loss (its `log_prob` is taken
///   at the hyperparameter's value), so BoTorch's defaults are reproduced with `.value`. With s² = 3 (BoTorch's
///   length-scale prior) the two targets differ by a factor e³ ≈ 20.
public struct LogNormalPrior: Sendable, Equatable, Codable {
    /// The variable whose density is added to the log likelihood.
    public enum Density: String, Sendable, Equatable, Codable, CaseIterable {
        /// The normal density of log v (maximum a posteriori near the median e^m).
        case logValue
        /// The log-normal density of v (maximum a posteriori near the mode e^(m − s²); GPyTorch's convention).
        case value
    }

    /// m, the mean of log v.
    public var logMean: Double
    /// s > 0, the standard deviation of log v.
    public var logStandardDeviation: Double
    /// The variable the density is written in (default `.logValue`).
    public var density: Density

    /// A prior with median e^m and spread s in log units, its density taken in `density`.
    public init(logMean: Double, logStandardDeviation: Double, density: Density = .logValue) {
        self.logMean = logMean
        self.logStandardDeviation = logStandardDeviation
        self.density = density
    }

    /// Decodes `logMean` and `logStandardDeviation`; `density` falls back to `.logValue` when absent.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        logMean = try c.decode(Double.self, forKey: .logMean)
        logStandardDeviation = try c.decode(Double.self, forKey: .logStandardDeviation)
        density = try c.decodeIfPresent(Density.self, forKey: .density) ?? .logValue
    }

    /// The log v at which the density added by `logDensity` peaks: m for `.logValue`, m − s² for `.value`.
    public var logMode: Double {
        switch density {
        case .logValue: logMean
        case .value: logMean - logStandardDeviation * logStandardDeviation
        }
    }

    /// The log density, up to a constant, at log v = `logValue`, and its derivative with respect to log v.
    func logDensity(_ logValue: Double) -> (value: Double, derivative: Double) {
        let z = (logValue - logMean) / logStandardDeviation
        switch density {
        case .logValue: return (-0.5 * z * z, -z / logStandardDeviation)
        case .value: return (-0.5 * z * z - logValue, -z / logStandardDeviation - 1)
        }
    }
}

/// Gaussian-process regression on QDCore (LAPACK Cholesky, NLopt L-BFGS): stationary kernel with ARD length
/// scales, signal variance, white noise and a constant mean, all fitted by maximising the log marginal likelihood
/// (plus the log priors, when `lengthScalePrior` or `noiseVariancePrior` is set) with analytic gradients from
/// several seeded starts.
///
/// Model (in standardised units): y = c + f(x) + ε, f ~ GP(0, s² ρ(r)), ε ~ N(0, σₙ²). Inputs and the target are
/// standardised inside the model (mean 0, population sd 1; the fitted value stores both scalers), so the default
/// bounds below are in standardised units and suit any data. With `standardizesInputs` false the inputs are used
/// as given (for features already on a common scale, e.g. a unit cube) and the length-scale bounds and prior are
/// in those units.
///
/// Log marginal likelihood (R&W eq. 2.30): log p(y|θ) = −½ (y − c)ᵀK⁻¹(y − c) − ½ log|K| − (n/2) log 2π,
/// gradient (R&W eq. 5.9): ∂/∂θⱼ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θⱼ) with α = K⁻¹(y − c); ∂/∂c = Σα.
/// Optimised over θ = (log ℓ₁…log ℓ_d, log s², log σₙ², c).
public struct GaussianProcess: Regressor {
    /// Kernel family.
    public var kernel: GaussianProcessKernel
    /// One length scale per feature (automatic relevance determination) or one shared.
    public var automaticRelevance: Bool
    /// Number of seeded Latin-hypercube starts (≥ 1); one more start at (ℓ = 1, s² = 1, σₙ² = 0.1, c = 0) runs first,
    /// with ℓ and σₙ² moved to the modes of their priors when priors are set (`LogNormalPrior.logMode`), clamped to
    /// the bounds.
    public var restarts: Int
    /// Length-scale bounds in standardised input units (0 < lower ≤ upper).
    public var lengthScaleBounds: ClosedRange<Double>
    /// Signal-variance bounds in standardised target units (0 < lower ≤ upper).
    public var signalVarianceBounds: ClosedRange<Double>
    /// Noise-variance bounds in standardised target units (0 < lower ≤ upper; lower = upper fixes the noise).
    public var noiseVarianceBounds: ClosedRange<Double>
    /// Objective evaluations per start (≥ 1).
    public var maxEvaluationsPerStart: Int
    /// Prior on every length scale (standardised input units); nil: none (maximum likelihood).
    public var lengthScalePrior: LogNormalPrior?
    /// Prior on the noise variance (standardised target units); nil: none (maximum likelihood).
    public var noiseVariancePrior: LogNormalPrior?
    /// Whether inputs are standardised (mean 0, population sd 1 per column) before fitting (default true).
    public var standardizesInputs: Bool

    /// A GP with Matérn 5/2 ARD, 5 restarts and scikit-learn-like bounds.
    public init(
        kernel: GaussianProcessKernel = .matern52, automaticRelevance: Bool = true, restarts: Int = 5,
        lengthScaleBounds: ClosedRange<Double> = 1e-2...1e3, signalVarianceBounds: ClosedRange<Double> = 1e-2...1e2,
        noiseVarianceBounds: ClosedRange<Double> = 1e-6...1, maxEvaluationsPerStart: Int = 200,
        lengthScalePrior: LogNormalPrior? = nil, noiseVariancePrior: LogNormalPrior? = nil, standardizesInputs: Bool = true
    ) {
        self.standardizesInputs = standardizesInputs
        self.lengthScalePrior = lengthScalePrior
        self.noiseVariancePrior = noiseVariancePrior
        self.kernel = kernel
        self.automaticRelevance = automaticRelevance
        self.restarts = restarts
        self.lengthScaleBounds = lengthScaleBounds
        self.signalVarianceBounds = signalVarianceBounds
        self.noiseVarianceBounds = noiseVarianceBounds
        self.maxEvaluationsPerStart = maxEvaluationsPerStart
    }

    /// "GaussianProcess".
    public static var estimatorName: String { "GaussianProcess" }

    /// Positive bounds, restarts ≥ 1, evaluations ≥ 1.
    public var hyperparameterRules: [HyperparameterRule] {
        [
            HyperparameterRule("restarts", restarts, .atLeast(1)),
            HyperparameterRule("lengthScaleBounds.lowerBound", lengthScaleBounds.lowerBound, .greaterThan(0)),
            HyperparameterRule("signalVarianceBounds.lowerBound", signalVarianceBounds.lowerBound, .greaterThan(0)),
            HyperparameterRule("noiseVarianceBounds.lowerBound", noiseVarianceBounds.lowerBound, .greaterThan(0)),
            HyperparameterRule("lengthScaleBounds.upperBound", lengthScaleBounds.upperBound, .finite),
            HyperparameterRule("signalVarianceBounds.upperBound", signalVarianceBounds.upperBound, .finite),
            HyperparameterRule("noiseVarianceBounds.upperBound", noiseVarianceBounds.upperBound, .finite),
            HyperparameterRule("maxEvaluationsPerStart", maxEvaluationsPerStart, .atLeast(1)),
        ] + priorRules(lengthScalePrior, named: "lengthScalePrior") + priorRules(noiseVariancePrior, named: "noiseVariancePrior")
    }

    /// The rules of one optional prior: s > 0, m finite (none without a prior).
    private func priorRules(_ prior: LogNormalPrior?, named name: String) -> [HyperparameterRule] {
        guard let prior else { return [] }
        return [HyperparameterRule("\(name).logStandardDeviation", prior.logStandardDeviation, .greaterThan(0)),
                HyperparameterRule("\(name).logMean", prior.logMean, .finite)]
    }

    /// Maximises the log marginal likelihood, then factors K once more at the optimum.
    /// - Parameter seed: places the multi-start points.
    /// - Throws: as `Regressor.fit`; `.numericalFailure` when K is not positive definite even with jitter at every
    ///   start (message says to raise the noise lower bound) or the optimiser fails.
    /// - Complexity: O(restarts · evaluations · (n³ + n² d)).
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedGaussianProcess {
        let map = try maximumAPosteriori(x, y, seed: seed)
        do { return try map.fitted(at: map.theta, kernel: kernel) } catch {
            throw learnError(from: error, model: Self.estimatorName)
        }
    }

    /// Hyperparameter draws from the posterior p(θ | y) ∝ p(y | θ) p(θ), each as a fitted GP, for averaging an
    /// acquisition over the hyperparameters instead of fixing them at one estimate ("integrated acquisition",
    /// Snoek, Larochelle & Adams, NeurIPS 2012).
    ///
    /// θ = (log ℓ, log s², log σₙ², c) as in `fit`. The prior is `lengthScalePrior` and `noiseVariancePrior` taken as
    /// densities over θ (as written, see `LogNormalPrior.Density`) times a flat density over the bounds' box (log
    /// scale) for everything else, so the posterior is proper. The chain starts at the estimate `fit` returns and
    /// moves by univariate slice sampling with stepping out and shrinkage (Neal, "Slice sampling", Ann. Statist. 31,
    /// 705, 2003), one sweep over the coordinates in order per step, initial width 1 in log units (0.5 for c),
    /// at most 8 steps out per side. After `burnIn` sweeps every `thinning`-th sweep is kept.
    /// - Parameters:
    ///   - count: draws returned (≥ 1).
    ///   - seed: seeds the estimate's restarts and the chain.
    /// - Returns: `count` fitted GPs sharing the data and scalers (no draw equals the estimate itself unless the
    ///   chain did not move).
    /// - Throws: as `fit`; `LearnError.invalidHyperparameter` when count, burnIn or thinning is out of range.
    /// - Complexity: O((burnIn + count · thinning) · (d + 3) · w · n³) with w ≈ 3–6 density evaluations per
    ///   coordinate update, plus `fit`.
    public func posteriorSamples(_ x: Matrix, _ y: [Double], count: Int, burnIn: Int = 20, thinning: Int = 2,
                                 seed: UInt64) throws -> [FittedGaussianProcess] {
        guard count >= 1, burnIn >= 0, thinning >= 1 else {
            throw LearnError(.invalidHyperparameter, "GaussianProcess.posteriorSamples needs count ≥ 1, burnIn ≥ 0 and thinning ≥ 1. Got \(count), \(burnIn), \(thinning).")
        }
        let map = try maximumAPosteriori(x, y, seed: seed)
        let l = map.problem.lengthScaleCount
        func logDensity(_ theta: [Double]) -> Double {
            for (v, r) in zip(theta, map.ranges) where !(r.lowerBound...r.upperBound).contains(v) { return -.infinity }
            guard let state = try? map.problem.state(theta) else { return -.infinity }
            var e = (value: state.logLikelihood, gradient: [Double](repeating: 0, count: theta.count))
            addPriors(theta, lengthScales: l, to: &e)
            return e.value
        }
        var rng = SeededRNG(seed: seed ^ 0x736C_6963_6553_616D)
        var theta = map.theta
        var current = logDensity(theta)
        var draws: [FittedGaussianProcess] = []
        var sweep = 0
        do {
            while draws.count < count {
                for k in theta.indices where map.ranges[k].upperBound > map.ranges[k].lowerBound {
                    let width = k == l + 2 ? 0.5 : 1.0
                    let level = current + log(max(rng.uniform(), 1e-300))
                    var lo = theta[k] - width * rng.uniform(), hi = lo + width
                    func at(_ v: Double) -> Double { var t = theta; t[k] = v; return logDensity(t) }
                    var steps = 0
                    while steps < 8, at(lo) > level { lo -= width; steps += 1 }
                    steps = 0
                    while steps < 8, at(hi) > level { hi += width; steps += 1 }
                    // Shrinkage: the interval always keeps theta[k], whose density is above the level.
                    while true {
                        let v = lo + (hi - lo) * rng.uniform()
                        let value = at(v)
                        if value > level { theta[k] = v; current = value; break }
                        if v < theta[k] { lo = v } else { hi = v }
                        if hi - lo < 1e-10 { break }
                    }
                }
                sweep += 1
                if sweep > burnIn, (sweep - burnIn) % thinning == 0 {
                    draws.append(try map.fitted(at: theta, kernel: kernel))
                }
            }
        } catch {
            throw learnError(from: error, model: Self.estimatorName)
        }
        return draws
    }

    /// The data in standardised units, the box of θ and the maximum a posteriori θ (multi-start L-BFGS).
    private struct Estimate {
        let problem: GaussianProcessLikelihood
        let xScaler: ColumnScaler
        let yScaler: ColumnScaler
        let xs: Matrix
        let ranges: [ClosedRange<Double>]
        let theta: [Double]
        let status: String

        /// The fitted GP at hyperparameters θ (K factored once more).
        func fitted(at theta: [Double], kernel: GaussianProcessKernel) throws -> FittedGaussianProcess {
            let l = problem.lengthScaleCount
            let state = try problem.state(theta)
            return FittedGaussianProcess(
                kernel: kernel, inputScaler: xScaler, targetCentre: yScaler.centres[0], targetScale: yScaler.scales[0],
                lengthScales: problem.lengthScales(theta), signalVariance: exp(theta[l]), noiseVariance: exp(theta[l + 1]),
                constantMean: theta[l + 2], trainingX: xs, alpha: state.alpha, factor: state.factor,
                logMarginalLikelihood: state.logLikelihood, optimizerStatus: status)
        }
    }

    /// Standardises the data and maximises the log marginal likelihood plus the log priors.
    private func maximumAPosteriori(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> Estimate {
        try validateTrainingData(x, y)
        let xScaler = standardizesInputs ? ColumnScaler.standardizing(x) : ColumnScaler.identity(columns: x.columns)
        let yScaler = ColumnScaler.standardizing(try Matrix(rows: y.count, columns: 1, elements: y))
        let xs = xScaler.transform(x)
        let ys = y.map { ($0 - yScaler.centres[0]) / yScaler.scales[0] }
        let problem = GaussianProcessLikelihood(kernel: kernel, x: xs, y: ys, automaticRelevance: automaticRelevance)
        let l = problem.lengthScaleCount
        let (yMin, yMax) = (ys.min() ?? 0, ys.max() ?? 0)
        let ranges: [ClosedRange<Double>] =
            Array(repeating: log(lengthScaleBounds.lowerBound)...log(lengthScaleBounds.upperBound), count: l)
            + [log(signalVarianceBounds.lowerBound)...log(signalVarianceBounds.upperBound),
               log(noiseVarianceBounds.lowerBound)...log(noiseVarianceBounds.upperBound),
               (yMin - 1)...(yMax + 1)]
        do {
            let bounds = try BoxBounds(ranges)
            let firstLength = lengthScalePrior?.logMode ?? 0, firstNoise = noiseVariancePrior?.logMode ?? log(0.1)
            let first = zip([Double](repeating: firstLength, count: l) + [0, firstNoise, 0], ranges).map { min(max($0, $1.lowerBound), $1.upperBound) }
            let stopping = StoppingCriteria(
                relativeXTolerance: 1e-8, relativeFunctionTolerance: 1e-10, maxEvaluations: maxEvaluationsPerStart)
            let result = try Optimizer.multiStart(bounds: bounds, starts: restarts, seed: seed, extraStarts: [first]) { start in
                try Optimizer.minimizeLBFGS(from: start, bounds: bounds, stopping: stopping) { theta in
                    guard var e = try? problem.evaluate(theta) else {
                        // K not positive definite here even with jitter: a large finite value steers the line search away.
                        return (1e10, [Double](repeating: 0, count: theta.count))
                    }
                    addPriors(theta, lengthScales: l, to: &e)
                    return (-e.value, e.gradient.map { -$0 })
                }
            }
            return Estimate(problem: problem, xScaler: xScaler, yScaler: yScaler, xs: xs, ranges: ranges,
                            theta: result.best.x, status: result.best.status.rawValue)
        } catch {
            throw learnError(from: error, model: Self.estimatorName)
        }
    }

    /// Adds the log priors (if any) and their derivatives to a log-likelihood evaluation at θ.
    private func addPriors(_ theta: [Double], lengthScales l: Int, to e: inout (value: Double, gradient: [Double])) {
        if let prior = lengthScalePrior {
            for k in 0..<l {
                let p = prior.logDensity(theta[k])
                e.value += p.value
                e.gradient[k] += p.derivative
            }
        }
        if let prior = noiseVariancePrior {
            let p = prior.logDensity(theta[l + 1])
            e.value += p.value
            e.gradient[l + 1] += p.derivative
        }
    }

    /// The log marginal likelihood and its analytic gradient with respect to
    /// θ = (log ℓ₁…log ℓ_L, log s², log σₙ², c) on data `x`, `y` as given (no standardisation).
    ///
    /// L = d with ARD, else 1. Exposed for checking gradients and comparing with other libraries.
    /// - Throws: `LearnError.shapeMismatch` for a wrong θ length; `.numericalFailure` when K is not positive definite.
    /// - Complexity: O(n³ + n² d).
    public static func logMarginalLikelihood(
        kernel: GaussianProcessKernel, automaticRelevance: Bool, x: Matrix, y: [Double], parameters theta: [Double]
    ) throws -> (value: Double, gradient: [Double]) {
        let problem = GaussianProcessLikelihood(kernel: kernel, x: x, y: y, automaticRelevance: automaticRelevance)
        guard theta.count == problem.lengthScaleCount + 3, x.rows == y.count else {
            throw LearnError(
                .shapeMismatch,
                "logMarginalLikelihood needs \(problem.lengthScaleCount + 3) parameters (log length scales, log s², log σₙ², c) and one y per row; got \(theta.count) parameters, \(x.rows) rows, \(y.count) targets.")
        }
        do { return try problem.evaluate(theta) } catch { throw learnError(from: error, model: estimatorName) }
    }
}

/// A fitted Gaussian process: hyperparameters, the training inputs (standardised), α and the Cholesky factor.
public struct FittedGaussianProcess: ProbabilisticRegressor, Equatable {
    /// Kernel family.
    public let kernel: GaussianProcessKernel
    /// The input standardisation learned in fit.
    public let inputScaler: ColumnScaler
    /// Target mean removed before fitting.
    public let targetCentre: Double
    /// Target sd divided out before fitting.
    public let targetScale: Double
    /// Fitted length scales (standardised input units), one per feature.
    public let lengthScales: [Double]
    /// Fitted signal variance s² (standardised target units).
    public let signalVariance: Double
    /// Fitted noise variance σₙ² (standardised target units).
    public let noiseVariance: Double
    /// Fitted constant mean c (standardised target units).
    public let constantMean: Double
    /// Standardised training inputs.
    public let trainingX: Matrix
    /// α = K⁻¹(y − c).
    public let alpha: [Double]
    /// Cholesky factor of K (with any jitter reported in `factor.jitterAdded`).
    public let factor: CholeskyFactor
    /// Log marginal likelihood at the optimum (standardised target units).
    public let logMarginalLikelihood: Double
    /// NLopt's status for the best start.
    public let optimizerStatus: String

    /// Training columns.
    public var featureCount: Int { trainingX.columns }

    /// The leave-one-out log predictive density of the training targets, Σᵢ log p(yᵢ | y₋ᵢ, θ), in standardised
    /// target units, with the hyperparameters held fixed (R&W eqs. 5.10–5.12): per row
    /// ½ log [K⁻¹]ᵢᵢ − αᵢ²/(2[K⁻¹]ᵢᵢ) − ½ log 2π. Comparable between GPs fitted to the same targets (their target
    /// standardisation is the same), e.g. to choose between fits by how well each predicts held-out rows.
    /// - Throws: `LearnError.numericalFailure` if K⁻¹ cannot be formed from the stored factor.
    /// - Complexity: O(n³).
    public func leaveOneOutLogPredictiveDensity() throws -> Double {
        let inverse = try GaussianProcessLikelihood.inverseLowerTriangle(factor)
        let n = alpha.count
        return (0..<n).reduce(0) { sum, i in
            let d = inverse[i * n + i]
            return sum + 0.5 * log(d) - alpha[i] * alpha[i] / (2 * d) - 0.5 * log(2 * Double.pi)
        }
    }

    /// The posterior mean (R&W eq. 2.25 with a constant mean), in original units.
    public func predict(_ x: Matrix) throws -> [Double] { try posterior(x).mean }

    /// Posterior mean c + k*ᵀα and latent variance s² − ‖L⁻¹k*‖² per row (R&W eq. 2.26), mapped back to original
    /// units; `noiseVariance` is the fitted σₙ² times the target scale².
    /// - Throws: as `FittedRegressor.predict`.
    /// - Complexity: O(m · n²).
    public func posterior(_ x: Matrix) throws -> Posterior {
        try validatePredictionInput(x, featureCount: featureCount, model: "GaussianProcess")
        let xs = inputScaler.transform(x)
        let n = trainingX.rows, d = featureCount
        let inv2 = lengthScales.map { 1 / ($0 * $0) }
        let t = trainingX.elements
        var means = [Double](), variances = [Double]()
        for i in 0..<xs.rows {
            let q = xs.row(i)
            let kStar = (0..<n).map { r -> Double in
                var r2 = 0.0
                for m in 0..<d { let v = t[r * d + m] - q[m]; r2 += v * v * inv2[m] }
                return signalVariance * kernel.correlation(r2)
            }
            let mean = constantMean + zip(kStar, alpha).reduce(0) { $0 + $1.0 * $1.1 }
            let v = try factor.solveLower(kStar)
            let variance = max(signalVariance - v.reduce(0) { $0 + $1 * $1 }, 0)
            means.append(targetCentre + targetScale * mean)
            variances.append(variance * targetScale * targetScale)
        }
        return Posterior(mean: means, variance: variances, noiseVariance: noiseVariance * targetScale * targetScale)
    }
}
