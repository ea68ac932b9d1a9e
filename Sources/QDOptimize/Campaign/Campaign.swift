import Foundation
import QDData

/// One experiment of a campaign as the optimiser sees it.
public struct Trial: Sendable, Equatable {
    /// 0-based suggestion order; "campaign/index" identifies the experiment everywhere (records, instruments).
    public let index: Int
    /// 0-based batch.
    public let batch: Int
    /// The conditions.
    public let point: Point
    /// Pending, completed, failed or abandoned.
    public var status: TrialStatus
    /// Observed responses (empty while pending and for failures).
    public var responses: [String: Double]
    /// Id of the synthesis record written with the observation.
    public var recordID: String?
    /// The raw measurement JSON kept beside the record (spectra), if any.
    public var measurementJSON: String?
    /// ISO 8601 times.
    public let suggestedAt: String
    /// ISO 8601 time of the observation.
    public var observedAt: String?
}

/// A persisted Bayesian-optimisation campaign: every change is committed to a `CampaignStore` in one transaction
/// before the call returns, so a killed process resumes exactly where the last call left it.
///
/// Suggestions are recorded as pending trials; observations complete them (or arrive from outside as new trials).
/// `Campaign.load` rebuilds the optimiser from its saved state, so a resumed campaign makes the same suggestions
/// an uninterrupted one would.
public struct Campaign: Sendable {
    /// The kind written to the store; a campaign of another kind is refused on load.
    public static let kind = "bayesian-v1"

    /// The definition.
    public let spec: CampaignSpec
    /// The optimiser (its state is what the store keeps).
    public private(set) var optimizer: BayesianOptimizer
    /// Every trial in suggestion order.
    public private(set) var trials: [Trial]
    private let store: any CampaignStore

    /// Campaign id (the spec's name).
    public var id: String { spec.name }

    // MARK: - Create and load

    /// Creates the campaign in `store`.
    /// - Throws: `OptimizeError` for an invalid spec; `DataError.invalidValue` when the name is taken.
    public static func create(_ spec: CampaignSpec, in store: any CampaignStore) throws -> Campaign {
        let spec = try spec.validated()
        let optimizer = try BayesianOptimizer(space: try spec.space(), settings: try spec.settings())
        let now = Self.timestamp()
        try store.createCampaign(CampaignRow(
            id: spec.name, kind: kind, specJSON: try Self.json(spec), stateJSON: try Self.json(optimizer.state),
            createdAt: now, updatedAt: now))
        return Campaign(spec: spec, optimizer: optimizer, trials: [], store: store)
    }

    /// Loads the campaign `id` from `store`.
    /// - Throws: `DataError.notFound` for an unknown id; `OptimizeError.stateMismatch` for a campaign written by
    ///   another kind or a damaged state.
    public static func load(_ id: String, from store: any CampaignStore) throws -> Campaign {
        guard let row = try store.campaign(id: id) else {
            let known = (try? store.campaigns().map(\.id)) ?? []
            throw DataError(.notFound, "No campaign named '\(id)' in the store (campaigns there: \(known.isEmpty ? "none" : known.joined(separator: ", "))). Create it with qdlab campaign new, or check --store.")
        }
        guard row.kind == kind else {
            throw OptimizeError(.stateMismatch, "Campaign '\(id)' was written as '\(row.kind)'; this QDLab reads '\(kind)'. Use the QDLab version that created it.")
        }
        let decoder = JSONDecoder()
        do {
            let spec = try decoder.decode(CampaignSpec.self, from: Data(row.specJSON.utf8))
            let state = try decoder.decode(BayesianOptimizerState.self, from: Data(row.stateJSON.utf8))
            let optimizer = try BayesianOptimizer(space: try spec.space(), state: state)
            let trials = try store.trials(campaignID: id).map { t in
                Trial(index: t.index, batch: t.batch, point: try decoder.decode(Point.self, from: Data(t.pointJSON.utf8)),
                      status: t.status, responses: try t.responsesJSON.map { try decoder.decode([String: Double].self, from: Data($0.utf8)) } ?? [:],
                      recordID: t.recordID, measurementJSON: t.measurementJSON, suggestedAt: t.suggestedAt, observedAt: t.observedAt)
            }
            return Campaign(spec: spec, optimizer: optimizer, trials: trials, store: store)
        } catch let error as OptimizeError {
            throw error
        } catch let error as DecodingError {
            throw OptimizeError(.stateMismatch, "Campaign '\(id)' in the store cannot be read: \(error). The store may have been edited by hand; restore it from a backup.")
        }
    }

    /// Loads `spec.name` when it exists with the same definition, else creates it.
    /// - Throws: `OptimizeError.stateMismatch` when a campaign of that name exists with another definition
    ///   (the message lists the differing keys).
    public static func openOrCreate(_ spec: CampaignSpec, in store: any CampaignStore) throws -> (campaign: Campaign, resumed: Bool) {
        guard try store.campaign(id: spec.name) != nil else { return (try create(spec, in: store), false) }
        let existing = try load(spec.name, from: store)
        if existing.spec != spec {
            throw OptimizeError(.stateMismatch, "A campaign named '\(spec.name)' already exists with a different definition (\(existing.spec.differences(from: spec).joined(separator: "; "))). Resume it with the same options, or give the new campaign another name.")
        }
        return (existing, true)
    }

    private init(spec: CampaignSpec, optimizer: BayesianOptimizer, trials: [Trial], store: any CampaignStore) {
        self.spec = spec
        self.optimizer = optimizer
        self.trials = trials
        self.store = store
    }

    // MARK: - Progress

    /// Trials suggested and not yet observed.
    public var pending: [Trial] { trials.filter { $0.status == .pending } }
    /// Trials observed (completed or failed).
    public var observed: [Trial] { trials.filter { $0.status == .completed || $0.status == .failed } }
    /// Budget left for new suggestions: budget − (trials not abandoned).
    public var remainingBudget: Int { max(0, spec.budget - trials.filter { $0.status != .abandoned }.count) }
    /// `true` when every budgeted experiment has been observed.
    public var isFinished: Bool { remainingBudget == 0 && pending.isEmpty }

    /// How the campaign's objectives make suggestions (`single` for one objective).
    public var strategy: CampaignStrategy { (try? spec.resolvedStrategy()) ?? .single }

    /// The objective's response of a completed trial (the first objective's for several).
    public func objectiveValue(_ trial: Trial) -> Double? {
        trial.status == .completed ? trial.responses[spec.objective.response] : nil
    }

    /// The optimiser's score (larger is better) of a completed trial: the single objective's, the desirability,
    /// or −χ of Chimera; nil for `pareto` and `ehvi` campaigns (they have a front, not a best).
    public func score(_ trial: Trial) -> Double? {
        guard trial.status == .completed, !strategy.isPareto else { return nil }
        return try? optimizer.state.settings.objective.score(trial.responses)
    }

    /// The best completed trial (highest score; the earliest on ties), or nil.
    public var best: Trial? {
        var best: (Trial, Double)?
        for t in trials {
            if let s = score(t), s > (best?.1 ?? -.infinity) { best = (t, s) }
        }
        return best?.0
    }

    /// Best score so far after each observed trial, in observation order; for `pareto` and `ehvi` campaigns the
    /// hypervolume of the observations so far (see `hypervolumeSoFar`).
    public var bestSoFar: [Double] {
        if strategy.isPareto { return hypervolumeSoFar }
        var running = -Double.infinity
        return observed.sorted { ($0.observedAt ?? "", $0.index) < ($1.observedAt ?? "", $1.index) }.map { t in
            running = max(running, score(t) ?? -.infinity)
            return running
        }
    }

    // MARK: - Suggest and observe

    /// Suggests up to `count` (default: the spec's batch) new experiments, records them as pending and returns
    /// them. Fewer come back when the budget is nearly spent.
    /// - Throws: `OptimizeError.invalidSetting` when the budget is spent (the message says how to extend it);
    ///   optimiser errors as `BayesianOptimizer.ask`; `DataError.storeFailure` (then nothing changed).
    @discardableResult
    public mutating func suggest(count: Int? = nil) throws -> [Trial] {
        let wanted = count ?? spec.batch
        guard wanted >= 1 else { throw OptimizeError(.invalidSetting, "The batch size must be ≥ 1. Got \(wanted).") }
        let n = min(wanted, remainingBudget)
        guard n > 0 else {
            throw OptimizeError(.invalidSetting, "Campaign '\(id)' has used its budget of \(spec.budget) experiments (\(observed.count) observed, \(pending.count) pending). Observe the pending ones, or start a new campaign with a larger budget.")
        }
        var next = optimizer
        // The spec's initial points come first (they are the first trials), then the optimiser's suggestions.
        let seeded = Array(spec.initialPoints.dropFirst(min(trials.count, spec.initialPoints.count)).prefix(n))
        for point in seeded { try next.addPending(point) }
        let asked = n > seeded.count ? try Self.ask(&next, count: n - seeded.count, spec: spec) : []
        let points = seeded.map { next.space.point(native: (try? next.space.nativeVector($0)) ?? []) } + asked
        let batch = (trials.map(\.batch).max() ?? -1) + 1
        let now = Self.timestamp()
        let added = points.enumerated().map { offset, point in
            Trial(index: trials.count + offset, batch: batch, point: point, status: .pending, responses: [:],
                  recordID: nil, measurementJSON: nil, suggestedAt: now, observedAt: nil)
        }
        try commit(next, changed: added, records: [])
        optimizer = next
        trials += added
        return added
    }

    /// Records the result of the pending trial `index`.
    ///
    /// - Parameters:
    ///   - responses: measured numbers; must include the objective's response unless `failed`.
    ///   - failed: the synthesis failed (no product); the optimiser's feasibility model learns from it.
    ///   - record: the schema v1 record of the experiment, written in the same transaction.
    ///   - measurementJSON: raw measurement (spectra) kept beside the record.
    /// - Throws: `OptimizeError.invalidObservation` for an unknown or already observed trial, or a missing or
    ///   non-finite objective response; `DataError.storeFailure` (then nothing changed).
    public mutating func observe(trial index: Int, responses: [String: Double], failed: Bool = false,
                                 record: SynthesisRecord? = nil, measurementJSON: String? = nil) throws {
        guard trials.indices.contains(index) else {
            throw OptimizeError(.invalidObservation, "Campaign '\(id)' has no trial \(index) (trials 0…\(trials.count - 1)). Check the trial column of the results.")
        }
        guard trials[index].status == .pending else {
            throw OptimizeError(.invalidObservation, "Trial \(index) of campaign '\(id)' is already \(trials[index].status.rawValue) (observed \(trials[index].observedAt ?? "")); each experiment is observed once. Remove the duplicate row.")
        }
        if !failed, spec.objectives.count > 1 {
            for o in spec.allObjectives where !(responses[o.response]?.isFinite ?? false) {
                throw OptimizeError(.invalidObservation, "Trial \(index) of campaign '\(id)': response '\(o.response)' is \(responses[o.response].map { "\($0)" } ?? "missing"); every objective (\(spec.allObjectives.map(\.response).joined(separator: ", "))) needs a finite value. Give it, or report the run as failed.")
            }
        }
        var next = optimizer
        if failed {
            try next.tellFailure(trials[index].point)
        } else {
            try next.tell(trials[index].point, responses: responses)
        }
        var trial = trials[index]
        trial.status = failed ? .failed : .completed
        trial.responses = responses.filter { $0.value.isFinite }
        trial.recordID = record?.id
        trial.measurementJSON = measurementJSON
        trial.observedAt = Self.timestamp()
        try commit(next, changed: [trial], records: record.map { [$0] } ?? [])
        optimizer = next
        trials[index] = trial
    }

    /// Records an experiment at `point`: completes the pending trial with the same conditions if there is one,
    /// otherwise adds it as an outside observation (it counts against the budget).
    /// - Returns: the trial index.
    /// - Throws: `OptimizeError.invalidPoint` for a point outside the space; as `observe(trial:…)`.
    @discardableResult
    public mutating func observe(point: Point, responses: [String: Double], failed: Bool = false) throws -> Int {
        let native = try optimizer.space.nativeVector(point)
        if let match = pending.first(where: { (try? optimizer.space.nativeVector($0.point)) == native }) {
            try observe(trial: match.index, responses: responses, failed: failed)
            return match.index
        }
        let canonical = optimizer.space.point(native: native)
        let index = trials.count
        let now = Self.timestamp()
        let trial = Trial(index: index, batch: (trials.map(\.batch).max() ?? -1) + 1, point: canonical, status: .pending,
                          responses: [:], recordID: nil, measurementJSON: nil, suggestedAt: now, observedAt: nil)
        trials.append(trial)
        do {
            try observe(trial: index, responses: responses, failed: failed)
        } catch {
            trials.removeLast()
            throw error
        }
        return index
    }

    private func commit(_ optimizer: BayesianOptimizer, changed: [Trial], records: [SynthesisRecord]) throws {
        let rows = try changed.map { t in
            TrialRow(campaignID: id, index: t.index, batch: t.batch, pointJSON: try Self.json(t.point), status: t.status,
                     responsesJSON: t.status == .pending ? nil : try Self.json(t.responses), recordID: t.recordID,
                     measurementJSON: t.measurementJSON, suggestedAt: t.suggestedAt, observedAt: t.observedAt)
        }
        try store.commitCampaignStep(campaignID: id, stateJSON: try Self.json(optimizer.state), trials: rows, records: records)
    }

    // MARK: - Helpers

    /// Sorted-key JSON as the store keeps it (Swift prints the shortest text that reads back to the same
    /// Double, so states resume bit-identically).
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
    }
}

extension CampaignSpec {
    /// Human-readable keys that differ between two specs (for resume errors).
    func differences(from other: CampaignSpec) -> [String] {
        var out: [String] = []
        if seed != other.seed { out.append("seed \(seed) vs \(other.seed)") }
        if budget != other.budget { out.append("budget \(budget) vs \(other.budget)") }
        if batch != other.batch { out.append("batch \(batch) vs \(other.batch)") }
        if initialDesign != other.initialDesign || initialCount != other.initialCount { out.append("initial design") }
        if initialPoints != other.initialPoints { out.append("initial points") }
        if acquisition != other.acquisition { out.append("acquisition \(acquisition) vs \(other.acquisition)") }
        if inputTransform != other.inputTransform { out.append("input_transform \(inputTransform) vs \(other.inputTransform)") }
        if surrogate != other.surrogate { out.append("surrogate \(surrogate) vs \(other.surrogate)") }
        if parameters != other.parameters { out.append("parameters") }
        if constraints != other.constraints { out.append("constraints") }
        if objective != other.objective || objectives != other.objectives { out.append("objective") }
        if strategy != other.strategy { out.append("strategy \(strategy ?? "single") vs \(other.strategy ?? "single")") }
        if referencePoint != other.referencePoint { out.append("reference_point") }
        for key in Set(metadata.keys).union(other.metadata.keys).sorted() where metadata[key] != other.metadata[key] {
            out.append("\(key) \(metadata[key] ?? "–") vs \(other.metadata[key] ?? "–")")
        }
        return out
    }
}
