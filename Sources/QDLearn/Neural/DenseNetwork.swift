import Foundation
import QDCore

// Why hand-written: no maintained, Linux-capable Swift neural-network library is available to this package
// (Swift for TensorFlow is archived; MLX Swift needs Apple silicon), and the networks QDLab needs — a few
// dense layers on tens of inputs, trained on hundreds of rows, or used as a policy/value function by the
// reinforcement-learning controller — are small enough that plain per-sample loops are fast. Only the
// textbook algorithms are used: Glorot/Xavier initialisation (Glorot & Bengio, AISTATS 2010), reverse-mode
// backpropagation (Rumelhart, Hinton & Williams, Nature 323, 1986) and Adam (Kingma & Ba, ICLR 2015).

/// The element-wise nonlinearity applied after every hidden layer of a `DenseNetwork`.
public enum Activation: String, Sendable, Codable, CaseIterable {
    /// tanh(z); derivative 1 − tanh².
    case tanh
    /// max(0, z); derivative 1 for z > 0, else 0 (the subgradient at 0 is taken as 0).
    case relu
    /// ln(1 + eᶻ) (a smooth ReLU); derivative the logistic function σ(z).
    case softplus
    /// 1 / (1 + e⁻ᶻ); derivative σ(1 − σ).
    case sigmoid
    /// z (a purely linear network); derivative 1.
    case identity

    /// The activation at pre-activation `z`.
    @inline(__always)
    func value(_ z: Double) -> Double {
        switch self {
        case .tanh: return Foundation.tanh(z)
        case .relu: return z > 0 ? z : 0
        // ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|), written so large |z| neither overflows nor loses digits.
        case .softplus: return max(z, 0) + log1p(exp(-abs(z)))
        case .sigmoid: return logistic(z)
        case .identity: return z
        }
    }

    /// dσ/dz, from the pre-activation `z` and the activation value `a` = σ(z) (whichever is cheaper).
    @inline(__always)
    func derivative(z: Double, a: Double) -> Double {
        switch self {
        case .tanh: return 1 - a * a
        case .relu: return z > 0 ? 1 : 0
        case .softplus: return logistic(z)
        case .sigmoid: return a * (1 - a)
        case .identity: return 1
        }
    }
}

/// 1 / (1 + e⁻ᶻ), evaluated without overflow for large |z|.
@inline(__always)
private func logistic(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
}

/// A fully connected feed-forward network on a flat parameter vector: hidden layers with one activation, a
/// linear output layer.
///
/// Layer l maps aₗ₋₁ (nₗ₋₁ values) to zₗ = Wₗ aₗ₋₁ + bₗ (nₗ values); hidden layers then apply the activation,
/// the last layer does not. The parameters are stored flat, layer by layer, each layer's weights first
/// (row-major nₗ × nₗ₋₁, row = output unit) then its biases, so optimisers and the RL code can treat the
/// network as a vector θ with `parameters` and `backward`.
///
/// A value type: copying copies the weights. Codable, so a trained network can be saved with its model.
public struct DenseNetwork: Sendable, Codable, Equatable {
    /// Units per layer, input first, output last (count ≥ 2, every entry ≥ 1).
    public let layerSizes: [Int]
    /// The activation of every hidden layer (the output layer is linear).
    public let hiddenActivation: Activation
    /// θ: all weights and biases, layer by layer (weights row-major, then biases).
    private var theta: [Double]

    /// A network with Glorot-uniform weights and zero biases.
    ///
    /// Weights of layer l are drawn from U(−r, r) with r = √(6 / (nₗ₋₁ + nₗ)) (Glorot & Bengio 2010), from a
    /// `SeededRNG(seed:)`, so the same sizes and seed give the same network.
    /// - Throws: `LearnError.invalidHyperparameter` if fewer than two layers are given or a layer has < 1 unit.
    /// - Complexity: O(parameterCount).
    public init(layerSizes: [Int], hiddenActivation: Activation = .tanh, seed: UInt64) throws {
        guard layerSizes.count >= 2 else {
            throw LearnError(
                .invalidHyperparameter,
                "The 'layerSizes' parameter of DenseNetwork must list at least an input and an output size. Got \(layerSizes).")
        }
        if let bad = layerSizes.firstIndex(where: { $0 < 1 }) {
            throw LearnError(
                .invalidHyperparameter,
                "The 'layerSizes' parameter of DenseNetwork must be ≥ 1 in every layer. Got \(layerSizes[bad]) at index \(bad).")
        }
        self.layerSizes = layerSizes
        self.hiddenActivation = hiddenActivation
        var rng = SeededRNG(seed: seed)
        var theta: [Double] = []
        theta.reserveCapacity(Self.parameterCount(layerSizes))
        for l in 1..<layerSizes.count {
            let (fanIn, fanOut) = (layerSizes[l - 1], layerSizes[l])
            let r = (6.0 / Double(fanIn + fanOut)).squareRoot()
            for _ in 0..<(fanIn * fanOut) { theta.append(rng.uniform(in: -r..<r)) }
            theta.append(contentsOf: repeatElement(0, count: fanOut))
        }
        self.theta = theta
    }

    /// Σₗ (nₗ₋₁ + 1) · nₗ: weights plus biases.
    static func parameterCount(_ sizes: [Int]) -> Int {
        zip(sizes.dropLast(), sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// The number of trainable values, Σₗ (nₗ₋₁ + 1) · nₗ.
    public var parameterCount: Int { theta.count }

    /// The number of inputs (first layer size).
    public var inputCount: Int { layerSizes[0] }

    /// The number of outputs (last layer size).
    public var outputCount: Int { layerSizes[layerSizes.count - 1] }

    /// θ as a flat array (layer by layer: weights row-major, then biases). Setting requires the same count
    /// (a programmer error otherwise: traps).
    public var parameters: [Double] {
        get { theta }
        set {
            precondition(
                newValue.count == theta.count,
                "DenseNetwork.parameters: got \(newValue.count) values, the network has \(theta.count)")
            theta = newValue
        }
    }

    /// The network output for one input vector.
    ///
    /// The input must have `inputCount` entries (a programmer error otherwise: traps). NaN propagates.
    /// - Complexity: O(parameterCount).
    public func forward(_ input: [Double]) -> [Double] {
        precondition(input.count == inputCount, "DenseNetwork.forward: input has \(input.count) values, expected \(inputCount)")
        var a = input
        var offset = 0
        let last = layerSizes.count - 1
        theta.withUnsafeBufferPointer { p in
            for l in 1...last {
                let (nIn, nOut) = (layerSizes[l - 1], layerSizes[l])
                let z = Self.affine(p, offset: offset, nIn: nIn, nOut: nOut, input: a)
                offset += (nIn + 1) * nOut
                a = l == last ? z : z.map { hiddenActivation.value($0) }
            }
        }
        return a
    }

    /// The output for `input` and the gradient of ⟨outputGradient, output⟩ with respect to θ, by backprop.
    ///
    /// For a loss L(output), pass outputGradient = ∂L/∂output to get ∂L/∂θ (laid out like `parameters`).
    /// Both arrays must have the documented sizes (programmer error otherwise: traps).
    /// - Complexity: O(parameterCount), about three forward passes.
    public func backward(_ input: [Double], outputGradient: [Double]) -> (output: [Double], parameterGradient: [Double]) {
        var gradient = [Double](repeating: 0, count: theta.count)
        let output = accumulateGradient(input, outputGradient: outputGradient, into: &gradient)
        return (output, gradient)
    }

    /// Like `backward`, but adds the parameter gradient into `gradient` (so a mini-batch sums without
    /// allocating one gradient per row) and returns the output.
    /// - Complexity: O(parameterCount).
    public func accumulateGradient(_ input: [Double], outputGradient: [Double], into gradient: inout [Double]) -> [Double] {
        precondition(input.count == inputCount, "DenseNetwork.backward: input has \(input.count) values, expected \(inputCount)")
        precondition(
            outputGradient.count == outputCount,
            "DenseNetwork.backward: outputGradient has \(outputGradient.count) values, expected \(outputCount)")
        precondition(gradient.count == theta.count, "DenseNetwork.backward: gradient buffer has the wrong size")
        let last = layerSizes.count - 1
        // Forward pass keeping every layer's input a and pre-activation z.
        var activations: [[Double]] = [input]
        var preActivations: [[Double]] = []
        var offsets: [Int] = []
        var offset = 0
        theta.withUnsafeBufferPointer { p in
            for l in 1...last {
                let (nIn, nOut) = (layerSizes[l - 1], layerSizes[l])
                let z = Self.affine(p, offset: offset, nIn: nIn, nOut: nOut, input: activations[l - 1])
                offsets.append(offset)
                offset += (nIn + 1) * nOut
                preActivations.append(z)
                activations.append(l == last ? z : z.map { hiddenActivation.value($0) })
            }
        }
        // Backward pass: delta = ∂⟨g, output⟩/∂zₗ, starting from the linear output layer.
        var delta = outputGradient
        theta.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                for l in stride(from: last, through: 1, by: -1) {
                    let (nIn, nOut) = (layerSizes[l - 1], layerSizes[l])
                    let base = offsets[l - 1]
                    let aPrev = activations[l - 1]
                    var deltaPrev = [Double](repeating: 0, count: l > 1 ? nIn : 0)
                    for o in 0..<nOut {
                        let d = delta[o]
                        let row = base + o * nIn
                        for i in 0..<nIn {
                            g[row + i] += d * aPrev[i]
                            if l > 1 { deltaPrev[i] += p[row + i] * d }
                        }
                        g[base + nIn * nOut + o] += d
                    }
                    if l > 1 {
                        let zPrev = preActivations[l - 2]
                        for i in 0..<nIn {
                            deltaPrev[i] *= hiddenActivation.derivative(z: zPrev[i], a: aPrev[i])
                        }
                        delta = deltaPrev
                    }
                }
            }
        }
        return activations[last]
    }

    /// z = W a + b for the layer whose weights start at `offset` in `p`.
    @inline(__always)
    private static func affine(
        _ p: UnsafeBufferPointer<Double>, offset: Int, nIn: Int, nOut: Int, input: [Double]
    ) -> [Double] {
        var z = [Double](repeating: 0, count: nOut)
        let biasBase = offset + nIn * nOut
        input.withUnsafeBufferPointer { a in
            for o in 0..<nOut {
                var s = p[biasBase + o]
                let row = offset + o * nIn
                for i in 0..<nIn { s += p[row + i] * a[i] }
                z[o] = s
            }
        }
        return z
    }
}
