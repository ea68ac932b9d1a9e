import Foundation
import QDCore
import QDOptimize

/// Settings of `ControlComparison`.
public struct ControlComparisonSettings: Sendable, Codable, Equatable {
    /// Experiments each static search (and the equal-budget controller) may run, ≥ 2.
    public var budget: Int
    /// Independent repetitions of every method (different seeds), ≥ 1.
    public var seeds: Int
    /// Held-out runs on which every method's final choice is deployed, ≥ 1 (the same runs for every method).
    public var evaluationRuns: Int
    /// Training of the reinforcement-learning controller (its `episodes` is the long simulated budget; its
    /// `seed` is replaced per repetition).
    public var training: ControlTrainingSettings
    /// Seed of the first repetition (repetition k uses firstSeed + k).
    public var firstSeed: UInt64

    /// Settings: 40 experiments, 5 seeds, 20 evaluation runs, default training.
    public init(budget: Int = 40, seeds: Int = 5, evaluationRuns: Int = 20,
                training: ControlTrainingSettings = ControlTrainingSettings(), firstSeed: UInt64 = 0) {
        self.budget = budget
        self.seeds = seeds
        self.evaluationRuns = evaluationRuns
        self.training = training
        self.firstSeed = firstSeed
    }

    /// Checks the counts (and the training settings).
    /// - Throws: `TwinError.invalidRecipe` naming the setting, the rule and the fix.
    public func validated() throws -> ControlComparisonSettings {
        if budget < 2 { throw TwinError(.invalidRecipe, "The comparison budget must be ≥ 2 experiments (rule: a search needs at least two runs). Got \(budget). Pass e.g. --budget 40.") }
        if seeds < 1 { throw TwinError(.invalidRecipe, "The comparison needs ≥ 1 seed. Got \(seeds). Pass e.g. --seeds 5.") }
        if evaluationRuns < 1 { throw TwinError(.invalidRecipe, "The comparison needs ≥ 1 evaluation run. Got \(evaluationRuns). Pass e.g. 20.") }
        _ = try training.validated()
        return self
    }
}

/// One method's result for one seed: its final choice deployed on the evaluation runs.
public struct ControlSeedResult: Sendable, Codable, Equatable {
    /// The repetition's seed.
    public let seed: UInt64
    /// What the method chose, e.g. "277 °C for 12.3 min" or "policy after 1500 episodes".
    public let choice: String
    /// Median |d̄ − d*| over the evaluation runs, nm.
    public let medianAbsoluteErrorNanometres: Double
    /// Median σ/d over the evaluation runs.
    public let medianRelativeStandardDeviation: Double
    /// Fraction of evaluation runs that were successes.
    public let successRate: Double
    /// Fraction of evaluation runs that failed (no nucleation, aggregation, polydisperse).
    public let failureRate: Double
}

/// One method over all seeds.
public struct ControlMethodResult: Sendable, Codable, Equatable {
    /// Method name.
    public let method: String
    /// Simulated syntheses the method ran before deployment, per seed.
    public let experimentsPerSeed: Int
    /// Per-seed results.
    public let seeds: [ControlSeedResult]
    /// Median over seeds of the per-seed median |d̄ − d*|, nm.
    public let medianAbsoluteErrorNanometres: Double
    /// Median over seeds of the per-seed median σ/d.
    public let medianRelativeStandardDeviation: Double
    /// Median over seeds of the per-seed success rate.
    public let medianSuccessRate: Double
    /// Median over seeds of the per-seed failure rate.
    public let medianFailureRate: Double

    init(method: String, experimentsPerSeed: Int, seeds: [ControlSeedResult]) {
        self.method = method
        self.experimentsPerSeed = experimentsPerSeed
        self.seeds = seeds
        medianAbsoluteErrorNanometres = ControlComparison.median(seeds.map(\.medianAbsoluteErrorNanometres))
        medianRelativeStandardDeviation = ControlComparison.median(seeds.map(\.medianRelativeStandardDeviation))
        medianSuccessRate = ControlComparison.median(seeds.map(\.successRate))
        medianFailureRate = ControlComparison.median(seeds.map(\.failureRate))
    }
}

/// The comparison table and what produced it.
public struct ControlComparisonReport: Sendable, Codable, Equatable {
    /// The task.
    public let task: ControlTask
    /// The settings.
    public let settings: ControlComparisonSettings
    /// One entry per method, in table order.
    public let methods: [ControlMethodResult]
}

/// The honest comparison of in-situ control with static-recipe optimisation on the same twin and target.
///
/// Methods (each repeated over `seeds`):
/// 1. **constant temperature**: the base recipe as written (no search, no control);
/// 2. **random search** over static recipes (growth temperature in the task's set-point range, growth time
///    0.5 min to the episode duration), `budget` runs, best observed reward deployed;
/// 3. **Bayesian optimisation** over the same static recipes with `BayesianOptimizer` (GP + LogEI, Sobol
///    start of max(5, budget/5) runs), `budget` runs, best observed reward deployed;
/// 4. **RL, equal budget**: the controller trained on only `budget` episodes;
/// 5. **RL, long training**: the controller trained on `training.episodes` simulated episodes.
/// Every run during a search or training draws its own recipe variation; the deployed choice of every method
/// is then run on the same `evaluationRuns` held-out variations (paired), and scored with `ControlTask.score`.
public enum ControlComparison {
    /// Runs the comparison.
    /// - Parameter progress: receives one line per finished method and seed; may be `nil`.
    /// - Throws: validation errors; `TwinError`/`OptimizeError` from the twin and the optimiser.
    /// - Complexity: seeds × (2·budget + budget + training.episodes + 5·evaluationRuns) syntheses, plus
    ///   `budget` GP fits per seed for the Bayesian optimiser.
    public static func run(
        task: ControlTask, settings: ControlComparisonSettings, progress: ((String) -> Void)? = nil
    ) throws -> ControlComparisonReport {
        let task = try task.validated()
        let settings = try settings.validated()
        var evaluationRNG = SeededRNG(seed: 0xE7A1_5EED ^ settings.firstSeed)
        let evaluationSeeds = (0..<settings.evaluationRuns).map { _ in evaluationRNG.next() }
        let repetitions = (0..<settings.seeds).map { settings.firstSeed + UInt64($0) }

        func evaluate(_ seed: UInt64, _ choice: String, _ run: (UInt64) throws -> ControlScore) throws -> ControlSeedResult {
            let scores = try evaluationSeeds.map(run)
            let n = Double(scores.count)
            return ControlSeedResult(
                seed: seed, choice: choice, medianAbsoluteErrorNanometres: median(scores.map(\.absoluteErrorNanometres)),
                medianRelativeStandardDeviation: median(scores.map(\.relativeStandardDeviation)),
                successRate: Double(scores.filter(\.success).count) / n,
                failureRate: Double(scores.filter { $0.failureMode != nil }.count) / n)
        }
        func report(_ method: String, _ r: ControlSeedResult) {
            progress?("\(method), seed \(r.seed): \(r.choice); |Δd| \(String(format: "%.3f", r.medianAbsoluteErrorNanometres)) nm, σ/d \(String(format: "%.3f", r.medianRelativeStandardDeviation)), success \(Int((r.successRate * 100).rounded())) %")
        }

        var methods: [ControlMethodResult] = []
        // 1. Constant temperature: deterministic apart from the variation, so one repetition says it all.
        let constant = try evaluate(settings.firstSeed, "base recipe, \(format(task.baseRecipe.growthTemperatureCelsius)) °C held") {
            try ControlEpisode.run(task, policy: ConstantTemperaturePolicy(), seed: $0).score
        }
        report("constant temperature", constant)
        methods.append(ControlMethodResult(method: "constant temperature", experimentsPerSeed: 0, seeds: [constant]))

        // 2–3. Static searches.
        let space = try staticSpace(task)
        for method in ["random search (static)", "Bayesian optimisation (static)"] {
            var results: [ControlSeedResult] = []
            for seed in repetitions {
                let best = method.hasPrefix("random")
                    ? try randomSearch(task, budget: settings.budget, seed: seed)
                    : try bayesianSearch(task, space: space, budget: settings.budget, seed: seed)
                let r = try evaluate(seed, "\(format(best.temperature)) °C for \(String(format: "%.1f", best.time)) min") {
                    try task.runStatic(growthTemperatureCelsius: best.temperature, growthTimeMinutes: best.time, seed: $0)
                }
                report(method, r)
                results.append(r)
            }
            methods.append(ControlMethodResult(method: method, experimentsPerSeed: settings.budget, seeds: results))
        }

        // 4–5. Reinforcement learning at the equal budget and with long training.
        for episodes in [settings.budget, settings.training.episodes] {
            let method = episodes == settings.budget ? "RL controller, equal budget" : "RL controller, long training"
            var results: [ControlSeedResult] = []
            for seed in repetitions {
                var training = settings.training
                training.episodes = episodes
                training.seed = seed
                let controller = try ControlTrainer.train(task: task, settings: training)
                let r = try evaluate(seed, "policy after \(episodes) episodes") {
                    try ControlEpisode.run(task, policy: controller.policy, seed: $0).score
                }
                report(method, r)
                results.append(r)
            }
            methods.append(ControlMethodResult(method: method, experimentsPerSeed: episodes, seeds: results))
        }
        return ControlComparisonReport(task: task, settings: settings, methods: methods)
    }

    /// Growth temperature (the task's set-point range) × growth time (0.5 min to the episode duration).
    static func staticSpace(_ task: ControlTask) throws -> SearchSpace {
        try SearchSpace([
            .continuous("growthTemperatureCelsius", task.temperatureRangeCelsius),
            .continuous("growthTimeMinutes", min(0.5, task.durationMinutes)...task.durationMinutes),
        ])
    }

    /// A static recipe and its observed reward.
    struct StaticChoice {
        var temperature: Double
        var time: Double
        var reward: Double
    }

    /// The best of `budget` uniform random static recipes (each run with its own variation).
    static func randomSearch(_ task: ControlTask, budget: Int, seed: UInt64) throws -> StaticChoice {
        var rng = SeededRNG(seed: seed ^ 0x4A4D_0000)
        var runSeeds = SeededRNG(seed: seed)
        var best: StaticChoice?
        let t = task.temperatureRangeCelsius
        let shortest = min(0.5, task.durationMinutes)
        for _ in 0..<budget {
            let temperature = t.lowerBound + rng.uniform() * (t.upperBound - t.lowerBound)
            let time = shortest + rng.uniform() * (task.durationMinutes - shortest)
            let reward = try task.runStatic(growthTemperatureCelsius: temperature, growthTimeMinutes: time, seed: runSeeds.next()).reward
            if reward > best?.reward ?? -.infinity { best = StaticChoice(temperature: temperature, time: time, reward: reward) }
        }
        return best ?? StaticChoice(temperature: task.baseRecipe.growthTemperatureCelsius, time: task.durationMinutes, reward: -.infinity)
    }

    /// Bayesian optimisation of the reward over static recipes, `budget` runs; the best observed.
    static func bayesianSearch(_ task: ControlTask, space: SearchSpace, budget: Int, seed: UInt64) throws -> StaticChoice {
        var optimizer = try BayesianOptimizer(
            space: space, settings: BayesianOptimizerSettings(objective: .maximize, initialCount: max(5, budget / 5), seed: seed))
        var runSeeds = SeededRNG(seed: seed)
        var best: StaticChoice?
        for _ in 0..<budget {
            guard let point = try optimizer.ask().first,
                  let temperature = point["growthTemperatureCelsius"]?.number, let time = point["growthTimeMinutes"]?.number else { break }
            let reward = try task.runStatic(growthTemperatureCelsius: temperature, growthTimeMinutes: time, seed: runSeeds.next()).reward
            try optimizer.tell(point, value: reward)
            if reward > best?.reward ?? -.infinity { best = StaticChoice(temperature: temperature, time: time, reward: reward) }
        }
        return best ?? StaticChoice(temperature: task.baseRecipe.growthTemperatureCelsius, time: task.durationMinutes, reward: -.infinity)
    }

    /// The median (mean of the middle two for an even count); NaN when empty.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func format(_ celsius: Double) -> String { String(format: "%.0f", celsius) }
}
