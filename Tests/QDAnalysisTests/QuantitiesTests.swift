import Foundation
import QDCore
import QDPhysics
import Testing
@testable import QDAnalysis

@Suite("Size, concentration, PLQY, unmixing and colour")
struct QuantitiesTests {
    @Test("absorbance → diameter, dispersion and concentration agree with QDPhysics' forward model (round trip)")
    func absorbanceRoundTrip() throws {
        let spectrum = try EnsembleSpectrum.compute(materialID: "CdSe", meanDiameterNanometres: 3.5, relativeStandardDeviation: 0.06)
        let s = try Spectrum(x: spectrum.wavelengthsNanometres, y: spectrum.absorbance, label: "CdSe 3.5 nm")
        let report = try AbsorbanceAnalysis.analyze(s, materialID: "CdSe")
        // The forward spectrum's 1S peak sits within a few nm of the model's own diameter → wavelength; the
        // second-derivative position differs from the apex by < 3 nm, i.e. < 0.1 nm in diameter at 3.5 nm.
        #expect(abs(report.firstExciton.wavelengthNanometres - spectrum.absorption.peakWavelengthNanometres) < 3)
        #expect(abs(report.diameterNanometres - 3.5) < 0.1)
        let rsd = try #require(report.relativeStandardDeviation)
        // The red half-width includes the homogeneous line and the tail of higher transitions: within 0.03 of 6 %.
        #expect(abs(rsd - 0.06) < 0.03)
        let c = try #require(report.concentration)
        #expect(c.molar > 0)
        // Concentration is A/(ε·l): scaling the spectrum scales it linearly.
        let doubled = try AbsorbanceAnalysis.analyze(try s.replacingValues(s.y.map { 2 * $0 }), materialID: "CdSe")
        #expect(abs((doubled.concentration?.molar ?? 0) / c.molar - 2) < 0.01)
    }

    @Test("unknown material and carbon dots give clear errors")
    func badMaterial() throws {
        let s = try Synthetic.quantumDotAbsorbance(exciton: 550)
        #expect(throws: PhysicsError.self) { try AbsorbanceAnalysis.analyze(s, materialID: "Unobtainium") }
        #expect(throws: PhysicsError.self) { try AbsorbanceAnalysis.analyze(s, materialID: "C-dots") }
    }

    @Test("relative PLQY: the formula, refractive-index correction, absorptance and bad input")
    func quantumYield() throws {
        let x = Synthetic.grid(300, 900, 0.5)
        func absorbance(_ a: Double) throws -> Spectrum { try Spectrum(x: x, y: x.map { $0 < 500 ? a : 0 }) }
        func emission(_ scale: Double) throws -> Spectrum { try Spectrum(x: x, y: x.map { scale * Synthetic.gaussian($0, centre: 550, height: 1000, fwhm: 40) }) }
        let recipe = QuantumYieldRecipe(baselineWindow: nil, medianPoints: 1)
        let qy = try QuantumYield.relative(
            sampleAbsorbance: try absorbance(0.05), sampleEmission: try emission(0.5),
            referenceAbsorbance: try absorbance(0.04), referenceEmission: try emission(1), referenceQuantumYield: 0.54, recipe: recipe)
        // Φ = 0.54 × 0.5 × 0.04/0.05 = 0.216.
        #expect(abs(qy.quantumYield - 0.216) < 1e-9)
        #expect(abs(qy.peakNanometres - 550) < 0.5)
        #expect(abs((qy.fwhmNanometres ?? 0) - 40) < 0.5)
        let corrected = try QuantumYield.relative(
            sampleAbsorbance: try absorbance(0.05), sampleEmission: try emission(0.5), referenceAbsorbance: try absorbance(0.04),
            referenceEmission: try emission(1), referenceQuantumYield: 0.54, sampleRefractiveIndex: 1.497, referenceRefractiveIndex: 1.333, recipe: recipe)
        #expect(abs(corrected.quantumYield - 0.216 * (1.497 * 1.497) / (1.333 * 1.333)) < 1e-9)
        var absorptance = recipe
        absorptance.absorptionFactor = .absorptance
        let exact = try QuantumYield.relative(
            sampleAbsorbance: try absorbance(0.05), sampleEmission: try emission(0.5), referenceAbsorbance: try absorbance(0.04),
            referenceEmission: try emission(1), referenceQuantumYield: 0.54, recipe: absorptance)
        #expect(abs(exact.quantumYield - 0.54 * 0.5 * (1 - pow(10, -0.04)) / (1 - pow(10, -0.05))) < 1e-9)
        #expect(throws: AnalysisError.self) {
            try QuantumYield.relative(sampleAbsorbance: try absorbance(0.05), sampleEmission: try emission(1), referenceAbsorbance: try absorbance(0.04), referenceEmission: try emission(1), referenceQuantumYield: 54, recipe: recipe)
        }
        #expect(throws: AnalysisError.self) {
            try QuantumYield.relative(sampleAbsorbance: try absorbance(0), sampleEmission: try emission(1), referenceAbsorbance: try absorbance(0.04), referenceEmission: try emission(1), referenceQuantumYield: 0.54, recipe: recipe)
        }
        let clipped = try Spectrum(x: x, y: x.map { min(600, Synthetic.gaussian($0, centre: 550, height: 1000, fwhm: 40)) })
        #expect { try QuantumYield.relative(sampleAbsorbance: try absorbance(0.05), sampleEmission: clipped, referenceAbsorbance: try absorbance(0.04), referenceEmission: try emission(1), referenceQuantumYield: 0.54, recipe: recipe) } throws: {
            ($0 as? AnalysisError)?.kind == .saturated
        }
    }

    /// SciPy 1.17.1 `optimize.nnls` (bench/analysis_reference.py); tolerance 1e-9 (same active set, LAPACK solve).
    @Test("NNLS matches SciPy and unmixing recovers mixture weights")
    func nnls() throws {
        let a = try Matrix([[1.0, 0.5, 0.2], [0.3, 1.0, 0.1], [0.2, 0.4, 1.0], [0.9, 0.1, 0.3], [0.5, 0.5, 0.5]])
        let (x, norm) = try NonNegativeLeastSquares.solve(a, [1.0, -0.5, 0.8, 0.9, 0.2])
        for (got, want) in zip(x, [0.660627568173, 0.0, 0.498132237579]) { #expect(abs(got - want) < 1e-9) }
        #expect(abs(norm - 0.902253021886) < 1e-9)
        let grid = Synthetic.grid(400, 700, 1)
        let green = try Spectrum(x: grid, y: grid.map { Synthetic.gaussian($0, centre: 530, height: 1, fwhm: 30) }, label: "green")
        let red = try Spectrum(x: grid, y: grid.map { Synthetic.gaussian($0, centre: 630, height: 1, fwhm: 35) }, label: "red")
        let blue = try Spectrum(x: grid, y: grid.map { Synthetic.gaussian($0, centre: 460, height: 1, fwhm: 25) }, label: "blue")
        let noise = Synthetic.noise(grid.count, sigma: 0.002, seed: 5)
        let mix = try Spectrum(x: grid, y: (0..<grid.count).map { 0.3 * green.y[$0] + 0.7 * red.y[$0] + noise[$0] })
        let result = try SpectralUnmixing.unmix(mix, components: [green, red, blue])
        #expect(abs(result.weights[0] - 0.3) < 0.005 && abs(result.weights[1] - 0.7) < 0.005)
        #expect(result.weights[2] < 0.005)
        #expect(throws: AnalysisError.self) { try SpectralUnmixing.unmix(mix, components: []) }
        let short = try Spectrum(x: Synthetic.grid(500, 600, 1), y: Synthetic.grid(500, 600, 1).map { _ in 1 })
        #expect(throws: AnalysisError.self) { try SpectralUnmixing.unmix(mix, components: [short]) }
    }

    /// CIE 1931 2° spectral locus, CIE 015:2018 table (x, y at 480, 520, 600 nm, four decimals as published).
    /// Tolerance 0.02: the analytic fit (Wyman et al. 2013, eq. 2) departs from the table by up to 0.015 in the
    /// green (520 nm: y 0.820 against 0.834), measured here.
    @Test("CIE 1931 locus points, monochromatic purity and a green QD emitter")
    func colour() throws {
        for (l, x, y) in [(480.0, 0.0913, 0.1327), (520, 0.0743, 0.8338), (600, 0.6270, 0.3725)] {
            let p = CIE1931.locus(l)
            #expect(abs(p.x - x) < 0.02 && abs(p.y - y) < 0.02, "\(l) nm")
        }
        let grid = Synthetic.grid(380, 780, 0.5)
        let narrow = try Spectrum(x: grid, y: grid.map { Synthetic.gaussian($0, centre: 530, height: 1, fwhm: 2) })
        let c = try CIE1931.chromaticity(of: narrow)
        #expect(abs(c.dominantWavelengthNanometres - 530) < 1)
        #expect(c.colourPurity > 0.97)
        let broad = try Spectrum(x: grid, y: grid.map { Synthetic.gaussian($0, centre: 530, height: 1, fwhm: 80) })
        let b = try CIE1931.chromaticity(of: broad)
        #expect(b.colourPurity < c.colourPurity)
        let flat = try Spectrum(x: grid, y: grid.map { _ in 1 })
        let white = try CIE1931.chromaticity(of: flat)
        // Equal-energy light sits at the E white point up to the fit's integral error.
        #expect(abs(white.x - 1 / 3) < 0.01 && abs(white.y - 1 / 3) < 0.01)
        let purple = try Spectrum(x: grid, y: grid.map { Synthetic.gaussian($0, centre: 440, height: 1, fwhm: 10) + Synthetic.gaussian($0, centre: 680, height: 3, fwhm: 10) })
        #expect(try CIE1931.chromaticity(of: purple).dominantWavelengthNanometres < 0)
        let dark = try Spectrum(x: grid, y: grid.map { _ in -1 })
        #expect(throws: AnalysisError.self) { try CIE1931.chromaticity(of: dark) }
    }
}
