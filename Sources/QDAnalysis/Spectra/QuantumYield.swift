import Foundation

/// How absorbance enters the relative quantum-yield ratio.
public enum AbsorptionFactor: String, Sendable, Codable, CaseIterable {
    /// A itself (the usual dilute-solution form, valid for A ≲ 0.1; the carbon-dot authors' choice).
    case absorbance
    /// The absorbed fraction 1 − 10^(−A), exact for any A without inner-filter effects.
    case absorptance

    func value(_ a: Double) -> Double { self == .absorbance ? a : 1 - pow(10, -a) }
}

/// Settings of a relative photoluminescence quantum yield measurement.
///
/// Defaults are the carbon-dot authors' recipe (Karpushkin et al., *Physchem* 3, 92 (2023); QDData dataset
/// cdots-karpushkin2023 PROVENANCE): baseline = mean of 800 < λ < 900 nm, running median of 5, A = mean over
/// 360 < λ < 370 nm, trapezoidal emission integral over 390 < λ < 800 nm.
public struct QuantumYieldRecipe: Sendable, Codable, Equatable {
    /// Open wavelength window whose mean is subtracted from each spectrum, nm (`nil`: no baseline).
    public var baselineWindow: ClosedRange<Double>?
    /// Running-median points (1 = none).
    public var medianPoints: Int
    /// Open window over which the absorbance is averaged (the excitation wavelength ± a few nm).
    public var excitationWindow: ClosedRange<Double>
    /// Open window of the emission integral (excludes the excitation line).
    public var emissionWindow: ClosedRange<Double>
    /// Absorbance or absorptance in the ratio.
    public var absorptionFactor: AbsorptionFactor

    /// A recipe; see the type's summary for the defaults.
    public init(
        baselineWindow: ClosedRange<Double>? = 800...900, medianPoints: Int = 5, excitationWindow: ClosedRange<Double> = 360...370,
        emissionWindow: ClosedRange<Double> = 390...800, absorptionFactor: AbsorptionFactor = .absorbance
    ) {
        self.baselineWindow = baselineWindow
        self.medianPoints = medianPoints
        self.excitationWindow = excitationWindow
        self.emissionWindow = emissionWindow
        self.absorptionFactor = absorptionFactor
    }
}

/// A relative PLQY with the quantities behind it.
public struct QuantumYieldResult: Sendable, Codable, Equatable {
    /// Φ as a fraction (0.165 = 16.5 %).
    public let quantumYield: Double
    /// Sample absorbance at the excitation window.
    public let sampleAbsorbance: Double
    /// Reference absorbance at the excitation window.
    public let referenceAbsorbance: Double
    /// Integrated sample emission (counts·nm).
    public let sampleIntegral: Double
    /// Integrated reference emission (counts·nm).
    public let referenceIntegral: Double
    /// Emission peak wavelength of the sample (highest prepared point in the emission window), nm.
    public let peakNanometres: Double
    /// Emission FWHM of the sample, nm (`nil` when a half-maximum crossing falls outside the window).
    public let fwhmNanometres: Double?
    /// Warnings (absorbance above 0.1 and the like).
    public let warnings: [String]
}

/// Relative photoluminescence quantum yield against a reference dye:
/// Φ = Φ_ref · (F/F_ref) · (f_ref/f) · (n²/n_ref²), with F the integrated emission, f the absorbance (or
/// absorptance) at the excitation wavelength and n the solvents' refractive indices (IUPAC technical report,
/// Brouwer, *Pure Appl. Chem.* 83, 2213 (2011), eq. 3).
public enum QuantumYield {
    /// Φ from the four spectra (sample and reference absorbance and emission, axes in nm).
    /// - Parameters:
    ///   - referenceQuantumYield: Φ_ref as a fraction (quinine sulfate in 0.5 M H₂SO₄: 0.54 as the authors used;
    ///     0.546 in Brouwer 2011).
    ///   - sampleRefractiveIndex, referenceRefractiveIndex: solvent indices (equal: no correction).
    /// - Throws: `AnalysisError.invalidValue` for Φ_ref outside (0, 1], non-positive indices, or a non-positive
    ///   absorbance or integral (the message names which); `.saturated` for a clipped emission; the spectra's
    ///   window errors.
    public static func relative(
        sampleAbsorbance: Spectrum, sampleEmission: Spectrum, referenceAbsorbance: Spectrum, referenceEmission: Spectrum,
        referenceQuantumYield: Double, sampleRefractiveIndex: Double = 1, referenceRefractiveIndex: Double = 1,
        recipe: QuantumYieldRecipe = QuantumYieldRecipe()
    ) throws -> QuantumYieldResult {
        guard referenceQuantumYield > 0, referenceQuantumYield <= 1 else {
            throw AnalysisError(.invalidValue, "Reference quantum yield \(referenceQuantumYield) is not valid (rule: a fraction in (0, 1]; 54 % is 0.54). Pass the dye's literature value as a fraction.")
        }
        guard sampleRefractiveIndex.isFinite, referenceRefractiveIndex.isFinite, sampleRefractiveIndex >= 1, referenceRefractiveIndex >= 1 else {
            throw AnalysisError(.invalidValue, "Refractive indices \(sampleRefractiveIndex) and \(referenceRefractiveIndex) are not valid (rule: finite ≥ 1; water 1.333, ethanol 1.361, toluene 1.497). Pass the solvents' indices.")
        }
        let window = recipe.emissionWindow
        for raw in [sampleEmission, referenceEmission] {
            try raw.inNanometres().restricted(openInterval: window.lowerBound, window.upperBound).requireUnsaturated()
        }
        let aS = try absorbance(sampleAbsorbance, recipe), aR = try absorbance(referenceAbsorbance, recipe)
        let (fS, peak, fwhm) = try emission(sampleEmission, recipe)
        let (fR, _, _) = try emission(referenceEmission, recipe)
        for (name, value) in [("sample absorbance", aS), ("reference absorbance", aR), ("sample emission integral", fS), ("reference emission integral", fR)] where !(value > 0) {
            throw AnalysisError(.invalidValue, "The \(name) is \(value) (rule: > 0 after baseline correction). Check the spectrum, the baseline window and the excitation window.")
        }
        var warnings: [String] = []
        for (name, a) in [("sample", aS), ("reference", aR)] where a > 0.1 && recipe.absorptionFactor == .absorbance {
            warnings.append(String(format: "The %@ absorbance %.3f exceeds 0.1: inner-filter effects bias the yield; dilute, or use the absorptance factor.", name, a))
        }
        let ratioIndex = (sampleRefractiveIndex * sampleRefractiveIndex) / (referenceRefractiveIndex * referenceRefractiveIndex)
        let phi = referenceQuantumYield * (fS / fR) * (recipe.absorptionFactor.value(aR) / recipe.absorptionFactor.value(aS)) * ratioIndex
        return QuantumYieldResult(
            quantumYield: phi, sampleAbsorbance: aS, referenceAbsorbance: aR, sampleIntegral: fS, referenceIntegral: fR,
            peakNanometres: peak, fwhmNanometres: fwhm, warnings: warnings)
    }

    /// A spectrum prepared by the recipe: baseline subtracted, median smoothed (axis in nm, ascending).
    /// - Throws: the window errors of `Spectrum`.
    public static func prepared(_ spectrum: Spectrum, _ recipe: QuantumYieldRecipe) throws -> Spectrum {
        let s = spectrum.inNanometres()
        var y = s.y
        if let window = recipe.baselineWindow {
            let offset = try s.mean(openInterval: window.lowerBound, window.upperBound)
            y = y.map { $0 - offset }
        }
        if recipe.medianPoints > 1 { y = try Baseline.runningMedian(y, points: recipe.medianPoints) }
        return try s.replacingValues(y)
    }

    static func absorbance(_ spectrum: Spectrum, _ recipe: QuantumYieldRecipe) throws -> Double {
        try prepared(spectrum, recipe).mean(openInterval: recipe.excitationWindow.lowerBound, recipe.excitationWindow.upperBound)
    }

    static func emission(_ spectrum: Spectrum, _ recipe: QuantumYieldRecipe) throws -> (Double, Double, Double?) {
        let band = try prepared(spectrum, recipe).restricted(openInterval: recipe.emissionWindow.lowerBound, recipe.emissionWindow.upperBound)
        let peak = try PeakFinder.highestPeak(of: band)
        return (band.trapezoidalIntegral, peak.position, peak.fwhm)
    }
}
