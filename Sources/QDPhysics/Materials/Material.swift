/// A literature value with its source and a confidence grade.
public struct Sourced<Value: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
    /// How far the value can be trusted.
    public enum Confidence: String, Sendable, Codable {
        /// Handbook-standard, about ±5 %.
        case high
        /// Commonly quoted; literature spread 10–30 %.
        case medium
        /// Uncertain: rough estimate or conflicting reports; do not build conclusions on it alone.
        case low
    }

    public let value: Value
    /// Short citation, e.g. "Vurgaftman et al., J. Appl. Phys. 89, 5815 (2001)".
    public let source: String
    public let confidence: Confidence

    public init(_ value: Value, _ source: String, _ confidence: Confidence) {
        self.value = value
        self.source = source
        self.confidence = confidence
    }
}

/// Crystal structure of the bulk phase usually found in colloidal nanocrystals.
public enum CrystalStructure: String, Sendable, Codable, CaseIterable {
    case zincBlende = "zinc blende"
    case wurtzite
    case rockSalt = "rock salt"
    case orthorhombicPerovskite = "orthorhombic perovskite"
    case cubicPerovskite = "cubic perovskite"
    case tetragonalPerovskite = "tetragonal perovskite"
    case chalcopyrite
    case diamond
    case graphitic
}

/// A semiconductor (or empirical-only nanomaterial such as carbon dots) with its bulk parameters.
///
/// Parameters that are not known for a material are `nil`; models that need them throw
/// `PhysicsError.missingParameter` naming the parameter.
public struct Material: Sendable, Codable, Equatable, Identifiable {
    /// Catalogue key, e.g. "CdSe", "CsPbBr3", "C-dots".
    public let id: String
    /// Human-readable name, e.g. "cadmium selenide".
    public let name: String
    /// Formula-unit composition: element symbol → atoms per formula unit (CdSe: ["Cd": 1, "Se": 1]).
    /// Empty for materials with no defined stoichiometry (carbon dots).
    public let composition: [String: Double]
    /// Bulk band gap at 300 K in eV.
    public let bulkGapElectronvolts: Sourced<Double>?
    /// Whether the bulk gap is indirect (Si, Ge).
    public let indirectGap: Bool
    /// Electron effective mass in units of the free-electron mass m₀.
    public let electronMass: Sourced<Double>?
    /// Hole effective mass in m₀.
    public let holeMass: Sourced<Double>?
    /// High-frequency (optical) dielectric constant ε∞.
    public let highFrequencyPermittivity: Sourced<Double>?
    /// Static dielectric constant εs (for perovskites, the effective exciton screening constant).
    public let staticPermittivity: Sourced<Double>?
    /// Bulk exciton Bohr radius in nm.
    public let bohrRadiusNanometres: Sourced<Double>?
    public let structure: CrystalStructure
    /// Cubic (or pseudocubic) lattice constant in Å; for wurtzite, the zinc-blende-equivalent a (√2·a_wz),
    /// so that lattice mismatch between shells is comparable. See `latticeNote`.
    public let latticeConstantAngstrom: Sourced<Double>?
    /// The lattice parameters as reported (e.g. "wurtzite a = 4.30 Å, c = 7.01 Å").
    public let latticeNote: String
    /// Conduction-band edge (electron affinity with sign) vs vacuum, eV.
    public let conductionBandEdgeElectronvolts: Sourced<Double>?
    /// Valence-band edge vs vacuum, eV.
    public let valenceBandEdgeElectronvolts: Sourced<Double>?
    /// Molar mass of one formula unit, g/mol (computed from `composition` and IUPAC atomic weights).
    public let molarMassGramsPerMole: Double?
    /// Bulk density, g/cm³.
    public let densityGramsPerCubicCentimetre: Sourced<Double>?
    /// Elements regulated or of toxicological concern present in the material (e.g. ["Cd"], ["Pb"], ["As"]).
    public let hazardousElements: [String]
    /// Typical emission range of colloidal QDs of this material, nm.
    public let typicalEmissionNanometres: ClosedRange<Double>?
    /// True when no bulk-semiconductor confinement model applies (carbon dots): only data-driven models.
    public let empiricalOnly: Bool
    /// Free-text notes: conflicting literature values, which set a model uses.
    public let notes: String

    public init(
        id: String, name: String, composition: [String: Double],
        bulkGapElectronvolts: Sourced<Double>?, indirectGap: Bool = false,
        electronMass: Sourced<Double>?, holeMass: Sourced<Double>?,
        highFrequencyPermittivity: Sourced<Double>?, staticPermittivity: Sourced<Double>?,
        bohrRadiusNanometres: Sourced<Double>?, structure: CrystalStructure,
        latticeConstantAngstrom: Sourced<Double>?, latticeNote: String,
        conductionBandEdgeElectronvolts: Sourced<Double>?, valenceBandEdgeElectronvolts: Sourced<Double>?,
        molarMassGramsPerMole: Double?, densityGramsPerCubicCentimetre: Sourced<Double>?,
        hazardousElements: [String], typicalEmissionNanometres: ClosedRange<Double>?,
        empiricalOnly: Bool = false, notes: String = ""
    ) {
        self.id = id
        self.name = name
        self.composition = composition
        self.bulkGapElectronvolts = bulkGapElectronvolts
        self.indirectGap = indirectGap
        self.electronMass = electronMass
        self.holeMass = holeMass
        self.highFrequencyPermittivity = highFrequencyPermittivity
        self.staticPermittivity = staticPermittivity
        self.bohrRadiusNanometres = bohrRadiusNanometres
        self.structure = structure
        self.latticeConstantAngstrom = latticeConstantAngstrom
        self.latticeNote = latticeNote
        self.conductionBandEdgeElectronvolts = conductionBandEdgeElectronvolts
        self.valenceBandEdgeElectronvolts = valenceBandEdgeElectronvolts
        self.molarMassGramsPerMole = molarMassGramsPerMole
        self.densityGramsPerCubicCentimetre = densityGramsPerCubicCentimetre
        self.hazardousElements = hazardousElements
        self.typicalEmissionNanometres = typicalEmissionNanometres
        self.empiricalOnly = empiricalOnly
        self.notes = notes
    }
}
