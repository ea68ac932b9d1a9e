import Foundation

/// A confinement model that is monotone (energy falls as size grows) over its reachable range and so has a
/// unique inverse: every model QDLab ships conforms.
///
/// Conformers supply the unchecked forward and inverse maps plus the reachable energy range; the checked
/// `firstExciton(diameterNanometres:)` and `diameter(forEnergyElectronvolts:)` come from this protocol's
/// extension, so every model validates input and words its errors the same way.
public protocol InvertibleConfinementModel: ConfinementModel {
    /// First-exciton energy (eV) approached as the diameter grows without bound: the bulk gap, or for an
    /// empirical curve the gap its extrapolation tends to. Energies at or below it have no size.
    var bulkLimitElectronvolts: Double { get }
    /// The largest energy (eV) the model reaches, approached at its smallest size; `.infinity` when unbounded.
    var maximumEnergyElectronvolts: Double { get }
    /// The diameter (nm) at `energyElectronvolts`, with no checks. The caller guarantees
    /// `bulkLimitElectronvolts < energyElectronvolts < maximumEnergyElectronvolts`.
    func diameterUnchecked(energyElectronvolts: Double) -> Double
}

extension InvertibleConfinementModel {
    /// First-exciton energy at `diameterNanometres`, flagged against `validDiameterNanometres`.
    ///
    /// - Throws: `PhysicsError.invalidValue` for a NaN, infinite, zero or negative diameter (the message
    ///   names the value).
    /// - Complexity: one `energyUnchecked` evaluation.
    public func firstExciton(diameterNanometres: Double) throws -> ConfinementResult {
        guard diameterNanometres.isFinite, diameterNanometres > 0 else {
            throw PhysicsError(
                .invalidValue,
                "Diameter \(diameterNanometres) nm is not valid for \(name) (rule: diameter must be a finite number > 0 nm). Pass a positive diameter in nanometres.")
        }
        return ConfinementResult(
            diameterNanometres: diameterNanometres,
            energyElectronvolts: energyUnchecked(diameterNanometres: diameterNanometres),
            model: name, validity: validity(ofDiameter: diameterNanometres))
    }

    /// The diameter whose first exciton lies at `energyElectronvolts`, flagged against the validity range.
    ///
    /// - Throws: `PhysicsError.invalidValue` for a NaN, infinite, zero or negative energy;
    ///   `PhysicsError.outOfDomain` when the energy is at or below `bulkLimitElectronvolts` or at or above
    ///   `maximumEnergyElectronvolts` (the message gives the reachable range in eV and nm).
    public func diameter(forEnergyElectronvolts energyElectronvolts: Double) throws -> ConfinementResult {
        guard energyElectronvolts.isFinite, energyElectronvolts > 0 else {
            throw PhysicsError(
                .invalidValue,
                "Energy \(energyElectronvolts) eV is not valid for \(name) (rule: a finite energy > 0 eV). Pass the first-exciton peak energy in electronvolts.")
        }
        guard energyElectronvolts > bulkLimitElectronvolts, energyElectronvolts < maximumEnergyElectronvolts else {
            throw PhysicsError(.outOfDomain, outOfDomainMessage(energyElectronvolts))
        }
        let diameter = diameterUnchecked(energyElectronvolts: energyElectronvolts)
        guard diameter.isFinite, diameter > 0 else {
            throw PhysicsError(.outOfDomain, outOfDomainMessage(energyElectronvolts))
        }
        return ConfinementResult(
            diameterNanometres: diameter, energyElectronvolts: energyElectronvolts,
            model: name, validity: validity(ofDiameter: diameter))
    }

    /// The reachable energy range as text, e.g. "(1.740 eV, ∞) i.e. wavelengths below 712.6 nm".
    public var reachableRangeDescription: String {
        let lowNm = PhysicalConstants.nanometres(fromElectronvolts: bulkLimitElectronvolts)
        if maximumEnergyElectronvolts.isFinite {
            let highNm = PhysicalConstants.nanometres(fromElectronvolts: maximumEnergyElectronvolts)
            return "(\(ConfinementText.fixed(bulkLimitElectronvolts)) eV, \(ConfinementText.fixed(maximumEnergyElectronvolts)) eV), i.e. wavelengths between \(ConfinementText.fixed(highNm, digits: 1)) and \(ConfinementText.fixed(lowNm, digits: 1)) nm"
        }
        return "(\(ConfinementText.fixed(bulkLimitElectronvolts)) eV, ∞), i.e. wavelengths below \(ConfinementText.fixed(lowNm, digits: 1)) nm"
    }

    private func outOfDomainMessage(_ energy: Double) -> String {
        let nm = PhysicalConstants.nanometres(fromElectronvolts: energy)
        let side = energy <= bulkLimitElectronvolts ? "at or below the bulk limit (redder than bulk)" : "beyond the largest energy the model reaches"
        return "Energy \(ConfinementText.fixed(energy)) eV (\(ConfinementText.fixed(nm, digits: 1)) nm) is \(side) for \(name) (rule: the reachable range is \(reachableRangeDescription)). Check the peak position and the material, or choose another model."
    }
}

/// Fixed-point formatting for confinement messages (C locale via `String(format:)`).
enum ConfinementText {
    static func fixed(_ value: Double, digits: Int = 3) -> String {
        String(format: "%.\(digits)f", value)
    }
}

/// Validity range of the effective-mass models: from 2 nm (below which effective-mass theory is known to
/// break down: a few lattice constants, surface-dominated) to twice the Bohr radius (the strong-confinement
/// regime R < aB in which the Brus Coulomb term 1.786 e²/εR holds), taking the smaller of the catalogue
/// aB and the hydrogenic aB = 0.0529·ε/μ nm of the model's own parameters, so that the range stays well
/// below the size where the model's Coulomb term pulls the energy under the gap (d ≈ 5.5 hydrogenic aB).
func effectiveMassValidity(_ p: EffectiveMassParameters) -> ClosedRange<Double> {
    let hydrogenic = PhysicalConstants.bohrRadiusNanometres * p.permittivity / p.reducedMass
    return 2.0...max(2.0 * min(p.bohrRadiusNanometres, hydrogenic), 2.5)
}

/// Energy of a power-law tail E = Eg + (E₀ − Eg)·(d/d₀)^(−n) that continues an empirical curve outside its
/// calibrated range with matching value and slope at (d₀, E₀), tending to Eg as d → ∞ and to ∞ as d → 0.
///
/// The exponent is n = −d₀·E′(d₀)/(E₀ − Eg), the local log–log slope of the confinement energy at the join,
/// so the curve stays C¹ and monotone. This is QDLab's extrapolation rule for tabulated and polynomial curves;
/// results on a tail are always flagged `.belowRange` or `.aboveRange`.
@usableFromInline struct PowerLawTail: Sendable {
    @usableFromInline let bulk: Double
    @usableFromInline let diameter: Double
    @usableFromInline let energy: Double
    @usableFromInline let exponent: Double

    /// Builds the tail from the join point and the curve's slope dE/dd there (eV/nm, negative).
    init(bulk: Double, diameter: Double, energy: Double, slope: Double) {
        self.bulk = bulk
        self.diameter = diameter
        self.energy = energy
        self.exponent = -diameter * slope / (energy - bulk)
    }

    @inlinable func energy(atDiameter d: Double) -> Double {
        bulk + (energy - bulk) * pow(d / diameter, -exponent)
    }

    @inlinable func diameter(atEnergy e: Double) -> Double {
        diameter * pow((e - bulk) / (energy - bulk), -1 / exponent)
    }
}
