import Foundation

/// One persisted optimisation campaign: its definition and the optimiser's state, both as JSON the optimiser
/// owns (QDData stores them; it does not interpret them, so the store stays below QDOptimize in the layering).
public struct CampaignRow: Sendable, Equatable, Codable {
    /// Unique campaign id, e.g. "cdse-620".
    public var id: String
    /// What kind of campaign wrote `specJSON`/`stateJSON`, e.g. "bayesian-v1"; checked on resume.
    public var kind: String
    /// The campaign definition (space, objective, budget, batch, seed), JSON.
    public var specJSON: String
    /// The optimiser's state after the last committed step, JSON.
    public var stateJSON: String
    /// ISO 8601 creation time.
    public var createdAt: String
    /// ISO 8601 time of the last committed step.
    public var updatedAt: String

    /// Creates a row.
    public init(id: String, kind: String, specJSON: String, stateJSON: String, createdAt: String, updatedAt: String) {
        self.id = id
        self.kind = kind
        self.specJSON = specJSON
        self.stateJSON = stateJSON
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where a suggested experiment stands.
public enum TrialStatus: String, Sendable, Codable, CaseIterable {
    /// Suggested, not yet observed (after a kill: still to be run).
    case pending
    /// Observed with responses.
    case completed
    /// Observed as a failed synthesis (no product, aggregated, polydisperse…).
    case failed
    /// Withdrawn by the user; never observed.
    case abandoned
}

/// One experiment of a campaign: the suggested point and, once observed, its result.
public struct TrialRow: Sendable, Equatable, Codable {
    /// The campaign it belongs to.
    public var campaignID: String
    /// 0-based position in suggestion order; with `campaignID` the trial's identity (and a natural idempotency
    /// key for instruments: "campaign/trial").
    public var index: Int
    /// 0-based batch number (all trials of one `suggest` call share it).
    public var batch: Int
    /// The suggested point, JSON (parameter name → value).
    public var pointJSON: String
    /// Where the trial stands.
    public var status: TrialStatus
    /// Observed responses, JSON (name → number); nil while pending or for failures without numbers.
    public var responsesJSON: String?
    /// Id of the schema v1 record written with the observation, if any.
    public var recordID: String?
    /// The raw measurement (e.g. spectra), JSON, when the reactor returned one; schema v1 records have no
    /// spectrum field, so spectra are kept here beside the record.
    public var measurementJSON: String?
    /// ISO 8601 time of the suggestion.
    public var suggestedAt: String
    /// ISO 8601 time of the observation; nil while pending.
    public var observedAt: String?

    /// Creates a row.
    public init(
        campaignID: String, index: Int, batch: Int, pointJSON: String, status: TrialStatus,
        responsesJSON: String? = nil, recordID: String? = nil, measurementJSON: String? = nil,
        suggestedAt: String, observedAt: String? = nil
    ) {
        self.campaignID = campaignID
        self.index = index
        self.batch = batch
        self.pointJSON = pointJSON
        self.status = status
        self.responsesJSON = responsesJSON
        self.recordID = recordID
        self.measurementJSON = measurementJSON
        self.suggestedAt = suggestedAt
        self.observedAt = observedAt
    }
}

/// A store that also keeps campaigns. Every method is one transaction: a killed process leaves either the
/// state before a step or the state after it, never half of one.
public protocol CampaignStore: Sendable {
    /// Creates a campaign.
    /// - Throws: `DataError.invalidValue` when the id is taken or empty; `.storeFailure` on I/O errors.
    func createCampaign(_ row: CampaignRow) throws
    /// The campaign with `id`, or nil.
    func campaign(id: String) throws -> CampaignRow?
    /// Every campaign, oldest first.
    func campaigns() throws -> [CampaignRow]
    /// The trials of a campaign in suggestion order.
    func trials(campaignID: String) throws -> [TrialRow]
    /// Commits one step atomically: the new optimiser state, inserted or updated trials (matched by
    /// campaign and index) and the synthesis records they produced.
    /// - Throws: `DataError.notFound` for an unknown campaign; `.invalidValue` for a trial of another campaign;
    ///   `.storeFailure` on I/O errors (nothing is written then).
    func commitCampaignStep(campaignID: String, stateJSON: String, trials: [TrialRow], records: [SynthesisRecord]) throws
}
