import Foundation

/// What to do with one measured response.
public enum Goal: Sendable, Equatable, Codable {
    /// Larger is better.
    case maximize
    /// Smaller is better.
    case minimize
    /// Hit `value`; within ±`tolerance` counts as on target (e.g. emission 620 ± 5 nm).
    case target(Double, tolerance: Double)
}

/// One response of a desirability objective: its goal and the range over which desirability rises from 0 to 1.
public struct DesirabilityTerm: Sendable, Equatable, Codable {
    /// The response's name in `BayesianOptimizer.tell(_:responses:)`.
    public let response: String
    /// The goal.
    public let goal: Goal
    /// Acceptable range (maximise: d = 0 at lower, 1 at upper; minimise: the reverse). Unused for targets.
    public let range: ClosedRange<Double>
    /// Weight (> 0) in the weighted geometric mean.
    public let weight: Double

    /// A term; `range` matters for maximise/minimise, `weight` defaults to 1.
    public init(_ response: String, _ goal: Goal, range: ClosedRange<Double> = 0...1, weight: Double = 1) {
        self.response = response
        self.goal = goal
        self.range = range
        self.weight = weight
    }

    /// The term's desirability in [0.01, 1]. Maximise: (y − L)/(U − L) clipped; minimise: (U − y)/(U − L)
    /// clipped (Derringer & Suich 1980, linear ramps); target: exp(−½((y − t)/tol)²), a bell that is e^(−½) ≈ 0.61
    /// at the tolerance. Floored at 0.01 so that a surrogate still sees a slope where a hard 0 would be flat.
    func desirability(_ y: Double) -> Double {
        let d: Double
        switch goal {
        case .maximize: d = (y - range.lowerBound) / (range.upperBound - range.lowerBound)
        case .minimize: d = (range.upperBound - y) / (range.upperBound - range.lowerBound)
        case .target(let t, let tol): d = exp(-0.5 * ((y - t) / tol) * ((y - t) / tol))
        }
        return min(max(d, 0.01), 1)
    }
}

/// How measured responses become the single score the optimiser maximises.
public enum Objective: Sendable, Equatable, Codable {
    /// One response with a goal. Score: y (maximise), −y (minimise), −|y − t| (target; units of y).
    case single(response: String, goal: Goal)
    /// Several responses combined by the weighted geometric mean of their desirabilities, D ∈ [0.01, 1]
    /// (Derringer & Suich, J. Qual. Technol. 12, 214, 1980). Score: D.
    case desirability([DesirabilityTerm])

    /// Maximise the response "value".
    public static let maximize = Objective.single(response: "value", goal: .maximize)
    /// Minimise the response "value".
    public static let minimize = Objective.single(response: "value", goal: .minimize)
    /// Match `value` ± `tolerance` for the response "value".
    public static func target(_ value: Double, tolerance: Double) -> Objective {
        .single(response: "value", goal: .target(value, tolerance: tolerance))
    }

    /// The responses this objective reads.
    public var responses: [String] {
        switch self {
        case .single(let r, _): [r]
        case .desirability(let terms): terms.map(\.response)
        }
    }

    /// Checks the goal's numbers.
    /// - Throws: `OptimizeError.invalidSetting` for a non-positive tolerance, an empty range or weight ≤ 0.
    func validate() throws {
        func check(_ goal: Goal, _ name: String) throws {
            if case .target(let t, let tol) = goal, !(t.isFinite && tol > 0 && tol.isFinite) {
                throw OptimizeError(.invalidSetting, "The target of '\(name)' needs a finite value and a tolerance > 0. Got \(t) ± \(tol).")
            }
        }
        switch self {
        case .single(let r, let g): try check(g, r)
        case .desirability(let terms):
            guard !terms.isEmpty else { throw OptimizeError(.invalidSetting, "A desirability objective needs at least one term.") }
            for t in terms {
                try check(t.goal, t.response)
                guard t.weight > 0, t.weight.isFinite, t.range.upperBound > t.range.lowerBound else {
                    throw OptimizeError(.invalidSetting, "Desirability term '\(t.response)' needs weight > 0 and a range with lower < upper. Got weight \(t.weight), range \(t.range).")
                }
            }
        }
    }

    /// The score (maximised) of a set of responses.
    /// - Throws: `OptimizeError.invalidObservation` when a needed response is missing or not finite.
    public func score(_ responses: [String: Double]) throws -> Double {
        func value(_ name: String) throws -> Double {
            guard let y = responses[name] else {
                throw OptimizeError(.invalidObservation, "Response '\(name)' is missing; the objective needs \(self.responses). Got \(responses.keys.sorted()).")
            }
            guard y.isFinite else {
                throw OptimizeError(.invalidObservation, "Response '\(name)' is \(y); responses must be finite. Report a failed run with tellFailure instead.")
            }
            return y
        }
        switch self {
        case .single(let r, .maximize): return try value(r)
        case .single(let r, .minimize): return -(try value(r))
        case .single(let r, .target(let t, _)): return -abs(try value(r) - t)
        case .desirability(let terms):
            var logSum = 0.0, weights = 0.0
            for term in terms {
                logSum += term.weight * log(term.desirability(try value(term.response)))
                weights += term.weight
            }
            return exp(logSum / weights)
        }
    }
}
