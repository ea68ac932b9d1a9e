import Foundation

/// Adam with decoupled weight decay (AdamW) on a flat parameter vector.
///
/// With gradient g at step t (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015, Algorithm 1):
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ),
/// θ ← θ − η · m̂ / (√v̂ + ε) − η · λ · θ,
/// where the last term is the decoupled weight decay of Loshchilov & Hutter ("Decoupled weight decay
/// regularization", ICLR 2019); λ = 0 gives plain Adam. Decay applies to every parameter, biases included.
///
/// A value type holding the moment estimates; create one per parameter vector and keep it across steps.
/// Hand-written for the reason given in `DenseNetwork.swift` (no Swift NN library is available here).
public struct AdamOptimizer: Sendable, Codable, Equatable {
    /// Step size η (> 0).
    public let learningRate: Double
    /// Decay of the first-moment estimate β₁ ∈ [0, 1).
    public let beta1: Double
    /// Decay of the second-moment estimate β₂ ∈ [0, 1).
    public let beta2: Double
    /// Added to √v̂ to avoid division by zero (> 0).
    public let epsilon: Double
    /// Decoupled weight decay λ per unit learning rate (≥ 0).
    public let weightDecay: Double
    /// First-moment estimate m (empty until the first step).
    public private(set) var firstMoment: [Double] = []
    /// Second-moment estimate v (empty until the first step).
    public private(set) var secondMoment: [Double] = []
    /// Steps taken so far, t.
    public private(set) var stepCount: Int = 0

    /// An optimiser with the given settings; the defaults are Kingma & Ba's (η = 10⁻³, β₁ = 0.9, β₂ = 0.999,
    /// ε = 10⁻⁸) with no weight decay.
    /// - Throws: `LearnError.invalidHyperparameter` naming the first setting out of range, e.g.
    ///   "The 'beta1' parameter of AdamOptimizer must be in [0, 1). Got 1."
    public init(
        learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        weightDecay: Double = 0
    ) throws {
        try checkRules(
            [
                HyperparameterRule("learningRate", learningRate, .greaterThan(0)),
                HyperparameterRule("epsilon", epsilon, .greaterThan(0)),
                HyperparameterRule("weightDecay", weightDecay, .atLeast(0)),
            ], estimator: "AdamOptimizer")
        for (name, value) in [("beta1", beta1), ("beta2", beta2)] where !(value >= 0 && value < 1) {
            throw LearnError(
                .invalidHyperparameter, "The '\(name)' parameter of AdamOptimizer must be in [0, 1). Got \(formatNumber(value)).")
        }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// One AdamW update of `parameters` with `gradient` (same count; the first call fixes the count, and a
    /// different count later is a programmer error: traps). NaN in the gradient propagates into the parameters.
    /// - Complexity: O(parameters.count).
    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        precondition(
            parameters.count == gradient.count,
            "AdamOptimizer.step: \(parameters.count) parameters but \(gradient.count) gradient entries")
        if stepCount == 0 && firstMoment.isEmpty {
            firstMoment = [Double](repeating: 0, count: gradient.count)
            secondMoment = firstMoment
        }
        precondition(firstMoment.count == gradient.count, "AdamOptimizer.step: parameter count changed between steps")
        stepCount += 1
        let t = Double(stepCount)
        let c1 = 1 - pow(beta1, t)
        let c2 = 1 - pow(beta2, t)
        let decay = learningRate * weightDecay
        for k in parameters.indices {
            let g = gradient[k]
            firstMoment[k] = beta1 * firstMoment[k] + (1 - beta1) * g
            secondMoment[k] = beta2 * secondMoment[k] + (1 - beta2) * g * g
            let mHat = firstMoment[k] / c1
            let vHat = secondMoment[k] / c2
            parameters[k] -= learningRate * mHat / (vHat.squareRoot() + epsilon) + decay * parameters[k]
        }
    }

    /// Forgets the moment estimates and the step count (same settings).
    public mutating func reset() {
        firstMoment = []
        secondMoment = []
        stepCount = 0
    }
}
