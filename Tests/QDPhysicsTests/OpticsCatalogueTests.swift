import Foundation
import Testing
@testable import QDPhysics

/// The id-based entry points (what the CLI calls), run with the production catalogue and sizing models.
@Suite("Optics and core/shell by material id")
struct OpticsCatalogueTests {
    /// physics.md §4 at σ_d/d = 5 % through the production default models (Jasieniak CdSe, Almeida InP with
    /// equal-volume diameters, Moreels PbS): table values are rounded to 1 nm and 1 meV, so tolerances are
    /// 1 nm and 0.6 meV.
    @Test("Default models reproduce the physics reference broadening table", arguments: [
        ("CdSe", 4.0, 582.0, 56.0), ("InP", 3.0, 631.0, 51.0), ("PbS", 3.0, 926.0, 133.0), ("PbS", 6.0, 1562.0, 61.0),
    ])
    func referenceTable(id: String, diameter: Double, peak: Double, inhomogeneousMillielectronvolts: Double) throws {
        let model = try ConfinementModels.defaultModel(for: id)
        let distribution = try SizeDistribution(meanDiameterNanometres: diameter, relativeStandardDeviation: 0.05)
        let lambda = PhysicalConstants.nanometres(fromElectronvolts: model.energyUnchecked(diameterNanometres: diameter))
        #expect(abs(lambda - peak) < 1, "\(id) peak \(lambda) nm")
        let fwhm = try InhomogeneousBroadening.linearisedFWHMElectronvolts(model: model, distribution: distribution)
        #expect(abs(1000 * fwhm - inhomogeneousMillielectronvolts) < 0.6, "\(id): \(1000 * fwhm) meV")
    }

    /// CdSe 4 nm, 5 %, all defaults: FWHM ≈ 82 meV (~23 nm) as in physics.md §4 (energy grid and skew: ±1.5 meV).
    @Test("CdSe spectrum by id")
    func cdseById() throws {
        let spectrum = try EnsembleSpectrum.compute(materialID: "CdSe", meanDiameterNanometres: 4, relativeStandardDeviation: 0.05)
        #expect(abs(spectrum.absorption.fwhmMillielectronvolts - 82) < 1.5)
        #expect(abs(spectrum.absorption.peakWavelengthNanometres - 582) < 1.5)
        #expect(spectrum.emission.peakWavelengthNanometres > spectrum.absorption.peakWavelengthNanometres)
        #expect(spectrum.model.contains("Jasieniak"))
    }

    /// Every material with a default model yields a finite, normalised spectrum (explicit widths where no
    /// default is tabulated).
    @Test("Spectra are finite for every material with a model", arguments: ["CdSe", "CdS", "CdTe", "ZnSe", "InP", "PbS", "PbSe", "CsPbBr3", "CuInS2"])
    func everyMaterial(id: String) throws {
        let material = try MaterialCatalogue.material(id)
        let options = SpectrumOptions(
            homogeneous: OpticalDefaults.homogeneousFWHM(materialID: id) == nil ? .gaussian(fwhmElectronvolts: 0.08) : nil,
            stokesShiftElectronvolts: OpticalDefaults.stokesShift(materialID: id, diameterNanometres: 4, firstExcitonElectronvolts: 2) == nil ? 0.03 : nil)
        let diameter = id.hasPrefix("Pb") ? 5.0 : (id == "CsPbBr3" ? 8.0 : 3.5)
        let model = try ConfinementModels.defaultModel(for: id)
        let distribution = try SizeDistribution(meanDiameterNanometres: diameter, relativeStandardDeviation: 0.05)
        let spectrum = try EnsembleSpectrum.compute(material: material, model: model, distribution: distribution, options: options)
        #expect(spectrum.absorbance.allSatisfy(\.isFinite) && spectrum.photoluminescence.allSatisfy(\.isFinite))
        #expect(abs((spectrum.absorbance.max() ?? 0) - 1) < 0.01)
        #expect(spectrum.absorption.fwhmMillielectronvolts > 0)
    }

    @Test("Dispersion by id round-trips a computed width")
    func dispersionById() throws {
        let model = try ConfinementModels.defaultModel(for: "CdSe")
        let distribution = try SizeDistribution(meanDiameterNanometres: 3.5, relativeStandardDeviation: 0.07)
        let widthEV = try SizeDispersion.totalFWHMElectronvolts(model: model, distribution: distribution, homogeneousFWHMElectronvolts: 0.06)
        let peakEV = model.energyUnchecked(diameterNanometres: 3.5)
        let hc = PhysicalConstants.hcElectronvoltNanometres
        // Exact nm width whose energy width is widthEV around the peak: solve hc/(λ−F/2) − hc/(λ+F/2) = w.
        let lambda = hc / peakEV
        let f = 2 * (hc / widthEV) * ((1 + pow(widthEV * lambda / hc, 2)).squareRoot() - 1)
        let estimate = try SizeDispersion.fromFWHM(materialID: "CdSe", measuredFWHMNanometres: f, peakWavelengthNanometres: lambda)
        #expect(abs(estimate.relativeStandardDeviation - 0.07) < 1e-6)
        #expect(throws: PhysicsError.self) { try SizeDispersion.fromFWHM(materialID: "ZnSe", measuredFWHMNanometres: 15, peakWavelengthNanometres: 400) }
    }

    @Test("Concentration by id uses the default law")
    func concentrationById() throws {
        let c = try Concentration.fromAbsorbance(0.3, pathLengthCentimetres: 1, peakWavelengthNanometres: 582, materialID: "CdSe")
        #expect(c.extinction.citation.contains("Jasieniak"))
        #expect(abs(c.diameterNanometres - 4) < 0.05)
        #expect(c.molar > 0 && (c.milligramsPerMillilitre ?? 0) > 0)
        #expect(throws: PhysicsError.self) {
            try Concentration.fromAbsorbance(0.3, pathLengthCentimetres: 1, peakWavelengthNanometres: 560, materialID: "InP")
        }
    }

    @Test("Core/shell reports by id")
    func reportsById() throws {
        let cdse = try CoreShellReport(coreID: "CdSe", shellID: "ZnS", coreDiameterNanometres: 3, shellThicknessNanometres: 0.6)
        #expect(cdse.alignment.kind == .typeI && !cdse.rohs.passes && cdse.emission != nil)
        let inp = try CoreShellReport(coreID: "InP", shellID: "ZnS", coreDiameterNanometres: 2.5, shellThicknessNanometres: 1)
        #expect(inp.alignment.kind == .typeI && inp.rohs.passes)
        #expect(abs(inp.lattice.mismatch + 0.078) < 0.001)
        let ags = try CoreShellReport(coreID: "AgInS2", shellID: "ZnS", coreDiameterNanometres: 3, shellThicknessNanometres: 0.5)
        #expect(ags.emission == nil && !ags.notes.isEmpty)
        #expect(throws: PhysicsError.self) { try CoreShellReport(coreID: "unobtainium", shellID: "ZnS", coreDiameterNanometres: 3, shellThicknessNanometres: 1) }
    }
}
