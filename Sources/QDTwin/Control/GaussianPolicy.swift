import Foundation
import QDLearn

/// A Gaussian policy π(a | s) = N(μ_θ(s), σ²): the mean from a small `DenseNetwork`, one state-independent
/// log standard deviation.
///
/// Deployed, it acts with the mean (`action(features:)`), so a trained controller is deterministic; σ is the
/// exploration noise of training only.
public struct GaussianPolicy: ControlPolicy, Codable, Equatable {
    /// μ_θ: features → one output.
    public var network: DenseNetwork
    /// ln σ.
    public var logStandardDeviation: Double

    /// A policy with Glorot-initialised hidden layers (seeded) and an output layer scaled by 0.01, so the first
    /// actions are near 0 (hold the set-point) and exploration comes from σ, not from an arbitrary initial mean
    /// (the usual small-gain initialisation of the last policy layer, e.g. Andrychowicz et al., "What matters in
    /// on-policy reinforcement learning?", ICLR 2021).
    /// - Throws: `LearnError.invalidHyperparameter` for a bad layer size.
    public init(featureCount: Int, hiddenUnits: [Int], standardDeviation: Double, seed: UInt64) throws {
        var network = try DenseNetwork(layerSizes: [featureCount] + hiddenUnits + [1], hiddenActivation: .tanh, seed: seed)
        var theta = network.parameters
        let lastInputs = hiddenUnits.last ?? featureCount
        let start = theta.count - (lastInputs + 1)
        for k in start..<(theta.count - 1) { theta[k] *= 0.01 }
        network.parameters = theta
        self.network = network
        logStandardDeviation = log(standardDeviation)
    }

    /// μ_θ(s).
    /// - Complexity: one forward pass.
    public func mean(features: [Double]) -> Double { network.forward(features)[0] }

    /// The deployed action: the mean.
    public func action(features: [Double]) -> Double { mean(features: features) }

    /// ln N(a; μ, σ²) = −(a − μ)²/(2σ²) − ln σ − ½ ln 2π.
    public func logProbability(action: Double, mean: Double) -> Double {
        let z = (action - mean) / exp(logStandardDeviation)
        return -0.5 * z * z - logStandardDeviation - 0.5 * log(2 * Double.pi)
    }
}
