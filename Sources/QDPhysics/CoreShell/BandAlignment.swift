import Foundation

/// Band alignment of a core/shell heterostructure, from bulk band edges (Anderson's rule).
///
/// Offsets are signed so that positive means "this carrier is confined in the core":
/// - conduction-band offset CBO = CB_shell − CB_core (electron energy rises into the shell),
/// - valence-band offset VBO = VB_core − VB_shell (hole energy rises into the shell).
/// Each carrier is then classified against a threshold t: offset ≥ t → core, |offset| < t → delocalised over
/// core and shell, offset ≤ −t → shell.
///
/// Default thresholds: 0.2 eV for the electron, and 0.2 eV × m_e/m_h (core masses) for the hole.
/// Why 0.2 eV: an offset is only a barrier if it is comparable to the carrier's confinement energy; for
/// electrons in 2–5 nm CdSe or InP cores that energy is 0.2–1 eV, so a step below ~0.2 eV lets the electron
/// spread into the shell (CdSe/CdS, CBO ≈ 0.16 eV, is the textbook quasi-type-II case). 0.2 eV is also the
/// lower end of the ±0.2–0.3 eV uncertainty of the Anderson's-rule edges (physics.md §1). Why scaled for the
/// hole: confinement energies go as 1/m*, and holes are 3–7× heavier, so the same reasoning asks for a
/// proportionally smaller step (CdSe: 0.058 eV; CdSe/ZnSe with VBO 0.10 eV is then type I, as reported).
/// When a core mass is missing, or a threshold is passed explicitly, one threshold serves both carriers.
public struct BandAlignment: Sendable, Codable, Equatable {
    /// Where a carrier's ground state lives.
    public enum Localisation: String, Sendable, Codable {
        case core
        case delocalised
        case shell
    }

    /// Alignment class.
    public enum Kind: String, Sendable, Codable {
        /// Both carriers in the core (e.g. CdSe/ZnS).
        case typeI = "type I"
        /// One carrier localised, the other delocalised (e.g. CdSe/CdS).
        case quasiTypeII = "quasi-type II"
        /// Carriers separated: one in the core, one in the shell (e.g. CdTe/CdSe).
        case typeII = "type II"
        /// Both carriers in the shell: the shell's gap lies inside the core's.
        case inverseTypeI = "inverse type I"
        /// Both offsets below the threshold: the edges cannot decide.
        case indeterminate
    }

    public let kind: Kind
    /// CB_shell − CB_core, eV.
    public let conductionBandOffsetElectronvolts: Double
    /// VB_core − VB_shell, eV.
    public let valenceBandOffsetElectronvolts: Double
    public let electron: Localisation
    public let hole: Localisation
    /// Thresholds used for the electron and the hole, eV.
    public let electronThresholdElectronvolts: Double
    public let holeThresholdElectronvolts: Double

    /// Default electron threshold, eV (see the type's documentation for the reason).
    public static let defaultThresholdElectronvolts = 0.2

    /// Classifies `core`/`shell` from their band edges.
    /// - Parameter thresholdElectronvolts: one threshold for both carriers; `nil` (default) for 0.2 eV for the
    ///   electron and 0.2 eV × m_e/m_h for the hole.
    /// - Throws: `PhysicsError.missingParameter` when either material lacks a band edge (naming it);
    ///   `.invalidValue` for a NaN or negative threshold.
    public init(core: Material, shell: Material, thresholdElectronvolts: Double? = nil) throws {
        if let t = thresholdElectronvolts, !(t.isFinite && t >= 0) {
            throw PhysicsError(.invalidValue, "Alignment threshold \(t) eV is not valid (rule: finite ≥ 0 eV). Use 0.2 eV unless you have better band edges.")
        }
        let electronThreshold = thresholdElectronvolts ?? Self.defaultThresholdElectronvolts
        var holeThreshold = electronThreshold
        if thresholdElectronvolts == nil, let me = core.electronMass?.value, let mh = core.holeMass?.value, me > 0, mh > 0 {
            holeThreshold = electronThreshold * min(1, me / mh)
        }
        func edges(_ m: Material) throws -> (cb: Double, vb: Double) {
            guard let cb = m.conductionBandEdgeElectronvolts?.value, let vb = m.valenceBandEdgeElectronvolts?.value else {
                throw PhysicsError(.missingParameter, "\(m.id) has no conduction/valence band edge vs vacuum (rule: band alignment needs both edges of core and shell). Choose a material with tabulated edges.")
            }
            return (cb, vb)
        }
        let c = try edges(core), s = try edges(shell)
        let cbo = s.cb - c.cb
        let vbo = c.vb - s.vb
        func place(_ offset: Double, _ threshold: Double) -> Localisation {
            if offset >= threshold { return .core }
            if offset <= -threshold { return .shell }
            return .delocalised
        }
        let e = place(cbo, electronThreshold), h = place(vbo, holeThreshold)
        switch (e, h) {
        case (.core, .core): kind = .typeI
        case (.shell, .shell): kind = .inverseTypeI
        case (.core, .shell), (.shell, .core): kind = .typeII
        case (.delocalised, .delocalised): kind = .indeterminate
        default: kind = .quasiTypeII
        }
        conductionBandOffsetElectronvolts = cbo
        valenceBandOffsetElectronvolts = vbo
        electron = e
        hole = h
        electronThresholdElectronvolts = electronThreshold
        holeThresholdElectronvolts = holeThreshold
    }
}
