import Foundation

/// One recorded control interval: the state the controller saw and the set-point it chose.
public struct ControlStep: Sendable, Codable, Equatable {
    /// Growth time at the start of the interval, min.
    public let elapsedMinutes: Double
    /// Reactor temperature at the start of the interval, °C.
    public let temperatureCelsius: Double
    /// Number-mean diameter of the observable dots, nm (0 before any).
    public let meanDiameterNanometres: Double
    /// σ_d/d̄ of the observable dots (0 before any).
    public let relativeStandardDeviation: Double
    /// In-situ first-exciton wavelength, nm (`nil` before a band is measurable).
    public let firstExcitonWavelengthNanometres: Double?
    /// Set-point chosen for the interval, °C.
    public let setPointCelsius: Double
}

/// A whole controlled synthesis: its steps, the final state and the score.
public struct ControlTrajectory: Sendable, Codable, Equatable {
    /// The episode seed (recipe variation and instrument noise).
    public let seed: UInt64
    /// The starting recipe after variation.
    public let recipe: Recipe
    /// One entry per control interval.
    public let steps: [ControlStep]
    /// The observation at the end of the run.
    public let final: ReactorObservation
    /// The score of the product.
    public let score: ControlScore
}

/// A controller: maps the normalised observation of a `ControlEpisode` to an action.
public protocol ControlPolicy: Sendable {
    /// The action for `features` (`ControlEpisode.features`): any real number, squashed by tanh into a set-point
    /// change of at most ±`ControlTask.maximumChangeCelsiusPerInterval`.
    func action(features: [Double]) -> Double
}

/// Holds the set-point where it is: the constant-temperature baseline (the base recipe as written).
public struct ConstantTemperaturePolicy: ControlPolicy {
    /// Creates the policy.
    public init() {}
    /// Always 0 (no change).
    public func action(features: [Double]) -> Double { 0 }
}

/// The environment of the controller: a `ReactorSession` driven in equal intervals, with normalised
/// observations and bounded actions.
///
/// **Features** (`featureCount` = 8, each O(1), physical scales only):
/// 1. elapsed / duration; 2. (T − T_mid)/(half the set-point range); 3. the same for the set-point;
/// 4. clamp(d̄/d* − 1, −1, 2); 5. (σ/d)/(σ/d)_max clamped to ≤ 3; 6. precursor remaining fraction; 7. yield;
/// 8. clamp(ln(N/N*)/3, −2, 2), where N* = c_lim / g(d*) is the particle concentration at which the limiting
/// precursor would exactly make dots of the target size (g(d) = πd³/(6v) formula units per dot): above 0 the
/// dots are too many to reach d*, below 0 there is precursor to spare. −2 when no dots are observable.
///
/// **Action.** a ∈ ℝ → ΔT = tanh(a)·ΔT_max; set-point ← clamp(set-point + ΔT, range).
public struct ControlEpisode: Sendable {
    /// Number of features.
    public static let featureCount = 8
    /// The task.
    public let task: ControlTask
    /// The episode seed.
    public let seed: UInt64
    /// The session (the synthesis so far).
    public private(set) var session: ReactorSession
    /// The present set-point, °C.
    public private(set) var setPointCelsius: Double
    /// Intervals taken so far.
    public private(set) var stepIndex = 0
    /// Steps recorded so far.
    public private(set) var steps: [ControlStep] = []
    /// N* of feature 8, mol of particles per L.
    let referenceParticleMolar: Double

    /// Starts an episode of `task` (validated) from its base recipe perturbed with `seed`.
    /// - Throws: the task's validation error; `ReactorSession`'s errors.
    public init(task: ControlTask, seed: UInt64) throws {
        let task = try task.validated()
        self.task = task
        self.seed = seed
        session = try ReactorSession(recipe: task.variability.perturbed(task.baseRecipe, seed: seed))
        setPointCelsius = task.baseRecipe.growthTemperatureCelsius
        let d = task.targetDiameterNanometres
        let unitsPerDot = Double.pi * d * d * d / (6 * session.kinetics.formulaUnitVolumeCubicNanometres.value)
        let limiting = min(session.recipe.metalConcentrationMolar, session.recipe.anionConcentrationMolar)
        referenceParticleMolar = limiting / unitsPerDot
    }

    /// `true` after `intervalCount` actions.
    public var isFinished: Bool { stepIndex >= task.intervalCount }

    /// The present observation.
    public var observation: ReactorObservation { session.observation }

    /// The normalised features of the present observation (see the type's documentation).
    public var features: [Double] {
        let o = session.observation
        let range = task.temperatureRangeCelsius
        let mid = 0.5 * (range.lowerBound + range.upperBound)
        let half = max(0.5 * (range.upperBound - range.lowerBound), 1)
        let sizeRatio = o.meanDiameterNanometres > 0 ? o.meanDiameterNanometres / task.targetDiameterNanometres - 1 : -1
        let count = o.particleConcentrationMolar > 0 && referenceParticleMolar > 0
            ? min(max(log(o.particleConcentrationMolar / referenceParticleMolar) / 3, -2), 2) : -2
        return [
            o.elapsedMinutes / task.durationMinutes,
            (o.temperatureCelsius - mid) / half,
            (setPointCelsius - mid) / half,
            min(max(sizeRatio, -1), 2),
            min(o.relativeStandardDeviation / task.maximumRelativeStandardDeviation, 3),
            o.precursorRemainingFraction,
            o.yield,
            count,
        ]
    }

    /// Applies `action` (see the type's documentation) and advances one interval.
    /// - Throws: `TwinError.invalidRecipe` when the episode is already finished or the action is not finite;
    ///   the session's errors.
    public mutating func apply(action: Double) throws {
        guard !isFinished else {
            throw TwinError(.invalidRecipe, "The episode already took its \(task.intervalCount) intervals (rule: one action per interval). Call finish() or start a new episode.")
        }
        guard action.isFinite else {
            throw TwinError(.invalidRecipe, "Action \(action) is not finite (rule: a real number, squashed by tanh). Check the policy's output.")
        }
        let range = task.temperatureRangeCelsius
        setPointCelsius = min(max(setPointCelsius + tanh(action) * task.maximumChangeCelsiusPerInterval, range.lowerBound), range.upperBound)
        let o = session.observation
        steps.append(ControlStep(
            elapsedMinutes: o.elapsedMinutes, temperatureCelsius: o.temperatureCelsius,
            meanDiameterNanometres: o.meanDiameterNanometres, relativeStandardDeviation: o.relativeStandardDeviation,
            firstExcitonWavelengthNanometres: o.firstExcitonWavelengthNanometres, setPointCelsius: setPointCelsius))
        try session.advance(minutes: task.intervalMinutes, temperatureCelsius: setPointCelsius)
        stepIndex += 1
    }

    /// Characterises the product (instrument noise from the episode seed) and scores it.
    /// - Throws: `ReactorSession.finish`'s errors.
    public func finish() throws -> ControlTrajectory {
        let measurement = try session.finish(seed: seed)
        return ControlTrajectory(
            seed: seed, recipe: session.recipe, steps: steps, final: session.observation, score: task.score(measurement))
    }

    /// Runs a whole episode of `task` with `policy`.
    /// - Throws: as `init`, `apply` and `finish`.
    /// - Complexity: one synthesis (`intervalCount` advances) and one characterisation.
    public static func run(_ task: ControlTask, policy: some ControlPolicy, seed: UInt64) throws -> ControlTrajectory {
        var episode = try ControlEpisode(task: task, seed: seed)
        while !episode.isFinished { try episode.apply(action: policy.action(features: episode.features)) }
        return try episode.finish()
    }
}

extension ControlTask {
    /// Runs a static recipe under this task's variation: the base recipe perturbed with `seed`, then a constant
    /// set-point `growthTemperatureCelsius` for `growthTimeMinutes` (what Bayesian optimisation and random search
    /// over static recipes choose), scored like an episode.
    /// - Throws: `ReactorSession`'s errors (a set-point or time outside the recipe bounds).
    public func runStatic(growthTemperatureCelsius: Double, growthTimeMinutes: Double, seed: UInt64) throws -> ControlScore {
        var session = try ReactorSession(recipe: variability.perturbed(baseRecipe, seed: seed))
        try session.advance(minutes: growthTimeMinutes, temperatureCelsius: growthTemperatureCelsius)
        return score(try session.finish(seed: seed))
    }
}
