import Foundation
import QDData
import QDOptimize

/// What the runner reports while it works (the CLI turns these into a progress display).
public enum RunEvent: Sendable {
    /// A campaign was found in the store and continues: experiments already observed and still pending.
    case resumed(observed: Int, pending: Int)
    /// A new batch was suggested.
    case suggested([Trial])
    /// An experiment finished and was committed to the store.
    case observed(RunResult)
    /// The run stopped: why, with the campaign's final numbers.
    case finished(RunSummary)
}

/// One finished experiment as the runner saw it.
public struct RunResult: Sendable {
    /// The campaign trial.
    public let trial: Trial
    /// The recipe that was run.
    public let recipe: Recipe
    /// The reactor's measurement.
    public let measurement: ReactorMeasurement
    /// Target loss, nm (nil for a failed synthesis).
    public let loss: Double?
    /// Whether this product meets the target.
    public let meetsTarget: Bool
    /// Best loss so far in the campaign, nm.
    public let bestLoss: Double?
    /// Experiments observed so far (including this one) and the budget.
    public let observedCount: Int
    /// The campaign budget.
    public let budget: Int
}

/// How a run ended.
public struct RunSummary: Sendable, Codable {
    /// "budget spent" or "target met".
    public let reason: String
    /// Experiments observed in the campaign (all sessions).
    public let observed: Int
    /// Of which failed syntheses.
    public let failed: Int
    /// Trial index of the first product that met the target, nil if none.
    public let firstMetTrial: Int?
    /// Trial index of the best product (lowest loss), nil if none succeeded.
    public let bestTrial: Int?
    /// Its loss, nm.
    public let bestLoss: Double?
    /// Its responses (emission_nm, fwhm_nm, plqy, …).
    public let bestResponses: [String: Double]?
    /// Experiments run in this session (0 when a finished campaign is reopened).
    public let ranThisSession: Int
}

/// Drives a campaign against a `Reactor` until the budget is spent (or the target is met, when asked):
/// suggest a batch → run its recipes on the reactor (concurrently) → commit each result to the store as it
/// arrives (trial, schema v1 record and spectra in one transaction) → repeat.
///
/// Resume: a campaign is identified by its name; reopened with the same definition, the runner first runs the
/// trials left pending by an interrupted session (they were never observed, so nothing is repeated), then goes
/// on. Each trial's reactor seed depends only on the campaign seed and the trial index, so a resumed run
/// measures what an uninterrupted one would.
public struct CampaignRunner: Sendable {
    /// Where the experiments are run.
    public let reactor: any Reactor
    /// What to make.
    public let target: RunTarget
    /// The recipe variables.
    public let space: RecipeSpace
    /// The campaign definition (name, budget, batch, seed, …).
    public let spec: CampaignSpec
    /// Stop as soon as a product meets the target (default: spend the budget).
    public let stopWhenMet: Bool

    /// A runner for `target` with `budget` experiments in batches of `batch`.
    /// - Parameters:
    ///   - name: campaign id in the store (the same name resumes).
    ///   - initialCount: experiments placed by the Sobol design before the GP takes over (default max(batch, 6),
    ///     capped by the budget).
    /// - Throws: `OptimizeError.invalidSetting` for a bad target, budget or batch.
    public init(reactor: any Reactor, target: RunTarget, name: String, budget: Int, batch: Int, seed: UInt64,
                initialCount: Int? = nil, stopWhenMet: Bool = false) throws {
        let target = try target.validated()
        guard budget >= 1 else { throw OptimizeError(.invalidSetting, "The budget must be ≥ 1 experiment. Got \(budget). Pass --budget, e.g. 40.") }
        guard batch >= 1, batch <= budget else {
            throw OptimizeError(.invalidSetting, "The batch size must be 1…budget (\(budget)). Got \(batch). Pass --batch, e.g. 4.")
        }
        self.reactor = reactor
        self.target = target
        self.stopWhenMet = stopWhenMet
        space = RecipeSpace(materialID: target.materialID)
        var metadata = [
            "runner": "qdlab-run-v1", "reactor": reactor.name, "material": target.materialID,
            "target_emission_nm": "\(target.emissionNanometres)", "tolerance_nm": "\(target.toleranceNanometres)",
        ]
        if let w = target.maximumFWHMNanometres { metadata["max_fwhm_nm"] = "\(w)" }
        if let q = target.minimumPLQY { metadata["min_plqy"] = "\(q)" }
        spec = try CampaignSpec(
            name: name, seed: seed, budget: budget, batch: batch, initialDesign: "sobol",
            initialCount: min(budget, initialCount ?? max(batch, 6)), acquisition: "log_ei",
            parameters: space.parameters,
            objective: .init(response: RunTarget.lossResponse, goal: "minimize"), metadata: metadata
        ).validated()
    }

    /// The reactor seed of trial `index`: a SplitMix64 step of the campaign seed and the index.
    public static func trialSeed(campaignSeed: UInt64, index: Int) -> UInt64 {
        var z = campaignSeed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Runs (or resumes) the campaign in `store`.
    /// - Parameter onEvent: called on the caller's task for every event, in order.
    /// - Returns: the campaign as left in the store, and the summary.
    /// - Throws: `OptimizeError.stateMismatch` when a campaign of the same name has another definition; reactor
    ///   errors for equipment failures (results observed before the error stay committed); store errors.
    public func run(store: any CampaignStore, onEvent: (RunEvent) -> Void = { _ in }) async throws -> (Campaign, RunSummary) {
        var (campaign, resumed) = try Campaign.openOrCreate(spec, in: store)
        if resumed { onEvent(.resumed(observed: campaign.observed.count, pending: campaign.pending.count)) }
        var ran = 0
        while true {
            if stopWhenMet, firstMet(campaign) != nil { break }
            var batch = campaign.pending
            if batch.isEmpty {
                guard campaign.remainingBudget > 0 else { break }
                batch = try campaign.suggest()
                onEvent(.suggested(batch))
            }
            let jobs = try batch.map { trial in
                (trial, try space.recipe(at: trial.point), Self.trialSeed(campaignSeed: spec.seed, index: trial.index))
            }
            // Every experiment of the batch that finishes is committed, even when another one fails with an
            // equipment error: a real product is never thrown away. The first such error is rethrown after.
            var firstError: (any Error)?
            await withTaskGroup(of: (Trial, Recipe, Result<ReactorMeasurement, any Error>).self) { group in
                for (trial, recipe, seed) in jobs {
                    group.addTask {
                        do { return (trial, recipe, .success(try await reactor.run(recipe, seed: seed))) } catch { return (trial, recipe, .failure(error)) }
                    }
                }
                for await (trial, recipe, outcome) in group {
                    do {
                        let result = try observe(trial, recipe, try outcome.get(), in: &campaign)
                        ran += 1
                        onEvent(.observed(result))
                    } catch {
                        if firstError == nil { firstError = error }
                    }
                }
            }
            if let firstError { throw firstError }
        }
        let summary = summarise(campaign, ranThisSession: ran)
        onEvent(.finished(summary))
        return (campaign, summary)
    }

    private func observe(_ trial: Trial, _ recipe: Recipe, _ measurement: ReactorMeasurement,
                         in campaign: inout Campaign) throws -> RunResult {
        let o = measurement.outcome
        let loss = measurement.status == .succeeded ? target.loss(o) : nil
        var responses: [String: Double] = ["yield": o.yield]
        responses["emission_nm"] = o.emissionPeakNanometres
        responses["fwhm_nm"] = o.emissionFWHMNanometres
        responses["absorption_nm"] = o.absorptionPeakNanometres
        responses["plqy"] = o.plqy
        responses["diameter_nm"] = o.diameterFromAbsorptionNanometres
        responses[RunTarget.lossResponse] = loss
        let record = measurement.record(for: recipe, id: "\(spec.name)/\(trial.index)")
        let spectra = try measurement.spectra.map { try Campaign.json($0) }
        try campaign.observe(trial: trial.index, responses: responses, failed: loss == nil, record: record, measurementJSON: spectra)
        let observed = campaign.trials[trial.index]
        return RunResult(
            trial: observed, recipe: recipe, measurement: measurement, loss: loss,
            meetsTarget: loss != nil && target.isMet(by: o), bestLoss: bestLoss(campaign),
            observedCount: campaign.observed.count, budget: spec.budget)
    }

    /// Lowest loss among the campaign's completed trials.
    public func bestLoss(_ campaign: Campaign) -> Double? {
        campaign.observed.compactMap { $0.responses[RunTarget.lossResponse] }.min()
    }

    /// The first trial (in observation order) whose product met the target.
    public func firstMet(_ campaign: Campaign) -> Trial? {
        campaign.observed
            .filter { $0.status == .completed && target.isMet(responses: $0.responses) }
            .min { ($0.observedAt ?? "", $0.index) < ($1.observedAt ?? "", $1.index) }
    }

    /// The summary of a campaign's current state.
    public func summarise(_ campaign: Campaign, ranThisSession: Int) -> RunSummary {
        let best = campaign.best
        let met = firstMet(campaign)
        return RunSummary(
            reason: stopWhenMet && met != nil ? "target met" : "budget spent", observed: campaign.observed.count,
            failed: campaign.observed.filter { $0.status == .failed }.count, firstMetTrial: met?.index,
            bestTrial: best?.index, bestLoss: best?.responses[RunTarget.lossResponse], bestResponses: best?.responses,
            ranThisSession: ranThisSession)
    }
}
