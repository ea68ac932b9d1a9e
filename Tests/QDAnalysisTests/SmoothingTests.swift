import Foundation
import QDCore
import Testing
@testable import QDAnalysis

@Suite("Smoothing and baselines")
struct SmoothingTests {
    let x = (0..<40).map(Double.init)
    var y: [Double] { x.map { sin($0 / 5) + 0.1 * cos($0 * 1.7) } }

    /// SciPy 1.17.1 `savgol_filter(mode="interp")` (bench/analysis_reference.py). Tolerance 1e-10: both solve the
    /// same small least-squares problem in double precision.
    @Test("Savitzky–Golay matches SciPy, including the ends and derivatives")
    func savitzkyGolayReference() throws {
        let smooth = try SavitzkyGolay(window: 7, order: 2).apply(y)
        let expected = [0: 0.037826332847, 1: 0.233565636365, 5: 0.846231652243, 20: -0.748780364514, 38: 0.931435501937, 39: 0.954077697438]
        for (i, v) in expected { #expect(abs(smooth[i] - v) < 1e-10, "point \(i)") }
        let second = try SavitzkyGolay(window: 9, order: 3).apply(y, derivative: 2, spacing: 0.5)
        for (i, v) in [0: 0.079718912757, 3: -0.031148663473, 20: 0.075048109637, 39: -0.261666599261] {
            #expect(abs(second[i] - v) < 1e-10, "point \(i)")
        }
    }

    @Test("Savitzky–Golay reproduces polynomials up to its order exactly (property)")
    func polynomialExactness() throws {
        let cubic = x.map { 0.5 * $0 * $0 * $0 - 2 * $0 + 1 }
        let filtered = try SavitzkyGolay(window: 11, order: 3).apply(cubic)
        for i in cubic.indices { #expect(abs(filtered[i] - cubic[i]) < 1e-7 * max(1, abs(cubic[i]))) }
        let derivative = try SavitzkyGolay(window: 11, order: 3).apply(cubic, derivative: 1)
        for i in cubic.indices { #expect(abs(derivative[i] - (1.5 * x[i] * x[i] - 2)) < 1e-7 * max(1, x[i] * x[i])) }
    }

    @Test("invalid Savitzky–Golay settings are rejected", arguments: [(4, 2), (5, 4), (1, 0), (41, 2)])
    func badFilter(window: Int, order: Int) {
        #expect(throws: AnalysisError.self) { try SavitzkyGolay(window: window, order: order).apply(y) }
    }

    @Test("running median keeps the end points and removes a spike")
    func runningMedian() throws {
        let data = [1.0, 9, 2, 3, 100, 4, 5, 6, 0]
        let m = try Baseline.runningMedian(data, points: 5)
        #expect(m[0] == 1 && m[1] == 9 && m[7] == 6 && m[8] == 0)
        #expect(m[4] == 4)
    }

    @Test("polynomial and asymmetric least-squares baselines recover a known background under peaks")
    func baselines() throws {
        let xs = Synthetic.grid(400, 800, 1)
        let background = xs.map { 0.2 + 0.001 * ($0 - 400) + 2e-6 * ($0 - 400) * ($0 - 400) }
        let peaks = xs.map { Synthetic.gaussian($0, centre: 520, height: 1, fwhm: 25) + Synthetic.gaussian($0, centre: 650, height: 0.6, fwhm: 30) }
        let noise = Synthetic.noise(xs.count, sigma: 0.002, seed: 7)
        let s = try Spectrum(x: xs, y: (0..<xs.count).map { background[$0] + peaks[$0] + noise[$0] })
        // Regions clear of the peaks: the fit sees only background (+ noise), so the error is a few σ at most.
        let poly = try Baseline.polynomial(s, degree: 2, regions: [400...460, 580...600, 720...800])
        #expect(zip(poly, background).map { abs($0 - $1) }.max() ?? 1 < 0.01)
        // ALS sees the peaks too and sags under them: with λ = 1e5, p = 0.001 the worst point measured here is
        // 0.036 (3.6 % of the peak height; λ 1e3…1e7 gave 0.035…0.29); allow 0.045.
        let als = try Baseline.asymmetricLeastSquares(s.y, lambda: 1e5, p: 0.001)
        #expect(zip(als, background).map { abs($0 - $1) }.max() ?? 1 < 0.045)
        // Cross-check of the banded solver against a dense LAPACK solve on a small system.
        let n = 12, lambda = 50.0
        let w = (0..<n).map { 0.5 + Double($0 % 3) / 4 }
        var dense = Matrix(rows: n, columns: n)
        for i in 0..<(n - 2) {
            let d = [1.0, -2, 1]
            for a in 0..<3 { for b in 0..<3 { dense[i + a, i + b] += lambda * d[a] * d[b] } }
        }
        for i in 0..<n { dense[i, i] += w[i] }
        let rhs = (0..<n).map { Double($0 * $0 % 7) }
        let expected = try dense.cholesky(jitter: .none).solve(rhs)
        var a0 = [Double](repeating: 0, count: n), a1 = [Double](repeating: 0, count: n - 1), a2 = [Double](repeating: 0, count: n - 2)
        for i in 0..<n { a0[i] = dense[i, i] }
        for i in 0..<(n - 1) { a1[i] = dense[i, i + 1] }
        for i in 0..<(n - 2) { a2[i] = dense[i, i + 2] }
        let banded = try Baseline.solvePentadiagonal(a0, a1, a2, rhs)
        for i in 0..<n { #expect(abs(banded[i] - expected[i]) < 1e-9 * max(1, abs(expected[i]))) }
    }

    @Test("baseline settings out of range are rejected")
    func badBaseline() throws {
        #expect(throws: AnalysisError.self) { try Baseline.asymmetricLeastSquares([1, 2, 3], lambda: -1) }
        #expect(throws: AnalysisError.self) { try Baseline.asymmetricLeastSquares([1, 2, 3], p: 1.5) }
        let s = try Spectrum(x: [1, 2, 3, 4], y: [1, 2, 3, 4])
        #expect(throws: AnalysisError.self) { try Baseline.polynomial(s, degree: 3, regions: [1...2]) }
        #expect(throws: AnalysisError.self) { try Baseline.runningMedian([1, 2], points: 4) }
    }
}
