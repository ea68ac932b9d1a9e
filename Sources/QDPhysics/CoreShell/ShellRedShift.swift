import Foundation
import QDCore

/// First-order effective-mass estimate of how a shell moves the first exciton of a core.
///
/// Each carrier is a particle in a spherically symmetric three-step potential (l = 0): 0 in the core
/// (r < R, mass m_core), the band offset V in the shell (R < r < R + H, mass m_shell) and an outer barrier
/// V_out (ligands and solvent, free-electron mass) beyond. V is the CBO for the electron and the VBO for the
/// hole (`BandAlignment` signs: positive confines to the core; negative makes the shell a well). With u = r·ψ
/// the BenDaniel–Duke conditions (ψ and ψ′/m continuous) are imposed at both interfaces: the decaying outer
/// solution is carried inward through the shell analytically, and at r = R
///   (1/m_c)(u_c′/u_c − 1/R) = (1/m_s)(u_s′/u_s − 1/R),
/// the condition of Nosaka, *J. Phys. Chem.* 95, 5054 (1991) (physics.md §2) for a thick shell, written
/// multiplied through by u_c·u_s (with sin(kr)/k-type functions) so it has no poles. The lowest root is found
/// by a scan plus Brent's method. The reference is the same bare core (no shell) in the same outer barrier;
/// the shift of each carrier is E_bare − E_core/shell (> 0: red shift) and the exciton moves by their sum.
///
/// Outer barrier: 4 eV with mass 1 m₀ by default (`defaultOuterBarrierElectronvolts`), QDLab's choice of a
/// typical organic-ligand/solvent barrier of several eV; the tests check that the shifts change little
/// between 3 and 6 eV. An infinite outer barrier is allowed.
///
/// Mass calibration (`MassCalibration.matchSizingModel`, default): parabolic effective-mass energies are
/// 2–3× too large in 2–4 nm cores (physics.md §3), which would overstate the shift. The core masses are
/// therefore multiplied by one factor s so that the bare core's electron + hole energies equal the sizing
/// model's confinement energy E₁ₛ(d) − Eg + 1.786e²/(4πε₀εR) (Coulomb term restored when εs is known). This
/// is a crude stand-in for band non-parabolicity, applied to the core only (where the carriers' kinetic energy
/// is high); use `.bulk` to see the raw effective-mass number.
/// Neglected: the change of the Coulomb energy, strain, interface alloying, cation exchange (PbS/CdS shrinks
/// the core) and dielectric effects. Not validated against measured shifts: expect the right sign and order of
/// magnitude. Light-electron cores (InP, m_e = 0.08) leak strongly in this picture and the shift is likely
/// overestimated; type-I shifts depend on the outer barrier (see docs/physics-optics.md).
public enum ShellRedShift {
    /// How the effective masses are set.
    public enum MassCalibration: String, Sendable, Codable {
        /// Bulk masses as tabulated.
        case bulk
        /// Core masses scaled by a common factor so the bare core reproduces the sizing model (default).
        case matchSizingModel
    }

    /// Default outer (ligand/solvent) barrier, eV, for both carriers.
    public static let defaultOuterBarrierElectronvolts = 4.0

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
        /// The factor applied to the core masses (1 for `.bulk`).
        public let massScale: Double
    }

    /// Ground-state energy (eV, relative to the core band edge) of one carrier in the core/shell/outside well.
    ///
    /// - Parameters: core radius R and shell thickness H in nm, masses in m₀, shell offset V in eV (may be
    ///   negative), outer barrier V_out in eV (`.infinity` for a hard wall at R + H) with mass `outerMass`.
    /// - Throws: `PhysicsError.invalidValue` for non-positive R, masses or outer barrier, negative H or
    ///   non-finite V; `.outOfDomain` when no state is bound below the outer barrier (the message names it).
    /// - Complexity: a 2000-point scan plus Brent, O(1) per evaluation.
    public static func groundStateElectronvolts(
        coreRadiusNanometres r: Double, shellThicknessNanometres h: Double,
        coreMass mc: Double, shellMass ms: Double, offsetElectronvolts v: Double,
        outerBarrierElectronvolts vOut: Double = .infinity, outerMass: Double = 1
    ) throws -> Double {
        guard r.isFinite, r > 0, h.isFinite, h >= 0, mc.isFinite, mc > 0, ms.isFinite, ms > 0, v.isFinite,
              vOut > 0, !vOut.isNaN, outerMass.isFinite, outerMass > 0 else {
            throw PhysicsError(.invalidValue, "Core radius \(r) nm, shell \(h) nm, masses \(mc)/\(ms)/\(outerMass) m₀, offset \(v) eV and outer barrier \(vOut) eV are not valid (rule: radius, masses and outer barrier > 0, thickness ≥ 0, offset finite). Check the materials' effective masses.")
        }
        guard v < vOut else {
            throw PhysicsError(.outOfDomain, "Shell offset \(v) eV is not below the outer barrier \(vOut) eV (rule: the shell must lie inside the ligand barrier). Raise the outer barrier.")
        }
        let c = PhysicalConstants.hbarSquaredOverTwoElectronMass
        let bare = c * Double.pi * Double.pi / (mc * r * r)
        if h == 0, vOut == .infinity { return bare }
        // With no shell, the outer medium touches the core directly.
        let (shellMass, shellOffset, thickness) = h == 0 ? (outerMass, vOut, 0.0) : (ms, v, h)
        let outer = r + thickness
        func mismatch(_ e: Double) -> Double {
            // Outer decaying solution at L = R + H, expressed as the shell's value and slope there.
            var uL: Double, duL: Double
            if vOut == .infinity {
                (uL, duL) = (0, -1)
            } else if h == 0 {
                (uL, duL) = (1, -((vOut - e) * outerMass / c).squareRoot())
            } else {
                let kappa = ((vOut - e) * outerMass / c).squareRoot()
                (uL, duL) = (1, 1 / outer + (shellMass / outerMass) * (-kappa - 1 / outer))
            }
            // Carry (u, u′) from L inward to R through the shell (Δ = −H). Growing solutions are divided by
            // cosh(κH), a positive factor, so deep barriers do not overflow.
            var us = uL, dus = duL
            if thickness > 0 {
                let q2 = (e - shellOffset) * shellMass / c
                if q2 > 0 {
                    let q = q2.squareRoot(), x = q * thickness
                    (us, dus) = (uL * cos(x) - duL * sin(x) / q, uL * q * sin(x) + duL * cos(x))
                } else if q2 < 0 {
                    let q = (-q2).squareRoot(), t = tanh(q * thickness)
                    (us, dus) = (uL - duL * t / q, -uL * q * t + duL)
                } else {
                    (us, dus) = (uL - duL * thickness, duL)
                }
            }
            // Core solution sin(kr)/k (or tanh-scaled sinh for E < 0), finite as k → 0.
            let k2 = e * mc / c
            var uc = r, duc = 1.0
            if k2 > 0 {
                let k = k2.squareRoot()
                (uc, duc) = (sin(k * r) / k, cos(k * r))
            } else if k2 < 0 {
                let k = (-k2).squareRoot()
                (uc, duc) = (tanh(k * r) / k, 1)
            }
            return (duc * us - uc * us / r) / mc - (dus * uc - uc * us / r) / shellMass
        }
        // Upper bound: the variational energy of a trial state confined to the core or to the shell alone.
        var upper = bare
        if h > 0 { upper = min(upper, v + c * Double.pi * Double.pi / (ms * h * h)) }
        upper = min(upper * (1 + 1e-9) + 1e-9, vOut * (1 - 1e-12))
        let lower = min(0, shellOffset)
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
        throw PhysicsError(.outOfDomain, "No state bound below \(upper) eV for R = \(r) nm, H = \(h) nm, V = \(v) eV, outer barrier \(vOut) eV (rule: the carrier must be bound inside the ligand barrier). Raise the outer barrier or use a larger core.")
    }

    /// Red shift of the first exciton when `shell` (thickness `shellThicknessNanometres`) is grown on a core
    /// of `core` with diameter `coreDiameterNanometres`, whose bare first exciton comes from `coreModel`.
    /// - Throws: `PhysicsError.missingParameter` when masses, band edges or (for calibration) the bulk gap are
    ///   missing; `.invalidValue` for a bad diameter, thickness or outer barrier; `.outOfDomain` if the sizing
    ///   model's confinement energy is not positive or cannot be matched (calibration impossible).
    public static func estimate(
        core: Material, shell: Material, coreDiameterNanometres d: Double, shellThicknessNanometres h: Double,
        coreModel: any ConfinementModel, calibration: MassCalibration = .matchSizingModel,
        outerBarrierElectronvolts vOut: Double = defaultOuterBarrierElectronvolts
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
        let coreMasses = try masses(core), shellMasses = try masses(shell)
        let r = d / 2
        // Bare-core energy of one carrier; a carrier too light to be bound counts as sitting at the barrier top,
        // which keeps the calibration function monotonic in the mass scale.
        func bare(_ mass: Double) -> Double {
            (try? groundStateElectronvolts(
                coreRadiusNanometres: r, shellThicknessNanometres: 0, coreMass: mass, shellMass: 1,
                offsetElectronvolts: 0, outerBarrierElectronvolts: vOut)) ?? vOut
        }
        func bareSum(_ scale: Double) -> Double { bare(coreMasses.e * scale) + bare(coreMasses.h * scale) }
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
            // bareSum decreases with the mass scale; solve in ln(scale) over [1/20, 50].
            do {
                let logScale = try RootFinding.brent(lower: log(0.05), upper: log(50), absoluteTolerance: 1e-10) {
                    bareSum(exp($0)) - target
                }
                scale = exp(logScale)
            } catch {
                throw PhysicsError(.outOfDomain, "Could not scale the \(core.id) masses to reproduce \(coreModel.name) at d = \(d) nm (target confinement \(target) eV): \(error). Use calibration .bulk.")
            }
        }
        func shift(coreMass: Double, shellMass: Double, offset: Double) throws -> Double {
            let bare = try groundStateElectronvolts(
                coreRadiusNanometres: r, shellThicknessNanometres: 0, coreMass: coreMass, shellMass: 1,
                offsetElectronvolts: 0, outerBarrierElectronvolts: vOut)
            return bare - (try groundStateElectronvolts(
                coreRadiusNanometres: r, shellThicknessNanometres: h, coreMass: coreMass, shellMass: shellMass,
                offsetElectronvolts: offset, outerBarrierElectronvolts: vOut))
        }
        let de = try shift(coreMass: coreMasses.e * scale, shellMass: shellMasses.e, offset: alignment.conductionBandOffsetElectronvolts)
        let dh = try shift(coreMass: coreMasses.h * scale, shellMass: shellMasses.h, offset: alignment.valenceBandOffsetElectronvolts)
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
