import Foundation
import QDData
import QDPhysics

/// What an in-situ probe and the reactor's sensors report during a synthesis (noise-free).
public struct ReactorObservation: Sendable, Codable, Equatable {
    /// Growth time so far, min: since the injection (hot injection) or since the end of the heat-up ramp.
    public let elapsedMinutes: Double
    /// Present reactor temperature, °C (it relaxes towards the set-point; see `ReactorSession.advance`).
    public let temperatureCelsius: Double
    /// Number-mean diameter of the observable particles (d ≥ `TwinOptions.observableDiameterNanometres`), nm;
    /// 0 when there are none.
    public let meanDiameterNanometres: Double
    /// σ_d/d̄ of the observable particles; 0 when there are none.
    public let relativeStandardDeviation: Double
    /// Observable particles, mol of particles per L.
    public let particleConcentrationMolar: Double
    /// Unconverted fraction of the limiting precursor (1 at the start, → 0 as it is consumed).
    public let precursorRemainingFraction: Double
    /// Fraction of the limiting precursor in observable dots (as `SimulatedTruth.yield`).
    public let yield: Double
    /// First-exciton absorption wavelength an in-situ absorbance probe would read, nm: the 1S energy of the
    /// default QDPhysics confinement model at the volume-weighted mean diameter (absorption of a dot scales with
    /// its volume, so the band follows the volume-weighted size). `nil` while the dots hold less than
    /// `TwinOptions.minimumYieldFraction` of the precursor (no measurable band yet).
    public let firstExcitonWavelengthNanometres: Double?
}

/// A synthesis on the twin that is advanced step by step, for in-situ control (e.g. a reinforcement-learning
/// agent that sets the temperature every few seconds).
///
/// Creating a session validates the recipe and performs its start: for hot injection the anion precursor is
/// injected at `injectionTemperatureCelsius` (t = 0); for heat-up the mixture is heated from
/// `Recipe.heatUpStartCelsius` to `growthTemperatureCelsius` at the recipe's ramp. The recipe's growth time and
/// growth temperature are then *not* applied: `advance(minutes:temperatureCelsius:)` decides them. At every call
/// the temperature relaxes from its present value towards the new set-point as
/// T(t) = T_set + (T_now − T_set)·exp(−t/τ), τ = `TwinOptions.injectionRelaxationSeconds` (the reactor's
/// thermal time constant, 30 s by default).
///
/// **Equivalence with `TwinReactor.run`.** `run(recipe, seed:)` is exactly `ReactorSession(recipe:)`, then
/// `advance(minutes: recipe.growthTimeMinutes, temperatureCelsius: recipe.growthTemperatureCelsius)`, then
/// `finish(seed:)`: bit-identical (tested). Splitting the same constant-temperature time into several
/// `advance` calls gives the same product to integrator accuracy only (not bit for bit), because each call
/// ends on a step boundary of its own and the temperature law restarts from the rounded present value.
///
/// A session is a value: copying it branches the synthesis (both copies advance independently).
public struct ReactorSession: Sendable {
    /// The recipe the session started from (validated). Its growth time and temperature are not used.
    public let recipe: Recipe
    /// Set-point bounds enforced by `advance` (`growthTemperatureCelsius`) and the longest total growth time
    /// (`growthTimeMinutes.upperBound`).
    public let bounds: RecipeBounds
    var engine: PopulationBalanceEngine
    /// Engine time at which growth time starts counting (hot injection 0; heat-up the end of the ramp), s.
    let growthStartSeconds: Double
    let model: any ConfinementModel

    /// Starts a synthesis of `recipe` with `options` and `kinetics` (default: the shipped set for the material).
    /// - Throws: `TwinError.invalidRecipe`/`.unsupportedMaterial` for a recipe `run` would reject;
    ///   `.simulationFailed` if the heat-up ramp cannot be integrated; `.characterisationFailed` when QDPhysics has
    ///   no confinement model for the material.
    /// - Complexity: hot injection O(bins); heat-up one integration of the ramp.
    public init(
        recipe: Recipe, options: TwinOptions = TwinOptions(), kinetics: ReactorKinetics? = nil,
        bounds: RecipeBounds = .standard
    ) throws {
        let recipe = try recipe.validated(bounds: bounds)
        guard let parameters = kinetics ?? ReactorKinetics.forMaterial(recipe.materialID) else {
            throw TwinError(.unsupportedMaterial, "Material '\(recipe.materialID)' has no reactor kinetics (rule: one of \(ReactorKinetics.all.map(\.materialID).joined(separator: ", "))). Pass ReactorKinetics for it.")
        }
        do {
            model = try ConfinementModels.defaultModel(for: parameters.materialID)
        } catch let error as PhysicsError {
            throw TwinError(.characterisationFailed, "QDPhysics has no default confinement model for \(parameters.materialID): \(error.message)")
        }
        self.recipe = recipe
        self.bounds = bounds
        engine = try PopulationBalanceEngine.started(recipe, kinetics: parameters, options: options)
        growthStartSeconds = engine.time
    }

    /// The numerical, instrument and threshold settings in use.
    public var options: TwinOptions { engine.options }
    /// The kinetic parameters in use.
    public var kinetics: ReactorKinetics { engine.kinetics }

    /// Advances the synthesis by `minutes` with the temperature relaxing towards `temperatureCelsius`.
    ///
    /// - Throws: `TwinError.invalidRecipe` when `minutes` is negative or not finite, when the set-point is
    ///   outside `bounds.growthTemperatureCelsius`, or when the total growth time would pass
    ///   `bounds.growthTimeMinutes.upperBound` (nothing is advanced then); `.simulationFailed` from the integrator.
    /// - Complexity: O(steps × bins), steps ≈ 1–10 per second of reactor time for CdSe.
    public mutating func advance(minutes: Double, temperatureCelsius: Double) throws {
        guard minutes.isFinite, minutes >= 0 else {
            throw TwinError(.invalidRecipe, "Advance by \(minutes) min is not valid (rule: finite and ≥ 0 minutes). Pass the control interval in minutes.")
        }
        let range = bounds.growthTemperatureCelsius
        guard temperatureCelsius.isFinite, range.contains(temperatureCelsius) else {
            throw TwinError(.invalidRecipe, "Set-point \(temperatureCelsius) °C is not valid (rule: finite, \(range.lowerBound) to \(range.upperBound) °C, the recipe bounds' growth temperatures). Clamp the action to that range.")
        }
        let limit = bounds.growthTimeMinutes.upperBound
        let elapsed = (engine.time - growthStartSeconds) / 60
        guard elapsed + minutes <= limit * (1 + 1e-12) else {
            throw TwinError(.invalidRecipe, "Advancing \(minutes) min after \(elapsed) min would pass the longest growth time \(limit) min (rule: total growth time within the recipe bounds). End the episode with finish(seed:) or advance by at most \(max(limit - elapsed, 0)) min.")
        }
        try engine.advance(seconds: minutes * 60, setPointKelvin: temperatureCelsius + 273.15)
    }

    /// The present state as sensors and an in-situ probe would report it (noise-free).
    /// - Complexity: O(bins) plus one confinement-model evaluation.
    public var observation: ReactorObservation {
        let options = engine.options
        var count = 0.0, s1 = 0.0, s2 = 0.0, units = 0.0, volumeWeighted = 0.0, volume = 0.0
        for i in 0..<engine.n where 2 * engine.centres[i] >= options.observableDiameterNanometres {
            let c = engine.numbers[i], d = 2 * engine.centres[i]
            count += c
            s1 += c * d
            s2 += c * d * d
            units += c * engine.units[i]
            volume += c * engine.units[i]
            volumeWeighted += c * engine.units[i] * d
        }
        let mean = count > 0 ? s1 / count : 0
        let sd = count > 0 ? max(s2 / count - mean * mean, 0).squareRoot() : 0
        let initial = min(engine.recipe.metalConcentrationMolar, engine.recipe.anionConcentrationMolar)
        let yield = initial > 0 ? min(units / initial, 1) : 0
        var wavelength: Double?
        if yield >= options.minimumYieldFraction, volume > 0 {
            let energy = model.energyUnchecked(diameterNanometres: volumeWeighted / volume)
            if energy > 0 { wavelength = PhysicalConstants.nanometres(fromElectronvolts: energy) }
        }
        return ReactorObservation(
            elapsedMinutes: (engine.time - growthStartSeconds) / 60, temperatureCelsius: engine.kelvin - 273.15,
            meanDiameterNanometres: mean, relativeStandardDeviation: mean > 0 ? sd / mean : 0,
            particleConcentrationMolar: count,
            precursorRemainingFraction: initial > 0 ? min(engine.metal, engine.anion) / initial : 0,
            yield: yield, firstExcitonWavelengthNanometres: wavelength)
    }

    /// The trajectory so far (snapshots at the interval the recipe's own duration implies, then the present
    /// state) and the present size distribution.
    public var simulation: SynthesisSimulation { engine.simulation }

    /// Characterises the present product as `TwinReactor.run` does: spectra with instrument noise drawn from
    /// `seed`, outcome, and the same failure modes (no nucleation, aggregation, polydisperse come back as a
    /// failed `status`, not as errors). The session is unchanged and can be advanced further afterwards.
    /// - Throws: `TwinError.characterisationFailed` when QDPhysics cannot compute the spectrum.
    /// - Complexity: one QDPhysics ensemble spectrum (a few ms).
    public func finish(seed: UInt64) throws -> ReactorMeasurement {
        let simulation = engine.simulation
        let result = try Characterisation.characterise(simulation, kinetics: engine.kinetics, options: engine.options, seed: seed)
        var diagnostics: [String] = []
        if simulation.reachedGridEdge {
            diagnostics.append("Particles reached the largest grid radius (\(engine.options.maximumRadiusNanometres) nm); sizes near it are underestimated. Raise TwinOptions.maximumRadiusNanometres.")
        }
        let status: Status = result.failure.map { .failed(FailureMode(twin: $0)) } ?? .succeeded
        return ReactorMeasurement(
            status: status, outcome: result.outcome, spectra: result.spectra, truth: result.truth, seed: seed,
            producedBy: "QDLab digital twin v\(QDTwin.version), seed \(seed)", diagnostics: diagnostics)
    }
}
