import Foundation
import QDCore

/// Which dielectric constant screens the electron–hole Coulomb term.
public enum PermittivityChoice: String, Sendable, Codable, CaseIterable {
    /// The static εs (for perovskites the effective exciton screening ε_eff); falls back to ε∞ when the
    /// material has no static value (CsPbCl3). The choice of physics.md §3.
    case staticPreferred
    /// The high-frequency ε∞ (falls back to εs when ε∞ is missing, CuInS2). Changes the Brus error vs the
    /// curves by ≤ 15 % (physics.md §3).
    case highFrequency
}

/// The bulk parameters an effective-mass model needs, resolved from a `Material` with errors that name the
/// missing parameter.
public struct EffectiveMassParameters: Sendable, Codable, Equatable {
    /// Catalogue id of the material.
    public let materialID: String
    /// Bulk gap, eV.
    public let bulkGapElectronvolts: Double
    /// Electron effective mass, m₀.
    public let electronMass: Double
    /// Hole effective mass, m₀.
    public let holeMass: Double
    /// The dielectric constant used for the Coulomb term.
    public let permittivity: Double
    /// Which dielectric constant `permittivity` is: "εs", "ε∞", or a fallback such as "ε∞ (no εs)".
    public let permittivityLabel: String
    /// Bulk exciton Bohr radius in nm (catalogue value, or the hydrogenic 0.0529·ε/μ when none is listed).
    public let bohrRadiusNanometres: Double

    /// Reduced mass μ = me·mh/(me + mh), m₀.
    public var reducedMass: Double { electronMass * holeMass / (electronMass + holeMass) }

    /// Resolves the parameters of `material`.
    /// - Throws: `PhysicsError.missingParameter` naming the first missing parameter (carbon dots: all of
    ///   them, with the advice to use data-driven models).
    public init(material: Material, permittivity choice: PermittivityChoice = .staticPreferred) throws {
        guard !material.empiricalOnly else {
            throw PhysicsError(
                .missingParameter,
                "\(material.id) has no bulk semiconductor parameters (rule: size ↔ gap models need a bulk gap and effective masses). Only data-driven models apply: fit one on measured spectra with QDLearn.")
        }
        func need(_ value: Sourced<Double>?, _ what: String) throws -> Double {
            guard let v = value?.value, v.isFinite, v > 0 else {
                throw PhysicsError(
                    .missingParameter,
                    "\(material.id) has no \(what) in the catalogue (rule: effective-mass models need the bulk gap, both effective masses and a dielectric constant). Use an empirical curve, or build a Material with the value.")
            }
            return v
        }
        bulkGapElectronvolts = try need(material.bulkGapElectronvolts, "bulk gap")
        electronMass = try need(material.electronMass, "electron effective mass")
        holeMass = try need(material.holeMass, "hole effective mass")
        let preferStatic = choice == .staticPreferred
        let first = preferStatic ? material.staticPermittivity : material.highFrequencyPermittivity
        let second = preferStatic ? material.highFrequencyPermittivity : material.staticPermittivity
        if let v = first?.value {
            permittivity = v
            permittivityLabel = preferStatic ? "εs" : "ε∞"
        } else {
            permittivity = try need(second, "dielectric constant")
            permittivityLabel = preferStatic ? "ε∞ (no εs)" : "εs (no ε∞)"
        }
        materialID = material.id
        let mu = electronMass * holeMass / (electronMass + holeMass)
        bohrRadiusNanometres = material.bohrRadiusNanometres?.value
            ?? PhysicalConstants.bohrRadiusNanometres * permittivity / mu
    }
}

/// Coefficient of the Brus Coulomb term: 1.786 e²/(4πε₀εR) for the 1s–1s state in a sphere with an
/// infinite barrier (Brus, J. Chem. Phys. 80, 4403 (1984); Kayanuma, Phys. Rev. B 38, 9797 (1988)).
@usableFromInline let brusCoulombFactor = 1.786

/// Kayanuma's second-order correlation correction −0.248 Ry* (Phys. Rev. B 38, 9797 (1988)).
@usableFromInline let kayanumaCorrelationFactor = 0.248

// MARK: - Brus

/// Brus effective-mass model with the Coulomb term: E = Eg + ħ²π²/(2R²)·(1/me + 1/mh) − 1.786e²/(4πε₀εR)
/// [− 0.248 Ry*], R = d/2 (Brus, J. Chem. Phys. 80, 4403 (1984); Kayanuma, Phys. Rev. B 38, 9797 (1988)).
///
/// Parabolic bands and an infinite barrier: it overestimates the gap of small dots (CdSe at 2 nm by about
/// 2.4 eV, physics.md §3). The inverse is closed form (a quadratic in 1/R). The formula has a shallow minimum
/// below Eg at d ≈ 11·aB (the strong-confinement Coulomb term outgrows the kinetic term); it crosses the bulk
/// limit at d = 2A/B ≈ 5.5·aB, far above the validity range (2 nm … 2·aB), and results there are flagged `.aboveRange`.
public struct BrusModel: InvertibleConfinementModel {
    /// The bulk parameters the model was built from.
    public let parameters: EffectiveMassParameters
    /// Whether Kayanuma's −0.248 Ry* correlation term is included (it shifts every energy by a constant
    /// of a few meV for II–VI, and lowers the bulk limit by the same amount).
    public let includesKayanumaCorrection: Bool
    /// Kinetic coefficient A = ħ²π²/(2m₀)·(1/me + 1/mh), eV·nm² (E_kin = A/R²).
    public let kineticCoefficient: Double
    /// Coulomb coefficient B = 1.786·e²/(4πε₀ε), eV·nm (E_C = −B/R).
    public let coulombCoefficient: Double
    public let bulkLimitElectronvolts: Double
    public let maximumEnergyElectronvolts = Double.infinity
    /// Diameter 2A/B (nm) where the energy returns to the bulk limit; larger sizes fall below it.
    public let bulkCrossingDiameterNanometres: Double
    public let name: String
    public let citation = "Brus, J. Chem. Phys. 80, 4403 (1984); Kayanuma, Phys. Rev. B 38, 9797 (1988)"
    public let sizeDefinition = "diameter of a sphere (d = 2R)"
    public let validDiameterNanometres: ClosedRange<Double>

    /// - Throws: `PhysicsError.missingParameter` when the material lacks a gap, masses or ε.
    public init(material: Material, permittivity: PermittivityChoice = .staticPreferred, kayanumaCorrection: Bool = false) throws {
        let p = try EffectiveMassParameters(material: material, permittivity: permittivity)
        parameters = p
        includesKayanumaCorrection = kayanumaCorrection
        kineticCoefficient = PhysicalConstants.hbarSquaredOverTwoElectronMass * Double.pi * Double.pi
            * (1 / p.electronMass + 1 / p.holeMass)
        coulombCoefficient = brusCoulombFactor * PhysicalConstants.coulombElectronvoltNanometres / p.permittivity
        let effectiveRydberg = PhysicalConstants.rydbergElectronvolts * p.reducedMass / (p.permittivity * p.permittivity)
        bulkLimitElectronvolts = p.bulkGapElectronvolts - (kayanumaCorrection ? kayanumaCorrelationFactor * effectiveRydberg : 0)
        bulkCrossingDiameterNanometres = 2 * kineticCoefficient / coulombCoefficient
        name = "Brus 1984 (\(p.materialID), \(p.permittivityLabel) = \(p.permittivity)\(kayanumaCorrection ? ", −0.248 Ry*" : ""))"
        validDiameterNanometres = effectiveMassValidity(p)
    }

    /// E = E∞ + A/R² − B/R with R = d/2. - Complexity: O(1), no allocation.
    @inlinable public func energyUnchecked(diameterNanometres: Double) -> Double {
        let inverseRadius = 2 / diameterNanometres
        return bulkLimitElectronvolts + inverseRadius * (kineticCoefficient * inverseRadius - coulombCoefficient)
    }

    /// Closed form: 1/R = (B + √(B² + 4A·ΔE))/(2A), the root with R below the bulk crossing.
    @inlinable public func diameterUnchecked(energyElectronvolts: Double) -> Double {
        let excess = energyElectronvolts - bulkLimitElectronvolts
        let b = coulombCoefficient, a = kineticCoefficient
        let inverseRadius = (b + (b * b + 4 * a * excess).squareRoot()) / (2 * a)
        return 2 / inverseRadius
    }
}

// MARK: - Kane two-band

/// Effective-mass model with a non-parabolic (two-band Kane) conduction band: the electron level solves
/// E_e·(1 + E_e/Eg) = ħ²k²/(2me), k = π/R, i.e. m(E) = me·(1 + E/Eg) self-consistently; the hole stays
/// parabolic; the Coulomb term is Brus's −1.786e²/(4πε₀εR).
///
/// The self-consistent condition is a quadratic in E_e, so the forward map is closed form:
/// E_e = (Eg/2)·(√(1 + 4T_e/Eg) − 1) with T_e = ħ²π²/(2meR²). The inverse uses Brent's method on
/// [10⁻⁶ nm, d_c], d_c being where the curve crosses the bulk gap (computed once at construction).
/// It lowers Brus's small-size overestimate (CdSe MAE 124 → 76 nm vs Jasieniak, physics.md §3) but still
/// overestimates small dots. Non-parabolicity: Kane, J. Phys. Chem. Solids 1, 249 (1957); use in QDs e.g.
/// Efros & Rosen, Annu. Rev. Mater. Sci. 30, 475 (2000).
public struct KaneModel: InvertibleConfinementModel {
    /// The bulk parameters the model was built from.
    public let parameters: EffectiveMassParameters
    /// ħ²π²/(2m₀me), eV·nm² (parabolic electron kinetic energy × R²).
    public let electronKineticCoefficient: Double
    /// ħ²π²/(2m₀mh), eV·nm².
    public let holeKineticCoefficient: Double
    /// 1.786·e²/(4πε₀ε), eV·nm.
    public let coulombCoefficient: Double
    public let bulkLimitElectronvolts: Double
    public let maximumEnergyElectronvolts = Double.infinity
    /// Diameter (nm) where the energy falls back to the bulk gap (Coulomb term outgrowing confinement).
    public private(set) var bulkCrossingDiameterNanometres: Double
    public let name: String
    public let citation = "Kane, J. Phys. Chem. Solids 1, 249 (1957); Brus, J. Chem. Phys. 80, 4403 (1984)"
    public let sizeDefinition = "diameter of a sphere (d = 2R)"
    public let validDiameterNanometres: ClosedRange<Double>

    /// - Throws: `PhysicsError.missingParameter` when the material lacks a gap, masses or ε.
    public init(material: Material, permittivity: PermittivityChoice = .staticPreferred) throws {
        let p = try EffectiveMassParameters(material: material, permittivity: permittivity)
        parameters = p
        let pi2 = Double.pi * Double.pi * PhysicalConstants.hbarSquaredOverTwoElectronMass
        electronKineticCoefficient = pi2 / p.electronMass
        holeKineticCoefficient = pi2 / p.holeMass
        coulombCoefficient = brusCoulombFactor * PhysicalConstants.coulombElectronvoltNanometres / p.permittivity
        bulkLimitElectronvolts = p.bulkGapElectronvolts
        name = "Kane two-band (\(p.materialID), \(p.permittivityLabel) = \(p.permittivity))"
        validDiameterNanometres = effectiveMassValidity(p)
        // The crossing: confinement ~ 1/R² against Coulomb ~ 1/R; found numerically once.
        bulkCrossingDiameterNanometres = 0
        bulkCrossingDiameterNanometres = crossingDiameter(of: self)
    }

    /// E = Eg + (Eg/2)(√(1 + 4T_e/Eg) − 1) + T_h − B/R. - Complexity: O(1), no allocation.
    @inlinable public func energyUnchecked(diameterNanometres: Double) -> Double {
        let inverseRadius = 2 / diameterNanometres
        let inverseRadiusSquared = inverseRadius * inverseRadius
        let gap = bulkLimitElectronvolts
        let electronParabolic = electronKineticCoefficient * inverseRadiusSquared
        let electron = 0.5 * gap * ((1 + 4 * electronParabolic / gap).squareRoot() - 1)
        return gap + electron + holeKineticCoefficient * inverseRadiusSquared - coulombCoefficient * inverseRadius
    }

    /// Brent's method on [10⁻⁶ nm, d_c]; NaN if no root is bracketed (the checked API reports it).
    public func diameterUnchecked(energyElectronvolts: Double) -> Double {
        bracketedInverse(self, energyElectronvolts, lower: 1e-6, upper: bulkCrossingDiameterNanometres)
    }
}

// MARK: - Hyperbolic band

/// Hyperbolic-band model for lead salts (Wang, Suna, Mahler & Kasowski, J. Chem. Phys. 87, 7315 (1987)):
/// mirror two-band dispersion, E = √(Eg² + 2Eg·ħ²(π/R)²/m*), with m* = 2μ so that the parabolic limit
/// Eg + ħ²π²/(2μR²) is recovered (for PbS me ≈ mh, so m* ≈ either mass).
///
/// No Coulomb term: with εs ≈ 175–400 it is below 10 meV at 3 nm. Both directions are closed form. It still
/// overestimates the gap of small Pb-salt dots (PbS MAE 276 nm vs Moreels, physics.md §3) but far less than
/// Brus (619 nm); use it for PbTe, which has no published curve.
public struct HyperbolicBandModel: InvertibleConfinementModel {
    /// The bulk parameters the model was built from.
    public let parameters: EffectiveMassParameters
    /// 2·Eg·ħ²π²/m*, eV²·nm² (so E² = Eg² + C/R²).
    public let confinementCoefficient: Double
    public let bulkLimitElectronvolts: Double
    public let maximumEnergyElectronvolts = Double.infinity
    public let name: String
    public let citation = "Wang, Suna, Mahler & Kasowski, J. Chem. Phys. 87, 7315 (1987)"
    public let sizeDefinition = "diameter of a sphere (d = 2R)"
    public let validDiameterNanometres: ClosedRange<Double>

    /// - Throws: `PhysicsError.missingParameter` when the material lacks a gap or masses;
    ///   `PhysicsError.unsupportedModel` unless the material is a rock-salt lead salt (the model assumes the
    ///   mirror L-point bands of PbS, PbSe and PbTe).
    public init(material: Material) throws {
        guard material.structure == .rockSalt else {
            throw PhysicsError(
                .unsupportedModel,
                "The hyperbolic-band model is not available for \(material.id) (rule: it assumes the mirror conduction/valence bands of rock-salt lead salts PbS, PbSe, PbTe). Use the Kane or Brus model.")
        }
        let p = try EffectiveMassParameters(material: material)
        parameters = p
        let mStar = 2 * p.reducedMass
        // ħ²k²/m* = 2·(ħ²/2m₀)·k²/m*, k = π/R.
        confinementCoefficient = 2 * p.bulkGapElectronvolts * 2 * PhysicalConstants.hbarSquaredOverTwoElectronMass
            * Double.pi * Double.pi / mStar
        bulkLimitElectronvolts = p.bulkGapElectronvolts
        name = "Hyperbolic band (\(p.materialID))"
        validDiameterNanometres = effectiveMassValidity(p)
    }

    /// E = √(Eg² + C/R²). - Complexity: O(1), no allocation.
    @inlinable public func energyUnchecked(diameterNanometres: Double) -> Double {
        let inverseRadius = 2 / diameterNanometres
        return (bulkLimitElectronvolts * bulkLimitElectronvolts + confinementCoefficient * inverseRadius * inverseRadius).squareRoot()
    }

    /// R = √(C/(E² − Eg²)).
    @inlinable public func diameterUnchecked(energyElectronvolts: Double) -> Double {
        let gap = bulkLimitElectronvolts
        return 2 * (confinementCoefficient / (energyElectronvolts * energyElectronvolts - gap * gap)).squareRoot()
    }
}

// MARK: - Finite barrier

/// Finite-barrier effective-mass model, l = 0 (Nosaka, J. Phys. Chem. 95, 5054 (1991)): each carrier's level
/// solves kR·cot(kR) − 1 = −(m_in/m_out)(1 + κR), ħk = √(2m_in·E), ħκ = √(2m_out(V0 − E)); the exciton energy is
/// Eg + E_e + E_h − 1.786e²/(4πε₀εR).
///
/// Default barriers: the vacuum level, i.e. V0,e = −CB (the electron affinity χ) and V0,h = −VB (the
/// ionisation energy), with the free-electron mass outside. This is a deliberately simple choice: a real
/// ligand shell or matrix lowers the barriers; pass them explicitly for a known environment. With 4–7 eV
/// barriers the levels are a little below the infinite-barrier ones. A carrier with no bound state (tiny R)
/// sits at its barrier top. Each level is found by Brent's method in kR (per evaluation, no allocation);
/// the inverse is Brent's method in d over the monotone branch [d_peak, d_c] found at construction.
public struct FiniteBarrierModel: InvertibleConfinementModel {
    /// The bulk parameters the model was built from.
    public let parameters: EffectiveMassParameters
    /// Electron barrier height V0,e, eV.
    public let electronBarrierElectronvolts: Double
    /// Hole barrier height V0,h, eV.
    public let holeBarrierElectronvolts: Double
    /// Effective mass outside the dot, m₀.
    public let outsideMass: Double
    /// 1.786·e²/(4πε₀ε), eV·nm.
    public let coulombCoefficient: Double
    public let bulkLimitElectronvolts: Double
    /// Energy at `peakDiameterNanometres`, where the level saturation at V0 and the growing Coulomb term
    /// make the curve turn over; smaller sizes are outside the model's monotone branch.
    public private(set) var maximumEnergyElectronvolts: Double
    /// Smallest diameter of the monotone branch, nm.
    public private(set) var peakDiameterNanometres: Double
    /// Diameter (nm) where the energy falls back to the bulk gap.
    public private(set) var bulkCrossingDiameterNanometres: Double
    public let name: String
    public let citation = "Nosaka, J. Phys. Chem. 95, 5054 (1991)"
    public let sizeDefinition = "diameter of a sphere (d = 2R)"
    public private(set) var validDiameterNanometres: ClosedRange<Double>

    /// - Parameters:
    ///   - electronBarrierElectronvolts: V0 for the electron; default −CB (vacuum level).
    ///   - holeBarrierElectronvolts: V0 for the hole; default −VB (vacuum level).
    ///   - outsideMass: carrier mass outside, m₀ (default 1, free electron).
    /// - Throws: `PhysicsError.missingParameter` when the material lacks a gap, masses, ε or (without explicit
    ///   barriers) band edges; `PhysicsError.invalidValue` for a non-positive barrier or mass.
    public init(
        material: Material, electronBarrierElectronvolts: Double? = nil, holeBarrierElectronvolts: Double? = nil,
        outsideMass: Double = 1.0, permittivity: PermittivityChoice = .staticPreferred
    ) throws {
        let p = try EffectiveMassParameters(material: material, permittivity: permittivity)
        func barrier(_ explicit: Double?, _ edge: Sourced<Double>?, _ what: String) throws -> Double {
            if let explicit {
                guard explicit.isFinite, explicit > 0 else {
                    throw PhysicsError(.invalidValue, "\(what) barrier \(explicit) eV is not valid (rule: a finite barrier > 0 eV). Pass the band offset to the surrounding medium.")
                }
                return explicit
            }
            guard let e = edge?.value, e < 0 else {
                throw PhysicsError(.missingParameter, "\(material.id) has no \(what.lowercased()) band edge vs vacuum (rule: the default finite barrier is the offset to the vacuum level). Pass \(what.lowercased())BarrierElectronvolts explicitly.")
            }
            return -e
        }
        guard outsideMass.isFinite, outsideMass > 0 else {
            throw PhysicsError(.invalidValue, "Outside mass \(outsideMass) m₀ is not valid (rule: a finite mass > 0). Pass 1 for vacuum or the ligand's effective mass.")
        }
        parameters = p
        self.electronBarrierElectronvolts = try barrier(electronBarrierElectronvolts, material.conductionBandEdgeElectronvolts, "Electron")
        self.holeBarrierElectronvolts = try barrier(holeBarrierElectronvolts, material.valenceBandEdgeElectronvolts, "Hole")
        self.outsideMass = outsideMass
        coulombCoefficient = brusCoulombFactor * PhysicalConstants.coulombElectronvoltNanometres / p.permittivity
        bulkLimitElectronvolts = p.bulkGapElectronvolts
        name = "Finite barrier (\(p.materialID), V0 e/h = \(ConfinementText.fixed(self.electronBarrierElectronvolts, digits: 2))/\(ConfinementText.fixed(self.holeBarrierElectronvolts, digits: 2)) eV)"
        let massValidity = effectiveMassValidity(p)
        // Placeholders so `self` is complete before the numerical set-up uses `energyUnchecked`.
        maximumEnergyElectronvolts = .infinity
        peakDiameterNanometres = 0
        bulkCrossingDiameterNanometres = 0
        validDiameterNanometres = massValidity
        // The turnover: scan 0.05–massValidity.lowerBound nm on a log grid and keep the maximum.
        var bestDiameter = 0.05, bestEnergy = -Double.infinity
        let steps = 400
        for i in 0...steps {
            let d = 0.05 * pow(massValidity.lowerBound / 0.05, Double(i) / Double(steps))
            let e = energyUnchecked(diameterNanometres: d)
            if e > bestEnergy { bestEnergy = e; bestDiameter = d }
        }
        peakDiameterNanometres = bestDiameter
        maximumEnergyElectronvolts = bestEnergy
        validDiameterNanometres = max(massValidity.lowerBound, bestDiameter)...massValidity.upperBound
        bulkCrossingDiameterNanometres = crossingDiameter(of: self)
    }

    /// E = Eg + E_e(R) + E_h(R) − B/R, each level from Nosaka's l = 0 condition.
    /// - Complexity: two scalar root solves (≈ 10–20 evaluations each), no allocation.
    public func energyUnchecked(diameterNanometres: Double) -> Double {
        let radius = diameterNanometres / 2
        let electron = Self.level(radius: radius, barrier: electronBarrierElectronvolts, insideMass: parameters.electronMass, outsideMass: outsideMass)
        let hole = Self.level(radius: radius, barrier: holeBarrierElectronvolts, insideMass: parameters.holeMass, outsideMass: outsideMass)
        return bulkLimitElectronvolts + electron + hole - coulombCoefficient / radius
    }

    /// Brent's method on [d_peak, d_c]; NaN if no root is bracketed (the checked API reports it).
    public func diameterUnchecked(energyElectronvolts: Double) -> Double {
        bracketedInverse(self, energyElectronvolts, lower: peakDiameterNanometres, upper: bulkCrossingDiameterNanometres)
    }

    /// Ground (l = 0) level of one carrier in a spherical well of radius `radius` nm and depth `barrier` eV.
    ///
    /// With x = kR, u0² = 2m_in·V0·R²/ħ² and r = m_in/m_out the condition reads
    /// g(x) = x·cot x − 1 + r·(1 + √((u0² − x²)/r)) = 0 on 0 < x < min(π, u0); g > 0 at x → 0 and g → −∞ at
    /// x → π, so the root is bracketed whenever the state is bound. Returns `barrier` for no bound state.
    static func level(radius: Double, barrier: Double, insideMass: Double, outsideMass: Double) -> Double {
        let scale = PhysicalConstants.hbarSquaredOverTwoElectronMass / (insideMass * radius * radius)  // E = scale·x²
        let u0Squared = barrier / scale
        let ratio = insideMass / outsideMass
        func g(_ x: Double) -> Double {
            x / tan(x) - 1 + ratio * (1 + max(0, (u0Squared - x * x) / ratio).squareRoot())
        }
        let u0 = u0Squared.squareRoot()
        let upper = min(Double.pi * (1 - 1e-12), u0)
        if upper < .pi * (1 - 1e-12), g(upper) >= 0 { return barrier }
        let lower = 1e-9 * upper
        guard let x = try? RootFinding.brent(lower: lower, upper: upper, absoluteTolerance: 1e-14, g) else { return barrier }
        return scale * x * x
    }
}

// MARK: - Shared numerics

/// Diameter (nm) where `model`'s energy falls to its bulk limit, found by doubling from 1 nm and refining
/// with Brent's method; `.infinity` when no crossing exists below 10⁷ nm.
func crossingDiameter(of model: some ConfinementModel & InvertibleConfinementModel) -> Double {
    let bulk = model.bulkLimitElectronvolts
    var upper = 1.0
    while model.energyUnchecked(diameterNanometres: upper) > bulk {
        upper *= 2
        if upper > 1e7 { return .infinity }
    }
    let root = try? RootFinding.brent(lower: upper / 2, upper: upper, absoluteTolerance: 1e-12 * upper) {
        model.energyUnchecked(diameterNanometres: $0) - bulk
    }
    return root ?? upper
}

/// Inverse by Brent's method on [lower, upper] (the model's monotone branch); NaN when not bracketed.
func bracketedInverse(_ model: some ConfinementModel, _ energy: Double, lower: Double, upper: Double) -> Double {
    let top = upper.isFinite ? upper : 1e7
    let root = try? RootFinding.brent(lower: lower, upper: top, absoluteTolerance: 1e-13 * max(1, lower), maxIterations: 400) {
        model.energyUnchecked(diameterNanometres: $0) - energy
    }
    return root ?? .nan
}
