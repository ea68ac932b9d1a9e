import Foundation
import QDCore
import Testing
@testable import QDLearn

/// Priors and hyperparameter draws of `GaussianProcess`, on data whose likelihood does not depend on the length
/// scale: two rows at the same x with different y. Every pair distance is 0, so K = s²·1·1ᵀ + σₙ²I whatever ℓ is,
/// and the posterior of log ℓ is its prior (cut to the bounds, which lie > 4.6 prior sds away here).
@Suite("GP priors and hyperparameter draws")
struct GaussianProcessPriorTests {
    static let x = (try? Matrix([[0.3], [0.3]])) ?? Matrix(rows: 0, columns: 1)
    static let y = [1.0, 2.0]

    /// With a flat likelihood the MAP length scale is where the prior's added density peaks: e^m for the density
    /// of log ℓ, e^(m − s²) for the density of ℓ (GPyTorch's convention). m = 0.5, s = 1: ℓ = 1.6487 vs 0.6065.
    /// Tolerance 1e-3 relative: L-BFGS on a smooth one-dimensional quadratic in log ℓ stops far closer.
    @Test("MAP length scale with a flat likelihood sits at the prior's mode", arguments: LogNormalPrior.Density.allCases)
    func mapAtPriorMode(density: LogNormalPrior.Density) throws {
        let prior = LogNormalPrior(logMean: 0.5, logStandardDeviation: 1, density: density)
        let fit = try GaussianProcess(restarts: 2, lengthScalePrior: prior).fit(Self.x, Self.y, seed: 3)
        let expected = exp(density == .logValue ? 0.5 : -0.5)
        #expect(abs(prior.logMode - log(expected)) < 1e-12)
        #expect(abs(fit.lengthScales[0] / expected - 1) < 1e-3)
    }

    /// The analytic derivative of the added log density matches a central difference (h = 1e-6, error O(h²)
    /// for a quadratic-plus-linear function: exact up to rounding, 1e-7 leaves room).
    @Test("prior log density: derivative matches a central difference", arguments: LogNormalPrior.Density.allCases)
    func priorDerivative(density: LogNormalPrior.Density) {
        let prior = LogNormalPrior(logMean: -1.2, logStandardDeviation: 0.7, density: density)
        for v in [-3.0, -1.2, 0.4, 2.5] {
            let h = 1e-6
            let numeric = (prior.logDensity(v + h).value - prior.logDensity(v - h).value) / (2 * h)
            #expect(abs(prior.logDensity(v).derivative - numeric) < 1e-7)
        }
    }

    /// Slice-sampling draws of log ℓ must follow the prior N(0.5, 0.8²) when the likelihood is flat in ℓ.
    /// 300 draws (thinning 2): the sd of the sample mean is ≈ 0.8/√300 ≈ 0.046 for independent draws, so ±0.2
    /// allows for autocorrelation; the sample sd must lie within 25 % of 0.8 (its relative sd is ≈ 4 %).
    @Test("posterior draws follow the prior when the likelihood ignores the length scale")
    func drawsFollowPrior() throws {
        let gp = GaussianProcess(restarts: 1, lengthScalePrior: LogNormalPrior(logMean: 0.5, logStandardDeviation: 0.8))
        let draws = try gp.posteriorSamples(Self.x, Self.y, count: 300, seed: 11)
        #expect(draws.count == 300)
        let logs = draws.map { log($0.lengthScales[0]) }
        let mean = logs.reduce(0, +) / Double(logs.count)
        let sd = (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count - 1)).squareRoot()
        #expect(abs(mean - 0.5) < 0.2)
        #expect(abs(sd / 0.8 - 1) < 0.25)
        // Same seed, same draws; every draw stays inside the bounds.
        let again = try gp.posteriorSamples(Self.x, Self.y, count: 300, seed: 11)
        #expect(again.map(\.lengthScales) == draws.map(\.lengthScales))
        #expect(draws.allSatisfy { (1e-2...1e3).contains($0.lengthScales[0]) && (1e-6...1).contains($0.noiseVariance) })
    }

    /// Leave-one-out by formula (R&W eqs. 5.10–5.12) against conditioning on the other rows explicitly, with the
    /// fitted hyperparameters held: μᵢ = c + kᵢᵀK₋ᵢ⁻¹(y₋ᵢ − c), σᵢ² = s² + σₙ² − kᵢᵀK₋ᵢ⁻¹kᵢ, all in standardised units.
    /// Tolerance 1e-9: both are O(n³) Cholesky solves of a well-conditioned 5 × 5 system (noise ≥ 1e-6 relative).
    @Test("leave-one-out log predictive density equals explicit conditioning on the other rows")
    func leaveOneOut() throws {
        let x = try Matrix([[0.1], [0.35], [0.5], [0.8], [0.95]])
        let y = [0.3, 1.1, 0.9, -0.4, -0.2]
        let fit = try GaussianProcess(kernel: .rbf, restarts: 2, standardizesInputs: false).fit(x, y, seed: 2)
        #expect(fit.inputScaler == ColumnScaler.identity(columns: 1))
        let ys = y.map { ($0 - fit.targetCentre) / fit.targetScale }
        let (s2, sn2, c, l) = (fit.signalVariance, fit.noiseVariance, fit.constantMean, fit.lengthScales[0])
        func k(_ a: Double, _ b: Double) -> Double { s2 * exp(-0.5 * (a - b) * (a - b) / (l * l)) }
        var expected = 0.0
        for i in 0..<5 {
            let rest = (0..<5).filter { $0 != i }
            let kRest = try Matrix(rows: 4, columns: 4, elements: rest.flatMap { a in rest.map { b in k(x[a, 0], x[b, 0]) + (a == b ? sn2 : 0) } })
            let factor = try kRest.cholesky()
            let kStar = rest.map { k(x[i, 0], x[$0, 0]) }
            let weights = try factor.solve(kStar)
            let mean = c + zip(weights, rest).reduce(0) { $0 + $1.0 * (ys[$1.1] - c) }
            let variance = s2 + sn2 - zip(weights, kStar).reduce(0) { $0 + $1.0 * $1.1 }
            expected += -0.5 * log(2 * Double.pi * variance) - (ys[i] - mean) * (ys[i] - mean) / (2 * variance)
        }
        #expect(abs(try fit.leaveOneOutLogPredictiveDensity() - expected) < 1e-9)
    }

    @Test("posterior draws: count, burn-in and thinning out of range are rejected")
    func drawsValidate() {
        for (count, burnIn, thinning) in [(0, 20, 2), (4, -1, 2), (4, 20, 0)] {
            #expect(throws: LearnError.self) {
                _ = try GaussianProcess().posteriorSamples(Self.x, Self.y, count: count, burnIn: burnIn, thinning: thinning, seed: 1)
            }
        }
    }
}
