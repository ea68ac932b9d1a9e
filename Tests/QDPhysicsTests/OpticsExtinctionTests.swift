import Foundation
import Testing
@testable import QDPhysics

@Suite("Extinction coefficients and Beer–Lambert concentration")
struct OpticsExtinctionTests {
    /// Reference values evaluated by hand from the published laws (physics.md §2), e.g. 5857·4^2.65 =
    /// 230746.0; Moreels 0.0233·5³ µM⁻¹cm⁻¹ = 2.9125 µM⁻¹cm⁻¹ = 2.9125e6 M⁻¹cm⁻¹. Same formula, so the
    /// tolerance is rounding of the printed references: 1e-6 relative.
    @Test("Laws reproduce hand-evaluated values", arguments: [
        (ExtinctionLaw.yu2003CdSe, 4.0, 2.13, 230_746.0105),
        (ExtinctionLaw.yu2003CdTe, 3.0, 2.3, 103_124.1834),
        (ExtinctionLaw.yu2003CdS, 3.0, 2.9, 269_490.7905),
        (ExtinctionLaw.jasieniak2009CdSe, 4.0, 2.13, 269_472.0484),
        (ExtinctionLaw.moreels2009PbS, 5.0, 1.0, 2_912_500.0),
        (ExtinctionLaw.moreels2007PbSe, 5.0, 0.8, 3_462_500.0),
    ])
    func referenceValues(law: ExtinctionLaw, diameter: Double, energy: Double, expected: Double) throws {
        let epsilon = try law.coefficient(diameterNanometres: diameter, firstExcitonElectronvolts: energy)
        #expect(abs(epsilon.molarPerCentimetre / expected - 1) < 1e-6, "\(law): \(epsilon.molarPerCentimetre)")
    }

    @Test("Moreels laws apply at 400 nm, the others at the 1S peak")
    func whereMeasured() throws {
        let pbs = try ExtinctionLaw.moreels2009PbS.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: 1.1)
        #expect(pbs.wavelengthNanometres == 400 && pbs.whereMeasured == "400 nm")
        let cdse = try ExtinctionLaw.yu2003CdSe.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: 2.13)
        #expect(abs(cdse.wavelengthNanometres - 1239.841984 / 2.13) < 1e-9)
    }

    /// Cross-check of two independent CdSe calibrations at 4 nm (582 nm): Yu 2.31e5 vs Jasieniak 2.69e5.
    /// Published comparisons put them within ~20 % of each other; a units slip would be orders of magnitude.
    @Test("Yu and Jasieniak CdSe ε agree within 20 % at 4 nm")
    func cdseCalibrationsAgree() throws {
        let e = PublishedCurve.jasieniakCdSe.energyUnchecked(diameterNanometres: 4)
        let yu = try ExtinctionLaw.yu2003CdSe.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: e)
        let jas = try ExtinctionLaw.jasieniak2009CdSe.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: e)
        #expect(abs(jas.molarPerCentimetre / yu.molarPerCentimetre - 1) < 0.2)
    }

    /// Jasieniak linewidth option: ε × 0.06/HWHM; at HWHM = 0.06 eV it is unchanged, at 0.12 eV halved.
    @Test("Jasieniak HWHM correction scales as 0.06 eV / HWHM")
    func jasieniakLinewidth() throws {
        let law = ExtinctionLaw.jasieniak2009CdSe
        let plain = try law.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: 2.13)
        let same = try law.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: 2.13, firstExcitonHWHMElectronvolts: 0.06)
        let broad = try law.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: 2.13, firstExcitonHWHMElectronvolts: 0.12)
        #expect(abs(same.molarPerCentimetre - plain.molarPerCentimetre) < 1e-6)
        #expect(abs(broad.molarPerCentimetre / plain.molarPerCentimetre - 0.5) < 1e-12)
        #expect(plain.citation.contains("no linewidth correction"))
        #expect(throws: PhysicsError.self) { try law.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: 2.13, firstExcitonHWHMElectronvolts: -1) }
    }

    /// A = 0.5, l = 1 cm, ε(PbS 5 nm, 400 nm) = 2.9125e6 → c = 1.71674e-7 M; N = c·N_A/1000 = 1.03384e14 /mL;
    /// mass = N·(π·5³/6 nm³)(1e-21 cm³/nm³)(7.60 g/cm³)(1000 mg/g) = 0.0514253 mg/mL. Arithmetic only: 1e-9.
    @Test("Beer–Lambert concentration, particle number and mass")
    func concentration() throws {
        let epsilon = try ExtinctionLaw.moreels2009PbS.coefficient(diameterNanometres: 5, firstExcitonElectronvolts: 1)
        let c = try Concentration.fromAbsorbance(0.5, pathLengthCentimetres: 1, extinction: epsilon, diameterNanometres: 5, densityGramsPerCubicCentimetre: 7.60)
        #expect(abs(c.molar / 1.716_738_197_4e-7 - 1) < 1e-9)
        #expect(abs(c.particlesPerMillilitre / 1.033_843_907_296e14 - 1) < 1e-9)
        let mass = try #require(c.milligramsPerMillilitre)
        #expect(abs(mass / 0.051_425_343_38 - 1) < 1e-9)
        // Twice the path, half the concentration.
        let c2 = try Concentration.fromAbsorbance(0.5, pathLengthCentimetres: 2, extinction: epsilon, diameterNanometres: 5)
        #expect(abs(c2.molar / c.molar - 0.5) < 1e-15)
        #expect(c2.milligramsPerMillilitre == nil)
    }

    /// From the peak: the size comes from the model (inverse), then ε; PbS at the 5 nm peak must give the same
    /// numbers as the direct call (Brent inversion to 1e-13 nm: tolerance 1e-9 relative).
    @Test("Concentration from the 1S peak uses the model's size")
    func concentrationFromPeak() throws {
        let model = PublishedCurve.moreelsPbS
        let peak = PhysicalConstants.nanometres(fromElectronvolts: model.energyUnchecked(diameterNanometres: 5))
        let material = try OpticsFixture.material("PbS")
        let c = try Concentration.fromAbsorbance(0.5, pathLengthCentimetres: 1, peakWavelengthNanometres: peak, material: material, model: model, law: try ExtinctionLaw.defaultLaw(forMaterialID: "PbS"))
        #expect(abs(c.diameterNanometres - 5) < 1e-9)
        #expect(abs(c.molar / 1.716_738_197_4e-7 - 1) < 1e-9)
        #expect(c.milligramsPerMillilitre != nil)
    }

    @Test("Bad inputs are rejected with the rule")
    func badInput() throws {
        let epsilon = try ExtinctionLaw.yu2003CdSe.coefficient(diameterNanometres: 4, firstExcitonElectronvolts: 2.1)
        for (a, l) in [(-0.1, 1.0), (Double.nan, 1.0), (0.5, 0.0), (0.5, -1.0)] {
            do {
                _ = try Concentration.fromAbsorbance(a, pathLengthCentimetres: l, extinction: epsilon, diameterNanometres: 4)
                Issue.record("accepted A = \(a), l = \(l)")
            } catch let error as PhysicsError {
                #expect(error.kind == .invalidValue && error.message.contains("rule:"))
            }
        }
        #expect(throws: PhysicsError.self) { try ExtinctionLaw.yu2003CdS.coefficient(diameterNanometres: -3, firstExcitonElectronvolts: 2.9) }
        do {
            _ = try ExtinctionLaw.defaultLaw(forMaterialID: "InP")
            Issue.record("InP has no law")
        } catch let error as PhysicsError {
            #expect(error.kind == .unsupportedModel && error.message.contains("InP"))
        }
    }
}
