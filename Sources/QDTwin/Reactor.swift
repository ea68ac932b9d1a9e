import Foundation
import QDData
import QDPhysics

/// What a reactor returns for one recipe: spectra, outcome and status.
public struct ReactorMeasurement: Sendable, Codable, Equatable {
    /// Succeeded, or failed with a failure mode (QDData's status, so it goes into records unchanged).
    public let status: Status
    /// Measured outcome (noisy).
    public let outcome: MeasuredOutcome
    /// Recorded spectra; `nil` when nothing could be measured (no dots, or the product aggregated).
    public let spectra: MeasuredSpectra?
    /// The noise-free truth (a twin knows it; a real reactor returns `nil`).
    public let truth: SimulatedTruth?
    /// The seed that drew the instrument noise.
    public let seed: UInt64
    /// Who produced the measurement, e.g. "QDLab digital twin v1.0, seed 7".
    public let producedBy: String
    /// Model diagnostics worth a look (e.g. particles reached the grid edge); empty when none.
    public let diagnostics: [String]

    /// Creates a measurement (reactor drivers build these from instrument data).
    public init(
        status: Status, outcome: MeasuredOutcome, spectra: MeasuredSpectra?, truth: SimulatedTruth?, seed: UInt64,
        producedBy: String, diagnostics: [String] = []
    ) {
        self.status = status
        self.outcome = outcome
        self.spectra = spectra
        self.truth = truth
        self.seed = seed
        self.producedBy = producedBy
        self.diagnostics = diagnostics
    }
}

/// Something that runs recipes: the digital twin, a robot, a flow-reactor driver.
///
/// Contract: `run` validates the recipe (throwing `TwinError.invalidRecipe` with a clear message before any
/// chemistry happens), performs one synthesis and returns its measurement. A failed synthesis is a
/// `ReactorMeasurement` whose `status` is `.failed(mode)`, not an error: errors are for recipes that cannot be run
/// and for equipment that cannot answer.
public protocol Reactor: Sendable {
    /// Short name for reports, e.g. "twin".
    var name: String { get }
    /// Runs `recipe`; `seed` drives everything random the reactor adds (for the twin, the instrument noise).
    /// - Throws: `TwinError.invalidRecipe`/`.unsupportedMaterial` for recipes that cannot be run; reactor-
    ///   specific errors for equipment failures.
    func run(_ recipe: Recipe, seed: UInt64) async throws -> ReactorMeasurement
}

/// The digital twin as a `Reactor`: `PopulationBalance` then `Characterisation`.
///
/// Deterministic: the chemistry depends only on the recipe; the seed only draws instrument noise, so the same
/// (recipe, seed) gives a bit-identical measurement and a different seed changes only the noise.
public struct TwinReactor: Reactor {
    /// "twin".
    public let name = "twin"
    /// Numerical, instrument and threshold settings.
    public let options: TwinOptions
    /// Kinetic parameters by material id; defaults to `ReactorKinetics.all`.
    public let kinetics: [String: ReactorKinetics]

    /// A twin with `options` and, optionally, custom kinetics (replacing the shipped set for those materials).
    public init(options: TwinOptions = TwinOptions(), kinetics: [ReactorKinetics] = []) {
        self.options = options
        var table: [String: ReactorKinetics] = [:]
        for k in ReactorKinetics.all + kinetics { table[k.materialID] = k }
        self.kinetics = table
    }

    /// Runs `recipe` (see `Reactor.run`).
    public func run(_ recipe: Recipe, seed: UInt64) async throws -> ReactorMeasurement {
        try runSynchronously(recipe, seed: seed)
    }

    /// The same as `run` without `async`, for benchmarks, reinforcement-learning loops and tests.
    /// - Throws: as `run`, plus `TwinError.simulationFailed`/`.characterisationFailed` from the model.
    /// - Complexity: one population balance (O(steps × bins)) and one QDPhysics spectrum.
    public func runSynchronously(_ recipe: Recipe, seed: UInt64) throws -> ReactorMeasurement {
        let (measurement, _) = try runWithTrajectory(recipe, seed: seed)
        return measurement
    }

    /// Runs `recipe` and also returns the simulation (trajectory and final histogram) behind the measurement.
    ///
    /// Exactly `session(for: recipe)`, one `advance` over the growth time at the growth temperature, then
    /// `finish(seed:)` (see `ReactorSession`).
    /// - Throws: as `runSynchronously`.
    public func runWithTrajectory(_ recipe: Recipe, seed: UInt64) throws -> (ReactorMeasurement, SynthesisSimulation) {
        var session = try session(for: recipe)
        try session.advance(minutes: session.recipe.growthTimeMinutes, temperatureCelsius: session.recipe.growthTemperatureCelsius)
        return (try session.finish(seed: seed), session.simulation)
    }

    /// A `ReactorSession` of `recipe` with this twin's options and kinetics: injected (or heated up) and ready to
    /// be advanced under in-situ control.
    /// - Throws: as `ReactorSession.init`; `.unsupportedMaterial` when this twin has no kinetics for the material.
    public func session(for recipe: Recipe) throws -> ReactorSession {
        let recipe = try recipe.validated()
        let id = try? MaterialCatalogue.material(recipe.materialID).id
        guard let parameters = kinetics[id ?? recipe.materialID] else {
            throw TwinError(.unsupportedMaterial, "Material '\(recipe.materialID)' has no reactor kinetics in this twin (rule: one of \(kinetics.keys.sorted().joined(separator: ", "))). Pass ReactorKinetics for it to TwinReactor(kinetics:).")
        }
        return try ReactorSession(recipe: recipe, options: options, kinetics: parameters)
    }
}

extension FailureMode {
    /// The schema v1 failure mode of a twin failure.
    init(twin: Characterisation.FailureKind) {
        switch twin {
        case .noNucleation: self = .noNucleation
        case .aggregation: self = .aggregation
        case .polydisperse: self = .polydisperse
        }
    }
}

extension ReactorMeasurement {
    /// The schema v1 record of running `recipe` with this measurement.
    ///
    /// Synthesis: material, method, precursors (metal and anion with amounts in mmol and concentrations in
    /// mol/L), octadecene as solvent (volume), the ligand in `acids` (carboxylic acids), temperatures, time,
    /// ramp. Outcomes: peaks (nm), PL FWHM (nm), PLQY and yield (fractions), the diameter from the absorption
    /// peak (`sizing-curve`); for the twin also the true σ/d as `sizeDispersion`. Status: the measurement's
    /// (failed runs keep their failure mode). Provenance: `producedBy` as the citation and notebook id
    /// "twin-seed-S", instrument "QDLab digital twin".
    /// - Parameter id: the record id (unique in the store), e.g. "campaign-3/run-17".
    public func record(for recipe: Recipe, id: String) -> SynthesisRecord {
        let kinetics = ReactorKinetics.forMaterial(recipe.materialID)
        let synthesis = Synthesis(
            material: MaterialSystem(core: kinetics?.materialID ?? recipe.materialID),
            method: recipe.method == .hotInjection ? .hotInjection : .heatUp,
            precursors: [
                Reagent(name: kinetics?.metalPrecursorName ?? "metal precursor", role: .metal,
                        amount: Quantity(recipe.metalPrecursorMillimoles, .millimole),
                        concentration: Quantity(recipe.metalConcentrationMolar, .molePerLitre)),
                Reagent(name: kinetics?.anionPrecursorName ?? "anion precursor", role: .anion,
                        amount: Quantity(recipe.anionPrecursorMillimoles, .millimole),
                        concentration: Quantity(recipe.anionConcentrationMolar, .molePerLitre)),
            ],
            solvents: [Reagent(name: "octadecene", amount: Quantity(recipe.volumeMillilitres, .millilitre))],
            acids: [Reagent(name: recipe.ligand.rawValue, amount: Quantity(recipe.ligandMillimoles, .millimole),
                            concentration: Quantity(recipe.ligandConcentrationMolar, .molePerLitre))],
            injectionTemperature: recipe.injectionTemperatureCelsius.map { Quantity($0, .celsius) },
            growthTemperature: Quantity(recipe.growthTemperatureCelsius, .celsius),
            reactionTime: Quantity(recipe.growthTimeMinutes, .minute),
            rampRate: recipe.heatingRampCelsiusPerMinute.map { Quantity($0, .celsiusPerMinute) },
            totalVolume: Quantity(recipe.volumeMillilitres, .millilitre), atmosphere: .nitrogen)
        let o = outcome
        let outcomes = Outcomes(
            absorptionPeak: o.absorptionPeakNanometres.map { Quantity($0, .nanometre) },
            emissionPeak: o.emissionPeakNanometres.map { Quantity($0, .nanometre) },
            emissionFWHM: o.emissionFWHMNanometres.map { Quantity($0, .nanometre) },
            plqy: o.plqy.map { Quantity($0, .fraction) },
            diameter: o.diameterFromAbsorptionNanometres.map { Quantity($0, .nanometre) },
            diameterMethod: o.diameterFromAbsorptionNanometres == nil ? nil : .sizingCurve,
            sizeDispersion: truth.map { Quantity($0.relativeStandardDeviation, .fraction) },
            shape: .sphere, yield: Quantity(o.yield, .fraction))
        let provenance = Provenance(
            citation: producedBy, notebookId: "twin-seed-\(seed)", dataset: nil, licence: nil,
            instrument: "QDLab digital twin")
        return SynthesisRecord(id: id, synthesis: synthesis, outcomes: outcomes, status: status, provenance: provenance)
    }
}
