import Foundation
import QDCore
import Testing
@testable import QDPhysics

@Suite("Core/shell: band alignment, lattice mismatch, shell red shift")
struct CoreShellTests {
    static func pair(_ core: String, _ shell: String) throws -> (Material, Material) {
        (try OpticsFixture.material(core), try OpticsFixture.material(shell))
    }

    /// physics.md §1 classifications from its band edges; offsets are differences of two-decimal edges, so
    /// 1e-9 covers floating-point rounding.
    @Test("Literature alignments from Anderson's-rule edges", arguments: [
        ("CdSe", "ZnS", BandAlignment.Kind.typeI), ("CdSe", "ZnSe", .typeI), ("InP", "ZnS", .typeI), ("InP", "ZnSe", .typeI),
        ("CdSe", "CdS", .quasiTypeII), ("CdTe", "CdSe", .typeII), ("ZnSe", "CdS", .typeII), ("InP", "CdS", .typeII),
        ("ZnS", "CdSe", .inverseTypeI),
    ])
    func alignments(core: String, shell: String, expected: BandAlignment.Kind) throws {
        let (c, s) = try Self.pair(core, shell)
        #expect(try BandAlignment(core: c, shell: s).kind == expected)
    }

    @Test("CdSe/ZnS offsets are CBO 1.05 eV and VBO 0.89 eV")
    func cdseZnSOffsets() throws {
        let (c, s) = try Self.pair("CdSe", "ZnS")
        let a = try BandAlignment(core: c, shell: s)
        #expect(abs(a.conductionBandOffsetElectronvolts - 1.05) < 1e-9)
        #expect(abs(a.valenceBandOffsetElectronvolts - 0.89) < 1e-9)
        #expect(a.electron == .core && a.hole == .core)
    }

    /// CdSe/CdS: CBO 0.16 eV < 0.2 eV threshold → electron delocalised; with a 0.1 eV threshold it counts as
    /// a barrier and the pair becomes type I: the threshold is the only thing deciding.
    @Test("CdSe/CdS is quasi-type II because the electron offset is below the threshold")
    func cdseCdSThreshold() throws {
        let (c, s) = try Self.pair("CdSe", "CdS")
        let a = try BandAlignment(core: c, shell: s)
        #expect(abs(a.conductionBandOffsetElectronvolts - 0.16) < 1e-9)
        #expect(a.electron == .delocalised && a.hole == .core)
        #expect(try BandAlignment(core: c, shell: s, thresholdElectronvolts: 0.1).kind == .typeI)
        #expect(throws: PhysicsError.self) { try BandAlignment(core: c, shell: s, thresholdElectronvolts: -0.1) }
    }

    /// The hole threshold is the electron's scaled by m_e/m_h of the core (CdSe: 0.2 × 0.13/0.45 = 0.0578 eV),
    /// which makes CdSe/ZnSe (VBO 0.10 eV) type I as reported.
    @Test("Hole threshold scales with the mass ratio")
    func holeThreshold() throws {
        let (c, s) = try Self.pair("CdSe", "ZnSe")
        let a = try BandAlignment(core: c, shell: s)
        #expect(abs(a.holeThresholdElectronvolts - 0.2 * 0.13 / 0.45) < 1e-12)
        #expect(a.electronThresholdElectronvolts == 0.2)
        #expect(a.hole == .core)
        // One explicit threshold applies to both carriers: at 0.2 eV the 0.10 eV hole step no longer confines.
        #expect(try BandAlignment(core: c, shell: s, thresholdElectronvolts: 0.2).kind == .quasiTypeII)
    }

    @Test("Type II separates the carriers: CdTe/CdSe electron in the shell, hole in the core")
    func cdteCdSe() throws {
        let (c, s) = try Self.pair("CdTe", "CdSe")
        let a = try BandAlignment(core: c, shell: s)
        #expect(a.electron == .shell && a.hole == .core)
        #expect(a.conductionBandOffsetElectronvolts < 0)
    }

    @Test("A material without band edges is a missing parameter")
    func missingEdges() throws {
        let (c, s) = try Self.pair("C-dots", "ZnS")
        do {
            _ = try BandAlignment(core: c, shell: s)
            Issue.record("accepted carbon dots")
        } catch let error as PhysicsError {
            #expect(error.kind == .missingParameter && error.message.contains("C-dots"))
        }
    }

    /// InP/ZnS: (5.41 − 5.869)/5.869 = −7.82 %; tolerance 1e-4 absolute (two-decimal lattice constants).
    @Test("InP/ZnS lattice mismatch ≈ −7.8 %, high strain with a warning")
    func inpZnSMismatch() throws {
        let (c, s) = try Self.pair("InP", "ZnS")
        let m = try LatticeMismatch(core: c, shell: s, shellThicknessNanometres: 1)
        #expect(abs(m.mismatch - (5.41 - 5.869) / 5.869) < 1e-12)
        #expect(abs(m.mismatch + 0.0782) < 1e-4)
        #expect(m.level == .high)
        #expect(m.criticalThicknessNanometres == 0)
        let warning = try #require(m.warning)
        #expect(warning.contains("-7.8 %") && warning.contains("ZnSe") && warning.contains("first monolayer"))
        // A bare core (zero thickness) is allowed and carries no warning.
        #expect(try LatticeMismatch(core: c, shell: s, shellThicknessNanometres: 0).warning == nil)
    }

    /// The Matthews–Blakeslee thickness solves h = K(ln(h/b) + 1) with K = b(1 − ν/4)/(4π|f|(1 + ν)), ν = 1/3,
    /// b = a_shell/√2: checked by substitution (Brent to 1e-9 nm), and it shrinks as the mismatch grows.
    @Test("Critical thickness satisfies the Matthews–Blakeslee equation")
    func criticalThickness() throws {
        let (c, s) = try Self.pair("CdSe", "CdS")
        let m = try LatticeMismatch(core: c, shell: s, shellThicknessNanometres: 3)
        #expect(m.level == .moderate)
        let hc = try #require(m.criticalThicknessNanometres)
        let aShell = try #require(s.latticeConstantAngstrom?.value)
        let b = aShell / 2.squareRoot() / 10, nu = 1.0 / 3
        let k = b * (1 - nu / 4) / (4 * Double.pi * abs(m.mismatch) * (1 + nu))
        #expect(abs(hc - k * (log(hc / b) + 1)) < 1e-8)
        #expect(hc > b)
        #expect(m.warning != nil)   // 3 nm of CdS exceeds the planar estimate
        let smaller = try LatticeMismatch.matthewsBlakeslee(mismatch: 0.02, shellLatticeAngstrom: aShell)
        #expect(try #require(smaller) > hc)
    }

    @Test("Negative or NaN shell thickness is rejected", arguments: [-0.5, Double.nan])
    func badThickness(thickness: Double) throws {
        let (c, s) = try Self.pair("InP", "ZnS")
        do {
            _ = try LatticeMismatch(core: c, shell: s, shellThicknessNanometres: thickness)
            Issue.record("accepted \(thickness)")
        } catch let error as PhysicsError {
            #expect(error.kind == .invalidValue && error.message.contains("Shell thickness"))
        }
        let model = PublishedCurve.jasieniakCdSe
        #expect(throws: PhysicsError.self) {
            try ShellRedShift.estimate(core: c, shell: s, coreDiameterNanometres: 3, shellThicknessNanometres: thickness, coreModel: model)
        }
    }

    /// Flat potential and equal masses: the particle fills a sphere of radius R + H, E = (ħ²/2m)π²/(R + H)².
    /// Brent to 1e-12 eV: tolerance 1e-9 relative.
    @Test("Step well with no step is a sphere of the outer radius")
    func flatWell() throws {
        let e = try ShellRedShift.groundStateElectronvolts(coreRadiusNanometres: 1.5, shellThicknessNanometres: 1, coreMass: 0.13, shellMass: 0.13, offsetElectronvolts: 0)
        let expected = PhysicalConstants.hbarSquaredOverTwoElectronMass * Double.pi * Double.pi / (0.13 * 2.5 * 2.5)
        #expect(abs(e / expected - 1) < 1e-9)
    }

    /// Thick shell with a positive step: the outer wall is irrelevant (e^(−2κH) ≈ e^−60) and the energy must
    /// satisfy the independent Nosaka (1991) finite-barrier condition kR·cot(kR) − 1 = −(m_in/m_out)(1 + κR),
    /// solved here directly by Brent: tolerance 1e-8 relative.
    @Test("Thick barrier reproduces Nosaka's finite-barrier condition")
    func nosaka() throws {
        let r = 1.5, mIn = 0.13, mOut = 0.28, v = 1.05
        let e = try ShellRedShift.groundStateElectronvolts(coreRadiusNanometres: r, shellThicknessNanometres: 15, coreMass: mIn, shellMass: mOut, offsetElectronvolts: v)
        let c = PhysicalConstants.hbarSquaredOverTwoElectronMass
        let condition: (Double) -> Double = { energy in
            let k = (energy * mIn / c).squareRoot(), kappa = ((v - energy) * mOut / c).squareRoot()
            return k * r / tan(k * r) - 1 + (mIn / mOut) * (1 + kappa * r)
        }
        let reference = try RootFinding.brent(lower: 0.05, upper: min(v, c * Double.pi * Double.pi / (mIn * r * r)) - 1e-9, absoluteTolerance: 1e-14, condition)
        #expect(abs(e / reference - 1) < 1e-8)
    }

    /// Limits: no shell → the bare infinite-wall energy exactly; a huge barrier (1e6 eV, penetration 5e-4 nm)
    /// → bare within 0.5 %; a negative step (a well in the shell) → below the bare energy.
    @Test("Limits of the step well")
    func wellLimits() throws {
        let bare = PhysicalConstants.hbarSquaredOverTwoElectronMass * Double.pi * Double.pi / (0.13 * 1.5 * 1.5)
        let none = try ShellRedShift.groundStateElectronvolts(coreRadiusNanometres: 1.5, shellThicknessNanometres: 0, coreMass: 0.13, shellMass: 0.2, offsetElectronvolts: 1)
        #expect(none == bare)
        let wall = try ShellRedShift.groundStateElectronvolts(coreRadiusNanometres: 1.5, shellThicknessNanometres: 1, coreMass: 0.13, shellMass: 0.2, offsetElectronvolts: 1e6)
        #expect(abs(wall / bare - 1) < 5e-3)
        let well = try ShellRedShift.groundStateElectronvolts(coreRadiusNanometres: 1.5, shellThicknessNanometres: 2, coreMass: 0.13, shellMass: 0.2, offsetElectronvolts: -0.5)
        #expect(well < 0)
        #expect(throws: PhysicsError.self) {
            try ShellRedShift.groundStateElectronvolts(coreRadiusNanometres: 0, shellThicknessNanometres: 1, coreMass: 0.13, shellMass: 0.2, offsetElectronvolts: 1)
        }
    }

    /// Bare core in a finite outer barrier (no shell) is Nosaka's problem with m_out = 1 m₀: solved directly.
    @Test("Bare core in a finite ligand barrier matches Nosaka's condition")
    func bareFiniteBarrier() throws {
        let r = 1.5, mIn = 0.16, mOut = 1.0, v = 4.0
        let e = try ShellRedShift.groundStateElectronvolts(coreRadiusNanometres: r, shellThicknessNanometres: 0, coreMass: mIn, shellMass: 0.3, offsetElectronvolts: 0, outerBarrierElectronvolts: v)
        let c = PhysicalConstants.hbarSquaredOverTwoElectronMass
        let reference = try RootFinding.brent(lower: 0.05, upper: c * Double.pi * Double.pi / (mIn * r * r) - 1e-9, absoluteTolerance: 1e-14) { energy in
            let k = (energy * mIn / c).squareRoot(), kappa = ((v - energy) * mOut / c).squareRoot()
            return k * r / tan(k * r) - 1 + (mIn / mOut) * (1 + kappa * r)
        }
        #expect(abs(e / reference - 1) < 1e-8)
        #expect(throws: PhysicsError.self) {
            try ShellRedShift.groundStateElectronvolts(coreRadiusNanometres: r, shellThicknessNanometres: 1, coreMass: mIn, shellMass: 0.3, offsetElectronvolts: 5, outerBarrierElectronvolts: 4)
        }
    }

    /// Honest sensitivity statement of the docs: for quasi-type-II CdSe/CdS (3 nm core, 1 nm shell) the shift
    /// is set by the leaky electron and changes < 10 % for outer barriers of 3–6 eV; for type-I CdSe/ZnS it
    /// depends on that barrier but stays a few tens of nm at most.
    @Test("Outer-barrier sensitivity of the shift")
    func outerBarrierSensitivity() throws {
        let model = PublishedCurve.jasieniakCdSe
        let (cdse, cds) = try Self.pair("CdSe", "CdS")
        let zns = try OpticsFixture.material("ZnS")
        let shifts = try [3.0, 4.0, 6.0].map {
            try ShellRedShift.estimate(core: cdse, shell: cds, coreDiameterNanometres: 3, shellThicknessNanometres: 1, coreModel: model, outerBarrierElectronvolts: $0).shiftNanometres
        }
        #expect((shifts.max() ?? 0) / (shifts.min() ?? 1) < 1.1)
        for v in [3.0, 4.0, 6.0] {
            let z = try ShellRedShift.estimate(core: cdse, shell: zns, coreDiameterNanometres: 3, shellThicknessNanometres: 1, coreModel: model, outerBarrierElectronvolts: v)
            #expect(z.shiftNanometres < 30)
        }
    }

    /// Properties of the emission estimate: zero shell → zero shift; red shift grows with thickness; the
    /// quasi-type-II CdS shell shifts more than the type-I ZnS shell (electron leaks over a 0.16 eV step);
    /// type-I shifts of a 1 nm ZnS shell stay small (< 50 nm) as observed for CdSe/ZnS.
    @Test("Shell red shift: sign, monotonicity and ordering")
    func redShiftProperties() throws {
        let model = PublishedCurve.jasieniakCdSe
        let cdse = try OpticsFixture.material("CdSe")
        let zns = try OpticsFixture.material("ZnS"), cds = try OpticsFixture.material("CdS")
        let none = try ShellRedShift.estimate(core: cdse, shell: cds, coreDiameterNanometres: 3, shellThicknessNanometres: 0, coreModel: model)
        #expect(abs(none.shiftNanometres) < 1e-9)
        var previous = 0.0
        for h in [0.3, 0.6, 1.0, 2.0] {
            let s = try ShellRedShift.estimate(core: cdse, shell: cds, coreDiameterNanometres: 3, shellThicknessNanometres: h, coreModel: model)
            #expect(s.shiftNanometres > previous)
            previous = s.shiftNanometres
        }
        let zinc = try ShellRedShift.estimate(core: cdse, shell: zns, coreDiameterNanometres: 3, shellThicknessNanometres: 1, coreModel: model)
        let cadmium = try ShellRedShift.estimate(core: cdse, shell: cds, coreDiameterNanometres: 3, shellThicknessNanometres: 1, coreModel: model)
        #expect(zinc.shiftNanometres > 0 && zinc.shiftNanometres < 50)
        #expect(cadmium.electronShiftElectronvolts > zinc.electronShiftElectronvolts)
        #expect(cadmium.massScale > 1)   // parabolic masses overestimate confinement in a 3 nm core
        #expect(cadmium.shiftNanometres > 2 * zinc.shiftNanometres)
        let bulk = try ShellRedShift.estimate(core: cdse, shell: cds, coreDiameterNanometres: 3, shellThicknessNanometres: 1, coreModel: model, calibration: .bulk)
        #expect(bulk.massScale == 1)
    }
}
