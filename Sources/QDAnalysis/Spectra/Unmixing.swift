import Foundation
import QDCore

/// Non-negative least squares: min ‖A·x − b‖₂ subject to x ≥ 0.
///
/// The active-set algorithm of Lawson & Hanson (*Solving Least Squares Problems*, 1974, ch. 23). Hand-written
/// because neither LAPACK nor NLopt has NNLS; each passive-set sub-problem is solved by QDCore's LAPACK least
/// squares (`dgelsd`).
public enum NonNegativeLeastSquares {
    /// Solves min ‖A·x − b‖ with x ≥ 0.
    /// - Returns: x and the residual norm ‖A·x − b‖.
    /// - Throws: `AnalysisError.invalidValue` for a shape mismatch or NaN; `.noConvergence` after 3·columns outer
    ///   iterations (Lawson–Hanson's own cap).
    /// - Complexity: O(iterations · m · n²).
    public static func solve(_ a: Matrix, _ b: [Double], tolerance: Double? = nil) throws -> (solution: [Double], residualNorm: Double) {
        let m = a.rows, n = a.columns
        guard b.count == m, n >= 1, a.isFinite, b.allSatisfy(\.isFinite) else {
            throw AnalysisError(.invalidValue, "NNLS needs a finite \(m) × \(n) matrix and \(m) finite targets (got \(b.count)) (rule: one target per row). Check the component spectra and the mixture.")
        }
        let tol = tolerance ?? 10 * Double.ulpOfOne * Double(max(m, n)) * (a.maxAbsoluteElement + 1) * (b.map(abs).max() ?? 1)
        var x = [Double](repeating: 0, count: n)
        var passive = [Bool](repeating: false, count: n)
        func residual(_ x: [Double]) -> [Double] { (0..<m).map { i in b[i] - (0..<n).reduce(0) { $0 + a[i, $1] * x[$1] } } }
        func gradient(_ r: [Double]) -> [Double] { (0..<n).map { j in (0..<m).reduce(0) { $0 + a[$1, j] * r[$1] } } }
        func solvePassive() throws -> [Double] {
            let cols = (0..<n).filter { passive[$0] }
            let sub = try Matrix((0..<m).map { i in cols.map { a[i, $0] } })
            let z = try sub.leastSquares(b).solution
            var full = [Double](repeating: 0, count: n)
            for (k, j) in cols.enumerated() { full[j] = z[k] }
            return full
        }
        var outer = 0
        while true {
            let w = gradient(residual(x))
            guard let j = (0..<n).filter({ !passive[$0] }).max(by: { w[$0] < w[$1] }), w[j] > tol else { break }
            outer += 1
            guard outer <= 3 * n + 10 else {
                throw AnalysisError(.noConvergence, "NNLS did not converge in \(outer) iterations (rule: Lawson–Hanson terminates for well-posed problems). The component spectra may be nearly collinear; drop one.")
            }
            passive[j] = true
            var z = try solvePassive()
            while (0..<n).contains(where: { passive[$0] && z[$0] <= 0 }) {
                var alpha = Double.infinity
                for k in 0..<n where passive[k] && z[k] <= 0 { alpha = min(alpha, x[k] / (x[k] - z[k])) }
                for k in 0..<n { x[k] += alpha * (z[k] - x[k]) }
                for k in 0..<n where passive[k] && abs(x[k]) <= tol { passive[k] = false; x[k] = 0 }
                z = try solvePassive()
            }
            x = z
        }
        let r = residual(x)
        return (x, r.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }
}

/// The result of unmixing a spectrum into known components.
public struct UnmixingResult: Sendable, Codable, Equatable {
    /// Component labels, in input order.
    public let components: [String]
    /// Non-negative weights, one per component (the mixture ≈ Σ weight·component).
    public let weights: [Double]
    /// Weights normalised to sum 1 (all 0 when every weight is 0).
    public let fractions: [Double]
    /// ‖mixture − Σ weight·component‖₂ over the common axis.
    public let residualNorm: Double
    /// 1 − SSR/SST of the reconstruction.
    public let rSquared: Double
}

/// Spectral unmixing of a mixture by NNLS on the mixture's axis (components interpolated linearly).
public enum SpectralUnmixing {
    /// Expresses `mixture` as a non-negative combination of `components`.
    /// - Throws: `AnalysisError.emptyInput` for no components; `.unitMismatch` for different axis units;
    ///   `.invalidValue` when a component does not cover the mixture's axis (the message names it); NNLS errors.
    public static func unmix(_ mixture: Spectrum, components: [Spectrum]) throws -> UnmixingResult {
        guard !components.isEmpty else {
            throw AnalysisError(.emptyInput, "Unmixing needs at least one component spectrum (rule: ≥ 1). Pass the pure spectra.")
        }
        let mix = mixture.ascending()
        for c in components where c.unit != mix.unit {
            throw AnalysisError(.unitMismatch, "Component '\(c.label)' is in \(c.unit.rawValue) but the mixture in \(mix.unit.rawValue) (rule: one axis unit). Convert with inNanometres().")
        }
        var columns: [[Double]] = []
        for c in components {
            let values = mix.x.map { c.value(at: $0) }
            guard values.allSatisfy({ !$0.isNaN }) else {
                throw AnalysisError(.invalidValue, "Component '\(c.label)' does not cover the mixture axis \(mix.x[0])…\(mix.x[mix.count - 1]) (rule: each component spans the mixture). Restrict the mixture to the common range.")
            }
            columns.append(values)
        }
        let a = try Matrix((0..<mix.count).map { i in columns.map { $0[i] } })
        let (w, norm) = try NonNegativeLeastSquares.solve(a, mix.y)
        let total = w.reduce(0, +)
        let mean = mix.y.reduce(0, +) / Double(mix.count)
        let sst = mix.y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return UnmixingResult(
            components: components.map(\.label), weights: w, fractions: w.map { total > 0 ? $0 / total : 0 },
            residualNorm: norm, rSquared: sst > 0 ? 1 - norm * norm / sst : 1)
    }
}
