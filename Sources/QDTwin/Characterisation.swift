import Foundation
import QDCore
import QDPhysics

/// Spectra as a simulated instrument records them (noise and baseline drift included).
public struct MeasuredSpectra: Sendable, Codable, Equatable {
    /// Wavelengths, nm, ascending.
    public let wavelengthsNanometres: [Double]
    /// Absorbance (1S band scaled to 0.5 before noise and baseline drift).
    public let absorbance: [Double]
    /// Photoluminescence (maximum 1 before noise).
    public let photoluminescence: [Double]

    /// Spectra on one wavelength axis, as an instrument driver reads them (the three arrays have equal length).
    public init(wavelengthsNanometres: [Double], absorbance: [Double], photoluminescence: [Double]) {
        self.wavelengthsNanometres = wavelengthsNanometres
        self.absorbance = absorbance
        self.photoluminescence = photoluminescence
    }
}

/// The noise-free truth behind a measurement: what the twin actually made.
public struct SimulatedTruth: Sendable, Codable, Equatable {
    /// Number-mean diameter of the observable particles, nm.
    public let meanDiameterNanometres: Double
    /// σ_d/d̄.
    public let relativeStandardDeviation: Double
    /// Shape chosen by skewness matching for the QDPhysics size distribution.
    public let distributionShape: SizeDistribution.Shape
    /// First-exciton absorption peak of the noise-free spectrum, nm (`nil` when no spectrum was computed).
    public let absorptionPeakNanometres: Double?
    /// Emission peak of the noise-free spectrum, nm.
    public let emissionPeakNanometres: Double?
    /// Emission FWHM of the noise-free spectrum, nm.
    public let emissionFWHMNanometres: Double?
    /// PLQY of the model, fraction.
    public let plqy: Double
    /// Fraction of the limiting precursor in observable dots.
    public let yield: Double
    /// Ligand coverage θ of the final particle surface, fraction.
    public let ligandCoverage: Double
    /// Largest supersaturation reached.
    public let maximumSupersaturation: Double
}

/// The measured outcome, as a lab would report it (noisy).
public struct MeasuredOutcome: Sendable, Codable, Equatable {
    /// First-exciton absorption peak, nm, picked on the noisy absorbance.
    public let absorptionPeakNanometres: Double?
    /// PL peak, nm.
    public let emissionPeakNanometres: Double?
    /// PL FWHM, nm.
    public let emissionFWHMNanometres: Double?
    /// Diameter from the absorption peak through the material's default sizing curve, nm.
    public let diameterFromAbsorptionNanometres: Double?
    /// Measured PLQY, fraction.
    public let plqy: Double?
    /// Chemical yield, fraction (gravimetric: not noisy in the twin).
    public let yield: Double

    /// An outcome as a robot's driver reports it (nil for what was not measured).
    public init(absorptionPeakNanometres: Double?, emissionPeakNanometres: Double?, emissionFWHMNanometres: Double?,
                diameterFromAbsorptionNanometres: Double?, plqy: Double?, yield: Double) {
        self.absorptionPeakNanometres = absorptionPeakNanometres
        self.emissionPeakNanometres = emissionPeakNanometres
        self.emissionFWHMNanometres = emissionFWHMNanometres
        self.diameterFromAbsorptionNanometres = diameterFromAbsorptionNanometres
        self.plqy = plqy
        self.yield = yield
    }
}

/// Simulated characterisation of a finished synthesis through QDPhysics.
///
/// **Distribution → spectrum.** QDPhysics' `EnsembleSpectrum` takes a parametric `SizeDistribution` (normal
/// or log-normal, mean and σ/d), and `EnsembleBand` has no public initialiser from arbitrary nodes, so the twin
/// moment-matches the final histogram (observable particles only): mean and σ/d exactly, and the shape whose
/// skewness is closer to the histogram's (normal 0; log-normal 3c + c³ for c = σ/d). The spectrum, peaks and
/// FWHM then come from `EnsembleSpectrum.compute` with the catalogue material and
/// `ConfinementModels.defaultModel(for:)`. A histogram entry point in QDPhysics would remove the moment match.
///
/// **PLQY** (phenomenological): k_nr/k_r = κ·(1 − θ + ε₀)·(4 nm/d̄), PLQY = PLQY_max/(1 + k_nr/k_r), where the
/// ligand coverage θ = 1 − exp(−ρ), ρ = [L]/(σ_sites·Σ N_i·4πr_i²) the ligand per binding site (N_A cancels).
/// Smaller dots have more surface per exciton, so more trapping; uncovered sites trap.
///
/// **Failure modes**, checked in this order: no observable dots (yield < `minimumYieldFraction`) →
/// `.noNucleation`; θ < `minimumLigandCoverage` → `.aggregation` (the dots flocculate and precipitate, so no
/// spectrum); σ/d > `maximumRelativeStandardDeviation` → `.polydisperse` (spectra still recorded).
///
/// **Instrument.** Absorbance: the QDPhysics spectrum with a continuum (amplitude 1), scaled so the 1S band
/// peaks at 0.5, plus a baseline offset + slope drawn per run and white noise; PL: normalised, plus white
/// noise. Peaks are measured on the noisy curves (absorption: parabolic peak pick within ±30 nm of the
/// expected 1S; PL: `PeakMetrics`). All draws come from `SeededRNG(seed:)`, independent of the chemistry.
public enum Characterisation {
    /// Result of characterising one simulation.
    public struct Result: Sendable, Equatable {
        /// Success or failure mode.
        public let failure: FailureKind?
        /// Noise-free truth.
        public let truth: SimulatedTruth
        /// Noisy measurement.
        public let outcome: MeasuredOutcome
        /// Noisy spectra (`nil` when nothing could be measured: no dots, or aggregated).
        public let spectra: MeasuredSpectra?
    }

    /// Why a simulated synthesis failed (maps to QDData's `FailureMode`).
    public enum FailureKind: String, Sendable, Codable, CaseIterable {
        /// Supersaturation never produced observable dots.
        case noNucleation = "no-nucleation"
        /// Too little ligand per particle surface: the dots aggregate and precipitate.
        case aggregation
        /// σ_d/d̄ above the threshold.
        case polydisperse
    }

    /// Characterises `simulation`.
    /// - Throws: `TwinError.characterisationFailed` when QDPhysics cannot compute the spectrum (wrapping its
    ///   message), e.g. a material without a default sizing model.
    /// - Complexity: O(nodes × (grid + 4002)) line-shape evaluations (61 nodes, 401 + 4002 points by default).
    public static func characterise(
        _ simulation: SynthesisSimulation, kinetics: ReactorKinetics, options: TwinOptions, seed: UInt64
    ) throws -> Result {
        var rng = SeededRNG(seed: seed)
        let histogram = simulation.histogram
        let m = histogram.moments(minimumDiameterNanometres: options.observableDiameterNanometres)
        var observedUnits = 0.0, area = 0.0
        let v = kinetics.formulaUnitVolumeCubicNanometres.value
        for (d, c) in zip(histogram.diametersNanometres, histogram.concentrationsMolar) {
            let r = d / 2
            area += c * 4 * Double.pi * r * r
            if d >= options.observableDiameterNanometres { observedUnits += c * 4 * Double.pi * r * r * r / (3 * v) }
        }
        let limiting = min(simulation.initialMetalMolar, simulation.initialAnionMolar)
        let yield = limiting > 0 ? min(observedUnits / limiting, 1) : 0
        let sites = kinetics.ligandSitesPerSquareNanometre.value * area
        let coverage = sites > 0 ? 1 - exp(-simulation.recipe.ligandConcentrationMolar / sites) : 1
        let relativeSD = m.mean > 0 ? m.standardDeviation / m.mean : 0
        let trapRatio = kinetics.surfaceTrapStrength.value * (1 - coverage + kinetics.residualTrapFraction.value)
            * (4 / max(m.mean, 0.5))
        let plqy = kinetics.maximumPLQY.value / (1 + trapRatio)
        let lognormalSkew = 3 * relativeSD + relativeSD * relativeSD * relativeSD
        let shape: SizeDistribution.Shape = abs(m.skewness - lognormalSkew) < abs(m.skewness) ? .logNormal : .normal

        var failure: FailureKind?
        if yield < options.minimumYieldFraction || m.count <= 0 {
            failure = .noNucleation
        } else if coverage < options.minimumLigandCoverage {
            failure = .aggregation
        } else if relativeSD > options.maximumRelativeStandardDeviation {
            failure = .polydisperse
        }
        func truth(_ spectrum: EnsembleSpectrum?) -> SimulatedTruth {
            SimulatedTruth(
                meanDiameterNanometres: m.mean, relativeStandardDeviation: relativeSD, distributionShape: shape,
                absorptionPeakNanometres: spectrum?.absorption.peakWavelengthNanometres,
                emissionPeakNanometres: spectrum?.emission.peakWavelengthNanometres,
                emissionFWHMNanometres: spectrum?.emission.fwhmNanometres, plqy: plqy, yield: yield,
                ligandCoverage: coverage, maximumSupersaturation: simulation.maximumSupersaturation)
        }
        if failure == .noNucleation || failure == .aggregation {
            return Result(
                failure: failure, truth: truth(nil),
                outcome: MeasuredOutcome(
                    absorptionPeakNanometres: nil, emissionPeakNanometres: nil, emissionFWHMNanometres: nil,
                    diameterFromAbsorptionNanometres: nil, plqy: nil, yield: yield),
                spectra: nil)
        }

        let spectrum: EnsembleSpectrum
        let model: any ConfinementModel
        do {
            let material = try MaterialCatalogue.material(kinetics.materialID)
            model = try ConfinementModels.defaultModel(for: material.id)
            // A histogram cannot resolve a width below its bin (σ of a uniform bin = Δd/√12); all dots piled in
            // one bin (e.g. at the grid wall) would otherwise pass σ ≈ 0, which QDPhysics cannot line-shape.
            let binWidth = histogram.diametersNanometres.count > 1
                ? histogram.diametersNanometres[1] - histogram.diametersNanometres[0] : 0
            let resolvable = max(relativeSD, binWidth / 12.0.squareRoot() / m.mean)
            let distribution = try SizeDistribution(
                shape: shape, meanDiameterNanometres: m.mean,
                relativeStandardDeviation: min(resolvable, SizeDistribution.maximumRelativeStandardDeviation))
            let grid = try WavelengthGrid(
                startNanometres: kinetics.spectrumWindowNanometres.lowerBound,
                endNanometres: kinetics.spectrumWindowNanometres.upperBound, stepNanometres: options.spectrumStepNanometres)
            let homogeneous = kinetics.homogeneousFWHMElectronvolts.map { LineShape.gaussian(fwhmElectronvolts: $0.value) }
            spectrum = try EnsembleSpectrum.compute(
                material: material, model: model, distribution: distribution,
                options: SpectrumOptions(homogeneous: homogeneous, grid: grid, continuumAmplitude: 1, nodeCount: options.spectrumNodeCount))
        } catch let error as PhysicsError {
            throw TwinError(.characterisationFailed, "QDPhysics could not compute the spectrum of the simulated \(kinetics.materialID) dots (d̄ = \(m.mean) nm, σ/d = \(relativeSD)): \(error.message)")
        }

        // Instrument: scale, baseline drift, white noise.
        let wavelengths = spectrum.wavelengthsNanometres
        let centre = 0.5 * (wavelengths[0] + wavelengths[wavelengths.count - 1])
        let offset = rng.normal(mean: 0, standardDeviation: options.baselineOffsetNoise)
        let slope = rng.normal(mean: 0, standardDeviation: options.baselineSlopeNoisePer100Nanometres)
        var absorbance = [Double](repeating: 0, count: wavelengths.count)
        var pl = absorbance
        for i in wavelengths.indices {
            absorbance[i] = 0.5 * spectrum.absorbance[i] + offset + slope * (wavelengths[i] - centre) / 100
                + rng.normal(mean: 0, standardDeviation: options.absorbanceNoise)
            pl[i] = spectrum.photoluminescence[i] + rng.normal(mean: 0, standardDeviation: options.photoluminescenceNoise)
        }
        let measuredPLQY = max(plqy * (1 + rng.normal(mean: 0, standardDeviation: options.plqyRelativeNoise)), 0)

        let absorptionPeak = pickPeak(
            wavelengths: wavelengths, values: absorbance, near: spectrum.absorption.peakWavelengthNanometres, halfWindow: 30)
        let emission = try? PeakMetrics.measure(abscissae: wavelengths, values: pl)
        let diameter = absorptionPeak.flatMap { try? model.diameter(forWavelengthNanometres: $0).diameterNanometres }
        return Result(
            failure: failure, truth: truth(spectrum),
            outcome: MeasuredOutcome(
                absorptionPeakNanometres: absorptionPeak, emissionPeakNanometres: emission?.position,
                emissionFWHMNanometres: emission?.fullWidthAtHalfMaximum, diameterFromAbsorptionNanometres: diameter,
                plqy: measuredPLQY, yield: yield),
            spectra: MeasuredSpectra(wavelengthsNanometres: wavelengths, absorbance: absorbance, photoluminescence: pl))
    }

    /// Local maximum of `values` within ±`halfWindow` nm of `near`, refined by a parabola through the three
    /// highest samples; `nil` when the window holds fewer than 3 samples or the maximum is at its edge (no peak).
    static func pickPeak(wavelengths: [Double], values: [Double], near: Double, halfWindow: Double) -> Double? {
        let indices = wavelengths.indices.filter { abs(wavelengths[$0] - near) <= halfWindow }
        guard let first = indices.first, let last = indices.last, last - first >= 2 else { return nil }
        var k = first
        for i in indices where values[i] > values[k] { k = i }
        guard k > first, k < last else { return nil }
        let (y0, y1, y2) = (values[k - 1], values[k], values[k + 1])
        let denominator = y0 - 2 * y1 + y2
        guard denominator < 0 else { return wavelengths[k] }
        return wavelengths[k] + 0.5 * (y0 - y2) / denominator * (wavelengths[k + 1] - wavelengths[k])
    }
}
