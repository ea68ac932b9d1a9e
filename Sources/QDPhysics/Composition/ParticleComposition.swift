import Foundation

/// A surface ligand: its formula and how densely it covers the particle surface.
public struct Ligand: Sendable, Codable, Equatable {
    /// Name, e.g. "oleic acid".
    public let name: String
    /// Formula as element → count (oleic acid: C18H34O2).
    public let formula: [String: Double]
    /// Ligands per nm² of the outer particle surface.
    public let surfaceDensityPerSquareNanometre: Double

    /// Default oleate/oleic-acid coverage, nm⁻²: the middle of the 3–5 nm⁻² range commonly reported by NMR
    /// quantification of carboxylate-capped metal-chalcogenide QDs (e.g. Moreels et al. on PbSe; Anderson et
    /// al., *JACS* 135, 18536 (2013) on CdSe). Medium confidence: the real value depends on washing.
    public static let defaultSurfaceDensityPerSquareNanometre = 4.0

    /// - Throws: `PhysicsError.invalidValue` for a NaN or negative density; `.unknownMaterial` for an element
    ///   symbol not in `Element.table`.
    public init(name: String, formula: [String: Double], surfaceDensityPerSquareNanometre: Double = defaultSurfaceDensityPerSquareNanometre) throws {
        guard surfaceDensityPerSquareNanometre.isFinite, surfaceDensityPerSquareNanometre >= 0 else {
            throw PhysicsError(.invalidValue, "Ligand density \(surfaceDensityPerSquareNanometre) nm⁻² is not valid (rule: finite ≥ 0 ligands per nm²; typical 3–5). Pass e.g. 4.0.")
        }
        _ = try Element.molarMass(of: formula)
        self.name = name
        self.formula = formula
        self.surfaceDensityPerSquareNanometre = surfaceDensityPerSquareNanometre
    }

    /// Oleic acid, C18H34O2 (282.47 g/mol), at `surfaceDensityPerSquareNanometre` (default 4.0 nm⁻²).
    /// - Throws: as `init`.
    public static func oleicAcid(surfaceDensityPerSquareNanometre: Double = defaultSurfaceDensityPerSquareNanometre) throws -> Ligand {
        try Ligand(name: "oleic acid", formula: ["C": 18, "H": 34, "O": 2], surfaceDensityPerSquareNanometre: surfaceDensityPerSquareNanometre)
    }
}

/// Element mass fractions of a (core/shell) particle including its ligand shell.
///
/// Volumes from diameters (core πd³/6, shell π(D³ − d³)/6 with D = d + 2H), masses from bulk densities,
/// ligand count = density × πD² (outer surface), ligand mass = count × M/N_A. Each component's element masses
/// follow its formula: w_i = n_i·A_i/M. Assumes bulk density and stoichiometric composition (real QDs are
/// often cation-rich at the surface, which raises the cation fraction by a few per cent relative).
public struct ParticleComposition: Sendable, Codable, Equatable {
    /// Element symbol → mass fraction of the whole particle (sums to 1).
    public let massFractions: [String: Double]
    /// Masses of one particle, g.
    public let coreMassGrams: Double
    public let shellMassGrams: Double
    public let ligandMassGrams: Double
    /// Ligands per particle.
    public let ligandCount: Double
    /// Molar mass of the whole particle (one mole of particles), g/mol.
    public var particleMolarMassGramsPerMole: Double {
        (coreMassGrams + shellMassGrams + ligandMassGrams) * PhysicalConstants.avogadro
    }

    /// Composition of a particle with a `core` of diameter `coreDiameterNanometres`, an optional `shell` of
    /// thickness `shellThicknessNanometres` and an optional `ligand` shell.
    /// - Throws: `PhysicsError.invalidValue` for a bad diameter or a NaN/negative thickness (0 is allowed and
    ///   means no shell); `.missingParameter` when a material lacks a density or a composition.
    public init(
        core: Material, coreDiameterNanometres d: Double, shell: Material? = nil, shellThicknessNanometres h: Double = 0,
        ligand: Ligand? = nil
    ) throws {
        guard d.isFinite, d > 0 else {
            throw PhysicsError(.invalidValue, "Core diameter \(d) nm is not valid (rule: finite > 0 nm). Pass the core diameter in nanometres.")
        }
        guard h.isFinite, h >= 0 else {
            throw PhysicsError(.invalidValue, "Shell thickness \(h) nm is not valid (rule: finite ≥ 0 nm; 0 means no shell). Pass the shell thickness in nanometres.")
        }
        let outer = d + 2 * h
        let nm3ToCm3 = 1e-21
        var fractions: [String: Double] = [:]
        func add(_ material: Material, volumeCubicNanometres: Double) throws -> Double {
            guard let rho = material.densityGramsPerCubicCentimetre?.value, rho > 0 else {
                throw PhysicsError(.missingParameter, "\(material.id) has no density (rule: mass fractions need the bulk density of every component). Choose a material with a tabulated density.")
            }
            let mass = volumeCubicNanometres * nm3ToCm3 * rho
            try Self.accumulate(formula: material.composition, mass: mass, id: material.id, into: &fractions)
            return mass
        }
        coreMassGrams = try add(core, volumeCubicNanometres: Double.pi * d * d * d / 6)
        if let shell, h > 0 {
            shellMassGrams = try add(shell, volumeCubicNanometres: Double.pi * (outer * outer * outer - d * d * d) / 6)
        } else {
            shellMassGrams = 0
        }
        if let ligand {
            ligandCount = ligand.surfaceDensityPerSquareNanometre * Double.pi * outer * outer
            ligandMassGrams = ligandCount * (try Element.molarMass(of: ligand.formula)) / PhysicalConstants.avogadro
            try Self.accumulate(formula: ligand.formula, mass: ligandMassGrams, id: ligand.name, into: &fractions)
        } else {
            ligandCount = 0
            ligandMassGrams = 0
        }
        let total = coreMassGrams + shellMassGrams + ligandMassGrams
        massFractions = fractions.mapValues { $0 / total }
    }

    /// Adds the element masses of `mass` grams of `formula` to `masses`.
    private static func accumulate(formula: [String: Double], mass: Double, id: String, into masses: inout [String: Double]) throws {
        guard !formula.isEmpty else {
            throw PhysicsError(.missingParameter, "\(id) has no defined composition (rule: element fractions need a formula). Use a material with a stoichiometry.")
        }
        let molar = try Element.molarMass(of: formula)
        for (symbol, count) in formula {
            masses[symbol, default: 0] += mass * count * (try Element.named(symbol)).atomicWeight / molar
        }
    }
}
