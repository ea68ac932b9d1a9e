import Foundation
import Testing
@testable import QDPhysics

@Suite("Inhomogeneous broadening and size-dispersion inverse")
struct OpticsBroadeningTests {
    static let cdse = PublishedCurve.jasieniakCdSe
    static let pbs = PublishedCurve.moreelsPbS

    /// physics.md §4 table at σ_d/d = 5 % (values rounded there to 1 meV): CdSe 2.5/4.0/6.0 nm → 116/56/39 meV,
    /// PbS 3.0/6.0 nm → 133/61 meV. Same formulas, so the only differences are the table's rounding (≤ 0.5 meV)
    /// and the finite-difference step (< 1e-6 relative): tolerance 0.6 meV.
    @Test("Linearised inhomogeneous FWHM matches the physics reference table", arguments: [
        ("CdSe", 2.5, 116.0), ("CdSe", 4.0, 56.0), ("CdSe", 6.0, 39.0), ("PbS", 3.0, 133.0), ("PbS", 6.0, 61.0),
    ])
    func referenceTable(material: String, diameter: Double, expectedMillielectronvolts: Double) throws {
        let model = material == "CdSe" ? Self.cdse : Self.pbs
        let distribution = try SizeDistribution(meanDiameterNanometres: diameter, relativeStandardDeviation: 0.05)
        let fwhm = try InhomogeneousBroadening.linearisedFWHMElectronvolts(model: model, distribution: distribution)
        #expect(abs(1000 * fwhm - expectedMillielectronvolts) < 0.6, "\(material) \(diameter) nm: \(1000 * fwhm) meV")
    }

    /// physics.md §4 check: CdSe 4 nm, 5 % spread + 60 meV homogeneous → ~82 meV. √(55.66² + 60²) = 81.84 meV;
    /// the reference quotes "~82", so tolerance 0.5 meV around 82.
    @Test("CdSe 4.0 nm, 5 % plus 60 meV homogeneous gives ~82 meV")
    func cdseTotalWidth() throws {
        let distribution = try SizeDistribution(meanDiameterNanometres: 4, relativeStandardDeviation: 0.05)
        let total = try SizeDispersion.totalFWHMElectronvolts(model: Self.cdse, distribution: distribution, homogeneousFWHMElectronvolts: 0.060)
        #expect(abs(1000 * total - 82) < 0.5)
    }

    /// For a small spread E(d) is nearly linear over ±3σ, so the exact mapped width equals the linearised
    /// one to second order in σ/d: at 2 % the relative difference is < 1 %. At 15 % the skew of E ∝ d^−n makes
    /// the exact width differ visibly (checked > 1 %), which is why both are reported.
    @Test("Exact mapped width converges to the linearised one for narrow distributions")
    func exactVersusLinear() throws {
        let narrow = try SizeDistribution(meanDiameterNanometres: 4, relativeStandardDeviation: 0.02)
        let exact = try InhomogeneousBroadening.exactFWHMElectronvolts(model: Self.cdse, distribution: narrow)
        let linear = try InhomogeneousBroadening.linearisedFWHMElectronvolts(model: Self.cdse, distribution: narrow)
        #expect(abs(exact / linear - 1) < 0.01)
        let wide = try SizeDistribution(meanDiameterNanometres: 3, relativeStandardDeviation: 0.15)
        let exactWide = try InhomogeneousBroadening.exactFWHMElectronvolts(model: Self.pbs, distribution: wide)
        let linearWide = try InhomogeneousBroadening.linearisedFWHMElectronvolts(model: Self.pbs, distribution: wide)
        #expect(abs(exactWide / linearWide - 1) > 0.01)
    }

    /// Uses the closed-form PbS curve, defined at every size the ±6σ grid reaches.
    @Test("A wider size distribution gives a wider line", arguments: [0.02, 0.05, 0.10])
    func monotonicInSpread(spread: Double) throws {
        let a = try SizeDistribution(meanDiameterNanometres: 5, relativeStandardDeviation: spread)
        let b = try SizeDistribution(meanDiameterNanometres: 5, relativeStandardDeviation: spread * 1.5)
        #expect(try InhomogeneousBroadening.exactFWHMElectronvolts(model: Self.pbs, distribution: b)
            > InhomogeneousBroadening.exactFWHMElectronvolts(model: Self.pbs, distribution: a))
        #expect(try InhomogeneousBroadening.linearisedFWHMElectronvolts(model: Self.pbs, distribution: b)
            > InhomogeneousBroadening.linearisedFWHMElectronvolts(model: Self.pbs, distribution: a))
    }

    /// Inverse ∘ forward = identity: the inverse solves the same closed form, so the only error is the
    /// diameter inversion (Brent to 1e-13 nm) and the slope difference: tolerance 1e-6 relative.
    @Test("Dispersion inverse undoes the forward width", arguments: [(4.0, 0.05, 0.06), (2.5, 0.10, 0.05), (6.0, 0.08, 0.0)])
    func inverseOfForward(diameter: Double, spread: Double, homogeneous: Double) throws {
        let distribution = try SizeDistribution(meanDiameterNanometres: diameter, relativeStandardDeviation: spread)
        let fwhm = try SizeDispersion.totalFWHMElectronvolts(model: Self.cdse, distribution: distribution, homogeneousFWHMElectronvolts: homogeneous)
        let peak = Self.cdse.energyUnchecked(diameterNanometres: diameter)
        let estimate = try SizeDispersion.fromFWHM(
            measuredFWHMElectronvolts: fwhm, peakElectronvolts: peak, homogeneousFWHMElectronvolts: homogeneous, model: Self.cdse)
        #expect(abs(estimate.diameterNanometres / diameter - 1) < 1e-6)
        #expect(abs(estimate.relativeStandardDeviation / spread - 1) < 1e-6)
    }

    /// The wavelength form converts the width exactly; feeding it back in energy must agree to rounding.
    @Test("Wavelength and energy forms of the inverse agree, including the Stokes shift")
    func wavelengthForm() throws {
        let stokes = 0.03
        let peakEnergy = Self.cdse.energyUnchecked(diameterNanometres: 4) - stokes
        let hc = PhysicalConstants.hcElectronvoltNanometres
        let lambda = hc / peakEnergy, width = 25.0
        let byWavelength = try SizeDispersion.fromFWHM(
            measuredFWHMNanometres: width, peakWavelengthNanometres: lambda, homogeneousFWHMElectronvolts: 0.06,
            model: Self.cdse, stokesShiftElectronvolts: stokes)
        let widthEnergy = hc / (lambda - width / 2) - hc / (lambda + width / 2)
        let byEnergy = try SizeDispersion.fromFWHM(
            measuredFWHMElectronvolts: widthEnergy, peakElectronvolts: peakEnergy, homogeneousFWHMElectronvolts: 0.06,
            model: Self.cdse, stokesShiftElectronvolts: stokes)
        #expect(abs(byWavelength.relativeStandardDeviation - byEnergy.relativeStandardDeviation) < 1e-12)
        #expect(abs(byWavelength.diameterNanometres - 4) < 1e-6)
    }

    @Test("A measured FWHM narrower than the homogeneous width is an error naming both")
    func narrowerThanHomogeneous() {
        do {
            _ = try SizeDispersion.fromFWHM(measuredFWHMElectronvolts: 0.050, peakElectronvolts: 2.13, homogeneousFWHMElectronvolts: 0.060, model: Self.cdse)
            Issue.record("accepted FWHM below homogeneous width")
        } catch let error as PhysicsError {
            #expect(error.kind == .invalidValue)
            #expect(error.message.contains("50.0 meV"))
            #expect(error.message.contains("60.0 meV"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("Homogeneous-only: a measured width equal to the homogeneous one means no size spread")
    func homogeneousOnly() throws {
        let estimate = try SizeDispersion.fromFWHM(measuredFWHMElectronvolts: 0.06, peakElectronvolts: 2.13, homogeneousFWHMElectronvolts: 0.06, model: Self.cdse)
        #expect(estimate.relativeStandardDeviation == 0)
    }

    @Test("Bad widths and peaks are rejected", arguments: [(-0.05, 2.1, 0.06), (Double.nan, 2.1, 0.06), (0.08, -2.0, 0.06), (0.08, 2.1, -0.01)])
    func badInverseInput(fwhm: Double, peak: Double, homogeneous: Double) {
        #expect(throws: PhysicsError.self) {
            try SizeDispersion.fromFWHM(measuredFWHMElectronvolts: fwhm, peakElectronvolts: peak, homogeneousFWHMElectronvolts: homogeneous, model: Self.cdse)
        }
    }
}
