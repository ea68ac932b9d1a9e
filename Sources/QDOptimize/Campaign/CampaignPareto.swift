import Foundation

extension Campaign {
    /// Asks the campaign's engine for `count` points and records them as pending in `optimizer`.
    ///
    /// `single`, `desirability`, `chimera`: `BayesianOptimizer.ask` on the spec's scalar objective. `pareto` and
    /// `ehvi`: the `BayesianOptimizerState` keeps the books (observations, pending points, suggestion count: what
    /// the store persists), and a `ParEGO` or `EHVISearch` rebuilt from it on the minimisation-form objective
    /// values makes the suggestions; so a resumed campaign suggests exactly what an uninterrupted one would.
    static func ask(_ optimizer: inout BayesianOptimizer, count: Int, spec: CampaignSpec) throws -> [Point] {
        let strategy = try spec.resolvedStrategy()
        guard strategy.isPareto else { return try optimizer.ask(count: count) }
        let state = optimizer.state
        let objectives = spec.paretoObjectives
        let observations = state.observations.map { o -> Observation in
            guard !o.failed, let v = spec.minimisationVector(o.responses) else { return o }
            return Observation(point: o.point, responses: Dictionary(uniqueKeysWithValues: zip(objectives.map(\.response), v)),
                               failed: false, score: nil)
        }
        let points: [Point]
        if strategy == .pareto {
            var engine = try ParEGO(space: optimizer.space, objectives: objectives, settings: state.settings,
                                    observations: observations, pending: state.pending, suggestionCount: state.suggestionCount)
            points = try engine.ask(count: count)
        } else {
            var engine = try EHVISearch(space: optimizer.space, objectives: objectives, settings: state.settings,
                                        reference: spec.declaredReference, observations: observations,
                                        pending: state.pending, suggestionCount: state.suggestionCount)
            points = try engine.ask(count: count)
        }
        var next = state
        next.pending += points
        next.suggestionCount += points.count
        optimizer = try BayesianOptimizer(space: optimizer.space, state: next)
        return points
    }

    /// The objective vector of a completed trial in minimisation form (see `CampaignSpec.minimisationVector`).
    public func objectiveVector(_ trial: Trial) -> [Double]? {
        trial.status == .completed ? spec.minimisationVector(trial.responses) : nil
    }

    /// The completed trials no other completed trial dominates (minimisation form; ties kept), in trial order.
    /// - Complexity: O(n² m).
    public var paretoFront: [Trial] {
        let completed = trials.compactMap { t in objectiveVector(t).map { (t, $0) } }
        return completed.filter { _, v in
            !completed.contains { _, w in zip(w, v).allSatisfy { $0 <= $1 } && zip(w, v).contains { $0 < $1 } }
        }.map(\.0)
    }

    /// The hypervolume reference point in minimisation form: the spec's `reference_point`, else the worst
    /// observed value of each objective plus 10 % of its observed range (`EHVISearch.nadirReference`); nil
    /// before any completed trial when none is declared. A computed reference moves as results arrive, so
    /// hypervolumes are comparable within one report, not across reports; declare one to compare campaigns.
    public var referencePoint: [Double]? {
        if let declared = spec.declaredReference { return declared }
        let vectors = trials.compactMap(objectiveVector)
        return vectors.isEmpty ? nil : EHVISearch.nadirReference(vectors)
    }

    /// The reference point in the responses' own units by response (maximise and minimise objectives: the value;
    /// targets: the distance |y − target|), or nil as `referencePoint`.
    public var referenceResponses: [String: Double]? {
        guard let r = referencePoint else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(spec.allObjectives, r).map { o, v in
            (o.response, o.goal == "maximize" || o.goal == "maximise" ? -v : v)
        })
    }

    /// Hypervolume of the completed trials against `referencePoint` (exact for any number of objectives,
    /// `Hypervolume.compute`), or nil without a reference point.
    public var hypervolume: Double? {
        guard let r = referencePoint else { return nil }
        return try? Hypervolume.compute(trials.compactMap(objectiveVector), reference: r)
    }

    /// The hypervolume (against the current `referencePoint`) of the completed trials observed so far, after
    /// each observed trial in observation order (a failure repeats the previous value; 0 before any success).
    public var hypervolumeSoFar: [Double] {
        guard let r = referencePoint else { return observed.map { _ in 0 } }
        var vectors: [[Double]] = []
        return observed.sorted { ($0.observedAt ?? "", $0.index) < ($1.observedAt ?? "", $1.index) }.map { t in
            if let v = objectiveVector(t) { vectors.append(v) }
            return (try? Hypervolume.compute(vectors, reference: r)) ?? 0
        }
    }
}
