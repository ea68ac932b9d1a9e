import Foundation
import QDCore
import QDLearn

/// Settings of `ControlTrainer` (Codable: stored with the trained controller).
public struct ControlTrainingSettings: Sendable, Codable, Equatable {
    /// Simulated episodes (syntheses on the twin) in total, ≥ 1.
    public var episodes: Int
    /// Episodes collected per update, ≥ 1 (the last update may use fewer).
    public var episodesPerUpdate: Int
    /// Passes over each batch (1 is REINFORCE with a learned baseline; > 1 is PPO with the clipped ratio).
    public var epochs: Int
    /// PPO clip range ε, > 0.
    public var clipRange: Double
    /// Adam step size of the policy (network and ln σ), > 0.
    public var policyLearningRate: Double
    /// Adam step size of the value (baseline) network, > 0.
    public var valueLearningRate: Double
    /// Hidden layer widths of both networks (each ≥ 1; may be empty for linear networks).
    public var hiddenUnits: [Int]
    /// Initial exploration σ of the action (tanh units), > 0.
    public var initialStandardDeviation: Double
    /// Lower bound on σ during training, > 0.
    public var minimumStandardDeviation: Double
    /// Seeds the networks and every training episode.
    public var seed: UInt64

    /// Settings; the defaults are common PPO choices scaled to a 10-step task (ε 0.2, 4 epochs, Adam 3e-3,
    /// two tanh layers of 32, 16 episodes per update).
    public init(
        episodes: Int = 1500, episodesPerUpdate: Int = 16, epochs: Int = 4, clipRange: Double = 0.2,
        policyLearningRate: Double = 3e-3, valueLearningRate: Double = 3e-3, hiddenUnits: [Int] = [32, 32],
        initialStandardDeviation: Double = 0.6, minimumStandardDeviation: Double = 0.05, seed: UInt64 = 0
    ) {
        self.episodes = episodes
        self.episodesPerUpdate = episodesPerUpdate
        self.epochs = epochs
        self.clipRange = clipRange
        self.policyLearningRate = policyLearningRate
        self.valueLearningRate = valueLearningRate
        self.hiddenUnits = hiddenUnits
        self.initialStandardDeviation = initialStandardDeviation
        self.minimumStandardDeviation = minimumStandardDeviation
        self.seed = seed
    }

    /// Checks every number.
    /// - Throws: `TwinError.invalidRecipe` (QDTwin's one error type) naming the setting, the rule and the fix.
    public func validated() throws -> ControlTrainingSettings {
        func fail(_ name: String, _ value: String, _ rule: String, _ fix: String) -> TwinError {
            TwinError(.invalidRecipe, "The '\(name)' training setting must be \(rule). Got \(value). \(fix)")
        }
        if episodes < 1 { throw fail("episodes", "\(episodes)", "≥ 1", "Pass a positive number of simulated episodes, e.g. 1500.") }
        if episodesPerUpdate < 1 { throw fail("episodesPerUpdate", "\(episodesPerUpdate)", "≥ 1", "Pass e.g. 16.") }
        if epochs < 1 { throw fail("epochs", "\(epochs)", "≥ 1", "Pass 1 for REINFORCE or e.g. 4 for PPO.") }
        for (name, value) in [("clipRange", clipRange), ("policyLearningRate", policyLearningRate), ("valueLearningRate", valueLearningRate),
                              ("initialStandardDeviation", initialStandardDeviation), ("minimumStandardDeviation", minimumStandardDeviation)]
            where !(value.isFinite && value > 0) {
            throw fail(name, "\(value)", "finite and > 0", "Start from ControlTrainingSettings() and change one value.")
        }
        if let bad = hiddenUnits.first(where: { $0 < 1 }) { throw fail("hiddenUnits", "\(bad)", "≥ 1 in every layer", "Pass e.g. [32, 32].") }
        return self
    }
}

/// The mean reward and success rate of one update's training episodes.
public struct ControlTrainingPoint: Sendable, Codable, Equatable {
    /// Episodes simulated so far (after this update's batch).
    public let episodes: Int
    /// Mean reward of the batch (sampled actions, so exploration noise included).
    public let meanReward: Double
    /// Fraction of the batch's runs that were successes.
    public let successRate: Double
    /// σ of the policy after the update.
    public let standardDeviation: Double
}

/// A trained controller: the task it was trained for, the policy, how it was trained. Saved as JSON.
public struct TrainedController: Sendable, Codable, Equatable {
    /// Version of this file format (bumped when fields change meaning).
    public static let currentFormatVersion = 1
    /// The file's format version.
    public let formatVersion: Int
    /// The twin version the policy was trained on (`QDTwin.version`): a recalibrated twin may need retraining.
    public let twinVersion: String
    /// The task.
    public let task: ControlTask
    /// The policy (deployed with its mean action).
    public let policy: GaussianPolicy
    /// The settings used.
    public let settings: ControlTrainingSettings
    /// Simulated episodes used for training.
    public let episodesTrained: Int
    /// Batch statistics, one per update.
    public let learningCurve: [ControlTrainingPoint]

    /// Creates a controller record.
    public init(task: ControlTask, policy: GaussianPolicy, settings: ControlTrainingSettings, episodesTrained: Int,
                learningCurve: [ControlTrainingPoint]) {
        formatVersion = Self.currentFormatVersion
        twinVersion = QDTwin.version
        self.task = task
        self.policy = policy
        self.settings = settings
        self.episodesTrained = episodesTrained
        self.learningCurve = learningCurve
    }

    /// JSON with sorted keys (stable across runs).
    /// - Throws: `EncodingError` (not expected for finite values).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a controller saved with `jsonData()`.
    /// - Throws: `TwinError.invalidRecipe` naming the problem when the data is not a controller file of this
    ///   format version or its task or network is inconsistent.
    public static func decode(_ data: Data) throws -> TrainedController {
        let controller: TrainedController
        do {
            controller = try JSONDecoder().decode(TrainedController.self, from: data)
        } catch {
            throw TwinError(.invalidRecipe, "The file is not a trained controller (rule: JSON written by 'qdlab control train' / TrainedController.jsonData()): \(error). Train one with 'qdlab control train'.")
        }
        guard controller.formatVersion == currentFormatVersion else {
            throw TwinError(.invalidRecipe, "Controller file format \(controller.formatVersion) is not supported (rule: format \(currentFormatVersion)). Retrain with this version of qdlab.")
        }
        guard controller.policy.network.inputCount == ControlEpisode.featureCount, controller.policy.network.outputCount == 1 else {
            throw TwinError(.invalidRecipe, "The controller's network maps \(controller.policy.network.inputCount) inputs to \(controller.policy.network.outputCount) outputs (rule: \(ControlEpisode.featureCount) features to 1 action). Retrain with this version of qdlab.")
        }
        _ = try controller.task.validated()
        return controller
    }
}

/// Trains a `GaussianPolicy` on the twin with PPO-clip (REINFORCE with a learned baseline when `epochs` = 1).
///
/// Per update: `episodesPerUpdate` episodes are run with sampled actions a ~ N(μ_θ(s), σ²); every step of an
/// episode gets the episode's final reward R as its return (undiscounted, reward only at the end). A value
/// network V_φ(s) is the baseline: advantages Â = R − V_φ(s), normalised to mean 0 and SD 1 over the batch.
/// Then `epochs` full-batch passes each take one Adam step on the clipped surrogate
/// L = −(1/n)Σ min(ρÂ, clip(ρ, 1 − ε, 1 + ε)Â), ρ = π_θ(a|s)/π_old(a|s) (Schulman et al., "Proximal policy
/// optimization algorithms", arXiv:1707.06347, 2017), for θ and ln σ (ln σ clamped to ≥ ln σ_min), and one on
/// the squared error (1/n)Σ(V_φ(s) − R)². With one epoch ρ = 1 and the step is REINFORCE with baseline
/// (Williams, Machine Learning 8, 229 (1992)). The gradients are written out below:
/// ∂ ln π/∂μ = (a − μ)/σ², ∂ ln π/∂ln σ = (a − μ)²/σ² − 1; a clipped term contributes nothing.
///
/// Deterministic: episode seeds come from `SeededRNG(seed:)`, and episodes run in order.
public enum ControlTrainer {
    /// Trains a controller for `task`.
    ///
    /// - Parameter progress: called after every update (e.g. for a progress line); may be `nil`.
    /// - Throws: validation errors of the task and settings; `TwinError` from the twin. A run whose integrator
    ///   fails (`.simulationFailed`) is not an error here: it scores the worst reward and training goes on.
    /// - Complexity: `episodes` syntheses plus `epochs` × (steps) network passes per update.
    public static func train(
        task: ControlTask, settings: ControlTrainingSettings,
        progress: ((ControlTrainingPoint) -> Void)? = nil
    ) throws -> TrainedController {
        let task = try task.validated()
        let settings = try settings.validated()
        var rng = SeededRNG(seed: settings.seed)
        var policy = try GaussianPolicy(
            featureCount: ControlEpisode.featureCount, hiddenUnits: settings.hiddenUnits,
            standardDeviation: settings.initialStandardDeviation, seed: rng.next())
        var value = try DenseNetwork(
            layerSizes: [ControlEpisode.featureCount] + settings.hiddenUnits + [1], hiddenActivation: .tanh, seed: rng.next())
        var policyAdam = try AdamOptimizer(learningRate: settings.policyLearningRate)
        var sigmaAdam = try AdamOptimizer(learningRate: settings.policyLearningRate)
        var valueAdam = try AdamOptimizer(learningRate: settings.valueLearningRate)
        let minimumLogSD = log(settings.minimumStandardDeviation)
        var curve: [ControlTrainingPoint] = []
        var done = 0

        while done < settings.episodes {
            let batch = min(settings.episodesPerUpdate, settings.episodes - done)
            var states: [[Double]] = [], actions: [Double] = [], oldLogP: [Double] = [], returns: [Double] = []
            var rewardSum = 0.0, successes = 0
            for _ in 0..<batch {
                let rollout = try sampleEpisode(task, policy: policy, seed: rng.next(), rng: &rng)
                states += rollout.states
                actions += rollout.actions
                oldLogP += rollout.logProbabilities
                returns += Array(repeating: rollout.reward, count: rollout.states.count)
                rewardSum += rollout.reward
                if rollout.success { successes += 1 }
            }
            done += batch
            let n = Double(states.count)
            // Advantages from the baseline before this update, normalised over the batch.
            var advantages = zip(states, returns).map { s, r in r - value.forward(s)[0] }
            let mean = advantages.reduce(0, +) / n
            let sd = (advantages.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            advantages = advantages.map { ($0 - mean) / max(sd, 1e-8) }

            for _ in 0..<settings.epochs {
                var gradient = [Double](repeating: 0, count: policy.network.parameterCount)
                var sigmaGradient = 0.0
                let variance = exp(2 * policy.logStandardDeviation)
                for k in states.indices {
                    let mu = policy.mean(features: states[k])
                    let ratio = exp(policy.logProbability(action: actions[k], mean: mu) - oldLogP[k])
                    let a = advantages[k]
                    let clipped = (a > 0 && ratio > 1 + settings.clipRange) || (a < 0 && ratio < 1 - settings.clipRange)
                    if clipped { continue }
                    let diff = actions[k] - mu
                    // L = −(1/n) ρ Â; ∂ρ/∂x = ρ ∂ln π/∂x.
                    let scale = -ratio * a / n
                    _ = policy.network.accumulateGradient(states[k], outputGradient: [scale * diff / variance], into: &gradient)
                    sigmaGradient += scale * (diff * diff / variance - 1)
                }
                var theta = policy.network.parameters
                policyAdam.step(parameters: &theta, gradient: gradient)
                policy.network.parameters = theta
                var logSD = [policy.logStandardDeviation]
                sigmaAdam.step(parameters: &logSD, gradient: [sigmaGradient])
                policy.logStandardDeviation = max(logSD[0], minimumLogSD)

                var valueGradient = [Double](repeating: 0, count: value.parameterCount)
                for k in states.indices {
                    let v = value.forward(states[k])[0]
                    _ = value.accumulateGradient(states[k], outputGradient: [2 * (v - returns[k]) / n], into: &valueGradient)
                }
                var phi = value.parameters
                valueAdam.step(parameters: &phi, gradient: valueGradient)
                value.parameters = phi
            }
            let point = ControlTrainingPoint(
                episodes: done, meanReward: rewardSum / Double(batch), successRate: Double(successes) / Double(batch),
                standardDeviation: exp(policy.logStandardDeviation))
            curve.append(point)
            progress?(point)
        }
        return TrainedController(task: task, policy: policy, settings: settings, episodesTrained: done, learningCurve: curve)
    }

    /// One training episode with sampled actions.
    struct Rollout {
        var states: [[Double]] = []
        var actions: [Double] = []
        var logProbabilities: [Double] = []
        var reward = 0.0
        var success = false
    }

    /// Runs one episode sampling a ~ N(μ, σ²) from `rng`.
    static func sampleEpisode(_ task: ControlTask, policy: GaussianPolicy, seed: UInt64, rng: inout SeededRNG) throws -> Rollout {
        var rollout = Rollout()
        var episode = try ControlEpisode(task: task, seed: seed)
        do {
            while !episode.isFinished {
                let s = episode.features
                let mu = policy.mean(features: s)
                let a = mu + exp(policy.logStandardDeviation) * rng.normal()
                rollout.states.append(s)
                rollout.actions.append(a)
                rollout.logProbabilities.append(policy.logProbability(action: a, mean: mu))
                try episode.apply(action: a)
            }
            let score = try episode.finish().score
            rollout.reward = score.reward
            rollout.success = score.success
        } catch let error as TwinError where error.kind == .simulationFailed {
            rollout.reward = task.worstReward
        }
        return rollout
    }
}

extension ControlTask {
    /// The lowest reward `score` can give: −10 − 3 − P (size term capped at 10, σ/d read as 3× the limit).
    var worstReward: Double { -10 - 3 - failurePenalty }
}
