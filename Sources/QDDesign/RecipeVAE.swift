import Foundation
import QDCore
import QDLearn

// Why hand-written: no Swift deep-learning library runs on Linux in this package (see QDLearn's
// `DenseNetwork.swift`), and the model is tiny (two one-hidden-layer MLPs, a few hundred weights, ~200 rows).
// The conditional VAE is the textbook one: Kingma & Welling, "Auto-encoding variational Bayes", ICLR 2014
// (reparameterisation z = μ + σ ⊙ ε, Gaussian KL in closed form, their Appendix B) with the conditioning of
// Sohn, Lee & Yan, "Learning structured output representation using deep conditional generative models",
// NeurIPS 2015 (encoder q(z | x, c), decoder p(x | z, c), prior N(0, I)). The MLPs and Adam are QDLearn's.

/// The space the recipe VAE works in: each condition column optionally log-compressed, then standardised.
///
/// Column j is log-compressed, u = ln(1 + v / mⱼ) with mⱼ its median (or the mean of its positive values when
/// the median is 0), when its values are ≥ 0 and max / median > 3 — times, amounts and volumes spanning decades;
/// temperatures stay linear. Then w = (u − meanⱼ) / sdⱼ over the training rows. Also the space in which
/// `RecipeGeneratorComparison` measures diversity and nearest-neighbour distances.
public struct RecipeSpaceScaler: Sendable, Codable, Equatable {
    /// Per column: log-compressed or not.
    public let logCompressed: [Bool]
    /// Per column: the scale mⱼ of the log compression (1 for linear columns).
    public let logScales: [Double]
    /// Per column: mean and sd of u over the training rows (sd 1 for a constant column).
    public let means: [Double]
    public let standardDeviations: [Double]

    /// Learns the compression and standardisation from the rows of `x` (n × d, n ≥ 1).
    /// - Complexity: O(n d log n).
    public init(_ x: Matrix) {
        var log: [Bool] = [], scales: [Double] = [], means: [Double] = [], sds: [Double] = []
        for j in 0..<x.columns {
            let column = (0..<x.rows).map { x[$0, j] }.sorted()
            let median = column.isEmpty ? 0 : column[(column.count - 1) / 2]
            let positive = column.filter { $0 > 0 }
            let scale = median > 0 ? median : (positive.isEmpty ? 1 : positive.reduce(0, +) / Double(positive.count))
            let compress = (column.first ?? 0) >= 0 && (column.last ?? 0) > 3 * scale
            let u = column.map { compress ? Foundation.log1p($0 / scale) : $0 }
            let mean = u.reduce(0, +) / Double(max(u.count, 1))
            let variance = u.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(u.count - 1, 1))
            log.append(compress)
            scales.append(compress ? scale : 1)
            means.append(mean)
            sds.append(variance > 0 ? variance.squareRoot() : 1)
        }
        logCompressed = log
        logScales = scales
        self.means = means
        standardDeviations = sds
    }

    /// Raw conditions → standardised space. NaN propagates.
    public func forward(_ v: [Double]) -> [Double] {
        v.indices.map { j in ((logCompressed[j] ? Foundation.log1p(v[j] / logScales[j]) : v[j]) - means[j]) / standardDeviations[j] }
    }

    /// Standardised space → raw conditions (the inverse of `forward`). NaN propagates.
    public func inverse(_ w: [Double]) -> [Double] {
        w.indices.map { j in
            let u = means[j] + standardDeviations[j] * w[j]
            return logCompressed[j] ? Foundation.expm1(u) * logScales[j] : u
        }
    }
}

/// Settings of the recipe VAE (all validated by `RecipeVAE.train`).
public struct RecipeVAESettings: Sendable, Codable, Equatable {
    /// Dimension k of the latent z (≥ 1).
    public var latentDimension: Int
    /// Units of the one hidden (tanh) layer of encoder and decoder (≥ 1).
    public var hiddenUnits: Int
    /// Passes over the training rows (≥ 1).
    public var epochs: Int
    /// Rows per Adam step (≥ 1).
    public var batchSize: Int
    /// Adam step size (> 0).
    public var learningRate: Double
    /// β, the weight of the KL term (> 0; 1 = the ELBO).
    public var klWeight: Double
    /// Fraction of the epochs over which β rises linearly from 0 to `klWeight` (KL annealing, Bowman et al.,
    /// "Generating sentences from a continuous space", CoNLL 2016), in [0, 1): without it the decoder learns to
    /// ignore a still-noisy latent early on and never recovers (posterior collapse).
    public var klWarmupFraction: Double

    /// k = 2, 16 hidden units, 600 epochs of batches of 32, η = 3·10⁻³, β = 1.
    public init(latentDimension: Int = 2, hiddenUnits: Int = 16, epochs: Int = 600, batchSize: Int = 32, learningRate: Double = 3e-3, klWeight: Double = 1, klWarmupFraction: Double = 0.3) {
        self.latentDimension = latentDimension
        self.hiddenUnits = hiddenUnits
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.klWeight = klWeight
        self.klWarmupFraction = klWarmupFraction
    }
}

/// A conditional variational autoencoder over recipe space, conditioned on the first-exciton peak.
///
/// With w the standardised conditions (`RecipeSpaceScaler`) and c = (peak − ȳ) / s_y:
/// encoder [w, c] → (μ, log σ²) ∈ ℝᵏ × ℝᵏ; z = μ + σ ⊙ ε, ε ~ N(0, I); decoder [z, c] → ŵ with a learned
/// variance vⱼ = e^sⱼ + 0.01 per column. Loss per row (the negative ELBO, up to a constant):
/// L = ½ Σⱼ ((ŵⱼ − wⱼ)² / vⱼ + ln vⱼ) + β · ½ Σₖ (μₖ² + σₖ² − log σₖ² − 1).
/// Trained with Adam (QDLearn) on mini-batches, one ε per row per epoch, all from one seed.
///
/// Sampling at a target peak: z ~ N(0, I), ŵ = decoder([z, c]) (the decoder's mean; its noise is not added), back to raw units, clamped to the
/// 5th–95th-percentile box of the training conditions (the box the surrogate is inverted in).
public struct RecipeVAE: Sendable, Codable {
    /// Short names of the conditions, in column order.
    public let parameterNames: [String]
    /// The settings it was trained with.
    public let settings: RecipeVAESettings
    /// The condition space.
    public let scaler: RecipeSpaceScaler
    /// Mean and sd of the training peaks (nm), for the condition c.
    public let targetMean: Double
    public let targetStandardDeviation: Double
    /// The clamp box for samples (5th and 95th percentiles of the training conditions).
    public let lower: [Double]
    public let upper: [Double]
    /// Rows trained on.
    public let trainingRows: Int
    /// Mean loss per row over the last epoch (Gaussian negative log-likelihood + β·KL, standardised units).
    public let finalLoss: Double
    /// Mean KL per row over the last epoch (nats); near 0 means the latent is unused (posterior collapse).
    public let finalKL: Double
    /// [w, c] → [μ, log σ²].
    var encoder: DenseNetwork
    /// [z, c] → ŵ.
    var decoder: DenseNetwork
    /// sⱼ: the decoder's variance per column is e^sⱼ + v₀ (learned; a fixed unit variance lets the decoder
    /// ignore the latent — probabilistic PCA uses a direction only when its variance exceeds the noise's).
    var decoderLogNoise: [Double]

    /// "Conditional VAE (k = 2, 16 tanh units) on n rows; last-epoch loss L, KL K nats."
    public var summary: String {
        String(format: "Conditional VAE (latent k = %d, %d tanh units, %d epochs) on %d rows; last-epoch loss %.2f, KL %.2f nats per row.",
               settings.latentDimension, settings.hiddenUnits, settings.epochs, trainingRows, finalLoss, finalKL)
    }

    /// Trains on `spec`'s shipped data (the same rows and columns as `RecipeSurrogate`).
    /// - Throws: as `RecipeDatasetSpec.load` and `train(x:y:parameterNames:seed:settings:)`.
    public static func train(_ spec: RecipeDatasetSpec, seed: UInt64 = 0, settings: RecipeVAESettings = RecipeVAESettings()) throws -> RecipeVAE {
        let (x, y, _) = try spec.load()
        return try train(x: x, y: y, parameterNames: spec.parameterNames, seed: seed, settings: settings)
    }

    /// Trains on conditions `x` (n × d, raw units) and peaks `y` (n, nm).
    /// - Throws: `DesignError.recipe` when n < 10, shapes disagree, a value is not finite, or a setting is out of
    ///   range (naming it).
    /// - Complexity: O(epochs · n · (parameters of encoder + decoder)).
    public static func train(x: Matrix, y: [Double], parameterNames: [String], seed: UInt64 = 0, settings: RecipeVAESettings = RecipeVAESettings()) throws -> RecipeVAE {
        guard x.rows == y.count, x.columns == parameterNames.count, y.count >= 10 else {
            throw DesignError(.recipe, "The recipe VAE needs at least 10 rows with one peak per row and one name per column (got \(x.rows) rows, \(y.count) peaks, \(x.columns) columns, \(parameterNames.count) names).")
        }
        guard x.elements.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw DesignError(.recipe, "The recipe VAE's training data contain NaN or ∞ (rule: finite conditions and peaks). Drop those rows.")
        }
        for (name, value) in [("latentDimension", settings.latentDimension), ("hiddenUnits", settings.hiddenUnits), ("epochs", settings.epochs), ("batchSize", settings.batchSize)] where value < 1 {
            throw DesignError(.recipe, "The '\(name)' setting of RecipeVAE must be ≥ 1. Got \(value).")
        }
        for (name, value) in [("learningRate", settings.learningRate), ("klWeight", settings.klWeight)] where !(value > 0 && value.isFinite) {
            throw DesignError(.recipe, "The '\(name)' setting of RecipeVAE must be > 0. Got \(value).")
        }
        guard settings.klWarmupFraction >= 0 && settings.klWarmupFraction < 1 else {
            throw DesignError(.recipe, "The 'klWarmupFraction' setting of RecipeVAE must be in [0, 1). Got \(settings.klWarmupFraction).")
        }
        let scaler = RecipeSpaceScaler(x)
        let yMean = y.reduce(0, +) / Double(y.count)
        let ySD = max((y.reduce(0) { $0 + ($1 - yMean) * ($1 - yMean) } / Double(y.count - 1)).squareRoot(), 1e-9)
        let w = (0..<x.rows).map { scaler.forward(x.row($0)) }
        let c = y.map { ($0 - yMean) / ySD }
        let (d, k, h) = (x.columns, settings.latentDimension, settings.hiddenUnits)
        var vae = RecipeVAE(
            parameterNames: parameterNames, settings: settings, scaler: scaler, targetMean: yMean, targetStandardDeviation: ySD,
            lower: RecipeSurrogate.percentileBox(x).lower, upper: RecipeSurrogate.percentileBox(x).upper, trainingRows: y.count,
            finalLoss: .nan, finalKL: .nan,
            encoder: try DenseNetwork(layerSizes: [d + 1, h, 2 * k], hiddenActivation: .tanh, seed: seed),
            decoder: try DenseNetwork(layerSizes: [k + 1, h, d], hiddenActivation: .tanh, seed: seed &+ 1),
            decoderLogNoise: [Double](repeating: 0, count: d))
        var adam = try AdamOptimizer(learningRate: settings.learningRate)
        var rng = SeededRNG(seed: seed &+ 2)
        var theta = vae.parameters
        var lastLoss = 0.0, lastKL = 0.0
        let warmupEpochs = settings.klWarmupFraction * Double(settings.epochs)
        for epoch in 0..<settings.epochs {
            let beta = settings.klWeight * (warmupEpochs > 0 ? min(Double(epoch + 1) / warmupEpochs, 1) : 1)
            let order = rng.permutation(y.count)
            lastLoss = 0
            lastKL = 0
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                let batch = order[start..<min(start + settings.batchSize, order.count)]
                var gradient = [Double](repeating: 0, count: theta.count)
                for i in batch {
                    let epsilon = (0..<k).map { _ in rng.normal() }
                    let step = vae.lossAndGradient(w: w[i], c: c[i], epsilon: epsilon, beta: beta)
                    for p in gradient.indices { gradient[p] += step.gradient[p] }
                    lastLoss += step.loss
                    lastKL += step.kl
                }
                let scale = 1 / Double(batch.count)
                adam.step(parameters: &theta, gradient: gradient.map { $0 * scale })
                vae.setParameters(theta)
            }
        }
        return RecipeVAE(
            parameterNames: vae.parameterNames, settings: settings, scaler: scaler, targetMean: yMean, targetStandardDeviation: ySD,
            lower: vae.lower, upper: vae.upper, trainingRows: y.count, finalLoss: lastLoss / Double(y.count), finalKL: lastKL / Double(y.count),
            encoder: vae.encoder, decoder: vae.decoder, decoderLogNoise: vae.decoderLogNoise)
    }

    /// Encoder, decoder, then decoder log-noise parameters, flat.
    var parameters: [Double] { encoder.parameters + decoder.parameters + decoderLogNoise }

    /// Sets encoder, decoder and log-noise parameters from one flat vector (the count of `parameters`).
    mutating func setParameters(_ theta: [Double]) {
        let split = encoder.parameterCount, split2 = split + decoder.parameterCount
        encoder.parameters = Array(theta[..<split])
        decoder.parameters = Array(theta[split..<split2])
        decoderLogNoise = Array(theta[split2...])
    }

    /// v₀, the floor of the decoder's variance (standardised units): keeps the likelihood bounded when a column
    /// is reconstructed exactly.
    static let noiseFloor = 0.01

    /// The loss of one row for a fixed ε, its KL part, and ∂loss/∂θ (laid out like `parameters`).
    ///
    /// Backpropagation through the reparameterisation: with g = ∂L/∂z (from the decoder's input gradient),
    /// ∂L/∂μ = g + βμ and ∂L/∂log σ² = g ⊙ ε ⊙ σ / 2 + β(σ² − 1)/2.
    func lossAndGradient(w: [Double], c: Double, epsilon: [Double], beta: Double) -> (loss: Double, kl: Double, gradient: [Double]) {
        let k = settings.latentDimension
        let encoded = encoder.forward(w + [c])
        let mu = Array(encoded[..<k]), logVariance = Array(encoded[k...])
        let sigma = logVariance.map { Foundation.exp(0.5 * $0) }
        let z = (0..<k).map { mu[$0] + sigma[$0] * epsilon[$0] }
        let decoderInput = z + [c]
        let reconstruction = decoder.forward(decoderInput)
        let residual = zip(reconstruction, w).map { $0 - $1 }
        var kl = 0.0
        for j in 0..<k { kl += 0.5 * (mu[j] * mu[j] + sigma[j] * sigma[j] - logVariance[j] - 1) }
        // Gaussian decoder with variance vⱼ = e^sⱼ + v₀ per column: ½(r²/v + ln v); ∂/∂ŵ = r/v,
        // ∂/∂sⱼ = ½ e^sⱼ (1/v − r²/v²).
        var loss = beta * kl
        var outputGradient = [Double](repeating: 0, count: residual.count)
        var noiseGradient = [Double](repeating: 0, count: residual.count)
        for j in residual.indices {
            let e = Foundation.exp(decoderLogNoise[j]), v = e + Self.noiseFloor, r = residual[j]
            loss += 0.5 * (r * r / v + Foundation.log(v))
            outputGradient[j] = r / v
            noiseGradient[j] = 0.5 * e * (1 / v - r * r / (v * v))
        }
        let decoderGradient = decoder.backward(decoderInput, outputGradient: outputGradient).parameterGradient
        let g = Self.inputGradient(decoder, parameterGradient: decoderGradient)
        var encoderOutputGradient = [Double](repeating: 0, count: 2 * k)
        for j in 0..<k {
            encoderOutputGradient[j] = g[j] + beta * mu[j]
            let dSigma: Double = 0.5 * g[j] * epsilon[j] * sigma[j]
            encoderOutputGradient[k + j] = dSigma + 0.5 * beta * (sigma[j] * sigma[j] - 1)
        }
        let encoderGradient = encoder.backward(w + [c], outputGradient: encoderOutputGradient).parameterGradient
        return (loss, kl, encoderGradient + decoderGradient + noiseGradient)
    }

    /// ∂L/∂input of a `DenseNetwork` from its parameter gradient: the first layer's bias gradient is
    /// δ₁ = ∂L/∂z₁, and ∂L/∂input = W₁ᵀ δ₁ (W₁ row-major n₁ × n₀, first in `parameters`). QDLearn's network
    /// returns only parameter gradients; this recovers the input gradient without a second backward pass.
    static func inputGradient(_ network: DenseNetwork, parameterGradient: [Double]) -> [Double] {
        let (nIn, nOut) = (network.layerSizes[0], network.layerSizes[1])
        let theta = network.parameters
        return (0..<nIn).map { i in (0..<nOut).reduce(0.0) { $0 + theta[$1 * nIn + i] * parameterGradient[nIn * nOut + $1] } }
    }

    /// `count` recipes (raw units, `parameterNames` order) for a target peak: z ~ N(0, I) from `seed`, decoded,
    /// mapped back and clamped to the box. A NaN target gives NaN conditions clamped to the box's lower corner.
    /// - Complexity: O(count · decoder parameters).
    public func sample(targetNanometres: Double, count: Int, seed: UInt64) -> [[Double]] {
        var rng = SeededRNG(seed: seed)
        let c = (targetNanometres - targetMean) / targetStandardDeviation
        return (0..<max(count, 0)).map { _ in
            let z = (0..<settings.latentDimension).map { _ in rng.normal() }
            let raw = scaler.inverse(decoder.forward(z + [c]))
            return raw.indices.map { j in raw[j].isNaN ? lower[j] : min(max(raw[j], lower[j]), upper[j]) }
        }
    }
}
