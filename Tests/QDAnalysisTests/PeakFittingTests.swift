import Foundation
import Testing
@testable import QDAnalysis

@Suite("Multi-peak fitting (Levenberg–Marquardt)")
struct PeakFittingTests {
    /// SciPy 1.17.1 `curve_fit` on the same two Gaussians plus a deterministic ripple (bench/analysis_reference.py).
    /// Tolerances: parameters 1e-5 relative (both converge to the same least-squares minimum; the difference is
    /// the stopping rule), standard errors 1 % (finite-difference Jacobians differ slightly).
    @Test("two overlapping Gaussians: parameters and standard errors match SciPy curve_fit")
    func scipyReference() throws {
        let x = (0...200).map { 500 + Double($0) }
        let y = x.map { Synthetic.gaussian($0, centre: 580, height: 1, fwhm: 40) + Synthetic.gaussian($0, centre: 620, height: 0.6, fwhm: 30) + 0.01 * sin($0 * 0.37) }
        let s = try Spectrum(x: x, y: y)
        let fit = try PeakFitter.fit(s, peakCount: 2, guesses: [
            PeakGuess(centre: 575, height: 0.9, fwhm: 35), PeakGuess(centre: 625, height: 0.5, fwhm: 35),
        ])
        let expected = [579.999859257, 0.999999809, 39.999698609, 619.999779615, 0.600002877, 30.000334576]
        let errors = [0.067330532, 0.00166887, 0.14319457, 0.090489923, 0.002366883, 0.174332129]
        let got = fit.peaks.flatMap { [$0.centre, $0.height, $0.fwhm] }
        let gotErrors = fit.peaks.flatMap { [$0.centreError, $0.heightError, $0.fwhmError] }
        for k in 0..<6 {
            #expect(abs(got[k] - expected[k]) <= 1e-5 * abs(expected[k]), "parameter \(k)")
            #expect(abs(gotErrors[k] - errors[k]) <= 0.01 * errors[k], "error \(k)")
        }
        #expect(fit.converged)
    }

    @Test("automatic starting values deconvolve overlapping bands of each shape", arguments: PeakShape.allCases)
    func automatic(shape: PeakShape) throws {
        let x = Synthetic.grid(450, 750, 1)
        let truth: [(Double, Double, Double)] = [(560, 1, 40), (610, 0.5, 35)]
        let noise = Synthetic.noise(x.count, sigma: 0.003, seed: 3)
        let y = (0..<x.count).map { i in
            truth.reduce(noise[i]) { sum, p in
                let z = (x[i] - p.0) / p.2
                switch shape {
                case .gaussian: return sum + p.1 * exp(-4 * log(2.0) * z * z)
                case .lorentzian: return sum + p.1 / (1 + 4 * z * z)
                case .voigt: return sum + p.1 * (0.5 / (1 + 4 * z * z) + 0.5 * exp(-4 * log(2.0) * z * z))
                }
            }
        }
        let fit = try PeakFitter.fit(try Spectrum(x: x, y: y), peakCount: 2, shape: shape, fitBaseline: true)
        #expect(fit.peaks.count == 2)
        for (peak, t) in zip(fit.peaks, truth) {
            // σ = 0.003 noise: centres within 1 nm, widths within 5 %, heights within 5 % for these overlaps.
            #expect(abs(peak.centre - t.0) < 1, "\(shape) centre")
            #expect(abs(peak.fwhm - t.2) < 0.05 * t.2, "\(shape) fwhm")
            #expect(abs(peak.height - t.1) < 0.05 * t.1, "\(shape) height")
        }
        #expect(fit.rSquared > 0.999)
    }

    @Test("reported centre uncertainty agrees with the scatter over 40 noisy replicates (property)")
    func uncertaintyCalibration() throws {
        let x = Synthetic.grid(500, 700, 1)
        var centres: [Double] = [], reported: [Double] = []
        for seed in 1...40 {
            let noise = Synthetic.noise(x.count, sigma: 0.02, seed: UInt64(seed))
            let y = (0..<x.count).map { Synthetic.gaussian(x[$0], centre: 600, height: 1, fwhm: 30) + noise[$0] }
            let fit = try PeakFitter.fit(try Spectrum(x: x, y: y), peakCount: 1)
            centres.append(fit.peaks[0].centre)
            reported.append(fit.peaks[0].centreError)
        }
        let mean = centres.reduce(0, +) / 40
        let sd = (centres.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 39).squareRoot()
        let typical = reported.reduce(0, +) / 40
        // With 40 replicates the sample SD has about 11 % relative error; allow 35 %.
        #expect(abs(sd / typical - 1) < 0.35)
    }

    @Test("bounds are respected and a parameter on a bound reports no standard error")
    func bounds() throws {
        let x = Synthetic.grid(500, 700, 1)
        let y = x.map { Synthetic.gaussian($0, centre: 600, height: 1, fwhm: 30) }
        let fit = try PeakFitter.fit(try Spectrum(x: x, y: y), peakCount: 1, guesses: [PeakGuess(centre: 590, height: 1, fwhm: 30, centreBounds: 580...595)])
        #expect(fit.peaks[0].centre == 595)
        #expect(fit.peaks[0].centreError.isNaN)
    }

    @Test("bad fitting requests are rejected")
    func badFits() throws {
        let s = try Spectrum(x: [1, 2, 3, 4, 5], y: [0, 1, 2, 1, 0])
        #expect(throws: AnalysisError.self) { try PeakFitter.fit(s, peakCount: 0) }
        #expect(throws: AnalysisError.self) { try PeakFitter.fit(s, peakCount: 2) }
        #expect(throws: AnalysisError.self) { try PeakFitter.fit(s, peakCount: 1, guesses: []) }
        #expect(throws: AnalysisError.self) {
            try LevenbergMarquardt.minimize(start: [5], lower: [0], upper: [1]) { [$0[0]] }
        }
    }
}
