import Foundation

/// The ligand (surface capping acid) of a recipe.
public enum TwinLigand: String, Sendable, Codable, CaseIterable {
    /// Oleic acid, C18 carboxylic acid: the standard ligand of CdSe/PbS hot-injection syntheses.
    case oleicAcid = "oleic acid"
    /// Myristic acid, C14 carboxylic acid: the usual ligand of InP syntheses.
    case myristicAcid = "myristic acid"
}

/// How the reaction is started.
public enum ReactorMethod: String, Sendable, Codable, CaseIterable {
    /// Anion precursor injected into the hot metal-precursor solution at `injectionTemperatureCelsius`; the
    /// mixture relaxes to `growthTemperatureCelsius` (see `TwinOptions.injectionRelaxationSeconds`).
    case hotInjection = "hot-injection"
    /// All precursors mixed cold (at `Recipe.heatUpStartCelsius`) and heated at `heatingRampCelsiusPerMinute`
    /// to `growthTemperatureCelsius`.
    case heatUp = "heat-up"
}

/// One synthesis as the twin (or a robot) runs it: material, temperatures, time and amounts.
///
/// Amounts are in mmol and the volume in mL, so concentrations are mmol/mL = mol/L. "Metal" is the cation
/// precursor (Cd, In, Pb), "anion" the chalcogen or pnictogen precursor (Se, P, S). Construct freely, then call
/// `validated()` (the reactors call it for you).
public struct Recipe: Sendable, Codable, Equatable, Hashable {
    /// Material id as in QDPhysics' catalogue ("CdSe", "InP", "PbS").
    public var materialID: String
    /// Hot injection or heat-up.
    public var method: ReactorMethod
    /// Temperature of the metal solution at injection, °C (hot injection only; `nil` for heat-up).
    public var injectionTemperatureCelsius: Double?
    /// Growth (set-point) temperature, °C.
    public var growthTemperatureCelsius: Double
    /// Time at (or relaxing to) the growth temperature, min. For heat-up the ramp time comes on top.
    public var growthTimeMinutes: Double
    /// Cation precursor, mmol.
    public var metalPrecursorMillimoles: Double
    /// Anion precursor, mmol.
    public var anionPrecursorMillimoles: Double
    /// Ligand, mmol.
    public var ligandMillimoles: Double
    /// Which ligand.
    public var ligand: TwinLigand
    /// Total reaction volume (solvent plus injected solution), mL.
    public var volumeMillilitres: Double
    /// Heating ramp, °C/min (heat-up only; `nil` for hot injection).
    public var heatingRampCelsiusPerMinute: Double?

    /// Temperature at which a heat-up run starts, °C (precursors mixed and degassed).
    public static let heatUpStartCelsius = 100.0

    /// Creates a recipe (not yet validated; see `validated()`).
    public init(
        materialID: String, method: ReactorMethod = .hotInjection, injectionTemperatureCelsius: Double? = 300,
        growthTemperatureCelsius: Double, growthTimeMinutes: Double, metalPrecursorMillimoles: Double,
        anionPrecursorMillimoles: Double, ligandMillimoles: Double, ligand: TwinLigand = .oleicAcid,
        volumeMillilitres: Double = 10, heatingRampCelsiusPerMinute: Double? = nil
    ) {
        self.materialID = materialID
        self.method = method
        self.injectionTemperatureCelsius = injectionTemperatureCelsius
        self.growthTemperatureCelsius = growthTemperatureCelsius
        self.growthTimeMinutes = growthTimeMinutes
        self.metalPrecursorMillimoles = metalPrecursorMillimoles
        self.anionPrecursorMillimoles = anionPrecursorMillimoles
        self.ligandMillimoles = ligandMillimoles
        self.ligand = ligand
        self.volumeMillilitres = volumeMillilitres
        self.heatingRampCelsiusPerMinute = heatingRampCelsiusPerMinute
    }

    /// A standard CdSe hot injection (0.2 mmol Cd, 0.4 mmol Se, 1.2 mmol oleic acid in 10 mL, inject at 300 °C,
    /// grow at 270 °C for 2 min): the twin's reference recipe in tests and docs.
    public static func standardCdSe(growthTimeMinutes: Double = 2, growthTemperatureCelsius: Double = 270) -> Recipe {
        Recipe(
            materialID: "CdSe", injectionTemperatureCelsius: 300, growthTemperatureCelsius: growthTemperatureCelsius,
            growthTimeMinutes: growthTimeMinutes, metalPrecursorMillimoles: 0.2, anionPrecursorMillimoles: 0.4,
            ligandMillimoles: 1.2)
    }

    /// Cation precursor concentration, mol/L.
    public var metalConcentrationMolar: Double { metalPrecursorMillimoles / volumeMillilitres }
    /// Anion precursor concentration, mol/L.
    public var anionConcentrationMolar: Double { anionPrecursorMillimoles / volumeMillilitres }
    /// Ligand concentration, mol/L.
    public var ligandConcentrationMolar: Double { ligandMillimoles / volumeMillilitres }

    /// Checks every value against `RecipeBounds.standard` and the method's rules, and returns the recipe.
    ///
    /// - Throws: `TwinError.invalidRecipe` naming the first offending field, its value, the rule and the fix;
    ///   `TwinError.unsupportedMaterial` when no `ReactorKinetics` exist for `materialID`.
    public func validated(bounds: RecipeBounds = .standard) throws -> Recipe {
        guard ReactorKinetics.forMaterial(materialID) != nil else {
            throw TwinError(.unsupportedMaterial, "Material '\(materialID)' has no reactor kinetics in the twin (rule: one of \(ReactorKinetics.all.map(\.materialID).joined(separator: ", "))). Pick a supported material or pass your own ReactorKinetics to TwinReactor.")
        }
        func check(_ value: Double, _ range: ClosedRange<Double>, _ name: String, _ unit: String, _ hint: String) throws {
            guard value.isFinite, range.contains(value) else {
                throw TwinError(.invalidRecipe, "\(name) \(value) \(unit) is not valid (rule: finite, \(range.lowerBound) to \(range.upperBound) \(unit)). \(hint)")
            }
        }
        try check(growthTemperatureCelsius, bounds.growthTemperatureCelsius, "Growth temperature", "°C", "Pass the set-point in degrees Celsius, not kelvin.")
        try check(growthTimeMinutes, bounds.growthTimeMinutes, "Growth time", "min", "Pass the time at growth temperature in minutes.")
        try check(metalPrecursorMillimoles, bounds.precursorMillimoles, "Metal precursor", "mmol", "Pass the cation precursor amount in millimoles.")
        try check(anionPrecursorMillimoles, bounds.precursorMillimoles, "Anion precursor", "mmol", "Pass the anion precursor amount in millimoles.")
        try check(ligandMillimoles, bounds.ligandMillimoles, "Ligand", "mmol", "Pass the ligand amount in millimoles (0 is allowed and aggregates).")
        try check(volumeMillilitres, bounds.volumeMillilitres, "Volume", "mL", "Pass the total reaction volume in millilitres.")
        try check(metalConcentrationMolar, bounds.precursorConcentrationMolar, "Metal precursor concentration", "mol/L", "Dilute: raise the volume or lower the amount.")
        try check(anionConcentrationMolar, bounds.precursorConcentrationMolar, "Anion precursor concentration", "mol/L", "Dilute: raise the volume or lower the amount.")
        switch method {
        case .hotInjection:
            guard let injection = injectionTemperatureCelsius else {
                throw TwinError(.invalidRecipe, "Hot injection needs an injection temperature (rule: injectionTemperatureCelsius set, \(bounds.injectionTemperatureCelsius.lowerBound)–\(bounds.injectionTemperatureCelsius.upperBound) °C). Set it, or use method .heatUp.")
            }
            try check(injection, bounds.injectionTemperatureCelsius, "Injection temperature", "°C", "Pass the temperature of the hot solution at injection in degrees Celsius.")
            guard heatingRampCelsiusPerMinute == nil else {
                throw TwinError(.invalidRecipe, "Hot injection takes no heating ramp (got \(heatingRampCelsiusPerMinute ?? 0) °C/min; rule: ramp only for heat-up). Remove the ramp or use method .heatUp.")
            }
        case .heatUp:
            guard let ramp = heatingRampCelsiusPerMinute else {
                throw TwinError(.invalidRecipe, "Heat-up needs a heating ramp (rule: heatingRampCelsiusPerMinute set, \(bounds.heatingRampCelsiusPerMinute.lowerBound)–\(bounds.heatingRampCelsiusPerMinute.upperBound) °C/min). Set it, or use method .hotInjection.")
            }
            try check(ramp, bounds.heatingRampCelsiusPerMinute, "Heating ramp", "°C/min", "Pass the ramp rate in °C per minute.")
            guard injectionTemperatureCelsius == nil else {
                throw TwinError(.invalidRecipe, "Heat-up takes no injection temperature (got \(injectionTemperatureCelsius ?? 0) °C; rule: injection temperature only for hot injection). Set it to nil or use method .hotInjection.")
            }
            guard growthTemperatureCelsius > Self.heatUpStartCelsius else {
                throw TwinError(.invalidRecipe, "Heat-up growth temperature \(growthTemperatureCelsius) °C is not above the start temperature \(Self.heatUpStartCelsius) °C (rule: the ramp must heat). Raise the growth temperature.")
            }
        }
        return self
    }
}

/// Allowed ranges of every recipe input: what `Recipe.validated` enforces and what a campaign's search space
/// should stay inside. Chosen to cover published CdSe/InP/PbS hot-injection and heat-up conditions with margin.
public struct RecipeBounds: Sendable, Codable, Equatable {
    /// Injection temperature, °C.
    public var injectionTemperatureCelsius: ClosedRange<Double>
    /// Growth temperature, °C.
    public var growthTemperatureCelsius: ClosedRange<Double>
    /// Growth time, min.
    public var growthTimeMinutes: ClosedRange<Double>
    /// Either precursor amount, mmol.
    public var precursorMillimoles: ClosedRange<Double>
    /// Either precursor concentration, mol/L.
    public var precursorConcentrationMolar: ClosedRange<Double>
    /// Ligand amount, mmol.
    public var ligandMillimoles: ClosedRange<Double>
    /// Reaction volume, mL.
    public var volumeMillilitres: ClosedRange<Double>
    /// Heating ramp (heat-up), °C/min.
    public var heatingRampCelsiusPerMinute: ClosedRange<Double>

    /// Creates bounds.
    public init(
        injectionTemperatureCelsius: ClosedRange<Double>, growthTemperatureCelsius: ClosedRange<Double>,
        growthTimeMinutes: ClosedRange<Double>, precursorMillimoles: ClosedRange<Double>,
        precursorConcentrationMolar: ClosedRange<Double>, ligandMillimoles: ClosedRange<Double>,
        volumeMillilitres: ClosedRange<Double>, heatingRampCelsiusPerMinute: ClosedRange<Double>
    ) {
        self.injectionTemperatureCelsius = injectionTemperatureCelsius
        self.growthTemperatureCelsius = growthTemperatureCelsius
        self.growthTimeMinutes = growthTimeMinutes
        self.precursorMillimoles = precursorMillimoles
        self.precursorConcentrationMolar = precursorConcentrationMolar
        self.ligandMillimoles = ligandMillimoles
        self.volumeMillilitres = volumeMillilitres
        self.heatingRampCelsiusPerMinute = heatingRampCelsiusPerMinute
    }

    /// The twin's default bounds: injection 150–340 °C, growth 150–320 °C, 0.1–60 min, 0.01–2 mmol of each
    /// precursor at ≤ 0.2 mol/L, 0–10 mmol ligand, 2–50 mL, ramp 1–30 °C/min.
    public static let standard = RecipeBounds(
        injectionTemperatureCelsius: 150...340, growthTemperatureCelsius: 150...320, growthTimeMinutes: 0.1...60,
        precursorMillimoles: 0.01...2, precursorConcentrationMolar: 0.001...0.2, ligandMillimoles: 0...10,
        volumeMillilitres: 2...50, heatingRampCelsiusPerMinute: 1...30)
}
