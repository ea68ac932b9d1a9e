import Foundation
import QDCore

/// Lattice mismatch of a shell on a core and what it means for strain.
///
/// f = (a_shell − a_core)/a_core with the cubic (zinc-blende-equivalent for wurtzite) lattice constants of
/// `Material.latticeConstantAngstrom`. Levels:
/// - |f| < 2 %: low. Shells grow coherently to many monolayers (ZnSe/ZnS-graded shells are chosen for this).
/// - 2 % ≤ |f| < 5 %: moderate. Coherent growth of a few monolayers, thick shells only with care
///   (CdSe/CdS, 3.9 %, does reach "giant" shells because spheres relax strain better than films).
/// - |f| ≥ 5 %: high. Shells beyond ~1–2 monolayers form misfit defects that quench emission
///   (CdSe/ZnS 10.6 %, InP/ZnS 7.8 %); an intermediate or graded shell (e.g. ZnSe) is the usual remedy.
/// These bands are QDLab's reading of common core/shell practice, not a sharp physical law.
///
/// Critical thickness: the planar Matthews–Blakeslee estimate (Matthews & Blakeslee, *J. Cryst. Growth* 27,
/// 118 (1974)) for 60° misfit dislocations (cos α = cos λ = 1/2), Poisson ratio ν = 1/3 and Burgers vector
/// b = a_shell/√2:  h_c = b(1 − ν/4)/(8π|f|(1 + ν)·½)·(ln(h_c/b) + 1), solved by Brent's method. A spherical
/// shell on a small core shares the strain with the core and tolerates more, so this is a conservative
/// indication; when no solution above b exists the film would relax from the first monolayer.
public struct LatticeMismatch: Sendable, Codable, Equatable {
    /// Strain severity band.
    public enum Level: String, Sendable, Codable {
        case low, moderate, high
    }

    /// (a_shell − a_core)/a_core, as a fraction (−0.078 for InP/ZnS).
    public let mismatch: Double
    public let level: Level
    /// Planar Matthews–Blakeslee critical thickness, nm; 0 when no coherent thickness above one Burgers
    /// vector exists; `nil` for zero mismatch (no limit).
    public let criticalThicknessNanometres: Double?
    /// A warning for the user when the shell is strained beyond the safe band, `nil` otherwise.
    public let warning: String?

    /// Mismatch between `core` and `shell` for a shell `shellThicknessNanometres` thick.
    /// - Throws: `PhysicsError.missingParameter` when a lattice constant is missing; `.invalidValue` for a
    ///   NaN or negative thickness (0 is allowed: a bare core, no warning).
    public init(core: Material, shell: Material, shellThicknessNanometres: Double) throws {
        guard shellThicknessNanometres.isFinite, shellThicknessNanometres >= 0 else {
            throw PhysicsError(.invalidValue, "Shell thickness \(shellThicknessNanometres) nm is not valid (rule: finite ≥ 0 nm; 0 means no shell). Pass the shell thickness in nanometres.")
        }
        guard let aCore = core.latticeConstantAngstrom?.value, let aShell = shell.latticeConstantAngstrom?.value,
              aCore > 0, aShell > 0 else {
            throw PhysicsError(.missingParameter, "Lattice constant missing for \(core.id) or \(shell.id) (rule: mismatch needs both cubic lattice constants). Choose materials with tabulated lattice constants.")
        }
        let f = (aShell - aCore) / aCore
        mismatch = f
        level = abs(f) < 0.02 ? .low : (abs(f) < 0.05 ? .moderate : .high)
        criticalThicknessNanometres = try Self.matthewsBlakeslee(mismatch: f, shellLatticeAngstrom: aShell)
        let percent = String(format: "%.1f %%", 100 * f)
        if shellThicknessNanometres > 0, level != .low,
           let hc = criticalThicknessNanometres, shellThicknessNanometres > hc {
            let advice = level == .high
                ? "Expect misfit defects and lower quantum yield; consider a graded or intermediate shell with a lattice constant between those of \(core.id) and \(shell.id) (e.g. ZnSe between InP or CdSe and ZnS, or an alloyed shell)."
                : "Coherent growth is possible but strain shifts the emission; keep the shell thin or grade it."
            let limit = hc > 0
                ? String(format: "exceeds the planar critical thickness %.2f nm", hc)
                : "is beyond coherent growth: a planar film would relax from the first monolayer (no critical thickness above one Burgers vector)"
            warning = String(format: "Lattice mismatch %@ (%@) with a %.2f nm shell %@. %@", percent, level.rawValue, shellThicknessNanometres, limit, advice)
        } else {
            warning = nil
        }
    }

    /// Planar Matthews–Blakeslee critical thickness in nm (see the type's documentation).
    static func matthewsBlakeslee(mismatch f: Double, shellLatticeAngstrom a: Double) throws -> Double? {
        guard f != 0 else { return nil }
        let nu = 1.0 / 3
        let b = a / 2.squareRoot() / 10                                   // Burgers vector, nm
        let k = b * (1 - nu / 4) / (8 * Double.pi * abs(f) * (1 + nu) * 0.5)
        let g: (Double) -> Double = { h in h - k * (log(h / b) + 1) }
        // g(b) = b − k; g is increasing for h > k. A root above b exists only when g(b) < 0.
        guard g(b) < 0 else { return 0 }
        var upper = 2 * max(k, b)
        while g(upper) < 0 { upper *= 2 }
        do {
            return try RootFinding.brent(lower: b, upper: upper, absoluteTolerance: 1e-9, g)
        } catch {
            throw PhysicsError(.outOfDomain, "Critical-thickness solve failed for mismatch \(f): \(error).")
        }
    }
}
