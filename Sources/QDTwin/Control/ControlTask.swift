import Foundation
import QDCore
import QDData

/// Run-to-run variation of the starting recipe: what makes in-situ control worth having.
///
/// The twin's chemistry is deterministic, so without variation an open-loop (static) recipe can be exactly as
/// good as a closed-loop controller. Real syntheses vary from run to run (precursor lots, weighing, the
/// injection temperature of a hand-held syringe), so every episode draws its starting recipe from the base one:
/// amounts × (1 + ε), ε ~ N(0, relative SD²), and the injection temperature + N(0, SD²), each draw truncated at
/// ±2 SD and the result clamped to `RecipeBounds.standard`. The draws come from the episode seed, so static
/// recipes and the controller face the same variation on the same seeds.
public struct RecipeVariability: Sendable, Codable, Equatable {
    /// Relative standard deviation of each precursor amount (metal and anion drawn independently), fraction.
    public var precursorRelativeStandardDeviation: Double
    /// Relative standard deviation of the ligand amount, fraction.
    public var ligandRelativeStandardDeviation: Double
    /// Standard deviation of the injection temperature, °C.
    public var injectionTemperatureStandardDeviationCelsius: Double

    /// Creates a variability model (all values ≥ 0; checked by `ControlTask.validated()`).
    public init(
        precursorRelativeStandardDeviation: Double, ligandRelativeStandardDeviation: Double,
        injectionTemperatureStandardDeviationCelsius: Double
    ) {
        self.precursorRelativeStandardDeviation = precursorRelativeStandardDeviation
        self.ligandRelativeStandardDeviation = ligandRelativeStandardDeviation
        self.injectionTemperatureStandardDeviationCelsius = injectionTemperatureStandardDeviationCelsius
    }

    /// No variation: every episode starts from the base recipe.
    public static let none = RecipeVariability(
        precursorRelativeStandardDeviation: 0, ligandRelativeStandardDeviation: 0,
        injectionTemperatureStandardDeviationCelsius: 0)

    /// The default: 10 % on each precursor and the ligand, 5 °C on the injection temperature (the twin's
    /// choice, a plausible manual hot injection; not measured).
    public static let typical = RecipeVariability(
        precursorRelativeStandardDeviation: 0.10, ligandRelativeStandardDeviation: 0.10,
        injectionTemperatureStandardDeviationCelsius: 5)

    /// `recipe` with this variation drawn from `seed` (the recipe itself when every SD is 0).
    /// - Complexity: O(1).
    public func perturbed(_ recipe: Recipe, seed: UInt64) -> Recipe {
        // A stream of its own: the same episode seed also draws the instrument noise in `finish`.
        var rng = SeededRNG(seed: seed ^ 0x5EED_0F_C0_17_A0_11)
        func draw(_ sd: Double) -> Double { sd > 0 ? sd * min(max(rng.normal(), -2), 2) : 0 }
        let bounds = RecipeBounds.standard
        func clamp(_ x: Double, _ r: ClosedRange<Double>) -> Double { min(max(x, r.lowerBound), r.upperBound) }
        var out = recipe
        out.metalPrecursorMillimoles = clamp(recipe.metalPrecursorMillimoles * (1 + draw(precursorRelativeStandardDeviation)), bounds.precursorMillimoles)
        out.anionPrecursorMillimoles = clamp(recipe.anionPrecursorMillimoles * (1 + draw(precursorRelativeStandardDeviation)), bounds.precursorMillimoles)
        out.ligandMillimoles = clamp(recipe.ligandMillimoles * (1 + draw(ligandRelativeStandardDeviation)), bounds.ligandMillimoles)
        let injection = draw(injectionTemperatureStandardDeviationCelsius)
        if let t = recipe.injectionTemperatureCelsius { out.injectionTemperatureCelsius = clamp(t + injection, bounds.injectionTemperatureCelsius) }
        return out
    }
}

/// How one finished synthesis scores against a `ControlTask`.
public struct ControlScore: Sendable, Codable, Equatable {
    /// The reward (higher is better; ≤ 0, 0 only for a perfect product). See `ControlTask.score(_:)`.
    public let reward: Double
    /// True number-mean diameter of the product, nm (0 when nothing observable formed).
    public let meanDiameterNanometres: Double
    /// |d̄ − target|, nm.
    public let absoluteErrorNanometres: Double
    /// True σ_d/d̄ of the product.
    public let relativeStandardDeviation: Double
    /// The twin's failure mode ("no-nucleation", "aggregation", "polydisperse"), `nil` when it succeeded.
    public let failureMode: String?
    /// Succeeded, within the diameter tolerance and under the dispersion limit of the task.
    public let success: Bool
}

/// One in-situ control problem: a base recipe, a target size, and how the controller may act.
///
/// **Episode.** The base recipe (perturbed by `variability` from the episode seed) starts a `ReactorSession`;
/// the growth time `durationMinutes` is split into `intervalCount` equal intervals. Before each interval the
/// controller sees the in-situ observation and moves the temperature set-point by at most
/// `maximumChangeCelsiusPerInterval` (clamped to `temperatureRangeCelsius`); the first set-point is the base
/// recipe's growth temperature. After the last interval the product is characterised and scored.
///
/// **Reward** (all in physical units, so it survives a recalibration of the kinetics):
/// R = −min(|d̄ − d*| / tol_d, 10) − min((σ/d) / (σ/d)_max, 3) − P·[failed],
/// with d* the target diameter, tol_d the diameter tolerance, (σ/d)_max the dispersion limit and P the failure
/// penalty. The size term is capped at 10 and the dispersion term at 3 so that a run with no dots or a very broad
/// product does not dwarf every other signal; the
/// terms stay in the failed case too, so a failed run still says in which direction the product missed.
/// A run is a **success** when it did not fail, |d̄ − d*| ≤ tol_d and σ/d ≤ (σ/d)_max.
/// The product is scored on the twin's truth (number-mean d̄ and σ/d of the histogram), i.e. what TEM sizing
/// of the product would give; instrument noise does not enter the reward.
public struct ControlTask: Sendable, Codable, Equatable {
    /// The recipe an episode starts from; its growth time and temperature are replaced by the controller's.
    public var baseRecipe: Recipe
    /// Target number-mean diameter d*, nm.
    public var targetDiameterNanometres: Double
    /// Diameter tolerance tol_d, nm (success needs |d̄ − d*| ≤ tol_d).
    public var diameterToleranceNanometres: Double
    /// Dispersion limit (σ/d)_max (success needs σ/d ≤ it; also the scale of the dispersion term of the reward).
    public var maximumRelativeStandardDeviation: Double
    /// Growth time of an episode, min.
    public var durationMinutes: Double
    /// Control intervals per episode (decisions per run).
    public var intervalCount: Int
    /// Allowed set-points, °C.
    public var temperatureRangeCelsius: ClosedRange<Double>
    /// Largest set-point change per interval, °C.
    public var maximumChangeCelsiusPerInterval: Double
    /// Failure penalty P (reward units).
    public var failurePenalty: Double
    /// Run-to-run variation of the starting recipe.
    public var variability: RecipeVariability

    /// Creates a task (validate with `validated()`; the trainer and the comparison do).
    public init(
        baseRecipe: Recipe, targetDiameterNanometres: Double, diameterToleranceNanometres: Double = 0.2,
        maximumRelativeStandardDeviation: Double = 0.10, durationMinutes: Double = 20, intervalCount: Int = 10,
        temperatureRangeCelsius: ClosedRange<Double> = 200...310, maximumChangeCelsiusPerInterval: Double = 20,
        failurePenalty: Double = 5, variability: RecipeVariability = .typical
    ) {
        self.baseRecipe = baseRecipe
        self.targetDiameterNanometres = targetDiameterNanometres
        self.diameterToleranceNanometres = diameterToleranceNanometres
        self.maximumRelativeStandardDeviation = maximumRelativeStandardDeviation
        self.durationMinutes = durationMinutes
        self.intervalCount = intervalCount
        self.temperatureRangeCelsius = temperatureRangeCelsius
        self.maximumChangeCelsiusPerInterval = maximumChangeCelsiusPerInterval
        self.failurePenalty = failurePenalty
        self.variability = variability
    }

    /// The standard task for `materialID`: CdSe only (the twin's calibrated material), starting from
    /// `Recipe.standardCdSe` (inject at 300 °C, set-point 270 °C), 20 min in 10 intervals of 2 min, set-points
    /// 200–310 °C moved by ≤ 20 °C per interval, tolerance 0.2 nm, σ/d ≤ 10 %, typical variability.
    /// - Throws: `TwinError.unsupportedMaterial` for another material; `.invalidRecipe` when the target is out of
    ///   range (see `validated()`).
    public static func standard(materialID: String, targetDiameterNanometres: Double) throws -> ControlTask {
        guard materialID.lowercased() == "cdse" else {
            throw TwinError(.unsupportedMaterial, "Control has a base recipe for CdSe only; got '\(materialID)' (rule: --material CdSe). InP kinetics are a first pass (docs/twin.md); build a ControlTask with your own base recipe to try another material.")
        }
        return try ControlTask(
            baseRecipe: .standardCdSe(growthTimeMinutes: 20, growthTemperatureCelsius: 270),
            targetDiameterNanometres: targetDiameterNanometres
        ).validated()
    }

    /// Length of one control interval, min.
    public var intervalMinutes: Double { durationMinutes / Double(max(intervalCount, 1)) }

    /// Targets the twin can represent: from the observability cut-off (`TwinOptions.observableDiameterNanometres`)
    /// to 80 % of the radius grid's largest diameter, nm.
    public static var targetDiameterRangeNanometres: ClosedRange<Double> {
        let options = TwinOptions()
        return options.observableDiameterNanometres...(1.6 * options.maximumRadiusNanometres)
    }

    /// Checks every setting and returns the task.
    /// - Throws: `TwinError.invalidRecipe` naming the first bad setting, its value, the rule and the way out (the
    ///   error type has no separate kind for control settings), or the base recipe's own validation error.
    public func validated() throws -> ControlTask {
        _ = try baseRecipe.validated()
        func fail(_ text: String) -> TwinError { TwinError(.invalidRecipe, text) }
        let targets = Self.targetDiameterRangeNanometres
        guard targetDiameterNanometres.isFinite, targets.contains(targetDiameterNanometres) else {
            throw fail("Target diameter \(targetDiameterNanometres) nm is out of range (rule: \(String(format: "%.2f", targets.lowerBound)) to \(String(format: "%.2f", targets.upperBound)) nm, what the twin's size grid represents). Pass a diameter in nanometres inside that range.")
        }
        guard diameterToleranceNanometres.isFinite, diameterToleranceNanometres > 0 else {
            throw fail("Diameter tolerance \(diameterToleranceNanometres) nm is not valid (rule: finite and > 0). Pass e.g. 0.2 nm.")
        }
        guard maximumRelativeStandardDeviation.isFinite, maximumRelativeStandardDeviation > 0 else {
            throw fail("Dispersion limit σ/d ≤ \(maximumRelativeStandardDeviation) is not valid (rule: finite and > 0). Pass a fraction, e.g. 0.10 for 10 %.")
        }
        let times = RecipeBounds.standard.growthTimeMinutes
        guard durationMinutes.isFinite, times.contains(durationMinutes) else {
            throw fail("Episode duration \(durationMinutes) min is not valid (rule: \(times.lowerBound) to \(times.upperBound) min, the recipe bounds). Pass the growth time in minutes.")
        }
        guard (1...200).contains(intervalCount) else {
            throw fail("Interval count \(intervalCount) is not valid (rule: 1 to 200 decisions per run). Pass e.g. 10.")
        }
        let allowed = RecipeBounds.standard.growthTemperatureCelsius
        guard temperatureRangeCelsius.lowerBound.isFinite, temperatureRangeCelsius.upperBound.isFinite,
              allowed.contains(temperatureRangeCelsius.lowerBound), allowed.contains(temperatureRangeCelsius.upperBound),
              temperatureRangeCelsius.contains(baseRecipe.growthTemperatureCelsius) else {
            throw fail("Set-point range \(temperatureRangeCelsius) °C is not valid (rule: inside \(allowed) °C and containing the base growth temperature \(baseRecipe.growthTemperatureCelsius) °C). Widen or move the range.")
        }
        guard maximumChangeCelsiusPerInterval.isFinite, maximumChangeCelsiusPerInterval > 0 else {
            throw fail("Largest set-point change \(maximumChangeCelsiusPerInterval) °C per interval is not valid (rule: finite and > 0). Pass e.g. 20.")
        }
        guard failurePenalty.isFinite, failurePenalty >= 0 else {
            throw fail("Failure penalty \(failurePenalty) is not valid (rule: finite and ≥ 0). Pass e.g. 5.")
        }
        let v = variability
        for (name, value) in [("precursor relative SD", v.precursorRelativeStandardDeviation), ("ligand relative SD", v.ligandRelativeStandardDeviation),
                              ("injection temperature SD", v.injectionTemperatureStandardDeviationCelsius)] where !(value.isFinite && value >= 0) {
            throw fail("Variability \(name) \(value) is not valid (rule: finite and ≥ 0). Use RecipeVariability.none for no variation.")
        }
        guard v.precursorRelativeStandardDeviation < 0.5, v.ligandRelativeStandardDeviation < 0.5 else {
            throw fail("Variability relative SDs must stay below 0.5 (got precursor \(v.precursorRelativeStandardDeviation), ligand \(v.ligandRelativeStandardDeviation)), else amounts can reach zero. Lower them.")
        }
        return self
    }

    /// Scores a finished synthesis (see the type's documentation for the formula).
    ///
    /// A measurement without `truth` (a real reactor) is scored from the diameter of the absorption peak and a
    /// dispersion at the limit, because σ/d cannot be read off it; the twin always has the truth.
    public func score(_ measurement: ReactorMeasurement) -> ControlScore {
        let diameter = measurement.truth?.meanDiameterNanometres ?? measurement.outcome.diameterFromAbsorptionNanometres ?? 0
        let dispersion = measurement.truth?.relativeStandardDeviation ?? maximumRelativeStandardDeviation
        var failure: String?
        if case .failed(let mode) = measurement.status { failure = mode.rawValue }
        let error = abs(diameter - targetDiameterNanometres)
        let reward = -min(error / diameterToleranceNanometres, 10) - min(dispersion / maximumRelativeStandardDeviation, 3)
            - (failure == nil ? 0 : failurePenalty)
        let success = failure == nil && error <= diameterToleranceNanometres && dispersion <= maximumRelativeStandardDeviation
        return ControlScore(
            reward: reward, meanDiameterNanometres: diameter, absoluteErrorNanometres: error,
            relativeStandardDeviation: dispersion, failureMode: failure, success: success)
    }
}
