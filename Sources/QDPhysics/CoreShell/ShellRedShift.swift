import Foundation
import QDCore

/// First-order effective-mass estimate of how a shell moves the first exciton of a core.
///
/// Each carrier is a particle in a spherically symmetric step potential (l = 0): 0 in the core (r < R, mass
/// m_core), the band offset V in the shell (R < r < R + H, mass m_shell), and an infinite wall at R + H
/// (ligands and solvent are a barrier of several eV). V is the CBO for the electron and the VBO for the hole
/// (`BandAlignment` signs: positive confines to the core; negative makes the shell a well). With u = r·ψ the
/// BenDaniel–Duke conditions (ψ and ψ′/m continuous) give, at r = R,
///   (1/m_c)(u_c′/u_c − 1/R) = (1/m_s)(u_s′/u_s − 1/R),
/// the same condition as Nosaka, *J. Phys. Chem.* 95, 5054 (1991) (physics.md §2), here written multiplied
/// through by u_c·u_s (with sin(kr)/k-type functions) so it has no poles, and solved for the lowest root by a
/// scan plus Brent's method. The reference is the bare core with an infinite wall at R, E = ħ²π²/(2m_cR²).
/// The shift of each carrier is E_bare − E_core/shell (> 0: red shift); the exciton moves by their sum.
///
/// Mass calibration (`MassCalibration.matchSizingModel`, default): parabolic effective-mass energies are
/// 2–3× too large in 2–4 nm cores (physics.md §3), which would overstate the shift. All masses are therefore
/// multiplied by one factor s so that the bare-core electron + hole energy equals the sizing model's
/// confinement energy E₁ₛ(d) − Eg + 1.786e²/(4πε₀εR) (Coulomb term restored when εs is known). This is a crude
/// stand-in for band non-parabolicity; use `.bulk` to see the raw effective-mass number.
/// Neglected: the change of the Coulomb energy, strain, interface alloying and dielectric effects. Expect the
/// right sign and order of magnitude (tens of meV for thin type-I shells, ~0.1–0.3 eV for CdSe/CdS), not
/// better than ±50 %.
public enum ShellRedShift {
    /// How the effective masses are set.
    public enum MassCalibration: String, Sendable, Codable {
        /// Bulk masses as tabulated.
        case bulk
        /// Bulk masses scaled by a common factor so the bare core reproduces the sizing model (default).
        case matchSizingModel
    }

    /// Result of the estimate.
    public struct Estimate: Sendable, Codable, Equatable {
        /// First exciton of the bare core from the sizing model, eV and nm.
        public let coreEnergyElectronvolts: Double
        public let coreWavelengthNanometres: Double
        /// Estimated first exciton of the core/shell particle, eV and nm.
        public let coreShellEnergyElectronvolts: Double
        public let coreShellWavelengthNanometres: Double
        /// Electron and hole contributions to the red shift, eV (positive = redder).
        public let electronShiftElectronvolts: Double
        public let holeShiftElectronvolts: Double
        /// λ_core/shell − λ_core, nm (positive = red shift).
        public let shiftNanometres: Double
        /// The common mass factor used (1 for `.bulk`).
        public let massScale: Double
    }

    /// Ground-state energy (eV, relative to the core band edge) of one carrier in the core/shell step well.
    ///
    /// - Parameters: core radius R and shell thickness H in nm, masses in m₀, offset V in eV (may be negative).
    /// - Throws: `PhysicsError.invalidValue` for non-positive R or masses, negative H or non-finite V.
    /// - Complexity: a 2000-point scan plus Brent, O(1) per evaluation.
    public static func groundStateElectronvolts(
        coreRadiusNanometres r: Double, shellThicknessNanometres h: Double,
        coreMass mc: Double, shellMass ms: Double, offsetElectronvolts v: Double
    ) throws -> Double {
        guard r.isFinite, r > 0, h.isFinite, h >= 0, mc.isFinite, mc > 0, ms.isFinite, ms > 0, v.isFinite else {
            throw PhysicsError(.invalidValue, "Core radius \(r) nm, shell \(h) nm, masses \(mc)/\(ms) m₀ and offset \(v) eV are not valid (rule: radius and masses > 0, thickness ≥ 0, all finite). Check the materials' effective masses.")
        }
        let c = PhysicalConstants.hbarSquaredOverTwoElectronMass
        let bare = c * Double.pi * Double.pi / (mc * r * r)
        if h == 0 { return bare }
        let outer = r + h
        // Wave functions normalised as sin(kx)/k so they stay finite as k → 0 (no pole at E = 0 or E = V).
        func sinc(_ e: Double, mass: Double, x: Double) -> (u: Double, du: Double) {
            let q2 = e * mass / c
            if q2 > 0 {
                let q = q2.squareRoot()
                return (sin(q * x) / q, cos(q * x))
            } else if q2 < 0 {
                let q = (-q2).squareRoot()
                return (sinh(q * x) / q, cosh(q * x))
            }
            return (x, 1)
        }
        func mismatch(_ e: Double) -> Double {
            let core = sinc(e, mass: mc, x: r)                         // u_c(R), u_c′(R)
            let shellLocal = sinc(e - v, mass: ms, x: outer - r)        // s(R) with s(R + H) = 0
            let us = shellLocal.u, dus = -shellLocal.du
            return (core.du * us - core.u * us / r) / mc - (dus * core.u - core.u * us / r) / ms
        }
        // Upper bound: the variational energy of a trial state confined to the core or to the shell alone.
        let shellOnly = v + c * Double.pi * Double.pi / (ms * h * h)
        let upper = min(bare, shellOnly) * (1 + 1e-9) + 1e-9
        let lower = min(0, v)
        let steps = 2000
        var previousE = lower, previous = mismatch(lower)
        for i in 1...steps {
            let e = lower + (upper - lower) * Double(i) / Double(steps)
            let value = mismatch(e)
            if value == 0 { return e }
            if (value < 0) != (previous < 0) {
                do {
                    return try RootFinding.brent(lower: previousE, upper: e, absoluteTolerance: 1e-12, mismatch)
                } catch {
                    throw PhysicsError(.outOfDomain, "Core/shell well solve failed between \(previousE) and \(e) eV: \(error).")
                }
            }
            previousE = e
            previous = value
        }
        throw PhysicsError(.outOfDomain, "No bound state found below \(upper) eV for R = \(r) nm, H = \(h) nm, V = \(v) eV (rule: the variational bound guarantees one). Report this case.")
    }

    /// Red shift of the first exciton when `shell` (thickness `shellThicknessNanometres`) is grown on a core
    /// of `core` with diameter `coreDiameterNanometres`, whose bare first exciton comes from `coreModel`.
    /// - Throws: `PhysicsError.missingParameter` when masses, band edges or (for calibration) the bulk gap are
    ///   missing; `.invalidValue` for a bad diameter or thickness; `.outOfDomain` if the sizing model's
    ///   confinement energy is not positive (calibration impossible).
    public static func estimate(
        core: Material, shell: Material, coreDiameterNanometres d: Double, shellThicknessNanometres h: Double,
        coreModel: any ConfinementModel, calibration: MassCalibration = .matchSizingModel
    ) throws -> Estimate {
        guard h.isFinite, h >= 0 else {
            throw PhysicsError(.invalidValue, "Shell thickness \(h) nm is not valid (rule: finite ≥ 0 nm; 0 means no shell). Pass the shell thickness in nanometres.")
        }
        let first = try coreModel.firstExciton(diameterNanometres: d)
        func masses(_ m: Material) throws -> (e: Double, h: Double) {
            guard let me = m.electronMass?.value, let mh = m.holeMass?.value else {
                throw PhysicsError(.missingParameter, "\(m.id) has no electron/hole effective mass (rule: the shell red-shift estimate needs both, for core and shell). Choose a material with tabulated masses.")
            }
            return (me, mh)
        }
        let alignment = try BandAlignment(core: core, shell: shell)
        var coreMasses = try masses(core), shellMasses = try masses(shell)
        let r = d / 2
        let c = PhysicalConstants.hbarSquaredOverTwoElectronMass
        var scale = 1.0
        if calibration == .matchSizingModel {
            guard let gap = core.bulkGapElectronvolts?.value else {
                throw PhysicsError(.missingParameter, "\(core.id) has no bulk gap (rule: mass calibration needs E₁ₛ − Eg). Use calibration .bulk.")
            }
            var target = first.energyElectronvolts - gap
            if let eps = core.staticPermittivity?.value { target += 1.786 * PhysicalConstants.coulombElectronvoltNanometres / (eps * r) }
            guard target > 0 else {
                throw PhysicsError(.outOfDomain, "Sizing model \(coreModel.name) gives no confinement energy at d = \(d) nm (E₁ₛ − Eg = \(first.energyElectronvolts - gap) eV), so masses cannot be calibrated. Use calibration .bulk.")
            }
            let bareSum = c * Double.pi * Double.pi / (r * r) * (1 / coreMasses.e + 1 / coreMasses.h)
            scale = bareSum / target
            coreMasses = (coreMasses.e * scale, coreMasses.h * scale)
            shellMasses = (shellMasses.e * scale, shellMasses.h * scale)
        }
        func shift(coreMass: Double, shellMass: Double, offset: Double) throws -> Double {
            let bare = c * Double.pi * Double.pi / (coreMass * r * r)
            return bare - (try groundStateElectronvolts(
                coreRadiusNanometres: r, shellThicknessNanometres: h, coreMass: coreMass, shellMass: shellMass,
                offsetElectronvolts: offset))
        }
        let de = try shift(coreMass: coreMasses.e, shellMass: shellMasses.e, offset: alignment.conductionBandOffsetElectronvolts)
        let dh = try shift(coreMass: coreMasses.h, shellMass: shellMasses.h, offset: alignment.valenceBandOffsetElectronvolts)
        let eCore = first.energyElectronvolts
        let eCS = eCore - de - dh
        guard eCS > 0 else {
            throw PhysicsError(.outOfDomain, "Estimated core/shell transition \(eCS) eV is not positive for \(core.id)/\(shell.id) (d = \(d) nm, H = \(h) nm): the effective-mass picture has broken down. Use a thinner shell or measured data.")
        }
        let hc = PhysicalConstants.hcElectronvoltNanometres
        return Estimate(
            coreEnergyElectronvolts: eCore, coreWavelengthNanometres: hc / eCore,
            coreShellEnergyElectronvolts: eCS, coreShellWavelengthNanometres: hc / eCS,
            electronShiftElectronvolts: de, holeShiftElectronvolts: dh,
            shiftNanometres: hc / eCS - hc / eCore, massScale: scale)
    }
}
