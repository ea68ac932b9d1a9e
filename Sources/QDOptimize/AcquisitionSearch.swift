import Foundation
import QDCore

/// Maximises an acquisition over a mixed search space: random feasible raw samples, then from the best few a
/// local search that alternates (a) the continuous and integer coordinates (relaxed to the unit cube) by L-BFGS
/// with central finite-difference gradients — or COBYLA when the space has constraints — and (b) one categorical
/// parameter at a time, trying each of its levels with everything else held (cost Σ levels per sweep, never the
/// Cartesian product of levels). Integers are rounded and equalities repaired at the end; an infeasible result
/// is discarded.
///
/// Finite differences rather than analytic gradients: the acquisition is evaluated through the generic
/// `ProbabilisticRegressor` posterior, which does not expose input gradients; one batched posterior call with
/// 2p + 1 rows gives the gradient in p numeric coordinates, cheap next to a GP fit for the campaign sizes here.
struct AcquisitionSearch {
    let space: SearchSpace
    /// Native values held fixed (contextual parameters), by parameter index.
    let pinned: [Int: Double]
    /// Random feasible samples scored before the local searches.
    let rawSamples: Int
    /// Local searches from the best raw samples.
    let starts: Int
    /// Evaluation budget of each continuous local search.
    let maxEvaluations: Int
    /// Acquisition values (maximised) for a feature matrix (one row per candidate).
    let evaluate: (Matrix) throws -> [Double]

    /// Applies the pinned values.
    func pin(_ x: [Double]) -> [Double] {
        var y = x
        for (i, v) in pinned { y[i] = v }
        return y
    }

    /// Random feasible native vectors with the pinned values applied (and repaired if they break equalities).
    func candidates(_ count: Int, using rng: inout SeededRNG) -> [[Double]] {
        var out: [[Double]] = []
        var tries = 0
        while out.count < count, tries < 20 * count {
            tries += 1
            var x = pin(space.randomNative(using: &rng))
            space.repairEqualities(&x)
            x = pin(x)
            if space.violations(native: x).isEmpty { out.append(x) }
        }
        return out
    }

    /// The best feasible native vector not in `exclude` (compared after rounding integers) and its value.
    /// - Throws: `OptimizeError.infeasibleSpace` when no feasible sample is found; errors from `evaluate`.
    func run(seed: UInt64, exclude: Set<[Double]>) throws -> (native: [Double], value: Double) {
        var rng = SeededRNG(seed: seed)
        var raw = candidates(rawSamples, using: &rng)
        if raw.isEmpty {
            let p = try space.requireNonEmpty(seed: seed)
            raw = [pin(try space.nativeVector(p))].filter { space.violations(native: $0).isEmpty }
        }
        guard !raw.isEmpty else {
            throw OptimizeError(.infeasibleSpace, "No feasible point was found with the contextual values \(pinned.map { (space.parameters[$0.key].name, $0.value) }); check the context against the constraints.")
        }
        let rawValues = try evaluate(space.featureMatrix(raw))
        let order = rawValues.indices.sorted { rawValues[$0] > rawValues[$1] }
        var best: (native: [Double], value: Double)?
        func consider(_ x: [Double], _ v: Double) {
            let key = rounded(x)
            guard v.isFinite || v == -.infinity, !exclude.contains(key), space.violations(native: key).isEmpty else { return }
            if best == nil || v > best?.value ?? -.infinity { best = (key, v) }
        }
        for i in order where best == nil { consider(raw[i], rawValues[i]) }
        for i in order.prefix(starts) {
            let (x, v) = try localSearch(from: raw[i], value: rawValues[i])
            consider(x, v)
        }
        guard let best else {
            throw OptimizeError(.infeasibleSpace, "Every feasible candidate found was already observed or pending; the space may be exhausted (all integer/categorical combinations tried).")
        }
        return best
    }

    /// Integers rounded and inactive conditional parameters imputed, as the point will be returned.
    func rounded(_ x: [Double]) -> [Double] {
        var y = x
        for i in space.numericIndices { if case .integer = space.parameters[i].domain { y[i] = y[i].rounded() } }
        return space.canonical(y)
    }

    /// Alternates continuous and categorical moves from `x0` (≤ 3 sweeps).
    func localSearch(from x0: [Double], value v0: Double) throws -> ([Double], Double) {
        var x = x0, value = v0
        for _ in 0..<3 {
            var improved = false
            if !space.numericIndices.isEmpty {
                let (x1, v1) = try continuousSearch(from: x)
                if v1 > value + 1e-12 { x = x1; value = v1; improved = true }
            }
            for c in space.categoricalIndices where pinned[c] == nil {
                let levels = (0..<space.parameters[c].levelCount).map { k -> [Double] in var y = x; y[c] = Double(k); return y }
                    .filter { space.violations(native: $0).isEmpty }
                guard !levels.isEmpty else { continue }
                let values = try evaluate(space.featureMatrix(levels))
                if let k = values.indices.max(by: { values[$0] < values[$1] }), values[k] > value + 1e-12 {
                    x = levels[k]; value = values[k]; improved = true
                }
            }
            if !improved || space.categoricalIndices.isEmpty { break }
        }
        return (x, value)
    }

    /// Optimises the numeric unit coordinates with categoricals held at `x0`'s levels.
    func continuousSearch(from x0: [Double]) throws -> ([Double], Double) {
        let numeric = space.numericIndices
        let u0 = space.numericUnits(x0).map { min(max($0, 0), 1) }
        let lower = numeric.enumerated().map { k, i in pinned[i] != nil ? u0[k] : 0 }
        let upper = numeric.enumerated().map { k, i in pinned[i] != nil ? u0[k] : 1 }
        let bounds = try BoxBounds(lower: lower, upper: upper)
        let base = space.features(native: x0)
        let columns = featureColumns()
        func featureRow(_ u: [Double]) -> [Double] {
            var f = base
            for (k, c) in columns.enumerated() { f[c] = u[k] }
            return f
        }
        let stopping = StoppingCriteria(relativeXTolerance: 1e-6, relativeFunctionTolerance: 1e-9, maxEvaluations: maxEvaluations)
        let result: OptimizationResult
        if space.isConstrained {
            result = try Optimizer.minimizeCOBYLA(
                from: u0, bounds: bounds, constraints: constraintFunctions(template: x0), constraintTolerance: space.tolerance,
                stopping: stopping
            ) { u in
                let v = try evaluate(try Matrix(rows: 1, columns: base.count, elements: featureRow(u)))[0]
                return v.isFinite ? -v : 1e300
            }
        } else {
            let h = 1e-6
            result = try Optimizer.minimizeLBFGS(from: u0, bounds: bounds, stopping: stopping) { u in
                var rows = featureRow(u)
                for k in u.indices {
                    var up = u, down = u
                    up[k] += h
                    down[k] -= h
                    rows += featureRow(up) + featureRow(down)
                }
                let v = try evaluate(try Matrix(rows: 2 * u.count + 1, columns: base.count, elements: rows))
                guard v[0].isFinite else { return (1e300, [Double](repeating: 0, count: u.count)) }
                let g = u.indices.map { k -> Double in
                    let d = (v[1 + 2 * k] - v[2 + 2 * k]) / (2 * h)
                    return d.isFinite ? -d : 0
                }
                return (-v[0], g)
            }
        }
        var x = pin(space.native(numericUnits: result.x, template: x0))
        space.repairEqualities(&x)
        x = rounded(pin(x))
        let value = try evaluate(space.featureMatrix([x]))[0]
        return (x, value)
    }

    /// The feature column of each numeric parameter (continuous and integer features are their unit coordinates).
    func featureColumns() -> [Int] { space.numericFeatureColumns }

    /// Constraint closures g(u) ≤ 0 in unit coordinates (equalities as two inequalities).
    func constraintFunctions(template: [Double]) -> [([Double]) throws -> Double] {
        var out: [([Double]) throws -> Double] = []
        let index = space.indexByName
        for c in space.linearConstraints {
            let lhs: ([Double]) -> Double = { u in
                let x = space.native(numericUnits: u, template: template)
                return c.coefficients.reduce(0) { $0 + $1.value * (index[$1.key].map { x[$0] } ?? 0) }
            }
            switch c.relation {
            case .lessOrEqual: out.append { lhs($0) - c.bound }
            case .greaterOrEqual: out.append { c.bound - lhs($0) }
            case .equal:
                out.append { lhs($0) - c.bound }
                out.append { c.bound - lhs($0) }
            }
        }
        for c in space.nonlinearConstraints {
            out.append { u in c.function(space.point(native: space.native(numericUnits: u, template: template))) }
        }
        return out
    }
}
