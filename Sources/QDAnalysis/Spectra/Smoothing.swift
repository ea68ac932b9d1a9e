import Foundation
import QDCore

/// Savitzky–Golay smoothing and derivatives (Savitzky & Golay, *Anal. Chem.* 36, 1627 (1964)): at each point, a
/// least-squares polynomial of degree `order` over `window` neighbours, evaluated (or differentiated) there.
///
/// Near the ends the window is kept inside the data and the polynomial is evaluated off-centre (as SciPy's
/// `savgol_filter(mode="interp")`), so no padding invents values. Coefficients come from the normal equations
/// VᵀV·a = Vᵀy solved by QDCore's Cholesky (LAPACK). The filter itself is hand-written: no library here has one.
public struct SavitzkyGolay: Sendable, Equatable {
    /// Odd number of points in the window (≥ order + 2).
    public let window: Int
    /// Polynomial degree (≥ 0).
    public let order: Int

    /// Creates a validated filter.
    /// - Throws: `AnalysisError.invalidValue` when the window is even, < 3, or not larger than the order + 1.
    public init(window: Int, order: Int) throws {
        guard window >= 3, window % 2 == 1, order >= 0, order < window - 1 else {
            throw AnalysisError(.invalidValue, "Savitzky–Golay window \(window) with order \(order) is not valid (rule: odd window ≥ 3 and order < window − 1). Try window 11, order 3.")
        }
        self.window = window
        self.order = order
    }

    /// The `derivative`-th derivative (0 = smoothing) of `y` sampled with uniform `spacing`.
    /// - Throws: `AnalysisError.invalidValue` when `y` is shorter than the window, the derivative exceeds the
    ///   order, or the spacing is not finite > 0. NaN in `y` propagates to the points whose window holds it.
    /// - Complexity: O(n · window).
    public func apply(_ y: [Double], derivative: Int = 0, spacing: Double = 1) throws -> [Double] {
        guard y.count >= window else {
            throw AnalysisError(.invalidValue, "Savitzky–Golay window \(window) is longer than the data (\(y.count) points) (rule: window ≤ n). Use a shorter window.")
        }
        guard derivative >= 0, derivative <= order, spacing.isFinite, spacing > 0 else {
            throw AnalysisError(.invalidValue, "Savitzky–Golay derivative \(derivative) (order \(order), spacing \(spacing)) is not valid (rule: 0 ≤ derivative ≤ order, spacing > 0). Raise the order or fix the spacing.")
        }
        let half = window / 2
        var cache: [Int: [Double]] = [:]
        let scale = pow(spacing, Double(derivative))
        var out = [Double](repeating: 0, count: y.count)
        for i in 0..<y.count {
            let start = min(max(i - half, 0), y.count - window)
            let offset = i - start - half
            let weights: [Double]
            if let cached = cache[offset] { weights = cached } else {
                weights = try coefficients(evaluatedAt: Double(offset), derivative: derivative)
                cache[offset] = weights
            }
            var sum = 0.0
            for k in 0..<window { sum += weights[k] * y[start + k] }
            out[i] = sum / scale
        }
        return out
    }

    /// Weights w such that Σ w_k·y_k is the derivative of the fitted polynomial at offset `t` from the window
    /// centre (in samples).
    func coefficients(evaluatedAt t: Double, derivative: Int) throws -> [Double] {
        let half = window / 2
        let p = order + 1
        var v = Matrix(rows: window, columns: p)
        for k in 0..<window {
            for j in 0..<p { v[k, j] = pow(Double(k - half), Double(j)) }
        }
        // Row vector c with c_j = d^m/dt^m t^j at t; weights = c · (VᵀV)⁻¹ · Vᵀ.
        var c = [Double](repeating: 0, count: p)
        for j in derivative..<p {
            var factor = 1.0
            for m in 0..<derivative { factor *= Double(j - m) }
            c[j] = factor * pow(t, Double(j - derivative))
        }
        let gram = try v.multiplied(by: v, transposingSelf: true)
        let solved = try gram.cholesky(jitter: .none).solve(c)
        return (0..<window).map { k in (0..<p).reduce(0) { $0 + v[k, $1] * solved[$1] } }
    }
}

/// Running median and baseline estimation.
public enum Baseline {
    /// Running median of `points` (odd) neighbours; the `points / 2` values at each end are kept as they are (the
    /// rule of the carbon-dot authors' recipe; R's `runmed` applies Tukey's end rule there instead).
    /// - Throws: `AnalysisError.invalidValue` for an even or non-positive window.
    /// - Complexity: O(n · points log points).
    public static func runningMedian(_ y: [Double], points: Int) throws -> [Double] {
        guard points >= 1, points % 2 == 1 else {
            throw AnalysisError(.invalidValue, "Running-median window \(points) is not valid (rule: odd ≥ 1). Use 5.")
        }
        let half = points / 2
        guard y.count > 2 * half else { return y }
        var out = y
        for i in half..<(y.count - half) { out[i] = y[(i - half)...(i + half)].sorted()[half] }
        return out
    }

    /// Polynomial baseline of `degree` fitted by least squares (LAPACK `dgelsd` through QDCore) to the points whose
    /// x lies in one of `regions` (all points when empty). With `iterations` > 0 the modified polyfit of Lieber &
    /// Mahadevan-Jansen (*Appl. Spectrosc.* 57, 1363 (2003)) is applied: after each fit the data are clipped to
    /// the fit, so peaks stop pulling the baseline up.
    /// - Returns: the baseline at every x of the spectrum.
    /// - Throws: `AnalysisError.invalidValue` for a negative degree or fewer points in the regions than
    ///   degree + 1.
    public static func polynomial(
        _ spectrum: Spectrum, degree: Int, regions: [ClosedRange<Double>] = [], iterations: Int = 0
    ) throws -> [Double] {
        let selected = (0..<spectrum.count).filter { i in regions.isEmpty || regions.contains { $0.contains(spectrum.x[i]) } }
        guard degree >= 0, selected.count > degree else {
            throw AnalysisError(.invalidValue, "Polynomial baseline of degree \(degree) from \(selected.count) point(s) of '\(spectrum.label)' (rule: degree ≥ 0 and more points than degree + 1). Widen the baseline regions or lower the degree.")
        }
        // Centre and scale x so the Vandermonde matrix stays well conditioned.
        let xs = selected.map { spectrum.x[$0] }
        let mid = ((xs.min() ?? 0) + (xs.max() ?? 0)) / 2
        let scale = max(((xs.max() ?? 1) - (xs.min() ?? 0)) / 2, 1e-12)
        func row(_ x: Double) -> [Double] { (0...degree).map { pow((x - mid) / scale, Double($0)) } }
        let design = try Matrix(selected.map { row(spectrum.x[$0]) })
        var target = selected.map { spectrum.y[$0] }
        var coefficients = try design.leastSquares(target).solution
        for _ in 0..<max(iterations, 0) {
            for (k, i) in selected.enumerated() {
                let fit = zip(row(spectrum.x[i]), coefficients).reduce(0) { $0 + $1.0 * $1.1 }
                target[k] = min(target[k], fit)
            }
            coefficients = try design.leastSquares(target).solution
        }
        return spectrum.x.map { x in zip(row(x), coefficients).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// Asymmetric least squares baseline (Eilers & Boelens 2005, "Baseline correction with asymmetric least
    /// squares smoothing"): minimise Σ wᵢ(yᵢ − zᵢ)² + λ Σ (Δ²zᵢ)², with wᵢ = p above the baseline and 1 − p below,
    /// re-weighted `iterations` times.
    ///
    /// Each step solves the pentadiagonal system (W + λDᵀD)z = Wy by a banded Cholesky written here (O(n)); a dense
    /// LAPACK solve would cost O(n³) for a 2000-point spectrum, and QDCore exposes no banded solver.
    /// - Parameters: `lambda` smoothness (10²–10⁹; larger is stiffer), `p` asymmetry (0.001–0.1).
    /// - Throws: `AnalysisError.invalidValue` for λ ≤ 0, p outside (0, 1), fewer than 3 points or NaN.
    /// - Complexity: O(n · iterations).
    public static func asymmetricLeastSquares(_ y: [Double], lambda: Double = 1e5, p: Double = 0.01, iterations: Int = 10) throws -> [Double] {
        guard lambda.isFinite, lambda > 0, p > 0, p < 1, y.count >= 3, y.allSatisfy(\.isFinite) else {
            throw AnalysisError(.invalidValue, "ALS baseline with λ \(lambda), p \(p) on \(y.count) points is not valid (rule: λ > 0, 0 < p < 1, ≥ 3 finite points). Try λ = 1e5, p = 0.01.")
        }
        let n = y.count
        // DᵀD for the second difference: bands 0, 1, 2 of a symmetric pentadiagonal matrix.
        var d0 = [Double](repeating: 6, count: n), d1 = [Double](repeating: -4, count: n - 1), d2 = [Double](repeating: 1, count: n - 2)
        d0[0] = 1; d0[n - 1] = 1
        if n > 2 { d0[1] = 5; d0[n - 2] = 5 }
        if n == 3 { d0[1] = 4 }
        d1[0] = -2; d1[n - 2] = -2
        var w = [Double](repeating: 1, count: n)
        var z = y
        for _ in 0..<max(iterations, 1) {
            let a0 = (0..<n).map { w[$0] + lambda * d0[$0] }
            let a1 = d1.map { lambda * $0 }, a2 = d2.map { lambda * $0 }
            z = try solvePentadiagonal(a0, a1, a2, (0..<n).map { w[$0] * y[$0] })
            for i in 0..<n { w[i] = y[i] > z[i] ? p : 1 - p }
        }
        return z
    }

    /// Solves a symmetric positive definite pentadiagonal system by banded Cholesky (L with bandwidth 2).
    static func solvePentadiagonal(_ a0: [Double], _ a1: [Double], _ a2: [Double], _ b: [Double]) throws -> [Double] {
        let n = a0.count
        var l0 = [Double](repeating: 0, count: n), l1 = [Double](repeating: 0, count: n), l2 = [Double](repeating: 0, count: n)
        for i in 0..<n {
            // L[i,i-2] = l2[i], L[i,i-1] = l1[i], L[i,i] = l0[i]
            if i >= 2 { l2[i] = a2[i - 2] / l0[i - 2] }
            if i >= 1 {
                let upper = a1[i - 1] - (i >= 2 ? l2[i] * l1[i - 1] : 0)
                l1[i] = upper / l0[i - 1]
            }
            let diag = a0[i] - l1[i] * l1[i] - l2[i] * l2[i]
            guard diag > 0 else {
                throw AnalysisError(.noConvergence, "ALS baseline: the smoothing system lost positive definiteness at point \(i + 1) (rule: W + λDᵀD is SPD). Lower λ or check the data for extreme values.")
            }
            l0[i] = diag.squareRoot()
        }
        var u = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = b[i]
            if i >= 1 { s -= l1[i] * u[i - 1] }
            if i >= 2 { s -= l2[i] * u[i - 2] }
            u[i] = s / l0[i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = u[i]
            if i + 1 < n { s -= l1[i + 1] * x[i + 1] }
            if i + 2 < n { s -= l2[i + 2] * x[i + 2] }
            x[i] = s / l0[i]
        }
        return x
    }
}
