/// Physical constants used by the confinement models (CODATA 2018 exact or recommended values).
public enum PhysicalConstants {
    /// h·c in eV·nm: converts between photon energy (eV) and vacuum wavelength (nm), λ = hc / E.
    public static let hcElectronvoltNanometres = 1239.841_984
    /// ħ²/(2 m₀) in eV·nm² (ħ = 6.582119569e-16 eV s, m₀c² = 510998.95 eV): 0.0380998 eV nm².
    public static let hbarSquaredOverTwoElectronMass = 0.038_099_821
    /// e²/(4π ε₀) in eV·nm: 1.439964548 eV nm.
    public static let coulombElectronvoltNanometres = 1.439_964_548
    /// Rydberg energy in eV.
    public static let rydbergElectronvolts = 13.605_693_122
    /// Bohr radius in nm.
    public static let bohrRadiusNanometres = 0.052_917_721
    /// Avogadro constant, mol⁻¹.
    public static let avogadro = 6.022_140_76e23

    /// Photon energy (eV) of vacuum wavelength `nanometres`.
    @inlinable public static func electronvolts(fromNanometres nanometres: Double) -> Double {
        hcElectronvoltNanometres / nanometres
    }
    /// Vacuum wavelength (nm) of photon energy `electronvolts`.
    @inlinable public static func nanometres(fromElectronvolts electronvolts: Double) -> Double {
        hcElectronvoltNanometres / electronvolts
    }
}

/// Where a prediction stands relative to the range a model was fitted or validated on.
public enum ValidityFlag: String, Sendable, Codable, Equatable {
    /// Inside the model's stated range.
    case withinRange
    /// Smaller than the model's range: an extrapolation, usually where the model is least trustworthy.
    case belowRange
    /// Larger than the model's range.
    case aboveRange
}

/// The first-exciton energy of one particle size, with the model that produced it and a validity flag.
public struct ConfinementResult: Sendable, Codable, Equatable {
    /// Particle diameter in nm, in the size definition of `ConfinementModel.sizeDefinition`.
    public let diameterNanometres: Double
    /// First-exciton (1S absorption) transition energy in eV.
    public let energyElectronvolts: Double
    /// The model's name, e.g. "Jasieniak 2009".
    public let model: String
    /// Whether `diameterNanometres` lies in the model's validity range.
    public let validity: ValidityFlag

    public init(diameterNanometres: Double, energyElectronvolts: Double, model: String, validity: ValidityFlag) {
        self.diameterNanometres = diameterNanometres
        self.energyElectronvolts = energyElectronvolts
        self.model = model
        self.validity = validity
    }

    /// First-exciton wavelength in nm.
    public var wavelengthNanometres: Double { PhysicalConstants.nanometres(fromElectronvolts: energyElectronvolts) }
}

/// A size ↔ first-exciton-energy relation for one material.
///
/// Both directions are provided. Implementations state their validity range in diameter; a result outside it
/// is still returned (the user may want the extrapolation) but flagged, never silently.
public protocol ConfinementModel: Sendable {
    /// Short name with its source, e.g. "Moreels 2009 (PbS)".
    var name: String { get }
    /// The literature reference (authors, journal, volume, page, year).
    var citation: String { get }
    /// What "diameter" means for this model, e.g. "TEM diameter of a sphere" or, for InP,
    /// "diameter of the sphere with the tetrahedron's volume (d = 0.608·L)".
    var sizeDefinition: String { get }
    /// Diameters (nm) over which the model was fitted or validated.
    var validDiameterNanometres: ClosedRange<Double> { get }

    /// First-exciton energy (eV) at `diameterNanometres`, with no checks: the hot path for benchmarks and
    /// screening. The caller guarantees a finite positive diameter.
    func energyUnchecked(diameterNanometres: Double) -> Double

    /// First-exciton energies (eV) of many diameters at once, with no checks: the batch hot path for
    /// screening. `energies` is resized to `diametersNanometres.count`. The default implementation calls
    /// `energyUnchecked` in a loop that the compiler specialises per model, so a call through
    /// `any ConfinementModel` pays dynamic dispatch once per batch rather than once per diameter.
    /// - Complexity: O(n) evaluations, no allocation when `energies` already has the capacity.
    func energiesUnchecked(diametersNanometres: [Double], into energies: inout [Double])

    /// First-exciton energy at `diameterNanometres`, flagged against the validity range.
    /// - Throws: `PhysicsError.invalidValue` for NaN, infinite, zero or negative diameters.
    func firstExciton(diameterNanometres: Double) throws -> ConfinementResult

    /// The diameter whose first exciton lies at `energyElectronvolts`.
    /// - Throws: `PhysicsError.invalidValue` for a non-finite or non-positive energy;
    ///   `PhysicsError.outOfDomain` when the energy is at or below the bulk limit or beyond what the model
    ///   can reach (the message gives the reachable range).
    func diameter(forEnergyElectronvolts energyElectronvolts: Double) throws -> ConfinementResult
}

extension ConfinementModel {
    public func energiesUnchecked(diametersNanometres: [Double], into energies: inout [Double]) {
        let n = diametersNanometres.count
        if energies.count != n { energies = [Double](repeating: 0, count: n) }
        diametersNanometres.withUnsafeBufferPointer { input in
            energies.withUnsafeMutableBufferPointer { output in
                for i in 0..<n { output[i] = energyUnchecked(diameterNanometres: input[i]) }
            }
        }
    }

    /// Classifies `diameter` against `validDiameterNanometres`.
    public func validity(ofDiameter diameter: Double) -> ValidityFlag {
        if diameter < validDiameterNanometres.lowerBound { return .belowRange }
        if diameter > validDiameterNanometres.upperBound { return .aboveRange }
        return .withinRange
    }

    /// First-exciton result at the wavelength `nanometres` (vacuum), i.e. `diameter(forEnergyElectronvolts:)`
    /// after converting λ → E. - Throws: as `diameter(forEnergyElectronvolts:)`, plus `invalidValue` for a
    /// non-positive wavelength.
    public func diameter(forWavelengthNanometres nanometres: Double) throws -> ConfinementResult {
        guard nanometres.isFinite, nanometres > 0 else {
            throw PhysicsError(.invalidValue, "Wavelength \(nanometres) nm is not valid for \(name) (rule: a finite wavelength > 0 nm). Pass the first-exciton peak in nanometres.")
        }
        return try diameter(forEnergyElectronvolts: PhysicalConstants.electronvolts(fromNanometres: nanometres))
    }
}
