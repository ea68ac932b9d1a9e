import Foundation

/// A uniform wavelength grid, nm.
public struct WavelengthGrid: Sendable, Codable, Equatable {
    public let startNanometres: Double
    public let endNanometres: Double
    public let stepNanometres: Double

    /// Largest number of points accepted (keeps a mistyped step from allocating gigabytes).
    public static let maximumPointCount = 200_000

    /// - Throws: `PhysicsError.invalidValue` unless 0 < start < end, step > 0 (all finite) and the grid has
    ///   between 3 and `maximumPointCount` points.
    public init(startNanometres: Double, endNanometres: Double, stepNanometres: Double) throws {
        guard startNanometres.isFinite, endNanometres.isFinite, stepNanometres.isFinite,
              startNanometres > 0, endNanometres > startNanometres, stepNanometres > 0 else {
            throw PhysicsError(.invalidValue, "Wavelength grid \(startNanometres)–\(endNanometres) nm in steps of \(stepNanometres) nm is not valid (rule: finite 0 < start < end and step > 0). Pass e.g. 400–800 nm in 0.5 nm steps.")
        }
        let count = Int(((endNanometres - startNanometres) / stepNanometres).rounded(.down)) + 1
        guard count >= 3, count <= Self.maximumPointCount else {
            throw PhysicsError(.invalidValue, "Wavelength grid \(startNanometres)–\(endNanometres) nm in steps of \(stepNanometres) nm has \(count) points (rule: 3 to \(Self.maximumPointCount)). Change the step.")
        }
        self.startNanometres = startNanometres
        self.endNanometres = endNanometres
        self.stepNanometres = stepNanometres
    }

    /// The grid's wavelengths, ascending.
    public var wavelengthsNanometres: [Double] {
        let count = Int(((endNanometres - startNanometres) / stepNanometres).rounded(.down)) + 1
        return (0..<count).map { startNanometres + Double($0) * stepNanometres }
    }
}

/// Options for `EnsembleSpectrum.compute`. Every `nil` means "use the documented default".
public struct SpectrumOptions: Sendable, Equatable {
    /// Homogeneous line; `nil`: a Gaussian of `OpticalDefaults.homogeneousFWHM(materialID:)`.
    public var homogeneous: LineShape?
    /// Stokes shift (eV) applied to every particle; `nil`: `OpticalDefaults.stokesShift` per particle size.
    public var stokesShiftElectronvolts: Double?
    /// Output grid; `nil`: from 4 total FWHM above the absorption peak (plus 1 eV when a continuum is asked
    /// for) to 4 total FWHM below the emission peak (but no further than half its energy), with ≥ 1501 points
    /// and ≥ 40 points per FWHM, at most 20001.
    public var grid: WavelengthGrid?
    /// Amplitude r of the higher-energy continuum in units of the 1S band peak: each particle adds
    /// r·√((E − E₁ₛ)/1 eV) above its own 1S energy, the bulk direct-gap joint density of states α ∝ √(E − Eg)
    /// moved to the 1S onset (a deliberately simple stand-in for the merging higher transitions).
    /// `nil` (default): the first-exciton band only.
    public var continuumAmplitude: Double?
    /// Size-quadrature nodes (see `SizeDistribution.quadrature`).
    public var nodeCount: Int

    public init(
        homogeneous: LineShape? = nil, stokesShiftElectronvolts: Double? = nil, grid: WavelengthGrid? = nil,
        continuumAmplitude: Double? = nil, nodeCount: Int = 401
    ) {
        self.homogeneous = homogeneous
        self.stokesShiftElectronvolts = stokesShiftElectronvolts
        self.grid = grid
        self.continuumAmplitude = continuumAmplitude
        self.nodeCount = nodeCount
    }
}

/// Peak position and width of one band, in wavelength and energy.
public struct SpectralPeak: Sendable, Codable, Equatable {
    /// Peak of the curve as sampled on the wavelength grid, nm.
    public let peakWavelengthNanometres: Double
    /// FWHM of the curve on the wavelength grid, nm (`nil` if it does not fall to half maximum on the grid).
    public let fwhmNanometres: Double?
    /// Peak of the band as a function of energy, eV.
    public let peakElectronvolts: Double
    /// FWHM of the band as a function of energy, meV.
    public let fwhmMillielectronvolts: Double
}

/// A computed ensemble absorption and photoluminescence spectrum.
///
/// Absorbance is the 1S band (plus the optional continuum) normalised to 1 at the 1S maximum; scale it by
/// ε·c·l (see `Extinction`) for absolute values. Photoluminescence is per unit wavelength, as a spectrometer
/// records it: the energy density times the Jacobian |dE/dλ| = hc/λ², normalised to a maximum of 1. Absorbance
/// needs no Jacobian (it is a value at each wavelength, not a density).
public struct EnsembleSpectrum: Sendable, Codable, Equatable {
    /// Grid wavelengths, nm, ascending.
    public let wavelengthsNanometres: [Double]
    /// Absorbance (1S maximum = 1) at each wavelength.
    public let absorbance: [Double]
    /// Photoluminescence (maximum = 1) at each wavelength.
    public let photoluminescence: [Double]
    /// First-exciton absorption band (continuum excluded).
    public let absorption: SpectralPeak
    /// Emission band.
    public let emission: SpectralPeak
    /// Stokes shift at the mean diameter, eV, and where it came from.
    public let stokesShiftElectronvolts: Double
    public let stokesShiftSource: String
    /// Homogeneous line used, and where its width came from.
    public let homogeneous: LineShape
    public let homogeneousSource: String
    /// Linearised inhomogeneous FWHM, 2.3548·|dE/dd|·σ_d, eV.
    public let inhomogeneousFWHMLinearisedElectronvolts: Double
    /// Inhomogeneous FWHM from mapping the distribution through E(d), eV.
    public let inhomogeneousFWHMExactElectronvolts: Double
    /// The sizing model's name and its validity at the mean diameter.
    public let model: String
    public let validity: ValidityFlag

    /// Computes the spectrum of `distribution` for `material` with sizing curve `model`.
    ///
    /// - Throws: `PhysicsError.invalidValue` for a bad diameter, line width, Stokes shift, continuum amplitude
    ///   or grid; `.missingParameter` when `options` leaves the homogeneous width or Stokes shift to the
    ///   defaults and none is tabulated for the material (the message says which option to pass);
    ///   `.outOfDomain` when the sizing curve is not monotonic over the distribution.
    /// - Complexity: O(nodes × grid points) line-shape evaluations (401 × 1501 by default).
    public static func compute(
        material: Material, model: any ConfinementModel, distribution: SizeDistribution,
        options: SpectrumOptions = SpectrumOptions()
    ) throws -> EnsembleSpectrum {
        let meanD = distribution.meanDiameterNanometres
        let first = try model.firstExciton(diameterNanometres: meanD)
        let (homogeneous, homogeneousSource) = try resolveHomogeneous(material: material, options: options)
        let stokes = try resolveStokes(
            material: material, model: model, options: options,
            meanDiameterNanometres: meanD, meanEnergyElectronvolts: first.energyElectronvolts)
        if let r = options.continuumAmplitude, !(r.isFinite && r >= 0) {
            throw PhysicsError(.invalidValue, "Continuum amplitude \(r) is not valid (rule: finite ≥ 0, in units of the 1S peak). Pass e.g. 2, or nil for no continuum.")
        }
        let absorptionBand = try EnsembleBand(
            model: model, distribution: distribution, homogeneous: homogeneous, nodeCount: options.nodeCount)
        let emissionBand = try EnsembleBand(
            model: model, distribution: distribution, homogeneous: homogeneous, nodeCount: options.nodeCount,
            shiftElectronvolts: stokes.perDiameter)
        let linear = try InhomogeneousBroadening.linearisedFWHMElectronvolts(model: model, distribution: distribution)
        let exact = try InhomogeneousBroadening.exactFWHMElectronvolts(model: model, distribution: distribution)
        let totalWidth = (homogeneous.fwhmElectronvolts * homogeneous.fwhmElectronvolts + exact * exact).squareRoot()

        let absorptionEnergy = try energyPeak(of: absorptionBand, around: first.energyElectronvolts, width: totalWidth)
        let emissionEnergy = try energyPeak(
            of: emissionBand, around: first.energyElectronvolts - stokes.atMean, width: totalWidth)

        let grid = try options.grid ?? automaticGrid(
            highElectronvolts: absorptionEnergy.position + 4 * totalWidth + (options.continuumAmplitude == nil ? 0 : 1),
            lowElectronvolts: max(emissionEnergy.position - 4 * totalWidth, 0.5 * emissionEnergy.position),
            narrowestFWHMElectronvolts: min(
                absorptionEnergy.fullWidthAtHalfMaximum ?? totalWidth, emissionEnergy.fullWidthAtHalfMaximum ?? totalWidth))
        let wavelengths = grid.wavelengthsNanometres
        let hc = PhysicalConstants.hcElectronvoltNanometres
        var band = wavelengths.map { absorptionBand.density(atElectronvolts: hc / $0) }
        let bandMax = absorptionEnergy.height
        band = band.map { $0 / bandMax }
        var absorbance = band
        if let r = options.continuumAmplitude, r > 0 {
            for (i, lambda) in wavelengths.enumerated() {
                let e = hc / lambda
                var sum = 0.0
                for (energy, weight) in zip(absorptionBand.energiesElectronvolts, absorptionBand.weights) where e > energy {
                    sum += weight * (e - energy).squareRoot()
                }
                absorbance[i] += r * sum
            }
        }
        var pl = wavelengths.map { emissionBand.density(atElectronvolts: hc / $0) * hc / ($0 * $0) }
        let plMax = pl.max() ?? 0
        if plMax > 0 { pl = pl.map { $0 / plMax } }

        func peak(_ values: [Double], energy: PeakMetrics) throws -> SpectralPeak {
            let onGrid = try PeakMetrics.measure(abscissae: wavelengths, values: values)
            return SpectralPeak(
                peakWavelengthNanometres: onGrid.position, fwhmNanometres: onGrid.fullWidthAtHalfMaximum,
                peakElectronvolts: energy.position, fwhmMillielectronvolts: 1000 * (energy.fullWidthAtHalfMaximum ?? .nan))
        }
        return EnsembleSpectrum(
            wavelengthsNanometres: wavelengths, absorbance: absorbance, photoluminescence: pl,
            absorption: try peak(band, energy: absorptionEnergy), emission: try peak(pl, energy: emissionEnergy),
            stokesShiftElectronvolts: stokes.atMean, stokesShiftSource: stokes.source,
            homogeneous: homogeneous, homogeneousSource: homogeneousSource,
            inhomogeneousFWHMLinearisedElectronvolts: linear, inhomogeneousFWHMExactElectronvolts: exact,
            model: model.name, validity: first.validity)
    }

    /// Peak and FWHM of a band in energy, on a 2001-point grid over ±5 total widths around `centre` (spacing
    /// 0.005 FWHM: linear interpolation of the half-maximum crossings is then accurate to ~1e-5 relative).
    private static func energyPeak(of band: EnsembleBand, around centre: Double, width: Double) throws -> PeakMetrics {
        let span = 5 * width
        let n = 2001
        let energies = (0..<n).map { centre - span + 2 * span * Double($0) / Double(n - 1) }
        return try PeakMetrics.measure(abscissae: energies, values: energies.map { band.density(atElectronvolts: $0) })
    }

    /// Grid from `highElectronvolts` down to `lowElectronvolts` with at least 1501 points and at least 40 points
    /// per FWHM at the blue end (where a band is narrowest in wavelength), capped at 20001 points.
    private static func automaticGrid(
        highElectronvolts: Double, lowElectronvolts: Double, narrowestFWHMElectronvolts: Double
    ) throws -> WavelengthGrid {
        let hc = PhysicalConstants.hcElectronvoltNanometres
        let start = hc / highElectronvolts
        let end = hc / max(lowElectronvolts, 0.05)
        let narrowestNanometres = start * start * narrowestFWHMElectronvolts / hc
        let step = max(min((end - start) / 1500, narrowestNanometres / 40), (end - start) / 20000)
        return try WavelengthGrid(startNanometres: start, endNanometres: end, stepNanometres: step)
    }

    private static func resolveHomogeneous(material: Material, options: SpectrumOptions) throws -> (LineShape, String) {
        if let line = options.homogeneous { return (try line.validated(), "given by the caller") }
        guard let width = OpticalDefaults.homogeneousFWHM(materialID: material.id) else {
            throw PhysicsError(.missingParameter, "No default homogeneous line width is tabulated for \(material.id) (rule: the spectrum needs a single-particle FWHM). Pass SpectrumOptions(homogeneous: .gaussian(fwhmElectronvolts: ...)).")
        }
        return (.gaussian(fwhmElectronvolts: width.value), "\(width.source) [\(width.confidence.rawValue)]")
    }

    private static func resolveStokes(
        material: Material, model: any ConfinementModel, options: SpectrumOptions,
        meanDiameterNanometres: Double, meanEnergyElectronvolts: Double
    ) throws -> (perDiameter: @Sendable (Double) -> Double, atMean: Double, source: String) {
        if let shift = options.stokesShiftElectronvolts {
            guard shift.isFinite else {
                throw PhysicsError(.invalidValue, "Stokes shift \(shift) eV is not valid (rule: a finite energy; positive means emission redder than absorption). Pass it in electronvolts, e.g. 0.03.")
            }
            return ({ _ in shift }, shift, "given by the caller")
        }
        let id = material.id
        guard let atMean = OpticalDefaults.stokesShift(
            materialID: id, diameterNanometres: meanDiameterNanometres, firstExcitonElectronvolts: meanEnergyElectronvolts)
        else {
            throw PhysicsError(.missingParameter, "No default Stokes shift is tabulated for \(id) (rule: the emission band needs one). Pass SpectrumOptions(stokesShiftElectronvolts: ...).")
        }
        let perDiameter: @Sendable (Double) -> Double = { [model] d in
            OpticalDefaults.stokesShift(
                materialID: id, diameterNanometres: d,
                firstExcitonElectronvolts: model.energyUnchecked(diameterNanometres: d))?.value ?? 0
        }
        return (perDiameter, atMean.value, "\(atMean.source) [\(atMean.confidence.rawValue)]")
    }
}
