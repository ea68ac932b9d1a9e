import Foundation
import QDPhysics

/// Size, size dispersion and concentration of a quantum-dot dispersion from its absorption spectrum.
public struct AbsorbanceReport: Sendable, Codable, Equatable {
    /// Material id (QDPhysics catalogue).
    public let materialID: String
    /// The first-exciton feature.
    public let firstExciton: FirstExciton
    /// Diameter from the material's default sizing curve at the first exciton, nm.
    public let diameterNanometres: Double
    /// Name and citation of the sizing model.
    public let sizingModel: String
    /// σ_d/d from 2 × low-energy HWHM of the 1S band (`nil` when the HWHM could not be measured or the band is
    /// narrower than the homogeneous width).
    public let relativeStandardDeviation: Double?
    /// Concentration, from the absorbance where the extinction law applies (`nil` when no law exists for the
    /// material or the spectrum does not reach that wavelength).
    public let concentration: ParticleConcentration?
    /// Why a quantity is missing, or caveats (one sentence each).
    public let notes: [String]
}

/// Absorption spectrum → size, dispersion and concentration through QDPhysics.
public enum AbsorbanceAnalysis {
    /// Analyses a baseline-corrected absorbance spectrum of `materialID` QDs.
    ///
    /// Steps: first exciton by the second-derivative method (`PeakFinder.firstExciton`); diameter from
    /// `ConfinementModels.defaultModel`; σ_d/d by `SizeDispersion.fromFWHM` with FWHM = 2 × low-energy HWHM (Peng's
    /// practice, physics.md §4, which avoids the overlap with higher transitions); concentration by
    /// `Concentration.fromAbsorbance` with the default extinction law, reading A at the 1S peak or at 400 nm as
    /// the law requires.
    /// - Throws: `PhysicsError` for an unknown material or one without a sizing model; `AnalysisError` from the
    ///   exciton search (`.noFeature`, `.saturated`, `.nonMonotoneAxis`).
    public static func analyze(
        _ spectrum: Spectrum, materialID: String, pathLengthCentimetres: Double = 1,
        searchRange: ClosedRange<Double>? = nil, window: Double = 15
    ) throws -> AbsorbanceReport {
        let model = try ConfinementModels.defaultModel(for: materialID)
        var s = spectrum.inNanometres()
        if s.uniformSpacing() == nil, let step = medianStep(s) { s = try s.resampled(step: step) }
        let exciton = try PeakFinder.firstExciton(in: s, range: searchRange, window: window)
        let size = try model.diameter(forWavelengthNanometres: exciton.wavelengthNanometres)
        var notes: [String] = []
        var rsd: Double?
        if let hwhm = exciton.lowEnergyHWHMNanometres {
            do {
                rsd = try SizeDispersion.fromFWHM(
                    materialID: materialID, measuredFWHMNanometres: 2 * hwhm,
                    peakWavelengthNanometres: exciton.wavelengthNanometres).relativeStandardDeviation
            } catch {
                notes.append("Size dispersion not estimated: \(error)")
            }
        } else {
            notes.append("Size dispersion not estimated: the 1S band does not fall to half height on its red side within the data.")
        }
        var concentration: ParticleConcentration?
        do {
            let law = try ExtinctionLaw.defaultLaw(forMaterialID: materialID)
            let probe = try law.coefficient(diameterNanometres: size.diameterNanometres, firstExcitonElectronvolts: size.energyElectronvolts, firstExcitonHWHMElectronvolts: nil)
            let at = probe.whereMeasured.contains("400") ? 400.0 : exciton.wavelengthNanometres
            let absorbance = at == exciton.wavelengthNanometres ? exciton.absorbance : s.value(at: at)
            if absorbance.isNaN {
                notes.append("Concentration not estimated: the spectrum does not reach \(at) nm, where \(law.rawValue) is defined.")
            } else {
                concentration = try Concentration.fromAbsorbance(
                    max(absorbance, 0), pathLengthCentimetres: pathLengthCentimetres,
                    peakWavelengthNanometres: exciton.wavelengthNanometres, materialID: materialID, law: law)
            }
        } catch {
            notes.append("Concentration not estimated: \(error)")
        }
        if size.validity != .withinRange { notes.append("Diameter \(size.validity.rawValue) of the sizing model: an extrapolation.") }
        return AbsorbanceReport(
            materialID: materialID, firstExciton: exciton, diameterNanometres: size.diameterNanometres,
            sizingModel: size.model, relativeStandardDeviation: rsd, concentration: concentration, notes: notes)
    }

    static func medianStep(_ s: Spectrum) -> Double? {
        let steps = (1..<s.count).map { s.x[$0] - s.x[$0 - 1] }.sorted()
        return steps.isEmpty ? nil : steps[steps.count / 2]
    }
}
