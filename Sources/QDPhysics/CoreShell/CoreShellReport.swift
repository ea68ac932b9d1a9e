import Foundation

/// Everything QDLab can say about a core/shell design from bulk data: alignment, strain, emission shift,
/// composition and RoHS status.
public struct CoreShellReport: Sendable, Codable, Equatable {
    public let coreID: String
    public let shellID: String
    public let coreDiameterNanometres: Double
    public let shellThicknessNanometres: Double
    /// Outer (core + shell) diameter, nm.
    public let outerDiameterNanometres: Double
    public let alignment: BandAlignment
    public let lattice: LatticeMismatch
    /// Effective-mass estimate of the shell-induced red shift; `nil` when it could not be computed, with the
    /// reason in `notes`.
    public let emission: ShellRedShift.Estimate?
    public let composition: ParticleComposition
    public let rohs: RoHSAssessment
    /// Reasons for anything omitted, and warnings (strain, extrapolated sizes).
    public let notes: [String]

    /// Builds the report.
    ///
    /// - Parameters:
    ///   - coreModel: sizing curve of the core material (for the bare-core first exciton); `nil` skips the
    ///     emission estimate.
    ///   - ligand: ligand shell for the composition (default: oleic acid at 4 nm⁻²); `nil` for none.
    ///   - loadingMassFraction: QD mass fraction in a film for the RoHS basis (default 1: the QD itself).
    /// - Throws: `PhysicsError` for invalid sizes or thickness, missing band edges, lattice constants, densities
    ///   or compositions. A failing emission estimate does not throw; it is reported in `notes`.
    public init(
        core: Material, shell: Material, coreDiameterNanometres: Double, shellThicknessNanometres: Double,
        coreModel: (any ConfinementModel)?, ligand: Ligand? = try? Ligand.oleicAcid(), loadingMassFraction: Double = 1,
        alignmentThresholdElectronvolts: Double? = nil
    ) throws {
        guard coreDiameterNanometres.isFinite, coreDiameterNanometres > 0 else {
            throw PhysicsError(.invalidValue, "Core diameter \(coreDiameterNanometres) nm is not valid (rule: finite > 0 nm). Pass the core diameter in nanometres.")
        }
        alignment = try BandAlignment(core: core, shell: shell, thresholdElectronvolts: alignmentThresholdElectronvolts)
        lattice = try LatticeMismatch(core: core, shell: shell, shellThicknessNanometres: shellThicknessNanometres)
        composition = try ParticleComposition(
            core: core, coreDiameterNanometres: coreDiameterNanometres, shell: shell,
            shellThicknessNanometres: shellThicknessNanometres, ligand: ligand)
        rohs = try RoHSAssessment(composition: composition, loadingMassFraction: loadingMassFraction)
        var notes: [String] = []
        if let warning = lattice.warning { notes.append(warning) }
        var emission: ShellRedShift.Estimate?
        if let coreModel {
            do {
                let validity = try coreModel.firstExciton(diameterNanometres: coreDiameterNanometres).validity
                if validity != .withinRange {
                    notes.append("Core diameter \(coreDiameterNanometres) nm is \(validity.rawValue) of \(coreModel.name); the bare-core exciton is an extrapolation.")
                }
                emission = try ShellRedShift.estimate(
                    core: core, shell: shell, coreDiameterNanometres: coreDiameterNanometres,
                    shellThicknessNanometres: shellThicknessNanometres, coreModel: coreModel)
            } catch let error as PhysicsError {
                notes.append("Emission shift not estimated: \(error.message)")
            }
        } else {
            notes.append("Emission shift not estimated: no sizing model given for \(core.id).")
        }
        self.emission = emission
        self.notes = notes
        coreID = core.id
        shellID = shell.id
        self.coreDiameterNanometres = coreDiameterNanometres
        self.shellThicknessNanometres = shellThicknessNanometres
        outerDiameterNanometres = coreDiameterNanometres + 2 * shellThicknessNanometres
    }
}
