import Foundation
import QDCore

/// A LIME explanation of one prediction: a sparse linear model fitted to the black box near the row, with its
/// local fidelity.
///
/// Ribeiro, Singh & Guestrin 2016, KDD, "Why should I trust you?": minimise Σ_k π(z_k) (f(z_k) − g(z_k))² over
/// sparse linear g, with a proximity kernel π. Here the perturbations z are drawn around the row (continuous
/// columns: x + σⱼ·N(0, 1) with σⱼ the column's standard deviation in the training data; 0/1 columns: drawn from
/// the training frequency), π(z) = exp(−D²/w²) with D the Euclidean distance in σ-standardised units and
/// w = 0.75·√d (the `lime` package's default width), up to `maxFeatures` columns are chosen by greedy forward
/// selection on the weighted R², and the surrogate is a weighted ridge fit (α = 1 on standardised columns, as
/// `lime` uses). Coefficients are reported per unit of each feature.
public struct LocalSurrogate: Sendable, Equatable, Codable {
    /// Surrogate value at the explained row: g(x) (units of y).
    public let intercept: Double
    /// Coefficient per feature (units of y per unit of the feature); 0 for features not selected.
    public let coefficients: [Double]
    /// Selected feature indices, in order of selection.
    public let selected: [Int]
    /// Feature names.
    public let names: [String]
    /// The black box's prediction at the row.
    public let modelPrediction: Double
    /// Local fidelity: weighted R² of the surrogate on the perturbation sample (1 = perfect; can be < 0).
    public let fidelity: Double
    /// Kernel width w used (standardised units).
    public let kernelWidth: Double
    /// Perturbations drawn.
    public let samples: Int

    /// Contribution of each selected feature at the row relative to the training mean: coefficient · (xⱼ − x̄ⱼ),
    /// as `lime` reports for continuous features; (name, value) in selection order.
    public func contributions(row: [Double], trainingMeans: [Double]) -> [(name: String, value: Double)] {
        selected.map { (name: names[$0], value: coefficients[$0] * (row[$0] - trainingMeans[$0])) }
    }
}

/// Builds LIME explanations from the training data's scales.
public struct LIMEExplainer: Sendable {
    /// Per-column standard deviation of the training data (constant columns: 1).
    public let scales: [Double]
    /// Per-column mean of the training data.
    public let means: [Double]
    /// For columns holding only 0 and 1 in training: the frequency of 1; nil for continuous columns.
    public let binaryFrequency: [Double?]
    /// Feature names.
    public let names: [String]
    /// Perturbations per explanation (≥ 10).
    public var samples: Int
    /// Largest number of features in the surrogate (≥ 1).
    public var maxFeatures: Int

    /// An explainer from the training data (n ≥ 1 rows).
    /// - Throws: `LearnError.tooFewRows` for no rows; `.shapeMismatch` for a wrong name count; `.invalidInput` on NaN.
    public init(training x: Matrix, names: [String]? = nil, samples: Int = 5000, maxFeatures: Int = 6) throws {
        guard x.rows > 0 else { throw LearnError(.tooFewRows, "LIMEExplainer needs training rows for the feature scales. Got 0.") }
        try requireFiniteFeatures(x, context: "LIMEExplainer")
        let scaler = ColumnScaler.standardizing(x)
        self.means = scaler.centres
        self.scales = scaler.scales
        self.binaryFrequency = (0..<x.columns).map { j in
            let c = x.column(j)
            return c.allSatisfy { $0 == 0 || $0 == 1 } ? c.reduce(0, +) / Double(c.count) : nil
        }
        let names = names ?? (0..<x.columns).map { "x\($0)" }
        guard names.count == x.columns else {
            throw LearnError(.shapeMismatch, "LIMEExplainer: \(names.count) names for \(x.columns) columns; pass one per column.")
        }
        self.names = names
        self.samples = samples
        self.maxFeatures = maxFeatures
    }

    /// Explains `model`'s prediction at `row`.
    /// - Throws: `LearnError.invalidHyperparameter` for samples < 10 or maxFeatures < 1; `.shapeMismatch` for a row
    ///   of the wrong length; anything `predict` throws.
    /// - Complexity: `samples` predictions plus O(maxFeatures · d · samples · maxFeatures²) for the selection.
    public func explain<M: FittedRegressor>(_ model: M, row: [Double], seed: UInt64 = 0) throws -> LocalSurrogate {
        try checkRules([HyperparameterRule("samples", samples, .atLeast(10)), HyperparameterRule("maxFeatures", maxFeatures, .atLeast(1))],
                       estimator: "LIMEExplainer")
        let d = scales.count
        guard row.count == d else {
            throw LearnError(.shapeMismatch, "LIMEExplainer: the row has \(row.count) values but the training data \(d) columns.")
        }
        var rng = SeededRNG(seed: seed)
        // Perturbations; the first is the row itself.
        var z = row
        z.reserveCapacity(samples * d)
        for _ in 1..<samples {
            for j in 0..<d {
                if let p = binaryFrequency[j] {
                    z.append(rng.uniform() < p ? 1 : 0)
                } else {
                    z.append(row[j] + scales[j] * rng.normal())
                }
            }
        }
        let f = try model.predict(try Matrix(rows: samples, columns: d, elements: z))
        // Standardised offsets from the row and kernel weights.
        var u = [Double](repeating: 0, count: samples * d), w = [Double](repeating: 0, count: samples)
        let width = 0.75 * Double(d).squareRoot()
        for k in 0..<samples {
            var distance2 = 0.0
            for j in 0..<d {
                let v = (z[k * d + j] - row[j]) / scales[j]
                u[k * d + j] = v
                distance2 += v * v
            }
            w[k] = exp(-distance2 / (width * width))
        }
        // Greedy forward selection on weighted R² (ridge fits on the chosen columns).
        var chosen: [Int] = []
        for _ in 0..<min(maxFeatures, d) {
            var best: (j: Int, r2: Double)?
            for j in 0..<d where !chosen.contains(j) {
                let fit = weightedRidge(u, d: d, columns: chosen + [j], y: f, w: w, alpha: 1)
                if best == nil || fit.r2 > (best?.r2 ?? -.infinity) { best = (j, fit.r2) }
            }
            if let best { chosen.append(best.j) }
        }
        let fit = weightedRidge(u, d: d, columns: chosen, y: f, w: w, alpha: 1)
        var coefficients = [Double](repeating: 0, count: d)
        for (k, j) in chosen.enumerated() { coefficients[j] = fit.coefficients[k] / scales[j] }
        // The surrogate at the row (u = 0) is its intercept.
        return LocalSurrogate(
            intercept: fit.intercept, coefficients: coefficients, selected: chosen, names: names, modelPrediction: f[0],
            fidelity: fit.r2, kernelWidth: width, samples: samples)
    }
}

/// Weighted ridge regression of y on the chosen columns of the row-major design `u` (n × d), intercept
/// unpenalised: returns intercept, coefficients (one per chosen column) and the weighted R².
///
/// Normal equations on weighted-centred columns, solved by Gauss–Jordan elimination with partial pivoting: the
/// systems are at most `maxFeatures` + 1 wide, where calling LAPACK would cost more than it saves.
func weightedRidge(_ u: [Double], d: Int, columns: [Int], y: [Double], w: [Double], alpha: Double) -> (intercept: Double, coefficients: [Double], r2: Double) {
    let n = y.count, q = columns.count
    let sw = w.reduce(0, +)
    let yMean = zip(y, w).reduce(0) { $0 + $1.0 * $1.1 } / sw
    let xMean = columns.map { j in (0..<n).reduce(0) { $0 + w[$1] * u[$1 * d + j] } / sw }
    var a = [Double](repeating: 0, count: q * q), b = [Double](repeating: 0, count: q)
    for k in 0..<n {
        for (r, jr) in columns.enumerated() {
            let xr = u[k * d + jr] - xMean[r]
            b[r] += w[k] * xr * (y[k] - yMean)
            for (c, jc) in columns.enumerated() where c >= r { a[r * q + c] += w[k] * xr * (u[k * d + jc] - xMean[c]) }
        }
    }
    for r in 0..<q {
        a[r * q + r] += alpha
        for c in 0..<r { a[r * q + c] = a[c * q + r] }
    }
    let beta = solveSmall(a, b, q)
    let intercept = yMean - zip(beta, xMean).reduce(0) { $0 + $1.0 * $1.1 }
    var ssRes = 0.0, ssTot = 0.0
    for k in 0..<n {
        var g = intercept
        for (r, j) in columns.enumerated() { g += beta[r] * u[k * d + j] }
        ssRes += w[k] * (y[k] - g) * (y[k] - g)
        ssTot += w[k] * (y[k] - yMean) * (y[k] - yMean)
    }
    return (intercept, beta, ssTot > 0 ? 1 - ssRes / ssTot : 1)
}

/// Solves the q × q system a·x = b by Gauss–Jordan elimination with partial pivoting (zero for a singular pivot).
func solveSmall(_ a: [Double], _ b: [Double], _ q: Int) -> [Double] {
    var m = a, v = b
    for col in 0..<q {
        let pivot = (col..<q).max { abs(m[$0 * q + col]) < abs(m[$1 * q + col]) } ?? col
        if pivot != col {
            for c in 0..<q { m.swapAt(col * q + c, pivot * q + c) }
            v.swapAt(col, pivot)
        }
        let p = m[col * q + col]
        guard abs(p) > 1e-300 else { continue }
        for r in 0..<q where r != col {
            let factor = m[r * q + col] / p
            if factor == 0 { continue }
            for c in col..<q { m[r * q + c] -= factor * m[col * q + c] }
            v[r] -= factor * v[col]
        }
    }
    return (0..<q).map { abs(m[$0 * q + $0]) > 1e-300 ? v[$0] / m[$0 * q + $0] : 0 }
}
