import Foundation
import QDPhysics

/// Kinetic and surface parameters of one material in the twin, each with its provenance.
///
/// Units: energies J/mol, temperatures K, concentrations mol/L, lengths nm, times s. Rates follow Arrhenius or
/// van 't Hoff laws about `referenceTemperatureKelvin`: x(T) = x_ref·exp(−E/R·(1/T − 1/T_ref)).
///
/// Most values are **effective** parameters calibrated by hand so that the twin reproduces published
/// behaviour (tuning range, focusing then defocusing, effect of time and temperature); the per-field
/// `Sourced` notes say which, what the target was, and where a literature number was used instead. They are
/// not molecular constants: the effective diffusion coefficient, for instance, also absorbs transport through
/// the ligand shell. See docs/twin.md.
public struct ReactorKinetics: Sendable, Codable, Equatable {
    /// Catalogue id of the material ("CdSe").
    public let materialID: String
    /// Temperature about which the Arrhenius laws are written, K.
    public let referenceTemperatureKelvin: Double
    /// Volume of one formula unit in the crystal, nm³ (molar mass / (density · N_A), from the QDPhysics catalogue).
    public let formulaUnitVolumeCubicNanometres: Sourced<Double>
    /// Effective surface free energy γ of the capped particle in solution, J/m². Sets the Gibbs–Thomson
    /// capillary length r₀ = 2γv/(kT) and the nucleation barrier.
    public let surfaceEnergyJoulesPerSquareMetre: Sourced<Double>
    /// Prefactor A of the classical nucleation rate, nuclei per litre per second.
    public let nucleationPrefactorPerLitreSecond: Sourced<Double>
    /// Effective monomer diffusion coefficient D at the reference temperature, nm²/s.
    public let diffusionSquareNanometresPerSecond: Sourced<Double>
    /// Activation energy of D, J/mol.
    public let diffusionActivationJoulesPerMole: Sourced<Double>
    /// Bulk monomer solubility C∞ at the reference temperature and zero ligand, mol/L.
    public let solubilityMolar: Sourced<Double>
    /// Solution enthalpy of the solubility (van 't Hoff), J/mol.
    public let solubilityEnthalpyJoulesPerMole: Sourced<Double>
    /// Ratio D/k_g of diffusion to surface-reaction rate constant (Talapin's reaction length), nm, at the
    /// reference temperature and zero ligand. Small: diffusion-limited (focusing); large: reaction-limited.
    public let reactionLengthNanometres: Sourced<Double>
    /// Transfer coefficient α of the surface reaction (Talapin et al. 2001), dimensionless.
    public let transferCoefficient: Sourced<Double>
    /// Second-order precursor → monomer rate constant k_p at the reference temperature, L/(mol·s).
    public let precursorRateLitresPerMoleSecond: Sourced<Double>
    /// Activation energy of k_p, J/mol.
    public let precursorActivationJoulesPerMole: Sourced<Double>
    /// β in C∞ → C∞·(1 + β·[L]): ligand complexation of the monomer raises its solubility, L/mol.
    public let ligandSolubilityLitresPerMole: Sourced<Double>
    /// K_L in δ → δ·(1 + K_L·[L]): bound ligand slows the surface reaction, L/mol.
    public let ligandSurfaceBlockingLitresPerMole: Sourced<Double>
    /// Ligand binding sites per nm² of particle surface at full coverage.
    public let ligandSitesPerSquareNanometre: Sourced<Double>
    /// PLQY of a perfectly passivated particle (radiative limit of the model), fraction.
    public let maximumPLQY: Sourced<Double>
    /// Surface trapping strength κ in k_nr/k_r = κ·(1 − θ + ε₀)·(4 nm / d̄), dimensionless.
    public let surfaceTrapStrength: Sourced<Double>
    /// Residual trap fraction ε₀ of a fully ligand-covered core (core-only dots are never perfect).
    public let residualTrapFraction: Sourced<Double>
    /// Homogeneous line width for the spectra, eV; `nil` uses `OpticalDefaults.homogeneousFWHM`.
    public let homogeneousFWHMElectronvolts: Sourced<Double>?
    /// Wavelength window of the simulated spectrometer, nm.
    public let spectrumWindowNanometres: ClosedRange<Double>
    /// Reagent names written into records (as in QDData's reagent catalogue).
    public let metalPrecursorName: String
    /// Anion precursor name written into records.
    public let anionPrecursorName: String

    /// Creates a parameter set (use `forMaterial(_:)` for the shipped ones).
    public init(
        materialID: String, referenceTemperatureKelvin: Double, formulaUnitVolumeCubicNanometres: Sourced<Double>,
        surfaceEnergyJoulesPerSquareMetre: Sourced<Double>, nucleationPrefactorPerLitreSecond: Sourced<Double>,
        diffusionSquareNanometresPerSecond: Sourced<Double>, diffusionActivationJoulesPerMole: Sourced<Double>,
        solubilityMolar: Sourced<Double>, solubilityEnthalpyJoulesPerMole: Sourced<Double>,
        reactionLengthNanometres: Sourced<Double>, transferCoefficient: Sourced<Double>,
        precursorRateLitresPerMoleSecond: Sourced<Double>, precursorActivationJoulesPerMole: Sourced<Double>,
        ligandSolubilityLitresPerMole: Sourced<Double>, ligandSurfaceBlockingLitresPerMole: Sourced<Double>,
        ligandSitesPerSquareNanometre: Sourced<Double>, maximumPLQY: Sourced<Double>,
        surfaceTrapStrength: Sourced<Double>, residualTrapFraction: Sourced<Double>,
        homogeneousFWHMElectronvolts: Sourced<Double>?, spectrumWindowNanometres: ClosedRange<Double>,
        metalPrecursorName: String, anionPrecursorName: String
    ) {
        self.materialID = materialID
        self.referenceTemperatureKelvin = referenceTemperatureKelvin
        self.formulaUnitVolumeCubicNanometres = formulaUnitVolumeCubicNanometres
        self.surfaceEnergyJoulesPerSquareMetre = surfaceEnergyJoulesPerSquareMetre
        self.nucleationPrefactorPerLitreSecond = nucleationPrefactorPerLitreSecond
        self.diffusionSquareNanometresPerSecond = diffusionSquareNanometresPerSecond
        self.diffusionActivationJoulesPerMole = diffusionActivationJoulesPerMole
        self.solubilityMolar = solubilityMolar
        self.solubilityEnthalpyJoulesPerMole = solubilityEnthalpyJoulesPerMole
        self.reactionLengthNanometres = reactionLengthNanometres
        self.transferCoefficient = transferCoefficient
        self.precursorRateLitresPerMoleSecond = precursorRateLitresPerMoleSecond
        self.precursorActivationJoulesPerMole = precursorActivationJoulesPerMole
        self.ligandSolubilityLitresPerMole = ligandSolubilityLitresPerMole
        self.ligandSurfaceBlockingLitresPerMole = ligandSurfaceBlockingLitresPerMole
        self.ligandSitesPerSquareNanometre = ligandSitesPerSquareNanometre
        self.maximumPLQY = maximumPLQY
        self.surfaceTrapStrength = surfaceTrapStrength
        self.residualTrapFraction = residualTrapFraction
        self.homogeneousFWHMElectronvolts = homogeneousFWHMElectronvolts
        self.spectrumWindowNanometres = spectrumWindowNanometres
        self.metalPrecursorName = metalPrecursorName
        self.anionPrecursorName = anionPrecursorName
    }

    /// The shipped parameter sets: CdSe, InP, PbS.
    public static let all: [ReactorKinetics] = [cdse, inp, pbs]

    /// The shipped parameters for `materialID` (catalogue id or alias), or `nil`.
    public static func forMaterial(_ materialID: String) -> ReactorKinetics? {
        guard let id = try? MaterialCatalogue.material(materialID).id else { return nil }
        return all.first { $0.materialID == id }
    }

    /// v = M/(ρ·N_A) in nm³ from the QDPhysics catalogue (1 cm³ = 1e21 nm³); NaN if the catalogue lacks a value.
    static func formulaUnitVolume(_ id: String) -> Sourced<Double> {
        let material = try? MaterialCatalogue.material(id)
        guard let m = material?.molarMassGramsPerMole, let rho = material?.densityGramsPerCubicCentimetre else {
            return Sourced(.nan, "missing in the QDPhysics catalogue", .low)
        }
        return Sourced(m / (rho.value * PhysicalConstants.avogadro) * 1e21, "QDPhysics catalogue: molar mass / (density · N_A); density \(rho.source)", rho.confidence)
    }

    static let calibrated = "calibrated by hand in QDTwin (docs/twin.md, 'Calibration'); effective value, not a molecular constant"
    static let bullen = "ligand trend: Bullen & Mulvaney, Nano Lett. 4, 2303 (2004) (more oleic acid → higher monomer solubility, fewer nuclei, larger dots); magnitude calibrated"
    static let talapin = "Talapin, Rogach, Haase & Weller, J. Phys. Chem. B 105, 12278 (2001): α ≈ 0.5"
    static let owen = "trend: Hendricks, Campos & Owen, Science 348, 1226 (2015) (precursor conversion rate sets nucleus count); magnitude calibrated"
    static let sites = "oleate coverage of metal-rich CdSe ≈ 3–5 nm⁻² (Anderson, Hendricks, Choi & Owen, JACS 135, 18536 (2013)); value chosen in that range"

    /// CdSe from Cd oleate + TOP-Se in octadecene (model v1.1). Calibration targets (docs/twin.md,
    /// 'Calibration'): first exciton tunable ≈ 480–650 nm by time and temperature inside `RecipeBounds.standard`
    /// (reached: 1S ≈ 440–670 nm); size focusing while precursor lasts, then defocusing by ripening (Peng,
    /// Wickham & Alivisatos, JACS 120, 5343 (1998)) — reached: at 270 °C σ/d 8.3 % (2 min) → 6.4 % (6 min) →
    /// 12.6 % (40 min); a narrow product at 620 nm emission — reached: 270 °C, 10 min: PL 618 nm, FWHM 23 nm,
    /// σ/d 6.7 %. What makes focusing possible: slow precursor conversion (supply lasts minutes, Owen's
    /// mechanism), diffusion-limited growth (δ ≪ r) and a high nucleation threshold (large γ with a large A), so
    /// growth runs at S ≫ exp(r₀/r) without renewed nucleation (Talapin et al. 2001's focusing condition).
    public static let cdse = ReactorKinetics(
        materialID: "CdSe", referenceTemperatureKelvin: 543.15,
        formulaUnitVolumeCubicNanometres: formulaUnitVolume("CdSe"),
        surfaceEnergyJoulesPerSquareMetre: Sourced(0.11, "calibrated: r₀ = 2γv/kT ≈ 1.65 nm at 270 °C, nucleation at S ≈ 9–10; " + calibrated, .low),
        nucleationPrefactorPerLitreSecond: Sourced(1e32, "calibrated with γ (a sharp burst: the barrier falls steeply with S); " + calibrated, .low),
        diffusionSquareNanometresPerSecond: Sourced(300, calibrated, .low),
        diffusionActivationJoulesPerMole: Sourced(60_000, calibrated, .low),
        solubilityMolar: Sourced(2e-4, calibrated, .low),
        solubilityEnthalpyJoulesPerMole: Sourced(50_000, calibrated, .low),
        reactionLengthNanometres: Sourced(0.05, "calibrated: diffusion-limited growth (δ ≪ r), the regime in which Talapin et al. 2001 find focusing", .low),
        transferCoefficient: Sourced(0.5, talapin, .medium),
        precursorRateLitresPerMoleSecond: Sourced(0.05, owen + "; slow enough that supply lasts ≈ 10 min at 270 °C (1/(k_p·[Se]) ≈ 8 min)", .low),
        precursorActivationJoulesPerMole: Sourced(80_000, calibrated, .low),
        ligandSolubilityLitresPerMole: Sourced(5, bullen, .low),
        ligandSurfaceBlockingLitresPerMole: Sourced(5, bullen, .low),
        ligandSitesPerSquareNanometre: Sourced(4.0, sites, .medium),
        maximumPLQY: Sourced(0.9, "assumed radiative limit; " + calibrated, .low),
        surfaceTrapStrength: Sourced(30, "calibrated: oleate-capped core-only CdSe PLQY ≈ 10–30 % (typical literature range)", .low),
        residualTrapFraction: Sourced(0.1, calibrated, .low),
        homogeneousFWHMElectronvolts: nil, spectrumWindowNanometres: 400...800,
        metalPrecursorName: "cadmium oxide", anionPrecursorName: "selenium")

    /// InP from indium myristate + P(SiMe₃)₃. First-pass hand calibration (four sets compared): first exciton
    /// ≈ 560–650 nm from 230 °C/2 min to 300 °C/30 min with near-complete yield; bluer InP (450–550 nm, common
    /// in the literature) is not reached yet. Same model as CdSe; values differ where noted.
    public static let inp = ReactorKinetics(
        materialID: "InP", referenceTemperatureKelvin: 543.15,
        formulaUnitVolumeCubicNanometres: formulaUnitVolume("InP"),
        surfaceEnergyJoulesPerSquareMetre: Sourced(0.06, calibrated, .low),
        nucleationPrefactorPerLitreSecond: Sourced(1e26, calibrated, .low),
        diffusionSquareNanometresPerSecond: Sourced(2_000, calibrated, .low),
        diffusionActivationJoulesPerMole: Sourced(60_000, calibrated, .low),
        solubilityMolar: Sourced(5e-5, "calibrated: lower solubility than CdSe, hence weak ripening; " + calibrated, .low),
        solubilityEnthalpyJoulesPerMole: Sourced(50_000, calibrated, .low),
        reactionLengthNanometres: Sourced(2.0, "calibrated: more reaction-limited than CdSe", .low),
        transferCoefficient: Sourced(0.5, talapin, .medium),
        precursorRateLitresPerMoleSecond: Sourced(1.0, "P(SiMe₃)₃ is depleted early (Gary, Terban, Billinge & Cossairt, Chem. Mater. 27, 1432 (2015)); magnitude calibrated", .low),
        precursorActivationJoulesPerMole: Sourced(50_000, calibrated, .low),
        ligandSolubilityLitresPerMole: Sourced(5, bullen + " (CdSe trend assumed for InP)", .low),
        ligandSurfaceBlockingLitresPerMole: Sourced(5, bullen + " (CdSe trend assumed for InP)", .low),
        ligandSitesPerSquareNanometre: Sourced(4.0, sites + " (CdSe value assumed for InP)", .low),
        maximumPLQY: Sourced(0.9, "assumed radiative limit; " + calibrated, .low),
        surfaceTrapStrength: Sourced(150, "calibrated: core-only InP PLQY is typically < 5 % (oxidised, trap-rich surface)", .low),
        residualTrapFraction: Sourced(0.1, calibrated, .low),
        homogeneousFWHMElectronvolts: nil, spectrumWindowNanometres: 380...800,
        metalPrecursorName: "indium myristate", anionPrecursorName: "tris(trimethylsilyl)phosphine")
}

extension ReactorKinetics {
    /// PbS from lead oleate (PbO + oleic acid in octadecene) and bis(trimethylsilyl)sulfide, the Hines–Scholes
    /// hot injection (Hines & Scholes, Adv. Mater. 15, 1844 (2003): first exciton ≈ 800–1800 nm, size set by the
    /// injection temperature and the oleic acid amount, (TMS)₂S reacting within seconds). Same model as CdSe;
    /// calibration targets: first exciton ≈ 800–1600 nm inside `RecipeBounds.standard` (which start at 150 °C,
    /// above Hines–Scholes' 90–150 °C injections), more oleic acid → larger dots, a fast burst from the reactive
    /// sulfide. Values reached are in docs/twin.md.
    public static let pbs = ReactorKinetics(
        materialID: "PbS", referenceTemperatureKelvin: 423.15,
        formulaUnitVolumeCubicNanometres: formulaUnitVolume("PbS"),
        surfaceEnergyJoulesPerSquareMetre: Sourced(0.07, "calibrated: r₀ = 2γv/kT ≈ 1.25 nm at 150 °C; " + calibrated, .low),
        nucleationPrefactorPerLitreSecond: Sourced(1e30, calibrated, .low),
        diffusionSquareNanometresPerSecond: Sourced(300, calibrated, .low),
        diffusionActivationJoulesPerMole: Sourced(40_000, calibrated, .low),
        solubilityMolar: Sourced(2e-4, calibrated, .low),
        solubilityEnthalpyJoulesPerMole: Sourced(15_000, "calibrated: weaker than CdSe's so that dots still nucleate at 250 °C inside the bounds; " + calibrated, .low),
        reactionLengthNanometres: Sourced(0.05, "diffusion-limited growth, as CdSe v1.1", .low),
        transferCoefficient: Sourced(0.5, talapin, .medium),
        precursorRateLitresPerMoleSecond: Sourced(5, "(TMS)₂S converts within seconds (Hines & Scholes 2003; Hendricks, Campos & Owen 2015); magnitude calibrated", .low),
        precursorActivationJoulesPerMole: Sourced(40_000, calibrated, .low),
        ligandSolubilityLitresPerMole: Sourced(20, "trend: Hines & Scholes 2003 (more oleic acid → larger PbS dots); magnitude calibrated", .low),
        ligandSurfaceBlockingLitresPerMole: Sourced(5, bullen + " (CdSe trend assumed for PbS)", .low),
        ligandSitesPerSquareNanometre: Sourced(3.0, "oleate on PbS {111} ≈ 3 nm⁻² (Moreels et al., ACS Nano 5, 2004 (2011) report 3.0 nm⁻²)", .medium),
        maximumPLQY: Sourced(0.6, "assumed: oleate-capped PbS QYs up to ≈ 50–60 % in the literature; " + calibrated, .low),
        surfaceTrapStrength: Sourced(10, calibrated, .low),
        residualTrapFraction: Sourced(0.1, calibrated, .low),
        homogeneousFWHMElectronvolts: Sourced(0.07, "assumed: QDPhysics tabulates no PbS single-dot width; room-temperature single-dot PbS widths are reported in the tens of meV, 70 meV chosen (low confidence)", .low),
        spectrumWindowNanometres: 600...2200,
        metalPrecursorName: "lead oxide", anionPrecursorName: "bis(trimethylsilyl)sulfide")
}
