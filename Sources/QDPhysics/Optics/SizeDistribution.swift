import Foundation

/// One quadrature node of a size distribution: a diameter and its probability weight.
public struct SizeNode: Sendable, Codable, Equatable {
    /// Diameter in nm.
    public let diameterNanometres: Double
    /// Probability weight; the weights of one quadrature sum to 1.
    public let weight: Double

    public init(diameterNanometres: Double, weight: Double) {
        self.diameterNanometres = diameterNanometres
        self.weight = weight
    }
}

/// A distribution of particle diameters in an ensemble, described by its mean and relative spread.
///
/// Both shapes are parametrised by the arithmetic mean diameter d̄ and the relative standard deviation
/// (coefficient of variation) σ_d/d̄, the numbers a TEM size histogram reports:
/// - `.normal`: p(d) = exp(−(d − d̄)²/2σ²)/(σ√2π), truncated to d > 0 (the truncation is negligible for
///   σ/d̄ ≤ 0.3, where it removes less than 1e-3 of the mass) and renormalised.
/// - `.logNormal`: ln d ~ N(μ, s²) with s² = ln(1 + (σ/d̄)²) and μ = ln d̄ − s²/2, so that the mean and
///   standard deviation of d are exactly d̄ and σ (the usual moment matching).
///
/// A relative spread of 0 is a monodisperse ensemble (one node of weight 1).
public struct SizeDistribution: Sendable, Codable, Equatable {
    /// Shape of the diameter distribution.
    public enum Shape: String, Sendable, Codable, CaseIterable {
        case normal
        case logNormal = "log-normal"
    }

    /// Largest relative spread accepted. Above ~50 % a "size" no longer describes the ensemble, and for the
    /// normal shape the truncation at d = 0 would remove a noticeable part of the distribution.
    public static let maximumRelativeStandardDeviation = 0.5

    public let shape: Shape
    /// Arithmetic mean diameter d̄ in nm.
    public let meanDiameterNanometres: Double
    /// σ_d/d̄ (0.05 means 5 %).
    public let relativeStandardDeviation: Double

    /// Validates and stores the distribution.
    /// - Throws: `PhysicsError.invalidValue` for a non-finite or non-positive mean diameter, or a spread that is
    ///   NaN, negative or above `maximumRelativeStandardDeviation`; the message names the value and the rule.
    public init(shape: Shape = .normal, meanDiameterNanometres: Double, relativeStandardDeviation: Double) throws {
        guard meanDiameterNanometres.isFinite, meanDiameterNanometres > 0 else {
            throw PhysicsError(.invalidValue, "Mean diameter \(meanDiameterNanometres) nm is not valid (rule: a finite diameter > 0 nm). Pass the mean particle diameter in nanometres.")
        }
        guard relativeStandardDeviation.isFinite, relativeStandardDeviation >= 0,
              relativeStandardDeviation <= Self.maximumRelativeStandardDeviation else {
            throw PhysicsError(.invalidValue, "Relative size dispersion \(relativeStandardDeviation) is not valid (rule: σ_d/d is a finite fraction in [0, \(Self.maximumRelativeStandardDeviation)], e.g. 0.05 for 5 %). Pass the spread as a fraction, not a percentage.")
        }
        self.shape = shape
        self.meanDiameterNanometres = meanDiameterNanometres
        self.relativeStandardDeviation = relativeStandardDeviation
    }

    /// Standard deviation σ_d in nm.
    public var standardDeviationNanometres: Double { relativeStandardDeviation * meanDiameterNanometres }

    /// Log-normal parameters (μ, s) of ln d, moment-matched to the mean and spread.
    private var logParameters: (mu: Double, s: Double) {
        let s2 = log1p(relativeStandardDeviation * relativeStandardDeviation)
        return (log(meanDiameterNanometres) - s2 / 2, s2.squareRoot())
    }

    /// Probability density (per nm) at `diameterNanometres`, 0 for d ≤ 0.
    ///
    /// For the normal shape this is the untruncated density (the truncation changes it by < 1e-3 relative for
    /// σ/d̄ ≤ 0.3). Monodisperse ensembles have no density: returns `.infinity` at d̄ and 0 elsewhere.
    /// NaN in, NaN out.
    public func probabilityDensity(diameterNanometres d: Double) -> Double {
        if d.isNaN { return .nan }
        guard d > 0 else { return 0 }
        if relativeStandardDeviation == 0 { return d == meanDiameterNanometres ? .infinity : 0 }
        switch shape {
        case .normal:
            let sigma = standardDeviationNanometres
            let z = (d - meanDiameterNanometres) / sigma
            return exp(-0.5 * z * z) / (sigma * (2 * Double.pi).squareRoot())
        case .logNormal:
            let (mu, s) = logParameters
            let z = (log(d) - mu) / s
            return exp(-0.5 * z * z) / (d * s * (2 * Double.pi).squareRoot())
        }
    }

    /// Quadrature nodes and weights over the distribution (weights sum to 1).
    ///
    /// Rule: a uniform grid of `nodeCount` points over ±`widthInStandardDeviations` standard deviations (in d
    /// for the normal shape, in ln d for the log-normal), weights ∝ density × spacing, renormalised.
    /// Why a fine grid rather than Gauss–Hermite: the ensemble spectrum sums a homogeneous line centred at
    /// E(dᵢ) for every node. Gauss–Hermite's few, unevenly spaced nodes would turn a narrow homogeneous line
    /// into a comb, whereas a uniform grid gives a smooth sum as soon as the node spacing in energy is well
    /// below the homogeneous width (401 nodes over ±6σ: spacing 0.03σ). The grid also handles the truncation at
    /// d = 0 and the log-normal without special cases. Error for smooth integrands: the trapezoid rule on a
    /// Gaussian over ±6σ is exponentially accurate (weights sum to 1 by construction; the tails beyond 6σ hold
    /// 2e-9 of the mass).
    /// - Parameters:
    ///   - nodeCount: number of nodes (≥ 3; odd counts put a node on the mean). Monodisperse: always 1 node.
    ///   - widthInStandardDeviations: half-width of the grid in standard deviations (default 6).
    /// - Complexity: O(nodeCount).
    public func quadrature(nodeCount: Int = 401, widthInStandardDeviations: Double = 6) -> [SizeNode] {
        if relativeStandardDeviation == 0 {
            return [SizeNode(diameterNanometres: meanDiameterNanometres, weight: 1)]
        }
        let n = max(3, nodeCount)
        var nodes: [SizeNode] = []
        nodes.reserveCapacity(n)
        switch shape {
        case .normal:
            let sigma = standardDeviationNanometres
            let lower = max(meanDiameterNanometres - widthInStandardDeviations * sigma, meanDiameterNanometres * 1e-3)
            let upper = meanDiameterNanometres + widthInStandardDeviations * sigma
            let step = (upper - lower) / Double(n - 1)
            for i in 0..<n {
                let d = lower + Double(i) * step
                nodes.append(SizeNode(diameterNanometres: d, weight: probabilityDensity(diameterNanometres: d)))
            }
        case .logNormal:
            let (mu, s) = logParameters
            let step = 2 * widthInStandardDeviations * s / Double(n - 1)
            for i in 0..<n {
                let x = mu - widthInStandardDeviations * s + Double(i) * step
                let z = (x - mu) / s
                nodes.append(SizeNode(diameterNanometres: exp(x), weight: exp(-0.5 * z * z)))
            }
        }
        let total = nodes.reduce(0) { $0 + $1.weight }
        return nodes.map { SizeNode(diameterNanometres: $0.diameterNanometres, weight: $0.weight / total) }
    }
}
