import Foundation
import QDCore

/// How model-agnostic Shapley values are computed.
public enum ShapleyMethod: Sendable, Equatable, Codable {
    /// Exact enumeration when there are at most `exactLimit` players, KernelSHAP with `kernelSamples` otherwise.
    case automatic(exactLimit: Int = 12, kernelSamples: Int = 2048)
    /// Exact enumeration of all 2^p coalitions (p ≤ 20).
    case exact
    /// KernelSHAP with `samples` coalition evaluations (paired, seeded); when `samples` ≥ 2^p − 2 every coalition is
    /// enumerated with its exact kernel weight and the result equals `.exact` up to rounding.
    case kernel(samples: Int)
}

/// Model-agnostic SHAP: exact Shapley values by enumeration, or KernelSHAP, of the interventional value function
/// against a background set.
///
/// Value of a coalition S of players for a row x: v(S) = (1/B) Σ_b f(x_S, b_S̄), the mean prediction over the B
/// background rows b with the columns of S taken from x ("interventional" or "marginal" SHAP; Janzing, Minorics &
/// Blöbaum 2020, AISTATS; features are treated as independent). φᵢ = Σ_{S ⊆ P∖{i}} |S|!(p−|S|−1)!/p! · (v(S∪{i}) −
/// v(S)) (Shapley 1953). Base value v(∅) = mean prediction over the background; v(P) = f(x), so
/// base + Σφ = f(x) exactly.
///
/// KernelSHAP (Lundberg & Lee 2017, Theorem 2) finds φ as the weighted least-squares fit of v(S) − v(∅) ≈ Σ_{i∈S} φᵢ
/// under the constraint Σφ = f(x) − v(∅), with the Shapley kernel π(S) = (p − 1) / (C(p, |S|) · |S| · (p − |S|)).
/// Coalitions are drawn with probability proportional to π (size s with probability ∝ (p−1)/(s(p−s)), then a
/// uniform subset of that size), each with its complement ("paired sampling", Covert & Lee 2021, AISTATS), so every
/// sample carries equal weight. The constraint is removed by substituting φ_p = Δ − Σ_{i<p} φᵢ, and the remaining
/// least-squares problem is solved by LAPACK `dgelsd` (QDCore).
///
/// Players are the columns, or groups of columns (`FeatureGroups`): a one-hot variable then enters or leaves a
/// coalition as a whole, so the explanation is in the record's variables.
public struct ShapleyExplainer: Sendable {
    /// Background rows (B × d) defining "feature absent"; 50–200 rows are typical.
    public let background: Matrix
    /// The players: each group of columns is one player.
    public let players: FeatureGroups

    /// An explainer over `background`, with one player per group of `players` (default: one per column, named
    /// "x0", "x1", …).
    /// - Throws: `LearnError.tooFewRows` for an empty background; `.shapeMismatch` if the groups cover a different
    ///   column count; `.invalidInput` on NaN/∞ in the background.
    public init(background: Matrix, players: FeatureGroups? = nil) throws {
        guard background.rows > 0 else {
            throw LearnError(.tooFewRows, "ShapleyExplainer needs at least one background row. Got 0; pass a sample of the training data.")
        }
        try requireFiniteFeatures(background, context: "ShapleyExplainer background")
        let groups = players ?? .identity(names: (0..<background.columns).map { "x\($0)" })
        try groups.requireColumns(background.columns, context: "ShapleyExplainer")
        self.background = background
        self.players = groups
    }

    /// Shapley values of every row of `x` for `model`.
    /// - Parameter seed: drives KernelSHAP's coalition sampling (unused by exact enumeration).
    /// - Throws: `LearnError.invalidHyperparameter` for more than 20 players with `.exact` or fewer than 2 kernel
    ///   samples; anything `model.predict` throws.
    /// - Complexity: exact: 2^p · B predictions per row; kernel: `samples` · B predictions per row plus a
    ///   least-squares solve of `samples` × (p − 1).
    public func explain<M: FittedRegressor>(_ model: M, rows x: Matrix, method: ShapleyMethod = .automatic(), seed: UInt64 = 0) throws -> Attribution {
        try validatePredictionInput(x, featureCount: background.columns, model: "ShapleyExplainer")
        let p = players.groups.count
        let base = try model.predict(background).reduce(0, +) / Double(background.rows)
        let predictions = try model.predict(x)
        var values = [Double](repeating: 0, count: x.rows * p)
        var rng = SeededRNG(seed: seed)
        for i in 0..<x.rows {
            let row = x.row(i)
            let delta = predictions[i] - base
            let phi: [Double]
            switch method {
            case .exact:
                phi = try exact(model, row)
            case .kernel(let samples):
                var stream = rng.split()
                phi = try kernel(model, row, delta: delta, base: base, samples: samples, rng: &stream)
            case .automatic(let limit, let samples):
                if p <= limit {
                    phi = try exact(model, row)
                } else {
                    var stream = rng.split()
                    phi = try kernel(model, row, delta: delta, base: base, samples: samples, rng: &stream)
                }
            }
            for j in 0..<p { values[i * p + j] = phi[j] }
        }
        return Attribution(
            baseValue: base, values: try Matrix(rows: x.rows, columns: p, elements: values), predictions: predictions,
            names: players.groups.map(\.name))
    }

    // MARK: Value function

    /// v(S) for each coalition mask: the mean prediction over the background with S's columns from `row`.
    /// Coalitions are evaluated in batches of about 200,000 model rows per `predict` call (≈ 32 MB at d = 20): each
    /// call has a fixed cost (an XGBoost model load, for instance), so fewer, larger calls are faster.
    func coalitionValues<M: FittedRegressor>(_ model: M, _ row: [Double], masks: [UInt64]) throws -> [Double] {
        let b = background.rows, d = background.columns
        let perBatch = max(1, 200_000 / b)
        // Which columns each player owns, resolved once.
        let columnOwner: [Int] = {
            var owner = [Int](repeating: -1, count: d)
            for (k, group) in players.groups.enumerated() { for c in group.columns { owner[c] = k } }
            return owner
        }()
        var out: [Double] = []
        out.reserveCapacity(masks.count)
        var start = 0
        while start < masks.count {
            let batch = masks[start..<min(masks.count, start + perBatch)]
            var elements = [Double](repeating: 0, count: batch.count * b * d)
            elements.withUnsafeMutableBufferPointer { target in
                background.elements.withUnsafeBufferPointer { source in
                    var offset = 0
                    for mask in batch {
                        let fromRow = columnOwner.map { $0 >= 0 && mask & (1 << UInt64($0)) != 0 }
                        for r in 0..<b {
                            let base = r * d
                            for c in 0..<d { target[offset + c] = fromRow[c] ? row[c] : source[base + c] }
                            offset += d
                        }
                    }
                }
            }
            let predicted = try model.predict(try Matrix(rows: batch.count * b, columns: d, elements: elements))
            for k in 0..<batch.count {
                out.append(predicted[(k * b)..<((k + 1) * b)].reduce(0, +) / Double(b))
            }
            start += perBatch
        }
        return out
    }

    // MARK: Exact

    private func exact<M: FittedRegressor>(_ model: M, _ row: [Double]) throws -> [Double] {
        let p = players.groups.count
        try checkRules([HyperparameterRule("players", p, .closed(1, 20))], estimator: "ShapleyExplainer (exact)")
        let count = 1 << p
        let v = try coalitionValues(model, row, masks: (0..<UInt64(count)).map { $0 })
        // w(s) = s!(p−s−1)!/p! computed as 1 / (p · C(p−1, s)) to stay exact in floating point for p ≤ 20.
        let weights = (0..<p).map { s in 1 / (Double(p) * binomial(p - 1, s)) }
        var phi = [Double](repeating: 0, count: p)
        for mask in 0..<count {
            let size = mask.nonzeroBitCount
            for i in 0..<p where mask & (1 << i) == 0 {
                phi[i] += weights[size] * (v[mask | (1 << i)] - v[mask])
            }
        }
        return phi
    }

    // MARK: KernelSHAP

    private func kernel<M: FittedRegressor>(
        _ model: M, _ row: [Double], delta: Double, base: Double, samples: Int, rng: inout SeededRNG
    ) throws -> [Double] {
        let p = players.groups.count
        try checkRules([HyperparameterRule("samples", samples, .atLeast(2))], estimator: "KernelSHAP")
        if p == 1 { return [delta] }
        let full = p < 63 ? (UInt64(1) << UInt64(p)) - 2 : UInt64.max
        var masks: [UInt64] = [], weights: [Double] = []
        if UInt64(samples) >= full {
            // Every proper non-empty coalition with its exact Shapley-kernel weight.
            for mask in 1...full {
                let s = mask.nonzeroBitCount
                masks.append(mask)
                weights.append(Double(p - 1) / (binomial(p, s) * Double(s) * Double(p - s)))
            }
        } else {
            // Sizes drawn ∝ (p−1)/(s(p−s)); each subset and its complement, equal weights.
            let sizeWeights = (1..<p).map { s in 1 / (Double(s) * Double(p - s)) }
            let total = sizeWeights.reduce(0, +)
            let allPlayers = UInt64.max >> UInt64(64 - p)
            while masks.count < samples {
                var u = rng.uniform() * total, s = 1
                while s < p - 1 && u > sizeWeights[s - 1] { u -= sizeWeights[s - 1]; s += 1 }
                var order = Array(0..<p)
                var mask: UInt64 = 0
                for k in 0..<s {
                    let j = k + rng.integer(below: p - k)
                    order.swapAt(k, j)
                    mask |= 1 << UInt64(order[k])
                }
                masks.append(mask)
                masks.append(allPlayers & ~mask)
            }
            weights = [Double](repeating: 1, count: masks.count)
        }
        let v = try coalitionValues(model, row, masks: masks)
        // Rows √w·(z_i − z_p) for i < p, targets √w·(v(S) − v(∅) − z_p Δ).
        let n = masks.count, q = p - 1
        var a = [Double](repeating: 0, count: n * q), b = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let root = weights[k].squareRoot()
            let zp: Double = masks[k] & (1 << UInt64(q)) != 0 ? 1 : 0
            for i in 0..<q {
                let zi: Double = masks[k] & (1 << UInt64(i)) != 0 ? 1 : 0
                a[k * q + i] = root * (zi - zp)
            }
            b[k] = root * (v[k] - base - zp * delta)
        }
        let head: [Double]
        do {
            head = try Matrix(rows: n, columns: q, elements: a).leastSquares(b).solution
        } catch {
            throw learnError(from: error, model: "KernelSHAP")
        }
        return head + [delta - head.reduce(0, +)]
    }
}

/// C(n, k) as a Double (exact for the small n used here).
func binomial(_ n: Int, _ k: Int) -> Double {
    guard k >= 0 && k <= n else { return 0 }
    var result = 1.0
    for i in 0..<min(k, n - k) { result = result * Double(n - i) / Double(i + 1) }
    return result.rounded()
}
