import Foundation

/// A size dispersion inferred from a measured band width.
public struct SizeDispersionEstimate: Sendable, Codable, Equatable {
    /// Diameter (nm) of the first exciton, from the sizing model.
    public let diameterNanometres: Double
    /// σ_d/d.
    public let relativeStandardDeviation: Double
    /// σ_d, nm.
    public let standardDeviationNanometres: Double
    /// Inhomogeneous FWHM left after removing the homogeneous width, eV.
    public let inhomogeneousFWHMElectronvolts: Double
    /// |dE/dd| at the diameter, eV/nm.
    public let slopeElectronvoltsPerNanometre: Double
    /// The sizing model used.
    public let model: String
}

/// Inverse of the linearised broadening: measured FWHM → size dispersion σ_d/d.
///
/// FWHM_inh = √(FWHM² − FWHM_hom²) (exact for Gaussian lines, approximate otherwise), then
/// σ_d = FWHM_inh/(2.3548·|dE/dd|) at the diameter of the peak. This is the inverse of
/// √(FWHM_hom² + (2.3548·|dE/dd|·σ_d)²), so inverse ∘ forward is the identity. For an emission peak, pass the
/// Stokes shift so the size is read at the absorption (first-exciton) energy. Peng's group used the
/// low-energy half of the absorption 1S peak, 2 × HWHM_low, as the measured FWHM, which avoids the overlap
/// with higher transitions (physics.md §4).
public enum SizeDispersion {
    /// σ_d/d from a FWHM and peak in energy.
    /// - Parameters:
    ///   - measuredFWHMElectronvolts: band FWHM, eV.
    ///   - peakElectronvolts: band peak, eV (absorption 1S peak, or PL peak with `stokesShiftElectronvolts`).
    ///   - homogeneousFWHMElectronvolts: single-particle FWHM to subtract in quadrature, eV (≥ 0).
    ///   - stokesShiftElectronvolts: added to the peak to reach the first-exciton energy (0 for absorption).
    /// - Throws: `PhysicsError.invalidValue` for NaN/negative widths or a non-positive peak, or when the measured
    ///   FWHM is narrower than the homogeneous width (the message names both); plus the model's errors for an
    ///   energy it cannot reach.
    public static func fromFWHM(
        measuredFWHMElectronvolts: Double, peakElectronvolts: Double, homogeneousFWHMElectronvolts: Double,
        model: any ConfinementModel, stokesShiftElectronvolts: Double = 0
    ) throws -> SizeDispersionEstimate {
        guard measuredFWHMElectronvolts.isFinite, measuredFWHMElectronvolts > 0 else {
            throw PhysicsError(.invalidValue, "Measured FWHM \(measuredFWHMElectronvolts) eV is not valid (rule: a finite width > 0 eV). Pass the band's full width at half maximum in electronvolts.")
        }
        guard homogeneousFWHMElectronvolts.isFinite, homogeneousFWHMElectronvolts >= 0 else {
            throw PhysicsError(.invalidValue, "Homogeneous FWHM \(homogeneousFWHMElectronvolts) eV is not valid (rule: a finite width ≥ 0 eV). Pass the single-particle width, or 0 to attribute all broadening to size.")
        }
        guard peakElectronvolts.isFinite, peakElectronvolts > 0, stokesShiftElectronvolts.isFinite else {
            throw PhysicsError(.invalidValue, "Peak \(peakElectronvolts) eV with Stokes shift \(stokesShiftElectronvolts) eV is not valid (rule: finite, peak > 0 eV). Pass the band peak in electronvolts.")
        }
        guard measuredFWHMElectronvolts >= homogeneousFWHMElectronvolts else {
            throw PhysicsError(.invalidValue, String(format: "Measured FWHM %.1f meV is narrower than the homogeneous width %.1f meV alone (rule: FWHM² = FWHM_hom² + FWHM_inh² needs FWHM ≥ FWHM_hom). Check the measurement, or pass a smaller homogeneous width for this sample.", 1000 * measuredFWHMElectronvolts, 1000 * homogeneousFWHMElectronvolts))
        }
        let size = try model.diameter(forEnergyElectronvolts: peakElectronvolts + stokesShiftElectronvolts)
        let d = size.diameterNanometres
        let slope = abs(try InhomogeneousBroadening.slope(of: model, atDiameterNanometres: d))
        let inhomogeneous = (measuredFWHMElectronvolts * measuredFWHMElectronvolts
            - homogeneousFWHMElectronvolts * homogeneousFWHMElectronvolts).squareRoot()
        let sigma = inhomogeneous / (LineShape.gaussianFWHMPerSigma * slope)
        return SizeDispersionEstimate(
            diameterNanometres: d, relativeStandardDeviation: sigma / d, standardDeviationNanometres: sigma,
            inhomogeneousFWHMElectronvolts: inhomogeneous, slopeElectronvoltsPerNanometre: slope, model: model.name)
    }

    /// σ_d/d from a FWHM and peak in wavelength (nm).
    ///
    /// The width is converted exactly: FWHM_E = hc/(λ − F/2) − hc/(λ + F/2) (for F ≪ λ this is hc·F/λ²).
    /// - Throws: as `fromFWHM(measuredFWHMElectronvolts:...)`, plus `invalidValue` when F ≥ 2λ.
    public static func fromFWHM(
        measuredFWHMNanometres: Double, peakWavelengthNanometres: Double, homogeneousFWHMElectronvolts: Double,
        model: any ConfinementModel, stokesShiftElectronvolts: Double = 0
    ) throws -> SizeDispersionEstimate {
        guard peakWavelengthNanometres.isFinite, measuredFWHMNanometres.isFinite, peakWavelengthNanometres > 0,
              measuredFWHMNanometres > 0, measuredFWHMNanometres < 2 * peakWavelengthNanometres else {
            throw PhysicsError(.invalidValue, "FWHM \(measuredFWHMNanometres) nm at peak \(peakWavelengthNanometres) nm is not valid (rule: finite, 0 < FWHM < 2 × peak). Pass both in nanometres.")
        }
        let hc = PhysicalConstants.hcElectronvoltNanometres
        let half = measuredFWHMNanometres / 2
        let widthElectronvolts = hc / (peakWavelengthNanometres - half) - hc / (peakWavelengthNanometres + half)
        return try fromFWHM(
            measuredFWHMElectronvolts: widthElectronvolts, peakElectronvolts: hc / peakWavelengthNanometres,
            homogeneousFWHMElectronvolts: homogeneousFWHMElectronvolts, model: model,
            stokesShiftElectronvolts: stokesShiftElectronvolts)
    }

    /// Forward model: total FWHM (eV) √(FWHM_hom² + (2.3548·|dE/dd|·σ_d)²) of a Gaussian homogeneous line and the
    /// linearised inhomogeneous width. - Throws: as `InhomogeneousBroadening.linearisedFWHMElectronvolts`, and
    /// `invalidValue` for a negative or NaN homogeneous width.
    public static func totalFWHMElectronvolts(
        model: any ConfinementModel, distribution: SizeDistribution, homogeneousFWHMElectronvolts: Double
    ) throws -> Double {
        guard homogeneousFWHMElectronvolts.isFinite, homogeneousFWHMElectronvolts >= 0 else {
            throw PhysicsError(.invalidValue, "Homogeneous FWHM \(homogeneousFWHMElectronvolts) eV is not valid (rule: a finite width ≥ 0 eV).")
        }
        let inh = try InhomogeneousBroadening.linearisedFWHMElectronvolts(model: model, distribution: distribution)
        return (homogeneousFWHMElectronvolts * homogeneousFWHMElectronvolts + inh * inh).squareRoot()
    }
}
