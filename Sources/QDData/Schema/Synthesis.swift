/// The material made: a core, optional shells (inner to outer) and dopants.
public struct MaterialSystem: Sendable, Codable, Equatable, Hashable {
    /// Core material id as in QDPhysics' catalogue, e.g. "InP", "CdSe", "CsPbBr3", "C-dots".
    public var core: String
    /// Shell material ids from the core outwards, e.g. ["ZnSe", "ZnS"]. Empty for core-only dots.
    public var shells: [String]
    /// Dopant element symbols, e.g. ["Mn"]. Empty when undoped.
    public var dopants: [String]

    /// Creates a material system; shells inner to outer.
    public init(core: String, shells: [String] = [], dopants: [String] = []) {
        self.core = core
        self.shells = shells
        self.dopants = dopants
    }
}

/// How the dots were made.
public enum SynthesisMethod: String, Sendable, Codable, CaseIterable {
    case hotInjection = "hot-injection"
    case heatUp = "heat-up"
    case solvothermal
    case hydrothermal
    case microwave
    /// Continuous flow or droplet microfluidics.
    case flow
    /// Antisolvent precipitation / ligand-assisted reprecipitation (LARP).
    case antisolvent
    case other
}

/// What a reagent does in the synthesis (used for featurisation groups).
public enum ReagentRole: String, Sendable, Codable, CaseIterable {
    /// Cation source (Cd, In, Pb, Cs, Zn …).
    case metal
    /// Anion source (Se, S, Te, P, As, halide …).
    case anion
    /// Organic precursor of carbon dots (citric acid, urea …).
    case carbon
    /// Seed particles (seeded growth).
    case seed
    case reductant
    case other
}

/// One chemical with its amount: a precursor, solvent, ligand, acid or additive.
public struct Reagent: Sendable, Codable, Equatable, Hashable {
    /// Chemical name as normalised by the mapping file (lower case, typos fixed), e.g. "oleic acid".
    public var name: String
    /// Role, for precursors; `nil` for solvents, ligands and additives.
    public var role: ReagentRole?
    /// Amount as given: substance (mmol), mass (g) or volume (mL/µL). `nil` when not reported.
    public var amount: Quantity?
    /// Concentration of the stock solution the amount was dispensed from (mol/L), when given.
    public var concentration: Quantity?

    /// Creates a reagent.
    public init(name: String, role: ReagentRole? = nil, amount: Quantity? = nil, concentration: Quantity? = nil) {
        self.name = name
        self.role = role
        self.amount = amount
        self.concentration = concentration
    }
}

/// Gas over the reaction.
public enum Atmosphere: String, Sendable, Codable, CaseIterable {
    case nitrogen, argon, air, vacuum, unknown
}

/// A synthesis as planned and run: the inputs of the experiment.
public struct Synthesis: Sendable, Codable, Equatable, Hashable {
    /// The material made.
    public var material: MaterialSystem
    /// How it was made.
    public var method: SynthesisMethod
    /// Precursors (cation, anion, carbon sources, seeds).
    public var precursors: [Reagent]
    /// Non-coordinating and coordinating solvents.
    public var solvents: [Reagent]
    /// Coordinating ligands (amines, thiols, phosphines, phosphine oxides …).
    public var ligands: [Reagent]
    /// Carboxylic and phosphonic acids.
    public var acids: [Reagent]
    /// Anything else added (zinc salts, antisolvents, reductants …).
    public var additives: [Reagent]
    /// Temperature at injection (hot-injection), °C or K.
    public var injectionTemperature: Quantity?
    /// Temperature during growth (or the reaction temperature for one-temperature methods).
    public var growthTemperature: Quantity?
    /// Growth / reaction time.
    public var reactionTime: Quantity?
    /// Heating ramp rate (heat-up, solvothermal).
    public var rampRate: Quantity?
    /// Total reaction volume.
    public var totalVolume: Quantity?
    /// Gas over the reaction.
    public var atmosphere: Atmosphere?
    /// Other numeric conditions not named above (pH, flow-rate ratios …), by name.
    public var otherConditions: [String: Quantity]
    /// Free procedure text.
    public var procedure: String?

    /// Creates a synthesis; reagent lists default to empty.
    public init(
        material: MaterialSystem, method: SynthesisMethod, precursors: [Reagent] = [], solvents: [Reagent] = [],
        ligands: [Reagent] = [], acids: [Reagent] = [], additives: [Reagent] = [],
        injectionTemperature: Quantity? = nil, growthTemperature: Quantity? = nil, reactionTime: Quantity? = nil,
        rampRate: Quantity? = nil, totalVolume: Quantity? = nil, atmosphere: Atmosphere? = nil,
        otherConditions: [String: Quantity] = [:], procedure: String? = nil
    ) {
        self.material = material
        self.method = method
        self.precursors = precursors
        self.solvents = solvents
        self.ligands = ligands
        self.acids = acids
        self.additives = additives
        self.injectionTemperature = injectionTemperature
        self.growthTemperature = growthTemperature
        self.reactionTime = reactionTime
        self.rampRate = rampRate
        self.totalVolume = totalVolume
        self.atmosphere = atmosphere
        self.otherConditions = otherConditions
        self.procedure = procedure
    }

    /// Every reagent list by its schema key, in schema order.
    public var reagentGroups: [(key: String, reagents: [Reagent])] {
        [("precursors", precursors), ("solvents", solvents), ("ligands", ligands), ("acids", acids), ("additives", additives)]
    }
}
