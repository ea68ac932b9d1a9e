import Foundation
import Testing
@testable import QDAnalysis

@Suite("Peaks, first exciton and Stokes shift")
struct PeakTests {
    @Test("peak detection finds two bands with their prominences and widths, and ignores noise")
    func detection() throws {
        let x = Synthetic.grid(400, 700, 0.5)
        let noise = Synthetic.noise(x.count, sigma: 0.002, seed: 11)
        let y = (0..<x.count).map { Synthetic.gaussian(x[$0], centre: 480, height: 1, fwhm: 20) + Synthetic.gaussian(x[$0], centre: 600, height: 0.5, fwhm: 40) + noise[$0] }
        let peaks = PeakFinder.peaks(in: try Spectrum(x: x, y: y), minimumProminence: 0.1)
        #expect(peaks.count == 2)
        // Noise σ = 0.002 on a band of height 1 moves the apex by well under a grid step and the FWHM by < 2 %.
        #expect(abs(peaks[0].position - 480) < 0.5)
        #expect(abs(peaks[1].position - 600) < 1)
        #expect(abs((peaks[0].fwhm ?? 0) - 20) < 0.4)
        #expect(abs((peaks[1].fwhm ?? 0) - 40) < 0.8)
        #expect(peaks[0].prominence > 0.95)
    }

    @Test("first exciton: a resolved peak and a shoulder on a rising background are both found", arguments: [520.0, 560, 610])
    func firstExciton(exciton: Double) throws {
        let s = try Synthetic.quantumDotAbsorbance(exciton: exciton)
        let found = try PeakFinder.firstExciton(in: s)
        // The background slope shifts the second-derivative minimum by a few nm at most for a 30 nm band.
        #expect(abs(found.wavelengthNanometres - exciton) < 3)
        let shoulder = try Synthetic.quantumDotAbsorbance(exciton: exciton, height: 0.12)
        let weak = try PeakFinder.firstExciton(in: shoulder)
        #expect(abs(weak.wavelengthNanometres - exciton) < 6)
    }

    @Test("valley-to-peak ratio and low-energy HWHM of an isolated band")
    func valleyAndWidth() throws {
        let x = Synthetic.grid(400, 700, 1)
        let y = x.map { Synthetic.gaussian($0, centre: 550, height: 1, fwhm: 40) + Synthetic.gaussian($0, centre: 450, height: 1, fwhm: 40) }
        let found = try PeakFinder.firstExciton(in: try Spectrum(x: x, y: y))
        #expect(found.isResolvedPeak)
        let valley = try #require(found.valleyToPeakRatio)
        // At 500 nm each Gaussian is at exp(−4 ln2 · (50/40)²) = 0.0135 of its height: the valley is 2 × 0.0135.
        #expect(abs(valley - 2 * exp(-4 * log(2.0) * 1.5625)) < 0.01)
        #expect(abs((found.lowEnergyHWHMNanometres ?? 0) - 20) < 1)
    }

    @Test("featureless, clipped and uneven spectra give clear errors")
    func badExciton() throws {
        let x = Synthetic.grid(400, 700, 1)
        let flat = try Spectrum(x: x, y: x.map { 2 * exp(-($0 - 400) / 100) })
        #expect { try PeakFinder.firstExciton(in: flat) } throws: { ($0 as? AnalysisError)?.kind == .noFeature }
        let clipped = try Spectrum(x: x, y: x.map { min(4, Synthetic.gaussian($0, centre: 550, height: 6, fwhm: 50)) })
        #expect { try PeakFinder.firstExciton(in: clipped) } throws: { ($0 as? AnalysisError)?.kind == .saturated }
        let uneven = try Spectrum(x: x.enumerated().map { $0.element + ($0.offset % 2 == 0 ? 0 : 0.5) }, y: x.map { Synthetic.gaussian($0, centre: 550, height: 1, fwhm: 50) })
        #expect { try PeakFinder.firstExciton(in: uneven) } throws: { ($0 as? AnalysisError)?.kind == .nonMonotoneAxis }
    }

    @Test("Stokes shift in nm and meV")
    func stokes() throws {
        let shift = try StokesShift(absorptionNanometres: 550, emissionNanometres: 570)
        #expect(shift.nanometres == 20)
        // 1239.841984 × (1/550 − 1/570) eV = 79.1 meV.
        #expect(abs(shift.millielectronvolts - 1239.841984 * (1 / 550.0 - 1 / 570.0) * 1000) < 1e-9)
        #expect(throws: AnalysisError.self) { try StokesShift(absorptionNanometres: -1, emissionNanometres: 500) }
    }
}
