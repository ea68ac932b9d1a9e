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

/// One level of a Chimera objective: a response, its goal, the span used to normalise it and the threshold that
/// counts as good enough before the next level matters.
public struct ChimeraTerm: Sendable, Equatable, Codable {
    /// The response's name.
    public let response: String
    /// Maximise, minimise or target.
    public let goal: Goal
    /// The span over which the response is normalised to a badness b ∈ [0, 1] (0 best): maximise
    /// b = (U − y)/(U − L), minimise b = (y − L)/(U − L), target b = |y − t|/(U − L), clipped to [0, 1].
    public let range: ClosedRange<Double>
    /// Good enough, in the response's units: maximise y ≥ threshold, minimise y ≤ threshold, target
    /// |y − t| ≤ threshold (nil for a target: its tolerance). Every level but the last needs one.
    public let threshold: Double?

    /// A level; see the properties.
    public init(_ response: String, _ goal: Goal, range: ClosedRange<Double>, threshold: Double? = nil) {
        self.response = response
        self.goal = goal
        self.range = range
        self.threshold = threshold
    }

    /// Badness b ∈ [0, 1] of a value (0 best).
    func badness(_ y: Double) -> Double {
        let width = range.upperBound - range.lowerBound
        let b: Double = switch goal {
        case .maximize: (range.upperBound - y) / width
        case .minimize: (y - range.lowerBound) / width
        case .target(let t, _): abs(y - t) / width
        }
        return min(max(b, 0), 1)
    }

    /// The badness at the threshold (the level is met when b ≤ τ), or nil without one.
    var badnessThreshold: Double? {
        switch goal {
        case .target(_, let tolerance): return min(max((threshold ?? tolerance) / (range.upperBound - range.lowerBound), 0), 1)
        default: return threshold.map(badness)
        }
    }
}

/// How measured responses become the single score the optimiser maximises.
public enum Objective: Sendable, Equatable, Codable {
    /// One response with a goal. Score: y (maximise), −y (minimise), −|y − t| (target; units of y).
    case single(response: String, goal: Goal)
    /// Several responses combined by the weighted geometric mean of their desirabilities, D ∈ [0.01, 1]
    /// (Derringer & Suich, J. Qual. Technol. 12, 214, 1980). Score: D.
    case desirability([DesirabilityTerm])
    /// Hierarchical scalarisation in the manner of Chimera (Häse, Roch & Aspuru-Guzik, Chem. Sci. 9, 7642, 2018):
    /// levels in order of importance; a level only matters once every more important level meets its threshold.
    /// With normalised badnesses bᵢ and thresholds τᵢ (see `ChimeraTerm`), let i be the first level with
    /// bᵢ > τᵢ (or the last level, n − 1, if all are met): χ = (n − 1 − i) + bᵢ, score −χ. Failing a more
    /// important level therefore always scores below failing a less important one (the bands (n − 1 − i) + (τᵢ, 1]
    /// do not overlap). Chimera separates the levels by shifts computed from the observed ranges; here a unit
    /// offset on user-given ranges does the same job, so one observation's score does not depend on the others.
    case chimera([ChimeraTerm])

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
        case .chimera(let terms): terms.map(\.response)
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
        case .chimera(let terms):
            guard !terms.isEmpty else { throw OptimizeError(.invalidSetting, "A Chimera objective needs at least one level.") }
            for (k, t) in terms.enumerated() {
                try check(t.goal, t.response)
                guard t.range.lowerBound.isFinite, t.range.upperBound.isFinite, t.range.upperBound > t.range.lowerBound else {
                    throw OptimizeError(.invalidSetting, "Chimera level '\(t.response)' needs a finite range with lower < upper. Got \(t.range).")
                }
                if let h = t.threshold, !h.isFinite {
                    throw OptimizeError(.invalidSetting, "Chimera level '\(t.response)' has threshold \(h); thresholds must be finite.")
                }
                if k < terms.count - 1, t.badnessThreshold == nil {
                    throw OptimizeError(.invalidSetting, "Chimera level '\(t.response)' is not the last, so it needs a threshold (the value that is good enough before the next level counts).")
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
        case .chimera(let terms):
            let badness = try terms.map { $0.badness(try value($0.response)) }  // every response is checked
            let n = terms.count
            let i = terms.indices.first { $0 == n - 1 || badness[$0] > (terms[$0].badnessThreshold ?? 1) } ?? n - 1
            return -(Double(n - 1 - i) + badness[i])
        }
    }
}
