/// A declarative range rule for one numeric hyperparameter, checked before fitting.
///
/// Every regressor lists its rules in `Regressor.hyperparameterRules`; `Regressor.validateHyperparameters()`
/// checks them in order and throws the first violation with a scikit-learn-style message:
/// "The 'alpha' parameter of Ridge must be ≥ 0. Got -1."
public struct HyperparameterRule: Sendable, Equatable {
    /// The allowed set of values.
    public enum Constraint: Sendable, Equatable {
        /// value ≥ bound.
        case atLeast(Double)
        /// value > bound.
        case greaterThan(Double)
        /// lower ≤ value ≤ upper.
        case closed(Double, Double)
        /// lower < value < upper.
        case open(Double, Double)
        /// lower < value ≤ upper.
        case leftOpen(Double, Double)
        /// Any finite value.
        case finite
    }

    /// The parameter name as the user spells it (Swift property name).
    public let name: String
    /// The value received.
    public let value: Double
    /// The rule the value must satisfy.
    public let constraint: Constraint

    /// A rule that `value` of parameter `name` must satisfy `constraint`.
    public init(_ name: String, _ value: Double, _ constraint: Constraint) {
        self.name = name
        self.value = value
        self.constraint = constraint
    }

    /// A rule for an integer parameter.
    public init(_ name: String, _ value: Int, _ constraint: Constraint) {
        self.init(name, Double(value), constraint)
    }

    /// Whether `value` is finite and satisfies the constraint (NaN never does).
    public var isSatisfied: Bool {
        guard value.isFinite else { return false }
        switch constraint {
        case .atLeast(let b): return value >= b
        case .greaterThan(let b): return value > b
        case .closed(let l, let u): return value >= l && value <= u
        case .open(let l, let u): return value > l && value < u
        case .leftOpen(let l, let u): return value > l && value <= u
        case .finite: return true
        }
    }

    /// "must be ≥ 0", "must be in (0, 1]" …
    var ruleText: String {
        switch constraint {
        case .atLeast(let b): return "must be ≥ \(formatNumber(b))"
        case .greaterThan(let b): return "must be > \(formatNumber(b))"
        case .closed(let l, let u): return "must be in [\(formatNumber(l)), \(formatNumber(u))]"
        case .open(let l, let u): return "must be in (\(formatNumber(l)), \(formatNumber(u)))"
        case .leftOpen(let l, let u): return "must be in (\(formatNumber(l)), \(formatNumber(u))]"
        case .finite: return "must be finite"
        }
    }
}

/// Formats integral values without a trailing ".0" ("-1", "0.5", "1e-08") for messages.
func formatNumber(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
}

/// Throws the first violated rule as `LearnError.invalidHyperparameter`.
func checkRules(_ rules: [HyperparameterRule], estimator: String) throws {
    if let bad = rules.first(where: { !$0.isSatisfied }) {
        throw LearnError(
            .invalidHyperparameter,
            "The '\(bad.name)' parameter of \(estimator) \(bad.ruleText). Got \(formatNumber(bad.value)).")
    }
}
