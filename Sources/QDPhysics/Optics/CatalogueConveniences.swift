import Foundation

// Convenience entry points by material id: the catalogue material and its default sizing curve
// (`MaterialCatalogue.material`, `ConfinementModels.defaultModel`). These are what a CLI calls; the general
// forms taking a `Material` and `any ConfinementModel` remain for custom materials and models.

extension EnsembleSpectrum {
    /// Spectrum of `materialID` QDs with mean diameter `meanDiameterNanometres` and relative spread
    /// `relativeStandardDeviation` (σ_d/d), using the catalogue material and its default sizing model.
    ///
    /// CSV-ready output: `wavelengthsNanometres`, `absorbance`, `photoluminescence`, plus `absorption` and
    /// `emission` peaks (nm and eV) and FWHM (nm and meV).
    /// - Throws: `PhysicsError.unknownMaterial` for an unknown id; the model registry's errors (e.g. carbon dots
    ///   have no model); and everything `compute(material:model:distribution:options:)` throws.
    public static func compute(
        materialID: String, meanDiameterNanometres: Double, relativeStandardDeviation: Double,
        shape: SizeDistribution.Shape = .normal, options: SpectrumOptions = SpectrumOptions()
    ) throws -> EnsembleSpectrum {
        let material = try MaterialCatalogue.material(materialID)
        let model = try ConfinementModels.defaultModel(for: material.id)
        let distribution = try SizeDistribution(
            shape: shape, meanDiameterNanometres: meanDiameterNanometres,
            relativeStandardDeviation: relativeStandardDeviation)
        return try compute(material: material, model: model, distribution: distribution, options: options)
    }
}

extension SizeDispersion {
    /// σ_d/d of `materialID` QDs from a measured FWHM and peak (nm), with the default sizing model and, unless
    /// given, the material's default homogeneous width (`OpticalDefaults.homogeneousFWHM`).
    /// - Throws: `PhysicsError.missingParameter` when no homogeneous width is given or tabulated; the catalogue's
    ///   and registry's errors; and everything `fromFWHM(measuredFWHMNanometres:...)` throws.
    public static func fromFWHM(
        materialID: String, measuredFWHMNanometres: Double, peakWavelengthNanometres: Double,
        homogeneousFWHMElectronvolts: Double? = nil, stokesShiftElectronvolts: Double = 0
    ) throws -> SizeDispersionEstimate {
        let material = try MaterialCatalogue.material(materialID)
        let model = try ConfinementModels.defaultModel(for: material.id)
        guard let homogeneous = homogeneousFWHMElectronvolts ?? OpticalDefaults.homogeneousFWHM(materialID: material.id)?.value else {
            throw PhysicsError(.missingParameter, "No default homogeneous line width is tabulated for \(material.id) (rule: the dispersion inverse subtracts it). Pass homogeneousFWHMElectronvolts (0 attributes all broadening to size).")
        }
        return try fromFWHM(
            measuredFWHMNanometres: measuredFWHMNanometres, peakWavelengthNanometres: peakWavelengthNanometres,
            homogeneousFWHMElectronvolts: homogeneous, model: model, stokesShiftElectronvolts: stokesShiftElectronvolts)
    }
}

extension Concentration {
    /// Beer–Lambert concentration of `materialID` QDs from an absorbance and the 1S peak wavelength, with the
    /// default sizing model and, unless given, the default extinction law (`ExtinctionLaw.defaultLaw`).
    ///
    /// `absorbance` must be measured where the law applies (result's `extinction.whereMeasured`: the 1S peak,
    /// or 400 nm for PbS/PbSe).
    /// - Throws: `PhysicsError.unsupportedModel` when no extinction law exists for the material; the catalogue's
    ///   and registry's errors; and everything the general `fromAbsorbance` throws.
    public static func fromAbsorbance(
        _ absorbance: Double, pathLengthCentimetres: Double, peakWavelengthNanometres: Double, materialID: String,
        law: ExtinctionLaw? = nil, firstExcitonHWHMElectronvolts: Double? = nil
    ) throws -> ParticleConcentration {
        let material = try MaterialCatalogue.material(materialID)
        let chosen = try law ?? ExtinctionLaw.defaultLaw(forMaterialID: material.id)
        return try fromAbsorbance(
            absorbance, pathLengthCentimetres: pathLengthCentimetres, peakWavelengthNanometres: peakWavelengthNanometres,
            material: material, model: try ConfinementModels.defaultModel(for: material.id), law: chosen,
            firstExcitonHWHMElectronvolts: firstExcitonHWHMElectronvolts)
    }
}

extension CoreShellReport {
    /// Core/shell report by material ids, with the core's default sizing model for the emission estimate (when
    /// the core has none, e.g. AgInS2, the estimate is skipped with a note).
    /// - Throws: `PhysicsError.unknownMaterial` for an unknown id, and everything the general initialiser throws.
    public init(
        coreID: String, shellID: String, coreDiameterNanometres: Double, shellThicknessNanometres: Double,
        ligand: Ligand? = try? Ligand.oleicAcid(), loadingMassFraction: Double = 1
    ) throws {
        let core = try MaterialCatalogue.material(coreID)
        let shell = try MaterialCatalogue.material(shellID)
        try self.init(
            core: core, shell: shell, coreDiameterNanometres: coreDiameterNanometres,
            shellThicknessNanometres: shellThicknessNanometres,
            coreModel: try? ConfinementModels.defaultModel(for: core.id), ligand: ligand,
            loadingMassFraction: loadingMassFraction)
    }
}
