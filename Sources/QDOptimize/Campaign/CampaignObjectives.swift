import Foundation

/// How a campaign turns its objectives into suggestions.
public enum CampaignStrategy: String, Sendable, Codable, CaseIterable {
    /// One objective (YAML `objective:`): `BayesianOptimizer` on its score.
    case single
    /// Several objectives combined by the weighted geometric mean of their desirabilities (`Objective.desirability`).
    case desirability
    /// Several objectives in order of importance, each good enough before the next counts (`Objective.chimera`).
    case chimera
    /// The Pareto front by ParEGO (random augmented-Chebyshev scalarisations, `ParEGO`).
    case pareto
    /// The Pareto front by exact expected hypervolume improvement (`EHVISearch`).
    case ehvi

    /// `true` for the strategies that look for a Pareto front (status reports the front and its hypervolume).
    public var isPareto: Bool { self == .pareto || self == .ehvi }

    /// The most objectives a Pareto strategy takes: 5. Hypervolume (status, plots) is exact for any number, but
    /// its cost and EHVI's box count grow like n^(m−1) and n^⌊m/2⌋ with n trials, and with more objectives
    /// than this nearly every trial is on the front, so a front stops guiding anything.
    public static let maxParetoObjectives = 5
}

extension CampaignSpec {
    /// The objectives as listed: `objectives`, or the single `objective`.
    public var allObjectives: [ObjectiveSpec] { objectives.isEmpty ? [objective] : objectives }

    /// The strategy the spec names (`single` when it has one objective and no `strategy` key).
    /// - Throws: `OptimizeError.invalidSetting` for an unknown name.
    public func resolvedStrategy() throws -> CampaignStrategy {
        guard let strategy else { return .single }
        guard let value = CampaignStrategy(rawValue: strategy) else {
            throw OptimizeError(.invalidSetting, "'strategy' is '\(strategy)' (rule: desirability, chimera, pareto or ehvi). Pick one, or give a single 'objective'.")
        }
        return value
    }

    /// The goal of one objective entry.
    /// - Throws: `OptimizeError.invalidSetting` for an unknown goal or a target without target and tolerance.
    static func goal(of o: ObjectiveSpec) throws -> Goal {
        switch o.goal {
        case "maximize", "maximise": return .maximize
        case "minimize", "minimise": return .minimize
        case "target":
            guard let t = o.target, let tol = o.tolerance else {
                throw OptimizeError(.invalidSetting, "The objective goal 'target' needs 'target' and 'tolerance' (e.g. target: 620, tolerance: 5).")
            }
            return .target(t, tolerance: tol)
        default:
            throw OptimizeError(.invalidSetting, "The objective goal '\(o.goal)' is unknown (rule: maximize, minimize or target).")
        }
    }

    /// `low…high` of an entry, required by `strategy` (desirability: maximise and minimise; chimera: all).
    private static func range(of o: ObjectiveSpec, for strategy: CampaignStrategy) throws -> ClosedRange<Double> {
        guard let low = o.low, let high = o.high else {
            throw OptimizeError(.invalidSetting, "Objective '\(o.response)' needs 'low' and 'high' for strategy \(strategy.rawValue) (the span over which it is scored, e.g. low: 0, high: 1 for a PLQY).")
        }
        guard low.isFinite, high.isFinite, low < high else {
            throw OptimizeError(.invalidSetting, "Objective '\(o.response)' needs finite 'low' < 'high'. Got \(low)…\(high).")
        }
        return low...high
    }

    /// The score `BayesianOptimizer` maximises: the single objective, the desirability or Chimera of all, or,
    /// for `pareto` and `ehvi`, the first objective alone (bookkeeping only; see `settings()`).
    /// - Throws: `OptimizeError.invalidSetting` as `goal(of:)` and for a missing or empty range.
    func scalarObjective() throws -> Objective {
        switch try resolvedStrategy() {
        case .single, .pareto, .ehvi:
            return .single(response: objective.response, goal: try Self.goal(of: objective))
        case .desirability:
            return .desirability(try objectives.map { o in
                let goal = try Self.goal(of: o)
                let range: ClosedRange<Double> = if case .target = goal { 0...1 } else { try Self.range(of: o, for: .desirability) }
                return DesirabilityTerm(o.response, goal, range: range, weight: o.weight ?? 1)
            })
        case .chimera:
            return .chimera(try objectives.map { o in
                ChimeraTerm(o.response, try Self.goal(of: o), range: try Self.range(of: o, for: .chimera), threshold: o.threshold)
            })
        }
    }

    /// The multi-objective checks, each error located at its entry (`objectives[i]`, `strategy`,
    /// `reference_point`) so that a file's message names the line.
    func checkObjectives() throws {
        let strategy = try LocatedError.at(.key("strategy")) { try resolvedStrategy() }
        if objectives.isEmpty {
            guard strategy == .single else {
                throw LocatedError(path: [.key("strategy")], error: OptimizeError(.invalidSetting, "strategy \(strategy.rawValue) combines several objectives; list them under 'objectives' (two or more entries) instead of 'objective'."))
            }
            return
        }
        guard strategy != .single else {
            throw LocatedError(path: [.key("objectives")], error: OptimizeError(.invalidSetting, "Several objectives need a 'strategy' (rule: desirability, chimera, pareto or ehvi)."))
        }
        guard objectives.count >= 2 else {
            throw LocatedError(path: [.key("objectives")], error: OptimizeError(.invalidSetting, "'objectives' has 1 entry; give two or more, or write the one as 'objective'."))
        }
        var seen: Set<String> = []
        for (i, o) in objectives.enumerated() {
            try LocatedError.at(.key("objectives"), .index(i)) {
                guard !o.response.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw OptimizeError(.invalidSetting, "'response' must not be empty; name the results column (e.g. plqy).")
                }
                guard seen.insert(o.response).inserted else {
                    throw OptimizeError(.invalidSetting, "Response '\(o.response)' is listed twice; each objective needs its own response.")
                }
                let goal = try Self.goal(of: o)
                try Objective.single(response: o.response, goal: goal).validate()
                if let w = o.weight, !(w > 0 && w.isFinite) {
                    throw OptimizeError(.invalidSetting, "Objective '\(o.response)' has weight \(w) (rule: weight > 0).")
                }
                switch strategy {
                case .desirability:
                    if case .target = goal {} else { _ = try Self.range(of: o, for: .desirability) }
                case .chimera:
                    _ = try Self.range(of: o, for: .chimera)
                    if case .target = goal {} else if i < objectives.count - 1, o.threshold == nil {
                        throw OptimizeError(.invalidSetting, "Objective '\(o.response)' is not the last of a chimera, so it needs 'threshold' (the value that is good enough before the next objective counts).")
                    }
                default: break
                }
            }
        }
        if strategy.isPareto, objectives.count > CampaignStrategy.maxParetoObjectives {
            throw LocatedError(path: [.key("objectives")], error: OptimizeError(.invalidSetting, "strategy \(strategy.rawValue) takes 2 to \(CampaignStrategy.maxParetoObjectives) objectives. Got \(objectives.count); combine some with strategy desirability, or drop the least important."))
        }
        if let reference = referencePoint {
            try LocatedError.at(.key("reference_point")) {
                guard strategy.isPareto else {
                    throw OptimizeError(.invalidSetting, "'reference_point' is used by strategies pareto and ehvi only; remove it for \(strategy.rawValue).")
                }
                let names = objectives.map(\.response)
                guard Set(reference.keys) == Set(names) else {
                    throw OptimizeError(.invalidSetting, "'reference_point' must give one value per objective: \(names). Got \(reference.keys.sorted()).")
                }
                if let bad = reference.first(where: { !$0.value.isFinite }) {
                    throw OptimizeError(.invalidSetting, "'reference_point' value of '\(bad.key)' is \(bad.value); it must be finite.")
                }
            }
        }
    }

    /// The objectives for `ParEGO`/`EHVISearch`: all in minimisation form (see `minimisationVector`).
    public var paretoObjectives: [ParetoObjective] {
        allObjectives.map { ParetoObjective($0.response, maximize: false) }
    }

    /// The responses of one observation as the minimised vector of a Pareto strategy: −y (maximise), y
    /// (minimise), |y − target| (target); nil when a response is missing or not finite.
    public func minimisationVector(_ responses: [String: Double]) -> [Double]? {
        var out: [Double] = []
        for o in allObjectives {
            guard let y = responses[o.response], y.isFinite else { return nil }
            switch o.goal {
            case "maximize", "maximise": out.append(-y)
            case "target": out.append(abs(y - (o.target ?? 0)))
            default: out.append(y)
            }
        }
        return out
    }

    /// The declared reference point in minimisation form (see `referencePoint`), or nil.
    public var declaredReference: [Double]? {
        guard let referencePoint else { return nil }
        var out: [Double] = []
        for o in allObjectives {
            guard let r = referencePoint[o.response] else { return nil }
            out.append(o.goal == "maximize" || o.goal == "maximise" ? -r : r)
        }
        return out
    }
}
