import Foundation
import QDCore

/// How the left side of a linear constraint relates to its bound.
public enum ConstraintRelation: String, Sendable, Codable, CaseIterable {
    /// Σ aᵢxᵢ ≤ b.
    case lessOrEqual
    /// Σ aᵢxᵢ = b (within the space's equality tolerance).
    case equal
    /// Σ aᵢxᵢ ≥ b.
    case greaterOrEqual
}

/// A linear constraint Σ aᵢ xᵢ (relation) b over the native values of numeric parameters.
///
/// Equalities may only involve continuous parameters (a rounded integer cannot keep a sum exact).
public struct LinearConstraint: Sendable, Equatable, Codable {
    /// A label used in error messages ("fractions sum to 1").
    public let name: String
    /// Coefficient per parameter name.
    public let coefficients: [String: Double]
    /// ≤, = or ≥.
    public let relation: ConstraintRelation
    /// The right-hand side b.
    public let bound: Double

    /// A constraint from coefficients, a relation and a bound.
    public init(_ name: String, coefficients: [String: Double], _ relation: ConstraintRelation, _ bound: Double) {
        self.name = name
        self.coefficients = coefficients
        self.relation = relation
        self.bound = bound
    }

    /// Σ xᵢ = total over `names`: fractions of a mixture (total 1) or volumes of a fixed batch.
    public static func sum(_ names: [String], equals total: Double = 1) -> LinearConstraint {
        LinearConstraint("\(names.joined(separator: " + ")) = \(total)",
                         coefficients: Dictionary(uniqueKeysWithValues: names.map { ($0, 1.0) }), .equal, total)
    }

    /// Signed violation g with g ≤ 0 feasible (for an equality, |Σ − b|).
    func violation(_ values: (String) -> Double) -> Double {
        let lhs = coefficients.reduce(0.0) { $0 + $1.value * values($1.key) }
        switch relation {
        case .lessOrEqual: return lhs - bound
        case .greaterOrEqual: return bound - lhs
        case .equal: return abs(lhs - bound)
        }
    }
}

/// A nonlinear constraint g(point) ≤ 0 given as a closure (not persisted: re-attach it when resuming).
public struct NonlinearConstraint: Sendable {
    /// A label used in error messages and to check a resumed state belongs to the same space.
    public let name: String
    /// g(point); the point is feasible when g ≤ 0. Must return a finite number for every point of the box.
    public let function: @Sendable (Point) -> Double

    /// A constraint named `name` with g = `function`.
    public init(_ name: String, _ function: @escaping @Sendable (Point) -> Double) {
        self.name = name
        self.function = function
    }
}

/// A mixed search space: continuous (linear/log), integer, categorical (with optional descriptors) and fixed
/// parameters under linear and nonlinear constraints, with an encoding to the unit cube for surrogates.
///
/// Internally a point is a "native vector": one Double per parameter (the value; a categorical's level index; a
/// fixed parameter's value or 0 for a fixed level). The surrogate's features are the unit-cube encoding:
/// continuous and integer → [0, 1] (log scale for `.log`), categorical → one-hot or min–max scaled descriptors,
/// fixed → omitted.
///
/// Conditional parameters (`Parameter.activeIf`) exist only while their controller takes a controlling value:
/// when inactive they are left out of points (a value given for them is ignored), imputed to a fixed code in the
/// features, and set to an imputed native value so that points differing only there are the same point.
/// Nonlinear-constraint closures see points without the inactive names.
public struct SearchSpace: Sendable {
    /// The parameters, in order.
    public let parameters: [Parameter]
    /// Linear constraints.
    public let linearConstraints: [LinearConstraint]
    /// Nonlinear constraints g ≤ 0.
    public let nonlinearConstraints: [NonlinearConstraint]
    /// Allowed violation of any constraint, relative to max(1, |b|) for linear ones (default 1e-6).
    public let tolerance: Double

    let indexByName: [String: Int]
    /// Indices of continuous and integer parameters (the acquisition optimiser's continuous coordinates).
    let numericIndices: [Int]
    /// Indices of categorical parameters.
    let categoricalIndices: [Int]
    /// Min–max ranges of each categorical's descriptor columns (empty for one-hot).
    let descriptorRanges: [Int: [ClosedRange<Double>]]
    /// Conditional parameters by index: the controller's index and the controlling native values.
    let activity: [Int: (controller: Int, values: Set<Double>)]

    /// Builds and validates a space.
    /// - Throws: `OptimizeError.invalidSpace` for an empty or invalid parameter, a duplicate name, a constraint
    ///   naming an unknown or non-numeric parameter, an equality on an integer, a non-finite coefficient or bound,
    ///   or a negative tolerance; `.infeasibleSpace` when a single linear constraint cannot be met inside the box
    ///   (the message names it). Use `requireNonEmpty(seed:)` for the full check across constraints.
    public init(_ parameters: [Parameter], linearConstraints: [LinearConstraint] = [],
                nonlinearConstraints: [NonlinearConstraint] = [], tolerance: Double = 1e-6) throws {
        guard !parameters.isEmpty else {
            throw OptimizeError(.invalidSpace, "A search space needs at least one parameter; got none.")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw OptimizeError(.invalidSpace, "The constraint 'tolerance' must be finite and ≥ 0. Got \(tolerance).")
        }
        var index: [String: Int] = [:]
        for (i, p) in parameters.enumerated() {
            try p.validate()
            guard index[p.name] == nil else {
                throw OptimizeError(.invalidSpace, "Parameter name '\(p.name)' appears twice; names must be unique.")
            }
            index[p.name] = i
        }
        guard parameters.contains(where: { p in if case .fixed = p.domain { false } else { true } }) else {
            throw OptimizeError(.invalidSpace, "Every parameter is fixed, so there is nothing to optimise; add a continuous, integer or categorical parameter.")
        }
        var activity: [Int: (controller: Int, values: Set<Double>)] = [:]
        for (i, p) in parameters.enumerated() {
            if let condition = p.activeIf {
                activity[i] = try Self.validateCondition(condition, of: i, in: parameters, index: index)
            }
        }
        for c in linearConstraints {
            if let name = c.coefficients.keys.sorted().first(where: { index[$0].map { activity[$0] != nil } ?? false }) {
                throw OptimizeError(.invalidSpace, "Linear constraint '\(c.name)' names conditional parameter '\(name)'; constraints may only involve parameters that are always active. Drop the condition or the term.")
            }
        }
        for c in linearConstraints {
            guard !c.coefficients.isEmpty else { throw OptimizeError(.invalidSpace, "Linear constraint '\(c.name)' has no terms.") }
            guard c.bound.isFinite, c.coefficients.values.allSatisfy(\.isFinite) else {
                throw OptimizeError(.invalidSpace, "Linear constraint '\(c.name)' has a non-finite coefficient or bound; use finite numbers.")
            }
            for name in c.coefficients.keys.sorted() {
                guard let i = index[name] else {
                    throw OptimizeError(.invalidSpace, "Linear constraint '\(c.name)' names unknown parameter '\(name)'. Known: \(parameters.map(\.name)).")
                }
                guard parameters[i].isNumericVariable else {
                    throw OptimizeError(.invalidSpace, "Linear constraint '\(c.name)' uses '\(name)', which is not a continuous or integer parameter; constraints act on numeric values only.")
                }
                if c.relation == .equal, case .integer = parameters[i].domain {
                    throw OptimizeError(.invalidSpace, "Equality constraint '\(c.name)' uses integer parameter '\(name)'; equalities may only involve continuous parameters (a rounded integer cannot keep the sum exact).")
                }
            }
            // The attainable range of Σ aᵢxᵢ over the box.
            var (low, high) = (0.0, 0.0)
            for (name, a) in c.coefficients {
                guard let i = index[name] else { continue }
                let r = parameters[i].nativeRange
                low += min(a * r.lowerBound, a * r.upperBound)
                high += max(a * r.lowerBound, a * r.upperBound)
            }
            let slack = tolerance * max(1, abs(c.bound))
            let impossible = switch c.relation {
            case .lessOrEqual: low > c.bound + slack
            case .greaterOrEqual: high < c.bound - slack
            case .equal: low > c.bound + slack || high < c.bound - slack
            }
            if impossible {
                throw OptimizeError(.infeasibleSpace, "Linear constraint '\(c.name)' cannot be met: inside the parameter ranges its left side spans \(low)…\(high), but it must be \(c.relation) \(c.bound). Widen the ranges or relax the constraint.")
            }
        }
        self.parameters = parameters
        self.linearConstraints = linearConstraints
        self.nonlinearConstraints = nonlinearConstraints
        self.tolerance = tolerance
        self.indexByName = index
        self.numericIndices = parameters.indices.filter { parameters[$0].isNumericVariable }
        self.categoricalIndices = parameters.indices.filter { parameters[$0].levelCount > 0 }
        var ranges: [Int: [ClosedRange<Double>]] = [:]
        for i in categoricalIndices {
            if case .categorical(_, let descriptors?) = parameters[i].domain {
                ranges[i] = (0..<descriptors[0].count).map { j in
                    let column = descriptors.map { $0[j] }
                    return (column.min() ?? 0)...(column.max() ?? 0)
                }
            }
        }
        self.descriptorRanges = ranges
        self.activity = activity
    }

    /// Checks parameter `i`'s activity condition and returns its controller's index and the controlling native
    /// values (level indices or whole numbers).
    /// - Throws: `OptimizeError.invalidSpace` naming the parameter: unknown or later-declared controller, a
    ///   controller that is not categorical or integer, a fixed conditional parameter, no values, a value the
    ///   controller cannot take.
    static func validateCondition(_ condition: ActivityCondition, of i: Int, in parameters: [Parameter],
                                  index: [String: Int]) throws -> (controller: Int, values: Set<Double>) {
        let p = parameters[i]
        func bad(_ rule: String) -> OptimizeError { OptimizeError(.invalidSpace, "Parameter '\(p.name)' active_if: \(rule)") }
        if case .fixed = p.domain { throw bad("a fixed parameter cannot be conditional; drop the condition.") }
        guard let c = index[condition.parameter] else {
            throw bad("names unknown parameter '\(condition.parameter)'. Known: \(parameters.map(\.name)).")
        }
        guard c < i else {
            throw bad("the controlling parameter '\(condition.parameter)' must be declared before '\(p.name)' (this also rules out cycles). Move it up.")
        }
        guard !condition.values.isEmpty else { throw bad("give at least one value of '\(condition.parameter)' under which '\(p.name)' is active.") }
        var values: Set<Double> = []
        for v in condition.values {
            switch (parameters[c].domain, v) {
            case (.categorical(let levels, _), .level(let s)):
                guard let k = levels.firstIndex(of: s) else { throw bad("'\(condition.parameter)' has no level '\(s)'. Known levels: \(levels).") }
                values.insert(Double(k))
            case (.integer(let lo, let hi), .number(let x)):
                guard x == x.rounded(), x >= Double(lo), x <= Double(hi) else {
                    throw bad("\(x) is not a whole number in \(lo)…\(hi), the range of '\(condition.parameter)'.")
                }
                values.insert(x)
            case (.categorical, _), (.integer, _):
                throw bad("\(v) is not a value '\(condition.parameter)' can take (levels for a categorical, whole numbers for an integer).")
            default:
                throw bad("the controlling parameter '\(condition.parameter)' must be categorical or integer.")
            }
        }
        return (c, values)
    }

    /// `true` when parameter `i` is active at native vector `x`: unconditional, or its controller is active and
    /// takes a controlling value (integers compared after rounding).
    func isActive(_ i: Int, native x: [Double]) -> Bool {
        guard let rule = activity[i] else { return true }
        return isActive(rule.controller, native: x) && rule.values.contains(x[rule.controller].rounded())
    }

    /// The imputed native value of an inactive parameter: the lower bound of a numeric one (unit coordinate 0),
    /// level index 0 of a categorical (whose features are then all zero).
    func imputedNative(_ i: Int) -> Double {
        parameters[i].isNumericVariable ? parameters[i].nativeRange.lowerBound : 0
    }

    /// `x` with every inactive parameter set to its imputed value, so points that differ only in values that do
    /// not exist compare equal.
    func canonical(_ x: [Double]) -> [Double] {
        guard !activity.isEmpty else { return x }
        var y = x
        for i in activity.keys.sorted() where !isActive(i, native: y) { y[i] = imputedNative(i) }
        return y
    }

    /// The parameter names, in order.
    public var names: [String] { parameters.map(\.name) }

    /// Width of the surrogate's feature vector.
    public var featureCount: Int {
        parameters.indices.reduce(0) { total, i in
            switch parameters[i].domain {
            case .continuous, .integer: total + 1
            case .categorical(let levels, let descriptors): total + (descriptors?.first?.count ?? levels.count)
            case .fixed: total
            }
        }
    }

    /// The feature column of each continuous or integer parameter, in parameter order (their features are unit
    /// coordinates; categorical columns and omitted fixed parameters are skipped).
    var numericFeatureColumns: [Int] {
        var columns: [Int] = []
        var c = 0
        for p in parameters {
            switch p.domain {
            case .continuous, .integer: columns.append(c); c += 1
            case .categorical(let levels, let descriptors): c += descriptors?.first?.count ?? levels.count
            case .fixed: break
            }
        }
        return columns
    }

    // MARK: - Points ↔ native vectors

    /// Checks a point against the space and returns its native vector.
    ///
    /// Fixed parameters may be omitted (their value is filled in) but, if given, must equal the fixed value.
    /// - Throws: `OptimizeError.invalidPoint` naming the parameter for an unknown name, a missing value, a level
    ///   given for a numeric parameter (or the reverse), NaN, a value outside the range, a non-integer value of an
    ///   integer parameter, or an unknown level. Constraints are not checked here (see `violations(_:)`).
    public func nativeVector(_ point: Point) throws -> [Double] {
        if let unknown = point.keys.sorted().first(where: { indexByName[$0] == nil }) {
            throw OptimizeError(.invalidPoint, "Unknown parameter '\(unknown)'. The space has: \(names).")
        }
        // In order, so that a conditional parameter's controller (declared earlier) is known when it is read.
        var native: [Double] = []
        native.reserveCapacity(parameters.count)
        for (i, p) in parameters.enumerated() {
            if activity[i] != nil, !isActive(i, native: native + [Double](repeating: 0, count: parameters.count - i)) {
                native.append(imputedNative(i))  // inactive: any given value is ignored
                continue
            }
            native.append(try nativeValue(p, point))
        }
        return native
    }

    /// The native value of parameter `p` in `point` (see `nativeVector`).
    private func nativeValue(_ p: Parameter, _ point: Point) throws -> Double {
        func bad(_ rule: String) -> OptimizeError { OptimizeError(.invalidPoint, "Parameter '\(p.name)' \(rule)") }
        if case .fixed(let value) = p.domain {
            if let given = point[p.name], given != value {
                throw bad("is fixed at \(value) but the point gives \(given). Remove it from the point or change the fixed value.")
            }
            return value.number ?? 0
        }
        guard let value = point[p.name] else {
            throw bad("is missing from the point. Give a value for every non-fixed parameter.")
        }
        switch (p.domain, value) {
        case (.continuous(let lo, let hi, _), .number(let x)):
            guard x.isFinite else { throw bad("is \(x); values must be finite numbers.") }
            guard x >= lo, x <= hi else { throw bad("= \(x) is outside its range \(lo)…\(hi). Use points inside the space or widen the range.") }
            return x
        case (.integer(let lo, let hi), .number(let x)):
            guard x.isFinite, x == x.rounded() else { throw bad("= \(x) is not a whole number; integer parameters take whole numbers.") }
            guard x >= Double(lo), x <= Double(hi) else { throw bad("= \(x) is outside its range \(lo)…\(hi). Use points inside the space or widen the range.") }
            return x
        case (.categorical(let levels, _), .level(let s)):
            guard let k = levels.firstIndex(of: s) else { throw bad("has unknown level '\(s)'. Known levels: \(levels).") }
            return Double(k)
        case (.categorical(let levels, _), .number(let x)):
            throw bad("is categorical (levels \(levels)) but got the number \(x); give a level name.")
        default:
            throw bad("is numeric but got \(value); give a number.")
        }
    }

    /// The point of a native vector (integers rounded, categorical indices mapped to levels, inactive
    /// conditional parameters left out).
    public func point(native: [Double]) -> Point {
        var out: Point = [:]
        for (i, p) in parameters.enumerated() where isActive(i, native: native) {
            switch p.domain {
            case .continuous: out[p.name] = .number(native[i])
            case .integer: out[p.name] = .number(native[i].rounded())
            case .categorical(let levels, _): out[p.name] = .level(levels[min(max(Int(native[i]), 0), levels.count - 1)])
            case .fixed(let v): out[p.name] = v
            }
        }
        return out
    }

    /// The unit-cube feature vector the surrogate sees (see the type's summary). Relaxed (fractional) integers
    /// are encoded as they are, which lets the acquisition optimiser move them continuously. An inactive
    /// conditional parameter is imputed: 0 for a number (as if at its lower bound: "no shell" looks like the
    /// thinnest shell, often the physically apt reading), all zeros for a categorical (no level).
    public func features(native: [Double]) -> [Double] {
        var f: [Double] = []
        f.reserveCapacity(featureCount)
        for (i, p) in parameters.enumerated() {
            if activity[i] != nil, !isActive(i, native: native) {
                // Inactive: a fixed imputed code (unit coordinate 0 for a number, all zeros for a categorical).
                if case .fixed = p.domain { continue }
                let width = p.isNumericVariable ? 1 : (descriptorRanges[i]?.count ?? p.levelCount)
                f += [Double](repeating: 0, count: width)
                continue
            }
            switch p.domain {
            case .continuous, .integer:
                f.append(p.unit(fromNative: native[i]))
            case .categorical(let levels, let descriptors):
                let k = min(max(Int(native[i]), 0), levels.count - 1)
                if let descriptors, let ranges = descriptorRanges[i] {
                    for (j, r) in ranges.enumerated() {
                        let width = r.upperBound - r.lowerBound
                        f.append(width > 0 ? (descriptors[k][j] - r.lowerBound) / width : 0)
                    }
                } else {
                    for j in 0..<levels.count { f.append(j == k ? 1 : 0) }
                }
            case .fixed:
                break
            }
        }
        return f
    }

    /// Feature matrix for several native vectors (one row each).
    func featureMatrix(_ natives: [[Double]]) -> Matrix {
        let elements = natives.flatMap { features(native: $0) }
        return (try? Matrix(rows: natives.count, columns: featureCount, elements: elements))
            ?? Matrix(rows: 0, columns: featureCount)
    }

    // MARK: - Feasibility

    /// One constraint violation: which rule and by how much.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// The constraint's name.
        public let constraint: String
        /// How far past its limit the point is (> tolerance).
        public let amount: Double
        /// "'name' violated by amount".
        public var description: String { "'\(constraint)' violated by \(amount)" }
    }

    /// The constraints a native vector violates beyond the tolerance (empty when feasible).
    /// Integers are rounded first, as they will be when the point is returned. A NaN constraint value counts as
    /// violated (amount NaN).
    public func violations(native: [Double]) -> [Violation] {
        var x = native
        for i in numericIndices { if case .integer = parameters[i].domain { x[i] = x[i].rounded() } }
        var out: [Violation] = []
        for c in linearConstraints {
            let g = c.violation { name in indexByName[name].map { x[$0] } ?? 0 }
            if !(g <= tolerance * max(1, abs(c.bound))) { out.append(Violation(constraint: c.name, amount: g)) }
        }
        if !nonlinearConstraints.isEmpty {
            let p = point(native: x)
            for c in nonlinearConstraints {
                let g = c.function(p)
                if !(g <= tolerance) { out.append(Violation(constraint: c.name, amount: g)) }
            }
        }
        return out
    }

    /// `true` when the point lies in the space and meets every constraint.
    /// - Throws: as `nativeVector(_:)`.
    public func isFeasible(_ point: Point) throws -> Bool {
        violations(native: try nativeVector(point)).isEmpty
    }

    /// `true` when any constraint exists.
    var isConstrained: Bool { !linearConstraints.isEmpty || !nonlinearConstraints.isEmpty }

    /// Sum of squared constraint excesses (0 when feasible), for minimisation by COBYLA.
    func totalViolation(native: [Double]) -> Double {
        violations(native: native).reduce(0) { $0 + ($1.amount.isNaN ? 1e6 : $1.amount * $1.amount) }
    }

    /// Native vector from unit coordinates of the numeric parameters, with categoricals taken from `template`.
    func native(numericUnits u: [Double], template: [Double]) -> [Double] {
        var x = template
        for (k, i) in numericIndices.enumerated() { x[i] = parameters[i].native(fromUnit: min(max(u[k], 0), 1)) }
        return x
    }

    /// The unit coordinates of the numeric parameters of a native vector.
    func numericUnits(_ native: [Double]) -> [Double] {
        numericIndices.map { parameters[$0].unit(fromNative: native[$0]) }
    }

    /// A random native vector: uniform unit coordinates, random levels, fixed values; equalities repaired by
    /// alternating projection (Kaczmarz steps onto each hyperplane, then clamping to the box), integers rounded.
    func randomNative(using rng: inout SeededRNG) -> [Double] {
        var x = parameters.map { p -> Double in
            switch p.domain {
            case .continuous, .integer: return p.native(fromUnit: rng.uniform())
            case .categorical(let levels, _): return Double(rng.integer(below: levels.count))
            case .fixed(let v): return v.number ?? 0
            }
        }
        repairEqualities(&x)
        for i in numericIndices { if case .integer = parameters[i].domain { x[i] = x[i].rounded() } }
        return canonical(x)
    }

    /// Moves x onto the equality hyperplanes within the box by alternating projections (which converge to a
    /// point of the intersection when it is not empty: the sets are convex). 200 sweeps at most.
    func repairEqualities(_ x: inout [Double]) {
        let equalities = linearConstraints.filter { $0.relation == .equal }
        guard !equalities.isEmpty else { return }
        let terms = equalities.map { c in c.coefficients.compactMap { k, a in indexByName[k].map { ($0, a) } }.sorted { $0.0 < $1.0 } }
        for _ in 0..<200 {
            var worst = 0.0
            for (c, t) in zip(equalities, terms) {
                let lhs = t.reduce(0) { $0 + $1.1 * x[$1.0] }
                let norm2 = t.reduce(0) { $0 + $1.1 * $1.1 }
                let r = lhs - c.bound
                worst = max(worst, abs(r) / max(1, abs(c.bound)))
                for (i, a) in t { x[i] -= a * r / norm2 }
            }
            for (i, p) in parameters.enumerated() where p.isNumericVariable {
                let r = p.nativeRange
                x[i] = min(max(x[i], r.lowerBound), r.upperBound)
            }
            if worst < tolerance * 0.01 { break }
        }
    }

    /// Up to `count` distinct-by-draw feasible native vectors from at most `attempts` random draws.
    func sampleFeasible(count: Int, attempts: Int, using rng: inout SeededRNG) -> [[Double]] {
        var out: [[Double]] = []
        var tries = 0
        while out.count < count, tries < attempts {
            tries += 1
            let x = randomNative(using: &rng)
            if violations(native: x).isEmpty { out.append(x) }
        }
        return out
    }

    /// Finds a feasible point or proves (numerically) that there is none.
    ///
    /// First up to 2 000 random draws (with equality repair); if none is feasible, COBYLA minimises the summed
    /// squared violation over the numeric parameters from 8 starts (each with random categorical levels).
    /// - Returns: a feasible point.
    /// - Throws: `OptimizeError.infeasibleSpace` naming the constraints still violated (and by how much) at the
    ///   least-infeasible point found: relax those constraints or widen the ranges they involve.
    /// - Complexity: up to 2 000 constraint evaluations plus 8 COBYLA runs of ≤ 2 000 evaluations.
    @discardableResult
    public func requireNonEmpty(seed: UInt64 = 0) throws -> Point {
        var rng = SeededRNG(seed: seed)
        if let x = sampleFeasible(count: 1, attempts: 2000, using: &rng).first { return point(native: x) }
        var best: (x: [Double], value: Double)?
        if !numericIndices.isEmpty {
            let bounds = try BoxBounds(lower: numericIndices.map { _ in 0.0 }, upper: numericIndices.map { _ in 1.0 })
            for _ in 0..<8 {
                let template = randomNative(using: &rng)
                let start = numericUnits(template)
                let result = try Optimizer.minimizeCOBYLA(
                    from: start, bounds: bounds, stopping: StoppingCriteria(relativeXTolerance: 1e-12, maxEvaluations: 2000)
                ) { u in totalViolation(native: native(numericUnits: u, template: template)) }
                var x = native(numericUnits: result.x, template: template)
                repairEqualities(&x)
                let v = totalViolation(native: x)
                if v == 0 { return point(native: x) }
                if best == nil || v < best?.value ?? .infinity { best = (x, v) }
            }
        }
        let x = best?.x ?? randomNative(using: &rng)
        let list = violations(native: x).map(\.description).joined(separator: "; ")
        throw OptimizeError(.infeasibleSpace, "The search space appears empty: no point meets every constraint. At the least-infeasible point found, \(list). Relax those constraints or widen the ranges they involve.")
    }
}
