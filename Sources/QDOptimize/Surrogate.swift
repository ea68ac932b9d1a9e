import Foundation
import QDCore
import QDLearn

/// How the numeric inputs of the surrogate are spread before fitting.
///
/// The choice matters more than the GP library on skewed spaces (ANCHORS.md: BoTorch found the carbon-dot
/// optimum in 15/20 seeds with rank-scaled inputs against 8/20 with its default scaling, but rank scaling hurt on
/// CsPbBr3, 4/20), so it is a setting, reported with every benchmark, never a hidden default.
public enum InputTransform: String, Sendable, Codable, CaseIterable {
    /// The space's own encoding: u ∈ [0, 1] linear or log per parameter (`ContinuousScale`). The default.
    case unitCube
    /// Rank (empirical-CDF) scaling of each continuous and integer feature over the points in play — observed,
    /// pending and, in pool mode, every candidate: the k distinct values v₁ < … < v_k map to i/(k + 1), the box
    /// ends 0 and 1 stay fixed, and values in between are interpolated linearly (a monotone piecewise-linear
    /// warping, so the acquisition search still moves continuously). Points crowded into a corner of a range
    /// are spread evenly; categorical features are left as they are.
    case rank
}

/// The model of the objective score the acquisition reads.
public enum SurrogateModel: String, Sendable, Codable, CaseIterable {
    /// Gaussian process (QDLearn `GaussianProcess`, kernel and restarts from the settings). The default.
    case gaussianProcess
    /// A bootstrap random forest (`ForestRegressor` defaults) with the spread across trees as its uncertainty:
    /// for large or mostly categorical spaces, and for scores with jumps a stationary GP smooths over.
    case randomForest
}

/// How the GP surrogate scales its feature columns before fitting.
///
/// The features are already on a common scale (`SearchSpace` encoding: numeric parameters in [0, 1] of their range,
/// linear or log; categorical levels one-hot 0/1), which is what BoTorch fits on. Standardising them again by the
/// observed points' spread moves the GP's length-scale bounds and its first start with wherever the data happened to
/// land (ℓ = 1 is the whole range as encoded, ≈ 0.3 of it after standardising a uniform column) and stretches rare
/// one-hot levels (a level seen once in five rows gets sd 0.4, so it sits 2.5 units away). Measured on the three
/// pools of bench/opt_run.sh (docs/optimize.md, "configurations tried"): as encoded found the CsPbBr3 target in
/// 14/20 seeds (median 25) against 10/20 (> 35) standardised, on both seed sets 0–19 and 20–39.
public enum SurrogateInputScaling: String, Sendable, Codable, CaseIterable {
    /// The features as encoded; length scales are fractions of a parameter's range. The default.
    case asEncoded
    /// Each column standardised over the observed points (mean 0, population sd 1), the behaviour before this
    /// setting existed. Saved states without the key decode with it.
    case standardized
}

/// Priors on the GP surrogate's hyperparameters (maximum a posteriori instead of maximum likelihood).
///
/// With five to ten points in six dimensions the likelihood alone often drives a length scale to its lower bound:
/// the GP then treats that input as white noise, every candidate away from the data gets the same mean and
/// variance, and the acquisition is flat, so the pick falls to candidate order (measured on the carbon-dot pool,
/// docs/optimize.md). Priors keep the fit away from those corners.
public enum SurrogatePriors: String, Sendable, Codable, CaseIterable {
    /// None: maximum likelihood within the GP's bounds (the behaviour before priors existed; the default).
    case none
    /// Log-normal priors as in BoTorch 0.18's `SingleTaskGP` defaults (Hvarfner, Hellsten & Nardi, "Vanilla
    /// Bayesian optimization performs great in high dimensions", ICML 2024): log ℓ ~ N(√2 + ½ ln d, 3) for unit-range
    /// inputs (moved by + ln √12 when the inputs are standardised: the sd of a uniform unit range is 1/√12); noise
    /// variance log σₙ² ~ N(−4, 1) in standardised target units, lower bound 1e-4. The densities are taken in
    /// log ℓ and log σₙ² (`LogNormalPrior.Density.logValue`), which pulls ℓ towards the median e^m; BoTorch takes
    /// them in ℓ and σₙ² and so pulls towards the mode e^(m − 3), 20 times shorter (see docs/optimize.md).
    case dimensionScaled

    /// The GP with these priors for `dimensions` features, scaling its inputs as `inputScaling` says.
    func gaussianProcess(kernel: GaussianProcessKernel, restarts: Int, dimensions: Int,
                         inputScaling: SurrogateInputScaling = .standardized) -> GaussianProcess {
        let standardizes = inputScaling == .standardized
        switch self {
        case .none:
            return GaussianProcess(kernel: kernel, restarts: restarts, standardizesInputs: standardizes)
        case .dimensionScaled:
            let logMean = 2.0.squareRoot() + 0.5 * log(Double(max(dimensions, 1))) + (standardizes ? log(12.0.squareRoot()) : 0)
            return GaussianProcess(
                kernel: kernel, restarts: restarts, noiseVarianceBounds: 1e-4...1,
                lengthScalePrior: LogNormalPrior(logMean: logMean, logStandardDeviation: 3.0.squareRoot()),
                noiseVariancePrior: LogNormalPrior(logMean: -4, logStandardDeviation: 1), standardizesInputs: standardizes)
        }
    }
}

/// What the acquisition needs from a fitted surrogate: marginal posteriors and joint posterior draws.
protocol Surrogate: Sendable {
    /// Mean and latent variance per row.
    func posterior(_ x: Matrix) throws -> Posterior
    /// `count` joint draws of the latent function at the rows of `x`, one array of x.rows values per draw.
    func samples(_ x: Matrix, count: Int, using rng: inout SeededRNG) throws -> [[Double]]
}

extension FittedGaussianProcess: Surrogate {}

extension JointPosteriorRegressor {
    /// `count` joint draws of the latent function at the rows of `x`: μ + L z per draw, L the Cholesky factor of
    /// the covariance (factored once, jitter added as needed), z standard normal from `rng` (drawn in order, so
    /// `count` = 1 gives `sample(_:using:)`).
    /// - Throws: as `jointPosterior`; `OptimizeError.numericalFailure` if the covariance cannot be factored.
    /// - Complexity: O(m n² + m² n + m³) once, then O(count · m²).
    public func samples(_ x: Matrix, count: Int, using rng: inout SeededRNG) throws -> [[Double]] {
        let (mean, cov) = try jointPosterior(x)
        let scale = max(cov.diagonalElements.max() ?? 1, 1e-300)
        let factor: CholeskyFactor
        do {
            factor = try cov.addingToDiagonal(1e-9 * scale).cholesky(jitter: CholeskyJitter(initialRelative: 1e-9, growthFactor: 10, maximumRelative: 1e-3))
        } catch {
            throw OptimizeError(.numericalFailure, "Posterior sampling could not factor the \(x.rows) × \(x.rows) posterior covariance (\(error)); use fewer candidates or another acquisition.")
        }
        let l = factor.lower.elements, m = mean.count
        return (0..<count).map { _ in
            let z = (0..<m).map { _ in rng.normal() }
            return (0..<m).map { i in mean[i] + (0...i).reduce(0) { $0 + l[i * m + $1] * z[$1] } }
        }
    }
}

/// A monotone piecewise-linear warping of chosen feature columns (the rank transform): per column, knots
/// (xₖ, yₖ) increasing in both, linear in between, constant beyond the ends.
struct InputWarp: Sendable, Equatable {
    /// Columns warped (others pass through).
    let columns: [Int]
    /// Knot abscissae per warped column (strictly increasing).
    let xs: [[Double]]
    /// Knot ordinates per warped column (strictly increasing).
    let ys: [[Double]]

    /// The rank warping of `columns` fitted on the rows of `reference` (see `InputTransform.rank`).
    static func rank(_ reference: Matrix, columns: [Int]) -> InputWarp {
        var xs: [[Double]] = [], ys: [[Double]] = []
        for c in columns {
            let values = Array(Set((0..<reference.rows).map { reference[$0, c] }.filter(\.isFinite))).sorted()
            let k = Double(values.count)
            var kx: [Double] = [], ky: [Double] = []
            if (values.first ?? 1) > 0 { kx.append(0); ky.append(0) }
            for (i, v) in values.enumerated() { kx.append(v); ky.append(Double(i + 1) / (k + 1)) }
            if (values.last ?? 0) < 1 { kx.append(1); ky.append(1) }
            xs.append(kx)
            ys.append(ky)
        }
        return InputWarp(columns: columns, xs: xs, ys: ys)
    }

    /// The warped value of `u` in warped column number `k`.
    func value(_ u: Double, column k: Int) -> Double {
        let kx = xs[k], ky = ys[k]
        guard let first = kx.first, let last = kx.last else { return u }
        if u <= first { return ky[0] }
        if u >= last { return ky[ky.count - 1] }
        // Binary search for the segment kx[i] ≤ u < kx[i + 1].
        var lo = 0, hi = kx.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if kx[mid] <= u { lo = mid } else { hi = mid }
        }
        let t = (u - kx[lo]) / (kx[hi] - kx[lo])
        return ky[lo] + t * (ky[hi] - ky[lo])
    }

    /// `x` with the warped columns replaced.
    func apply(_ x: Matrix) -> Matrix {
        var out = x
        for (k, c) in columns.enumerated() {
            for r in 0..<x.rows { out[r, c] = value(x[r, c], column: k) }
        }
        return out
    }
}
